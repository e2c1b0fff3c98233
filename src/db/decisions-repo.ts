/**
 * Persists how debates are decided (migration 6): each debate's decision state and its timer deadline, the
 * audience's votes and the judges' ballots. Returns core types; statements are prepared once.
 */
import type { Database } from './open.js';
import { decisionDueAt, type DecisionState } from '../core/debate/decision.js';
import type { Ballot } from '../core/debate/ballot.js';
import type { VoteCount, VoteRoundName } from '../core/debate/vote.js';

export class DecisionsRepository {
  private readonly s;

  constructor(db: Database) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      upsert: p(`INSERT INTO decisions (debate_id, decided_by, state_json, due_at, decided_at) VALUES (@debateId, @decidedBy, @state, @dueAt, @decidedAt)
        ON CONFLICT (debate_id) DO UPDATE SET state_json = excluded.state_json, due_at = excluded.due_at, decided_at = excluded.decided_at`),
      load: p('SELECT state_json FROM decisions WHERE debate_id = ?'),
      nextDue: p('SELECT MIN(due_at) AS due FROM decisions WHERE due_at IS NOT NULL'),
      due: p(`SELECT c.debate_id AS id, d.guild_id AS guildId FROM decisions c JOIN debates d ON d.id = c.debate_id
        WHERE c.due_at IS NOT NULL AND c.due_at <= ? ORDER BY c.due_at, c.debate_id`),
      vote: p(`INSERT INTO audience_votes (debate_id, round, voter_id, choice, voted_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (debate_id, round, voter_id) DO UPDATE SET choice = excluded.choice, voted_at = excluded.voted_at`),
      voteOf: p('SELECT choice FROM audience_votes WHERE debate_id = ? AND round = ? AND voter_id = ?'),
      // Debaters and judges do not vote: a member who voted and then joined a side (or was named a judge) is left out.
      counts: p(`SELECT choice, COUNT(*) AS n FROM audience_votes v WHERE v.debate_id = @debateId AND v.round = @round
        AND v.voter_id NOT IN (SELECT user_id FROM participants WHERE debate_id = @debateId)
        AND v.voter_id NOT IN (SELECT value FROM json_each(@excluded)) GROUP BY choice`),
      addBallot: p(`INSERT INTO ballots (debate_id, judge_id, judge_name, ranking_json, scores_json, reason, submitted_at)
        VALUES (@debateId, @judgeId, @judgeName, @ranking, @scores, @reason, @submittedAt)`),
      ballots: p('SELECT * FROM ballots WHERE debate_id = ? ORDER BY submitted_at, judge_id'),
      hasBallot: p('SELECT 1 FROM ballots WHERE debate_id = ? AND judge_id = ?'),
    };
  }

  /** Stores a debate's decision state with its next deadline. */
  save(d: DecisionState): void {
    this.s.upsert.run({ debateId: d.debateId, decidedBy: d.decidedBy, state: JSON.stringify(d), dueAt: decisionDueAt(d), decidedAt: d.decidedAt });
  }

  /** A debate's decision state; null for a debate from before decisions (it is not decided). */
  load(debateId: number): DecisionState | null {
    const r = this.s.load.get(debateId) as { state_json: string } | undefined;
    return r ? (JSON.parse(r.state_json) as DecisionState) : null;
  }

  nextDue(): number | null {
    return (this.s.nextDue.get() as { due: number | null }).due;
  }

  /** Debates whose decision timer is due at `now`, earliest first, with their guild (for sharding). */
  dueWithGuild(now: number): { id: number; guildId: string | null }[] {
    return this.s.due.all(now) as { id: number; guildId: string | null }[];
  }

  /** Stores a member's vote in a round (replacing their earlier one); returns the choice it replaced, if any. */
  vote(debateId: number, round: VoteRoundName, voterId: string, choice: string, now: number): string | null {
    const was = this.voteOf(debateId, round, voterId);
    this.s.vote.run(debateId, round, voterId, choice, now);
    return was;
  }

  voteOf(debateId: number, round: VoteRoundName, voterId: string): string | null {
    return (this.s.voteOf.get(debateId, round, voterId) as { choice: string } | undefined)?.choice ?? null;
  }

  /** A round's votes by choice, leaving out the debaters and `excluded` (the judges). */
  counts(debateId: number, round: VoteRoundName, excluded: readonly string[]): VoteCount {
    const rows = this.s.counts.all({ debateId, round, excluded: JSON.stringify(excluded) }) as { choice: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.choice, r.n]));
  }

  /** Stores a ballot; throws on a second one from the same judge (the primary key). */
  addBallot(debateId: number, b: Ballot): void {
    this.s.addBallot.run({
      debateId,
      judgeId: b.judgeId,
      judgeName: b.judgeName,
      ranking: JSON.stringify(b.ranking),
      scores: JSON.stringify(b.scores),
      reason: b.reason,
      submittedAt: b.submittedAt,
    });
  }

  ballots(debateId: number): Ballot[] {
    return (this.s.ballots.all(debateId) as Record<string, never>[]).map((r) => ({
      judgeId: r.judge_id,
      judgeName: r.judge_name,
      ranking: JSON.parse(r.ranking_json),
      scores: JSON.parse(r.scores_json),
      reason: r.reason,
      submittedAt: r.submitted_at,
    }));
  }

  hasBallot(debateId: number, judgeId: string): boolean {
    return this.s.hasBallot.get(debateId, judgeId) !== undefined;
  }

  /** The judges whose ballot is in. */
  submitted(debateId: number): Set<string> {
    return new Set(this.ballots(debateId).map((b) => b.judgeId));
  }
}
