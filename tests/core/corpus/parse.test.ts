import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../../src/core/corpus/parse.js';
import type { DocumentMeta, ParsedDocument } from '../../../src/core/types.js';

const art = (id: string, author = 'Jane Writer'): DocumentMeta => ({ id, title: 'A Test Article', author, kind: 'article', publication: null, date: null });
const forum = (id: string): DocumentMeta => ({ id, title: 'A Test Thread', author: null, kind: 'forum', publication: null, date: null });
const q = (d: ParsedDocument, frag: string) => d.quotations.find((x) => x.text.includes(frag));

describe('inline quotations in articles', () => {
  it('attributes by a cue before and a cue after, resolving surnames to the fuller name', () => {
    const d = parseDocument(
      art('a1'),
      'Before it all, Anna Kowalski argued that “the harvest will fail in the north this year.”\n\n' +
        '“Nobody listens to the peasants any longer,” Kowalski said at the meeting.\n',
    );
    expect(q(d, 'harvest will fail')?.speaker).toBe('Anna Kowalski');
    expect(q(d, 'Nobody listens')?.speaker).toBe('Anna Kowalski');
    expect(d.passages[0].speaker).toBe('Jane Writer');
  });

  it('carries a pronoun to the last named person and leaves unnamed subjects empty', () => {
    const d = parseDocument(
      art('a2'),
      'Boris Petrov wrote a great deal. Later he stressed that “the plan was never meant to be permanent.”\n\n' +
        'Against those who argued that “the plan could go on for ever without change” nothing was said.\n',
    );
    expect(q(d, 'never meant')?.speaker).toBe('Boris Petrov');
    expect(q(d, 'go on for ever')?.speaker).toBeNull();
  });

  it('skips scare quotes, Title Case names and possessive titles', () => {
    const d = parseDocument(
      art('a3'),
      'The “Fourth International” and “communism” were topics of Petrov’s “New Course Papers” and of the “long grim winter” he saw.\n',
    );
    expect(d.quotations).toHaveLength(0);
  });

  it('keeps nested quotations with their own speaker', () => {
    const d = parseDocument(
      art('a4'),
      'As Carla Mendes noted:\n\nWhen Boris Petrov wrote: “The state will wither in a decade,” he was wrong about the decade and about the state.[1]\n\n[1] Carla Mendes, Essays (London: Press, 1990), 3.\n',
    );
    expect(q(d, 'When Boris Petrov wrote')?.speaker).toBe('Carla Mendes');
    const nested = d.quotations.find((x) => x.kind === 'inline' && x.text.startsWith('The state will wither'));
    expect(nested?.speaker).toBe('Boris Petrov');
  });
});

describe('blocks and notes', () => {
  const text = [
    'Title: A Test Article',
    'Author: Jane Writer',
    '',
    '      First Part',
    '',
    '      Second Part',
    '',
    'An introduction without headings.',
    '',
    'First Part',
    '',
    'Boris Petrov has no qualms defending the plan:',
    '',
    'The plan is the plan and the party will carry it through whatever happens.',
    '',
    'The workers must obey the plan as soldiers obey orders.[1]',
    '',
    'He later insisted that “the plan is beyond discussion.”[2] Nobody could reply that “workers will not obey for ever.”[3]',
    '',
    'Second Part',
    '',
    'The resolution of the congress was explicit about this:',
    '',
    'There must be one party and only one party in the soviets.[4]',
    '',
    'Facebook Twitter Share',
    '',
    'In a later essay the author was told that “the question is closed for good.”[5] A critic answered that “questions are never closed in a living movement.”[6] He was “quoting from memory” of a letter.[7]',
    '',
    '[1] The Plan and the Party (Moscow: State Press, 1925), 10–12.',
    '',
    '[2] Petrov, 14.',
    '',
    '[3] Quoted by Ivan Sidorov, Memories of the Plan (Paris: Exile Press, 1950), 77.',
    '',
    '[4] “Resolution on Unity”, Congress Papers (Moscow: State Press, 1921), 5.',
    '',
    '[5] “Letter to the Congress”, Op. Cit., 9.',
    '',
    '[6] Sidorov, Memories of the Plan, 80.',
    '',
    '[7] Ibid.',
  ].join('\n');
  const d = parseDocument(art('b1'), text);

  it('drops the header block, the table of contents and social furniture; uses headings as sections', () => {
    expect(d.passages.some((p) => /Title:|Facebook/.test(p.text))).toBe(false);
    expect(d.passages[0].location).toBe('¶ 1');
    expect(d.passages[1].location).toBe('§ First Part, ¶ 1');
    expect(d.passages.find((p) => p.text.startsWith('There must be'))?.location).toBe('§ Second Part, ¶ 2');
    expect(d.passages.every((p) => !/\[\d+\]/.test(p.text))).toBe(true);
  });

  it('takes a colon-introduced block up to the closing note, with the lead-in speaker and the note as source', () => {
    const b = d.quotations.find((x) => x.kind === 'block' && x.text.startsWith('The plan is the plan'));
    expect(b?.text).toContain('as soldiers obey orders.');
    expect(b?.speaker).toBe('Boris Petrov');
    expect(b?.source).toContain('The Plan and the Party');
  });

  it('resolves a short form to the last full citation of that author', () => {
    expect(d.notes.find((n) => n.number === 2)?.citation).toContain('The Plan and the Party');
    expect(q(d, 'beyond discussion')?.source).toContain('The Plan and the Party');
  });

  it('keeps the speaker and records Quoted by as foundIn', () => {
    const x = q(d, 'workers will not obey');
    expect(x?.foundIn).toContain('Memories of the Plan');
    expect(x?.speaker).not.toBe('Ivan Sidorov');
  });

  it('block without a named lead-in has no speaker unless the note names one', () => {
    expect(q(d, 'There must be one party')?.speaker).toBeNull();
    expect(q(d, 'There must be one party')?.source).toContain('Resolution on Unity');
  });

  it('resolves Op. Cit. to the container of the last article citation, and Ibid. to the previous note', () => {
    expect(d.notes.find((n) => n.number === 5)?.citation).toContain('Congress Papers (Moscow: State Press, 1921)');
    expect(d.notes.find((n) => n.number === 5)?.citation).toContain('Letter to the Congress');
    expect(d.notes.find((n) => n.number === 7)?.citation).toBe(d.notes.find((n) => n.number === 6)?.citation);
    expect(d.notes.find((n) => n.number === 6)?.citation).toContain('Exile Press');
  });
});

