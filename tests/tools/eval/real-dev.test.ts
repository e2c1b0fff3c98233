import { describe, expect, it } from 'vitest';
import {
  casefold,
  fileStem,
  formatRealDev,
  namesMatch,
  norm,
  pyRepr,
  scoreRealDev,
  subMatch,
  type GoldAttribution,
  type RealDevGold,
  type RealDevQuotation,
  type RealDevResult,
} from '../../../tools/eval/real-dev.js';

const entry = (over: Partial<GoldAttribution> = {}): GoldAttribution => ({
  doc: 'a.txt',
  frag: 'the workers must rule',
  speaker: ['Marx'],
  source: null,
  hard: false,
  ...over,
});
const quote = (over: Partial<RealDevQuotation> = {}): RealDevQuotation => ({
  text: 'And so the workers must rule, he said.',
  speaker: null,
  source: null,
  documentId: 'a',
  ...over,
});
const noSearch = () => [];
const score = (attribution: GoldAttribution[], quotations: RealDevQuotation[], files = ['a.txt']) =>
  scoreRealDev({ attribution, queries: [] }, quotations, noSearch, files);

describe('text matching', () => {
  it('GIVEN line-wrapped, tabbed and non-breaking whitespace THEN it collapses to single spaces, trimmed', () => {
    expect(norm('  The\r\n  workers\tmust\u00a0rule \n')).toBe('the workers must rule');
  });

  it('GIVEN a byte-order mark THEN it is kept, as Python str.split keeps it', () => {
    expect(norm('\uFEFFLenin')).toBe('\uFEFFlenin');
  });

  it('GIVEN capitals, ß and a final sigma THEN it case-folds as Python casefold does', () => {
    expect(casefold('STRASSE Straße ΟΔΟΣ ﬁ')).toBe('strasse strasse οδοσ fi');
    expect(casefold('Işık')).toBe('işık'); // casefold keeps the dotless i
    expect(norm(null)).toBe('');
  });

  it('GIVEN a name THEN it matches only as whole words', () => {
    expect(namesMatch('Karl Marx', ['Marx'])).toBe(true);
    expect(namesMatch('Marxism', ['Marx'])).toBe(false);
    expect(namesMatch('Marx_ist', ['Marx'])).toBe(false);
    expect(namesMatch('NeoMarx', ['Marx'])).toBe(false);
    expect(namesMatch('Anti-Marx', ['Marx'])).toBe(true);
    expect(namesMatch('Engels and Marx.', ['marx'])).toBe(true);
    expect(namesMatch('Leon  Trotzky', ['Leon Trotzky'])).toBe(true);
    expect(namesMatch('Trotzkyé', ['Trotzky'])).toBe(false); // a letter beyond ASCII is still a word character
    expect(namesMatch(null, ['Marx'])).toBe(false);
    expect(namesMatch('L. (Lenin)', ['L.'])).toBe(true); // the name is literal text, not a pattern
    expect(namesMatch('Lx', ['L.'])).toBe(false);
  });

  it('GIVEN a source THEN it matches as a substring, whitespace collapsed and case-folded', () => {
    expect(subMatch('Kautsky, The  American and the Russian\nWorkingman, p. 3', ['american and the russian workingman'])).toBe(true);
    expect(subMatch(null, ['Op. Cit.'])).toBe(false);
  });

  it('GIVEN file names THEN the stem is the name without its last extension', () => {
    expect(fileStem('goldman-my-disillusionment-in-russia.htm')).toBe('goldman-my-disillusionment-in-russia');
    expect(fileStem('a')).toBe('a');
    expect(fileStem('.hidden')).toBe('.hidden');
    expect(fileStem('dir/x.tar.gz')).toBe('x.tar');
  });

  it('GIVEN strings and None THEN pyRepr prints them as Python repr does', () => {
    expect(pyRepr(['Lenin', "Trotsky's"])).toBe(`['Lenin', "Trotsky's"]`);
    expect(pyRepr(null)).toBe('None');
    expect(pyRepr(`a'b"c\n`)).toBe(`'a\\'b"c\\n'`);
  });
});

