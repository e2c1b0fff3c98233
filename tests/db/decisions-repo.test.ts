/** Migration 6 and the repositories of decisions and ratings, on a real SQLite file. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/db/migrations.js';
import { openDatabase } from '../../src/db/open.js';
import { DebateRepository } from '../../src/db/debates-repo.js';
import { DecisionsRepository } from '../../src/db/decisions-repo.js';
import { RatingsRepository } from '../../src/db/ratings-repo.js';
import { newDecision } from '../../src/core/debate/decision.js';
import { rateDebate } from '../../src/core/rating/debate-ratings.js';
import { Drive } from '../core/debate/helpers.js';

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
function stored(path: string) {
  const db = openDatabase(path);
  const drive = new Drive();
  drive.seat({ for: ['ann'], against: ['dan'] });
  const state = new DebateRepository(db).insert(drive.state);
  return { db, state };
}

describe('migration 6: decisions', () => {
  it('GIVEN a database at 5 with a debate THEN 6 keeps it, undecided, and adds the tables', () => {
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
    expect(new DecisionsRepository(six).load(1)).toBeNull();
    six.close();
  });
});

describe('DecisionsRepository', () => {
  it('GIVEN a decision saved THEN it loads as saved, its deadline due in order; after a reopen too', () => {
    const path = tempPath();
    const { db, state } = stored(path);
    const repo = new DecisionsRepository(db);
    const d = newDecision(state.id, 'audience', { afterVoteMs: 300_000, ballotMs: 900_000, beforeVoteMs: 60_000 }, 1_000);
    repo.save(d);
    expect(repo.nextDue()).toBe(61_000);
    expect(repo.dueWithGuild(60_999)).toEqual([]);
    expect(repo.dueWithGuild(61_000)).toEqual([{ id: state.id, guildId: 'g1' }]);
    db.close();
    const again = new DecisionsRepository(openDatabase(path));
    expect(again.load(state.id)).toEqual(d);
  });

  it('GIVEN votes THEN one per member and round, the latest counts, and debaters and judges are left out of the counts', () => {
    const { db, state } = stored(tempPath());
    const repo = new DecisionsRepository(db);
    repo.save(newDecision(state.id, 'audience', { afterVoteMs: 1, ballotMs: 1 }, 0));
    expect(repo.vote(state.id, 'before', 'v1', 'against', 1)).toBeNull();
    expect(repo.vote(state.id, 'before', 'v1', 'for', 2)).toBe('against');
    repo.vote(state.id, 'before', 'v2', 'undecided', 3);
    repo.vote(state.id, 'before', 'ann', 'for', 4);
    repo.vote(state.id, 'before', 'jo', 'for', 5);
    repo.vote(state.id, 'after', 'v2', 'against', 6);
    expect(repo.counts(state.id, 'before', ['jo'])).toEqual({ for: 1, undecided: 1 });
    expect(repo.counts(state.id, 'after', [])).toEqual({ against: 1 });
  });

  it('GIVEN ballots THEN each judge\'s is stored once; a second throws', () => {
    const { db, state } = stored(tempPath());
    const repo = new DecisionsRepository(db);
    const ballot = { judgeId: 'jo', judgeName: 'Jo', ranking: ['for', 'against'], scores: [{ userId: 'ann', name: 'Ann', sideId: 'for', score: 75 }], reason: 'Better', submittedAt: 9 };
    repo.addBallot(state.id, ballot);
    expect(() => repo.addBallot(state.id, ballot)).toThrow(/UNIQUE|PRIMARY/);
    expect(repo.ballots(state.id)).toEqual([ballot]);
    expect(repo.hasBallot(state.id, 'jo')).toBe(true);
    expect([...repo.submitted(state.id)]).toEqual(['jo']);
  });
});

describe('RatingsRepository', () => {
  it('GIVEN a decided debate applied twice THEN ratings, wins and losses change once, with the history for the trend', () => {
    const { db, state } = stored(tempPath());
    const repo = new RatingsRepository(db);
    expect(repo.get('g1', 'ann')).toBeNull();
    const changes = rateDebate([['for'], ['against']], state.participants, (u) => repo.current('g1', u));
    expect(repo.apply('g1', state.id, changes, 100)).toBe(true);
    expect(repo.apply('g1', state.id, changes, 200)).toBe(false);
    const ann = repo.get('g1', 'ann')!;
    expect(ann).toMatchObject({ name: 'Ann', wins: 1, losses: 0 });
    expect(ann.rating).toBeGreaterThan(1500);
    expect(repo.get('g1', 'dan')).toMatchObject({ wins: 0, losses: 1 });
    expect(repo.history('g1', 'ann')).toEqual([{ debateId: state.id, before: 1500, after: ann.rating, won: true, at: 100 }]);
    expect(repo.all('g2')).toEqual([]);
  });
});
