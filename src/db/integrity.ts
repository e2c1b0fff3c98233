/**
 * The database is checked before it is used: SQLite's quick_check (every page's structure; about 50 ms per
 * 100,000 arguments) on a read-only connection, so a damaged file is refused untouched, with the way back.
 */
import { existsSync, statSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { newestBackup } from './backup-files.js';

/** The database file is damaged or is not a SQLite database: refused, never opened for writing. */
export class DatabaseDamagedError extends Error {
  override name = 'DatabaseDamagedError';
  constructor(
    readonly path: string,
    /** What SQLite found, e.g. "is damaged (database disk image is malformed)". */
    readonly problem: string,
    /** The backup folder looked in, if any. */
    backupDir?: string,
  ) {
    super(`The database ${path} ${problem}; Rostrum will not use it. ${wayBack(backupDir)}`);
  }
}

function wayBack(backupDir: string | undefined): string {
  const newest = backupDir === undefined ? null : newestBackup(backupDir);
  if (newest) return `Stop Rostrum and restore the latest backup: npm run restore ${newest}`;
  const restore = 'with `npm run restore FILE`, or move the file aside to start with an empty database.';
  return backupDir === undefined ? `Restore a backup ${restore}` : `No backup was found in ${backupDir}: restore one ${restore}`;
}

/** DATABASE_PATH names something that is not a file (a directory, say): nothing to check or open. */
export class DatabaseNotAFileError extends Error {
  override name = 'DatabaseNotAFileError';
  constructor(readonly path: string) {
    super(`The database path ${path} is not a file (a directory?). Set DATABASE_PATH to a file, e.g. data/rostrum.sqlite.`);
  }
}

/** SQLite's own words for a file that is damaged or not a database. */
export function isDamage(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}

/** quick_check on an open connection: null when intact, else the first problem SQLite reports. */
export function quickCheck(db: BetterSqlite3.Database): string | null {
  try {
    const rows = db.pragma('quick_check', { simple: false }) as { quick_check: string }[];
    if (rows.length === 1 && rows[0].quick_check === 'ok') return null;
    // Its report may span lines ("*** in database main ***\nPage 5: …"); the refusal is one line.
    return `is damaged (${(rows[0]?.quick_check ?? 'no answer from quick_check').replace(/\s+/g, ' ').trim()})`;
  } catch (err) {
    if (isDamage(err)) return damageOf(err);
    throw err;
  }
}

/** What a damage error (isDamage) says about the file, after "The database X …". */
export function damageOf(err: unknown): string {
  return (err as { code?: string }).code === 'SQLITE_NOTADB' ? 'is not a SQLite database' : `is damaged (${(err as Error).message})`;
}

export interface CheckOptions {
  /** Where backups are kept, so the refusal can name the newest. */
  backupDir?: string;
}

/**
 * Refuses a damaged database at `path` with a DatabaseDamagedError; a missing or empty file is a new
 * database and passes. Returns how long the check took (ms).
 */
export function checkDatabaseFile(path: string, options: CheckOptions = {}): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isFile()) throw new DatabaseNotAFileError(path);
  if (stat.size === 0) return 0;
  const started = performance.now();
  let problem: string | null;
  let db: BetterSqlite3.Database | null = null;
  try {
    db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    problem = quickCheck(db);
  } catch (err) {
    if (!isDamage(err)) throw err;
    problem = damageOf(err);
  } finally {
    db?.close();
  }
  if (problem !== null) {
    throw new DatabaseDamagedError(path, problem, options.backupDir);
  }
  return performance.now() - started;
}
