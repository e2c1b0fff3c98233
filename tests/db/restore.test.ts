import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { backupFile } from '../../src/db/backup.js';
import { latestVersion } from '../../src/db/migrations.js';
import { openDatabase } from '../../src/db/open.js';
import { RestoreRefusedError, restoreDatabase } from '../../src/db/restore.js';
import { addArguments, argumentCount, bytesOf, databaseWithArguments, removeTempDirs, tempDir, zeroMiddlePages } from './damage.js';

afterEach(removeTempDirs);

const AT = Date.UTC(2025, 2, 1, 12, 0, 0);

function countIn(path: string): number {
  const db = openDatabase(path);
  try {
    return argumentCount(db);
  } finally {
    db.close();
  }
}

async function refusal(file: string, databasePath: string): Promise<string> {
  const err = await restoreDatabase({ file, databasePath, now: () => AT }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(RestoreRefusedError);
  return (err as Error).message;
}

describe('restoreDatabase (npm run restore FILE)', () => {
  it('GIVEN rows, a backup, more rows THEN the restore brings back the backed-up rows and keeps the replaced file aside', async () => {
    const dir = tempDir();
    const path = join(dir, 'rostrum.sqlite');
    databaseWithArguments(path, 100);
    const { file } = await backupFile(path, { dir: join(dir, 'backups'), keep: 7, now: () => AT - 60_000 });
    const db = openDatabase(path);
    addArguments(db, 50, 1000);
    db.close();

    const { keptAside } = await restoreDatabase({ file, databasePath: path, now: () => AT });
    expect(keptAside).toBe(`${path}.before-restore-20250301T120000Z`);
    expect(countIn(path)).toBe(100);
    expect(countIn(keptAside!)).toBe(150);
    expect(readdirSync(dir).sort()).toEqual(['backups', 'rostrum.sqlite', 'rostrum.sqlite.before-restore-20250301T120000Z']);
  });

  it('GIVEN the replaced database left a -wal by a crash THEN its last commits go aside with it, never into the restored file', async () => {
    const dir = tempDir();
    const path = join(dir, 'rostrum.sqlite');
    databaseWithArguments(path, 10);
    const { file } = await backupFile(path, { dir: join(dir, 'backups'), keep: 7, now: () => AT - 60_000 });
    // A copy of the live files taken mid-run: the database with its -wal holding commits not yet checkpointed.
    const live = openDatabase(path);
    addArguments(live, 5, 1000);
    const crashed = join(tempDir(), 'rostrum.sqlite');
    writeFileSync(crashed, bytesOf(path));
    writeFileSync(`${crashed}-wal`, bytesOf(`${path}-wal`));
    live.close();

    const { keptAside } = await restoreDatabase({ file, databasePath: crashed, now: () => AT });
    expect(existsSync(`${crashed}-wal`)).toBe(false);
    expect(countIn(crashed)).toBe(10);
    expect(countIn(keptAside!)).toBe(15);
  });

  it('GIVEN a damaged backup THEN refused, nothing changed', async () => {
    const dir = tempDir();
    const path = join(dir, 'rostrum.sqlite');
    databaseWithArguments(path, 20);
    const damaged = join(dir, 'rostrum-20250101T000000Z.sqlite');
    databaseWithArguments(damaged);
    zeroMiddlePages(damaged);
    const before = bytesOf(path);
    expect(await refusal(damaged, path)).toMatch(new RegExp(`^${damaged} is damaged \\(.*\\); nothing was changed\\. Try an older backup\\.$`));
    expect(bytesOf(path).equals(before)).toBe(true);
    // Read-only reading may leave an empty -wal and its index beside the backup; nothing else appears.
    expect(readdirSync(dir).filter((f) => !/-(wal|shm)$/.test(f)).sort()).toEqual(['rostrum-20250101T000000Z.sqlite', 'rostrum.sqlite']);
    expect(bytesOf(`${damaged}-wal`).length).toBe(0);
  });

  it('GIVEN a backup written by a newer Rostrum THEN refused with the migrations\' words, nothing changed', async () => {
    const dir = tempDir();
    const path = join(dir, 'rostrum.sqlite');
    databaseWithArguments(path, 20);
    const newer = join(dir, 'newer.sqlite');
    databaseWithArguments(newer, 5);
    const db = new BetterSqlite3(newer);
    db.pragma(`user_version = ${latestVersion() + 1}`);
    db.close();
    const message = await refusal(newer, path);
    expect(message).toContain(`${newer} is at schema version ${latestVersion() + 1}, newer than this version of Rostrum understands`);
    expect(message).toMatch(/Nothing was changed\.$/);
    expect(countIn(path)).toBe(20);
  });

  it('GIVEN a file that is not a Rostrum database, or no file THEN refused', async () => {
    const dir = tempDir();
    const path = join(dir, 'rostrum.sqlite');
    databaseWithArguments(path, 20);
    const other = join(dir, 'other.sqlite');
    const db = new BetterSqlite3(other);
    db.exec('CREATE TABLE notes (x)');
    db.close();
    expect(await refusal(other, path)).toMatch(/is not a Rostrum database/);
    writeFileSync(join(dir, 'junk.sqlite'), 'x'.repeat(5000));
    expect(await refusal(join(dir, 'junk.sqlite'), path)).toMatch(/junk\.sqlite is not a SQLite database; nothing was changed/);
    expect(await refusal(join(dir, 'missing.sqlite'), path)).toMatch(/There is no file at .*missing\.sqlite; nothing was changed/);
    expect(await refusal(path, path)).toMatch(/is the database itself/);
    expect(countIn(path)).toBe(20);
  });

  it('GIVEN the database open elsewhere (the bot running) THEN refused: stop the bot first; nothing changed', async () => {
    const dir = tempDir();
    const path = join(dir, 'rostrum.sqlite');
    databaseWithArguments(path, 20);
    const { file } = await backupFile(path, { dir: join(dir, 'backups'), keep: 7, now: () => AT });
    const bot = openDatabase(path);
    expect(await refusal(file, path)).toMatch(new RegExp(`^The database ${path} is in use: stop the bot .* first, then restore again\\. Nothing was changed\\.$`));
    expect(argumentCount(bot)).toBe(20);
    bot.close();
    await restoreDatabase({ file, databasePath: path, now: () => AT });
    expect(countIn(path)).toBe(20);
  });

  it('GIVEN no database yet THEN the backup becomes it, nothing set aside', async () => {
    const dir = tempDir();
    const source = join(dir, 'old.sqlite');
    databaseWithArguments(source, 7);
    const { file } = await backupFile(source, { dir: join(dir, 'backups'), keep: 7, now: () => AT });
    const fresh = join(tempDir(), 'data', 'rostrum.sqlite');
    expect(await restoreDatabase({ file, databasePath: fresh, now: () => AT })).toEqual({ keptAside: null });
    expect(countIn(fresh)).toBe(7);
  });
});
