/** Assembles the bot's Services from the configuration: corpus, search and (as they land) the database. */
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Services } from './services.js';
import { bootstrapSearch } from './bootstrap.js';

export function buildServices(config: Config, log: Logger, now: () => number = Date.now): Services {
  const base = bootstrapSearch({ corpusDir: resolve(config.corpusDir), dataDir: resolve(config.dataDir), log, now });
  return { ...base };
}
