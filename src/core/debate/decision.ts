/**
 * How a debate is decided, as plain data and pure steps: the audience's vote before and after (the swing
 * decides, as Oxford-style debates run it), judges' ballots (the majority decides, the split shown), both, or
 * none. The debate's own events move it (the first speech closes the vote before; the end opens the vote after
 * and the ballots), deadlines stored with it close what runs out, and once every part is closed the result is
 * drawn and stored, so every view reads the same one.
 */
import type { DecidedBy } from './formats.js';
import { aDebateOf, refuse, type DebateEvent, type DebateState, type Refusal } from './state.js';
import { placingOf, type Ballot, type Judge, type JudgesResult, judgesResult } from './ballot.js';
import { audienceResult, type AudienceResult, type VoteCount, type VoteRound, type VoteRoundName } from './vote.js';

export type { DecidedBy, Judge, VoteRound, VoteRoundName };

/** Why a debate has no winner. */
export type Undecided = 'ended-early' | 'not-decided' | 'no-judges' | 'no-ballots' | 'no-majority' | 'too-few-votes' | 'tied';

export interface DecisionResult {
  /** The side that won, or null (then `undecided` says why). */
  winner: string | null;
  /** What decided it: the judges' ballots, the audience's swing, or nothing. */
  by: 'judges' | 'audience' | null;
  undecided: Undecided | null;
  /** Sides best first, those level grouped together (for ratings); empty without a winner. */
  placing: string[][];
  audience: AudienceResult | null;
  judges: JudgesResult | null;
}

export interface DecisionState {
  debateId: number;
  decidedBy: DecidedBy;
  /** How long the vote after the debate stays open. */
  afterVoteMs: number;
  /** How long judges have to send their ballots once the debate ends. */
  ballotMs: number;
  /** The audience's votes (null when the audience does not decide). */
  before: VoteRound | null;
  after: VoteRound | null;
  judges: Judge[];
  ballotsOpenedAt: number | null;
  ballotsDueAt: number | null;
  remindedAt: number | null;
  ballotsClosedAt: number | null;
  decidedAt: number | null;
  result: DecisionResult | null;
}

export type DecisionEvent =
  | { type: 'vote-opened'; round: VoteRoundName; closesAt: number | null }
  | { type: 'vote-closed'; round: VoteRoundName }
  | { type: 'ballots-opened'; dueAt: number }
  | { type: 'ballot-reminder'; missing: Judge[]; dueAt: number }
  /** The ballots are closed: every judge sent one, or the deadline passed (`overdue` names who did not). */
  | { type: 'ballots-closed'; overdue: Judge[] }
  | { type: 'decided' };

export type DecisionOutcome = { ok: true; state: DecisionState; events: DecisionEvent[] } | Refusal;

export const DEFAULT_AFTER_VOTE_SECONDS = 300;
export const DEFAULT_BALLOT_SECONDS = 900;
export const MAX_JUDGES = 9;

export const audienceDecides = (by: DecidedBy): boolean => by === 'audience' || by === 'both';
export const judgesDecide = (by: DecidedBy): boolean => by === 'judges' || by === 'both';

export const MAX_VOTE_MINUTES = 60;

/** The vote times a host may set when opening a debate, in minutes: the vote before (else until the first speech) and after. */
export interface VoteMinutes {
  before?: number;
  after?: number;
}

/** Checks the vote times set for a debate: only where the audience votes, whole minutes from 1 to 60. */
export function checkVoteMinutes(decidedBy: DecidedBy, formatName: string, minutes: VoteMinutes): Refusal | null {
  for (const round of ['before', 'after'] as const) {
    const m = minutes[round];
    if (m === undefined) continue;
    const option = round === 'before' ? 'vote_before_minutes' : 'vote_minutes';
    if (!audienceDecides(decidedBy)) {
      return refuse('no-vote', `${aDebateOf(formatName)} is not decided by the audience, so it has no vote: leave out ${option}, or choose a format the audience decides, such as Oxford.`);
    }
    if (!Number.isInteger(m) || m < 1 || m > MAX_VOTE_MINUTES) {
      return refuse('bad-vote-time', `The vote ${round} the debate lasts from 1 to ${MAX_VOTE_MINUTES} whole minutes; ${m} is not allowed.`);
    }
  }
  return null;
}

export interface DecisionTimes {
  afterVoteMs: number;
  ballotMs: number;
  /** Longest the vote before may stay open; null: until the first speech. */
  beforeVoteMs?: number | null;
}

/** The decision of a debate just opened: its vote before opens with the motion card when the audience decides. */
export function newDecision(debateId: number, decidedBy: DecidedBy, times: DecisionTimes, now: number): DecisionState {
  const before = audienceDecides(decidedBy) ? { opensAt: now, closesAt: times.beforeVoteMs ? now + times.beforeVoteMs : null, closedAt: null } : null;
  return {
    debateId,
    decidedBy,
    afterVoteMs: times.afterVoteMs,
    ballotMs: times.ballotMs,
    before,
    after: null,
    judges: [],
    ballotsOpenedAt: null,
    ballotsDueAt: null,
    remindedAt: null,
    ballotsClosedAt: null,
    decidedAt: null,
    result: null,
  };
}

