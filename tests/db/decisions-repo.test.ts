/** Migration 6 and the repositories of decisions and ratings, on both engines (and SQLite files where it is about them). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/db/migrations.js';
import { openDatabase } from '../../src/db/open.js';
import type { Sql } from '../../src/db/sql.js';
import { sqliteSql } from '../../src/db/sql-sqlite.js';
import { DebateRepository } from '../../src/db/debates-repo.js';
import { DecisionsRepository } from '../../src/db/decisions-repo.js';
import { RatingsRepository } from '../../src/db/ratings-repo.js';
import { newDecision } from '../../src/core/debate/decision.js';
import { rateDebate } from '../../src/core/rating/debate-ratings.js';
import type { Rating } from '../../src/core/rating/glicko2.js';
import { Drive } from '../core/debate/helpers.js';
import { eachEngine } from '../helpers/engines.js';

const dirs: string[] = [];
function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rostrum-decisions-'));
  dirs.push(dir);
  return join(dir, 'rostrum.sqlite');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A stored debate with Ann for and Dan against. */
async function stored(sql: Sql) {
  const drive = new Drive();
  drive.seat({ for: ['ann'], against: ['dan'] });
  return new DebateRepository(sql).insert(drive.state);
}

// About SQLite files (migrating one, reopening one): PostgreSQL's migrations have their own tests.
describe('on a SQLite file', () => {
  it('GIVEN a database at 5 with a debate THEN migration 6 keeps it, undecided, and adds the tables', async () => {
    const path = tempPath();
    const five = openDatabase(path, { migrations: MIGRATIONS.slice(0, 5) });
    five.prepare(`INSERT INTO debates (channel_id, host_id, host_name, motion, format_id, format_name, status, grace_ms, created_at)
      VALUES ('t1', 'h', 'Host', 'Old motion', 'oxford', 'Oxford', 'open', 10000, 1)`).run();
    five.close();
    const six = openDatabase(path, { migrations: MIGRATIONS.slice(0, 6) });
    expect(six.pragma('user_version', { simple: true })).toBe(6);
    expect(six.prepare('SELECT motion FROM debates').pluck().get()).toBe('Old motion');
    const tables = six.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['audience_votes', 'ballots', 'decisions', 'rating_changes', 'ratings']));
    // A debate from before decisions has none: it is not decided.
    expect(await new DecisionsRepository(sqliteSql(six)).load(1)).toBeNull();
    six.close();
  });

  it('GIVEN a decision saved THEN it loads as saved after a reopen', async () => {
    const path = tempPath();
    const sql = sqliteSql(openDatabase(path));
    const state = await stored(sql);
    const d = newDecision(state.id, 'audience', { afterVoteMs: 300_000, ballotMs: 900_000, beforeVoteMs: 60_000 }, 1_000);
    await new DecisionsRepository(sql).save(d);
    await sql.close();
    const again = sqliteSql(openDatabase(path));
    expect(await new DecisionsRepository(again).load(state.id)).toEqual(d);
    await again.close();
  });
});

eachEngine((store) => {
  describe('DecisionsRepository', () => {
    it('GIVEN a decision saved THEN it loads as saved, its deadline due in order', async () => {
      const sql = await store();
      const state = await stored(sql);
      const repo = new DecisionsRepository(sql);
      expect(await repo.nextDue()).toBeNull();
      const d = newDecision(state.id, 'audience', { afterVoteMs: 300_000, ballotMs: 900_000, beforeVoteMs: 60_000 }, 1_000);
      await repo.save(d);
      expect(await repo.nextDue()).toBe(61_000);
      expect(await repo.dueWithGuild(60_999)).toEqual([]);
      expect(await repo.dueWithGuild(61_000)).toEqual([{ id: state.id, guildId: 'g1' }]);
      expect(await new DecisionsRepository(sql).load(state.id)).toEqual(d);
    });

    it('GIVEN votes THEN one per member and round, the latest counts, and debaters and judges are left out of the counts', async () => {
      const sql = await store();
      const state = await stored(sql);
      const repo = new DecisionsRepository(sql);
      await repo.save(newDecision(state.id, 'audience', { afterVoteMs: 1, ballotMs: 1 }, 0));
      expect(await repo.vote(state.id, 'before', 'v1', 'against', 1)).toBeNull();
      expect(await repo.vote(state.id, 'before', 'v1', 'for', 2)).toBe('against');
      await repo.vote(state.id, 'before', 'v2', 'undecided', 3);
      await repo.vote(state.id, 'before', 'ann', 'for', 4);
      await repo.vote(state.id, 'before', 'jo', 'for', 5);
      await repo.vote(state.id, 'after', 'v2', 'against', 6);
      expect(await repo.counts(state.id, 'before', ['jo'])).toEqual({ for: 1, undecided: 1 });
      expect(await repo.counts(state.id, 'after', [])).toEqual({ against: 1 });
    });

    it('GIVEN ballots THEN each judge\'s is stored once; a second throws', async () => {
      const sql = await store();
      const state = await stored(sql);
      const repo = new DecisionsRepository(sql);
      const ballot = { judgeId: 'jo', judgeName: 'Jo', ranking: ['for', 'against'], scores: [{ userId: 'ann', name: 'Ann', sideId: 'for', score: 75 }], reason: 'Better', submittedAt: 9 };
      await repo.addBallot(state.id, ballot);
      // SQLite says UNIQUE constraint failed; PostgreSQL, duplicate key value violates unique constraint.
      await expect(repo.addBallot(state.id, ballot)).rejects.toThrow(/UNIQUE|PRIMARY|duplicate key/);
      expect(await repo.ballots(state.id)).toEqual([ballot]);
      expect(await repo.hasBallot(state.id, 'jo')).toBe(true);
      expect(await repo.hasBallot(state.id, 'kim')).toBe(false);
      expect([...(await repo.submitted(state.id))]).toEqual(['jo']);
    });
  });

  describe('RatingsRepository', () => {
    it('GIVEN a decided debate applied twice THEN ratings, wins and losses change once, with the history for the trend', async () => {
      const sql = await store();
      const state = await stored(sql);
      const repo = new RatingsRepository(sql);
      expect(await repo.get('g1', 'ann')).toBeNull();
      const current = new Map<string, Rating>();
      for (const p of state.participants) current.set(p.userId, await repo.current('g1', p.userId));
      const changes = rateDebate([['for'], ['against']], state.participants, (u) => current.get(u)!);
      expect(await repo.apply('g1', state.id, changes, 100)).toBe(true);
      expect(await repo.apply('g1', state.id, changes, 200)).toBe(false);
      expect(await repo.rated(state.id)).toBe(true);
      const ann = (await repo.get('g1', 'ann'))!;
      expect(ann).toMatchObject({ name: 'Ann', wins: 1, losses: 0 });
      expect(ann.rating).toBeGreaterThan(1500);
      expect(await repo.current('g1', 'ann')).toEqual({ rating: ann.rating, rd: ann.rd, volatility: ann.volatility });
      expect(await repo.get('g1', 'dan')).toMatchObject({ wins: 0, losses: 1 });
      expect(await repo.history('g1', 'ann')).toEqual([{ debateId: state.id, before: 1500, after: ann.rating, won: true, at: 100 }]);
      expect((await repo.all('g1')).map((r) => r.userId).sort()).toEqual(['ann', 'dan']);
      expect(await repo.all('g2')).toEqual([]);
    });
  });
});
