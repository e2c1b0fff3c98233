import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseDamagedError } from '../../src/db/integrity.js';
import { openDatabase } from '../../src/db/open.js';
import { argumentCount, bytesOf, databaseWithArguments, removeTempDirs, tempDir, zeroMiddlePages } from './damage.js';

afterEach(removeTempDirs);

function refusal(path: string, backupDir?: string): DatabaseDamagedError {
  try {
    openDatabase(path, { backupDir }).close();
  } catch (err) {
    expect(err).toBeInstanceOf(DatabaseDamagedError);
    return err as DatabaseDamagedError;
  }
  throw new Error('expected the database to be refused');
}

describe('the database is checked before it is used', () => {
  it('GIVEN a database with a few zeroed pages THEN refused in one line naming it and the newest backup, and left as it was', () => {
    const dir = tempDir();
    const path = join(dir, 'rostrum.sqlite');
    databaseWithArguments(path);
    const backups = join(dir, 'backups');
    mkdirSync(backups);
    copyFileSync(path, join(backups, 'rostrum-20250101T000000Z.sqlite'));
    copyFileSync(path, join(backups, 'rostrum-20250301T120000Z.sqlite'));
    writeFileSync(join(backups, 'rostrum-notes.sqlite'), 'not a backup');
    zeroMiddlePages(path);
    const before = bytesOf(path);

    const err = refusal(path, backups);
    expect(err.message).toContain(`The database ${path} is damaged (`);
    expect(err.message).toContain(`npm run restore ${join(backups, 'rostrum-20250301T120000Z.sqlite')}`);
    expect(err.message).not.toContain('\n');
    expect(bytesOf(path).equals(before)).toBe(true);
    expect(existsSync(`${path}-wal`) ? bytesOf(`${path}-wal`).length : 0).toBe(0);
  });

  it('GIVEN a damaged database and no backup THEN the refusal says none was found and how to go on', () => {
    const path = join(tempDir(), 'rostrum.sqlite');
    databaseWithArguments(path);
    zeroMiddlePages(path);
    const backups = join(tempDir(), 'backups');
    expect(refusal(path, backups).message).toContain(`No backup was found in ${backups}: restore one with \`npm run restore FILE\`, or move the file aside to start with an empty database.`);
    expect(refusal(path).message).toMatch(/Rostrum will not use it\. Restore a backup with `npm run restore FILE`, or move the file aside/);
  });

  it('GIVEN a file that is not a SQLite database THEN refused as such, unchanged', () => {
    const path = join(tempDir(), 'rostrum.sqlite');
    writeFileSync(path, 'debates: 3\n'.repeat(100));
    const before = bytesOf(path);
    const err = refusal(path);
    expect(err.message).toMatch(new RegExp(`^The database ${path} is not a SQLite database; Rostrum will not use it\\. `));
    expect(bytesOf(path).equals(before)).toBe(true);
  });

  it('GIVEN a healthy database with rows THEN opened with every row', () => {
    const path = join(tempDir(), 'rostrum.sqlite');
    databaseWithArguments(path, 500);
    const db = openDatabase(path);
    expect(argumentCount(db)).toBe(500);
    db.close();
  });

  it('GIVEN no file, or an empty one THEN a new database', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'empty.sqlite'), '');
    for (const path of [join(dir, 'new', 'rostrum.sqlite'), join(dir, 'empty.sqlite')]) {
      const db = openDatabase(path);
      expect(argumentCount(db)).toBe(0);
      db.close();
    }
  });
});
