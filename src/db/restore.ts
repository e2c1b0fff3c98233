/**
 * `npm run restore FILE`: puts a backup in place of the database. The backup is checked first (intact, a
 * Rostrum database, not newer than this code); the database must not be open elsewhere (the bot stopped);
 * the current file is kept aside, never deleted, and its -wal/-shm go with it so that none is applied to
 * the restored file.
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { backupName } from './backup-files.js';
import { settleCopy } from './backup.js';
import { isDamage, quickCheck } from './integrity.js';
import { latestVersion, migrate } from './migrations.js';

/** The restore was refused before anything changed; the message says why and what to do. */
export class RestoreRefusedError extends Error {
  override name = 'RestoreRefusedError';
}

export interface RestoreOptions {
  /** The backup to restore. */
  file: string;
  /** The database it replaces (DATABASE_PATH). */
  databasePath: string;
  now: () => number;
}

export interface RestoreResult {
  /** Where the database that was replaced now is, or null when there was none. */
  keptAside: string | null;
}

/** Puts the backup `file` in place of `databasePath`; throws RestoreRefusedError, changing nothing, when it should not. */
export async function restoreDatabase({ file, databasePath, now }: RestoreOptions): Promise<RestoreResult> {
  if (!existsSync(file) || !statSync(file).isFile()) throw new RestoreRefusedError(`There is no file at ${file}; nothing was changed.`);
  if (resolve(file) === resolve(databasePath)) throw new RestoreRefusedError(`${file} is the database itself; name a backup from the backup folder (BACKUP_DIR) instead.`);
  const backup = openBackup(file);
  try {
    refuseIfInUse(databasePath);
    const keptAside = existsSync(databasePath) ? moveAside(databasePath, now) : null;
    const partial = `${databasePath}.restoring`;
    try {
      mkdirSync(dirname(databasePath), { recursive: true });
      rmSync(partial, { force: true });
      await backup.backup(partial);
      const problem = settleCopy(partial);
      if (problem !== null) throw new Error(`the restored copy ${problem}`);
      renameSync(partial, databasePath);
    } catch (err) {
      rmSync(partial, { force: true });
      if (keptAside) putBack(keptAside, databasePath);
      throw err;
    }
    return { keptAside };
  } finally {
    backup.close();
  }
}

/** Opens the backup read-only and refuses one that is damaged, not Rostrum's, or newer than this code. */
function openBackup(file: string): BetterSqlite3.Database {
  let db: BetterSqlite3.Database;
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new RestoreRefusedError(`${file} could not be opened (${(err as Error).message}); nothing was changed.`);
  }
  try {
    const problem = quickCheck(db);
    if (problem !== null) throw new RestoreRefusedError(`${file} ${problem}; nothing was changed. Try an older backup.`);
    const isRostrum = db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'debates'").pluck().get() === 1;
    if (!isRostrum) throw new RestoreRefusedError(`${file} is not a Rostrum database (it has no debates table); nothing was changed.`);
    const version = db.pragma('user_version', { simple: true }) as number;
    // migrate() refuses a newer schema before writing anything; an older one is brought up to date at start.
    if (version > latestVersion()) migrate(db, undefined, file);
    return db;
  } catch (err) {
    db.close();
    if (err instanceof RestoreRefusedError) throw err;
    throw new RestoreRefusedError(`${(err as Error).message} Nothing was changed.`);
  }
}

/**
 * Every open connection to a WAL database holds a shared lock on it; an exclusive lock is granted only when
 * no other process (the bot, a shard, `npm run backup`) has it open.
 */
function refuseIfInUse(databasePath: string): void {
  if (!existsSync(databasePath)) return;
  let db: BetterSqlite3.Database | null = null;
  try {
    db = new BetterSqlite3(databasePath, { fileMustExist: true });
    db.pragma('busy_timeout = 0');
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE; COMMIT');
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
      throw new RestoreRefusedError(`The database ${databasePath} is in use: stop the bot (and any other Rostrum command using it) first, then restore again. Nothing was changed.`);
    }
    // A damaged database cannot be in use by Rostrum (it refuses to start on one): it is the one being replaced.
    if (!isDamage(err)) throw err;
  } finally {
    db?.close();
  }
}

const SIDE_FILES = ['-wal', '-shm'] as const;

/** Renames the database (and its -wal, which holds its last commits) to <name>.before-restore-<timestamp>. */
function moveAside(databasePath: string, now: () => number): string {
  const stamp = backupName(now()).replace(/^rostrum-|\.sqlite$/g, '');
  const aside = `${databasePath}.before-restore-${stamp}`;
  renameSync(databasePath, aside);
  const wal = `${databasePath}-wal`;
  if (existsSync(wal) && statSync(wal).size > 0) renameSync(wal, `${aside}-wal`);
  rmSync(wal, { force: true });
  // The shared-memory index is rebuilt from the -wal by whoever opens the file next.
  rmSync(`${databasePath}-shm`, { force: true });
  return aside;
}

function putBack(aside: string, databasePath: string): void {
  if (!existsSync(databasePath)) renameSync(aside, databasePath);
  for (const side of SIDE_FILES) if (existsSync(`${aside}${side}`)) renameSync(`${aside}${side}`, `${databasePath}${side}`);
}
