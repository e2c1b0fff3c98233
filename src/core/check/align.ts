/**
 * Aligning a quoted piece of an argument with a stretch of corpus words, and judging whether the
 * differences are the kind a faithful quotation may have (a dropped clause, an editorial bracket, a doubled
 * or dropped small word) or a change of what was said (a changed content word, a lost or added "not").
 */
import { MINOR, NEGATION, POLARITY, REFERENT } from './tokens.js';

/** The quoted words of one elision-free piece of a quotation. */
export interface Piece {
  ids: Int32Array;
  norms: string[];
  bracketed: boolean[];
  /** The words as the argument writes them (for showing a difference). */
  raw?: string[];
}

export interface Alignment {
  /** Corpus token range [start, end) covered, from the first to the last aligned word. */
  start: number;
  end: number;
  /** Quoted words found in order in the corpus. */
  matched: number;
  /** Of those, words that carry content (not "the", "of", …). */
  matchedContent: number;
  /** The differences are all tolerable. */
  faithful: boolean;
  reason: string;
  /** The edit script, in order: what became of each quoted word and each corpus word in the stretch (built when asked). */
  ops(): EditOp[];
  /**
   * Quoted words that run on past where the corpus's excerpt starts or ends, or that fill an elision of the
   * corpus's ("…"): the corpus cannot tell whether they are right. Their ops are marked `beyond`.
   */
  beyond: number;
}

/** One step of an edit script: a quoted word found (q and c), added (q only), or a corpus word left out (c only). */
export interface EditOp {
  op: 'same' | 'added' | 'dropped';
  /** Index of the quoted word in its piece, or -1. */
  q: number;
  /** Position of the corpus word in the unit, or -1. */
  c: number;
  /** A quoted word where the corpus's excerpt stops or elides: neither found nor a difference. */
  beyond?: boolean;
}

/** Where a quoted piece may run on past the corpus's words without that counting against it. */
export interface Edges {
  /** Quoted words before the first found may lie beyond the excerpt (this is the quotation's first piece). */
  leading: boolean;
  /** Quoted words after the last found may lie beyond it (this is the last piece). */
  trailing: boolean;
  /** Whether a corpus position is where an excerpt starts or ends, or where the corpus elides words. */
  isEdge(pos: number): boolean;
}

/** What adding a quoted word costs where the corpus's excerpt stops or elides (it may have gone on there). */
const EDGE_INSERTION = 0.1;

/** Single words a quotation may leave out without changing what it says (auxiliaries, filler adverbs). */
const DROPPABLE = new Set('have has had been be also very just then so indeed however thus therefore really quite certainly'.split(' '));

const OP_MATCH = 0;
const OP_INS = 1;
const OP_DEL = 2;
const FROM_START = 3;
/** A quoted word standing where the corpus's excerpt stops or elides (an insertion, at little cost). */
const OP_EDGE = 4;
const NEG = -1e9;
const MATCH = 1;
const GAP_OPEN = 1.2;
const GAP_EXTEND = 0.05;

// Scratch buffers reused across calls (grown on demand): the checker is synchronous.
let cap = 0;
let bufM = new Float32Array(0);
let bufI = new Float32Array(0);
let bufD = new Float32Array(0);
let bufE = new Float32Array(0);
let ptrM = new Uint8Array(0);
let ptrI = new Uint8Array(0);
let ptrD = new Uint8Array(0);
let ptrE = new Uint8Array(0);
let edgeAt = new Uint8Array(256);

function ensure(size: number): void {
  if (size <= cap) return;
  cap = Math.max(size, cap * 2, 4096);
  bufM = new Float32Array(cap);
  bufI = new Float32Array(cap);
  bufD = new Float32Array(cap);
  bufE = new Float32Array(cap);
  ptrM = new Uint8Array(cap);
  ptrI = new Uint8Array(cap);
  ptrD = new Uint8Array(cap);
  ptrE = new Uint8Array(cap);
}

