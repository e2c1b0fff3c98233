import Database from 'better-sqlite3';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Corpus } from '../../../src/core/corpus/corpus.js';
import { loadCorpus } from '../../../src/store/corpus-files.js';
import { buildFtsIndex } from '../../../src/store/fts/build.js';
import { searchFixture } from '../../helpers/corpus.js';
import { readingOf } from '../../../src/core/search/positions.js';
import { collectUnits } from '../../../src/core/search/search.js';

const corpus = searchFixture();


/** The seed texts, parsed once for the file. */
let seeds: Corpus | undefined;
const seedCorpus = (): Corpus => (seeds ??= loadCorpus('corpus', pino({ level: 'silent' })));
/** The seed texts' index with the default champion lists, built once for the file; other list sizes each time. */
let seedDefault: Database.Database | undefined;
const seedIndex = (champions?: number): Database.Database => {
  if (champions === undefined && seedDefault) return seedDefault;
  const file = new Database(':memory:');
  buildFtsIndex(seedCorpus(), file, champions);
  if (champions === undefined) seedDefault = file;
  return file;
};

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
    const file = c === seeds ? seedIndex(champions) : new Database(':memory:');
    if (c !== seeds) buildFtsIndex(c, file, champions);
    const lists = asBm25(file);
    expect(lists.length).toBeGreaterThan(0);
    for (const l of lists) expect({ term: l.term, ...l.stored }).toEqual({ term: l.term, ...l.bm25 });
  };

  it('THEN each key keeps the units, weights and order that FTS5 bm25 gives (the fixture, whole lists and lists of 1)', () => {
    check(corpus);
    check(corpus, 1);
  });

  it('THEN so do the seed texts, bit for bit (lists of 500 and of 3)', () => {
    const seed = seedCorpus();
    check(seed);
    check(seed, 3);
  });
});

describe('GIVEN the readings written at build time', () => {
  it('THEN each unit holds what the MiniSearch search reads of the same words, and whether someone named said them', () => {
    const seed = seedCorpus();
    const file = seedIndex();
    const rows = file.prepare('SELECT u.text, u.speaker, r.named, r.reading FROM qs_units u JOIN qs_read r ON r.rowid = u.rowid').all() as {
      text: string;
      speaker: string | null;
      named: number;
      reading: string;
    }[];
    expect(rows.length).toBe(collectUnits(seed).size);
    for (const r of rows) expect([r.reading, r.named], r.text.slice(0, 60)).toEqual([readingOf(r.text), r.speaker ? 1 : 0]);
  });
});
