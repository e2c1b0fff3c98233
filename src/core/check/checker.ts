/**
 * Argument checking: the quotations an argument makes, whom it credits them to, and whether the corpus
 * bears them out; the links and references it gives; and a verdict (shared/eval/README.md).
 */
import type { Corpus } from '../corpus/corpus.js';
import type { DocumentMeta, Passage } from '../types.js';
import { align, negationBefore, type Alignment, type Band, type Piece } from './align.js';
import { attributionOf, nameTokens } from './attribution.js';
import { findSources } from './sources.js';
import { findQuoteSpans, splitElisions } from './spans.js';
import { MINOR, tokenize } from './tokens.js';
import { nameKey } from '../text.js';
import { buildCheckIndex, type CheckIndex, type Unit } from './corpus-index.js';
import type { NameContext } from './attribution.js';

export type Verdict = 'verified' | 'misattributed' | 'misquoted' | 'cited' | 'unsourced';

export interface CheckedQuotation {
  /** The quoted words as the argument gives them (mentions neutralised). */
  text: string;
  /** The name the argument gives for them, or null. */
  attributedTo: string | null;
  /** This quotation's own verdict; 'unchecked' for a short term or a quote the corpus has nothing near. */
  verdict: 'verified' | 'misattributed' | 'misquoted' | 'unchecked';
  /** Why, in a few words ("word not in the corpus: \"tolerated\""). */
  reason: string;
}

export interface CheckMatch {
  /** The corpus words matched. */
  text: string;
  /** Who said them: the quoted person, or the author or poster for a text's own words. */
  speaker: string | null;
  document: { id: string; title: string };
  /** The original source (a note's citation), or the text and location where the words stand. */
  source: string | null;
  location: string;
  /** The quotation's id, or the passage's for a text's own words. */
  id: string;
}

export interface ArgumentCheck {
  verdict: Verdict;
  quotations: CheckedQuotation[];
  /** Corpus passages the argument's quotations match (for a misquote, none). */
  matches: CheckMatch[];
  /** The nearest corpus words to a misquotation, for the moderator to compare. */
  nearest: CheckMatch[];
  /** Safe http(s) links. */
  links: string[];
  /** Links with unsafe schemes, defanged; never counted as sources. */
  unsafeLinks: string[];
  /** Bibliographic references (author, title, page, year). */
  references: string[];
  /** Set when the argument was not checked: empty, or longer than MAX_ARGUMENT_LENGTH. */
  refused?: 'empty' | 'too-long';
  /**
   * The argument quotes words the corpus holds nothing near: neither confirmed nor accused, so its verdict comes
   * from its sourcing alone (cited with a reference, link or source; unsourced without).
   */
  notInCorpus?: boolean;
  /** Why an accusation (misquoted, misattributed) was made, in a sentence a debater can check; null otherwise. */
  explanation?: string | null;
}

export interface Checker {
  check(argument: string): ArgumentCheck;
}

/** Longest argument checked (Discord's longest message); longer ones are refused, unsourced. */
export const MAX_ARGUMENT_LENGTH = 4000;
/** Fewer quoted words than this are a term or a scare quote, not a quotation to check. */
const MIN_QUOTE_WORDS = 4;
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

/** Neutralises @everyone, @here and user or role mentions so nothing rendered from input can ping. */
export function neutraliseMentions(s: string): string {
  return s.replace(/@(everyone|here)\b/gi, '@\u200b$1').replace(/<@([!&]?\d+)>/g, '<@\u200b$1>');
}

/** Where a checker finds the corpus's words. */
export interface CheckSource {
  /**
   * The index to check an argument's quotations against, given each with the name it is credited to: only
   * where the named speakers' words may be ('named': enough to verify them), or wherever they may be ('all').
   * A source holding the whole corpus gives the same index for both.
   */
  indexFor(quotes: Array<{ text: string; name: string | null }>, scope: 'named' | 'all'): CheckIndex;
  /** A text's title, kind and author. */
  document(id: string): Pick<DocumentMeta, 'title' | 'kind' | 'author'> | undefined;
  /** What the whole corpus tells about names (to read who an argument credits). */
  names: NameContext;
}

/** Builds the checker for a corpus: tokenises and indexes every passage and quotation once. */
export function createChecker(corpus: Corpus): Checker {
  const index = buildCheckIndex(corpus);
  return checkerOver({ indexFor: () => index, document: (id) => corpus.document(id)?.meta, names: index.names });
}

