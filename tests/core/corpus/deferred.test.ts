import { describe, expect, it } from 'vitest';
import { buildCorpus, deferredCorpus } from '../../../src/core/corpus/corpus.js';
import { parseDocument } from '../../../src/core/corpus/parse.js';

const doc = parseDocument(
  { id: 'essay', title: 'An Essay', author: 'Ann Author', kind: 'article', publication: null, date: null },
  'An Essay\n\nAs Victor Serge wrote, “the party was everything and the bureaucracy grew”.[1]\n\nNotes\n\n[1] Victor Serge, Memoirs of a Revolutionary (Oxford, 1967), 225.\n',
);

describe('GIVEN a corpus whose texts stay on disk until needed', () => {
  it('THEN its size is known without reading them, and the first use reads them once', () => {
    let reads = 0;
    const whole = buildCorpus([structuredClone(doc)], 'h');
    const corpus = deferredCorpus('h', whole.size, () => (reads++, [structuredClone(doc)]));
    expect(corpus.size).toEqual({ documents: 1, quotations: whole.quotations.length });
    expect(corpus.hash).toBe('h');
    expect(reads).toBe(0);
    expect(corpus.quotations.map((q) => q.text)).toEqual(whole.quotations.map((q) => q.text));
    expect(corpus.document('essay')?.meta.title).toBe('An Essay');
    expect(corpus.speakers()).toEqual(whole.speakers());
    expect(corpus.passages.length).toBe(whole.passages.length);
    expect(reads).toBe(1);
  });
});
