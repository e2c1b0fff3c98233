/**
 * Everything a command handler may use, assembled once at start-up (src/main.ts) and passed in, so that
 * handlers never reach for globals or the environment.
 */
import type { Logger } from 'pino';
import type { Corpus } from './core/corpus/corpus.js';
import type { QuoteSearch } from './core/search/search.js';

export interface Services {
  corpus: Corpus;
  search: QuoteSearch;
  /** Milliseconds since the epoch; injected so tests can drive time. */
  now: () => number;
  log: Logger;
}
