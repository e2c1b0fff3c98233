import Database from 'better-sqlite3';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { checkerOver, createChecker } from '../../../src/core/check/checker.js';
import { ftsCheckSource, writeCheckTables } from '../../../src/store/fts/check-source.js';
import { loadCorpus } from '../../../src/store/corpus-files.js';
import { buildFtsIndex } from '../../../src/store/fts/build.js';
import { makeCorpus } from '../../helpers/corpus.js';

const corpus = loadCorpus('corpus', pino({ level: 'silent' }));
const file = new Database(':memory:');
writeCheckTables(corpus, file);
buildFtsIndex(corpus, file);
const inMemory = createChecker(corpus);
const fromFile = checkerOver(ftsCheckSource(file));

/** Whole words of a quotation, at most `max` characters. */
const cut = (text: string, max: number) => (text.length > max ? text.slice(0, text.lastIndexOf(' ', max)) : text);

/**
 * One argument per attributed quotation of the seed texts, its kind taken in turn: faithful, credited to someone
 * else, one word changed and credited, one word changed and anonymous: every quotation once, each kind about as
 * often (all four of every quotation made this the slowest file of the unit run).
 */
function argumentsFromCorpus(): string[] {
  const quoted = corpus.quotations.filter((q) => q.speaker && q.text.split(/\s+/).length >= 6);
  const speakers = [...new Set(quoted.map((q) => q.speaker!))];
  return quoted.map((q, i) => {
    const words = cut(q.text, 240);
    const other = speakers[(speakers.indexOf(q.speaker!) + 1 + (i % 3)) % speakers.length];
    // One word changed for a word of the corpus, or for one it lacks.
    const changed = words.replace(/\b(\p{L}{6,})\b/u, Math.floor(i / 4) % 2 ? 'revolution' : 'marmalade');
    return [`As ${q.speaker} put it, “${words}”`, `${other} wrote: “${words}”`, `${q.speaker} said “${changed}”.`, `Someone once said “${changed}”.`][i % 4];
  });
}

describe('GIVEN the seed texts checked from their FTS5 file rather than in memory', () => {
  it('THEN every argument gets the same verdict and the same matched passages', () => {
    const args = argumentsFromCorpus();
    expect(args.length).toBeGreaterThan(150);
    const ids = (c: ReturnType<typeof inMemory.check>) => c.matches.map((x) => x.id).sort().join();
    const checked = args.map((a) => ({ a, m: inMemory.check(a), f: fromFile.check(a) }));
    expect(checked.filter(({ m, f }) => m.verdict !== f.verdict || ids(m) !== ids(f)).map(({ a }) => a)).toEqual([]);
    // The arguments are not all of one kind: each verdict they should give is given.
    expect([...new Set(checked.map(({ f }) => f.verdict))].sort()).toEqual(['misattributed', 'misquoted', 'verified']);
  });
});

describe('GIVEN the same words said by many people who share a first name (a large corpus repeats itself)', () => {
  const text = 'the committees must answer to the workers who elected them and to no one else';
  const people = 'Abel Baker Carr Dunn Ellis Frost Gray Hale Irwin Judd Kemp Lowe'.split(' ').map((s) => `Pavel ${s}`);
  const many = makeCorpus({ quotes: people.map((speaker) => ({ text, speaker })) });
  const db = new Database(':memory:');
  writeCheckTables(many, db);
  buildFtsIndex(many, db);
  const checker = checkerOver(ftsCheckSource(db));

  it('THEN each of them is verified as saying them, and someone else is not', () => {
    for (const p of people) expect(checker.check(`${p} wrote: “${text}”`).verdict, p).toBe('verified');
    expect(checker.check(`Pavel Zorin wrote: “${text}”`).verdict).toBe('misattributed');
    expect(checker.check(`Olga Lowe wrote: “${text}”`).verdict).toBe('verified'); // a shared surname is a match, as in memory
  });
});

describe('GIVEN many near-copies of a sentence, each with one word changed, and the sentence itself said once', () => {
  // A large corpus repeats itself so: bm25 over the quotation's rarest word pairs ranks the copies as high as
  // the one unit holding the very words quoted, and reads only its top few.
  const words = 'the general control of the economy rests with the central committee and its appointed organs alone'.split(' ');
  const changeable = words.map((w, i) => (w.length >= 5 ? i : -1)).filter((i) => i >= 0);
  const names = 'Abel Baker Carr Dunn Ellis Frost Gray Hale Irwin Judd Kemp Lowe Marsh Nash Orme Pike Quinn Reid Shaw Tate Upton Vance Wade Yates'.split(' ');
  const copies = names.flatMap((surname, k) =>
    [0, 1].map((j) => {
      const changed = [...words];
      changed[changeable[(k + j * 3) % changeable.length]] = `zeb${'abcdefghijklmnopqrstuvwxyz'[k]}${'mn'[j]}ron`;
      return { text: changed.join(' '), speaker: `Anna ${surname}` };
    }),
  );
  const text = words.join(' ');
  const near = makeCorpus({ quotes: [...copies, { text, speaker: 'Rosa Original' }] });
  const db = new Database(':memory:');
  writeCheckTables(near, db);
  buildFtsIndex(near, db);
  const checker = checkerOver(ftsCheckSource(db));

  it('THEN the words credited to someone else are misattributed, not misquoted against a copy', () => {
    expect(createChecker(near).check(`Pavel Zorin wrote: “${text}”`).verdict).toBe('misattributed');
    const r = checker.check(`Pavel Zorin wrote: “${text}”`);
    expect(r.verdict).toBe('misattributed');
    expect(r.matches.some((m) => m.speaker === 'Rosa Original')).toBe(true);
    expect(checker.check(`Rosa Original wrote: “${text}”`).verdict).toBe('verified');
  });
});
