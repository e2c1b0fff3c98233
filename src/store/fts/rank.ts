/**
 * The FTS5 search's ranking, in tiers whose per-query work does not grow with the corpus, best first:
 *   - champion lists: each key's best units (built with the index, build.ts) are scored instead of every match;
 *   - exact scoring: when the lists fall short, units holding the words are scored one by one from their stored
 *     term vectors, as FTS5's bm25 scores them;
 *   - the full bm25 query, the last resort.
 * In every tier all the words must match first (AND); only when that gives too few results do units matching
 * some of them follow (OR) — MiniSearch's "score × number of terms matched" has the same effect at the top.
 * A score is bm25 (column weights as the MiniSearch search's fields) × the unit's boost. Speaker narrowing is
 * a filter on the who column's speaker ids; a work or a quoted phrase, phrases the full query requires. The best
 * are looked at again from their readings (src/core/search/rerank.ts, as the MiniSearch search does); rows come out
 * diversified (no passage twice), as many as the page needs.
 */
import type Database from 'better-sqlite3';
import { diversify, readAsNeeded, type Said } from '../../core/search/diversify.js';
import type { SpeakerMatch } from '../../core/search/speakers.js';
import { rerank, rerankDepth, type Candidate } from '../../core/search/rerank.js';
import type { QueryShape } from '../../core/search/shape.js';
import { COLUMN_WEIGHTS, UNIT_COLUMNS, unpackChampions, type UnitRow } from './schema.js';
import { ftsMatch, type KeyRun } from './query.js';

const WEIGHTS = COLUMN_WEIGHTS.join(', ');
/** A total above this is reported as "more than": counting every match of a common word costs time. */
const COUNT_CAP = 1000;
/** Units holding every word, up to this many, are scored one by one when the champion lists fall short. */
const EXACT_CAP = 300;
/** When more hold them, at most this many of the rarest word's list are checked for the other words. */
const RAREST_CHECKS = 150;
/** …and when that finds too few, all the units holding them are scored if there are at most this many. */
const EXACT_MAX = 1500;

/** Ranked rows, diversified, enough for the page asked for, and how many there are in all (capped). */
export interface Ranked {
  rows: UnitRow[];
  total: number;
}

/** What the file says of itself (qs_meta, qs_speakers) that ranking needs. */
export interface RankContext {
  /** Units in the file. */
  size: number;
  /** Their mean length in tokens, as bm25 reads it. */
  avgdl: number;
  speakerId: Map<string, number>;
  /** The sources quotations cite, and how many cite each (qs_meta's sources). */
  sources: [string, number][];
}

