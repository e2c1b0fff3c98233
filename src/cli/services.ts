import pino from 'pino';
import { resolve } from 'node:path';
import { bootstrapSearch } from '../app/bootstrap.js';

/** Corpus and search for the CLI; logs to standard error only, quietly unless LOG_LEVEL says otherwise. */
export function cliServices() {
  const log = pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2));
  return bootstrapSearch({
    corpusDir: resolve(process.env.CORPUS_DIR ?? 'corpus'),
    dataDir: resolve(process.env.DATA_DIR ?? 'data'),
    log,
  });
}
