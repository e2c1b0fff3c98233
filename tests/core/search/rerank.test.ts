/**
 * The rerank's reading of a unit (positions.ts: written once per unit, so that a search never splits a passage
 * into words again) and the rerank's rules that read it, on both engines.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createQuoteSearch, type QuoteSearch } from '../../../src/core/search/search.js';
import { createFtsQuoteSearch } from '../../../src/store/fts/search.js';
import { keyedWords, keyHits, readingOf } from '../../../src/core/search/positions.js';
import { rerank, type Candidate } from '../../../src/core/search/rerank.js';
import { shapeOf } from '../../../src/core/search/shape.js';
import { makeCorpus } from '../../helpers/corpus.js';

describe('GIVEN a unit read once for the rerank', () => {
  const texts = [
    'The State, the states and the statesman: 1927 was the year the state fell.',
    'Bureaucracy, bureaucratic, bureaucratisation — Verkhne-Uralsk; Trotzky, Trotsky; Бюрократия 1927 1927.',
    'the crisis of the NEP',
    'Nothing but stop words: it was to be, or not.',
    '',
  ];

  it('THEN it finds every key where keyedWords numbers it, with the words as written', () => {
    for (const text of texts) {
      const words = keyedWords(text);
      const keys = [...new Set(words.map((w) => w.key))];
      const hits = keyHits(readingOf(text), keys);
      expect(hits.count, text).toBe(words.length);
      keys.forEach((k, i) => expect(hits.at[i], `${text} / ${k}`).toEqual(words.flatMap((w, at) => (w.key === k ? [at] : []))));
      expect(new Set(hits.words), text).toEqual(new Set(words.map((w) => w.word)));
    }
  });

  it('THEN a key that begins another, or stands among the positions, is not found there', () => {
    const hits = keyHits(readingOf('The statesman spoke in 1927, then 27 more times.'), ['state', '192', '7', '27']);
    expect(hits.at).toEqual([null, null, null, [3]]);
  });

  it('THEN it knows a whole sentence from a piece cut from one', () => {
    expect(keyHits(readingOf('In the bureaucracy he sees the manager.'), []).whole).toBe(true);
    expect(keyHits(readingOf('means of production belong to the state'), []).whole).toBe(false);
    expect(keyHits(readingOf('“The state is ours.”'), []).whole).toBe(true);
  });
});

describe('GIVEN candidates that match alike', () => {
  const shape = shapeOf('soviets power');
  const unit = (item: string, score: number, text: string): Candidate<string> => ({ item, score, reading: readingOf(text), attributed: true, text: () => text });
  const piece = 'the soviets lost their power in the factories';
  const whole = 'The soviets lost their power in the villages.';

  it('THEN a whole sentence comes before a piece cut from one', () => {
    expect(rerank([unit('piece', 1, piece), unit('whole', 0.99, whole)], shape)).toEqual(['whole', 'piece']);
  });

  it('THEN being a sentence does not outweigh matching better', () => {
    expect(rerank([unit('piece', 1, piece), unit('whole', 0.8, whole)], shape)).toEqual(['piece', 'whole']);
    const together = 'where soviet power ended the party began';
    expect(rerank([unit('whole', 1, 'The soviets lost to the party all their power.'), unit('together', 0.9, together)], shape)).toEqual(['together', 'whole']);
  });
});

describe('GIVEN both engines and quotations that match alike', () => {
  const corpus = makeCorpus({
    author: 'Ann Author',
    quotes: [
      { text: 'the soviets lost their power in the factories', speaker: 'Rosa Example' },
      { text: 'The soviets lost their power in the villages.', speaker: 'Rosa Example' },
      { text: 'where soviet power ended the party began', speaker: 'Rosa Example' },
      { text: 'The party grew while the soviets lost ground and power.', speaker: 'Rosa Example' },
    ],
  });
  const engines: [string, QuoteSearch][] = [
    ['MiniSearch', createQuoteSearch(corpus)],
    ['FTS5', createFtsQuoteSearch(corpus, new Database(':memory:'))],
  ];
  const ids = (s: QuoteSearch, query: string) => {
    const r = s.search({ query, limit: 10 });
    if (!r.ok) throw new Error(r.error);
    return r.results.map((x) => x.id);
  };

  it.each(engines)('THEN %s puts the whole sentence above the piece, and the words side by side above both', (_name, search) => {
    const order = ids(search, 'soviet power');
    expect(order[0]).toBe('doc:q3');
    expect(order.indexOf('doc:q2')).toBeLessThan(order.indexOf('doc:q1'));
  });

  it('THEN both engines give the same order', () => {
    for (const q of ['soviet power', 'soviets lost power', 'party power', 'factories villages']) expect(ids(engines[1][1], q), q).toEqual(ids(engines[0][1], q));
  });
});
