/** How words become index terms: folded, spelling-normalised, stop words dropped, plus a shared root. */
import { americanSpelling, foldDiacritics } from '../text.js';
import { words } from '../words.js';

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

/** The words of a text, as src/core/words.ts defines them: what search indexes and reads in a query. */
export const tokenize = words;

export function isStopWord(raw: string): boolean {
  return normaliseWord(raw) === null;
}
