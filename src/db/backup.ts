/**
 * Backups: SQLite's online backup of a live connection (safe while the bot writes — WAL readers never block
 * it), written beside its final name, checked, then renamed into place, so a backup folder never holds a
 * half-written or damaged copy; then the oldest beyond the retention count are deleted.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { backupName, pruneBackups } from './backup-files.js';
import { damageOf, isDamage, quickCheck } from './integrity.js';

/** A backup could not be made; the message says why, for the operator. */
export class BackupError extends Error {
  override name = 'BackupError';
}

export interface BackupOptions {
  /** The backup folder (created when missing). */
  dir: string;
  /** How many backups to keep, the newest. */
  keep: number;
  now: () => number;
}

export interface BackupResult {
  /** The new backup. */
  file: string;
  /** Old backups deleted to keep `keep`. */
  pruned: string[];
}

/** Pages copied per step: small steps let the bot's other work run between them. */
const STEP_PAGES = 1000;
const ALL_PAGES = 0x7fffffff;

/** Copies the database open on `db` into `dir` and prunes old backups. Rejects with a BackupError when the copy is not intact. */
export async function backupDatabase(db: BetterSqlite3.Database, options: BackupOptions): Promise<BackupResult> {
  mkdirSync(options.dir, { recursive: true });
  const file = join(options.dir, backupName(options.now()));
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  try {
    let remaining = Infinity;
    let restarted = false;
    await db.backup(partial, {
      // Another process wrote mid-copy and SQLite started over: copy everything in the next step (one read
      // transaction) so that a busy bot cannot keep the backup restarting.
      progress: ({ remainingPages }) => {
        restarted ||= remainingPages > remaining;
        remaining = remainingPages;
        return restarted ? ALL_PAGES : STEP_PAGES;
      },
    });
    const problem = settleCopy(partial);
    if (problem !== null) throw new BackupError(`the copy of the database ${problem}, so the database itself is likely damaged; no backup was written`);
    // Two backups within one second hold the same data: the later replaces the earlier.
    renameSync(partial, file);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
  return { file, pruned: pruneBackups(options.dir, options.keep) };
}

/**
 * `npm run backup`: backs up the database file at `databasePath` through a connection of its own (the bot
 * may be running). It only reads; not read-only so that, closing last, it tidies away the -wal and -shm.
 * Damage and a missing file are BackupErrors.
 */
export async function backupFile(databasePath: string, options: BackupOptions): Promise<BackupResult> {
  if (!existsSync(databasePath)) throw new BackupError(`there is no database at ${databasePath} to back up (set DATABASE_PATH to back up another)`);
  let db: BetterSqlite3.Database | null = null;
  try {
    db = new BetterSqlite3(databasePath, { fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    return await backupDatabase(db, options);
  } catch (err) {
    if (isDamage(err)) throw new BackupError(`the database ${databasePath} ${damageOf(err)}; no backup was written`);
    throw err;
  } finally {
    db?.close();
  }
}

/**
 * Makes a fresh copy one self-contained file (rollback journal, no -wal beside it) and checks it:
 * null when intact, else what is wrong.
 */
export function settleCopy(path: string): string | null {
  const copy = new BetterSqlite3(path, { fileMustExist: true });
  try {
    const problem = quickCheck(copy);
    if (problem === null) copy.pragma('journal_mode = DELETE');
    return problem;
  } finally {
    copy.close();
  }
}
