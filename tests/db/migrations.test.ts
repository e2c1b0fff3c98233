import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { latestVersion, MIGRATIONS, type Migration } from '../../src/db/migrations.js';
import { openDatabase } from '../../src/db/open.js';

const dirs: string[] = [];
function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rostrum-db-'));
  dirs.push(dir);
  return join(dir, 'nested', 'rostrum.sqlite');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('openDatabase and migrations', () => {
  it('GIVEN a new path THEN creates the folder, WAL, busy timeout, foreign keys, latest user_version', () => {
    const db = openDatabase(tempPath());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['arguments', 'deadlines', 'debates', 'participants', 'sides', 'turns']));
    db.close();
  });

  it('GIVEN a database newer than the code THEN refused with a clear message and left as it was', () => {
    const path = tempPath();
    const db = openDatabase(path);
    db.pragma(`user_version = ${latestVersion() + 1}`);
    db.close();
    expect(() => openDatabase(path)).toThrow(
      `is at schema version ${latestVersion() + 1}, newer than this version of Rostrum understands (${latestVersion()}). Upgrade Rostrum`,
    );
    const again = openDatabase(path, { migrations: [...MIGRATIONS, { version: latestVersion() + 1, name: 'future', up() {} }] });
    expect(again.pragma('user_version', { simple: true })).toBe(latestVersion() + 1);
    again.close();
  });

  it('GIVEN a database at N-1 with rows THEN migrating to N keeps them (a later migration appended)', () => {
    const path = tempPath();
    const db = openDatabase(path);
    db.prepare(`INSERT INTO debates (channel_id, host_id, host_name, motion, format_id, format_name, status, grace_ms, created_at)
      VALUES ('t1', 'h', 'Host', 'Motion', 'oxford', 'Oxford', 'open', 10000, 1)`).run();
    db.close();
    const scores: Migration = {
      version: latestVersion() + 1,
      name: 'scores',
      up: (d) => d.exec('ALTER TABLE arguments ADD COLUMN verdict TEXT'),
    };
    const next = openDatabase(path, { migrations: [...MIGRATIONS, scores] });
    expect(next.pragma('user_version', { simple: true })).toBe(scores.version);
    expect(next.prepare('SELECT motion FROM debates').pluck().get()).toBe('Motion');
    expect(next.prepare('SELECT verdict FROM arguments').all()).toEqual([]);
    next.close();
  });

  it('GIVEN a migration that fails THEN its transaction rolls back and user_version stays', () => {
    const path = tempPath();
    openDatabase(path).close();
    const broken: Migration = {
      version: latestVersion() + 1,
      name: 'broken',
      up: (d) => {
        d.exec('CREATE TABLE half_done (x)');
        throw new Error('boom');
      },
    };
    expect(() => openDatabase(path, { migrations: [...MIGRATIONS, broken] })).toThrow('boom');
    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();
    db.close();
  });

  it('GIVEN migrations numbered out of order THEN refused', () => {
    expect(() => openDatabase(':memory:', { migrations: [{ version: 2, name: 'x', up() {} }] })).toThrow('expected 1');
  });

  it('GIVEN a database at version 4 with a debate THEN migration 5 adds the outbox, empty, and the debate is not halted; its rows go with it', () => {
    const path = tempPath();
    const v4 = openDatabase(path, { migrations: MIGRATIONS.slice(0, 4) });
    v4.prepare(`INSERT INTO debates (channel_id, host_id, host_name, motion, format_id, format_name, status, grace_ms, created_at)
      VALUES ('t1', 'h', 'Host', 'Motion', 'oxford', 'Oxford', 'running', 10000, 1)`).run();
    v4.close();
    const db = openDatabase(path, { migrations: MIGRATIONS.slice(0, 5) });
    expect(db.pragma('user_version', { simple: true })).toBe(5);
    expect(db.prepare('SELECT motion, posting_halted FROM debates').get()).toEqual({ motion: 'Motion', posting_halted: null });
    expect(db.prepare('SELECT COUNT(*) FROM outbox').pluck().get()).toBe(0);
    db.prepare("INSERT INTO outbox (debate_id, channel_id, kind, reply_json, created_at, next_at) VALUES (1, 't1', 'post', '{}', 2, 2)").run();
    expect(() => db.prepare("UPDATE debates SET posting_halted = 'bored'").run()).toThrow('CHECK');
    db.prepare('DELETE FROM debates').run();
    expect(db.prepare('SELECT COUNT(*) FROM outbox').pluck().get()).toBe(0);
    db.close();
  });
});
