/**
 * Opens the SQLite database: refuses a damaged one (integrity.ts), creates its folder, turns on WAL, a 5 s busy timeout and foreign keys, and
 * brings the schema up to date (refusing a database written by newer code).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Logger } from 'pino';
import { checkDatabaseFile } from './integrity.js';
import { migrate, MIGRATIONS, type Migration } from './migrations.js';

/** An open better-sqlite3 connection. */
export type Database = BetterSqlite3.Database;

export interface OpenOptions {
  /** The migrations to apply; all of them unless a test wants an older schema. */
  migrations?: readonly Migration[];
  /** Where backups are kept: a refused damaged database names the newest as the way back. */
  backupDir?: string;
  /** Told how long the integrity check took (a warning past CHECK_BUDGET_MS). */
  log?: Logger;
}

/** The check grows with the file (about 50 ms per 100,000 arguments); past this the operator is told. */
export const CHECK_BUDGET_MS = 1000;

/**
 * Opens (creating when missing) and migrates the database at `path` (":memory:" for a throwaway one).
 * Throws DatabaseDamagedError, before anything is written, when the file is damaged or not a database.
 */
export function openDatabase(path: string, options: OpenOptions = {}): Database {
  if (path !== ':memory:') {
    const ms = Math.round(checkDatabaseFile(path, { backupDir: options.backupDir }));
    if (ms > CHECK_BUDGET_MS) options.log?.warn({ path, ms }, 'the database integrity check at start is slow (it grows with the database)');
    else options.log?.debug({ path, ms }, 'database integrity checked');
    mkdirSync(dirname(path), { recursive: true });
  }
  const db = new BetterSqlite3(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    // With WAL, NORMAL survives a crashed process (only a power cut may lose the last commits) and spares an fsync per write.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db, options.migrations ?? MIGRATIONS, path);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}
