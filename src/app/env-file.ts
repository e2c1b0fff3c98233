/**
 * `npm start` reads .env when present. Variables already set in the environment win over the file, so a
 * test or a process manager can always override it. Uses Node's own parser (process.loadEnvFile, Node
 * 20.12+); no dotenv dependency.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig, type Config, type ConfigDefaults } from './config.js';

/** Loads `file` into process.env when it exists; returns whether it was read. */
export function loadEnvFile(file = path.resolve('.env')): boolean {
  if (!fs.existsSync(file)) return false;
  process.loadEnvFile(file);
  return true;
}

/**
 * The entry points' way in: .env, then loadConfig(process.env). A ConfigError is printed as one line on
 * standard error and the process exits 1 (no stack trace: the message says what to fix).
 */
export function configFromProcess(defaults: ConfigDefaults = {}): Config {
  try {
    loadEnvFile();
    return loadConfig(process.env, defaults);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}
