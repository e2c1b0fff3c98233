import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Corpus } from '../../../src/core/corpus/corpus.js';
import { processTerm } from '../../../src/core/search/terms.js';
import { buildFtsIndex } from '../../../src/store/fts/build.js';
import { ftsRanking, readRankContext, type Ranked } from '../../../src/store/fts/rank.js';
import { openFtsQuoteSearch } from '../../../src/store/fts/search.js';
import { makeCorpus } from '../../helpers/corpus.js';

/** A corpus's FTS5 file, with `champions` units per key's list: its search, the same without lists, and its ranking tiers. */
function fileOf(corpus: Corpus, champions?: number) {
  const db = new Database(':memory:');
  buildFtsIndex(corpus, db, champions);
  return {
    db,
    search: openFtsQuoteSearch(db)!,
    full: openFtsQuoteSearch(db, undefined, { champions: false })!,
    tiers: ftsRanking(db, readRankContext(db)),
  };
}
type Search = ReturnType<typeof fileOf>['search'];

function found(s: Search, query: string, limit = 5, speaker?: string) {
  const r = s.search({ query, limit, speaker });
  if (!r.ok) throw new Error(r.error);
  return { ids: r.results.map((x) => x.id), total: r.total };
}
const groupsOf = (words: string) => words.split(' ').map((w) => [processTerm(w)!]);
const idsOf = (r: Ranked | null) => r?.rows.map((x) => x.id);

/** Tree names: words that fill a paragraph without matching a query. */
const TREES = 'oak pine elm ash yew fir birch cedar maple larch willow poplar hazel rowan alder beech holly'.split(' ');
const filler = (n: number, from = 0) => Array.from({ length: n }, (_, i) => TREES[(from + i) % TREES.length]).join(' ');

describe('GIVEN units holding all the words of a query and units holding some (AND, then OR)', () => {
  const corpus = makeCorpus({
    prose: [
      `alpha beta ${filler(12)}`, // doc:p1: both words, in a long paragraph
      'alpha alpha alpha', // doc:p2: one word, often, in a short one
      `beta gamma ${filler(3, 5)}`, // doc:p3: the other word
      ...Array.from({ length: 10 }, (_, i) => filler(4, i)),
    ],
  });
  const file = fileOf(corpus);

  it('THEN by bm25 alone the unit holding one word would come first', () => {
    const top = file.db
      .prepare(`SELECT u.id FROM qs_fts JOIN qs_units u ON u.rowid = qs_fts.rowid WHERE qs_fts MATCH '"alpha" OR "beta"' ORDER BY bm25(qs_fts, 1, 0.15, 0.4, 0.3, 0) LIMIT 1`)
      .pluck()
      .get();
    expect(top).toBe('doc:p2');
  });

  it('THEN the unit holding every word ranks first, and the others follow only when it is too few for the page', () => {
    for (const s of [file.search, file.full]) {
      expect(found(s, 'alpha beta', 1)).toEqual({ ids: ['doc:p1'], total: 1 });
      const page = found(s, 'alpha beta', 5);
      expect(page.ids[0]).toBe('doc:p1');
      expect(page.ids.slice(1).sort()).toEqual(['doc:p2', 'doc:p3']);
      expect(page.total).toBe(3);
    }
  });
});

describe('GIVEN a word in 320 units and a word in one other (champion lists)', () => {
  const corpus = makeCorpus({
    prose: [
      // The five best units for "common", each plainly better than the next.
      ...[10, 9, 8, 7, 6].map((n) => Array(n).fill('common').join(' ')),
      ...Array.from({ length: 315 }, (_, i) => `common ${filler(1 + (i % 9), i)}`),
      'zebra',
    ],
  });
  const complete = fileOf(corpus);

  it('THEN complete lists answer the query themselves, as the full query would', () => {
    for (const words of ['common', 'common zebra', 'zebra']) {
      const fromLists = complete.tiers.fromChampions(groupsOf(words), null, 5);
      expect(fromLists, words).not.toBeNull();
      expect(idsOf(fromLists)!.slice(0, 5)).toEqual(idsOf(complete.tiers.fullQuery(groupsOf(words), null, 5))!.slice(0, 5));
    }
    expect(found(complete.search, 'common')).toEqual({ ids: ['doc:p1', 'doc:p2', 'doc:p3', 'doc:p4', 'doc:p5'], total: 320 });
  });

  it('THEN incomplete lists holding enough units answer from the lists, with the full count', () => {
    const five = fileOf(corpus, 5);
    const fromLists = five.tiers.fromChampions(groupsOf('common'), null, 5);
    expect(idsOf(fromLists)).toEqual(['doc:p1', 'doc:p2', 'doc:p3', 'doc:p4', 'doc:p5']);
    expect(fromLists?.total).toBe(320);
  });

  it('THEN incomplete lists with too few results give way to the full bm25 query: the same results', () => {
    const one = fileOf(corpus, 1);
    expect(one.tiers.fromChampions(groupsOf('common zebra'), null, 5)).toBeNull();
    const full = found(one.full, 'common zebra');
    expect(full.ids).toHaveLength(5);
    expect(found(one.search, 'common zebra')).toEqual(full);
  });
});

