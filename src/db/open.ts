/**
 * Opens the SQLite database: creates its folder, turns on WAL, a 5 s busy timeout and foreign keys, and
 * brings the schema up to date (refusing a database written by newer code).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { migrate, MIGRATIONS, type Migration } from './migrations.js';

/** An open better-sqlite3 connection. */
export type Database = BetterSqlite3.Database;

export interface OpenOptions {
  /** The migrations to apply; all of them unless a test wants an older schema. */
  migrations?: readonly Migration[];
}

/** Opens (creating when missing) and migrates the database at `path` (":memory:" for a throwaway one). */
export function openDatabase(path: string, options: OpenOptions = {}): Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
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