/** Whether the debate ended before every turn was spoken (the host ended it early): it is not decided. */
export const endedEarly = (debate: DebateState): boolean => debate.status === 'ended' && debate.turns.some((t) => t.startedAt === null);

const undecided = (why: Undecided, audience: AudienceResult | null = null, judges: JudgesResult | null = null): DecisionResult => ({
  winner: null,
  by: null,
  undecided: why,
  placing: [],
  audience,
  judges,
});

/**
 * What the debate's events do to its decision: the first speech closes the vote before; the end closes it too,
 * and — when every turn was spoken — opens the vote after and the ballots. A debate ended early is undecided.
 */
export function followDebate(d: DecisionState, debate: DebateState, events: readonly DebateEvent[], now: number): { state: DecisionState; events: DecisionEvent[] } {
  if (d.decidedAt !== null) return { state: d, events: [] };
  const next = structuredClone(d);
  const out: DecisionEvent[] = [];
  const closeBefore = () => {
    if (next.before && next.before.closedAt === null) {
      next.before.closedAt = now;
      out.push({ type: 'vote-closed', round: 'before' });
    }
  };
  for (const e of events) {
    if (e.type === 'turn-started' && e.index === 0) closeBefore();
    if (e.type !== 'ended') continue;
    closeBefore();
    if (endedEarly(debate)) {
      next.decidedAt = now;
      next.result = undecided('ended-early');
      continue;
    }
    if (audienceDecides(next.decidedBy)) {
      next.after = { opensAt: now, closesAt: now + next.afterVoteMs, closedAt: null };
      out.push({ type: 'vote-opened', round: 'after', closesAt: next.after.closesAt });
    }
    if (judgesDecide(next.decidedBy) && next.judges.length > 0) {
      next.ballotsOpenedAt = now;
      next.ballotsDueAt = now + next.ballotMs;
      out.push({ type: 'ballots-opened', dueAt: next.ballotsDueAt });
    }
  }
  return { state: next, events: out };
}

/** When the judges are reminded: halfway to the deadline. */
const reminderAt = (d: DecisionState): number | null =>
  d.ballotsOpenedAt === null || d.ballotsDueAt === null ? null : d.ballotsOpenedAt + Math.floor((d.ballotsDueAt - d.ballotsOpenedAt) / 2);

/** When `decisionTick` next has something to do, or null. */
export function decisionDueAt(d: DecisionState): number | null {
  if (d.decidedAt !== null) return null;
  const due: number[] = [];
  for (const r of [d.before, d.after]) if (r && r.closedAt === null && r.closesAt !== null) due.push(r.closesAt);
  if (d.ballotsDueAt !== null && d.ballotsClosedAt === null) {
    const remind = reminderAt(d);
    due.push(d.remindedAt === null && remind !== null && remind < d.ballotsDueAt ? remind : d.ballotsDueAt);
  }
  return due.length ? Math.min(...due) : null;
}

/**
 * The timer: closes the rounds whose time ran out, reminds the judges who have not sent a ballot halfway to the
 * deadline, and closes the ballots at it, naming who is overdue. `submitted`: the judges whose ballot is in.
 */
export function decisionTick(d: DecisionState, now: number, submitted: ReadonlySet<string>): { state: DecisionState; events: DecisionEvent[] } {
  const due = decisionDueAt(d);
  if (due === null || due > now) return { state: d, events: [] };
  const next = structuredClone(d);
  const events: DecisionEvent[] = [];
  for (const round of ['before', 'after'] as const) {
    const r = next[round];
    if (r && r.closedAt === null && r.closesAt !== null && r.closesAt <= now) {
      r.closedAt = r.closesAt;
      events.push({ type: 'vote-closed', round });
    }
  }
  if (next.ballotsDueAt !== null && next.ballotsClosedAt === null) {
    const missing = next.judges.filter((j) => !submitted.has(j.userId));
    if (next.ballotsDueAt <= now) {
      next.ballotsClosedAt = next.ballotsDueAt;
      events.push({ type: 'ballots-closed', overdue: missing });
    } else if (next.remindedAt === null && (reminderAt(next) ?? Infinity) <= now) {
      next.remindedAt = now;
      if (missing.length > 0) events.push({ type: 'ballot-reminder', missing, dueAt: next.ballotsDueAt });
    }
  }
  return { state: next, events };
}

