/**
 * The evidence behind an accusation: when corpus words are near enough to a quotation to say it misquotes
 * them, the word-level difference between the two, and the sentences a debater can check.
 */
import { negationBefore, type Alignment, type EditOp, type Piece } from './align.js';
import type { Unit } from './corpus-index.js';
import { MINOR } from './tokens.js';
import type { CheckMatch, DiffEntry } from './verdict.js';
import { unnamed } from './attribution.js';

/** Share of a quotation's words, and of its content words, the corpus words must give in order to accuse it. */
const MOST_WORDS = 0.6;
const MOST_CONTENT = 0.6;
/** Words a misquotation shows of the corpus around its differences. */
const CONTEXT_WORDS = 4;
const MAX_SNIPPET_WORDS = 28;

/** A difference with where it stands among the corpus words (for showing them around it). */
interface Placed {
  entry: DiffEntry;
  /** The corpus position it stands at (for added words, the next corpus word's), and just past its last word. */
  at: number;
  end: number;
}

/**
 * The word-level difference between a quotation's pieces and one unit's words, as aligned. Quoted words
 * running on past the corpus's excerpt are left out: the corpus says nothing of them.
 */
export function diffOf(pieces: Piece[], unit: Unit, ranges: Alignment[], wordOf: (id: number) => string): Placed[] {
  const out: Placed[] = [];
  const corpusWords = (from: number, to: number) => unit.text.slice(unit.starts[from], unit.ends[to - 1]);
  const first = ranges[0];
  // A quotation starting just after a "not" leaves it out.
  if (first && first.matched && !first.ops()[0]?.beyond && negationBefore(unit.ids, first.start, wordOf)) {
    out.push({ entry: { op: 'dropped', corpus: corpusWords(first.start - 1, first.start) }, at: first.start - 1, end: first.start });
  }
  ranges.forEach((r, pi) => {
    const piece = pieces[pi];
    const raw = (q: number) => piece.raw?.[q] ?? piece.norms[q];
    if (pi > 0) out.push({ entry: { op: 'same', argument: '…', corpus: '…' }, at: r.start, end: r.start });
    const ops = opsOf(r, unit, pi === 0, pi === ranges.length - 1);
    let k = 0;
    while (k < ops.length) {
      if (ops[k].op === 'same') {
        let e = k;
        while (e < ops.length && ops[e].op === 'same') e++;
        out.push({ entry: { op: 'same', argument: ops.slice(k, e).map((o) => raw(o.q)).join(' '), corpus: corpusWords(ops[k].c, ops[e - 1].c + 1) }, at: ops[k].c, end: ops[e - 1].c + 1 });
        k = e;
        continue;
      }
      let e = k;
      while (e < ops.length && ops[e].op !== 'same') e++;
      const added = ops.slice(k, e).filter((o) => o.op === 'added');
      const dropped = ops.slice(k, e).filter((o) => o.op === 'dropped');
      const argument = added.map((o) => raw(o.q)).join(' ');
      const corpus = dropped.length ? corpusWords(dropped[0].c, dropped[dropped.length - 1].c + 1) : '';
      const at = dropped.length ? dropped[0].c : e < ops.length ? ops[e].c : k > 0 ? ops[k - 1].c + 1 : r.start;
      const entry: DiffEntry = added.length && dropped.length ? { op: 'changed', argument, corpus } : added.length ? { op: 'added', argument } : { op: 'dropped', corpus };
      out.push({ entry, at, end: dropped.length ? dropped[dropped.length - 1].c + 1 : at });
      k = e;
    }
  });
  return out;
}