/**
 * The best score a step can leave cell p with (the first quoted word may also start afresh, at 0), writing the
 * state it leaves to ptr[at]: what a matched or an inserted quoted word goes on from.
 */
function bestFrom(p: number, first: boolean, ptr: Uint8Array, at: number): number {
  let best = first ? 0 : NEG;
  let from = FROM_START;
  if (bufM[p] > best) (best = bufM[p]), (from = OP_MATCH);
  if (bufI[p] > best) (best = bufI[p]), (from = OP_INS);
  if (bufD[p] > best) (best = bufD[p]), (from = OP_DEL);
  if (bufE[p] > best) (best = bufE[p]), (from = OP_EDGE);
  ptr[at] = from;
  return best;
}

function insertionIsMinor(p: Piece, i: number): boolean {
  const t = p.norms[i];
  if (POLARITY.has(t)) return false;
  return p.bracketed[i] || MINOR.has(t) || p.norms[i - 1] === t || p.norms[i + 1] === t;
}

/** A diagonal band: quoted word i is looked for at window positions i + diag - below … i + diag + above. */
export interface Band {
  diag: number;
  below: number;
  above: number;
}

/**
 * Aligns every word of `piece` against corpus ids[lo, hi): semi-global (the corpus stretch is free),
 * affine gaps for corpus words left out, insertions of quoted words penalised.
 */
export function align(piece: Piece, ids: Int32Array, norms: (id: number) => string, lo: number, hi: number, band?: Band, edges?: Edges): Alignment {
  const n = piece.ids.length;
  const w = hi - lo;
  const W = w + 1;
  ensure((n + 1) * W);
  const insPen = new Float32Array(n);
  for (let i = 0; i < n; i++) insPen[i] = insertionIsMinor(piece, i) ? 1.0 : 1.6;
  // Columns where the corpus's excerpt stops or elides words: a quoted word may stand there at little cost.
  if (edgeAt.length < w + 1) edgeAt = new Uint8Array(Math.max(w + 1, edgeAt.length * 2));
  for (let j = 0; j <= w; j++) edgeAt[j] = edges?.isEdge(lo + j) ? 1 : 0;

  for (let j = 0; j <= w; j++) {
    bufM[j] = NEG;
    bufI[j] = NEG;
    bufD[j] = NEG;
    bufE[j] = NEG;
  }
  const diag = band ? band.diag : 0;
  const below = band ? band.below : n + w;
  const above = band ? band.above : w;
  for (let i = 1; i <= n; i++) {
    const row = i * W;
    const prev = (i - 1) * W;
    const qi = piece.ids[i - 1];
    const pen = insPen[i - 1];
    const jlo = Math.max(0, i + diag - below);
    const jhi = Math.min(w, i + diag + above);
    // Cells just outside the band read as impossible.
    for (let j = Math.max(0, jlo - 1); j <= Math.min(w, jhi + 1); j++) {
      bufM[row + j] = NEG;
      bufI[row + j] = NEG;
      bufD[row + j] = NEG;
      bufE[row + j] = NEG;
    }
    if (jlo > jhi) continue;
    for (let j = jlo; j <= jhi; j++) {
      // Match.
      if (j > 0 && qi >= 0 && ids[lo + j - 1] === qi) {
        bufM[row + j] = bestFrom(prev + j - 1, i === 1, ptrM, row + j) + MATCH;
      } else {
        bufM[row + j] = NEG;
      }
      const p = prev + j;
      // Insertion of the quoted word.
      bufI[row + j] = bestFrom(p, i === 1, ptrI, row + j) - pen;
      // The quoted word where the excerpt stops or elides: cheap, but only reached by a word found (or from the
      // start) and left only for a word found (or the end): a quotation may run on where the excerpt stops, not
      // swap the corpus's words for its own there.
      if (edgeAt[j]) {
        let best = i === 1 ? 0 : NEG;
        let from = FROM_START;
        if (bufM[p] > best) (best = bufM[p]), (from = OP_MATCH);
        if (bufE[p] > best) (best = bufE[p]), (from = OP_EDGE);
        bufE[row + j] = best - EDGE_INSERTION;
        ptrE[row + j] = from;
      } else {
        bufE[row + j] = NEG;
      }
      // Corpus word left out.
      if (j > 0) {
        const q = row + j - 1;
        let best = bufM[q] - GAP_OPEN;
        let from = OP_MATCH;
        if (bufD[q] - GAP_EXTEND > best) (best = bufD[q] - GAP_EXTEND), (from = OP_DEL);
        if (bufI[q] - GAP_OPEN > best) (best = bufI[q] - GAP_OPEN), (from = OP_INS);
        bufD[row + j] = best;
        ptrD[row + j] = from;
      } else {
        bufD[row] = NEG;
      }
    }
  }

  // Best end: the last quoted word matched or inserted, anywhere.
  const last = n * W;
  let bestJ = 0;
  let bestState = OP_INS;
  let bestScore = NEG;
  for (let j = Math.max(0, n + diag - below); j <= Math.min(w, n + diag + above); j++) {
    if (bufM[last + j] > bestScore) (bestScore = bufM[last + j]), (bestJ = j), (bestState = OP_MATCH);
    if (bufI[last + j] > bestScore) (bestScore = bufI[last + j]), (bestJ = j), (bestState = OP_INS);
    if (bufE[last + j] > bestScore) (bestScore = bufE[last + j]), (bestJ = j), (bestState = OP_EDGE);
  }

  // Trace back into an edit script (reversed).
  const kinds: number[] = [];
  const qs: number[] = [];
  const cs: number[] = [];
  let i = n;
  let j = bestJ;
  let state = bestState;
  while (i > 0) {
    const at = i * W + j;
    if (state === OP_MATCH) {
      kinds.push(OP_MATCH), qs.push(i - 1), cs.push(lo + j - 1);
      state = ptrM[at];
      i--, j--;
    } else if (state === OP_INS || state === OP_EDGE) {
      kinds.push(OP_INS), qs.push(i - 1), cs.push(-1);
      state = state === OP_INS ? ptrI[at] : ptrE[at];
      i--;
    } else if (state === OP_DEL) {
      kinds.push(OP_DEL), qs.push(-1), cs.push(lo + j - 1);
      state = ptrD[at];
      j--;
    } else break;
    if (state === FROM_START) break;
  }
  kinds.reverse(), qs.reverse(), cs.reverse();
  return judge(piece, ids, norms, kinds, qs, cs, edges);
}

