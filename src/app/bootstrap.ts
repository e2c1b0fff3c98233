/**
 * The library every front end shares: the corpus (parsed from corpus/), its search index (loaded from the
 * persisted copy when the corpus is unchanged) and the argument checker. It opens no database: the bot's
 * composition root (build.ts) adds that.
 */
import type { Logger } from 'pino';
import type { Library } from './services.js';
import { checkerOver, type Checker, type CheckSource } from '../core/check/checker.js';
import { buildCheckIndex } from '../core/check/corpus-index.js';
import { openCorpus, type OpenedCorpus } from '../store/search-store.js';

export interface LibraryOptions {
  corpusDir: string;
  /** Where the persisted search index lives (data/ by default). */
  dataDir: string;
  log: Logger;
  now?: () => number;
}

/** A library over a corpus already opened (a test's, or one a benchmark opened itself). */
export function libraryOf(opened: OpenedCorpus, opts: { log: Logger; now?: () => number }): Library {
  const { corpus, search, checkSource } = opened;
  // One checker for the life of the library: /sources and "Check sources" share it rather than build one each.
  // A corpus held in a file (FTS5) is checked from the file, passage by passage as arguments need.
  // A corpus in memory is indexed whole, once (as createChecker does); servers' own texts are checked beside it.
  let source: CheckSource | null = null;
  const sourceOf = (): CheckSource => {
    if (source) return source;
    if (checkSource) return (source = checkSource());
    const index = buildCheckIndex(corpus);
    return (source = { indexFor: () => index, document: (id) => corpus.document(id)?.meta, names: index.names });
  };
  let checker: Checker | null = null;
  return {
    corpus,
    search,
    checkSource: sourceOf,
    checker: () => (checker ??= checkerOver(sourceOf())),
    now: opts.now ?? Date.now,
    log: opts.log,
  };
}

/** Corpus, search and checker, opened from the corpus folder: what the CLI and the evaluation need. */
export function openLibrary(opts: LibraryOptions): Library {
  return libraryOf(openCorpus(opts.corpusDir, opts.dataDir, opts.log), opts);
}
