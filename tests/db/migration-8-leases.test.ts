import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/db/migrations.js';
import { openDatabase } from '../../src/db/open.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('migration 8: deadline leases', () => {
  it('GIVEN a database at version 7 with a running debate and its deadline THEN migration 8 keeps both, held by no one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rostrum-m8-'));
    dirs.push(dir);
    const path = join(dir, 'rostrum.sqlite');
    const seven = openDatabase(path, { migrations: MIGRATIONS.filter((m) => m.version < 8) });
    seven.prepare(`INSERT INTO debates (id, channel_id, host_id, host_name, motion, format_id, format_name, status, grace_ms, created_at)
      VALUES (5, 't1', 'h', 'Host', 'Motion', 'oxford', 'Oxford', 'running', 10000, 1)`).run();
    seven.prepare('INSERT INTO deadlines (debate_id, due_at) VALUES (5, 1234)').run();
    seven.close();

    const db = openDatabase(path, { migrations: MIGRATIONS.filter((m) => m.version <= 8) });
    expect(db.pragma('user_version', { simple: true })).toBe(8);
    expect(db.prepare('SELECT debate_id, due_at, held_by, lease_until FROM deadlines').all()).toEqual([{ debate_id: 5, due_at: 1234, held_by: null, lease_until: null }]);
    // A claim reads the index made for it, not every deadline.
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT debate_id FROM deadlines WHERE max(due_at, coalesce(lease_until, 0)) <= 2000 ORDER BY max(due_at, coalesce(lease_until, 0)) LIMIT 10").all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join('; ')).toContain('deadlines_claimable');
    db.close();
  });
});
