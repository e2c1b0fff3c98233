import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/db/migrations.js';
import { openDatabase } from '../../src/db/open.js';
import { DebateRepository } from '../../src/db/debates-repo.js';
import { sqliteSql } from '../../src/db/sql-sqlite.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('migration 10: participants join order', () => {
  it('GIVEN a version-9 debate whose debaters joined in one millisecond THEN after migration 10 they load in the order they were written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rostrum-m10-'));
    dirs.push(dir);
    const path = join(dir, 'rostrum.sqlite');
    const nine = openDatabase(path, { migrations: MIGRATIONS.filter((m) => m.version < 10) });
    nine.exec(`INSERT INTO debates (id, channel_id, host_id, host_name, motion, format_id, format_name, status, grace_ms, created_at)
      VALUES (5, 't1', 'h', 'Host', 'Motion', 'oxford', 'Oxford', 'open', 10000, 1)`);
    nine.exec("INSERT INTO sides (debate_id, side_id, name, capacity, position) VALUES (5, 'for', 'For', 3, 0)");
    for (const u of ['zoe', 'ann', 'max']) nine.prepare("INSERT INTO participants (debate_id, user_id, user_name, side_id, joined_at) VALUES (5, ?, ?, 'for', 2000)").run(u, u);
    nine.close();

    const db = openDatabase(path, { migrations: MIGRATIONS.filter((m) => m.version <= 10) });
    expect(db.pragma('user_version', { simple: true })).toBe(10);
    expect(db.prepare('SELECT user_id, position FROM participants ORDER BY position').all()).toEqual([
      { user_id: 'zoe', position: 1 },
      { user_id: 'ann', position: 2 },
      { user_id: 'max', position: 3 },
    ]);
    const loaded = await new DebateRepository(sqliteSql(db)).load(5);
    expect(loaded?.participants.map((p) => p.userId)).toEqual(['zoe', 'ann', 'max']);
    db.close();
  });
});
