/**
 * A server's own index when its texts change: changed in place when a few come or go, and then it finds and
 * ranks exactly as an index built from nothing; built anew when that could differ.
 */
import { describe, expect, it } from 'vitest';
import { createQuoteSearch, type QuoteSearch } from '../../src/core/search/search.js';
import { buildCorpus } from '../../src/core/corpus/corpus.js';
import type { ParsedDocument } from '../../src/core/types.js';
import { IndexInSteps, serverIndex, type ServerTexts } from '../../src/library/server-index.js';
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

/** A server's stored texts (each read gives fresh copies, as the database does). */
const stored = (docs: ParsedDocument[]): ServerTexts => ({
  ids: docs.map((d) => d.meta.id),
  documents: (ids) => structuredClone(docs.filter((d) => !ids || ids.has(d.meta.id))),
});

const texts = (...ids: string[]): ParsedDocument[] =>
  ids.map((id, i) => text(id, ['Ann Author', 'Bea Writer', 'Cy Scribe', 'Di Penn', 'Ed Quill'][i % 5], ['bureaucracy', 'kronstadt', 'famine', 'requisitions', 'soviets'][i % 5]));

const QUERIES = ['bureaucracy revolution', 'kronstadt workers', 'famine bread', 'trotsky obeyed', 'serge strangling', 'soviets party'];

/** What a member sees for each query: the results in order, with their ids, texts and speakers. */
const seen = (search: QuoteSearch) => QUERIES.map((query) => search.search({ query, limit: 10 }));

describe('a server\'s own index as its texts change', () => {
  it('GIVEN four texts WHEN a fifth is added THEN the index is changed in place and finds and ranks as one built from nothing', async () => {
    const before = await serverIndex(stored(texts('a', 'b', 'c', 'd')), 'g1', null);
    expect(before.updated).toBe(false);
    const after = await serverIndex(stored(texts('a', 'b', 'c', 'd', 'e')), 'g2', before);
    expect(after.updated).toBe(true);
    const fresh = createQuoteSearch(buildCorpus(texts('a', 'b', 'c', 'd', 'e'), 'fresh'));
    expect(seen(after.search)).toEqual(seen(fresh));
    const soviets = after.search.search({ query: 'soviets', limit: 5 });
    expect(soviets.ok && soviets.results.map((r) => r.document.id)).toContain('e');
  });

  it('GIVEN five texts WHEN one is removed THEN its words are found no more, and the rest rank as built from nothing', async () => {
    const before = await serverIndex(stored(texts('a', 'b', 'c', 'd', 'e')), 'g1', null);
    const kept = texts('a', 'b', 'c', 'd', 'e').filter((d) => d.meta.id !== 'e');
    const after = await serverIndex(stored(kept), 'g2', before);
    expect(after.updated).toBe(true);
    const soviets = after.search.search({ query: 'soviets', limit: 5 });
    expect(soviets.ok && soviets.results.map((r) => r.document.id)).not.toContain('e');
    expect(after.search.get('e:q1')).toBeUndefined();
    const fresh = createQuoteSearch(buildCorpus(texts('a', 'b', 'c', 'd', 'e').filter((d) => d.meta.id !== 'e'), 'fresh'));
    expect(seen(after.search)).toEqual(seen(fresh));
  });

  it('GIVEN a text quoting "Serge" alone WHEN a text naming Victor Serge in full is added THEN the first text\'s quotation is credited to Victor Serge too', async () => {
    const own = (extra: ParsedDocument[]) => [text('a', 'Ann Author', 'bureaucracy', 'Serge'), text('b', 'Bea Writer', 'kronstadt', 'Leon Trotsky'), text('c', 'Cy Scribe', 'famine', 'Leon Trotsky'), ...extra];
    const before = await serverIndex(stored(own([])), 'g1', null);
    expect(before.search.get('a:q1')?.speaker).toBe('Serge');
    const after = await serverIndex(stored(own([text('d', 'Di Penn', 'soviets', 'Victor Serge')])), 'g2', before);
    expect(after.updated).toBe(false);
    expect(after.search.get('a:q1')?.speaker).toBe('Victor Serge');
    const narrowed = after.search.search({ query: 'strangling', speaker: 'Victor Serge', limit: 5 });
    expect(narrowed.ok && narrowed.results.map((r) => r.id)).toContain('a:q1');
  });

  it('GIVEN two texts WHEN both are replaced by others THEN the index is built from nothing, holding only the new ones', async () => {
    const before = await serverIndex(stored(texts('a', 'b')), 'g1', null);
    const after = await serverIndex(stored(texts('c', 'd')), 'g2', before);
    expect(after.updated).toBe(false);
    expect(after.search.get('a:q1')).toBeUndefined();
    expect(after.search.get('c:q1')).toBeDefined();
  });

  it('GIVEN a text quoting "Serge" alone and one naming Victor Serge WHEN the second is removed THEN the first text\'s quotation is Serge\'s again', async () => {
    const serge = () => text('a', 'Ann Author', 'bureaucracy', 'Serge');
    const others = () => [text('b', 'Bea Writer', 'kronstadt', 'Leon Trotsky'), text('c', 'Cy Scribe', 'famine', 'Leon Trotsky')];
    const before = await serverIndex(stored([serge(), ...others(), text('d', 'Di Penn', 'soviets', 'Victor Serge')]), 'g1', null);
    expect(before.search.get('a:q1')?.speaker).toBe('Victor Serge');
    const after = await serverIndex(stored([serge(), ...others()]), 'g2', before);
    expect(after.search.get('a:q1')?.speaker).toBe('Serge');
    expect(seen(after.search)).toEqual(seen(createQuoteSearch(buildCorpus([serge(), ...others()], 'fresh'))));
  });

  it('GIVEN an index already changed WHEN the index it was changed from is given again THEN it is built from nothing, and right', async () => {
    const before = await serverIndex(stored(texts('a', 'b', 'c', 'd')), 'g1', null);
    await serverIndex(stored(texts('a', 'b', 'c', 'd', 'e')), 'g2', before);
    const again = await serverIndex(stored(texts('a', 'b', 'c', 'e')), 'g3', before);
    expect(again.updated).toBe(false);
    expect(seen(again.search)).toEqual(seen(createQuoteSearch(buildCorpus(texts('a', 'b', 'c', 'e'), 'fresh'))));
  });
});

