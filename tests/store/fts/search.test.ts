import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { createQuoteSearch } from '../../../src/core/search/search.js';
import { SpeakerRegistry } from '../../../src/core/search/speakers.js';
import { WorkRegistry } from '../../../src/core/search/works.js';
import { buildFtsIndex } from '../../../src/store/fts/build.js';
import { createFtsQuoteSearch, openFtsQuoteSearch } from '../../../src/store/fts/search.js';
import { searchFixture } from '../../helpers/corpus.js';

const corpus = searchFixture();
const db = new Database(':memory:');
const fts = createFtsQuoteSearch(corpus, db);
const mini = createQuoteSearch(corpus);
const ids = (s: typeof fts, query: string, speaker?: string) => {
  const r = s.search({ query, speaker, limit: 10 });
  if (!r.ok) throw new Error(r.error);
  return r.results.map((x) => x.id);
};

describe('GIVEN the FTS5 search over the same corpus as the MiniSearch search', () => {
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

  it('THEN a quotation and the paragraph it stands in are never both shown, as in MiniSearch', () => {
    for (const q of ['bureaucratism threatens', 'dictatorship party', 'labor bosses']) {
      const found = ids(fts, q);
      expect(found.some((id) => /:q\d/.test(id))).toBe(true);
      expect(found.filter((id) => /:q\d/.test(id) && found.includes(id.replace(':q', ':qp'))), q).toEqual([]);
      expect(new Set(found)).toEqual(new Set(ids(mini, q)));
    }
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

describe('GIVEN the FTS5 search just opened (its lists of speakers and works are built a step at a time after)', () => {
  const turns = async (n: number) => {
    for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
  };

  it('THEN opening builds none; they are built once it is over, and a search that comes first builds them at once', async () => {
    await turns(20); // the lists of the searches opened above
    const speakers = vi.spyOn(SpeakerRegistry, 'inSteps');
    const works = vi.spyOn(WorkRegistry, 'inSteps');
    try {
      const early = openFtsQuoteSearch(db, corpus.hash)!;
      const late = openFtsQuoteSearch(db, corpus.hash)!;
      expect([speakers.mock.calls.length, works.mock.calls.length]).toEqual([0, 0]);
      // Before any turn of the event loop: what is left is built for this search, which answers as always.
      const first = early.search({ query: 'serge bureaucracy', limit: 10 });
      expect(first.ok && first.speaker).toBeTruthy();
      expect(first).toEqual(fts.search({ query: 'serge bureaucracy', limit: 10 }));
      expect([speakers.mock.calls.length, works.mock.calls.length]).toEqual([1, 1]);
      await turns(20);
      expect([speakers.mock.calls.length, works.mock.calls.length]).toEqual([2, 2]);
      expect(late.search({ query: 'serge bureaucracy', limit: 10 })).toEqual(first);
      expect(late.suggestSpeakers('ser')).toContain('Victor Serge');
      expect([speakers.mock.calls.length, works.mock.calls.length]).toEqual([2, 2]);
    } finally {
      speakers.mockRestore();
      works.mockRestore();
    }
  });
});
