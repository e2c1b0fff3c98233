/**
 * Builds the Services every front end shares: the corpus (parsed from corpus/), the search index
 * (loaded from its persisted copy when the corpus is unchanged) and, for the bot, the database.
 */
import type { Logger } from 'pino';
import type { Services } from './services.js';
import { openCorpus } from '../store/search-store.js';

export interface BootstrapOptions {
  corpusDir: string;
  /** Where the persisted search index lives (data/ by default). */
  dataDir: string;
  log: Logger;
  now?: () => number;
}

/** Corpus and search only: what the CLI and the evaluation need. */
export function bootstrapSearch(opts: BootstrapOptions): Pick<Services, 'corpus' | 'search' | 'checkSource' | 'now' | 'log'> {
  const { corpus, search, checkSource } = openCorpus(opts.corpusDir, opts.dataDir, opts.log);
  return { corpus, search, checkSource, now: opts.now ?? Date.now, log: opts.log };
}
