/**
 * One quotation against one index of the corpus: where its words may stand (units sharing its rarer word
 * pairs), how they align there, who said the words found, and what that makes of it: verified, misattributed
 * (naming who said them), misquoted (with the corpus words it departs from, word by word), or not in the corpus.
 */
import type { Passage } from '../types.js';
import { align, verbatimAt, type Alignment, type Band, type Edges, type Piece } from './align.js';
import { attributionOf, sameName, unnamed } from './attribution.js';
import { diffOf, entriesOf, isDistinctive, isEvidence, misattributionExplanation, misquoteExplanation } from './evidence.js';
import { findQuoteSpans, splitElisions } from './spans.js';
import { tokenize } from './tokens.js';
import type { CheckIndex, Unit } from './corpus-index.js';
import type { CheckedQuotation, CheckMatch, CheckSource, DiffEntry } from './verdict.js';

/** Fewer quoted words than this are a term or a scare quote, not a quotation to check. */
export const MIN_QUOTE_WORDS = 4;
const MAX_CANDIDATES = 6;
const DP_BUDGET = 600_000;

interface Hit {
  piece: number;
  /** Index in its piece, and in the whole quotation. */
  qi: number;
  g: number;
  /** Position in the unit. */
  pos: number;
}

/** A word pair occurring more often than this is too common to find candidates by. */
const COMMON_PAIR = 40;
/** How many of a piece's pairs are looked up when all of them are that common. */
const COMMON_PAIRS_USED = 8;
/** Fewer rare pairs than this in a piece, and its common pairs are looked up too. */
const MIN_PAIRS_USED = 3;

/** What one index makes of one quotation: its checked verdict, with the corpus passages found for it. */
export interface QuoteFinding extends Omit<CheckedQuotation, 'text' | 'attributedTo'> {
  matches: CheckMatch[];
  nearest: CheckMatch[];
}

export interface View {
  checkQuote(text: string, attributedTo: string | null): QuoteFinding;
}

