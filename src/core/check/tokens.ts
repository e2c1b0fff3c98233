/**
 * Word tokens for quotation matching: the evaluation's normalisation (NFKC, quotes, dashes, brackets
 * dropped, case) applied per word, plus diacritics folded and British spellings joined to American ones,
 * with each token's character offsets in the original text so a match can be quoted back exactly.
 */
import { americanSpelling, foldDiacritics } from '../text.js';
import { QUOTED_WORD } from '../words.js';

export interface Token {
  /** Normalised word ("destroying" for "[d]estroying", "organize" for "organise"). */
  norm: string;
  start: number;
  end: number;
  /** Every letter of the word stands inside [ ]: an editorial insertion. */
  bracketed: boolean;
}

const wordCache = new Map<string, string>();

/** One raw word to its normalised form; "" when nothing is left. */
export function normaliseWord(raw: string): string {
  const hit = wordCache.get(raw);
  if (hit !== undefined) return hit;
  // Plain ASCII words skip Unicode folding.
  const t = /^[A-Za-z0-9]+$/.test(raw)
    ? raw.toLowerCase()
    : foldDiacritics(raw.normalize('NFKC'))
        .toLowerCase()
        .replace(/[^\p{L}\p{N}]/gu, '');
  const out = t ? americanSpelling(t) : '';
  if (wordCache.size > 100_000) wordCache.clear();
  wordCache.set(raw, out);
  return out;
}

/** Splits text into normalised word tokens with their offsets. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  // Bracket depth per character, so a word wholly inside [ ] is marked editorial.
  let depth = 0;
  const inBracket = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b) depth++;
    else if (c === 0x5d) depth = Math.max(0, depth - 1);
    else inBracket[i] = depth > 0 ? 1 : 0;
  }
  for (const m of text.matchAll(QUOTED_WORD)) {
    const start = m.index ?? 0;
    const raw = m[0];
    const norm = normaliseWord(raw);
    if (!norm) continue;
    let letters = 0;
    let bracketedLetters = 0;
    for (let i = 0; i < raw.length; i++) {
      const ch = raw[i];
      if (ch === '[' || ch === ']' || ch === "'" || ch === '\u2019' || ch === '\u02BC') continue;
      letters++;
      if (inBracket[start + i]) bracketedLetters++;
    }
    out.push({ norm, start, end: start + raw.length, bracketed: letters > 0 && bracketedLetters === letters });
  }
  return out;
}

/** Words whose loss or insertion flips what a sentence says; never tolerated as a difference. */
export const POLARITY = new Set(
  (
    'not no never nor neither none nothing nobody nowhere cannot cant dont doesnt didnt isnt arent wasnt werent ' +
    'wont wouldnt shouldnt couldnt hasnt havent hadnt aint mustnt neednt without hardly scarcely barely always ' +
    'only ever all every any unless except least less more most'
  ).split(' '),
);

/** Small words a debater may add, drop or swap without changing what is said. */
export const MINOR = new Set('a an the of and that to in on as is was which this it'.split(' '));

/** Words an editorial bracket may stand in for: pronouns, determiners, auxiliaries ("[the Bolsheviks]" for "we"). */
export const REFERENT = new Set(
  (
    'we they he she it him her them his its their our us i me my you your one this that these those who whom which ' +
    'there here is was are were be been has have had do does did will would shall should can could may might must ' +
    'former latter such'
  ).split(' '),
);

/** Negations: quoting the words just after one strips it. */
export const NEGATION = new Set(
  'not no never nor cannot cant dont doesnt didnt isnt arent wasnt werent wont wouldnt shouldnt couldnt hasnt havent hadnt without'.split(' '),
);
