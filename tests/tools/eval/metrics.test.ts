import { describe, expect, it } from 'vitest';
import { scoreAttribution, scoreQuery } from '../../../tools/eval/metrics.js';

const c = { q: 'serge bureaucracy', speaker: 'Serge', rel: { 'the bureaucracy grew': 2, 'a relevant aside': 1 } };

describe('scoreQuery', () => {
  it('GIVEN the ideal order THEN nDCG@5 is 1', () => {
    const s = scoreQuery(c, [
      { text: 'And so “The Bureaucracy  grew”', speaker: 'Victor Serge' },
      { text: 'a relevant aside', speaker: 'Victor Serge' },
    ]);
    expect(s).toEqual({ ndcg5: 1, success1: 1, speakerPrecision5: 1 });
  });

  it('GIVEN the wrong speaker THEN the result earns nothing and lowers precision', () => {
    const s = scoreQuery(c, [
      { text: 'the bureaucracy grew', speaker: 'Leon Trotsky' },
      { text: 'the bureaucracy grew', speaker: 'Serge' },
    ]);
    expect(s.success1).toBe(0);
    expect(s.speakerPrecision5).toBe(0.5);
    expect(s.ndcg5).toBeGreaterThan(0);
    expect(s.ndcg5).toBeLessThan(1);
  });

  it('GIVEN a fragment repeated lower down THEN it is credited once', () => {
    const once = scoreQuery(c, [{ text: 'the bureaucracy grew', speaker: 'Serge' }]);
    const twice = scoreQuery(c, [
      { text: 'the bureaucracy grew', speaker: 'Serge' },
      { text: 'the bureaucracy grew again', speaker: 'Serge' },
    ]);
    expect(twice.ndcg5).toBeCloseTo(once.ndcg5);
  });
});

describe('scoreAttribution', () => {
  it('GIVEN a quotation holding the fragment THEN speaker and source are judged on it', () => {
    const s = scoreAttribution(
      { speaker: ['Tokes', 'Tőkés'], frag: 'the [Communist] council', source: ['Bela Kun'] },
      [{ text: 'that the [Communist] Council ruled', speaker: 'Rudolf Tőkés', source: 'Tőkés, Bela Kun and the Hungarian Soviet Republic, 150' }],
    );
    expect(s).toEqual({ found: true, rightSpeaker: true, rightSource: true });
  });

  it('GIVEN no quotation holding it THEN nothing is right', () => {
    expect(scoreAttribution({ speaker: ['Serge'], frag: 'absent words', source: null }, [{ text: 'other', speaker: 'Serge' }])).toEqual({
      found: false,
      rightSpeaker: false,
      rightSource: null,
    });
  });
});
