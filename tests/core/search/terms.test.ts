import { describe, expect, it } from 'vitest';
import { processTerm, tokenize } from '../../../src/core/search/terms.js';

/** What tokenize has always meant: split on white space, punctuation and symbols. */
const byRegExp = (text: string) => text.split(/[\s\p{P}\p{S}]+/u).filter(Boolean);

describe('GIVEN text to split into words', () => {
  it('THEN white space, punctuation and symbols separate words, and a hyphenated word is two', () => {
    expect(tokenize('“Down with the bureaucracy!” — one-man management, 1921.')).toEqual(['Down', 'with', 'the', 'bureaucracy', 'one', 'man', 'management', '1921']);
    expect(tokenize('')).toEqual([]);
    expect(tokenize(' \n—…')).toEqual([]);
  });

  it('THEN every character splits as the regular expression splits it (letters, marks, symbols, emoji, lone surrogates)', () => {
    for (let c = 0; c < 0x10000; c++) {
      const s = `ab${String.fromCharCode(c)}cd ${String.fromCharCode(c)}`;
      if (tokenize(s).join('|') !== byRegExp(s).join('|')) expect([c.toString(16), tokenize(s)]).toEqual([c.toString(16), byRegExp(s)]);
    }
    for (let c = 0x10000; c < 0x110000; c += 97) {
      const s = `x${String.fromCodePoint(c)}y${String.fromCodePoint(c)}`;
      if (tokenize(s).join('|') !== byRegExp(s).join('|')) expect([c.toString(16), tokenize(s)]).toEqual([c.toString(16), byRegExp(s)]);
    }
    for (const s of ['Kołakowski’s “Main Currents”', 'naïve café', 'Тро́цкий — «Преданная революция»', '😀smile😀', '\ud800x\udc00', 'a\u0301b', 'x\u00a0y\u2028z\u3000w']) {
      expect(tokenize(s)).toEqual(byRegExp(s));
    }
  });
});

describe('GIVEN the same word many times', () => {
  it('THEN its key is the same every time (kept keys and long words alike)', () => {
    for (const w of ['Bureaucracies', 'bureaucracies', 'programmes', 'the', 'Verkhneuralsk', 'Verkhne-Uralskiiiiiiiii']) {
      const first = processTerm(w);
      for (let i = 0; i < 3; i++) expect(processTerm(w)).toBe(first);
    }
    expect(processTerm('Bureaucracies')).toBe('bureauc');
    expect(processTerm('the')).toBeNull();
  });
});