/** Closes the ballots at once when the last judge's is in (called after a ballot is stored). */
export function ballotIn(d: DecisionState, now: number, submitted: ReadonlySet<string>): { state: DecisionState; events: DecisionEvent[] } {
  if (d.ballotsClosedAt !== null || d.ballotsOpenedAt === null || !d.judges.every((j) => submitted.has(j.userId))) return { state: d, events: [] };
  const next = structuredClone(d);
  next.ballotsClosedAt = now;
  return { state: next, events: [{ type: 'ballots-closed', overdue: [] }] };
}

/** Whether the debate has ended and every part that decides it is closed, so the result can be drawn. */
export function readyToDecide(d: DecisionState, debate: DebateState): boolean {
  if (d.decidedAt !== null || debate.status !== 'ended') return false;
  const votesClosed = !audienceDecides(d.decidedBy) || (d.after !== null && d.after.closedAt !== null);
  const ballotsClosed = d.ballotsOpenedAt === null || d.ballotsClosedAt !== null;
  return votesClosed && ballotsClosed;
}

export interface DecisionInputs {
  before: VoteCount | null;
  after: VoteCount | null;
  ballots: readonly Ballot[];
}

/**
 * Draws the result once every part is closed (see readyToDecide); with both, the judges' decision stands and the
 * audience's swing decides only when the judges gave none. Call after the debate has ended.
 */
export function conclude(d: DecisionState, debate: DebateState, now: number, inputs: DecisionInputs): { state: DecisionState; events: DecisionEvent[] } {
  if (!readyToDecide(d, debate)) return { state: d, events: [] };
  const next = structuredClone(d);
  const sides = debate.sides.map((s) => s.id);
  const audience = audienceDecides(d.decidedBy) ? audienceResult(sides, inputs.before, inputs.after) : null;
  const judges = judgesDecide(d.decidedBy) && d.judges.length > 0 ? judgesResult(debate, d.judges, inputs.ballots) : null;
  let result: DecisionResult;
  if (judges?.winner) {
    result = { winner: judges.winner, by: 'judges', undecided: null, placing: judges.placing, audience, judges };
  } else if (audience?.winner) {
    result = { winner: audience.winner, by: 'audience', undecided: null, placing: placingOf(sides, (s) => -(audience.swing.find((x) => x.sideId === s)?.points ?? 0)), audience, judges };
  } else {
    // The judges' reason first: with both, the audience's swing was asked only because the judges gave no decision.
    const why: Undecided =
      d.decidedBy === 'none' ? 'not-decided'
      : judges ? (judges.ballots === 0 ? 'no-ballots' : 'no-majority')
      : audience ? (audience.undecided ?? 'tied')
      : 'no-judges';
    result = undecided(why, audience, judges);
  }
  next.decidedAt = now;
  next.result = result;
  return { state: next, events: [{ type: 'decided' }] };
}

/** Naming a judge: the host or a moderator (checked by the caller), before the debate ends, never a debater. */
export function addJudge(d: DecisionState, debate: DebateState, judge: { id: string; name: string }, now: number): DecisionOutcome {
  if (debate.status === 'ended') return refuse('debate-ended', 'This debate has ended: judges are named before or during a debate, so that they hear it.');
  if (!judgesDecide(d.decidedBy)) {
    return refuse('no-judges', d.decidedBy === 'audience'
      ? `${aDebateOf(debate.formatName)} is decided by the audience's vote, not by judges: nobody is named to judge it.`
      : `${aDebateOf(debate.formatName)} is not decided, so it has no judges.`);
  }
  if (debate.participants.some((p) => p.userId === judge.id)) return refuse('judge-is-debater', `${judge.name} is debating in it: a judge cannot be a debater. Name someone who is not on a side.`);
  if (d.judges.some((j) => j.userId === judge.id)) return refuse('already-judge', `${judge.name} is already a judge of this debate.`);
  if (d.judges.length >= MAX_JUDGES) return refuse('too-many-judges', `A debate has at most ${MAX_JUDGES} judges; remove one first with /debate judge action:remove.`);
  const next = structuredClone(d);
  next.judges.push({ userId: judge.id, name: judge.name, addedAt: now });
  return { ok: true, state: next, events: [] };
}

/** Removing a judge: before the debate ends (once it has, the ballots are theirs to send). */
export function removeJudge(d: DecisionState, debate: DebateState, judgeId: string): DecisionOutcome {
  if (debate.status === 'ended') return refuse('debate-ended', 'This debate has ended: its judges stay as they were when it ended.');
  if (!d.judges.some((j) => j.userId === judgeId)) return refuse('not-judge', 'That member is not a judge of this debate.');
  const next = structuredClone(d);
  next.judges = next.judges.filter((j) => j.userId !== judgeId);
  return { ok: true, state: next, events: [] };
}

/** A judge may not take a side (checked when they join). */
export function judgeMayNotJoin(d: DecisionState | null, userId: string): Refusal | null {
  return d?.judges.some((j) => j.userId === userId)
    ? refuse('judge-is-debater', 'You are a judge of this debate: a judge cannot join a side. The host or a moderator can remove you with /debate judge action:remove.')
    : null;
}
