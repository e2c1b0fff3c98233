/** The CLI's configuration and library: the same loader as `npm start`; logs go to standard error only. */
import { resolve } from 'node:path';
import { configFromProcess } from '../app/env-file.js';
import { createLogger } from '../app/logger.js';
import { openLibrary } from '../app/bootstrap.js';
import type { Config, LogLevel } from '../app/config.js';
import type { Library } from '../app/services.js';

/** The configuration (.env, then the environment); the CLI is quieter than the bot unless LOG_LEVEL says otherwise. */
export function cliConfig(quietLevel: LogLevel = 'warn'): Config {
  return configFromProcess({ logLevel: quietLevel });
}

/** Corpus, search and checker for the CLI and the tools, from CORPUS_DIR and DATA_DIR. */
export function cliServices(config: Config = cliConfig()): Library {
  return openLibrary({ corpusDir: resolve(config.corpusDir), dataDir: resolve(config.dataDir), log: createLogger(config) });
}
