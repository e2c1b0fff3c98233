/**
 * The audience's vote: who may vote (not the debaters, not the judges), one vote per member changeable until
 * the round closes, and the result — each side's share before and after and the winner by swing, the side
 * that gained the most points. Pure; votes are anonymous here too: only counts come in.
 */
import { aDebateOf, refuse, type DebateState, type Refusal } from './state.js';

export type VoteRoundName = 'before' | 'after';

/** One round of the audience's vote: open from `opensAt` until it is closed (at `closesAt` when that is set). */
export interface VoteRound {
  opensAt: number;
  /** When it closes by itself; null when only the first speech closes it (the vote before, without a set time). */
  closesAt: number | null;
  closedAt: number | null;
}

/** Whether a round takes votes at `now`. */
export function roundOpen(round: VoteRound | null, now: number): boolean {
  return round !== null && round.closedAt === null && round.opensAt <= now && (round.closesAt === null || now < round.closesAt);
}

/** What a vote is checked against: the debate's rounds and its judges. */
export interface VoteRounds {
  before: VoteRound | null;
  after: VoteRound | null;
  judges: readonly { userId: string }[];
}

/** The choice of a member who is not yet won over by either side. */
export const UNDECIDED = 'undecided';

/** Votes in one round: by side id, and `undecided`. */
export type VoteCount = Readonly<Record<string, number>>;

export interface Share {
  sideId: string;
  votes: number;
  /** Percentage of the round's votes, undecided ones included. */
  percent: number;
}

export interface AudienceResult {
  before: { total: number; shares: Share[]; undecided: number } | null;
  after: { total: number; shares: Share[]; undecided: number } | null;
  /** Each side's gain in points from before to after. */
  swing: { sideId: string; points: number }[];
  winner: string | null;
  /** Why nobody won: too few votes (none in a round), or sides level at the top. */
  undecided: 'too-few-votes' | 'tied' | null;
}

const NAMES = { before: 'before the debate', after: 'after the debate' } as const;

/**
 * Checks one vote. Refused: a round that does not run for this debate, or is not open (yet, or any more); a
 * debater or a judge; a choice that is neither a side nor undecided.
 */
export function checkVote(d: VoteRounds, debate: DebateState, voterId: string, round: VoteRoundName, choice: string, now: number): Refusal | null {
  const r = d[round];
  if (d.before === null) return refuse('no-vote', `${aDebateOf(debate.formatName)} is not decided by the audience: there is no vote.`);
  if (!r || r.opensAt > now) return refuse('vote-not-open', `The vote ${NAMES[round]} has not opened yet: it opens when the debate ends.`);
  if (!roundOpen(r, now)) {
    // The vote before closes at its set time or at the first speech, whichever came first.
    const timedOut = r.closesAt !== null && (r.closedAt ?? now) >= r.closesAt;
    return refuse('vote-closed', round === 'before'
      ? `The vote before the debate is closed: ${timedOut ? 'its set time ran out' : 'it closed when the first speech started'}. You can vote again when the debate ends.`
      : 'The vote after the debate is closed; the result is posted in the thread.');
  }
  if (debate.participants.some((p) => p.userId === voterId)) return refuse('voter-is-debater', 'You are debating: debaters do not vote. The audience decides.');
  if (d.judges.some((j) => j.userId === voterId)) return refuse('voter-is-judge', 'You are a judge of this debate: you give a ballot, not an audience vote.');
  if (choice !== UNDECIDED && !debate.sides.some((s) => s.id === choice)) {
    return refuse('unknown-choice', `That is not a choice in this vote: vote for ${debate.sides.map((s) => s.name).join(', ')} or undecided.`);
  }
  return null;
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

function shares(sides: readonly string[], count: VoteCount | null): AudienceResult['before'] {
  if (!count) return null;
  const total = [...sides, UNDECIDED].reduce((n, s) => n + (count[s] ?? 0), 0);
  const pct = (n: number) => (total === 0 ? 0 : round1((100 * n) / total));
  return { total, shares: sides.map((s) => ({ sideId: s, votes: count[s] ?? 0, percent: pct(count[s] ?? 0) })), undecided: count[UNDECIDED] ?? 0 };
}

/**
 * The audience's result: each side's share of the votes before and after (undecided votes count in the whole),
 * the swing in points, and the winner — the side that gained most. Without votes in both rounds, or with two
 * sides level at the top, nobody wins.
 */
export function audienceResult(sides: readonly string[], before: VoteCount | null, after: VoteCount | null): AudienceResult {
  const b = shares(sides, before);
  const a = shares(sides, after);
  if (!b || !a || b.total === 0 || a.total === 0) return { before: b, after: a, swing: [], winner: null, undecided: 'too-few-votes' };
  // From the exact shares, rounded once: 0 → 2/3 and 2/3 → 1/3 swing +66.7 and −33.3, not −33.4.
  const exact = (r: NonNullable<typeof a>, s: string) => (100 * (r.shares.find((x) => x.sideId === s)?.votes ?? 0)) / r.total;
  const swing = sides.map((s) => ({ sideId: s, points: round1(exact(a, s) - exact(b, s)) }));
  const best = Math.max(...swing.map((s) => s.points));
  const top = swing.filter((s) => s.points === best);
  return { before: b, after: a, swing, winner: top.length === 1 ? top[0].sideId : null, undecided: top.length === 1 ? null : 'tied' };
}
