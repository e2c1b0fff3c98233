/**
 * Property-based fuzzing of the one safe-text path (issue 17, items 4, 5 and 8): whatever anyone types — any
 * Unicode, half characters, emoji sequences, masked links, pings, fences — what the bot shows holds no half
 * character, no disguised link, no ping, no markup taking over the message, and is no longer than its limit in
 * the characters people see. Fixed seed: the same cases run in CI every time.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainLine, safeLine, safeMessage, safeText } from '../../src/views/safe.js';
import { clip, graphemeLength } from '../../src/core/text.js';
import { CONTROL_OR_BIDI, FENCE, hasLoneSurrogate, hostileText, maskedLinks, pings, TAKEOVER_AT_LINE_START } from '../helpers/hostile.js';

const RUNS = { seed: 17, numRuns: 1500 };
const limit = fc.integer({ min: 0, max: 120 });
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const graphemesOf = (s: string): string[] => [...segmenter.segment(s)].map((g) => g.segment);

/** What a reader would notice wrong with shown text, or [] when nothing. */
function problems(shown: string): string[] {
  const out: string[] = [];
  if (hasLoneSurrogate(shown)) out.push('half a character');
  if (maskedLinks(shown).length) out.push(`a disguised link ${maskedLinks(shown)[0]}`);
  if (pings(shown).length) out.push(`a ping ${pings(shown)[0]}`);
  if (FENCE.test(shown)) out.push('a code fence swallowing the rest');
  if (TAKEOVER_AT_LINE_START.test(shown)) out.push('a heading, subtext or quote taking over');
  if (CONTROL_OR_BIDI.test(shown)) out.push('a control or bidi override character');
  return out;
}

describe('fuzz: clipping by the characters people see', () => {
  it('GIVEN any text and limit THEN clip never splits a character, never exceeds the limit, and keeps a prefix of what was written', () => {
    fc.assert(
      fc.property(hostileText, limit, fc.constantFrom('graphemes' as const, 'utf16' as const), (s, max, measure) => {
        const out = clip(s, max, measure);
        expect(hasLoneSurrogate(out)).toBe(false);
        expect(measure === 'utf16' ? out.length : graphemeLength(out)).toBeLessThanOrEqual(max);
        const whole = s.toWellFormed();
        if ((measure === 'utf16' ? whole.length : graphemeLength(whole)) <= max) expect(out).toBe(whole);
        else {
          // What is kept is whole graphemes from the start, then the ellipsis.
          const kept = out.endsWith('…') ? out.slice(0, -1) : out;
          const keptGraphemes = graphemesOf(kept);
          expect(graphemesOf(whole).slice(0, keptGraphemes.length)).toEqual(keptGraphemes);
        }
      }),
      RUNS,
    );
  });
});

describe('fuzz: the one safe-text path', () => {
  it('GIVEN anything a user could type THEN safeText shows no half character, disguised link, ping, takeover or control, within its limit', () => {
    fc.assert(
      fc.property(hostileText, limit, (s, max) => {
        const out = safeText(s, max);
        expect(problems(out)).toEqual([]);
        expect(graphemeLength(out)).toBeLessThanOrEqual(max);
      }),
      RUNS,
    );
  });

  it('GIVEN anything a user could type THEN safeLine shows it on one line, as safely, within its limit', () => {
    fc.assert(
      fc.property(hostileText, limit, (s, max) => {
        const out = safeLine(s, max);
        expect(problems(out)).toEqual([]);
        expect(out).not.toMatch(/[\n\r\u2028\u2029]/);
        expect(graphemeLength(out)).toBeLessThanOrEqual(max);
      }),
      RUNS,
    );
  });

  it('GIVEN a message composed around typed text THEN safeMessage shows it as safely', () => {
    fc.assert(
      fc.property(hostileText, hostileText, (a, b) => {
        expect(problems(safeMessage(`No one called “${a}” is quoted; did you mean ${b}?`))).toEqual([]);
      }),
      RUNS,
    );
  });

  it('GIVEN any name THEN as a thread name or a label it is one line, without control characters or half characters, within its limit', () => {
    fc.assert(
      fc.property(hostileText, limit, (s, max) => {
        const out = plainLine(s, max);
        expect(hasLoneSurrogate(out)).toBe(false);
        expect(out).not.toMatch(CONTROL_OR_BIDI);
        expect(out).not.toMatch(/[\n\r\u2028\u2029]/);
        expect(graphemeLength(out)).toBeLessThanOrEqual(max);
      }),
      RUNS,
    );
  });
});