/** Whether the corpus's text between two of its words breaks off (a sentence's end, a quotation mark). */
function breaksBetween(unit: Unit, a: number, b: number): boolean {
  return a < 0 || b >= unit.ids.length || /[.!?;:"“”«»]/.test(unit.text.slice(unit.ends[a], unit.starts[b]));
}

/**
 * An alignment's edit script without the words beyond the excerpt, and with words added at either end of the
 * quotation set against the corpus words standing there in the same sentence: "revolution is impossible" for
 * "Revolt is impossible" is a word changed, not a word added.
 */
function opsOf(r: Alignment, unit: Unit, first: boolean, last: boolean): EditOp[] {
  const ops = r.ops().filter((o) => !o.beyond);
  if (!r.matched) return ops;
  let lead = 0;
  while (lead < ops.length && ops[lead].op === 'added') lead++;
  let trail = 0;
  while (trail < ops.length - lead && ops[ops.length - 1 - trail].op === 'added') trail++;
  const before: EditOp[] = [];
  for (let c = r.start - 1; first && before.length < lead && c >= 0 && !breaksBetween(unit, c, c + 1); c--) before.unshift({ op: 'dropped', q: -1, c });
  const after: EditOp[] = [];
  for (let c = r.end; last && after.length < trail && c < unit.ids.length && !breaksBetween(unit, c - 1, c); c++) after.push({ op: 'dropped', q: -1, c });
  return [...ops.slice(0, lead), ...before, ...ops.slice(lead, ops.length - trail), ...after, ...ops.slice(ops.length - trail)];
}

/** The differences alone, for the argument check. */
export const entriesOf = (placed: Placed[]): DiffEntry[] => placed.map((p) => p.entry);

/**
 * Whether an alignment is evidence of a misquotation: the corpus words give most of the quotation's words, and
 * most of the words that carry its sense, in order and in runs (not stray words picked from a long passage).
 */
export function isEvidence(pieces: Piece[], ranges: Alignment[], unit: Unit): boolean {
  const words = pieces.reduce((s, p) => s + p.ids.length, 0);
  const content = pieces.reduce((s, p) => s + p.norms.filter((t) => !MINOR.has(t)).length, 0);
  const matched = ranges.reduce((s, r) => s + r.matched, 0);
  const matchedContent = ranges.reduce((s, r) => s + r.matchedContent, 0);
  if (matched < words * MOST_WORDS || matchedContent < 2 || matchedContent < content * MOST_CONTENT) return false;
  // Words found in runs of two or more: a near-quotation shares stretches, not scattered words. Each place it
  // differs is a few words given otherwise, not a stretch of the corpus swapped for other words.
  let inRuns = 0;
  let longest = 0;
  let blocks = 0;
  // Words only added at either end, with nothing in the corpus's sentence to set them against.
  let loose = 0;
  for (const [ri, r] of ranges.entries()) {
    let run = 0;
    let added = 0;
    let dropped = 0;
    const ops = opsOf(r, unit, ri === 0, ri === ranges.length - 1);
    const firstSame = ops.findIndex((o) => o.op === 'same');
    let lastSame = ops.length - 1;
    while (lastSame >= 0 && ops[lastSame].op !== 'same') lastSame--;
    const pureAdded = (xs: EditOp[]) => xs.length > 0 && xs.every((o) => o.op === 'added');
    if (firstSame >= 0 && (pureAdded(ops.slice(0, firstSame)) || pureAdded(ops.slice(lastSame + 1)))) loose++;
    for (const o of [...ops, { op: 'end' as const, q: -1, c: -1 }]) {
      if (o.op === 'added') added++;
      else if (o.op === 'dropped') dropped++;
      if (o.op === 'added' || o.op === 'dropped') {
        if (run >= 2) inRuns += run;
        longest = Math.max(longest, run);
        run = 0;
        continue;
      }
      if (added || dropped) {
        blocks++;
        if (added && dropped > 2 * added + 2) return false;
        added = dropped = 0;
      }
      if (o.op === 'same') run++;
      else {
        if (run >= 2) inRuns += run;
        longest = Math.max(longest, run);
      }
    }
  }
  if (inRuns < matched * 0.75 || longest < Math.min(3, Math.ceil(words / 3)) || matched < 3 * blocks) return false;
  // A short quotation is near the corpus's words only if it differs from them in one place, within its sentence.
  return words >= 8 || (blocks <= 1 && !loose);
}

/**
 * Whether words found in the corpus (this many, this many of them content words) are particular enough to say
 * that someone else said them: a stock phrase ("the dictatorship of the proletariat", "all power to the
 * soviets") is anyone's.
 */
export function isDistinctive(words: number, contentWords: number): boolean {
  return contentWords >= 4 || words >= 8;
}

/** "Leon Trotsky, Terrorism and Communism, 1920; in The Opposition in Exile, ¶ 1": who, the source, the text. */
export function provenance(m: CheckMatch, withSpeaker = true): string {
  const who = unnamed(m.speaker) ? null : m.speaker!;
  const where = `${m.document.title}, ${m.location}`;
  let source = (m.source ?? where).replace(/[\s.]+$/, '');
  // A citation already naming the speaker ("Trotsky, Terrorism and Communism, 1920") need not name them twice.
  const surname = who?.split(/\s+/).pop();
  if (surname && source.startsWith(`${surname}, `)) source = source.slice(surname.length + 2);
  const inText = source.includes(m.document.title) ? '' : `; in ${where}`;
  return `${withSpeaker && who ? `${who}, ` : ''}${source}${inText}`;
}

const possessive = (name: string) => (/s$/i.test(name) ? `${name}'` : `${name}'s`);

/** Up to `max` words of a string, "…" for the rest. */
function fewWords(s: string, max = 6): string {
  const words = s.split(/\s+/).filter(Boolean);
  return words.length <= max ? words.join(' ') : `${words.slice(0, max).join(' ')} …`;
}

/** "The corpus has “…the party was everything…” (Victor Serge, Memoirs…, p. 225): 1 word changed ("was" → "is")." */
export function misquoteExplanation(match: CheckMatch, unit: Unit, placed: Placed[], ranges: Alignment[]): string {
  const differing = placed.filter((p) => p.entry.op !== 'same');
  const positions = differing.map((p) => p.at).filter((x) => x >= 0);
  const first = positions.length ? Math.min(...positions) : 0;
  let last = positions.length ? Math.max(...differing.map((p) => Math.max(p.at, p.end - 1))) : 0;
  if (last - first > MAX_SNIPPET_WORDS - 2 * CONTEXT_WORDS) last = first;
  // The corpus words around the differences, within the stretch the quotation covers.
  const found = ranges.filter((r) => r.matched);
  const lo = Math.max(0, Math.min(first - 2, found.length ? found[0].start : 0));
  const hi = Math.max(last + 1, found.length ? found[found.length - 1].end : unit.ids.length);
  const from = Math.max(lo, first - CONTEXT_WORDS);
  const to = Math.min(hi, last + CONTEXT_WORDS + 1);
  const words = to > from ? unit.text.slice(unit.starts[from], unit.ends[to - 1]) : match.text;
  const snippet = `${from > 0 ? '…' : ''}${words.replace(/\s+/g, ' ')}${to < unit.ids.length ? '…' : ''}`;

  const changed = differing.filter((p) => p.entry.op === 'changed').map((p) => p.entry);
  const added = differing.filter((p) => p.entry.op === 'added').map((p) => p.entry);
  const dropped = differing.filter((p) => p.entry.op === 'dropped').map((p) => p.entry);
  const parts: string[] = [];
  const list = (xs: string[]) => (xs.length > 3 ? `${xs.slice(0, 3).join(', ')}, …` : xs.join(', '));
  if (changed.length) {
    const n = changed.reduce((s, e) => s + Math.max(1, e.argument!.split(/\s+/).length), 0);
    parts.push(`${n} word${n === 1 ? '' : 's'} changed (${list(changed.map((e) => `"${fewWords(e.corpus!)}" → "${fewWords(e.argument!)}"`))})`);
  }
  if (added.length) parts.push(`${list(added.map((e) => `"${fewWords(e.argument!)}"`))} added`);
  if (dropped.length) parts.push(`${list(dropped.map((e) => `"${fewWords(e.corpus!)}"`))} left out`);
  const what = parts.length ? parts.join('; ') : 'worded differently';
  return `The corpus has “${snippet}” (${provenance(match)}): ${what}.`;
}

/** "These words are Victor Serge's (Memoirs of a Revolutionary, ch. 3), not Trotsky's." */
export function misattributionExplanation(found: CheckMatch[], attributedTo: string): string {
  const bySpeaker = new Map<string, CheckMatch>();
  for (const m of found) if (m.speaker && !bySpeaker.has(m.speaker)) bySpeaker.set(m.speaker, m);
  const whose = [...bySpeaker.values()].slice(0, 2).map((m) => `${possessive(m.speaker!)} (${provenance(m, false)})`);
  return `These words are ${whose.join(' and ')}, not ${possessive(attributedTo)}.`;
}
