import { existsSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { backupName, backupTime, listBackups } from '../../src/db/backup-files.js';
import { BackupError, backupDatabase, backupFile } from '../../src/db/backup.js';
import { openDatabase } from '../../src/db/open.js';
import { addArguments, argumentCount, databaseWithArguments, removeTempDirs, tempDir, zeroMiddlePages } from './damage.js';

afterEach(removeTempDirs);

const AT = Date.UTC(2025, 2, 1, 12, 0, 0);

/** Opens a backup as a plain file: intact, self-contained (no -wal beside it), and how many arguments it holds. */
function inspect(file: string): { check: string; journal: string; count: number } {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return {
      check: db.pragma('quick_check', { simple: true }) as string,
      journal: db.pragma('journal_mode', { simple: true }) as string,
      count: argumentCount(db),
    };
  } finally {
    db.close();
  }
}

describe('backup names', () => {
  it('GIVEN a time THEN rostrum-<UTC timestamp>.sqlite, read back to the second', () => {
    expect(backupName(AT + 999)).toBe('rostrum-20250301T120000Z.sqlite');
    expect(backupTime('rostrum-20250301T120000Z.sqlite')).toBe(AT);
    expect(backupTime('rostrum-latest.sqlite')).toBeNull();
  });
});

describe('backupDatabase', () => {
  it('GIVEN another connection writing throughout THEN the copy is intact and a consistent snapshot holding the rows', async () => {
    const dir = tempDir();
    const path = join(dir, 'rostrum.sqlite');
    databaseWithArguments(path, 40_000); // several backup steps
    const writer = openDatabase(path);
    const reader = new BetterSqlite3(path);
    let writes = 0;
    let done = false;
    const write = () => {
      if (done) return;
      addArguments(writer, 10, 100_000 + writes * 10);
      writes++;
      setImmediate(write);
    };
    setImmediate(write);
    const { file } = await backupDatabase(reader, { dir: join(dir, 'backups'), keep: 7, now: () => AT });
    done = true;
    expect(writes).toBeGreaterThan(0);
    const copy = inspect(file);
    expect(copy).toMatchObject({ check: 'ok', journal: 'delete' });
    expect(copy.count).toBeGreaterThanOrEqual(40_000);
    // Writes come ten to a transaction: a snapshot holds whole transactions only.
    expect((copy.count - 40_000) % 10).toBe(0);
    expect(existsSync(`${file}-wal`)).toBe(false);
    expect(readdirSync(join(dir, 'backups'))).toEqual(['rostrum-20250301T120000Z.sqlite']);
    reader.close();
    writer.close();
  });

  it('GIVEN the bot writing on the connection being copied THEN the copy holds every row committed before it finished', async () => {
    const dir = tempDir();
    const db = openDatabase(join(dir, 'rostrum.sqlite'));
    addArguments(db, 20_000);
    const backup = backupDatabase(db, { dir: join(dir, 'backups'), keep: 7, now: () => AT });
    addArguments(db, 5, 50_000);
    const { file } = await backup;
    expect(inspect(file)).toMatchObject({ check: 'ok', count: 20_005 });
    db.close();
  });

  it('GIVEN older backups and other files THEN only the BACKUP_KEEP newest backups remain, other files untouched', async () => {
    const dir = tempDir();
    const backups = join(dir, 'backups');
    mkdirSync(backups);
    const older = [0, 1, 2, 3].map((d) => backupName(AT - (d + 1) * 86_400_000));
    for (const name of older) writeFileSync(join(backups, name), '');
    writeFileSync(join(backups, 'notes.txt'), 'keep me');
    writeFileSync(join(backups, 'rostrum-before-upgrade.sqlite'), 'keep me too');
    const db = openDatabase(join(dir, 'rostrum.sqlite'));
    const { file, pruned } = await backupDatabase(db, { dir: backups, keep: 3, now: () => AT });
    db.close();
    expect(pruned.map((p) => p.slice(backups.length + 1)).sort()).toEqual([older[2], older[3]].sort());
    expect(listBackups(backups)).toEqual([join(backups, older[1]), join(backups, older[0]), file]);
    expect(readdirSync(backups)).toEqual(expect.arrayContaining(['notes.txt', 'rostrum-before-upgrade.sqlite']));
  });
});

describe('backupFile (npm run backup)', () => {
  it('GIVEN a healthy database THEN a checked copy in the folder', async () => {
    const dir = tempDir();
    const path = join(dir, 'rostrum.sqlite');
    databaseWithArguments(path, 300);
    const { file } = await backupFile(path, { dir: join(dir, 'b'), keep: 7, now: () => AT });
    expect(inspect(file)).toMatchObject({ check: 'ok', count: 300 });
  });

  it.each([
    ['damaged', (p: string) => (databaseWithArguments(p), zeroMiddlePages(p)), /is damaged \(.*no backup was written/],
    ['not a database', (p: string) => writeFileSync(p, 'x'.repeat(8192)), /is not a SQLite database; no backup was written/],
    ['missing', () => {}, /there is no database at .* to back up/],
  ])('GIVEN a %s database THEN refused and nothing is left in the folder', async (_what, make, message) => {
    const dir = tempDir();
    const path = join(dir, 'rostrum.sqlite');
    make(path);
    const backups = join(dir, 'backups');
    const err = await backupFile(path, { dir: backups, keep: 7, now: () => AT }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackupError);
    expect((err as Error).message).toMatch(message);
    expect(existsSync(backups) ? readdirSync(backups) : []).toEqual([]);
  });
});
