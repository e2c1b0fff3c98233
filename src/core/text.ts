/// <reference lib="es2024.string" />
/** Text normalisation shared by search, attribution and argument checking, and the rules for text shown to people. */

const EXTRA_FOLD: Record<string, string> = {
  ł: 'l', Ł: 'l', ø: 'o', Ø: 'o', đ: 'd', Đ: 'd', ß: 'ss', æ: 'ae', Æ: 'ae', œ: 'oe', Œ: 'oe', ı: 'i',
};

/** Folds diacritics and a few letters NFKD leaves alone: "Tőkés" → "Tokes", "Kołakowski" → "Kolakowski". */
export function foldDiacritics(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[łŁøØđĐßæÆœŒı]/g, (c) => EXTRA_FOLD[c] ?? c);
}

const SPELLING: Record<string, string> = {
  programme: 'program',
  programmes: 'programs',
  defence: 'defense',
  offence: 'offense',
  licence: 'license',
  catalogue: 'catalog',
  grey: 'gray',
  towards: 'toward',
  amongst: 'among',
  whilst: 'while',
};

/** British → American spelling of one lower-case word, so either spelling finds and matches the other. */
export function americanSpelling(t: string): string {
  const fixed = SPELLING[t];
  if (fixed) return fixed;
  if (t.length < 6) return t;
  return t
    .replace(/isation(s?)$/, 'ization$1')
    .replace(/is(e|ed|es|ing)$/, 'iz$1')
    .replace(/^(\w{3,})our(s|ed|ing|ite|ites|able)?$/, (_m, stem: string, suf: string | undefined) => `${stem}or${suf ?? ''}`)
    .replace(/ys(e|ed|es|ing)$/, 'yz$1')
    .replace(/([^aeiou])tre(s?)$/, '$1ter$2')
    .replace(/([aeiou])ll(ed|ing)$/, '$1l$2');
}

/**
 * The evaluation's normalisation (shared/eval/README.md): NFKC; curly quotes straight; … → ...;
 * dashes → -; brackets dropped; lower case; white space collapsed.
 */
export function normaliseForMatch(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201F\u2033]/g, '"')
    .replace(/\u2026/g, '...')
    .replace(/[\u2010-\u2015]/g, '-')
    .replace(/[[\]]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Strips control characters (except tab and newline) from user input. */
export function stripControl(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, '');
}

/** Edit distance with an early exit once it exceeds max. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  // Two rows of the table, reused between calls (no allocation per row: this runs over every speaker name).
  const n = b.length;
  if (rowA.length <= n) ((rowA = new Int32Array(n + 1)), (rowB = new Int32Array(n + 1)));
  let prev = rowA;
  let cur = rowB;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const ca = a.charCodeAt(i - 1);
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const sub = prev[j - 1] + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      const del = prev[j] + 1;
      const ins = cur[j - 1] + 1;
      const v = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins;
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[n];
}
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);

/**
 * One key for the spellings of a name across transliterations and languages, so that one person is one person:
 * Trotzky, Trotski, Trotsky → "trotski"; Lenine → "lenin"; Zinovieff, Zinoviev → "zinoviev"; Bucharin, Bukharin →
 * "buharin"; Schljapnikow, Shlyapnikov → "shliapnikov". Only for comparing names: never shown.
 */
export function nameKey(word: string): string {
  let k = foldDiacritics(word).toLowerCase().replace(/[^a-z]/g, '');
  if (k.length < 3) return k;
  k = k
    .replace(/tch/g, 'ch')
    .replace(/sch/g, 'sh')
    .replace(/kh|ch/g, 'h')
    .replace(/tz/g, 'ts')
    .replace(/x/g, 'ks')
    .replace(/ph/g, 'f')
    .replace(/w/g, 'v')
    .replace(/^[jy](?=[aeiou])/, 'i')
    .replace(/([^aeiou])[jy](?=[aeiou])/g, '$1i')
    .replace(/ff$/, 'v')
    .replace(/(ov|ev|in)a$/, '$1')
    .replace(/ine$/, 'in')
    .replace(/(?:ij|iy|yi|ii|y)$/, 'i')
    .replace(/(.)\1+/g, '$1');
  return k;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The number of graphemes in `s`. */
export function graphemeLength(s: string): number {
  let n = 0;
  for (const _ of graphemes.segment(s)) n++;
  return n;
}

/** How clip counts: graphemes (what a reader sees) or UTF-16 units (how Discord counts its limits). */
export type Measure = 'graphemes' | 'utf16';

/**
 * The one clipping function: shortens to `max` (graphemes, or UTF-16 units for Discord's limits) on a word
 * boundary where one is near, with an ellipsis, never cutting a grapheme — an emoji, a flag, an accented letter
 * — in half. The result is always well-formed (a lone surrogate becomes U+FFFD).
 */
export function clip(s: string, max: number, measure: Measure = 'graphemes'): string {
  const text = s.toWellFormed();
  if (max <= 0) return '';
  // A string no longer than max UTF-16 units has no more than max graphemes.
  if (text.length <= max) return text;
  let used = 0;
  let end = 0;
  for (const { segment, index } of graphemes.segment(text)) {
    used += measure === 'utf16' ? segment.length : 1;
    if (used > max) {
      const cut = text.slice(0, end);
      const space = cut.lastIndexOf(' ');
      return `${space > cut.length * 0.6 ? cut.slice(0, space) : cut}…`;
    }
    // Room is kept for the ellipsis.
    if (used <= max - 1) end = index + segment.length;
  }
  return text;
}

/**
 * Neutralises @everyone, @here and <@…>/<@&…>/<#…> mentions with a zero-width space, so that nothing shown from
 * input can ping. `keepChannelLinks` leaves <#…> (which never pings) for a message that links a channel itself.
 */
export function noPings(s: string, opts: { keepChannelLinks?: boolean } = {}): string {
  return s.replace(/@(everyone|here)/gi, '@\u200b$1').replace(opts.keepChannelLinks ? /<(@[!&]?)(\d+)>/g : /<(@[!&]?|#)(\d+)>/g, '<\u200b$1$2>');
}