/** Finding, aligning and crediting quoted words within one index (with what it caches about its units). */
export function viewOver(index: CheckIndex, source: CheckSource): View {
  const { units, vocab, wordOf, pairPostings, pairKey, totalPairs, names } = index;
  const docTitle = (id: string) => source.document(id)?.title ?? id;

  function pieceOf(text: string): Piece {
    const toks = tokenize(text);
    return {
      ids: Int32Array.from(toks, (t) => vocab.get(t.norm) ?? -1),
      norms: toks.map((t) => t.norm),
      bracketed: toks.map((t) => t.bracketed),
      raw: toks.map((t) => text.slice(t.start, t.end)),
    };
  }

  /** Candidate units for a quotation's pieces: units sharing enough of its rarer word pairs, rarest first. */
  function candidates(pieces: Piece[], words: number): Array<{ unit: number; hits: Hit[] }> {
    const score = new Map<number, number>();
    const hits = new Map<number, Hit[]>();
    const seen = new Set<number>();
    let offset = 0;
    // How many quoted words a unit can be seen to share: only those of the pairs looked up.
    let findable = 0;
    for (let pi = 0; pi < pieces.length; pi++) {
      const p = pieces[pi];
      // Very common pairs ("of the") say little about where a quotation stands; a piece made only of them
      // ("the dictatorship of the party", or words the corpus repeats in many places) is looked up by its rarest.
      const pairs: Array<{ k: number; key: number; list: number[] }> = [];
      for (let k = 0; k + 1 < p.ids.length; k++) {
        if (p.ids[k] < 0 || p.ids[k + 1] < 0) continue;
        const key = pairKey(p.ids[k], p.ids[k + 1]);
        const list = pairPostings.get(key);
        if (list) pairs.push({ k, key, list });
      }
      let use = pairs.filter((x) => x.list.length <= 2 * COMMON_PAIR);
      // Too few rare pairs (one may be a changed word's, found nowhere near the words it replaced): the rarest
      // common ones as well.
      if (use.length < MIN_PAIRS_USED) use = [...pairs].sort((a, b) => a.list.length - b.list.length).slice(0, use.length ? MIN_PAIRS_USED + 1 : COMMON_PAIRS_USED);
      findable += use.length < pairs.length ? new Set(use.flatMap((x) => [x.k, x.k + 1])).size : p.ids.length;
      for (const { k, key, list } of use) {
        const idf = Math.log(1 + totalPairs / (list.length / 2));
        const fresh = !seen.has(key);
        seen.add(key);
        let lastUnit = -1;
        for (let x = 0; x < list.length && x < 4000; x += 2) {
          const u = list[x];
          if (fresh && u !== lastUnit) score.set(u, (score.get(u) ?? 0) + idf);
          lastUnit = u;
          let h = hits.get(u);
          if (!h) hits.set(u, (h = []));
          if (h.length < 400) h.push({ piece: pi, qi: k, g: offset + k, pos: list[x + 1] });
        }
      }
      offset += p.ids.length;
    }
    const ranked = [...score.entries()].sort((a, b) => b[1] - a[1]);
    const top = ranked.length ? ranked[0][1] : 0;
    const out: Array<{ unit: number; hits: Hit[] }> = [];
    const need = Math.min(findable, words, Math.max(2, Math.floor(words * 0.25)));
    for (const [unit, sc] of ranked) {
      // A short quotation may stand in many places, each with its own speaker: look at more of them.
      if (sc < top * 0.25 || out.length >= (words <= 10 ? 4 * MAX_CANDIDATES : MAX_CANDIDATES)) break;
      const h = hits.get(unit) ?? [];
      // A unit sharing under a quarter of the quoted words can be neither a match nor a near miss.
      const covered = new Set<number>();
      for (const x of h) covered.add(x.g).add(x.g + 1);
      if (covered.size >= need) out.push({ unit, hits: h });
    }
    return out;
  }

  /**
   * Where a unit's excerpts start and end, computed once: its own edges, those of the quotations standing in it,
   * and its elisions ("…", "[...]"), where the words it leaves out stood.
   */
  const edgeCache = new Map<Unit, Set<number>>();
  function edgesOf(unit: Unit): (pos: number) => boolean {
    let set = edgeCache.get(unit);
    if (!set) {
      set = new Set([0, unit.ids.length]);
      for (const q of unit.quoted) set.add(q.start).add(q.end);
      for (const m of unit.text.matchAll(/\u2026|\.\s?\.\s?\./g)) {
        const after = (m.index ?? 0) + m[0].length;
        let a = 0;
        let b = unit.ids.length;
        while (a < b) {
          const mid = (a + b) >> 1;
          if (unit.starts[mid] < after) a = mid + 1;
          else b = mid;
        }
        set.add(a);
      }
      edgeCache.set(unit, set);
    }
    const edges = set;
    return (pos) => edges.has(pos);
  }

  /** Aligns every piece in order within one unit. */
  function alignInUnit(pieces: Piece[], unit: Unit, hits: Hit[]) {
    let lower = 0;
    let matched = 0;
    let matchedContent = 0;
    let faithful = true;
    let reason = 'ok';
    const ranges: Alignment[] = [];
    const isEdge = edgesOf(unit);
    for (let pi = 0; pi < pieces.length; pi++) {
      const piece = pieces[pi];
      const n = piece.ids.length;
      const m = unit.ids.length;
      let lo = lower;
      let hi = m;
      let band: Band | undefined;
      const starts = hits.filter((h) => h.piece === pi && h.pos >= lower).map((h) => h.pos - h.qi);
      if (starts.length) {
        const est = mode(starts, Math.max(8, n >> 1));
        lo = Math.max(lower, est - 5 - (n >> 2));
        hi = Math.min(m, est + 2 * n + 25);
        // Long quotations keep to a band around where their words were found.
        if (n > 40) band = { diag: est - lo, below: 15 + (n >> 3), above: 40 + Math.floor(n / 3) };
      }
      if (n * (hi - lo) > DP_BUDGET) hi = Math.min(m, lo + Math.floor(DP_BUDGET / Math.max(1, n)));
      if (hi <= lo) return { matched, matchedContent, faithful: false, reason: 'pieces out of order', ranges };
      // Most quotations are verbatim: find them without aligning.
      const exact = starts.length ? exactAt(piece.ids, unit.ids, starts, lower) : -1;
      const edges: Edges = { leading: pi === 0, trailing: pi === pieces.length - 1, isEdge };
      const a: Alignment = exact >= 0 ? verbatimAt(piece, unit.ids, wordOf, exact) : align(piece, unit.ids, wordOf, lo, hi, band, edges);
      matched += a.matched;
      matchedContent += a.matchedContent;
      ranges.push(a);
      if (!a.faithful && faithful) (faithful = false), (reason = a.reason);
      if (a.matched) lower = a.end;
    }
    return { matched, matchedContent, faithful, reason, ranges };
  }

  /** The corpus words an alignment covers, elided pieces joined by "…". */
  function excerpt(unit: Unit, ranges: Alignment[]): string {
    const parts = ranges.filter((r) => r.end > r.start).map((r) => unit.text.slice(unit.starts[r.start], unit.ends[r.end - 1]));
    return parts.join(' … ');
  }

  /** The person a matched stretch belongs to, the names that count for it, and how to report it. */
  function resolve(ui: number, ranges: Alignment[]): { match: CheckMatch; names: string[]; key: string } {
    let unit = units[ui];
    const first = ranges.find((r) => r.end > r.start);
    const start = first?.start ?? 0;
    const end = ranges.reduce((e, r) => Math.max(e, r.end), 0);
    if (unit.kind === 'passage') {
      // Words inside a quotation of this passage belong to the quoted person; inside a quotation within a
      // quotation, to the innermost one's speaker.
      let best: { unit: number; covers: boolean; overlap: number; size: number } | null = null;
      for (const q of unit.quoted) {
        const overlap = Math.min(end, q.end) - Math.max(start, q.start);
        if (overlap <= 0 || overlap < (end - start) * 0.5) continue;
        const cand = { unit: q.unit, covers: q.start <= start + 1 && q.end >= end - 1, overlap, size: q.end - q.start };
        const better =
          !best ||
          (cand.covers && !best.covers) ||
          (cand.covers === best.covers && (cand.covers ? cand.size < best.size : cand.overlap > best.overlap || (cand.overlap === best.overlap && cand.size < best.size)));
        if (better) best = cand;
      }
      if (best) unit = units[best.unit];
    }
    const text = excerpt(units[ui], ranges);
    const doc = source.document(unit.documentId);
    const title = docTitle(unit.documentId);
    if (unit.kind === 'quotation' && unit.quotation) {
      const q = unit.quotation;
      const names = q.speaker ? [q.speaker] : namesBefore(unit);
      return {
        key: `q:${q.id}`,
        names,
        match: { text, speaker: q.speaker, document: { id: q.documentId, title }, source: q.source ?? `${title}, ${q.location}`, location: q.location, id: q.id },
      };
    }
    const p = unit.passage as Passage;
    let speaker = p.speaker ?? doc?.author ?? null;
    let names = [speaker, doc?.kind === 'article' ? doc.author : null].filter((x): x is string => !!x);
    // Words in quotation marks the parser did not take as a quotation: credited as the passage credits them.
    const marked = markedIn(ui).find((m) => Math.min(end, m.end) - Math.max(start, m.start) >= (end - start) * 0.5);
    if (marked?.name) {
      speaker = marked.name;
      names = [marked.name];
    }
    return {
      key: `p:${p.id}`,
      names,
      match: { text, speaker, document: { id: p.documentId, title }, source: `${title}, ${p.location}`, location: p.location, id: p.id },
    };
  }

  /** For a quotation nobody is credited with: the name its passage gives it, as an argument's would be read. */
  function namesBefore(unit: Unit): string[] {
    if (!unit.inPassage) return [];
    const { unit: pu, start, end } = unit.inPassage;
    const inside = markedIn(pu).find((m) => m.start <= start && m.end >= end);
    if (inside?.name) return [inside.name];
    const p = units[pu];
    const span = { start: p.starts[start], end: p.ends[end - 1], text: p.text.slice(p.starts[start], p.ends[end - 1]), unpaired: false };
    const name = attributionOf(p.text, span, [span], names);
    return name ? [name] : [];
  }

  /** Quotation marks in a passage's own text (token ranges) with the name the passage gives, computed once. */
  const markedCache = new Map<number, Array<{ start: number; end: number; name: string | null }>>();
  function markedIn(ui: number): Array<{ start: number; end: number; name: string | null }> {
    let out = markedCache.get(ui);
    if (out) return out;
    const u = units[ui];
    const spans = findQuoteSpans(u.text);
    out = spans.map((sp) => {
      let a = 0;
      while (a < u.ids.length && u.starts[a] < sp.start) a++;
      let b = a;
      while (b < u.ids.length && u.ends[b] <= sp.end) b++;
      return { start: a, end: b, name: attributionOf(u.text, sp, spans, names) };
    });
    markedCache.set(ui, out);
    return out;
  }

  /** Quoted words found word for word (or with the differences a faithful quotation may have) in one unit. */
  interface Found {
    match: CheckMatch;
    names: string[];
    key: string;
    /** Quoted words running on past the corpus's excerpt: only the rest are confirmed. */
    beyond: number;
    /** Words found, and of them content words (not "the", "of", …). */
    words: number;
    content: number;
  }

  function checkQuote(text: string, attributedTo: string | null): QuoteFinding {
    const pieces = splitElisions(text, 0).map((p) => pieceOf(p.text)).filter((p) => p.ids.length > 0);
    const words = pieces.reduce((s, p) => s + p.ids.length, 0);
    if (words < MIN_QUOTE_WORDS) return { verdict: 'unchecked', reason: 'too short to be a quotation', matches: [], nearest: [] };
    const found: Found[] = [];
    let near: { unit: Unit; ranges: Alignment[]; match: CheckMatch; score: number; matched: number } | null = null;
    // A quotation and the passage it stands in hold the same words: once one has taken in nearly the whole
    // quotation, aligning the other again says nothing new.
    const settled = new Set<number>();
    for (const { unit, hits } of candidates(pieces, words)) {
      if (settled.has(unit)) continue;
      const r = alignInUnit(pieces, units[unit], hits);
      if (r.matched >= words * 0.9) {
        const u = units[unit];
        if (u.inPassage) settled.add(u.inPassage.unit);
        for (const q of u.quoted) settled.add(q.unit);
      }
      const beyond = r.ranges.reduce((s, x) => s + x.beyond, 0);
      // Words found as they stand, but only some where the excerpt stops: enough of them to be a quotation.
      if (r.faithful && r.matched > 0 && (!beyond || words - beyond >= Math.max(MIN_QUOTE_WORDS, words / 3))) {
        found.push({ ...resolve(unit, r.ranges), beyond, words: r.matched, content: r.matchedContent });
      } else if (isEvidence(pieces, r.ranges, units[unit])) {
        // The corpus words nearest the quotation: most of its words, and of what it says, in order.
        const score = r.matched + r.matchedContent;
        if (!near || score > near.score) near = { unit: units[unit], ranges: r.ranges, match: resolve(unit, r.ranges).match, score, matched: r.matched };
      }
    }
    // A quotation and the passage it stands in both match: report it once, as the quotation.
    const once = (xs: Found[]) => xs.filter((f, i) => xs.findIndex((g) => g.key === f.key) === i);
    const whole = once(found.filter((f) => !f.beyond));
    if (whole.length) return credit(whole, attributedTo, false);
    // Close to corpus words but not faithful to them: a misquote, shown word by word against those words;
    // unless the words are found as they stand, in an excerpt that stops short of the rest of them.
    const partly = once(found);
    const core = Math.max(0, ...partly.map((f) => words - f.beyond));
    if (near && near.matched >= core) {
      const placed = diffOf(pieces, near.unit, near.ranges, wordOf);
      const differing = placed.filter((p) => p.entry.op !== 'same').length;
      return {
        verdict: 'misquoted',
        reason: differing === 1 ? describe(placed.find((p) => p.entry.op !== 'same')!.entry) : `${differing} differences from the corpus`,
        matches: [],
        nearest: [near.match],
        diff: entriesOf(placed),
        explanation: misquoteExplanation(near.match, near.unit, placed, near.ranges),
      };
    }
    if (partly.length) return credit(partly, attributedTo, true);
    // Nothing near it: neither confirmed nor accused; the argument's sourcing decides.
    return { verdict: 'unchecked', reason: 'not in the corpus', matches: [], nearest: [], notInCorpus: true };
  }

  /** Found words credited: to the person named (verified), or to someone else the corpus names (misattributed). */
  function credit(distinct: Found[], attributedTo: string | null, partly: boolean): QuoteFinding {
    const matches = distinct.map((f) => f.match);
    const part = partly ? 'partly in the corpus (the rest runs past its excerpt)' : '';
    if (!attributedTo) {
      if (partly) return { verdict: 'unchecked', reason: part, matches, nearest: [] };
      return { verdict: 'verified', reason: 'found in the corpus', matches, nearest: [] };
    }
    const right = distinct.filter((f) => f.names.some((nm) => sameName(attributedTo, nm)));
    if (right.length) {
      const who = right[0].match.speaker ?? attributedTo;
      if (partly) return { verdict: 'unchecked', reason: `${part}, said by ${who}`, matches: right.map((f) => f.match), nearest: [] };
      return { verdict: 'verified', reason: `found, said by ${who}`, matches: right.map((f) => f.match), nearest: [] };
    }
    // Only a person the corpus names can be said to have said them, and only words particular enough to be
    // theirs: a stock phrase ("the dictatorship of the proletariat") is anyone's.
    const named = distinct.filter((f) => f.names.some((nm) => !unnamed(nm)));
    if (named.length < distinct.length) return { verdict: 'unchecked', reason: partly ? part : 'in the corpus, which does not say who said them', matches, nearest: [] };
    const whose = named.map((f) => ({ ...f.match, speaker: unnamed(f.match.speaker) ? f.names.find((nm) => !unnamed(nm))! : f.match.speaker }));
    const saidBy = [...new Set(whose.map((m) => m.speaker!))];
    if (!named.every((f) => isDistinctive(f.words, f.content))) return { verdict: 'unchecked', reason: `a common phrase (the corpus has it from ${saidBy.join(', ')})`, matches, nearest: [] };
    return {
      verdict: 'misattributed',
      reason: `found, but said by ${saidBy.join(', ')}`,
      matches,
      nearest: [],
      saidBy,
      explanation: misattributionExplanation(whose, attributedTo),
    };
  }

  return { checkQuote };
}

