import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createQuoteSearch } from '../../src/core/search/search.js';
import { buildFtsIndex, createFtsQuoteSearch, openFtsQuoteSearch } from '../../src/store/search-fts.js';
import { searchFixture } from '../helpers/corpus.js';
import { loadCorpus } from '../../src/store/corpus-files.js';
import pino from 'pino';
import type { Corpus } from '../../src/core/corpus/corpus.js';

const corpus = searchFixture();
const db = new Database(':memory:');
const fts = createFtsQuoteSearch(corpus, db);
const mini = createQuoteSearch(corpus);
const ids = (s: typeof fts, query: string, speaker?: string) => {
  const r = s.search({ query, speaker, limit: 10 });
  if (!r.ok) throw new Error(r.error);
  return r.results.map((x) => x.id);
};

describe('GIVEN the FTS5 prototype over the same corpus as the MiniSearch search', () => {
  it('THEN it holds the same units', () => {
    expect(fts.size).toBe(mini.size);
  });

  it('THEN a leading speaker name narrows, by any of their names, as MiniSearch does', () => {
    for (const q of ['serge bureaucracy', 'Victor Serge bureaucracy']) {
      expect(new Set(ids(fts, q))).toEqual(new Set(ids(mini, q)));
      const r = fts.search({ query: q });
      expect(r.ok && r.speaker).toBeTruthy();
      expect(r.ok && r.results.every((x) => x.speaker === 'Victor Serge')).toBe(true);
    }
    expect(ids(fts, 'bureaucracy', 'Serge').length).toBe(2);
  });

  it('THEN morphology, spelling and a typo find the words', () => {
    expect(ids(fts, 'bureaucratization')[0]).toBeDefined();
    expect(ids(fts, 'labor movement')).toContain(corpus.passages[2].id);
    expect(ids(fts, 'kolakowsky communist')).toContain('doc:q4');
    expect(ids(fts, 'peasnts')).toContain(corpus.passages[1].id);
  });

  it('THEN hostile input gets an answer, never an exception', () => {
    for (const q of ['"', '* OR NEAR(', 'a AND (b', '\u0000\u0007', 'the of and']) {
      expect(() => fts.search({ query: q })).not.toThrow();
    }
    expect(fts.search({ query: 'x'.repeat(400) }).ok).toBe(false);
    expect(fts.search({ query: '' }).ok).toBe(false);
  });

  it('THEN a result is found again by id, and speakers autocomplete', () => {
    expect(fts.get('doc:q2')?.speaker).toBe('Victor Serge');
    expect(fts.suggestSpeakers('ser')).toContain('Victor Serge');
  });

  it('THEN the tables are reused for the same corpus and refused for another', () => {
    expect(openFtsQuoteSearch(db, corpus.hash)?.size).toBe(fts.size);
    expect(openFtsQuoteSearch(db, 'another-hash')).toBeNull();
  });
});

describe('GIVEN champion lists (each key keeps only its best units)', () => {
  const full = openFtsQuoteSearch(db, corpus.hash, { champions: false })!;
  const short = new Database(':memory:');
  buildFtsIndex(corpus, short, 1); // one unit per key: every common key's list is incomplete
  const tiny = openFtsQuoteSearch(short, corpus.hash)!;
  const queries = ['bureaucracy', 'serge bureaucracy', 'party dictatorship', 'peasnts', 'labor movement', 'kolakowsky communist', 'the'];

  it('THEN complete lists give what the full query gives', () => {
    for (const q of queries) expect(ids(fts, q)).toEqual(ids(full, q));
  });

  it('THEN incomplete lists fall back to the full query when they hold too few results', () => {
    for (const q of queries) expect(new Set(ids(tiny, q))).toEqual(new Set(ids(full, q)));
    // Units holding the words, when few, are scored from their term vectors as FTS5's bm25 scores them.
    for (const q of ['serge bureaucracy', 'party dictatorship', 'peasnts', 'labor movement']) expect(ids(tiny, q)).toEqual(ids(full, q));
    const r = tiny.search({ query: 'bureaucracy', speaker: 'Serge', limit: 10 });
    expect(r.ok && r.results.map((x) => x.speaker)).toEqual(['Victor Serge', 'Victor Serge']);
  });
});

describe('GIVEN the champion lists ranked at build time from the term vectors', () => {
  /** Every key's list as FTS5's own bm25 query ranks it (how the lists were once built): rowids, weights, speakers. */
  const asBm25 = (file: Database.Database) => {
    const best = file.prepare(
      `SELECT qs_fts.rowid AS r, -bm25(qs_fts, 1, 0.15, 0.4, 0.3, 0) * u.boost AS w, u.sid AS s FROM qs_fts JOIN qs_units u ON u.rowid = qs_fts.rowid
       WHERE qs_fts MATCH ? ORDER BY w DESC, qs_fts.rowid LIMIT ?`,
    );
    const count = file.prepare('SELECT count(*) FROM qs_fts WHERE qs_fts MATCH ?').pluck();
    const lists = file.prepare('SELECT term, df, data FROM qs_champ ORDER BY term').all() as { term: string; df: number; data: Buffer }[];
    return lists.map(({ term, df, data }) => {
      const n = data.length / 16;
      const bytes = new Uint8Array(data);
      const stored = { w: [...new Float64Array(bytes.buffer, 0, n)], r: [...new Int32Array(bytes.buffer, n * 8, n)], s: [...new Int32Array(bytes.buffer, n * 12, n)] };
      const match = `{text context source speaker} : "${term}"`;
      const rows = best.all(match, Math.max(n, 1)) as { r: number; w: number; s: number }[];
      return { term, stored: { df, ...stored }, bm25: { df: count.get(match), w: rows.map((x) => x.w), r: rows.map((x) => x.r), s: rows.map((x) => x.s) } };
    });
  };
  const check = (c: Corpus, champions?: number) => {
    const file = new Database(':memory:');
    buildFtsIndex(c, file, champions);
    const lists = asBm25(file);
    expect(lists.length).toBeGreaterThan(0);
    for (const l of lists) expect({ term: l.term, ...l.stored }).toEqual({ term: l.term, ...l.bm25 });
  };

  it('THEN each key keeps the units, weights and order that FTS5 bm25 gives (the fixture, whole lists and lists of 1)', () => {
    check(corpus);
    check(corpus, 1);
  });

  it('THEN so do the seed texts, bit for bit (lists of 500 and of 3)', () => {
    const seed = loadCorpus('corpus', pino({ level: 'silent' }));
    check(seed);
    check(seed, 3);
  });
});