describe('GIVEN several units holding both words, and lists too short to rank them (exact scoring)', () => {
  // Words in different columns (text, a quotation's source), different counts and lengths: distinct scores.
  const corpus = makeCorpus({
    prose: [
      // Each word n times among m other words: more of them outweigh a longer paragraph up to a point, as bm25 has it.
      ...[[1, 0], [2, 6], [3, 14], [4, 24], [1, 3], [2, 10], [3, 20], [5, 30]].map(([n, m], i) => `${'alpha beta '.repeat(n)}${filler(m, i)}`),
      ...Array.from({ length: 12 }, (_, i) => `alpha ${filler(2 + (i % 5), i)}`),
    ],
    quotes: [
      { text: `alpha ${filler(6)}`, speaker: 'Rosa Luxemburg', source: 'beta papers' },
      { text: `beta ${filler(5, 3)} alpha`, speaker: 'Karl Liebknecht', source: 'alpha letters', confidence: 0.5 },
    ],
  });
  const one = fileOf(corpus, 1);

  it('THEN they are scored from their term vectors, in the order and number the full bm25 query gives', () => {
    const groups = groupsOf('alpha beta');
    const exact = one.tiers.fromChampions(groups, null, 5);
    expect(exact).not.toBeNull(); // answered without the full query
    const full = one.tiers.fullQuery(groups, null, 5);
    expect(exact!.rows.length).toBeGreaterThanOrEqual(10);
    expect(idsOf(exact)).toEqual(idsOf(full));
  });
});

describe('GIVEN a word the corpus does not hold, one letter from words it does (typos)', () => {
  const corpus = makeCorpus({
    prose: ['the garden of beta', 'hearts harden and beta', 'a garden alone', `beta ${filler(3)}`, filler(5, 4), filler(6, 8)],
  });
  const file = fileOf(corpus);
  const one = fileOf(corpus, 1);

  it('THEN it stands for those words, and a unit holding one of them and the other word of the query ranks first', () => {
    for (const s of [file.search, file.full, one.search]) {
      expect(found(s, 'carden').ids.sort()).toEqual(['doc:p1', 'doc:p2', 'doc:p3']);
      const page = found(s, 'carden beta');
      expect(page.ids.slice(0, 2).sort()).toEqual(['doc:p1', 'doc:p2']);
      expect(page.ids.slice(2).sort()).toEqual(['doc:p3', 'doc:p4']);
      expect(found(s, 'gardne').ids).toEqual([]); // two letters swapped: two edits
    }
  });
});

describe('GIVEN the same words said by two speakers, and a paragraph naming one of them (speaker narrowing)', () => {
  const says = ['strikes decide everything', 'strikes decide the hour', 'mass strikes decide'];
  const corpus = makeCorpus({
    prose: ['Rosa Luxemburg wrote on strikes and strikes again.', filler(5), filler(4, 6)],
    quotes: [...says.map((text) => ({ text, speaker: 'Rosa Luxemburg' })), ...says.map((text) => ({ text: `${text} now`, speaker: 'Karl Liebknecht' }))],
  });
  const rosa = ['doc:q1', 'doc:q2', 'doc:q3'];

  it('THEN only that speaker’s units are found, in every tier, by the option or a leading name', () => {
    for (const file of [fileOf(corpus), fileOf(corpus, 1)]) {
      for (const s of [file.search, file.full]) {
        expect(found(s, 'strikes decide', 10, 'Rosa Luxemburg').ids.sort()).toEqual(rosa);
        expect(found(s, 'luxemburg strikes', 10).ids.sort()).toEqual(rosa);
        expect(found(s, '', 10, 'Luxemburg').ids.sort()).toEqual(rosa);
      }
    }
    // Unnarrowed, the other speaker's are found too.
    expect(found(fileOf(corpus).search, 'strikes decide', 10).ids.sort()).toEqual([...rosa, 'doc:q4', 'doc:q5', 'doc:q6']);
  });
});
