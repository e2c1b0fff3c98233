import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { latestVersion, MIGRATIONS } from '../../src/db/migrations.js';
import { openDatabase } from '../../src/db/open.js';
import { sqliteSql } from '../../src/db/sql-sqlite.js';
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

describe('migrations 2 (scores), 3 (repeated arguments) and 4 (stored verdicts, per-debate numbers)', () => {
  it('GIVEN a database at version 2 with verdicts, an override and a challenge THEN migrating to 3 keeps them and the score reads them', async () => {
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
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    const search = createQuoteSearch(corpus);
    const scores = createScoreService({ sql: sqliteSql(db), now: () => 10, log: silent, checker: () => createChecker(corpus), quotation: (id) => search.get(id) });
    expect(await scores.argument(1)).toMatchObject({ checkedVerdict: 'cited', verdict: 'misquoted', duplicateOf: null, override: { byName: 'Modra', reason: 'why' }, challenge: { status: 'pending', dueAt: 126 } });
    expect((await scores.tallyOf('g1', 'ann')).tally).toMatchObject({ arguments: 1, misquoted: 1 });
    db.close();
  });

  it('GIVEN a database at version 3 THEN migrating to 4 numbers arguments per debate and stores each one verdict: a ruling, else the check (an expired challenge no longer unsources)', async () => {
    const path = tempPath();
    const v3 = openDatabase(path, { migrations: MIGRATIONS.slice(0, 3) });
    expect(v3.pragma('user_version', { simple: true })).toBe(3);
    const debate = v3.prepare(`INSERT INTO debates (guild_id, channel_id, host_id, host_name, motion, format_id, format_name, status, grace_ms, created_at)
      VALUES ('g1', ?, 'h', 'Host', 'Motion', 'oxford', 'Oxford', 'running', 10000, 1)`);
    debate.run('t1');
    debate.run('t2');
    const arg = v3.prepare(`INSERT INTO arguments (debate_id, turn_index, user_id, user_name, side_id, text, source, created_at) VALUES (?, 0, ?, ?, 'for', ?, ?, ?)`);
    arg.run(1, 'ann', 'Ann', 'Industry grew fast.', 'https://example.org/plan', 5); // 1: cited, challenge expired
    arg.run(2, 'dan', 'Dan', 'Stalin built the factories.', null, 6); // 2: first of debate 2
    arg.run(1, 'ann', 'Ann', 'Collectivisation starved the countryside.', null, 7); // 3: unsourced, ruled cited
    arg.run(1, 'ann', 'Industry grew fast.', 'Industry grew fast.', null, 8); // 4: a repeat of 1
    const verdict = v3.prepare(`INSERT INTO argument_verdicts (argument_id, guild_id, user_id, user_name, argued_at, checked_verdict, checked_at,
      override_verdict, duplicate_of) VALUES (?, 'g1', ?, ?, ?, ?, 9, ?, ?)`);
    verdict.run(1, 'ann', 'Ann', 5, 'cited', null, null);
    verdict.run(2, 'dan', 'Dan', 6, 'unsourced', null, null);
    verdict.run(3, 'ann', 'Ann', 7, 'unsourced', 'cited', null);
    verdict.run(4, 'ann', 'Ann', 8, 'unsourced', null, 1);
    v3.prepare(`INSERT INTO challenges (argument_id, guild_id, channel_id, challenger_id, challenger_name, challenged_at, due_at, status, resolved_at)
      VALUES (1, 'g1', 't1', 'dan', 'Dan', 6, 126, 'expired', 126)`).run();
    expect(v3.prepare("SELECT verdict FROM scored_arguments WHERE argument_id = 1").pluck().get()).toBe('unsourced');
    v3.close();

    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    expect(db.prepare('SELECT id, debate_id, number FROM arguments ORDER BY id').all()).toEqual([
      { id: 1, debate_id: 1, number: 1 },
      { id: 2, debate_id: 2, number: 1 },
      { id: 3, debate_id: 1, number: 2 },
      { id: 4, debate_id: 1, number: 3 },
    ]);
    expect(db.prepare('SELECT argument_id, checked_verdict, verdict, not_in_corpus, explanation, detail_json FROM argument_verdicts ORDER BY argument_id').all()).toEqual([
      { argument_id: 1, checked_verdict: 'cited', verdict: 'cited', not_in_corpus: 0, explanation: null, detail_json: '{}' },
      { argument_id: 2, checked_verdict: 'unsourced', verdict: 'unsourced', not_in_corpus: 0, explanation: null, detail_json: '{}' },
      { argument_id: 3, checked_verdict: 'unsourced', verdict: 'cited', not_in_corpus: 0, explanation: null, detail_json: '{}' },
      { argument_id: 4, checked_verdict: 'unsourced', verdict: 'unsourced', not_in_corpus: 0, explanation: null, detail_json: '{}' },
    ]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'scored_arguments'").get()).toBeUndefined();
    // A second argument number in a debate is refused by the schema.
    expect(() => db.prepare('UPDATE arguments SET number = 1 WHERE id = 3').run()).toThrow(/UNIQUE/);

    const search = createQuoteSearch(corpus);
    const scores = createScoreService({ sql: sqliteSql(db), now: () => 10, log: silent, checker: () => createChecker(corpus), quotation: (id) => search.get(id) });
    expect(await scores.argument(3)).toMatchObject({ number: 2, verdict: 'cited', checkedVerdict: 'unsourced', override: { verdict: 'cited' } });
    expect(await scores.argument(4)).toMatchObject({ number: 3, duplicateOf: 1, duplicateOfNumber: 1 });
    expect((await scores.tallyOf('g1', 'ann')).tally).toMatchObject({ arguments: 2, cited: 2, unsourced: 0 });
    expect((await scores.tallyOf('g1', 'dan')).tally).toMatchObject({ arguments: 1, unsourced: 1 });
    // New arguments continue each debate's numbering.
    db.prepare(`INSERT INTO arguments (debate_id, turn_index, user_id, user_name, side_id, text, created_at, number)
      VALUES (2, 0, 'dan', 'Dan', 'for', 'More.', 11, (SELECT COALESCE(MAX(number), 0) + 1 FROM arguments WHERE debate_id = 2))`).run();
    expect(db.prepare('SELECT number FROM arguments WHERE id = 5').pluck().get()).toBe(2);
    db.close();
  });

  it('GIVEN a database at version 1 with a debate and arguments THEN migrating to 2 keeps them, and the score checks them at start', async () => {
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
    const scores = createScoreService({ sql: sqliteSql(db), now: () => 10, log: silent, checker: () => createChecker(corpus), quotation: (id) => search.get(id) });
    expect((await scores.start()).scored).toBe(2);
    scores.stop();
    expect((await scores.tallyOf('g1', 'ann')).tally).toMatchObject({ arguments: 1, cited: 1 });
    expect((await scores.tallyOf('g1', 'dan')).tally).toMatchObject({ arguments: 1, unsourced: 1 });
    expect((await scores.start()).scored).toBe(0);
    scores.stop();
    db.close();
  });
});
