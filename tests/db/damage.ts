/** Fixtures for the data-file fault tests: a real database with rows, and ways to damage it. */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../../src/db/open.js';

const dirs: string[] = [];
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rostrum-data-'));
  dirs.push(dir);
  return dir;
}
export function removeTempDirs(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

const TEXT = 'The emperor was never so powerful as when he seemed to share his power with the senate. ';

/** Adds one debate holding `count` arguments numbered from `from`; returns nothing (count them with argumentCount). */
export function addArguments(db: Database, count: number, from = 1): void {
  db.transaction(() => {
    const debate = db
      .prepare(
        `INSERT INTO debates (guild_id, channel_id, host_id, host_name, motion, format_id, format_name, status, grace_ms, created_at)
         VALUES ('g1', ?, 'h', 'host', 'This house regrets the fall of Rome', 'oxford', 'Oxford', 'ended', 0, 0)`,
      )
      .run(`c${from}`).lastInsertRowid;
    const argue = db.prepare(
      `INSERT INTO arguments (debate_id, turn_index, user_id, user_name, side_id, text, created_at, number) VALUES (?, 0, 'u1', 'alice', 'a', ?, 0, ?)`,
    );
    for (let i = 0; i < count; i++) argue.run(debate, TEXT.repeat(3) + (from + i), i + 1);
  })();
}

export const argumentCount = (db: Database): number => db.prepare('SELECT COUNT(*) FROM arguments').pluck().get() as number;

/** A closed database file at `path` with `count` arguments (a few hundred pages). */
export function databaseWithArguments(path: string, count = 2000): void {
  const db = openDatabase(path);
  addArguments(db, count);
  db.close();
}

/** Overwrites `pages` pages with zeros from the middle of the file, as a bad disk or an interrupted copy would. */
export function zeroMiddlePages(path: string, pages = 4, pageSize = 4096): void {
  const total = Math.floor(statSync(path).size / pageSize);
  const first = Math.floor(total / 2);
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, Buffer.alloc(pages * pageSize), 0, pages * pageSize, first * pageSize);
  } finally {
    closeSync(fd);
  }
}

export const bytesOf = (path: string): Buffer => readFileSync(path);
