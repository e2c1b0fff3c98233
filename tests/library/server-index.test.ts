/**
 * A server's own index when its texts change: changed in place when a few come or go, and then it finds and
 * ranks exactly as an index built from nothing; built anew when that could differ.
 */
import { describe, expect, it } from 'vitest';
import { createQuoteSearch, type QuoteSearch } from '../../src/core/search/search.js';
import { buildCorpus } from '../../src/core/corpus/corpus.js';
import type { ParsedDocument } from '../../src/core/types.js';
import { serverIndex } from '../../src/library/server-index.js';
import { makeCorpus } from '../helpers/corpus.js';

/** A text of its own (a fresh copy each call: building a corpus settles speakers' names in place). */
function text(id: string, author: string, topic: string, speaker = 'Victor Serge'): ParsedDocument {
  return makeCorpus({
    id,
    author,
    title: `On ${topic}`,
    prose: [`The ${topic} question divided the party in ${id}.`, `Workers spoke of ${topic} and of bread in every factory.`, `Later accounts of ${topic} disagree.`],
    quotes: [
      { text: `the ${topic} was strangling the revolution`, speaker },
      { text: `nobody wanted ${topic} but everybody obeyed it`, speaker: 'Leon Trotsky' },
    ],
  }).documents[0];
}

const texts = (...ids: string[]): ParsedDocument[] =>
  ids.map((id, i) => text(id, ['Ann Author', 'Bea Writer', 'Cy Scribe', 'Di Penn', 'Ed Quill'][i % 5], ['bureaucracy', 'kronstadt', 'famine', 'requisitions', 'soviets'][i % 5]));

const QUERIES = ['bureaucracy revolution', 'kronstadt workers', 'famine bread', 'trotsky obeyed', 'serge strangling', 'soviets party'];

/** What a member sees for each query: the results in order, with their ids, texts and speakers. */
const seen = (search: QuoteSearch) => QUERIES.map((query) => search.search({ query, limit: 10 }));

describe('a server\'s own index as its texts change', () => {
  it('GIVEN four texts WHEN a fifth is added THEN the index is changed in place and finds and ranks as one built from nothing', () => {
    const before = serverIndex(texts('a', 'b', 'c', 'd'), 'g1', null);
    expect(before.updated).toBe(false);
    const after = serverIndex(texts('a', 'b', 'c', 'd', 'e'), 'g2', before);
    expect(after.updated).toBe(true);
    const fresh = createQuoteSearch(buildCorpus(texts('a', 'b', 'c', 'd', 'e'), 'fresh'));
    expect(seen(after.search)).toEqual(seen(fresh));
    const soviets = after.search.search({ query: 'soviets', limit: 5 });
    expect(soviets.ok && soviets.results.map((r) => r.document.id)).toContain('e');
  });

  it('GIVEN five texts WHEN one is removed THEN its words are found no more, and the rest rank as built from nothing', () => {
    const before = serverIndex(texts('a', 'b', 'c', 'd', 'e'), 'g1', null);
    const kept = texts('a', 'b', 'c', 'd', 'e').filter((d) => d.meta.id !== 'e');
    const after = serverIndex(kept, 'g2', before);
    expect(after.updated).toBe(true);
    const soviets = after.search.search({ query: 'soviets', limit: 5 });
    expect(soviets.ok && soviets.results.map((r) => r.document.id)).not.toContain('e');
    expect(after.search.get('e:q1')).toBeUndefined();
    const fresh = createQuoteSearch(buildCorpus(texts('a', 'b', 'c', 'd', 'e').filter((d) => d.meta.id !== 'e'), 'fresh'));
    expect(seen(after.search)).toEqual(seen(fresh));
  });

  it('GIVEN a text quoting "Serge" alone WHEN a text naming Victor Serge in full is added THEN the first text\'s quotation is credited to Victor Serge too', () => {
    const own = (extra: ParsedDocument[]) => [text('a', 'Ann Author', 'bureaucracy', 'Serge'), text('b', 'Bea Writer', 'kronstadt', 'Leon Trotsky'), text('c', 'Cy Scribe', 'famine', 'Leon Trotsky'), ...extra];
    const before = serverIndex(own([]), 'g1', null);
    expect(before.search.get('a:q1')?.speaker).toBe('Serge');
    const after = serverIndex(own([text('d', 'Di Penn', 'soviets', 'Victor Serge')]), 'g2', before);
    expect(after.updated).toBe(false);
    expect(after.search.get('a:q1')?.speaker).toBe('Victor Serge');
    const narrowed = after.search.search({ query: 'strangling', speaker: 'Victor Serge', limit: 5 });
    expect(narrowed.ok && narrowed.results.map((r) => r.id)).toContain('a:q1');
  });

  it('GIVEN two texts WHEN both are replaced by others THEN the index is built from nothing, holding only the new ones', () => {
    const before = serverIndex(texts('a', 'b'), 'g1', null);
    const after = serverIndex(texts('c', 'd'), 'g2', before);
    expect(after.updated).toBe(false);
    expect(after.search.get('a:q1')).toBeUndefined();
    expect(after.search.get('c:q1')).toBeDefined();
  });
});
