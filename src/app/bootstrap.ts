/**
 * The library every front end shares: the corpus (parsed from corpus/), its search index (loaded from the
 * persisted copy when the corpus is unchanged) and the argument checker. It opens no database: the bot's
 * composition root (build.ts) adds that.
 */
import type { Logger } from 'pino';
import type { Library } from './services.js';
import { checkerOver, type Checker, type CheckSource } from '../core/check/checker.js';
import { buildCheckIndex } from '../core/check/corpus-index.js';
import type { Corpus } from '../core/corpus/corpus.js';
import type { QuoteSearch } from '../core/search/search.js';
import type { Timers } from '../db/deadline-timer.js';
import { openCorpus, type OpenedCorpus } from '../store/search-store.js';
import { watchCorpus } from '../store/corpus-watcher.js';

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

/** A library that follows corpus/ while the bot runs: watch() starts that, and returns what stops it. */
export interface LiveLibrary extends Library {
  watch(timers: Timers): () => void;
}

/**
 * The bot's library: opened as openLibrary's, then, once watched, served from each corpus the watcher opens
 * (src/store/corpus-watcher.ts). Its corpus, search and check source are stable objects standing for the
 * current ones, so whoever took them at start-up (the Services, each server's merged search and checks) sees
 * every change — except a server's checks built before it, which keep the names context they merged then.
 */
export function openLiveLibrary(opts: LibraryOptions): LiveLibrary {
  let opened = openCorpus(opts.corpusDir, opts.dataDir, opts.log);
  let current = libraryOf(opened, opts);
  // Held by each server's combined checks: it must never read a corpus file the watcher has closed.
  const liveSource: CheckSource = {
    indexFor: (quotes, scope) => current.checkSource().indexFor(quotes, scope),
    document: (id) => current.checkSource().document(id),
    get names() {
      return current.checkSource().names;
    },
  };
  return {
    ...current,
    corpus: currentCorpus(() => current.corpus),
    search: currentSearch(() => current.search),
    checker: () => current.checker(),
    checkSource: () => liveSource,
    watch(timers) {
      const watching = watchCorpus({
        corpusDir: opts.corpusDir,
        dataDir: opts.dataDir,
        log: opts.log,
        timers,
        opened,
        onChange: (next) => {
          opened = next;
          current = libraryOf(next, opts);
        },
      });
      return () => watching.stop();
    },
  };
}

/** A corpus standing for whichever `now` gives. */
function currentCorpus(now: () => Corpus): Corpus {
  return {
    get hash() {
      return now().hash;
    },
    get documents() {
      return now().documents;
    },
    get quotations() {
      return now().quotations;
    },
    get passages() {
      return now().passages;
    },
    get size() {
      return now().size;
    },
    document: (id) => now().document(id),
    speakers: () => now().speakers(),
  };
}

/** A search standing for whichever `now` gives. */
function currentSearch(now: () => QuoteSearch): QuoteSearch {
  return {
    get size() {
      return now().size;
    },
    search: (request) => now().search(request),
    suggestSpeakers: (prefix, limit) => now().suggestSpeakers(prefix, limit),
    suggestSources: (prefix, limit) => now().suggestSources(prefix, limit),
    get: (id) => now().get(id),
    toJSON: () => now().toJSON(),
  };
}
