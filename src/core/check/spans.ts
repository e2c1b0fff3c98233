/**
 * Finding the quotations in an argument as a debater posts it: “…”, "…", «…», '…' where they pair,
 * Markdown block quotes ("> …"), and an opening mark left unclosed (the rest of the argument is the quote).
 */

export interface QuoteSpan {
  /** Offsets of the quoted words (inside the marks) in the argument. */
  start: number;
  end: number;
  text: string;
  /** Opening mark never closed: the span runs to the end of its line. */
  unpaired: boolean;
}

const OPEN_CLOSE: Array<[string, string]> = [
  ['\u201C', '\u201D'], // “ ”
  ['\u201E', '\u201C'], // „ “
  ['\u201E', '\u201D'], // „ ”
  ['\u00AB', '\u00BB'], // « »
  ['\u00BB', '\u00AB'], // » « (some languages)
];

function isSpace(c: string | undefined): boolean {
  return c === undefined || /\s/.test(c);
}

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[\p{L}\p{N}]/u.test(c);
}

/** Finds the quotation spans of an argument, outermost first, in text order. */
export function findQuoteSpans(text: string): QuoteSpan[] {
  const spans: QuoteSpan[] = [];
  const taken = new Uint8Array(text.length);
  const add = (start: number, end: number, unpaired: boolean) => {
    if (end <= start) return;
    for (let i = start; i < end; i++) if (taken[i]) return;
    for (let i = Math.max(0, start - 1); i < Math.min(text.length, end + 1); i++) taken[i] = 1;
    spans.push({ start, end, text: text.slice(start, end), unpaired });
  };

  // Markdown block quotes: each "> " line is quoted text.
  const lineRe = /^[ \t]*>[ \t]?(.+)$/gm;
  for (const m of text.matchAll(lineRe)) {
    const body = m[1];
    const start = (m.index ?? 0) + m[0].length - body.length;
    add(start, start + body.length, false);
  }

  // Typographic pairs: the nearest matching close after each open.
  const OPENERS = /[\u201C\u201E\u00AB\u00BB]/g;
  for (let m = OPENERS.exec(text); m; m = OPENERS.exec(text)) {
    const i = m.index;
    if (taken[i]) continue;
    const c = text[i];
    let close = -1;
    for (const [o, cl] of OPEN_CLOSE) {
      if (o !== c) continue;
      const j = text.indexOf(cl, i + 1);
      if (j >= 0 && (close < 0 || j < close)) close = j;
    }
    if (close >= 0) {
      add(i + 1, close, false);
      OPENERS.lastIndex = close + 1;
    } else {
      add(i + 1, lineEnd(text, i), true);
      OPENERS.lastIndex = lineEnd(text, i);
    }
  }

  // Straight double quotes pair in order; a lone last one opens an unclosed quote.
  const dq: number[] = [];
  for (let k = 0; k < text.length; k++) if (text[k] === '"' && !taken[k]) dq.push(k);
  for (let k = 0; k + 1 < dq.length; k += 2) add(dq[k] + 1, dq[k + 1], false);
  if (dq.length % 2 === 1) {
    const last = dq[dq.length - 1];
    if (!isWordChar(text[last - 1]) || isSpace(text[last - 1])) add(last + 1, lineEnd(text, last), true);
  }

  // Single quotes: an opener at a word's start, a closer at a word's end (apostrophes are neither).
  const singleOpen = (k: number) =>
    (text[k] === "'" || text[k] === '\u2018') && !isWordChar(text[k - 1]) && !isSpace(text[k + 1]) && k + 1 < text.length;
  const singleClose = (k: number) =>
    (text[k] === "'" || text[k] === '\u2019') && !isSpace(text[k - 1]) && !isWordChar(text[k + 1]);
  const singles: number[] = [];
  for (const m of text.matchAll(/['\u2018\u2019]/g)) singles.push(m.index ?? 0);
  for (let a = 0; a < singles.length; a++) {
    const k = singles[a];
    if (taken[k] || !singleOpen(k)) continue;
    for (let b = a + 1; b < singles.length; b++) {
      const j = singles[b];
      if (j < k + 2) continue;
      if (text.slice(k, j).includes('\n')) break;
      if (taken[j]) break;
      if (singleClose(j)) {
        add(k + 1, j, false);
        a = b;
        break;
      }
    }
  }

  spans.sort((a, b) => a.start - b.start);
  return spans;
}

function lineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl;
}

/** Splits quoted words at elisions ("...", "…", "[...]", "(…)"), returning the pieces with offsets. */
export function splitElisions(text: string, offset: number): Array<{ text: string; start: number }> {
  const re = /[[(]\s*(?:\.\s?){3,}\s*[\])]|[[(]\s*\u2026\s*[\])]|(?:\.\s?){3,}|\u2026/g;
  const out: Array<{ text: string; start: number }> = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    const at = m.index ?? 0;
    out.push({ text: text.slice(last, at), start: offset + last });
    last = at + m[0].length;
  }
  out.push({ text: text.slice(last), start: offset + last });
  return out.filter((p) => /[\p{L}\p{N}]/u.test(p.text));
}
