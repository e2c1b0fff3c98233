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

/** Finds the quotation spans of an argument, outermost only (a quote within a quote is part of it), in order. */
export function findQuoteSpans(text: string): QuoteSpan[] {
  const doubles: QuoteSpan[] = [];
  const singles: QuoteSpan[] = [];
  const span = (start: number, end: number, unpaired: boolean): QuoteSpan => ({ start, end, text: text.slice(start, end), unpaired });

  // Markdown block quotes: each "> " line is quoted text.
  for (const m of text.matchAll(/^[ \t]*>[ \t]?(.+)$/gm)) {
    const body = m[1];
    const start = (m.index ?? 0) + m[0].length - body.length;
    doubles.push(span(start, start + body.length, false));
  }

  // Typographic pairs: the nearest matching close after each open.
  const OPENERS = /[\u201C\u201E\u00AB\u00BB]/g;
  for (let m = OPENERS.exec(text); m; m = OPENERS.exec(text)) {
    const i = m.index;
    const c = text[i];
    let close = -1;
    for (const [o, cl] of OPEN_CLOSE) {
      if (o !== c) continue;
      const j = text.indexOf(cl, i + 1);
      if (j >= 0 && (close < 0 || j < close)) close = j;
    }
    if (close >= 0) {
      doubles.push(span(i + 1, close, false));
      OPENERS.lastIndex = close + 1;
    } else {
      doubles.push(span(i + 1, lineEnd(text, i), true));
      OPENERS.lastIndex = lineEnd(text, i);
    }
  }

  // Straight quotes, by which way they face: an opener pairs with the next mark that can close.
  pairStraight(text, '"', doubles, span);
  pairStraight(text, "'", singles, span, true);
  for (const m of text.matchAll(/\u2018/g)) {
    const i = m.index ?? 0;
    const j = text.indexOf('\u2019', i + 1);
    // A ’ followed by a letter is an apostrophe ("Stalin’s"); look for a closing one.
    let k = j;
    while (k >= 0 && isWordChar(text[k + 1])) k = text.indexOf('\u2019', k + 1);
    if (k >= 0 && !text.slice(i, k).includes('\n')) singles.push(span(i + 1, k, false));
  }

  // Keep the outermost: a span inside (or crossing) one already kept is part of it.
  const kept: QuoteSpan[] = [];
  const overlaps = (a: QuoteSpan) => kept.some((b) => a.start < b.end + 1 && b.start < a.end + 1);
  for (const group of [doubles, singles]) {
    group.sort((a, b) => a.start - b.start || b.end - a.end);
    for (const sp of group) if (sp.end > sp.start && !overlaps(sp)) kept.push(sp);
  }
  kept.sort((a, b) => a.start - b.start);
  return kept;
}

/** Pairs straight quote marks: an opener (after a space or bracket) with the next mark that can close. */
function pairStraight(text: string, mark: string, out: QuoteSpan[], span: (s: number, e: number, u: boolean) => QuoteSpan, apostrophes = false): void {
  const at: number[] = [];
  for (let k = text.indexOf(mark); k >= 0; k = text.indexOf(mark, k + 1)) at.push(k);
  const canOpen = (k: number) => !isWordChar(text[k - 1]) && !isSpace(text[k + 1]) && k + 1 < text.length;
  const canClose = (k: number) => !isSpace(text[k - 1]) && k > 0 && !isWordChar(text[k + 1]);
  // A mark between two letters is an apostrophe ("don't"), never a quote.
  const usable = apostrophes ? at.filter((k) => !(isWordChar(text[k - 1]) && isWordChar(text[k + 1]))) : at;
  for (let a = 0; a < usable.length; a++) {
    const i = usable[a];
    if (!canOpen(i)) continue;
    let b = a + 1;
    while (b < usable.length && !(canClose(usable[b]) || (!apostrophes && !canOpen(usable[b])))) b++;
    if (b < usable.length) {
      if (!apostrophes || !text.slice(i, usable[b]).includes('\n')) out.push(span(i + 1, usable[b], false));
      a = b;
    } else if (!apostrophes) {
      out.push(span(i + 1, lineEnd(text, i), true));
      return;
    }
  }
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
