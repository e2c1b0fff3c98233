/**
 * Mistakes in how Rostrum was set up — configuration, the command files, the database file — are told in one
 * line that says what to fix, never as a stack trace. The entry points (npm start, the CLI) share this list.
 */
import { ConfigError } from './config.js';
import { CommandLoadError } from './command-loader.js';
import { DatabaseTooNewError } from '../db/migrations.js';
import { DatabaseDamagedError, DatabaseNotAFileError } from '../db/integrity.js';
import { HostConflictError } from '../db/hosts-repo.js';
import { DatabaseUnreachableError } from '../db/pg/url.js';

const SETUP_ERRORS = [ConfigError, CommandLoadError, DatabaseTooNewError, DatabaseDamagedError, DatabaseNotAFileError, HostConflictError, DatabaseUnreachableError];

/** The one line to print for a set-up mistake, or null for anything else (a bug: let it throw). */
export function setupErrorLine(err: unknown): string | null {
  return SETUP_ERRORS.some((E) => err instanceof E) ? `rostrum: ${(err as Error).message}` : null;
}
