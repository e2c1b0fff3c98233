/**
 * A search index changed in place, a text at a time and a slice of work at a time (a server's own texts): it
 * searches exactly as one built at once over the same texts, and searches made before a change never see it half done.
 */
import { describe, expect, it } from 'vitest';
import { buildCorpus } from '../../../src/core/corpus/corpus.js';
import { createQuoteSearch, type QuoteSearch } from '../../../src/core/search/search.js';
import { TextIndex, textUnits, type Due, type TextUnits } from '../../../src/core/search/text-index.js';
import type { ParsedDocument } from '../../../src/core/types.js';
import { makeCorpus } from '../../helpers/corpus.js';

const TOPICS = ['bureaucracy', 'kronstadt', 'famine', 'requisitions'];

function text(id: string, i: number): ParsedDocument {
  const topic = TOPICS[i % TOPICS.length];
  return makeCorpus({
    id,
    author: ['Ann Author', 'Bea Writer', 'Cy Scribe'][i % 3],
    prose: [`The ${topic} question divided the party.\n\nWorkers spoke of ${topic} and bread.`, `Later accounts of ${topic} disagree.`],
    quotes: [
      { text: `the ${topic} was strangling the revolution`, speaker: 'Victor Serge', source: 'Memoirs of a Revolutionary, 12' },
      { text: `nobody wanted ${topic} but everybody obeyed`, speaker: 'Leon Trotsky' },
    ],
  }).documents[0];
}

const QUERIES = ['bureaucracy revolution', 'kronstadt workers', 'famine bread', 'trotsky obeyed', 'serge strangling', 'party'];
const seen = (s: QuoteSearch) => QUERIES.map((query) => s.search({ query, limit: 10 }));

/** Runs steps to the end, counting the yields. */
function run<T>(steps: Generator<void, T>): { value: T; yields: number } {
  let yields = 0;
  let r = steps.next();
  while (!r.done) (yields++, (r = steps.next()));
  return { value: r.value, yields };
}

const everyUnit: Due = () => true;

function indexOf(docs: ParsedDocument[]): { index: TextIndex; yields: number } {
  const units: TextUnits[] = docs.map((d) => run(textUnits(d, everyUnit)).value);
  const index = new TextIndex();
  return { index, yields: run(index.put(units, everyUnit)).yields };
}

describe('GIVEN texts indexed a unit at a time', () => {
  it('THEN the index yields between units and searches exactly as one built at once', () => {
    const corpus = buildCorpus([text('a', 0), text('b', 1), text('c', 2)], 'c');
    const { index, yields } = indexOf(corpus.documents);
    const stepped = run(index.searchOf(corpus, everyUnit)).value;
    const whole = createQuoteSearch(buildCorpus([text('a', 0), text('b', 1), text('c', 2)], 'w'));
    expect(yields).toBe(whole.size);
    expect(seen(stepped)).toEqual(seen(whole));
    expect(seen(whole).some((r) => r.ok && r.results.length > 0)).toBe(true);
    // Who and what can be asked for, read in steps too: the same names offered.
    expect(stepped.suggestSpeakers('')).toEqual(whole.suggestSpeakers(''));
    expect(stepped.suggestSources('')).toEqual(['Memoirs of a Revolutionary']);
    expect(stepped.suggestSources('')).toEqual(whole.suggestSources(''));
  });

  it('WHEN a text is put in and another taken out THEN it searches as one built afresh over the texts then held', () => {
    const first = buildCorpus([text('a', 0), text('b', 1), text('c', 2)], 'c1');
    const { index } = indexOf(first.documents);
    const d = text('d', 3);
    const next = buildCorpus([first.documents[0], first.documents[2], d], 'c2');
    run(index.takeOut(['b'], everyUnit));
    run(index.put([run(textUnits(d, everyUnit)).value], everyUnit));
    const fresh = createQuoteSearch(buildCorpus([text('a', 0), text('c', 2), text('d', 3)], 'f'));
    expect(seen(run(index.searchOf(next, everyUnit)).value)).toEqual(seen(fresh));
    const kronstadt = run(index.searchOf(next, everyUnit)).value.search({ query: 'kronstadt', limit: 10 });
    expect(kronstadt.ok && kronstadt.results).toEqual([]);
  });

  it('WHEN a text is being put in THEN a search made before answers between its units without it, never failing', () => {
    const first = buildCorpus([text('a', 0), text('b', 1)], 'c1');
    const { index } = indexOf(first.documents);
    const before = run(index.searchOf(first, everyUnit)).value;
    const expected = seen(before);
    const steps = index.put([run(textUnits(text('d', 3), everyUnit)).value], everyUnit);
    let turns = 0;
    for (let r = steps.next(); !r.done; r = steps.next(), turns++) {
      for (const query of ['requisitions', 'requisitions strangling', 'obeyed']) {
        const found = before.search({ query, limit: 10 });
        expect(found.ok && found.results.filter((x) => x.document.id === 'd')).toEqual([]);
      }
      // Narrowed to a speaker alone (every unit of theirs, the index's new ones left out).
      const serge = before.search({ query: '', speaker: 'Victor Serge', limit: 10 });
      expect(serge.ok && serge.results.map((x) => x.document.id).sort()).toEqual(['a', 'b']);
    }
    expect(turns).toBeGreaterThan(1);
    // Its ranking aside (the index's statistics count the new text's units), it finds what it found before.
    expect(seen(before).map((r) => r.ok && r.results.map((x) => x.id).sort())).toEqual(expected.map((r) => r.ok && r.results.map((x) => x.id).sort()));
  });

  it('THEN a search over a corpus whose texts the index does not hold exactly is refused', () => {
    const corpus = buildCorpus([text('a', 0), text('b', 1)], 'c');
    const { index } = indexOf([corpus.documents[0]]);
    expect(() => run(index.searchOf(corpus, everyUnit))).toThrow(/not in this search index/);
    expect(() => run(index.searchOf(buildCorpus([], 'none'), everyUnit))).toThrow(/holds texts the corpus does not/);
  });
});
