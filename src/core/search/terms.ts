/** How words become index terms: folded, spelling-normalised, stop words dropped, plus a shared root. */
import { foldDiacritics } from '../text.js';

const STOP = new Set(
  ('a an and are as at be but by for from had has have he her his i if in into is it its me my no not of on or ' +
    'our she so than that the their them then there these they this those to was we were what when which who ' +
    'whom why will with would you your s t d ll re ve m do does did about said say says wrote quote quotes near')
    .split(' '),
);

const SPELLING: Record<string, string> = {
  defence: 'defense',
  offence: 'offense',
  licence: 'license',
  programme: 'program',
  programmes: 'programs',
  catalogue: 'catalog',
};

/** British → American spelling, applied to index and query alike so either spelling finds both. */
export function normaliseSpelling(t: string): string {
  if (SPELLING[t]) return SPELLING[t];
  if (t.length < 6) return t;
  return t
    .replace(/isation(s?)$/, 'ization$1')
    .replace(/is(e|ed|es|ing|er|ers)$/, 'iz$1')
    .replace(/^(\w{3,})our(s|ed|ing|er|ers|ite|ites|able)?$/, (_, stem: string, suf = '') => `${stem}or${suf}`)
    .replace(/ys(e|ed|es|ing)$/, 'yz$1')
    .replace(/([^aeiou])tre(s?)$/, '$1ter$2')
    .replace(/([aeiou])ll(ed|ing)$/, '$1l$2');
}

/** Roots join a word's family (bureaucracy, bureaucratic, bureaucratisation); marked so they never equal a word. */
export const ROOT_MARK = '~';
const ROOT_LENGTH = 7;

export function rootOf(t: string): string | null {
  if (t.length <= ROOT_LENGTH) {
    const light = t.replace(/(ies|es|s|ed|ing)$/, '');
    return light !== t && light.length >= 4 ? ROOT_MARK + light : null;
  }
  return ROOT_MARK + t.slice(0, ROOT_LENGTH);
}

/** A raw token to its normalised word, or null for stop words and noise. */
export function normaliseWord(raw: string): string | null {
  const t = foldDiacritics(raw).toLowerCase().replace(/[^a-z0-9\u0400-\u04ff]/g, '');
  if (!t || STOP.has(t)) return null;
  return normaliseSpelling(t);
}

/** MiniSearch processTerm: the word and its root. Index and query must use the same function. */
export function processTerm(raw: string): string[] | null {
  const word = normaliseWord(raw);
  if (!word) return null;
  const root = rootOf(word);
  return root ? [word, root] : [word];
}

/** Splits on white space and punctuation (hyphenated words become two). */
export function tokenize(text: string): string[] {
  return text.split(/[\s\p{P}\p{S}]+/u).filter(Boolean);
}

export function isStopWord(raw: string): boolean {
  return normaliseWord(raw) === null;
}
