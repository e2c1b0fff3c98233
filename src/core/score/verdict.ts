/**
 * The one verdict an argument has: the check, then a challenge's outcome, then a moderator's ruling. It is
 * stored with the argument (argument_verdicts.verdict) whenever any of those changes, and every view reads
 * it from there. Pure.
 */
import type { Verdict } from '../check/checker.js';

export type ChallengeStatus = 'pending' | 'answered' | 'expired';

export interface VerdictInputs {
  /** The checker's verdict on the argument's words and source (re-checked when a source is added). */
  checked: Verdict;
  /** The argument's challenge, if any. */
  challenge: ChallengeStatus | null;
  /** A moderator's ruling, if any: it stands over everything. */
  override: Verdict | null;
}

/**
 * The verdict that counts. A challenge changes it only through its answer — the source added is re-checked
 * into `checked` — and never by expiring: an argument that gives a source keeps it until a moderator rules,
 * and one that gives none is already unsourced.
 */
export function effectiveVerdict(v: VerdictInputs): Verdict {
  return v.override ?? v.checked;
}
