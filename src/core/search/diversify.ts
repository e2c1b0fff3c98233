/**
 * No passage twice in /quote's results: a paragraph and a quotation standing in it say the same words, so
 * whichever ranks first is shown, not both. Both search engines (MiniSearch in search.ts, FTS5 in src/store/fts)
 * keep their results through this one rule.
 */

/** What the rule reads of a result: the passage it stands in, whether it is a quotation, and its words. */
export interface Said {
  passage: string;
  quotation: boolean;
  text: string;
}

/** Ranked items without those saying what one ranked above says; at most `max` of them (items are read only so far). */
export function diversify<T>(ranked: Iterable<T>, said: (item: T) => Said, max = Infinity): T[] {
  const out: T[] = [];
  const shownByPassage = new Map<string, Said[]>();
  for (const item of ranked) {
    const s = said(item);
    const shown = shownByPassage.get(s.passage);
    if (shown?.some((o) => sameWords(o, s))) continue;
    if (shown) shown.push(s);
    else shownByPassage.set(s.passage, [s]);
    out.push(item);
    if (out.length >= max) break;
  }
  return out;
}

/** A quotation and a paragraph of the same passage, one holding the other's words (both are in one passage). */
function sameWords(a: Said, b: Said): boolean {
  if (a.quotation === b.quotation) return false;
  const [q, p] = a.quotation ? [a, b] : [b, a];
  return p.text.includes(q.text) || q.text.includes(p.text);
}

/**
 * `xs` read through `read` (given each one's place) only as far as the loop goes (rows fetched one by one). A
 * plain iterator, not a generator: with a generator here /quote's p99 at 100× was three times as high.
 */
export function readAsNeeded<X, T>(xs: readonly X[], read: (x: X, i: number) => T): IterableIterator<T> {
  let at = 0;
  return {
    next: () => (at < xs.length ? { done: false, value: read(xs[at], at++) } : { done: true, value: undefined }),
    [Symbol.iterator]() {
      return this;
    },
  };
}
