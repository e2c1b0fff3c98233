/**
 * The one vocabulary of verdicts: one emoji and one word per verdict, and how a verdict reads with what
 * qualifies it (a quotation the corpus does not hold, a paraphrase). Every view — announcements, /score,
 * /leaderboard, /sources and its export, the debate record and transcript, /verdict, the CLI — takes its
 * labels from here.
 */
import type { CheckedQuotation, Verdict } from '../core/check/checker.js';

export const VERDICT_EMOJI: Record<Verdict, string> = {
  verified: '✅',
  cited: '📎',
  unsourced: '❔',
  misquoted: '⚠️',
  misattributed: '❌',
};

/** "✅ verified", "📎 cited", "❔ unsourced", "⚠️ misquoted", "❌ misattributed". */
export const VERDICT_LABEL: Record<Verdict, string> = {
  verified: `${VERDICT_EMOJI.verified} verified`,
  cited: `${VERDICT_EMOJI.cited} cited`,
  unsourced: `${VERDICT_EMOJI.unsourced} unsourced`,
  misquoted: `${VERDICT_EMOJI.misquoted} misquoted`,
  misattributed: `${VERDICT_EMOJI.misattributed} misattributed`,
};

/** One quotation's own verdict inside an argument. */
export const QUOTATION_LABEL: Record<CheckedQuotation['verdict'], string> = {
  verified: VERDICT_LABEL.verified,
  misquoted: VERDICT_LABEL.misquoted,
  misattributed: VERDICT_LABEL.misattributed,
  unchecked: '· not checked',
};

/** What qualifies a verdict. */
export interface VerdictQualifiers {
  /** The argument quotes words the corpus holds nothing near: neither confirmed nor accused. */
  notInCorpus?: boolean;
  /** The argument paraphrases the corpus quotation its source names (cited, not verified). */
  paraphraseOf?: string | null;
}

/** The qualifier after a verdict's label, or "" ("quotation not in the corpus", "a paraphrase"). */
export function qualifier(verdict: Verdict, q: VerdictQualifiers = {}): string {
  if (verdict === 'cited' && q.paraphraseOf) return 'a paraphrase of the corpus';
  if ((verdict === 'cited' || verdict === 'unsourced') && q.notInCorpus) return 'quotation not in the corpus';
  return '';
}

/** "📎 cited — quotation not in the corpus", or the plain label. */
export function verdictLabel(verdict: Verdict, q: VerdictQualifiers = {}): string {
  const more = qualifier(verdict, q);
  return more ? `${VERDICT_LABEL[verdict]} — ${more}` : VERDICT_LABEL[verdict];
}

/** Whether a verdict accuses the debater (and so must say why). */
export const accuses = (v: Verdict): boolean => v === 'misquoted' || v === 'misattributed';

/** The plain word of a verdict ("cited — quotation not in the corpus"), for Markdown and the CLI. */
export function verdictWords(verdict: Verdict, q: VerdictQualifiers = {}): string {
  const more = qualifier(verdict, q);
  return more ? `${verdict} — ${more}` : verdict;
}
