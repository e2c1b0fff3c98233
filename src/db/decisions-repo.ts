/**
 * Persists how debates are decided (migration 6): each debate's decision state and its timer deadline, the
 * audience's votes and the judges' ballots. Returns core types; runs on either engine through the Sql seam.
 */
import type { Sql } from './sql.js';
import { decisionDueAt, type DecisionState } from '../core/debate/decision.js';
import type { Ballot } from '../core/debate/ballot.js';
import type { VoteCount, VoteRoundName } from '../core/debate/vote.js';

// A moved deadline (a vote reopened, ballots extended) is free to claim at once (a host's lease was on the old
// one); one written unchanged keeps its holder (claims.ts).
const UPSERT = `INSERT INTO decisions (debate_id, decided_by, state_json, due_at, decided_at) VALUES (@debateId, @decidedBy, @state, @dueAt, @decidedAt)
  ON CONFLICT (debate_id) DO UPDATE SET state_json = excluded.state_json, due_at = excluded.due_at, decided_at = excluded.decided_at,
  held_by = CASE WHEN decisions.due_at = excluded.due_at THEN decisions.held_by END,
  lease_until = CASE WHEN decisions.due_at = excluded.due_at THEN decisions.lease_until END`;
const LOAD = 'SELECT state_json FROM decisions WHERE debate_id = ?';
const NEXT_DUE = 'SELECT MIN(due_at) AS due FROM decisions WHERE due_at IS NOT NULL';
const DUE = `SELECT c.debate_id AS id, d.guild_id AS "guildId" FROM decisions c JOIN debates d ON d.id = c.debate_id
  WHERE c.due_at IS NOT NULL AND c.due_at <= ? ORDER BY c.due_at, c.debate_id`;
const VOTE = `INSERT INTO audience_votes (debate_id, round, voter_id, choice, voted_at) VALUES (?, ?, ?, ?, ?)
  ON CONFLICT (debate_id, round, voter_id) DO UPDATE SET choice = excluded.choice, voted_at = excluded.voted_at`;
const VOTE_OF = 'SELECT choice FROM audience_votes WHERE debate_id = ? AND round = ? AND voter_id = ?';
// Debaters and judges do not vote: a member who voted and then joined a side (or was named a judge) is left out.
const COUNTS = `SELECT choice, COUNT(*) AS n FROM audience_votes v WHERE v.debate_id = @debateId AND v.round = @round
  AND v.voter_id NOT IN (SELECT user_id FROM participants WHERE debate_id = @debateId)
  AND v.voter_id NOT IN (@excluded) GROUP BY choice`;
const ADD_BALLOT = `INSERT INTO ballots (debate_id, judge_id, judge_name, ranking_json, scores_json, reason, submitted_at)
  VALUES (@debateId, @judgeId, @judgeName, @ranking, @scores, @reason, @submittedAt)`;
const BALLOTS = 'SELECT * FROM ballots WHERE debate_id = ? ORDER BY submitted_at, judge_id';
const HAS_BALLOT = 'SELECT 1 AS one FROM ballots WHERE debate_id = ? AND judge_id = ?';

interface BallotRow {
  judge_id: string;
  judge_name: string;
  ranking_json: string;
  scores_json: string;
  reason: string;
  submitted_at: number;
}

export class DecisionsRepository {
  constructor(private readonly sql: Sql) {}

  /** Stores a debate's decision state with its next deadline. */
  async save(d: DecisionState): Promise<void> {
    await this.sql.run(UPSERT, { debateId: d.debateId, decidedBy: d.decidedBy, state: JSON.stringify(d), dueAt: decisionDueAt(d), decidedAt: d.decidedAt });
  }

  /** A debate's decision state; null for a debate from before decisions (it is not decided). */
  async load(debateId: number): Promise<DecisionState | null> {
    const r = await this.sql.get<{ state_json: string }>(LOAD, [debateId]);
    return r ? (JSON.parse(r.state_json) as DecisionState) : null;
  }

  async nextDue(): Promise<number | null> {
    return (await this.sql.get<{ due: number | null }>(NEXT_DUE))?.due ?? null;
  }

  /** Debates whose decision timer is due at `now`, earliest first, with their guild (for sharding). */
  dueWithGuild(now: number): Promise<{ id: number; guildId: string | null }[]> {
    return this.sql.all<{ id: number; guildId: string | null }>(DUE, [now]);
  }

  /** Stores a member's vote in a round (replacing their earlier one); returns the choice it replaced, if any. */
  vote(debateId: number, round: VoteRoundName, voterId: string, choice: string, now: number): Promise<string | null> {
    // Read and replaced in one transaction, so the choice returned is the one this vote replaced.
    return this.sql.exclusive(async () => {
      const was = await this.voteOf(debateId, round, voterId);
      await this.sql.run(VOTE, [debateId, round, voterId, choice, now]);
      return was;
    });
  }

  async voteOf(debateId: number, round: VoteRoundName, voterId: string): Promise<string | null> {
    return (await this.sql.get<{ choice: string }>(VOTE_OF, [debateId, round, voterId]))?.choice ?? null;
  }

  /** A round's votes by choice, leaving out the debaters and `excluded` (the judges). */
  async counts(debateId: number, round: VoteRoundName, excluded: readonly string[]): Promise<VoteCount> {
    const rows = await this.sql.all<{ choice: string; n: number }>(COUNTS, { debateId, round, excluded });
    return Object.fromEntries(rows.map((r) => [r.choice, r.n]));
  }

  /** Stores a ballot; throws on a second one from the same judge (the primary key). */
  async addBallot(debateId: number, b: Ballot): Promise<void> {
    await this.sql.run(ADD_BALLOT, {
      debateId,
      judgeId: b.judgeId,
      judgeName: b.judgeName,
      ranking: JSON.stringify(b.ranking),
      scores: JSON.stringify(b.scores),
      reason: b.reason,
      submittedAt: b.submittedAt,
    });
  }

  async ballots(debateId: number): Promise<Ballot[]> {
    return (await this.sql.all<BallotRow>(BALLOTS, [debateId])).map((r) => ({
      judgeId: r.judge_id,
      judgeName: r.judge_name,
      ranking: JSON.parse(r.ranking_json),
      scores: JSON.parse(r.scores_json),
      reason: r.reason,
      submittedAt: r.submitted_at,
    }));
  }

  async hasBallot(debateId: number, judgeId: string): Promise<boolean> {
    return (await this.sql.get(HAS_BALLOT, [debateId, judgeId])) !== undefined;
  }

  /** The judges whose ballot is in. */
  async submitted(debateId: number): Promise<Set<string>> {
    return new Set((await this.ballots(debateId)).map((b) => b.judgeId));
  }
}