describe('scoreRealDev attribution', () => {
  it('GIVEN the fragment, wrapped and in other case, in a quotation of the document with the speaker THEN speaker right', () => {
    const f = score(
      [entry({ frag: 'The Workers must  rule', hard: true })],
      [quote({ text: 'And so THE\r\nworkers must rule.', speaker: 'Karl Marx' })],
    );
    expect(f).toMatchObject({ speakerRight: 1, hardRight: 1, hard: 1, fragmentFound: 1, speakerWrong: 0, misses: [] });
  });

  it('GIVEN the fragment in another document THEN it is not found', () => {
    const f = score([entry()], [quote({ documentId: 'b', speaker: 'Marx' })], ['a.txt', 'b.txt']);
    expect(f).toMatchObject({ speakerRight: 0, fragmentFound: 0, speakerWrong: 0 });
    expect(f.misses[0].candidates).toEqual([]);
  });

  it('GIVEN a speaker that only contains the name inside a word THEN it is not right but wrong', () => {
    const f = score([entry()], [quote({ speaker: 'Marxism Today' })]);
    expect(f).toMatchObject({ speakerRight: 0, speakerWrong: 1, fragmentFound: 1 });
  });

  it('GIVEN no speaker at all THEN it is neither right nor wrong', () => {
    const f = score([entry()], [quote({ speaker: null }), quote({ speaker: '' })]);
    expect(f).toMatchObject({ speakerRight: 0, speakerWrong: 0, fragmentFound: 1 });
  });

  it('GIVEN one containing quotation with the speaker and one naming someone else THEN right, not wrong', () => {
    const f = score([entry()], [quote({ speaker: 'Engels' }), quote({ speaker: 'Marx' })]);
    expect(f).toMatchObject({ speakerRight: 1, speakerWrong: 0 });
  });

  it('GIVEN a wrong speaker on a quotation that does not contain the fragment THEN it is not speaker wrong', () => {
    const f = score([entry()], [quote({ speaker: null }), quote({ text: 'something else', speaker: 'Engels' })]);
    expect(f).toMatchObject({ speakerRight: 0, speakerWrong: 0, fragmentFound: 1 });
  });

  it('GIVEN a source THEN source right counts only entries with a source, by substring', () => {
    const f = score(
      [entry({ source: ['Capital'] }), entry({ frag: 'must rule', source: ['Grundrisse'] }), entry({ frag: 'so the' })],
      [quote({ speaker: 'Marx', source: 'Marx, CAPITAL, vol. 1' })],
    );
    expect(f).toMatchObject({ sourceRight: 1, withSource: 2, speakerRight: 3 });
    expect(f.misses.map((m) => [m.entry.frag, m.speakerRight, m.sourceRight])).toEqual([['must rule', true, false]]);
  });

  it('GIVEN a `not` name THEN the score is unchanged but the match through it is reported', () => {
    const e = entry({ speaker: ['Trotsky'], not: ['Madame Trotsky'] });
    const only = score([e], [quote({ speaker: 'Madame Trotsky' })]);
    expect(only.speakerRight).toBe(1);
    expect(only.viaOther).toEqual([{ entry: e, speakers: ['Madame Trotsky'] }]);
    const also = score([e], [quote({ speaker: 'Madame Trotsky' }), quote({ speaker: 'Leon Trotsky' })]);
    expect(also.speakerRight).toBe(1);
    expect(also.viaOther).toEqual([]);
  });

  it('GIVEN quotations of several files THEN each text of the set is counted, others apart', () => {
    const f = score(
      [entry(), entry({ doc: 'c.htm', frag: 'nothing' })],
      [quote({ speaker: 'Marx' }), quote({ documentId: 'a' }), quote({ documentId: 'z' })],
      ['a.txt', 'c.htm'],
    );
    expect(f.perText).toEqual([
      { file: 'a.txt', stem: 'a', quotations: 2, speakerRight: 1, entries: 1 },
      { file: 'c.htm', stem: 'c', quotations: 0, speakerRight: 0, entries: 1 },
    ]);
    expect(f.otherQuotations).toBe(1);
    expect(f.quotations).toBe(3);
  });
});

describe('scoreRealDev queries', () => {
  const gold: RealDevGold = {
    attribution: [],
    queries: [{ q: 'marx rule', relevant: ['the workers  must rule'], speaker: ['Marx'] }],
  };
  const run = (results: RealDevResult[], g = gold) => scoreRealDev(g, [], () => results, []);

  it('GIVEN the relevant text and the speaker on the same result THEN the query succeeds', () => {
    expect(run([{ text: 'The workers\nmust rule!', speaker: 'Karl Marx' }]).querySuccess).toBe(1);
  });

  it('GIVEN the text on one result and the speaker on another THEN it does not', () => {
    const f = run([
      { text: 'the workers must rule', speaker: 'Engels' },
      { text: 'unrelated', speaker: 'Marx' },
    ]);
    expect(f.querySuccess).toBe(0);
    expect(f.queryMisses[0].top).toHaveLength(2);
  });

  it('GIVEN the hit only sixth THEN it does not count (success@5), and only five are kept', () => {
    const filler = Array.from({ length: 5 }, () => ({ text: 'no', speaker: 'Marx' }));
    const f = run([...filler, { text: 'the workers must rule', speaker: 'Marx' }]);
    expect(f.querySuccess).toBe(0);
    expect(f.queryMisses[0].top).toHaveLength(5);
  });

  it('GIVEN no speaker wanted, or one as a string THEN text alone, or that name, decides', () => {
    const g = (speaker: string | null): RealDevGold => ({ attribution: [], queries: [{ q: 'x', relevant: ['must rule'], speaker }] });
    expect(run([{ text: 'must rule', speaker: null }], g(null)).querySuccess).toBe(1);
    expect(run([{ text: 'must rule', speaker: 'Marxist' }], g('Marx')).querySuccess).toBe(0);
    expect(run([{ text: 'must rule', speaker: 'K. Marx' }], g('Marx')).querySuccess).toBe(1);
  });

  it('GIVEN each query THEN the search is asked with its text', () => {
    const asked: string[] = [];
    scoreRealDev(gold, [], (q) => (asked.push(q), []), []);
    expect(asked).toEqual(['marx rule']);
  });
});

describe('formatRealDev', () => {
  it('GIVEN figures THEN the summary lines carry them', () => {
    const f = score([entry(), entry({ frag: 'so the', hard: true })], [quote({ speaker: 'Marx' })]);
    const lines = formatRealDev(f, '../shared/eval/real-dev');
    expect(lines[0]).toBe(
      'real texts (../shared/eval/real-dev, 1 texts, 1 quotations): speaker right 2/2 (1.000)  hard right 1/1  speaker wrong 0/2 (0.000)  source right 0/0  fragment found 2/2',
    );
    expect(lines[1]).toBe('  query success@5 0/0   quotations per text: a 1');
  });
});
