import { describe, expect, it } from 'vitest';
import { createQuoteSearch } from '../../../src/core/search/search.js';
import { makeCorpus, searchFixture } from '../../helpers/corpus.js';

const corpus = searchFixture();
const search = createQuoteSearch(corpus);

describe('GIVEN a query that starts with a speaker name', () => {
  it('THEN narrows to that speaker, by any of their names', () => {
    for (const q of ['serge bureaucracy', 'Victor Serge bureaucracy']) {
      const r = search.search({ query: q, limit: 10 });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.results.length).toBe(2);
      expect(r.results.every((x) => x.speaker === 'Victor Serge')).toBe(true);
      expect(r.speaker).toMatch(/Serge/);
    }
  });

  it('THEN forgives a typo in the name', () => {
    const r = search.search({ query: 'kolakowsky german victory', limit: 5 });
    expect(r.ok && r.results[0]?.speaker).toBe('Leszek Kolakowski');
  });

  it('THEN the speaker option narrows the same way', () => {
    const r = search.search({ query: 'bureaucracy', speaker: 'trotsky', limit: 5 });
    expect(r.ok && r.results.map((x) => x.speaker)).toEqual(['Leon Trotsky']);
  });

  it('THEN an unknown speaker option is refused clearly', () => {
    const r = search.search({ query: 'bureaucracy', speaker: 'Napoleon', limit: 5 });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/No one called “Napoleon”/);
  });

  it('THEN falls back to everyone, saying so, when the speaker said nothing of the kind', () => {
    const r = search.search({ query: 'goldman collectivisation', limit: 5 });
    expect(r.ok && r.note).toMatch(/Nothing by Goldman/);
    expect(r.ok && r.results[0].text).toMatch(/Collectivisation/);
  });
});

describe('GIVEN word forms and spellings', () => {
  it('THEN bureaucracy finds bureaucratic, bureaucratism and bureaucratisation', () => {
    const r = search.search({ query: 'bureaucracy', limit: 10 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const texts = r.results.map((x) => x.text);
    expect(texts.some((t) => /The bureaucracy grew/.test(t))).toBe(true);
    expect(texts.some((t) => /bureaucratism/.test(t))).toBe(true);
    expect(texts.some((t) => /bureaucratisation/.test(t))).toBe(true);
    expect(texts.some((t) => /bureaucratic autocracy/.test(t))).toBe(true);
  });

  it('THEN American spelling finds British and back', () => {
    const a = search.search({ query: 'collectivization', limit: 3 });
    expect(a.ok && a.results[0].text).toMatch(/Collectivisation/);
    const b = search.search({ query: 'labour', limit: 5 });
    expect(b.ok && b.results.some((x) => /labor bosses/.test(x.text))).toBe(true);
  });

  it('THEN a typo in a word still finds it', () => {
    const r = search.search({ query: 'kronstdt', limit: 3 });
    expect(r.ok && r.results[0]?.text).toMatch(/Kronstadt/);
  });
});

describe('GIVEN hostile or empty input', () => {
  it('THEN an empty query gets a clear answer', () => {
    const r = search.search({ query: '   ', limit: 5 });
    expect(!r.ok && r.error).toMatch(/Type some words/);
  });

  it('THEN a 10,000-character query is refused with the limit', () => {
    const r = search.search({ query: 'x'.repeat(10_000), limit: 5 });
    expect(!r.ok && r.error).toMatch(/at most 300 characters/);
  });

  it('THEN search syntax and control characters are plain words, never an exception', () => {
    for (const q of ['"bureaucracy', 'bureau*', 'serge OR trotsky', 'NEAR(party state)', '((()))', 'party\u0000\u0007state', '-', '@everyone']) {
      const r = search.search({ query: q, limit: 5 });
      expect(r.ok).toBe(true);
    }
    const r = search.search({ query: '((()))', limit: 5 });
    expect(r.ok && r.results).toEqual([]);
  });

  it('THEN a limit outside 1-10 is refused', () => {
    expect(search.search({ query: 'party', limit: 0 }).ok).toBe(false);
    expect(search.search({ query: 'party', limit: 11 }).ok).toBe(false);
  });
});

describe('GIVEN a persisted index', () => {
  it('THEN it reloads to the same results', () => {
    const again = createQuoteSearch(corpus, JSON.stringify(search));
    expect(again.search({ query: 'serge bureaucracy', limit: 5 })).toEqual(search.search({ query: 'serge bureaucracy', limit: 5 }));
  });

  it('THEN an index of another corpus is refused, not trusted', () => {
    const other = createQuoteSearch(makeCorpus({ prose: ['something else entirely'] }));
    expect(() => createQuoteSearch(corpus, JSON.stringify(other))).toThrow(/does not match/);
  });
});

describe('GIVEN paging', () => {
  it('THEN offsets page through the same ranking without repeats', () => {
    const all = search.search({ query: 'bureaucracy', limit: 10 });
    const p1 = search.search({ query: 'bureaucracy', limit: 2, offset: 0 });
    const p2 = search.search({ query: 'bureaucracy', limit: 2, offset: 2 });
    if (!all.ok || !p1.ok || !p2.ok) throw new Error('search failed');
    expect([...p1.results, ...p2.results].map((r) => r.id)).toEqual(all.results.slice(0, 4).map((r) => r.id));
    expect(p1.total).toBe(all.total);
  });
});

describe('GIVEN a long post of several paragraphs', () => {
  const post = makeCorpus({
    author: 'anonymous poster',
    prose: [
      ['Stalin rose because he was pragmatic and changed positions.', '-Stalin encouraged Chinese Communists to work with the GMD.', '-Trotsky favoured trade with capitalist countries.'].join('\n'),
    ],
  });
  const s = createQuoteSearch(post);

  it('THEN the paragraph that matches is the result, located within the post', () => {
    const r = s.search({ query: 'chinese communists', limit: 5 });
    expect(r.ok && r.results.map((x) => [x.text, x.location])).toEqual([['-Stalin encouraged Chinese Communists to work with the GMD.', '¶ 1, ¶ 2']]);
  });
});
