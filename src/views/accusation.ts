/**
 * Why an argument was accused, in words: where the corpus passage it was measured against stands, and the
 * sentence naming its wording and who said it.
 */
import type { ArgumentCheck, CheckMatch } from '../core/check/checker.js';
import { clip } from '../core/text.js';

/** Where a corpus passage stands: its text's title and, when known, its chapter or post. */
export const placeOf = (m: Pick<CheckMatch, 'document' | 'location'>) => `${m.document.title}${m.location ? `, ${m.location}` : ''}`;

/**
 * Why an accusation was made, in a sentence naming the corpus wording and who said it: the checker's own
 * explanation when it gives one, else one built from what it matched.
 */
export function accusationWhy(check: Pick<ArgumentCheck, 'verdict' | 'quotations' | 'matches' | 'nearest' | 'explanation'>): string | null {
  if (check.verdict !== 'misquoted' && check.verdict !== 'misattributed') return null;
  if (check.explanation?.trim()) return check.explanation.trim();
  const q = check.quotations.find((x) => x.verdict === check.verdict);
  if (check.verdict === 'misattributed') {
    const m = check.matches[0] ?? check.nearest[0];
    if (!m) return q ? `“${clip(q.text, 120)}”: ${q.reason}.` : null;
    return `The corpus gives “${clip(m.text, 160)}” to ${m.speaker ?? 'someone unnamed'} (${placeOf(m)})${q?.attributedTo ? `, not to ${q.attributedTo}` : ''}.`;
  }
  const m = check.nearest[0];
  if (!m) return q ? `“${clip(q.text, 120)}”${q.attributedTo ? ` (credited to ${q.attributedTo})` : ''}: ${q.reason}.` : null;
  return `The corpus has “${clip(m.text, 160)}” — ${m.speaker ?? 'unattributed'}, ${placeOf(m)}${q && q.reason && q.reason !== 'ok' ? ` (${q.reason})` : ''}.`;
}