/** The alignment of a piece found word for word at `start`: faithful unless a "not" just before it is left out. */
export function verbatimAt(piece: Piece, ids: Int32Array, norms: (id: number) => string, start: number): Alignment {
  const n = piece.ids.length;
  const negated = negationBefore(ids, start, norms);
  let built: EditOp[] | null = null;
  return {
    start,
    end: start + n,
    matched: n,
    matchedContent: piece.norms.filter((t) => !MINOR.has(t)).length,
    faithful: !negated,
    reason: negated ?? 'ok',
    ops: () => (built ??= Array.from({ length: n }, (_, i): EditOp => ({ op: 'same', q: i, c: start + i }))),
    beyond: 0,
  };
}

/** Quoting the words right after a "not" strips the negation from them: the reason, or null. */
export function negationBefore(ids: Int32Array, start: number, norms: (id: number) => string): string | null {
  const before = start > 0 ? norms(ids[start - 1]) : '';
  return NEGATION.has(before) ? `leaves out the "${before}" before it` : null;
}

/** Whether the differences of an edit script are ones a faithful quotation may have. */
function judge(piece: Piece, ids: Int32Array, norms: (id: number) => string, kinds: number[], qs: number[], cs: number[], edges?: Edges): Alignment {
  const n = piece.ids.length;
  let matched = 0;
  let matchedContent = 0;
  let start = -1;
  let end = -1;
  for (let k = 0; k < kinds.length; k++) {
    if (kinds[k] === OP_MATCH) {
      matched++;
      if (!MINOR.has(piece.norms[qs[k]])) matchedContent++;
      if (start < 0) start = cs[k];
      end = cs[k] + 1;
    }
  }
  // Quoted words running on past the start or end of the corpus's excerpt, or filling an elision of its, are not
  // a difference the corpus can show.
  const past = new Uint8Array(kinds.length);
  if (edges && matched > 0) {
    let lead = 0;
    while (lead < kinds.length && kinds[lead] === OP_INS) lead++;
    let trail = 0;
    while (trail < kinds.length - lead && kinds[kinds.length - 1 - trail] === OP_INS) trail++;
    // A "not" or "never" run on past the excerpt still turns what the found words say.
    const turns = (from: number, to: number) => qs.slice(from, to).some((q) => q >= 0 && NEGATION.has(piece.norms[q]));
    if (lead && edges.leading && edges.isEdge(start) && !turns(0, lead)) past.fill(1, 0, lead);
    if (trail && edges.trailing && edges.isEdge(end) && !turns(kinds.length - trail, kinds.length)) past.fill(1, kinds.length - trail);
    for (let k = lead; k < kinds.length - trail; k++) {
      if (kinds[k] !== OP_INS) continue;
      let e = k;
      while (e < kinds.length && kinds[e] === OP_INS) e++;
      // Only insertions, between corpus words next to each other, with the corpus eliding words between them.
      if (k > 0 && e < kinds.length && kinds[k - 1] === OP_MATCH && kinds[e] === OP_MATCH && cs[e] === cs[k - 1] + 1 && edges.isEdge(cs[e]) && !turns(k, e)) past.fill(1, k, e);
      k = e - 1;
    }
  }
  const skipLead = past[0] ? 1 : 0;
  const skipTrail = past[kinds.length - 1] ? 1 : 0;
  let built: EditOp[] | null = null;
  const ops = (): EditOp[] =>
    (built ??= kinds.map((k, x) => ({ op: k === OP_MATCH ? 'same' : k === OP_INS ? 'added' : 'dropped', q: qs[x], c: cs[x], ...(past[x] && { beyond: true as const }) })));
  const result = (faithful: boolean, reason: string): Alignment => ({
    start: Math.max(0, start),
    end: Math.max(0, end),
    matched,
    matchedContent,
    faithful,
    reason,
    ops,
    beyond: past.reduce((s, x) => s + x, 0),
  });
  if (matched === 0) return result(false, 'no word found');

  // Quoting the words right after a "not" strips the negation from them.
  const negated = negationBefore(ids, start, norms);
  if (negated) return result(false, negated);

  // A word moved elsewhere ("is critique not" for "critique is not") changes the sentence.
  const inserted = new Set<string>();
  const deleted = new Set<string>();
  for (let k = 0; k < kinds.length; k++) {
    if (past[k]) continue;
    if (kinds[k] === OP_INS && !piece.bracketed[qs[k]]) inserted.add(piece.norms[qs[k]]);
    else if (kinds[k] === OP_DEL) deleted.add(norms(ids[cs[k]]));
  }
  // The words just outside the quoted stretch count too ("We have the suppressed" for "We have suppressed the").
  if (start > 0 && !skipLead) deleted.add(norms(ids[start - 1]));
  if (end < ids.length && !skipTrail) deleted.add(norms(ids[end]));
  for (const t of inserted) if (deleted.has(t)) return result(false, `moves "${t}"`);

  const matchRun = (from: number, step: number) => {
    let len = 0;
    for (let x = from; x >= 0 && x < kinds.length && kinds[x] === OP_MATCH; x += step) len++;
    return len;
  };

  let minorInsertions = 0;
  let droppedRuns = 0;
  for (let k = 0; k < kinds.length; k++) {
    if (past[k]) continue;
    if (kinds[k] === OP_INS) {
      const qi = qs[k];
      const t = piece.norms[qi];
      const doubled = piece.norms[qi - 1] === t || piece.norms[qi + 1] === t;
      if (POLARITY.has(t) && !(doubled && t !== 'not')) return result(false, `added "${t}"`);
      if (doubled) continue;
      if (piece.bracketed[qi]) {
        // An editorial bracket may stand for words it replaces ("[the Bolsheviks]" for "we"); it may not
        // add new content ("[within the destroyed party]").
        let b = k;
        while (b > 0 && kinds[b - 1] !== OP_MATCH) b--;
        let e = k;
        while (e + 1 < kinds.length && kinds[e + 1] !== OP_MATCH) e++;
        // The corpus words the bracket's block stands in for; at either end of the quotation, the word just
        // outside it ("[the Bolsheviks] have" for "We have").
        const gone: string[] = [];
        for (let x = b; x <= e; x++) if (kinds[x] === OP_DEL) gone.push(norms(ids[cs[x]]));
        if (!gone.length && b === 0) {
          const first = cs.find((c) => c >= 0) ?? 0;
          if (first > 0) gone.push(norms(ids[first - 1]));
        }
        if (!gone.length && e === kinds.length - 1) {
          let last = -1;
          for (const c of cs) if (c > last) last = c;
          if (last >= 0 && last + 1 < ids.length) gone.push(norms(ids[last + 1]));
        }
        // A bracket may name what a pronoun or auxiliary referred to, or fix grammar; swapping a content
        // word, or filling an article's place with content, changes what was said.
        const content = gone.find((g) => !MINOR.has(g) && !REFERENT.has(g));
        if (content) return result(false, `bracket replaces "${content}"`);
        const replaces = gone.some((g) => REFERENT.has(g)) || MINOR.has(t) || REFERENT.has(t);
        if (replaces || MINOR.has(t) || t === 'sic') continue;
        return result(false, `bracket adds "${t}"`);
      }
      if (MINOR.has(t) && ++minorInsertions <= Math.max(1, Math.floor(n / 8))) continue;
      return result(false, `word not in the corpus: "${t}"`);
    }
    if (kinds[k] === OP_DEL) {
      let e = k;
      while (e < kinds.length && kinds[e] === OP_DEL) e++;
      const run: string[] = [];
      for (let r = k; r < e; r++) run.push(norms(ids[cs[r]]));
      const nearBracket = (k > 0 && kinds[k - 1] === OP_INS && piece.bracketed[qs[k - 1]]) || (e < kinds.length && kinds[e] === OP_INS && piece.bracketed[qs[e]]);
      // A doubled word ("no no means") may lose its repeat, even a "no".
      const corpusWord = (at: number) => (at >= 0 && at < ids.length ? norms(ids[at]) : '');
      const lost = run.find((t, r) => POLARITY.has(t) && !(t !== 'not' && (corpusWord(cs[k + r] - 1) === t || corpusWord(cs[k + r] + 1) === t)));
      if (lost) return result(false, `left out "${lost}"`);
      if (nearBracket && run.length <= 8) {
        // an editorial bracket replaces these words
      } else if (run.length === 1) {
        const t = run[0];
        if (!(MINOR.has(t) || DROPPABLE.has(t) || t === corpusWord(cs[k] - 1) || t === corpusWord(cs[k] + 1))) return result(false, `left out "${t}"`);
      } else if (run.length === 2 && !run.every((t) => MINOR.has(t))) {
        return result(false, `left out "${run.join(' ')}"`);
      } else {
        droppedRuns++;
        if (run.length > 60) return result(false, 'too much left out');
        // A dropped clause sits between stretches of the sentence, not between stray words picked out of it.
        if (matchRun(k - 1, -1) < 3 || matchRun(e, 1) < 3) return result(false, 'stitched from scattered words');
      }
      k = e - 1;
    }
  }
  if (droppedRuns > 1 + Math.floor(n / 15)) return result(false, 'stitched from scattered words');
  return result(true, 'ok');
}
