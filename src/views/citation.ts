/** A quotation's citation as one line: who, where it stands in the corpus, and the original source. */
import type { QuoteResult } from '../core/types.js';

export function citationOf(r: QuoteResult): string {
  const where = `${r.document.title}, ${r.location}`;
  return `${r.speaker ? `${r.speaker}, quoted in ` : ''}${where}${r.source ? `; original: ${r.source}` : ''} [${r.id}]`;
}