describe('notes glued to the text', () => {
  it('strips the glued note text, links the passage to the note, and drops site furniture after the notes', () => {
    const d = parseDocument(
      art('g1', 'Guillermo Writer'),
      'Facebook Instagram Twitter YouTube\n\nA Test Article\n\nGuillermo Writer\n\nJanuary 1, 1917\nFacebook Twitter Share\n\n' +
        'What the writer Ana Lopez called “the long night of reaction” in her novel1Ana Lopez, The Long Night (Madrid: Sol, 1950). — the decade — ended.\n\n' +
        'Notes\n\nNotes\n1 Ana Lopez, The Long Night (Madrid: Sol, 1950).\nFacebook Twitter Share\n\nOther Articles\n\nSomething unrelated here.\n',
    );
    expect(d.passages).toHaveLength(1);
    expect(d.passages[0].text).not.toContain('Madrid');
    expect(d.passages[0].notes).toEqual([1]);
    expect(d.passages[0].location).toBe('¶ 1');
    const x = q(d, 'long night of reaction');
    expect(x?.speaker).toBe('Ana Lopez');
    expect(x?.source).toContain('The Long Night');
    expect(d.notes[0].citation).toContain('Ana Lopez');
  });
});

describe('forum threads', () => {
  const text = [
    'A Test Thread',
    '',
    'What if the other man had won? I think the whole party would have split within a year or two.',
    '\u00a0',
    'Last edited:',
    '',
    'RedFox',
    '',
    'Banned',
    'The army would have become the real power in the land, and the party would follow it.',
    '\u00a0',
    'The army would have become the real power in the land, and the party would follow it.',
    'I doubt it very much. The party controlled the army through the commissars.',
    '\u00a0',
    'Top',
  ].join('\n');
  const d = parseDocument(forum('f1'), text);

  it('splits posts, finds the poster name (not the forum title) and drops furniture', () => {
    expect(d.passages.map((p) => p.location)).toEqual(['post 1', 'post 2', 'post 3']);
    expect(d.passages[1].speaker).toBe('RedFox');
    expect(d.passages[0].speaker).toBe('anonymous poster');
    expect(d.passages.some((p) => /Banned|Last edited|^Top$/m.test(p.text))).toBe(false);
    expect(d.passages.some((p) => p.text.includes('A Test Thread'))).toBe(false);
  });

  it('does not credit a repeated earlier post to the replier', () => {
    expect(d.passages[2].text).not.toContain('real power in the land');
    expect(d.passages[2].text).toContain('I doubt it very much');
    const reps = d.quotations.filter((x) => x.text.includes('real power in the land'));
    expect(reps.length).toBeGreaterThan(0);
    expect(reps.every((x) => x.speaker === 'RedFox')).toBe(true);
  });

  it('takes "quote X on the subject:" blocks until the poster speaks again', () => {
    const t = 'A Test Thread\n\nJust to quote Marta Vogel on the subject:\n\nThe old guard was gone, one by one, and nobody asked where.\n\nThe new men knew nothing of the early days.\n\nI think she was right about that.\n';
    const f = parseDocument(forum('f2'), t);
    const b = f.quotations.find((x) => x.kind === 'block' && x.text.startsWith('The old guard'));
    expect(b?.speaker).toBe('Marta Vogel');
    expect(b?.text).toContain('The new men');
    expect(b?.text).not.toContain('I think');
  });
});

describe('robustness', () => {
  it('never throws on odd input', () => {
    for (const t of ['', '   ', '“unclosed quote and [3] marker', '"a" "b" "', '\u00a0\n\u00a0\n', '[1] only a note']) {
      expect(() => parseDocument(art('r'), t)).not.toThrow();
      expect(() => parseDocument(forum('r'), t)).not.toThrow();
    }
    expect(parseDocument(art('r'), '').warnings.length).toBeGreaterThan(0);
    expect(parseDocument(art('r'), 'He said “this is never closed and goes on.').warnings.join(' ')).toMatch(/unpaired/);
  });
});
