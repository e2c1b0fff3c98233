import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../../src/core/corpus/parse.js';
import { withPages } from '../../../src/core/corpus/notes.js';
import type { DocumentMeta, ParsedDocument } from '../../../src/core/types.js';

const art = (id: string): DocumentMeta => ({ id, title: 'A Test Article', author: 'Jane Writer', kind: 'article', publication: null, date: null });
const q = (d: ParsedDocument, frag: string) => d.quotations.find((x) => x.text.includes(frag));

describe('notes: series, containers, later citations, pages', () => {
  it('a volume of a series that names no author takes the author of the other volumes', () => {
    const d = parseDocument(
      art('c1'),
      'Boris Petrov wrote that “the plan must be carried through at any cost.”[1]\n\n' +
        'Later still the “plan is a matter for the party alone and for nobody else” became the refrain.[2]\n\n' +
        '[1] Collected Papers 1950–51 (London: Alpha Press, 2001), 5.\n\n[2] Collected Papers 1953 (London: Alpha Press, 2003), 9.\n',
    );
    expect(q(d, 'matter for the party alone')?.speaker).toBe('Boris Petrov');
    expect(q(d, 'matter for the party alone')?.source).toContain('Collected Papers 1953');
  });

  it('does not carry an author across series of different publishers', () => {
    const d = parseDocument(
      art('c2'),
      'Boris Petrov wrote that “the plan must be carried through at any cost.”[1]\n\n' +
        'Later still the “plan is a matter for the party alone and for nobody else” became the refrain.[2]\n\n' +
        '[1] Collected Papers 1950–51 (London: Alpha Press, 2001), 5.\n\n[2] Collected Papers 1953 (Paris: Beta, 2003), 9.\n',
    );
    expect(q(d, 'matter for the party alone')?.speaker).toBeNull();
  });

  it('resolves “Article”, Container short forms to the container cited elsewhere, hyphens and case aside, and later full citations', () => {
    const d = parseDocument(
      art('c3'),
      'Anna Kowalski argued that “the committee had no mandate to do any of this.”[2]\n\n' +
        'Boris Petrov wrote that “the harvest would fail in the north.”[3] He added that “the south would feed the cities.”[4]\n\n' +
        '[1] See the essays in Red-Letter Days: Essays on the Plan (London: Alpha Press, 2017).\n\n' +
        '[2] “The Committee”, Red Letter Days, 203.\n\n[3] Harvest Notes, 12.\n\n[4] Harvest Notes: The Northern Provinces (London: Alpha Press, 1999), 14.\n',
    );
    const k = q(d, 'no mandate');
    expect(k?.source).toContain('Red Letter Days [Red-Letter Days: Essays on the Plan (London: Alpha Press, 2017)], 203');
    expect(q(d, 'harvest would fail')?.source).toBe('Harvest Notes: The Northern Provinces (London: Alpha Press, 1999), 12.');
  });

  it('a resolved short form keeps its own pages', () => {
    expect(withPages('Memoirs (Oxford: Press, 1963), 256.', 'Memoirs, 225.')).toBe('Memoirs (Oxford: Press, 1963), 225.');
    expect(withPages('Speeches (London: Press, 1970) 1: 47', 'Speeches 2: 9.')).toBe('Speeches (London: Press, 1970) 2: 9.');
    expect(withPages('Memoirs (Oxford: Press, 1963)', 'Petrov, 12–13.')).toBe('Memoirs (Oxford: Press, 1963), 12–13.');
  });
});

describe('short quotations', () => {
  it('keeps a short quotation whose first letter an editor adapted, or that a parenthetical citation closes', () => {
    const d = parseDocument(
      art('c4'),
      'Boris Petrov suggested that it was only “[a]fter the congress” that things changed.[1]\n\n' +
        'Petrov called it “the long winter” (Petrov, 12) and nobody objected. The “long grim winter” was a phrase of the day.\n\n' +
        '[1] Boris Petrov, Winters (London: Alpha Press, 1990), 3.\n',
    );
    expect(q(d, 'fter the congress')?.speaker).toBe('Boris Petrov');
    expect(q(d, 'the long winter')).toBeDefined();
    expect(q(d, 'long grim winter')).toBeUndefined();
  });
});

describe('quotations inside notes', () => {
  const d = parseDocument(
    art('c5'),
    'The plan failed.[1] Nobody was surprised.[2]\n\n' +
      '[1] This was later admitted by Boris Petrov: “The plan was a mistake from the first day.” (Boris Petrov, Regrets [London: Alpha Press, 1980], 44).\n\n' +
      '[2] “The committee knew the figures and chose to ignore them.” Indeed, it “never once asked the districts”. (Carla Mendes, The Plan [Paris: Beta, 2001], 9) ' +
      'The critic Anna Kowalski later denounced Petrov, “a coward”, for making a “bargain with the committee of the north”. Kowalski compared him to Mendes, who she said was “writing history to order”. ' +
      '(Anna Kowalski, Answers [London: Alpha Press, 1990], 10)\n',
  );

  it('extracts them with the note as location, the speaker from the cue and the source from the citation after them', () => {
    const p = q(d, 'mistake from the first day');
    expect(p?.speaker).toBe('Boris Petrov');
    expect(p?.location).toBe('note 1');
    expect(p?.source).toContain('Regrets');
  });

  it('without a cue, the words are the cited author’s', () => {
    expect(q(d, 'knew the figures')?.speaker).toBe('Carla Mendes');
    expect(q(d, 'never once asked')?.speaker).toBe('Carla Mendes');
    expect(q(d, 'never once asked')?.source).toContain('The Plan [Paris');
  });

  it('a pronoun in a relative clause does not refer to the clause’s own antecedent', () => {
    expect(q(d, 'bargain with the committee')?.speaker).toBe('Anna Kowalski');
    expect(q(d, 'writing history to order')?.speaker).toBe('Anna Kowalski');
    expect(q(d, 'writing history to order')?.source).toContain('Answers');
  });

  it('does not take quoted titles in citations for quotations', () => {
    const t = parseDocument(art('c6'), 'A claim.[1]\n\n[1] Carla Mendes, “The plan and its critics in the provinces”, Essays on the Plan (Paris: Beta, 2001), 9.\n');
    expect(t.quotations).toHaveLength(0);
  });
});

describe('forum: quoted documents', () => {
  it('a quoted letter over several paragraphs is one block, said by its signer, not by the poster', () => {
    const meta: DocumentMeta = { id: 'f1', title: 'A Test Thread', author: null, kind: 'forum', publication: null, date: null };
    const text = [
      'A Test Thread',
      'Nobody here has read the old letters, I think, and it shows in every post.',
      '\u00a0',
      'Sam Poster',
      'Member',
      '"Friends! The mill must be restarted before the first snow.',
      '',
      'Send every spare hand to the river. Do not wait for "orders from above" this time.',
      'Yours, Petrov.',
      'Burn after reading"',
      '\u00a0',
      'Top',
    ].join('\n');
    const d = parseDocument(meta, text);
    const b = d.quotations.find((x) => x.kind === 'block' && x.text.startsWith('Friends!'));
    expect(b?.speaker).toBe('Petrov');
    expect(b?.text).toContain('Burn after reading');
    expect(d.quotations.some((x) => x.speaker === 'Sam Poster' && x.text.includes('mill must be restarted'))).toBe(false);
  });
});
