/**
 * /quote search on SQLite FTS5 instead of an in-memory MiniSearch index, for large corpora (src/store/search-store.ts
 * uses it from FTS_THRESHOLD units on).
 *
 * The same units, keys, field weights, unit boost and "no passage twice" rule as src/core/search/search.ts,
 * behind the same QuoteSearch interface; the request handling (checks, speaker resolution, fallback) is
 * search.ts's runSearch. What differs: the index lives in the database file (schema.ts, written by build.ts), so
 * start-up opens it (no JSON to parse, nothing on the heap but the speaker registry) and results are read from
 * its units table; the ranking is rank.ts's tiers, and a typo is replaced by the keys near it (typos.ts).
 */
import type Database from 'better-sqlite3';
import type { Corpus } from '../../core/corpus/corpus.js';
import type { QuoteResult } from '../../core/types.js';
import { runSearch, type Narrowing, type QuoteSearch, type SearchResponse } from '../../core/search/search.js';
import { processTerm, tokenize } from '../../core/search/terms.js';
import { SpeakerRegistry } from '../../core/search/speakers.js';
import { WorkRegistry } from '../../core/search/works.js';
import type { QueryShape } from '../../core/search/shape.js';
import type { KeyRun } from './query.js';
import { isOurStamp, stampOf, type UnitRow } from './schema.js';
import { buildFtsIndex } from './build.js';
import { STALE_CHAMPIONS } from './update.js';
import { keyVariants } from './typos.js';
import { ftsRanking, readRankContext, type Ranked } from './rank.js';

/** Builds the FTS5 search over a corpus in db (or reuses the tables when they already hold this corpus). */
export function createFtsQuoteSearch(corpus: Corpus, db: Database.Database): QuoteSearch {
  return openFtsQuoteSearch(db, corpus.hash) ?? (buildFtsIndex(corpus, db), openFtsQuoteSearch(db, corpus.hash)!);
}

/**
 * Opens the search the tables hold, or null when they are missing or built for another corpus or code.
 * `champions: false` skips the champion lists (every query is the full bm25 query): what they are measured against,
 * and what a file whose lists an update left stale does.
 */
export function openFtsQuoteSearch(db: Database.Database, hash?: string, opts: { champions?: boolean } = {}): QuoteSearch | null {
  let stamp: string | undefined;
  try {
    stamp = db.prepare(`SELECT value FROM qs_meta WHERE key = 'stamp'`).pluck().get() as string | undefined;
  } catch {
    return null; // no tables
  }
  if (!stamp || (hash !== undefined ? stamp !== stampOf(hash) : !isOurStamp(stamp))) return null;
  // Lists an update left stale (update.ts) would rank by weights of another corpus: the full query is exact.
  const stale = db.prepare(`SELECT value FROM qs_meta WHERE key = 'champions'`).pluck().get() === STALE_CHAMPIONS;
  const useChampions = (opts.champions ?? true) && !stale;

  const context = readRankContext(db);
  const registry = new SpeakerRegistry(context.speakerId.keys());
  const works = new WorkRegistry(context.sources);
  const unitById = db.prepare('SELECT rowid, * FROM qs_units WHERE id = ?');
  const variantsOf = keyVariants(db);
  const tiers = ftsRanking(db, context);

  /** Ranked, diversified rows: enough for the page asked for, and the total (capped). */
  const rank = (shape: QueryShape, { speaker: match, work }: Narrowing, want: number): Ranked => {
    // A work narrows to units citing it, a quoted phrase to units holding it: the full query requires both.
    const runs: KeyRun[] = [...(work ? [{ column: 'source' as const, keys: work.keys }] : []), ...shape.phrases.map((keys) => ({ column: 'text' as const, keys }))];
    const keys = [...new Set(tokenize(shape.words).map(processTerm).filter((k): k is string => k !== null))];
    if (!keys.length) return match || work ? tiers.bySpeaker(match, want, runs) : { rows: [], total: 0 };
    const groups = keys.map(variantsOf).filter((g) => g.length);
    if (!groups.length) return { rows: [], total: 0 };
    if (runs.length) return tiers.fullQuery(groups, match, want, shape, runs);
    return (useChampions ? tiers.fromChampions(groups, match, want, shape) : null) ?? tiers.fullQuery(groups, match, want, shape);
  };

  return {
    size: context.size,
    toJSON: () => ({ engine: 'fts5', stamp }),
    get: (id) => {
      const row = unitById.get(id) as UnitRow | undefined;
      return row ? toResult(row) : undefined;
    },
    suggestSpeakers: (prefix, limit) => registry.suggest(prefix, limit),
    suggestSources: (prefix, limit) => works.suggest(prefix, limit),
    search: (request): SearchResponse =>
      runSearch(
        request,
        { speakers: registry, works },
        (shape, narrow, want) => {
          const { rows, total } = rank(shape, narrow, want);
          return { items: rows, total };
        },
        toResult,
      ),
  };
}

function toResult(r: UnitRow): QuoteResult {
  return { id: r.id, text: r.text, speaker: r.speaker, document: { id: r.doc_id, title: r.title }, location: r.location, source: r.source };
}
