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
 * Each word seen so far, normalised and keyed: a corpus says the same words again and again, and indexing one
 * (MiniSearch or FTS5) asks for every word's key, as reading a result's words in order (positions.ts) does. Only
 * short words are kept: a longer token can be a slice of the whole text it was split from, which the cache would
 * then keep alive. Cleared when full.
 */
const termCache = new Map<string, Term | null>();
const KEY_CACHE_MAX = 100_000;
const CACHED_LENGTH = 13;

/** A word as search reads it: normalised (what it is as typed), and its key (its family). */
export interface Term {
  word: string;
  key: string;
}

/** A raw token's word and key, or null for stop words and noise. */
export function termOf(raw: string): Term | null {
  if (raw.length >= CACHED_LENGTH) return termOfRaw(raw);
  let t = termCache.get(raw);
  if (t === undefined) {
    t = termOfRaw(raw);
    if (termCache.size >= KEY_CACHE_MAX) termCache.clear();
    termCache.set(raw, t);
  }
  return t;
}

/** MiniSearch processTerm: one key per word. Index and query must use the same function. */
export function processTerm(raw: string): string | null {
  return termOf(raw)?.key ?? null;
}

function termOfRaw(raw: string): Term | null {
  const word = normaliseWord(raw);
  return word ? { word, key: keyOf(word) } : null;
}

/** The words of a text, as src/core/words.ts defines them: what search indexes and reads in a query. */
export const tokenize = words;

export function isStopWord(raw: string): boolean {
  return normaliseWord(raw) === null;
}
