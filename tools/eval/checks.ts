/** Scores argument verdicts on the "checks" of the development set (shared/eval/README.md). */
import type { Checker, Verdict } from '../../src/core/check/checker.js';

export interface CheckCase {
  /** The argument as a debater posts it. */
  a: string;
  /** The verdict a careful moderator gives. */
  v: string;
  /** The verdict is debatable; still scored as given. */
  tolerant?: boolean;
}

export interface CheckRow {
  argument: string;
  expected: string;
  got: Verdict;
  right: boolean;
  /** A misquotation or misattribution called verified: the error that must never happen. */
  falseVerified: boolean;
}

/** Share of verdicts right, and how many misquotes or misattributions were called verified. */
export function scoreChecks(checker: Checker, entries: CheckCase[]): { accuracy: number; falseVerified: number; rows: CheckRow[] } {
  const rows = entries.map((e): CheckRow => {
    const got = checker.check(e.a).verdict;
    return {
      argument: e.a,
      expected: e.v,
      got,
      right: got === e.v,
      falseVerified: got === 'verified' && (e.v === 'misquoted' || e.v === 'misattributed'),
    };
  });
  const right = rows.filter((r) => r.right).length;
  return {
    accuracy: rows.length ? right / rows.length : 0,
    falseVerified: rows.filter((r) => r.falseVerified).length,
    rows,
  };
}
