import { describe, expect, it } from 'vitest';
import { bestWindow, isWindowOf, windowText } from '../../../src/core/search/window.js';

const filler = (s: string, n: number) => `${s} `.repeat(n);
const long = `${filler('Nothing of interest is said in this sentence at all.', 12)}The NEP fed the towns and calmed the peasants in 1922. ${filler('Another sentence follows here about something else.', 12)}`.trim();

describe('GIVEN a long passage and the words asked about', () => {
  it('THEN the window holds them, starting at their sentence, within the room, with ellipses at both cut ends', () => {
    const w = bestWindow(long, ['nep', 'peasant'], 200);
    const shown = windowText(long, w);
    expect(w.end - w.start).toBeLessThanOrEqual(200);
    expect(shown.startsWith('…The NEP fed the towns')).toBe(true);
    expect(shown.endsWith('…')).toBe(true);
  });

  it('THEN it prefers the stretch holding the most different words over one word said often', () => {
    const text = `${filler('peasants peasants peasants and more.', 10)}${filler('Nothing.', 40)}The NEP and the peasants. ${filler('Nothing.', 40)}`;
    const shown = windowText(text, bestWindow(text, ['nep', 'peasant'], 120));
    expect(shown).toContain('The NEP and the peasants.');
  });

  it('THEN a passage that fits is shown whole, and one without the words from its start', () => {
    expect(bestWindow('A short passage.', ['nep'], 200)).toEqual({ start: 0, end: 16 });
    const w = bestWindow(long, ['zinoviev'], 200);
    expect(w.start).toBe(0);
    expect(windowText(long, w)).toMatch(/^Nothing of interest.*…$/);
  });

  it('THEN a window from a button is accepted only when it fits the text and the room', () => {
    expect(isWindowOf(long, { start: 10, end: 100 }, 500)).toBe(true);
    expect(isWindowOf(long, { start: 100, end: 10 }, 500)).toBe(false);
    expect(isWindowOf(long, { start: 0, end: long.length + 1 }, 5000)).toBe(false);
    expect(isWindowOf(long, { start: 0, end: 600 }, 500)).toBe(false);
  });
});