/** A single difference in a few words ("\"was\" for \"is\"", "added \"not\""). */
function describe(e: DiffEntry): string {
  if (e.op === 'changed') return `"${e.argument}" for "${e.corpus}"`;
  if (e.op === 'added') return `added "${e.argument}"`;
  return `left out "${e.corpus}"`;
}

/** The first candidate start at which `needle` stands word for word in `hay`, or -1. */
function exactAt(needle: Int32Array, hay: Int32Array, starts: number[], lower: number): number {
  const tried = new Set<number>();
  outer: for (const s of starts) {
    if (s < lower || s + needle.length > hay.length || tried.has(s)) continue;
    tried.add(s);
    for (let k = 0; k < needle.length; k++) if (needle[k] < 0 || hay[s + k] !== needle[k]) continue outer;
    return s;
  }
  return -1;
}

/** The value with most others within `tol` of it. */
function mode(values: number[], tol: number): number {
  if (values.length <= 2) return values[0];
  const sorted = [...values].sort((a, b) => a - b);
  let best = sorted[0];
  let bestCount = 0;
  let lo = 0;
  for (let hi = 0; hi < sorted.length; hi++) {
    while (sorted[hi] - sorted[lo] > tol) lo++;
    if (hi - lo + 1 > bestCount) (bestCount = hi - lo + 1), (best = sorted[lo + ((hi - lo) >> 1)]);
  }
  return best;
}