/** The rank context of a file built by build.ts. */
export function readRankContext(db: Database.Database): RankContext {
  const meta = new Map((db.prepare('SELECT key, value FROM qs_meta').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
  const speakers = db.prepare('SELECT id, name FROM qs_speakers').all() as { id: number; name: string }[];
  return {
    size: Number(meta.get('size') ?? 0),
    avgdl: Number(meta.get('avgdl') ?? 1),
    speakerId: new Map(speakers.map((r) => [r.name, r.id])),
    sources: JSON.parse(meta.get('sources') ?? '[]') as [string, number][],
  };
}

/** A row as the "no passage twice" rule reads it. */
const saidBy = (r: UnitRow): Said => ({ passage: r.passage_id, quotation: r.kind === 1, text: r.text });

/**
 * The ranking tiers over a file. `groups`: one per query word, the keys standing for it (typos.ts), none empty;
 * `want`: how many results the page needs (offset + limit).
 */
export function ftsRanking(db: Database.Database, { size, avgdl, speakerId }: RankContext) {
  const hitsQuery = db.prepare(
    `SELECT ${UNIT_COLUMNS.replace(/(\w+)/g, 'u.$1')}, h.s FROM (SELECT rowid, bm25(qs_fts, ${WEIGHTS}) AS s FROM qs_fts WHERE qs_fts MATCH ? ORDER BY s LIMIT ?) h
     JOIN qs_units u ON u.rowid = h.rowid`,
  );
  const countQuery = db.prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM qs_fts WHERE qs_fts MATCH ? LIMIT ${COUNT_CAP + 1})`);
  const bySpeakerQuery = db.prepare(
    'SELECT rowid FROM qs_units WHERE rowid IN (SELECT rowid FROM qs_fts WHERE qs_fts MATCH ?) ORDER BY boost DESC, rowid LIMIT ?',
  );
  // A unit as results show it: not its term vector, the longest column, which the row would read for nothing.
  const unitByRowid = db.prepare(`SELECT ${UNIT_COLUMNS} FROM qs_units WHERE rowid = ?`);
  const champQuery = db.prepare('SELECT df, data FROM qs_champ WHERE term = ?');
  const vectorOf = db.prepare('SELECT boost, dl, tv FROM qs_units WHERE rowid = ?');
  const readingQuery = db.prepare('SELECT named, reading FROM qs_read WHERE rowid = ?');
  const matchRowids = db.prepare(`SELECT rowid FROM qs_fts WHERE qs_fts MATCH ? LIMIT ${EXACT_CAP + 1}`).pluck();
  const matchRowidsUpTo = db.prepare('SELECT rowid FROM qs_fts WHERE qs_fts MATCH ? LIMIT ?').pluck();
  const idfOf = (df: number) => Math.max(1e-6, Math.log((size - df + 0.5) / (df + 0.5)));
  const count = (q: string) => (countQuery.get(q) as { n: number }).n;

  /** The speaker ids a match narrows to (the who column's tokens), or null for everyone. */
  const whoOf = (match: SpeakerMatch | null): number[] | null =>
    match ? [...match.speakers].map((s) => speakerId.get(s)).filter((n): n is number => n !== undefined) : null;
  const matchOf = (groups: string[][], op: 'AND' | 'OR', match: SpeakerMatch | null, runs: KeyRun[] = []) =>
    ftsMatch(groups, op, whoOf(match), runs);

  /**
   * Ranked rowids and scores, best first, as rows read only as far as the page goes: the best `rerankDepth` looked
   * at again first (rerank.ts) from their readings, a unit's text read only when a fragment must be compared with
   * it. `shape` absent: the engine's order as it is.
   */
  const rowsInOrder = (ranked: readonly [number, number][], want: number, shape?: QueryShape): Iterable<UnitRow> => {
    if (!shape) return readAsNeeded(ranked, ([rowid]) => unitByRowid.get(rowid) as UnitRow);
    const depth = Math.min(ranked.length, rerankDepth(want));
    const first = rerank(candidates(ranked, depth), shape);
    return readAsNeeded(ranked, ([rowid], i) => unitByRowid.get(i < depth ? first[i] : rowid) as UnitRow);
  };

  /** The best `depth` of ranked rowids as the rerank reads them. */
  const candidates = (ranked: readonly [number, number][], depth: number): Candidate<number>[] => {
    const head: Candidate<number>[] = [];
    for (let i = 0; i < depth; i++) {
      const [rowid, score] = ranked[i];
      const r = readingQuery.get(rowid) as { named: number; reading: string };
      head.push({ item: rowid, score, reading: r.reading, attributed: r.named === 1, text: () => (unitByRowid.get(rowid) as UnitRow).text });
    }
    return head;
  };

  /**
   * A unit's score for the query's keys from its term vector (bm25 as FTS5 computes it, with K1 1.2 and B 0.75,
   * × boost), and whether it holds every group.
   */
  const exactScore = (rowid: number, groups: { k: string; idf: number }[][]): { score: number; all: boolean } => {
    const v = vectorOf.get(rowid) as { boost: number; dl: number; tv: string };
    const norm = 1.2 * (0.25 + (0.75 * v.dl) / avgdl);
    let score = 0;
    let all = true;
    for (const g of groups) {
      let found = false;
      for (const { k, idf } of g) {
        const at = v.tv.indexOf(` ${k}:`);
        if (at < 0) continue;
        found = true;
        const end = v.tv.indexOf(' ', at + 1);
        const f = Number(v.tv.slice(at + k.length + 2, end < 0 ? undefined : end));
        score += (idf * f * 2.2) / (f + norm);
      }
      if (!found) all = false;
    }
    return { score: score * v.boost, all };
  };

  /**
   * The ranking from the keys' champion lists, or null when the full query is needed. Complete lists (no key
   * in more units than its list holds) give the full query's ranking. Incomplete ones: enough units in every
   * list are taken as they are; otherwise the units holding every word are scored from their term vectors
   * when they are few, or those of the rarest word's list that hold the others when they are many.
   */
  const fromChampions = (groups: string[][], match: SpeakerMatch | null, want: number, shape?: QueryShape): Ranked | null => {
    let allowed: Set<number> | null = null;
    if (match) {
      allowed = new Set(whoOf(match));
      if (!allowed.size) return { rows: [], total: 0 };
    }
    const acc = new Map<number, { score: number; groups: number; last: number }>();
    let complete = true;
    let dfSum = 0;
    const weighted: { k: string; idf: number }[][] = [];
    const listed: number[][] = [];
    const groupDf: number[] = [];
    groups.forEach((g, gi) => {
      weighted.push([]);
      listed.push([]);
      groupDf.push(0);
      for (const k of g) {
        const row = champQuery.get(k) as { df: number; data: Buffer } | undefined;
        if (!row) continue;
        const { w, r, s } = unpackChampions(row.data);
        if (row.df > r.length) complete = false;
        dfSum += row.df;
        groupDf[gi] += row.df;
        weighted[gi].push({ k, idf: idfOf(row.df) });
        for (let i = 0; i < r.length; i++) {
          if (allowed && !allowed.has(s[i])) continue;
          listed[gi].push(r[i]);
          let e = acc.get(r[i]);
          if (!e) acc.set(r[i], (e = { score: 0, groups: 0, last: -1 }));
          e.score += w[i];
          if (e.last !== gi) ((e.last = gi), e.groups++);
        }
      }
    });
    const all: [number, number][] = [];
    const some: [number, number][] = [];
    for (const [rowid, e] of acc) (e.groups === groups.length ? all : some).push([rowid, e.score]);
    const byScore = (a: [number, number], b: [number, number]) => b[1] - a[1] || a[0] - b[0];
    let ranked: [number, number][];
    let counted: number | null = null;
    if (complete || all.length >= want) {
      ranked = all.sort(byScore);
      if (all.length < want && groups.length > 1) ranked = [...all, ...some.sort(byScore)];
    } else {
      const and = matchOf(groups, 'AND', match);
      if (!and) return { rows: [], total: 0 };
      const holding = matchRowids.all(and) as number[];
      const scoreAll = (ids: number[]) => ids.map((r): [number, number] => [r, exactScore(r, weighted).score]).sort(byScore);
      if (holding.length <= EXACT_CAP) {
        ranked = scoreAll(holding);
        counted = holding.length;
        if (ranked.length < want && groups.length > 1) {
          // As the full query: units holding some of the words follow.
          const seen = new Set(holding);
          const or = matchOf(groups, 'OR', match)!;
          const more = matchRowids.all(or) as number[];
          if (more.length <= EXACT_CAP) {
            ranked = [...ranked, ...scoreAll(more.filter((r) => !seen.has(r)))];
            counted = more.length;
          } else {
            ranked = [...ranked, ...some.filter(([r]) => !seen.has(r)).sort(byScore)];
            counted = null;
          }
        }
      } else {
        // Many units hold every word: the best of the rarest word's list that hold the others (a list is best first).
        let rarest = 0;
        for (let gi = 1; gi < groupDf.length; gi++) if (groupDf[gi] < groupDf[rarest]) rarest = gi;
        ranked = [];
        const fetch = want * 3 + 20;
        let checked = 0;
        for (const r of new Set(listed[rarest])) {
          const e = exactScore(r, weighted);
          if (e.all) ranked.push([r, e.score]);
          if (ranked.length >= fetch || ++checked >= RAREST_CHECKS) break;
        }
        ranked.sort(byScore);
        if (ranked.length < want) {
          // Few of them in that list (a speaker's, say): all of them, when that is still cheaper than bm25.
          const many = matchRowidsUpTo.all(and, EXACT_MAX + 1) as number[];
          if (many.length <= EXACT_MAX) ((ranked = scoreAll(many)), (counted = many.length));
        }
      }
      if (ranked.length < want && counted === null) return null; // units holding the words were left out
    }
    if (!complete && ranked.length < want && counted === null) return null;
    // Rows as far as the page needs (a quotation and its paragraph count once); all of them when few.
    const fetch = want * 3 + 20;
    const rows = diversify(rowsInOrder(ranked, want, shape), saidBy, ranked.length > fetch ? want : Infinity);
    let total = ranked.length > fetch ? ranked.length : rows.length;
    if (!complete) {
      if (counted !== null) total = Math.max(rows.length, counted);
      else if (groups.length === 1 && !match) total = Math.max(total, Math.min(dfSum, COUNT_CAP + 1));
      else {
        const q = matchOf(groups, ranked === all || groups.length === 1 ? 'AND' : 'OR', match);
        if (q) total = Math.max(total, count(q));
      }
    }
    return { rows, total };
  };

  /**
   * The full bm25 query: every unit holding all the words, then (when too few) some of them, scored by FTS5.
   * `runs`: phrases each unit must hold as well (a work in its source, a quoted phrase in its words).
   */
  const fullQuery = (groups: string[][], match: SpeakerMatch | null, want: number, shape?: QueryShape, runs: KeyRun[] = []): Ranked => {
    const fetch = want * 3 + 20;
    const scored = (q: string) =>
      (hitsQuery.all(q, fetch) as (UnitRow & { s: number })[]).map((row) => ({ row, score: -row.s * row.boost }));
    // Counting every match of a common word costs time: only when there are more than were fetched.
    const countOf = (q: string, fetched: number) => (fetched < fetch ? fetched : count(q));
    const and = matchOf(groups, 'AND', match, runs);
    if (!and) return { rows: [], total: 0 };
    let hits = scored(and).sort((a, b) => b.score - a.score);
    let total = countOf(and, hits.length);
    if (hits.length < want && groups.length > 1) {
      const or = matchOf(groups, 'OR', match, runs)!;
      const seen = new Set(hits.map((h) => h.row.rowid));
      const more = scored(or);
      hits = [...hits, ...more.filter((h) => !seen.has(h.row.rowid)).sort((a, b) => b.score - a.score)];
      total = countOf(or, more.length);
    }
    const byRowid = new Map(hits.map((h) => [h.row.rowid, h.row]));
    const ranked = hits.map((h): [number, number] => [h.row.rowid, h.score]);
    const rows = diversify(shape ? [...rowsInOrderFrom(ranked, byRowid, want, shape)] : hits.map((h) => h.row), saidBy);
    return { rows, total: total > fetch ? total : rows.length };
  };

  /** rowsInOrder over rows already read. */
  const rowsInOrderFrom = (ranked: [number, number][], rows: Map<number, UnitRow>, want: number, shape: QueryShape): UnitRow[] => {
    const depth = Math.min(ranked.length, rerankDepth(want));
    const head = rerank(candidates(ranked, depth), shape);
    return [...head, ...ranked.slice(depth).map(([r]) => r)].map((r) => rows.get(r)!);
  };

  /** Only a speaker or a work, no words: their units, the surest first (by boost). */
  const bySpeaker = (match: SpeakerMatch | null, want: number, runs: KeyRun[] = []): Ranked => {
    const q = matchOf([], 'AND', match, runs);
    if (!q) return { rows: [], total: 0 };
    const rowids = (bySpeakerQuery.all(q, want * 3 + 20) as { rowid: number }[]).map((r) => r.rowid);
    const rows = diversify(rowids.map((r) => unitByRowid.get(r) as UnitRow), saidBy);
    return { rows, total: Math.max(rows.length, count(q)) };
  };

  return { fromChampions, fullQuery, bySpeaker };
}
