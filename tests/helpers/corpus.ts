/** Small hand-made corpora for tests that must not depend on the parser. */
import { buildCorpus, type Corpus } from '../../src/core/corpus/corpus.js';
import type { ParsedDocument, Passage, Quotation } from '../../src/core/types.js';

export interface QuoteSpec {
  text: string;
  speaker: string | null;
  source?: string | null;
  confidence?: number;
}

/** One article by `author` whose paragraphs are `prose`, plus the quotations given. */
export function makeCorpus(spec: { author?: string; prose?: string[]; quotes?: QuoteSpec[]; title?: string; id?: string }): Corpus {
  const id = spec.id ?? 'doc';
  const passages: Passage[] = (spec.prose ?? []).map((text, i) => ({
    id: `${id}:p${i + 1}`,
    documentId: id,
    location: `¶ ${i + 1}`,
    speaker: spec.author ?? 'Ann Author',
    text,
    notes: [],
  }));
  const quotations: Quotation[] = (spec.quotes ?? []).map((q, i) => {
    const passageId = `${id}:qp${i + 1}`;
    passages.push({ id: passageId, documentId: id, location: `¶ q${i + 1}`, speaker: spec.author ?? 'Ann Author', text: `As noted, “${q.text}”, they said.`, notes: [] });
    return {
      id: `${id}:q${i + 1}`,
      documentId: id,
      passageId,
      location: `¶ q${i + 1}`,
      kind: 'inline',
      text: q.text,
      speaker: q.speaker,
      source: q.source ?? null,
      foundIn: null,
      confidence: q.confidence ?? 0.9,
    };
  });
  const doc: ParsedDocument = {
    meta: { id, title: spec.title ?? 'A Test Article', author: spec.author ?? 'Ann Author', kind: 'article', publication: null, date: null },
    passages,
    quotations,
    notes: [],
    warnings: [],
  };
  return buildCorpus([doc], 'test');
}
