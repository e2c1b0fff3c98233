import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { latestVersion, MIGRATIONS } from '../../src/db/migrations.js';
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

function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rostrum-mig-'));
  dirs.push(dir);
  return join(dir, 'rostrum.sqlite');
}

describe('migrations 2 (scores) and 3 (repeated arguments)', () => {
  it('GIVEN a database at version 2 with verdicts, an override and a challenge THEN migrating to 3 keeps them and the score reads them', () => {
    const path = tempPath();
    const v2 = openDatabase(path, { migrations: MIGRATIONS.slice(0, 2) });
    expect(v2.pragma('user_version', { simple: true })).toBe(2);
    v2.prepare(`INSERT INTO debates (guild_id, channel_id, host_id, host_name, motion, format_id, format_name, status, grace_ms, created_at)
      VALUES ('g1', 't1', 'h', 'Host', 'Motion', 'oxford', 'Oxford', 'running', 10000, 1)`).run();
    v2.prepare(`INSERT INTO arguments (debate_id, turn_index, user_id, user_name, side_id, text, source, created_at)
      VALUES (1, 0, 'ann', 'Ann', 'for', 'Industry grew fast.', 'https://example.org/plan', 5)`).run();
    v2.prepare(`INSERT INTO argument_verdicts (argument_id, guild_id, user_id, user_name, argued_at, checked_verdict, checked_at,
      override_verdict, override_by_id, override_by_name, override_reason, override_at) VALUES (1, 'g1', 'ann', 'Ann', 5, 'cited', 6, 'misquoted', 'mod', 'Modra', 'why', 7)`).run();
    v2.prepare(`INSERT INTO challenges (argument_id, guild_id, channel_id, challenger_id, challenger_name, challenged_at, due_at, status)
      VALUES (1, 'g1', 't1', 'dan', 'Dan', 6, 126, 'pending')`).run();
    v2.close();

    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    const search = createQuoteSearch(corpus);
    const scores = createScoreService({ db, now: () => 10, log: silent, checker: () => createChecker(corpus), quotation: (id) => search.get(id) });
    expect(scores.argument(1)).toMatchObject({ checkedVerdict: 'cited', verdict: 'misquoted', duplicateOf: null, override: { byName: 'Modra', reason: 'why' }, challenge: { status: 'pending', dueAt: 126 } });
    expect(scores.tallyOf('g1', 'ann').tally).toMatchObject({ arguments: 1, misquoted: 1 });
    db.close();
  });

  it('GIVEN a database at version 1 with a debate and arguments THEN migrating to 2 keeps them, and the score checks them at start', () => {
    const path = tempPath();
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
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
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
