/**
 * One argument checker per corpus, built on first use: indexing every passage takes a moment, so commands
 * (/sources, "Check sources") share it for the life of the process rather than building one per request.
 * A corpus held in a file (FTS5) is checked from the file instead, passage by passage as arguments need.
 */
import { checkerOver, createChecker, type Checker } from '../core/check/checker.js';
import type { Corpus } from '../core/corpus/corpus.js';
import type { Services } from './services.js';

const checkers = new WeakMap<Corpus, Checker>();

/** The checker for `services.corpus`, created the first time it is asked for. */
export function checkerFor(services: Pick<Services, 'corpus' | 'checkSource'>): Checker {
  let checker = checkers.get(services.corpus);
  if (!checker) {
    checker = services.checkSource ? checkerOver(services.checkSource()) : createChecker(services.corpus);
    checkers.set(services.corpus, checker);
  }
  return checker;
}
