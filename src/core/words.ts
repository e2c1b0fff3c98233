/**
 * What a word is, for search, names and argument checks alike: what stands between white space, punctuation and
 * symbols (letters, digits and the marks on them). A hyphenated word is two.
 */

/** The characters that separate words, as a character-class body. */
const SEPARATORS = String.raw`\s\p{P}\p{S}`;
const SEPARATOR = new RegExp(`^[${SEPARATORS}]$`, 'u');
/** Per UTF-16 code unit, filled as met: 1 separates words, 2 is part of one. */
const unitKind = new Uint8Array(0x10000);

function separates(code: number): boolean {
  let k = unitKind[code];
  if (!k) unitKind[code] = k = SEPARATOR.test(String.fromCharCode(code)) ? 1 : 2;
  return k === 1;
}

/**
 * The words of a text: `text.split(/[\s\p{P}\p{S}]+/u).filter(Boolean)`, read code point by code point without a
 * regular expression (indexing splits every text, several times over).
 */
export function words(text: string): string[] {
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

const LETTERS = `(?:[^${SEPARATORS}]|[[\\]])+`;

/**
 * A word as a quotation is compared: as in `words`, except that square brackets and an apostrophe inside do not
 * break it, so an editor's letters ("[d]estroying") and a contraction ("don't") stay one word. Global: use it
 * with matchAll.
 */
export const QUOTED_WORD = new RegExp(`${LETTERS}(?:['\\u2019]${LETTERS})*`, 'gu');
