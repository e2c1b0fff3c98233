/** Small text helpers shared by the corpus parsers. Pure functions, no I/O. */

/** Lines that hold only (non-breaking) spaces but are not empty: forum post separators. */
export function isSeparatorLine(line: string): boolean {
  return line.length > 0 && /^[\s\u00a0]+$/.test(line) && !/^[\r\n]+$/.test(line);
}

/** Splits text into paragraphs at blank lines; keeps single newlines inside a paragraph. */
export function splitParagraphs(text: string): string[] {
  return text
    .split(/\n[ \t]*\n/)
    .map((p) => p.replace(/^\n+|\n+$/g, ''))
    .filter((p) => p.trim().length > 0);
}

export function wordCount(s: string): number {
  const m = s.trim().match(/\S+/g);
  return m ? m.length : 0;
}

/** A short line without final punctuation: a heading, a poster name, a forum title. */
export function isHeadingLike(line: string, maxWords = 8): boolean {
  const t = line.trim();
  if (!t || t.length > 80) return false;
  if (wordCount(t) > maxWords) return false;
  if (/[.,;:!?…"”’)\]]$/.test(t)) return false;
  return /^[\p{Lu}\d“"‘'(]/u.test(t);
}

const MAX_SENTENCE_CHARS = 1_000;

/**
 * Sentence starts outside quotations. `masked` must be the text with quoted spans blanked out
 * (so full stops inside a quotation do not end the sentence that frames it).
 */
export function sentenceStartBefore(masked: string, pos: number): number {
  const re = /[.!?…]["”’)\]]*\s+(?=[\p{Lu}“"‘(\[])/gu;
  // A "sentence" longer than this (a text without full stops) starts this far back: the work per quotation stays bounded.
  let start = Math.max(0, pos - MAX_SENTENCE_CHARS);
  re.lastIndex = start;
  let m: RegExpExecArray | null;
  while ((m = re.exec(masked)) && m.index + m[0].length <= pos) {
    // "Vol. 3", "i.e. The": short abbreviations do not end a sentence.
    if (isAbbreviationAt(masked, m.index)) continue;
    start = m.index + m[0].length;
  }
  return start;
}

export function sentenceEndAfter(masked: string, pos: number): number {
  const re = /[.!?…]["”’)\]]*(?:\s+(?=[\p{Lu}“"‘(\[])|\s*$)/gu;
  re.lastIndex = pos;
  const limit = pos + MAX_SENTENCE_CHARS;
  let m: RegExpExecArray | null;
  while ((m = re.exec(masked)) && m.index < limit && isAbbreviationAt(masked, m.index));
  return m && m.index < limit ? m.index + 1 : Math.min(masked.length, limit);
}

/** "Vol. 3", "i.e. The", "Mr. Aster": a full stop after a short abbreviation does not end a sentence. */
function isAbbreviationAt(masked: string, stop: number): boolean {
  return masked[stop] === '.' && /\b(?:[A-Z]|Vol|No|pp|ed|eds|cf|vs|Dr|Mr|Mrs|Mme|St|Prof|Gen|Col|Capt)\.$/.test(masked.slice(Math.max(0, stop - 4), stop + 1));
}

export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