/** A checker over any source: the whole corpus in memory, or the passages a large corpus's file holds. */
export function checkerOver(source: CheckSource): Checker {
  const views = new WeakMap<CheckIndex, View>();
  const viewOf = (index: CheckIndex): View => {
    let view = views.get(index);
    if (!view) views.set(index, (view = viewOver(index, source)));
    return view;
  };

  function check(argument: string): ArgumentCheck {
    const empty: ArgumentCheck = { verdict: 'unsourced', quotations: [], matches: [], nearest: [], links: [], unsafeLinks: [], references: [] };
    if (typeof argument !== 'string' || !argument.trim()) return { ...empty, refused: 'empty' };
    if (argument.length > MAX_ARGUMENT_LENGTH) return { ...empty, refused: 'too-long' };
    // eslint-disable-next-line no-control-regex
    const text = argument.replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200D\u2060\uFEFF]/g, '');
    const sources = findSources(text);
    const spans = findQuoteSpans(text);
    const quotations: CheckedQuotation[] = [];
    const matches: CheckMatch[] = [];
    const nearest: CheckMatch[] = [];
    let previous: { end: number; name: string | null } | null = null;
    const credited = spans.map((span) => {
      let name = attributionOf(text, span, spans, source.names);
      // "Trotsky wrote “…” and “…”": a quotation run on in the same breath keeps the same speaker.
      if (!name && previous?.name && /^[^.!?\n]{0,40}$/.test(text.slice(previous.end, span.start - 1)) && !/[\p{Lu}]/u.test(text.slice(previous.end, span.start - 1))) name = previous.name;
      previous = { end: span.end + 1, name };
      return { text: span.text, name };
    });
    const citesElsewhere = sources.links.length > 0 || sources.references.length > 0;
    const checkAll = (index: CheckIndex) => credited.map(({ text: quoted, name }) => viewOf(index).checkQuote(quoted, name, citesElsewhere));
    // Quotations credited to the people who said them are verified by those people's words alone; only
    // otherwise is the rest of the corpus looked through, for who did say them or what they are near.
    const named = credited.length && credited.every((c) => c.name) ? source.indexFor(credited, 'named') : null;
    let results = named ? checkAll(named) : [];
    if (credited.length && (!named || results.some((r) => r.verdict !== 'verified'))) {
      const all = source.indexFor(credited, 'all');
      if (all !== named) results = checkAll(all);
    }
    for (let i = 0; i < credited.length; i++) {
      const { text: quoted, name } = credited[i];
      const r = results[i];
      quotations.push({ text: neutraliseMentions(quoted.trim()), attributedTo: name ? neutraliseMentions(name) : null, verdict: r.verdict, reason: r.reason });
      for (const m of r.matches) if (!matches.some((x) => x.id === m.id && x.text === m.text)) matches.push(m);
      for (const m of r.nearest) if (!nearest.some((x) => x.id === m.id)) nearest.push(m);
    }
    const verdicts = new Set(quotations.map((q) => q.verdict));
    const verdict: Verdict = verdicts.has('misquoted')
      ? 'misquoted'
      : verdicts.has('misattributed')
        ? 'misattributed'
        : verdicts.has('verified')
          ? 'verified'
          : sources.links.length || sources.references.length
            ? 'cited'
            : 'unsourced';
    return {
      verdict,
      quotations,
      matches,
      nearest,
      links: sources.links,
      unsafeLinks: sources.unsafeLinks.map(neutraliseMentions),
      references: sources.references.map(neutraliseMentions),
    };
  }

  return { check };
}

interface View {
  checkQuote(text: string, attributedTo: string | null, citesElsewhere: boolean): { verdict: CheckedQuotation['verdict']; reason: string; matches: CheckMatch[]; nearest: CheckMatch[] };
}