describe('a server\'s own index changed in steps', () => {
  it('GIVEN four texts WHEN a fifth is added a unit per step THEN searches between steps answer as before without it, and the end ranks as a fresh build', async () => {
    const before = await serverIndex(stored(texts('a', 'b', 'c', 'd')), 'g1', null);
    const expected = seen(before.search);
    const change = new IndexInSteps(stored(texts('a', 'b', 'c', 'd', 'e')), 'g2', before, 0);
    let steps = 0;
    while (!(await change.step())) {
      steps++;
      const soviets = before.search.search({ query: 'soviets', limit: 10 });
      expect(soviets.ok && soviets.results.map((r) => r.document.id)).not.toContain('e');
      expect(before.search.search({ query: 'bureaucracy revolution', limit: 10 }).ok).toBe(true);
    }
    expect(steps).toBeGreaterThan(5);
    const ids = (rs: typeof expected) => rs.map((r) => r.ok && r.results.map((x) => x.id).sort());
    expect(ids(seen(before.search))).toEqual(ids(expected));
    const after = await change.finish();
    expect(after.updated).toBe(true);
    expect(seen(after.search)).toEqual(seen(createQuoteSearch(buildCorpus(texts('a', 'b', 'c', 'd', 'e'), 'fresh'))));
  });

  it('GIVEN a change half done WHEN a removal cannot wait THEN what is left is done at once, and ranks as a fresh build', async () => {
    const before = await serverIndex(stored(texts('a', 'b', 'c', 'd')), 'g1', null);
    const change = new IndexInSteps(stored(texts('a', 'b', 'c', 'd', 'e')), 'g2', before, 0);
    for (let i = 0; i < 4; i++) expect(await change.step()).toBe(false);
    expect(seen((await change.finish()).search)).toEqual(seen(createQuoteSearch(buildCorpus(texts('a', 'b', 'c', 'd', 'e'), 'fresh'))));
  });

  it('GIVEN no index yet WHEN the texts are indexed a unit per step THEN the index ranks as one built at once', async () => {
    const build = new IndexInSteps(stored(texts('a', 'b', 'c')), 'g1', null, 0);
    let steps = 0;
    while (!(await build.step())) steps++;
    expect(steps).toBeGreaterThan(10);
    expect(seen((await build.finish()).search)).toEqual(seen(createQuoteSearch(buildCorpus(texts('a', 'b', 'c'), 'fresh'))));
  });
});
