/** Finding quotation spans in one paragraph. */

export interface Span {
  /** Index of the opening mark. */
  open: number;
  /** Index just after the closing mark. */
  close: number;
  /** The words between the marks, as they stand. */
  content: string;
  curly: boolean;
  /** Opened at the paragraph's start and not closed in it: the quotation runs on into the next paragraph. */
  runsOn?: boolean;
}

/**
 * Curly “…” pairs (with nesting), plus straight "…" only where they pair up within the paragraph.
 * Unpaired marks are reported, not guessed.
 */
export function findSpans(text: string, warn: (msg: string) => void, quoted = false): Span[] {
  const spans: Span[] = [];
  const stack: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '“') stack.push(i);
    else if (c === '”') {
      const o = stack.pop();
      if (o === undefined) continue; // stray closing mark (often a typo in the source)
      spans.push({ open: o, close: i + 1, content: text.slice(o + 1, i), curly: true });
    }
  }
  // A quotation of several paragraphs opens each with a mark and closes only the last.
  const lead = /^\s*/.exec(text)![0].length;
  if (stack.length && stack[0] === lead) {
    spans.push({ open: lead, close: text.length, content: text.slice(lead + 1), curly: true, runsOn: true });
    stack.shift();
  }
  // `He said: “The toll was laid …` going on in the next paragraph: the last unclosed mark opens it.
  const lastOpen = stack[stack.length - 1];
  if (lastOpen !== undefined && /[\s:(—-]/.test(text[lastOpen - 1] ?? ' ') && !spans.some((x) => x.open > lastOpen)) {
    spans.push({ open: lastOpen, close: text.length, content: text.slice(lastOpen + 1), curly: true, runsOn: true });
    stack.pop();
    warn(`unpaired “ at ${lastOpen}: read as a quotation running on to the next paragraph`);
  }
  if (stack.length) warn(`unpaired “ at ${stack.join(',')}`);
  let straight: number[] = [];
  for (let i = 0; i < text.length; i++) if (text[i] === '"') straight.push(i);
  if (straight.length % 2 === 1 && straight[0] === lead) {
    spans.push({ open: lead, close: text.length, content: text.slice(lead + 1), curly: false, runsOn: true });
    straight = straight.slice(1);
  } else if (straight.length % 2 === 1) {
    // `I said:- "You people …` with the quotation going on in the next paragraph: the last mark opens it.
    const last = straight[straight.length - 1];
    if (/[\s:(—-]/.test(text[last - 1] ?? ' ') && /[\p{L}'‘_]/u.test(text[last + 1] ?? '')) {
      spans.push({ open: last, close: text.length, content: text.slice(last + 1), curly: false, runsOn: true });
      straight = straight.slice(0, -1);
      warn(`unpaired " at ${last}: read as a quotation running on to the next paragraph`);
    } else warn(`odd number of straight quotes (${straight.length})`);
  }
  for (let k = 0; k + 1 < straight.length; k += 2) {
    const o = straight[k];
    const c = straight[k + 1];
    spans.push({ open: o, close: c + 1, content: text.slice(o + 1, c), curly: false });
  }
  // British usage: a paragraph with no double marks quotes with single ones ("‘If you know anybody,’ he wrote").
  spans.push(...singleQuoted(text, spans, quoted || !/["“”]/.test(text)));
  spans.sort((a, b) => a.open - b.open);
  return spans;
}

/**
 * Single marks (‘…’ or '…') are also apostrophes, so they make a span only inside a quotation or a block
 * quotation (a quotation within it), or in a paragraph that uses no double marks (British usage), and only where
 * they cannot be an apostrophe: opening after a space or a bracket, before a letter; closing after sentence
 * punctuation.
 */
function singleQuoted(text: string, outer: Span[], quoted: boolean): Span[] {
  if (!/['‘]/.test(text)) return [];
  const out: Span[] = [];
  const re = /(?<=^|[\s(\[—–-])['‘](?=\p{L})([^'‘’"“”]{3,2000}?[.,!?;:…—–-])['’](?=$|[\s)\]—–,.;:])/gu;
  for (const m of text.matchAll(re)) {
    const open = m.index!;
    const close = open + m[0].length;
    if (!quoted && !outer.some((o) => o.open < open && o.close >= close)) continue;
    if (m[1].trim().split(/\s+/).length < 3) continue;
    out.push({ open, close, content: m[1], curly: m[0][0] === '‘' });
  }
  return out;
}

/** Text with every quoted span's inside blanked, so sentence rules only see the framing prose. */
export function maskSpans(text: string, spans: Span[]): string {
  if (!spans.length) return text;
  // Mark the blanked UTF-16 units, then copy unmarked runs whole (not one character at a time).
  const blank = new Uint8Array(text.length);
  for (const s of spans) {
    // Keep a final full stop inside the marks: it still ends the framing sentence (“… party.” Trotsky …).
    const keepLast = /[.!?…]/.test(text[s.close - 2] ?? '') ? s.close - 2 : -1;
    for (let i = s.open + 1; i < s.close - 1; i++) if (i !== keepLast && text[i] !== '\n') blank[i] = 1;
  }
  let out = '';
  let i = 0;
  while (i < text.length) {
    let j = i;
    while (j < text.length && blank[j] === blank[i]) j++;
    out += blank[i] ? 'x'.repeat(j - i) : text.slice(i, j);
    i = j;
  }
  return out;
}

/** For spans sorted by opening, which are nested inside an earlier one: one pass, not one scan per span. */
export function nestedFlags(spans: Span[]): boolean[] {
  let maxClose = -1;
  return spans.map((s) => {
    const nested = maxClose >= s.close;
    if (s.close > maxClose) maxClose = s.close;
    return nested;
  });
}

/** Is the span nested inside another span? */
export function isNested(s: Span, spans: Span[]): boolean {
  return spans.some((o) => o !== s && o.open < s.open && o.close >= s.close);
}

const SMALL = new Set(['a', 'an', 'the', 'of', 'and', 'or', 'in', 'on', 'to', 'for', 'at', 'by', 'from', 'with', 'as', 'is']);

/** A few Title Case words: a title or a name ("Fourth International", "The Soviet Economy in Danger"). */
export function isTitleCase(content: string): boolean {
  const words = content.replace(/[.,;:!?]+$/, '').trim().split(/\s+/).filter(Boolean);
  if (!words.length || words.length > 14) return false;
  return words.every((w, i) => /^[\p{Lu}\d“"‘(]/u.test(w) || (i > 0 && SMALL.has(w.toLowerCase())));
}
