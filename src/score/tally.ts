/** Counting verdicts: a person's or a side's tally and its citation rate. Pure. */
import type { Verdict } from '../core/check/checker.js';

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

/** Adds one argument with `verdict` to `t` (in place); returns `t`. */
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

/** The one-line tally: "5 arguments: 3 cited (2 verified), 1 unsourced, 1 misquoted, 0 misattributed". */
export function tallyLine(t: Tally): string {
  const cited = `${citedTotal(t)} cited${t.verified ? ` (${t.verified} verified)` : ''}`;
  return `${t.arguments} argument${t.arguments === 1 ? '' : 's'}: ${cited}, ${t.unsourced} unsourced, ${t.misquoted} misquoted, ${t.misattributed} misattributed`;
}

/**
 * Leaderboard order: most cited arguments first, then the better citation rate, then fewer misquotes and
 * misattributions, then the name (so the order is stable).
 */
export function byStanding<T extends { tally: Tally; name: string }>(a: T, b: T): number {
  return (
    citedTotal(b.tally) - citedTotal(a.tally) ||
    citationRate(b.tally) - citationRate(a.tally) ||
    a.tally.misquoted + a.tally.misattributed - (b.tally.misquoted + b.tally.misattributed) ||
    a.name.localeCompare(b.name)
  );
}
