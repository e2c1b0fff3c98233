/** Finding quotation spans in one paragraph. */

export interface Span {
  /** Index of the opening mark. */
  open: number;
  /** Index just after the closing mark. */
  close: number;
  /** The words between the marks, as they stand. */
  content: string;
  curly: boolean;
}

/**
 * Curly “…” pairs (with nesting), plus straight "…" only where they pair up within the paragraph.
 * Unpaired marks are reported, not guessed.
 */
export function findSpans(text: string, warn: (msg: string) => void): Span[] {
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
  if (stack.length) warn(`unpaired “ at ${stack.join(',')}`);
  const straight: number[] = [];
  for (let i = 0; i < text.length; i++) if (text[i] === '"') straight.push(i);
  if (straight.length % 2 === 1) warn(`odd number of straight quotes (${straight.length})`);
  for (let k = 0; k + 1 < straight.length; k += 2) {
    const o = straight[k];
    const c = straight[k + 1];
    spans.push({ open: o, close: c + 1, content: text.slice(o + 1, c), curly: false });
  }
  spans.sort((a, b) => a.open - b.open);
  return spans;
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
