/** How words become index terms: folded, spelling-normalised, stop words dropped, plus a shared root. */
import { americanSpelling, foldDiacritics } from '../text.js';

const STOP = new Set(
  ('a an and are as at be but by for from had has have he her his i if in into is it its me my no not of on or ' +
    'our she so than that the their them then there these they this those to was we were what when which who ' +
    'whom why will with would you your s t d ll re ve m do does did about said say says wrote quote quotes near')
    .split(' '),
);

/**
 * A word's search key joins its family: plurals fold (states → state) and long words keep their first
 * seven letters (bureaucracy, bureaucratic, bureaucratisation → bureauc; Verkhneuralsk, Verkhne-Uralsk → verkhne).
 */
const KEY_LENGTH = 7;

export function keyOf(word: string): string {
  const singular = word
    .replace(/ies$/, 'y')
    .replace(/(ss|x|ch|sh)es$/, '$1')
    .replace(/([^su])s$/, '$1');
  return singular.length > KEY_LENGTH ? singular.slice(0, KEY_LENGTH) : singular;
}

/** A raw token to its normalised word, or null for stop words and noise. */
export function normaliseWord(raw: string): string | null {
  const t = foldDiacritics(raw).toLowerCase().replace(/[^a-z0-9\u0400-\u04ff]/g, '');
  if (!t || STOP.has(t)) return null;
  return americanSpelling(t);
}

/**
 * Keys of the words seen so far: a corpus says the same words again and again, and indexing one (MiniSearch or
 * FTS5) asks for every word's key. Only short words are kept: a longer token can be a slice of the whole text
 * it was split from, which the cache would then keep alive. Cleared when full.
 */
const keyCache = new Map<string, string | null>();
const KEY_CACHE_MAX = 100_000;
const CACHED_LENGTH = 13;

/** MiniSearch processTerm: one key per word. Index and query must use the same function. */
export function processTerm(raw: string): string | null {
  if (raw.length >= CACHED_LENGTH) return keyOfRaw(raw);
  let key = keyCache.get(raw);
  if (key === undefined) {
    key = keyOfRaw(raw);
    if (keyCache.size >= KEY_CACHE_MAX) keyCache.clear();
    keyCache.set(raw, key);
  }
  return key;
}

function keyOfRaw(raw: string): string | null {
  const word = normaliseWord(raw);
  return word ? keyOf(word) : null;
}

/** What separates words: white space, punctuation and symbols (a hyphenated word is two). */
const SEPARATOR = /^[\s\p{P}\p{S}]$/u;
/** Per UTF-16 code unit, filled as met: 1 separates words, 2 is part of one. */
const unitKind = new Uint8Array(0x10000);

function separates(code: number): boolean {
  let k = unitKind[code];
  if (!k) unitKind[code] = k = SEPARATOR.test(String.fromCharCode(code)) ? 1 : 2;
  return k === 1;
}

/**
 * Splits on white space and punctuation (hyphenated words become two): the words of
 * `text.split(/[\s\p{P}\p{S}]+/u).filter(Boolean)`, read code point by code point without a regular expression
 * (indexing tokenizes every text, several times over).
 */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  let start = -1;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    let sep: boolean;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        // A code point beyond the first plane (an emoji, a rare letter): one character, classified whole.
        sep = SEPARATOR.test(text.slice(i, i + 2));
        if (sep && start >= 0) (out.push(text.slice(start, i)), (start = -1));
        else if (!sep && start < 0) start = i;
        i++;
        continue;
      }
      sep = separates(c);
    } else sep = separates(c);
    if (sep) {
      if (start >= 0) (out.push(text.slice(start, i)), (start = -1));
    } else if (start < 0) start = i;
  }
  if (start >= 0) out.push(text.slice(start));
  return out;
}

export function isStopWord(raw: string): boolean {
  return normaliseWord(raw) === null;
}
