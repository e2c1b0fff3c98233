/**
 * The second look both engines give their best candidates, reading where each one's words stand (its reading,
 * positions.ts, written once per unit): the query's words side by side and in order rank above the same words
 * scattered, the very words above their cousins ("permanent revolution" before "permanent existence"), a whole
 * sentence above a piece cut from one; a question ranks the passages holding more of what it asks first; a
 * fragment of a few words never outranks a substantive passage that matches as well. Quoted phrases are
 * required, not ranked (holdsPhrases: the engines filter by it).
 */
import type { QueryShape } from './shape.js';
import { holdsRun, keyHits } from './positions.js';

/** A candidate as the engine ranked it: its score, and what the rerank reads of it. */
export interface Candidate<T> {
  item: T;
  score: number;
  /** Its reading (positions.ts readingOf). */
  reading: string;
  /** Said by someone named: a short quotation is a quotation, not a fragment. */
  attributed: boolean;
  /** Its words, asked for only when a fragment ranked above it must be compared with it (rare). */
  text: () => string;
}

/** How many of the engine's best are looked at again for a page that needs `want` results. */
export function rerankDepth(want: number): number {
  return want + 5;
}

/** Fewer keys than this, said by no one named and not a whole sentence, and a unit is a fragment ("the crisis of the NEP."). */
export const FRAGMENT_KEYS = 6;

/**
 * What each reading adds to the engine's score, at most: the words side by side, close together (both in full
 * in a unit of at most ABOUT words, less in a longer one), and as typed rather than cousins. A whole sentence
 * can be quoted as it stands, a piece cut from one needs the words around it: of two that match alike, the
 * sentence comes first (WHOLE, a factor).
 */
const ADJACENT = 0.8;
const NEAR = 0.3;
const EXACT = 0.1;
const ABOUT = 20;
const WHOLE = 1.05;

interface Read<T> {
  c: Candidate<T>;
  score: number;
  /** How many of the query's keys the words hold. */
  present: number;
  /** Share of the query's neighbouring words that stand side by side in order. */
  adjacent: number;
  fragment: boolean;
}

/** Whether a text holds every quoted phrase, each side by side and in order. */
export function holdsPhrases(textKeys: readonly string[], phrases: readonly string[][]): boolean {
  return phrases.every((p) => holdsRun(textKeys, p));
}

/** The candidates (best first, as the engine ranked them) in their new order. */
export function rerank<T>(candidates: readonly Candidate<T>[], shape: QueryShape): T[] {
  const q = shape.keys;
  if (!q.length || candidates.length < 2) return candidates.map((c) => c.item);
  const exact = shape.exact;
  const reads: Read<T>[] = candidates.map((c) => {
    const { count, whole, at, words } = keyHits(c.reading, q);
    let typed = 0;
    for (const w of exact) if (words.includes(w)) typed++;
    let present = 0;
    for (const a of at) if (a) present++;
    let pairs = 0;
    for (let i = 0; i + 1 < q.length; i++) if (followed(at[i], at[i + 1])) pairs++;
    const adjacent = q.length > 1 ? pairs / (q.length - 1) : 0;
    const near = present > 1 ? (present - 1) / Math.max(present - 1, span(at)) : 0;
    // A phrase says more in a short passage than in a long one, where it may be an aside.
    const weight = Math.min(1, ABOUT / Math.max(1, count));
    const factor = (whole ? WHOLE : 1) * (1 + weight * (ADJACENT * adjacent + NEAR * near) + EXACT * (typed / Math.max(1, exact.length)));
    return { c, score: c.score * factor, present, adjacent, fragment: !c.attributed && count < FRAGMENT_KEYS && !whole };
  });
  reads.sort((a, b) => (shape.question ? b.present - a.present : 0) || b.score - a.score);
  return demoteFragments(reads).map((r) => r.c.item);
}

/** Whether some position in `a` has the next one in `b` (both ascending). */
function followed(a: number[] | null, b: number[] | null): boolean {
  if (!a || !b) return false;
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    const d = b[j] - a[i] - 1;
    if (d === 0) return true;
    if (d < 0) j++;
    else i++;
  }
  return false;
}

/** The fewest words between the first and last of the keys held, one occurrence of each (each list ascending). */
function span(at: readonly (number[] | null)[]): number {
  const lists = at.filter((a): a is number[] => a !== null);
  // A pointer per list: the window is [min, max] of the pointed-at positions; advance the smallest.
  const ptr = new Array<number>(lists.length).fill(0);
  let best = Infinity;
  for (;;) {
    let lo = 0;
    let max = -Infinity;
    for (let k = 0; k < lists.length; k++) {
      const p = lists[k][ptr[k]];
      if (p < lists[lo][ptr[lo]]) lo = k;
      if (p > max) max = p;
    }
    best = Math.min(best, max - lists[lo][ptr[lo]]);
    if (++ptr[lo] >= lists[lo].length) return best;
  }
}

/** Each fragment moved below every substantive unit ranked under it that matches as well (as many words, as close). */
function demoteFragments<T>(reads: Read<T>[]): Read<T>[] {
  const out = [...reads];
  for (let i = out.length - 1; i >= 0; i--) {
    const f = out[i];
    if (!f.fragment) continue;
    let to = i;
    for (let j = i + 1; j < out.length; j++) {
      const o = out[j];
      // The paragraph a quotation stands in says its words again: not another passage matching as well.
      if (!o.fragment && o.present >= f.present && o.adjacent >= f.adjacent && !o.c.text().includes(f.c.text())) to = j;
    }
    if (to > i) out.splice(to, 0, ...out.splice(i, 1));
  }
  return out;
}
