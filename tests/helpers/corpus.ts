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

/** The search tests' corpus: one article, word families, two spellings, five speakers. */
export function searchFixture(): Corpus {
  return makeCorpus({
    author: 'Iain McKay',
    prose: [
      'The bureaucracy grew in numbers, power and privileges as the new state was built.',
      'Collectivisation of the peasants was forced through in 1929 with great violence.',
      'The labour movement of the West watched the Kronstadt events closely.',
    ],
    quotes: [
      { text: 'the growth of bureaucratism threatens the party', speaker: 'Leon Trotsky', source: 'The New Course' },
      { text: 'the bureaucratisation of the state was the main danger', speaker: 'Victor Serge', source: 'Memoirs of a Revolutionary, 225' },
      { text: 'the dictatorship of the party is a bureaucratic autocracy', speaker: 'Victor Serge' },
      { text: 'Russia had no means of ensuring a German Communist victory', speaker: 'Leszek Kolakowski', source: 'Main Currents of Marxism' },
      { text: 'we shall fight the labor bosses to the end', speaker: 'Emma Goldman' },
    ],
  });
}
