/**
 * Hostile text for the safe-text tests and fuzz tests: pieces a user could type to disguise a link, ping a
 * server, break a message or split a character, the fast-check arbitraries that mix them into any Unicode,
 * and the detectors that say what a reader would see go wrong.
 */
import fc from 'fast-check';

/** Pieces that each attack something: masked links, pings, fences, line-start markup, controls, half characters. */
export const HOSTILE_PIECES = [
  '[x](https://a.b)',
  '[the official Discord notice](https://evil.example/login)',
  '[x] (https://a.b)',
  '[x]\u200b(https://a.b)',
  '[x](<https://a.b>)',
  '[[x](https://a.b)](https://c.d)',
  '@everyone',
  '@here',
  '<@123>',
  '<@!123>',
  '<@&456>',
  '```',
  '````js',
  '\n# heading',
  '\n-# Argument #3 · ✅ verified',
  '\n>>> ',
  'javascript:alert(1)',
  '\u202egnp.exe',
  '\u0000\u0007\u001b[31m\u007f\u0085\u009b',
  '\r\n',
  '\u2028',
  '\uD83D', // a lone high surrogate
  '\uDE00', // a lone low surrogate
  '😀',
  '👩‍👩‍👧‍👦', // one grapheme: a ZWJ sequence
  '🇫🇷',
  '🏴\uDB40\uDC67\uDB40\uDC62\uDB40\uDC65\uDB40\uDC6E\uDB40\uDC67\uDB40\uDC7F',
  'e\u0301\u0302\u0303',
  'Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319\u0324\u031e\u0349\u035a\u032f\u031e\u0320\u034d',
  '\\',
  '\\[x](https://a.b)',
  ']',
  '(',
  ' ',
];

/** Any Unicode text, often laced with hostile pieces. */
export const hostileText: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
      { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
      // Any UTF-16 units: lone surrogates too, which 'binary' never makes.
      { weight: 1, arbitrary: fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)), maxLength: 20 }) },
      { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_PIECES) },
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g;

/**
 * Masked links a Markdown reader could render: "]" then "(" with at most spaces or invisible characters
 * between, not escaped. Links to a Discord message (the bot's own "[message](…)") are not counted.
 */
export function maskedLinks(s: string): string[] {
  const seen = s.replace(INVISIBLE, '');
  return [...seen.matchAll(/\]\s*\((?!https:\/\/discord\.com\/channels\/)[^)]*/g)].map((m) => m[0]);
}

/** Mentions that would ping (or render as one) were mentions allowed. */
export function pings(s: string): string[] {
  return [...s.matchAll(/@(?:everyone|here)|<@[!&]?\d+>/gi)].map((m) => m[0]);
}

/** Whether `s` holds half a character: a surrogate without its pair. */
export const hasLoneSurrogate = (s: string): boolean => !s.isWellFormed();

/** Control characters and bidi overrides a name must not carry (tab and line break aside). */
export const CONTROL_OR_BIDI = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Markup at a line's start that takes over a message: a heading, subtext, or a quote of everything after. */
export const TAKEOVER_AT_LINE_START = /^[ \t]*(?:#{1,3}[ \t]|-#[ \t]|>>>(?:[ \t]|$))/m;

/** Three backticks in a row: a code fence that swallows the rest of the message. */
export const FENCE = /```/;
