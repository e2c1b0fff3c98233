/**
 * /quote's rules for what debaters ask (issue 16), each asserted on both engines: the MiniSearch search (small
 * corpora) and the FTS5 search (large ones) must rank alike. Invented texts, with cases where a rule must not fire.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createQuoteSearch, type QuoteSearch, type SearchRequest } from '../../../src/core/search/search.js';
import { createFtsQuoteSearch } from '../../../src/store/fts/search.js';
import { makeCorpus } from '../../helpers/corpus.js';
import { rerank } from '../../../src/core/search/rerank.js';
import { shapeOf } from '../../../src/core/search/shape.js';
import { readingOf } from '../../../src/core/search/positions.js';

const corpus = makeCorpus({
  author: 'Ann Author',
  prose: [
    'The theory of permanent revolution held that the revolution must spread abroad or die at home.', // p1
    'The permanent existence of the state breeds a caste; revolution is no cure for it, said the critics.', // p2
    'Socialist construction in a single country was the slogan of the majority that year in the party.', // p3
    'Nothing here concerns the questions asked in these tests.', // p4
    'The crisis of the harvest in 1927 forced the leadership to requisition grain from the villages again.', // p5
    'A Trotskyist USSR would have been better for the workers, because the opposition defended soviet democracy.', // p6
    'He was better able to judge in the matter than anyone.', // p7
    'Management by one man replaced the factory committees within two years of the revolution.', // p8
  ],
  quotes: [
    { text: 'we defend the theory of socialism in one country against its critics', speaker: 'Joseph Stalin', source: 'Problems of Leninism (Moscow, 1947), 160' },
    { text: 'one-man management is the road to the dictatorship over the proletariat', speaker: 'Alexandra Kollontai', source: 'The Workers’ Opposition (1921), 12' },
    { text: 'the bureaucracy devours the revolution it was born of', speaker: 'Leon Trotsky', source: 'Leon Trotsky, The Revolution Betrayed (London: Faber, 1937), 255' },
    { text: 'the revolution betrayed its own promise when the soviets were emptied', speaker: 'Iain McKay', source: null },
    { text: 'the state is a machine for the oppression of one class by another', speaker: 'Vladimir Lenin', source: 'The State and Revolution (1917), 9' },
    { text: 'the new course demands workers democracy in the party', speaker: 'Leon Trotsky', source: '“The New Course”, The Challenge of the Left Opposition (New York, 1975), 78' },
    { text: 'the harvest of 1927 was the worst in years', speaker: 'Natalia Sedova Trotsky', source: null },
    { text: 'the crisis of the harvest.', speaker: null, source: null }, // q8: a fragment no one is named for
  ],
});

const engines: [string, QuoteSearch][] = [
  ['MiniSearch', createQuoteSearch(corpus)],
  ['FTS5', createFtsQuoteSearch(corpus, new Database(':memory:'))],
];

function ask(s: QuoteSearch, request: SearchRequest) {
  const r = s.search({ limit: 10, ...request });
  if (!r.ok) throw new Error(r.error);
  return r;
}
const texts = (s: QuoteSearch, query: string, more: Partial<SearchRequest> = {}) => ask(s, { query, ...more }).results.map((x) => x.text);
const ids = (s: QuoteSearch, query: string, more: Partial<SearchRequest> = {}) => ask(s, { query, ...more }).results.map((x) => x.id);

describe.each(engines)('GIVEN the %s search', (_name, search) => {
  describe('WHEN a query names a work', () => {
    it('THEN quotations whose original source is that work come first', () => {
      const r = ask(search, { query: 'revolution betrayed' });
      expect(r.results[0].source).toMatch(/The Revolution Betrayed/);
      expect(r.note).toMatch(/The Revolution Betrayed/);
      // The same words without a source still follow.
      expect(r.results.map((x) => x.text)).toContain('the revolution betrayed its own promise when the soviets were emptied');
    });

    it('THEN one word of a title is a subject, not a work', () => {
      const r = ask(search, { query: 'revolution' });
      expect(r.note).toBeNull();
    });

    it('THEN the source option narrows to the work, by its name or words of it, and an unknown work is refused', () => {
      const r = ask(search, { query: 'revolution', source: 'The Revolution Betrayed' });
      expect(r.results.map((x) => x.id)).toEqual(['doc:q3']);
      expect(r.source).toBe('The Revolution Betrayed');
      expect(ids(search, 'party', { source: 'new course' })).toEqual(['doc:q6']);
      expect(ids(search, 'class', { source: 'Challenge of the Left Opposition' })).toEqual([]);
      const refused = search.search({ query: 'revolution', source: 'The Gulag Archipelago' });
      expect(!refused.ok && refused.error).toMatch(/No work called “The Gulag Archipelago”/);
    });

    it('THEN sources autocomplete by the works they cite, without pages or publishers', () => {
      expect(search.suggestSources('rev')[0]).toBe('The Revolution Betrayed');
      expect(search.suggestSources('rev').every((w) => !/Faber|255|London/.test(w))).toBe(true);
      expect(search.suggestSources('state')).toContain('The State and Revolution');
      expect(search.suggestSources('new')).toContain('The New Course');
    });
  });

  describe('WHEN the words of a query stand together in some passages and scattered in others', () => {
    it('THEN together and in order ranks first', () => {
      expect(ids(search, 'permanent revolution')[0]).toBe('doc:p1');
      expect(ids(search, 'socialism in one country')[0]).toBe('doc:q1');
    });

    it('THEN a quoted phrase is required as a phrase; unquoted, the same words are not', () => {
      expect(ids(search, '"one-man management"')).toEqual(['doc:q2']);
      expect(ids(search, 'one-man management')).toEqual(expect.arrayContaining(['doc:q2', 'doc:p8']));
      expect(ids(search, '"committees management"')).toEqual([]);
    });
  });

  describe('WHEN a name is typed as people type it', () => {
    it('THEN transpositions, transliterations and slips narrow to the person', () => {
      for (const q of ['trotksy bureaucracy', 'trotzky bureaucracy', 'trotski bureaucracy']) {
        const r = ask(search, { query: q });
        expect(r.results.map((x) => x.speaker), q).toEqual(['Leon Trotsky']);
      }
      expect(ask(search, { query: 'lenine state' }).results.map((x) => x.speaker)).toEqual(['Vladimir Lenin']);
    });

    it('THEN a movement named after someone is not that person', () => {
      expect(ask(search, { query: 'trotskyist ussr' }).speaker).toBeNull();
    });

    it('THEN a surname two people share offers the choices', () => {
      const r = ask(search, { query: 'trotsky harvest' });
      expect(r.note).toMatch(/may mean .*Leon Trotsky.*Natalia Sedova Trotsky|may mean .*Natalia Sedova Trotsky.*Leon Trotsky/);
      expect(ask(search, { query: 'kollontai management' }).note).toBeNull();
    });
  });

  describe('WHEN the query is a question or a motion in plain words', () => {
    it('THEN the passage arguing the point ranks first, not one sharing its framing words', () => {
      const r = texts(search, 'would a trotskyist ussr have been better');
      expect(r[0]).toMatch(/^A Trotskyist USSR would have been better/);
      expect(r.indexOf('He was better able to judge in the matter than anyone.')).not.toBe(0);
    });

    it('THEN a fragment of a few words never outranks a substantive passage that matches as well', () => {
      expect(ids(search, 'crisis harvest')).toContain('doc:p5');
      // As the rerank reads it: an unattributed fragment scored higher still goes below the passage.
      const shape = shapeOf('crisis harvest');
      const unit = (item: string, score: number, text: string, attributed: boolean) => ({ item, score, reading: readingOf(text), attributed, text: () => text });
      const fragment = unit('fragment', 9, 'the crisis of the harvest.', false);
      const passage = unit('passage', 3, 'The crisis of the harvest in 1927 forced the leadership to requisition grain.', true);
      expect(rerank([fragment, passage], shape)).toEqual(['passage', 'fragment']);
      expect(rerank([{ ...fragment, attributed: true }, passage], shape)).toEqual(['fragment', 'passage']);
      // Said by someone named, a short quotation is a quotation: it keeps its place.
      expect(ids(search, 'harvest 1927')[0]).toBe('doc:q7');
    });
  });
});

describe('GIVEN both engines', () => {
  it('THEN each rule puts the same result first, with the same speaker and note', () => {
    const [[, mini], [, fts]] = engines;
    const cases: [string, Partial<SearchRequest>][] = [
      ['permanent revolution', {}],
      ['socialism in one country', {}],
      ['"one-man management"', {}],
      ['revolution betrayed', {}],
      ['revolution', { source: 'Revolution Betrayed' }],
      ['trotksy bureaucracy', {}],
      ['would a trotskyist ussr have been better', {}],
      ['crisis harvest', {}],
    ];
    for (const [q, more] of cases) {
      const a = ask(mini, { query: q, ...more, limit: 3 });
      const b = ask(fts, { query: q, ...more, limit: 3 });
      expect(b.results[0]?.id, q).toBe(a.results[0]?.id);
      if (q.startsWith('"') || more.source) expect(b.results.map((x) => x.id), q).toEqual(a.results.map((x) => x.id));
      expect([b.speaker, b.note], q).toEqual([a.speaker, a.note]);
    }
  });
});