/** Finding, aligning and crediting quoted words within one index (with what it caches about its units). */
function viewOver(index: CheckIndex, source: CheckSource): View {
  const { units, vocab, wordOf, pairPostings, pairKey, totalPairs, names } = index;
  const docTitle = (id: string) => source.document(id)?.title ?? id;

  function pieceOf(text: string): Piece {
    const toks = tokenize(text);
    return {
      ids: Int32Array.from(toks, (t) => vocab.get(t.norm) ?? -1),
      norms: toks.map((t) => t.norm),
      bracketed: toks.map((t) => t.bracketed),
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
      if (!use.length) use = [...pairs].sort((a, b) => a.list.length - b.list.length).slice(0, COMMON_PAIRS_USED);
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

  /** Aligns every piece in order within one unit. */
  function alignInUnit(pieces: Piece[], unit: Unit, hits: Hit[]) {
    let lower = 0;
    let matched = 0;
    let matchedContent = 0;
    let faithful = true;
    let reason = 'ok';
    const ranges: Alignment[] = [];
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
      const negated = exact >= 0 ? negationBefore(unit.ids, exact, wordOf) : null;
      const a: Alignment =
        exact >= 0
          ? { start: exact, end: exact + n, matched: n, matchedContent: piece.norms.filter((t) => !MINOR.has(t)).length, faithful: !negated, reason: negated ?? 'ok' }
          : align(piece, unit.ids, wordOf, lo, hi, band);
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

  function checkQuote(text: string, attributedTo: string | null, citesElsewhere: boolean) {
    const pieces = splitElisions(text, 0).map((p) => pieceOf(p.text)).filter((p) => p.ids.length > 0);
    const words = pieces.reduce((s, p) => s + p.ids.length, 0);
    const contentWords = pieces.reduce((s, p) => s + p.norms.filter((t) => !MINOR.has(t)).length, 0);
    if (words < MIN_QUOTE_WORDS) return { verdict: 'unchecked' as const, reason: 'too short to be a quotation', matches: [], nearest: [] };
    const found: Array<{ match: CheckMatch; names: string[]; key: string }> = [];
    let near: { match: CheckMatch; ratio: number; reason: string } | null = null;
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
      if (r.faithful && r.matched > 0) {
        found.push(resolve(unit, r.ranges));
      } else if (r.matchedContent > 1) {
        // How much of what the quotation says (its content words) the corpus passage says too.
        const ratio = r.matchedContent / Math.max(1, contentWords);
        if (!near || ratio > near.ratio) near = { match: resolve(unit, r.ranges).match, ratio, reason: r.reason };
      }
    }
    // A quotation and the passage it stands in both match: report it once, as the quotation.
    const distinct = found.filter((f, i) => found.findIndex((g) => g.key === f.key) === i);
    if (distinct.length) {
      if (!attributedTo) return { verdict: 'verified' as const, reason: 'found in the corpus', matches: distinct.map((f) => f.match), nearest: [] };
      const right = distinct.filter((f) => f.names.some((nm) => sameName(attributedTo, nm)));
      if (right.length) return { verdict: 'verified' as const, reason: `found, said by ${right[0].match.speaker ?? attributedTo}`, matches: right.map((f) => f.match), nearest: [] };
      const who = distinct.map((f) => f.match.speaker ?? 'someone else').filter((s, i, a) => a.indexOf(s) === i);
      return { verdict: 'misattributed' as const, reason: `found, but said by ${who.join(', ')}`, matches: distinct.map((f) => f.match), nearest: [] };
    }
    // Close to corpus words but not faithful to them: a misquote, even unattributed if long enough to be one.
    if (near && near.ratio >= 0.5 && (attributedTo || (words >= 6 && near.ratio >= 0.6))) return { verdict: 'misquoted' as const, reason: near.reason, matches: [], nearest: [near.match] };
    // Nothing like it in the corpus, but a source elsewhere is given: it is cited, not checkable here.
    if (citesElsewhere) return { verdict: 'unchecked' as const, reason: 'not in the corpus; cited elsewhere', matches: [], nearest: [] };
    if (attributedTo) return { verdict: 'misquoted' as const, reason: 'the corpus does not contain these words', matches: [], nearest: near ? [near.match] : [] };
    return { verdict: 'unchecked' as const, reason: 'not a quotation of the corpus', matches: [], nearest: [] };
  }

  return { checkQuote };
}

/**
 * Whether a name given in an argument names the speaker, diacritics folded: one word ("Serge", "Leszek") is
 * any of their name words; a full name must end in one of them, so that "Leon Blum" is not Leon Trotsky.
 */
export function sameName(given: string, speaker: string): boolean {
  // Compared by spelling key: "Trotzky wrote" names Leon Trotsky, "Lenine" Lenin.
  const b = new Set(nameTokens(speaker).map(nameKey));
  // "Trotsky and Lenin wrote": each person named may be the speaker.
  return given.split(/\s+(?:and|&)\s+|\s*[,;]\s*/i).some((person) => {
    const a = nameTokens(person).filter((t) => t.length >= 3).map(nameKey);
    return a.length >= 2 ? b.has(a[a.length - 1]) : a.some((t) => b.has(t));
  });
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
