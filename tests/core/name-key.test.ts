import { describe, expect, it } from 'vitest';
import { nameKey } from '../../src/core/text.js';
import { sameName } from '../../src/core/check/checker.js';
import { buildCorpus } from '../../src/core/corpus/corpus.js';
import { parseDocument } from '../../src/core/corpus/parse.js';

describe('one person, many spellings', () => {
  it('gives transliterations of a name one key', () => {
    for (const group of [['Trotzky', 'Trotski', 'Trotsky', 'Trotskij'], ['Lenine', 'Lenin'], ['Zinovieff', 'Zinoviev'], ['Bucharin', 'Bukharin'], ['Schljapnikow', 'Shlyapnikov'], ['Tchitcherin', 'Chicherin']]) {
      expect(new Set(group.map(nameKey)).size).toBe(1);
    }
  });

  it('keeps different names apart', () => {
    const keys = ['Trotsky', 'Radek', 'Kamenev', 'Krasin', 'Lenin', 'Serge', 'Marx', 'Martov'].map(nameKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('checks "Trotzky wrote" against words the corpus gives to Leon Trotsky, and not "Radek wrote"', () => {
    expect(sameName('Trotzky', 'Leon Trotsky')).toBe(true);
    expect(sameName('Lenine', 'Lenin')).toBe(true);
    expect(sameName('Radek', 'Leon Trotsky')).toBe(false);
  });

  it('takes a surname spelt another way for the person another text names in full, shown in that full spelling', () => {
    const meta = (id: string) => ({ id, title: id, author: null, kind: 'article' as const, publication: null, date: null });
    const a = parseDocument(meta('a'), 'As Leon Trotsky wrote, “the roads of the marsh are long and the tolls are high”.\n');
    const b = parseDocument(meta('b'), 'Trotzky said: “the marsh wardens never sleep in the month of the thaw”.\n');
    const corpus = buildCorpus([a, b], 'h');
    expect(corpus.quotations.map((q) => q.speaker)).toEqual(['Leon Trotsky', 'Leon Trotsky']);
  });
});

describe('speakers in any spelling', () => {
  it('narrows a query and autocompletes a name across spellings, showing the corpus\'s own', async () => {
    const { SpeakerRegistry } = await import('../../src/core/search/speakers.js');
    const reg = new SpeakerRegistry(['Leon Trotzky', 'Trotsky', 'Karl Radek', 'Lenine']);
    expect([...reg.resolve('Trotsky')!.speakers].sort()).toEqual(['Leon Trotzky', 'Trotsky']);
    expect([...reg.leadingSpeaker('lenin on the party')!.speakers]).toEqual(['Lenine']);
    expect(reg.suggest('trotsk')).toEqual(['Trotsky', 'Leon Trotzky']);
    expect(reg.suggest('radek')).toEqual(['Karl Radek']);
  });
});
