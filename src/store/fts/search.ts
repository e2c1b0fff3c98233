/**
 * /quote search on SQLite FTS5 instead of an in-memory MiniSearch index, for large corpora (src/store/search-store.ts
 * uses it from FTS_THRESHOLD units on).
 *
 * The same units, keys, field weights, unit boost and "no passage twice" rule as src/core/search/search.ts,
 * behind the same QuoteSearch interface; the request handling (checks, speaker resolution, fallback) is
 * search.ts's runSearch. What differs: the index lives in the database file (schema.ts, written by build.ts), so
 * start-up opens it (no JSON to parse, nothing on the heap but the lists of speakers and works, built just after)
 * and results are read from its units table; the ranking is rank.ts's tiers, and a typo is replaced by the keys
 * near it (typos.ts).
 */
import type Database from 'better-sqlite3';
import type { Corpus } from '../../core/corpus/corpus.js';
import type { QuoteResult } from '../../core/types.js';
import { runSearch, type Narrowing, type QuoteSearch, type Registries, type SearchResponse } from '../../core/search/search.js';
import { processTerm, tokenize } from '../../core/search/terms.js';
import { SpeakerRegistry } from '../../core/search/speakers.js';
import { WorkRegistry } from '../../core/search/works.js';
import type { QueryShape } from '../../core/search/shape.js';
import type { KeyRun } from './query.js';
import { isOurStamp, stampOf, type UnitRow } from './schema.js';
import { buildFtsIndex } from './build.js';
import { STALE_CHAMPIONS } from './update.js';
import { keyVariants } from './typos.js';
import { ftsRanking, readRankContext, type RankContext, type Ranked } from './rank.js';

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
  const lists = listsInSteps(context);
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
    suggestSpeakers: (prefix, limit) => lists().speakers.suggest(prefix, limit),
    suggestSources: (prefix, limit) => lists().works.suggest(prefix, limit),
    search: (request): SearchResponse =>
      runSearch(
        request,
        lists(),
        (shape, narrow, want) => {
          const { rows, total } = rank(shape, narrow, want);
          return { items: rows, total };
        },
        toResult,
      ),
  };
}

/** How long a step of building the lists runs before the bot answers between. */
const LIST_STEP_MS = 4;

/**
 * Who and what can be asked for (a third of a second at 100×: thousands of cited works), built a step at a time
 * once opening is over, the bot answering between; a search that comes first has what is left built at once.
 */
function listsInSteps(context: RankContext): () => Registries {
  let began = 0;
  let atOnce = false;
  const due = () => !atOnce && performance.now() - began >= LIST_STEP_MS;
  const steps = (function* (): Generator<void, Registries> {
    const speakers = yield* SpeakerRegistry.inSteps(context.speakerId.keys(), due);
    return { speakers, works: yield* WorkRegistry.inSteps(context.sources, due) };
  })();
  let built: Registries | null = null;
  let failed: { error: unknown } | null = null;
  const step = () => {
    began = performance.now();
    try {
      const r = steps.next();
      if (r.done) built = r.value;
    } catch (error) {
      failed = { error }; // thrown to the search that needs the lists, not from a step nobody awaits
    }
  };
  const next = () => {
    if (built || failed) return;
    step();
    if (!built) setImmediate(next).unref();
  };
  setImmediate(next).unref();
  return () => {
    atOnce = true;
    while (!built && !failed) step();
    if (failed) throw failed.error;
    return built!;
  };
}

function toResult(r: UnitRow): QuoteResult {
  return { id: r.id, text: r.text, speaker: r.speaker, document: { id: r.doc_id, title: r.title }, location: r.location, source: r.source };
}
