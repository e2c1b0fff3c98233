import { describe, expect, it } from 'vitest';
import { nameTokens } from '../../src/core/names.js';
import { sameName } from '../../src/core/check/checker.js';
import { SpeakerRegistry } from '../../src/core/search/speakers.js';
import { tokenize as searchWords } from '../../src/core/search/terms.js';
import { tokenize as quotedWords } from '../../src/core/check/tokens.js';

describe('GIVEN a name as written', () => {
  it('THEN its words are folded and lower-case, without a possessive, initials, titles or small words', () => {
    expect(nameTokens('Comrade Tőkés’s')).toEqual(['tokes']);
    expect(nameTokens('E. H. Carr')).toEqual(['carr']);
    expect(nameTokens('Jean-Paul Sartre')).toEqual(['jean', 'paul', 'sartre']);
  });

  it('THEN every word is kept where a query is read word for word: a speaker called "The Times" is found by name', () => {
    expect(nameTokens('The Times', { everyWord: true })).toEqual(['the', 'times']);
    expect(new SpeakerRegistry(['The Times', 'Victor Serge']).resolve('the times')?.speakers).toEqual(new Set(['The Times']));
  });

  it('THEN two names in a script nameKey does not spell are not taken for the same person', () => {
    expect(sameName('Троцкий', 'Иванов')).toBe(false);
  });
});

describe('GIVEN a text to split into words', () => {
  it('THEN search and the argument check split it in the same places, but for brackets and apostrophes inside a word', () => {
    for (const text of ['Kołakowski, “Main Currents” — vol. 2', 'revo\u00adlution, one-man management', 'cafe\u0301 1921 Тро́цкий']) {
      expect(quotedWords(text).map((t) => text.slice(t.start, t.end))).toEqual(searchWords(text));
    }
    expect(searchWords('[d]estroying don’t')).toEqual(['d', 'estroying', 'don', 't']);
    expect(quotedWords('[d]estroying don’t').map((t) => t.norm)).toEqual(['destroying', 'dont']);
  });
});
