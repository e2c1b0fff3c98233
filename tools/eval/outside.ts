/**
 * The development section for quotations from outside the corpus (issue 11): genuine quotations the corpus does
 * not hold must be neither confirmed nor accused (notInCorpus), and scored by their sourcing alone (cited with a
 * reference or link, unsourced without); near misses the corpus does hold (a word changed, another speaker
 * named) must still be caught. The cases are in tools/eval/outside-corpus.json (or OUTSIDE_SET).
 */
import { readFileSync } from 'node:fs';
import type { Checker, Verdict } from '../../src/core/check/checker.js';

export interface OutsideCase {
  /** The argument as a debater posts it. */
  a: string;
  /** The verdict a careful moderator gives. */
  v: Verdict;
}

export interface OutsideSet {
  genuine: OutsideCase[];
  nearMisses: OutsideCase[];
}

export interface OutsideRow {
  argument: string;
  expected: Verdict;
  got: Verdict;
  notInCorpus: boolean;
  right: boolean;
}

/** Reads the set: the file beside this module, or OUTSIDE_SET. */
export function loadOutsideSet(path = process.env.OUTSIDE_SET ?? new URL('./outside-corpus.json', import.meta.url)): OutsideSet {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Partial<OutsideSet>;
  return { genuine: raw.genuine ?? [], nearMisses: raw.nearMisses ?? [] };
}

/**
 * Genuine quotations outside the corpus: right when the verdict is the expected one and the quotation is said
 * not to be in the corpus; a false accusation is any misquoted or misattributed.
 */
export function scoreGenuine(checker: Checker, cases: OutsideCase[]): { right: number; falseAccusations: number; rows: OutsideRow[] } {
  const rows = cases.map((c): OutsideRow => {
    const r = checker.check(c.a);
    const notInCorpus = r.notInCorpus === true;
    return { argument: c.a, expected: c.v, got: r.verdict, notInCorpus, right: r.verdict === c.v && notInCorpus };
  });
  return {
    right: rows.length ? rows.filter((r) => r.right).length / rows.length : 0,
    falseAccusations: rows.filter((r) => r.got === 'misquoted' || r.got === 'misattributed').length,
    rows,
  };
}

/** Near misses of the corpus: right when the verdict is the expected one (misquoted, misattributed, verified). */
export function scoreNearMisses(checker: Checker, cases: OutsideCase[]): { right: number; calledVerified: number; rows: OutsideRow[] } {
  const rows = cases.map((c): OutsideRow => {
    const r = checker.check(c.a);
    return { argument: c.a, expected: c.v, got: r.verdict, notInCorpus: r.notInCorpus === true, right: r.verdict === c.v };
  });
  return {
    right: rows.length ? rows.filter((r) => r.right).length / rows.length : 0,
    calledVerified: rows.filter((r) => r.got === 'verified' && r.expected !== 'verified').length,
    rows,
  };
}

/** The section's lines for `npm run eval`: each checker (in memory, from the FTS5 file) on the same cases. */
export function formatOutside(checkers: Array<{ label: string; checker: Checker }>, set = loadOutsideSet(), verbose = false): string[] {
  const lines: string[] = [];
  const misses: string[] = [];
  checkers.forEach(({ label, checker }, i) => {
    const g = scoreGenuine(checker, set.genuine);
    const n = scoreNearMisses(checker, set.nearMisses);
    const head = i === 0 ? `genuine quotations outside the corpus (${set.genuine.length}):` : `  genuine quotations, ${label}:`;
    lines.push(`${head} right ${g.right.toFixed(3)}  false accusations ${g.falseAccusations}`);
    const nearHead = i === 0 ? `near misses the corpus holds (${set.nearMisses.length}, a word changed or another speaker named):` : `  near misses, ${label}:`;
    lines.push(`${nearHead} right ${n.right.toFixed(3)}  called verified ${n.calledVerified}`);
    if (verbose) {
      for (const r of [...g.rows, ...n.rows]) {
        if (!r.right) misses.push(`outside miss (${label}): want ${r.expected}, got ${r.got}${r.notInCorpus ? ' (not in corpus)' : ''}: ${r.argument}`);
      }
    }
  });
  return [...misses, ...lines];
}
