/**
 * Counting verdicts — the one tally every view shows: a person's, a side's or a review's count of verdicts,
 * its citation rate, and the orders of the leaderboard. Pure.
 */
import type { Verdict } from '../check/checker.js';

export const VERDICTS: readonly Verdict[] = ['verified', 'cited', 'unsourced', 'misquoted', 'misattributed'];

export function isVerdict(v: unknown): v is Verdict {
  return typeof v === 'string' && (VERDICTS as readonly string[]).includes(v);
}

export interface Tally {
  arguments: number;
  verified: number;
  /** Cited outside the corpus only; `citedTotal` adds the verified ones. */
  cited: number;
  unsourced: number;
  misquoted: number;
  misattributed: number;
}

export const emptyTally = (): Tally => ({ arguments: 0, verified: 0, cited: 0, unsourced: 0, misquoted: 0, misattributed: 0 });

/** Adds `n` arguments with `verdict` to `t` (in place); returns `t`. */
export function count(t: Tally, verdict: Verdict, n = 1): Tally {
  t.arguments += n;
  t[verdict] += n;
  return t;
}

/** Arguments that cite: verified against the corpus, or cited elsewhere. */
export const citedTotal = (t: Tally): number => t.verified + t.cited;

/** Share of arguments that cite, 0..1 (0 with no arguments). */
export const citationRate = (t: Tally): number => (t.arguments === 0 ? 0 : citedTotal(t) / t.arguments);

/** "73%" */
export const percent = (rate: number): string => `${Math.round(rate * 100)}%`;

/** The one-line tally: "5 arguments: 3 cited (2 verified), 1 unsourced, 1 misquoted, 0 misattributed · 60% cited". */
export function tallyLine(t: Tally): string {
  const cited = `${citedTotal(t)} cited${t.verified ? ` (${t.verified} verified)` : ''}`;
  return (
    `${t.arguments} argument${t.arguments === 1 ? '' : 's'}: ${cited}, ${t.unsourced} unsourced, ${t.misquoted} misquoted, ` +
    `${t.misattributed} misattributed · ${percent(citationRate(t))} cited`
  );
}

/** z for a two-sided 95% interval. */
const Z95 = 1.959963984540054;

/**
 * The lower bound of the Wilson score interval for `successes` of `n` (95% by default): the share of
 * arguments cited that the record supports with confidence. Few arguments give a low bound, so 3 cited of 4
 * (0.30) ranks above 7 of 14 (0.27) but 1 of 1 (0.21) below both. 0 with no arguments.
 */
export function wilsonLowerBound(successes: number, n: number, z = Z95): number {
  if (n <= 0) return 0;
  const p = successes / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return Math.max(0, (centre - spread) / (1 + z2 / n));
}

/** How sure the record is of a tally's citation rate: the Wilson lower bound of cited of arguments. */
export const sourcingScore = (t: Tally): number => wilsonLowerBound(citedTotal(t), t.arguments);

const wrong = (t: Tally): number => t.misquoted + t.misattributed;

/** The leaderboard's orders: by the share cited, counting how many (the default), or by the number cited. */
export type Ranking = 'share' | 'count';

/**
 * Leaderboard order by sourcing: the Wilson lower bound of the share cited, then more arguments, then fewer
 * misquotes and misattributions, then the name (so the order is stable).
 */
export function bySourcing<T extends { tally: Tally; name: string }>(a: T, b: T): number {
  return (
    sourcingScore(b.tally) - sourcingScore(a.tally) ||
    b.tally.arguments - a.tally.arguments ||
    wrong(a.tally) - wrong(b.tally) ||
    a.name.localeCompare(b.name)
  );
}

/** Leaderboard order by count: most cited arguments first, then the better citation rate, then fewer wrong, then the name. */
export function byCount<T extends { tally: Tally; name: string }>(a: T, b: T): number {
  return (
    citedTotal(b.tally) - citedTotal(a.tally) ||
    citationRate(b.tally) - citationRate(a.tally) ||
    wrong(a.tally) - wrong(b.tally) ||
    a.name.localeCompare(b.name)
  );
}

export const RANKINGS: Record<Ranking, <T extends { tally: Tally; name: string }>(a: T, b: T) => number> = { share: bySourcing, count: byCount };
