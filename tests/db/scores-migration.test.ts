import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/db/migrations.js';
import { openDatabase } from '../../src/db/open.js';
import { createScoreService } from '../../src/score/service.js';
import { createChecker } from '../../src/core/check/checker.js';
import { createQuoteSearch } from '../../src/core/search/search.js';
import { silent } from '../debate/fakes.js';
import { corpus } from '../score/world.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('migration 2 (scores)', () => {
  it('GIVEN a database at version 1 with a debate and arguments THEN migrating to 2 keeps them, and the score checks them at start', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rostrum-mig-'));
    dirs.push(dir);
    const path = join(dir, 'rostrum.sqlite');
    const v1 = openDatabase(path, { migrations: MIGRATIONS.slice(0, 1) });
    expect(v1.pragma('user_version', { simple: true })).toBe(1);
    v1.prepare(`INSERT INTO debates (guild_id, channel_id, host_id, host_name, motion, format_id, format_name, status, grace_ms, created_at)
      VALUES ('g1', 't1', 'h', 'Host', 'Motion', 'oxford', 'Oxford', 'running', 10000, 1)`).run();
    const arg = v1.prepare(`INSERT INTO arguments (debate_id, turn_index, user_id, user_name, side_id, text, source, channel_id, message_id, created_at)
      VALUES (1, 0, ?, ?, 'for', ?, ?, 't1', ?, 5)`);
    arg.run('ann', 'Ann', 'Industry grew fast.', 'https://example.org/plan', 'm1');
    arg.run('dan', 'Dan', 'Stalin built the factories.', null, 'm2');
    v1.close();

    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(db.prepare('SELECT text FROM arguments ORDER BY id').pluck().all()).toEqual(['Industry grew fast.', 'Stalin built the factories.']);
    expect(db.prepare('SELECT motion FROM debates').pluck().get()).toBe('Motion');
    expect(db.prepare('SELECT COUNT(*) FROM argument_verdicts').pluck().get()).toBe(0);

    const search = createQuoteSearch(corpus);
    const scores = createScoreService({ db, now: () => 10, log: silent, checker: () => createChecker(corpus), quotation: (id) => search.get(id) });
    expect(scores.start().scored).toBe(2);
    scores.stop();
    expect(scores.tallyOf('g1', 'ann').tally).toMatchObject({ arguments: 1, cited: 1 });
    expect(scores.tallyOf('g1', 'dan').tally).toMatchObject({ arguments: 1, unsourced: 1 });
    expect(scores.start().scored).toBe(0);
    scores.stop();
    db.close();
  });
});
