/**
 * An argument's verdict for the score: the argument checker run over its words and the source it was given.
 * A source naming a corpus quotation ("trotsky:q3", or a citation ending in "[trotsky:q3]" as "Use as
 * argument" writes it) makes the argument verified by construction when its quoted words stand in that
 * quotation and it names nobody else; a link or a bibliographic reference makes it cited. Pure.
 */
import { sameName, MAX_ARGUMENT_LENGTH, type ArgumentCheck, type Checker, type CheckMatch, type Verdict } from '../core/check/checker.js';
import { findQuoteSpans, splitElisions } from '../core/check/spans.js';
import { tokenize } from '../core/check/tokens.js';
import type { QuoteResult } from '../core/types.js';

export interface Judgement {
  verdict: Verdict;
  /** Corpus passages the argument quotes (the named quotation first). */
  matches: CheckMatch[];
  links: string[];
  references: string[];
  /** The corpus quotation the source names, when it names one that exists. */
  quotationId: string | null;
}

export interface JudgeDeps {
  checker: Checker;
  /** A corpus quotation or passage by id (QuoteSearch.get). */
  quotation(id: string): QuoteResult | undefined;
}

/** The quotation id a source names: the whole source ("doc:q1") or a trailing "[doc:q1]". */
export function quotationIdOf(source: string | null | undefined): { id: string; rest: string } | null {
  const s = (source ?? '').trim();
  if (!s) return null;
  const tail = /\[([^\s[\]]+:[^\s[\]]+)\]\s*$/.exec(s);
  if (tail) return { id: tail[1], rest: s.slice(0, tail.index).trim() };
  if (/^[^\s[\]]+:[^\s[\]]+$/.test(s) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) return { id: s, rest: '' };
  return null;
}

/** The checker over the argument and its source together ("…\n\nSource: …"), or each alone when too long. */
function checkWithSource(checker: Checker, text: string, source: string): ArgumentCheck {
  if (!source) return checker.check(text);
  const joined = `${text}\n\nSource: ${source}`;
  if (joined.length <= MAX_ARGUMENT_LENGTH) return checker.check(joined);
  const own = checker.check(text);
  const cited = checker.check(`Source: ${source.slice(0, MAX_ARGUMENT_LENGTH - 8)}`);
  const links = [...new Set([...own.links, ...cited.links])];
  const references = [...new Set([...own.references, ...cited.references])];
  const verdict = own.verdict === 'unsourced' && (links.length || references.length) ? 'cited' : own.verdict;
  return { ...own, verdict, links, references };
}

const words = (s: string): string[] => tokenize(s).map((t) => t.norm).filter((w) => w.length > 0);

/** Whether `piece` stands word for word, in order and contiguous, in `hay`. */
function within(piece: string[], hay: string[]): boolean {
  if (piece.length === 0) return true;
  outer: for (let i = 0; i + piece.length <= hay.length; i++) {
    for (let k = 0; k < piece.length; k++) if (hay[i + k] !== piece[k]) continue outer;
    return true;
  }
  return false;
}

/** Whether every quotation in `text` is taken from `q` (pieces either side of an elision each found in it). */
function quotesFrom(text: string, q: QuoteResult): boolean {
  const spans = findQuoteSpans(text);
  if (spans.length === 0) return false;
  const hay = words(q.text);
  return spans.every((s) => {
    const pieces = splitElisions(s.text, s.start).map((p) => words(p.text));
    return pieces.some((p) => p.length > 0) && pieces.every((p) => within(p, hay));
  });
}

function matchOf(q: QuoteResult): CheckMatch {
  return {
    text: q.text,
    speaker: q.speaker,
    document: q.document,
    source: q.source ?? `${q.document.title}, ${q.location}`,
    location: q.location,
    id: q.id,
  };
}

/** Judges one argument as recorded in a debate: its words and the source given with it (if any). */
export function judgeArgument(deps: JudgeDeps, text: string, source: string | null): Judgement {
  const named = quotationIdOf(source);
  const q = named ? deps.quotation(named.id) : undefined;
  const rest = named && q ? named.rest : (source ?? '').trim();
  const check = checkWithSource(deps.checker, text, rest);
  const base: Judgement = { verdict: check.verdict, matches: check.matches, links: check.links, references: check.references, quotationId: q ? q.id : null };
  if (check.refused || !q) return base;
  const names = check.quotations.map((x) => x.attributedTo).filter((n): n is string => n !== null);
  const namesRight = q.speaker ? names.every((n) => sameName(n, q.speaker!)) : check.verdict !== 'misattributed';
  const matches = [matchOf(q), ...check.matches.filter((m) => m.id !== q.id)];
  if (quotesFrom(text, q)) return { ...base, verdict: namesRight ? 'verified' : 'misattributed', matches };
  // The words are the debater's own, pointing to a passage of the corpus: that passage is their source.
  if (check.verdict === 'unsourced') {
    const cite = `${q.speaker ? `${q.speaker}, quoted in ` : ''}${q.document.title}, ${q.location}`;
    return { ...base, verdict: 'cited', matches, references: [...base.references, cite] };
  }
  return base;
}
