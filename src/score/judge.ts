/**
 * Judging a debate argument: the checker's verdict on its words with the source given, then what the source
 * itself settles — a quotation id names the corpus words the argument quotes (verified by construction) or
 * paraphrases (cited, and said to be a paraphrase); a source that reads as a reference makes an argument cited;
 * one that names no work (noise, "common knowledge") counts for nothing. An accusation always carries why.
 */
import { sameName, MAX_ARGUMENT_LENGTH, type ArgumentCheck, type Checker, type CheckedQuotation, type CheckMatch, type Verdict } from '../core/check/checker.js';
import { findQuoteSpans, splitElisions } from '../core/check/spans.js';
import { tokenize } from '../core/check/tokens.js';
import type { QuoteResult } from '../core/types.js';
import { clip } from '../core/text.js';
import { accusationWhy, placeOf } from '../views/accusation.js';
import { quotationIdOf, readsAsSource } from './input.js';

export { quotationIdOf };

export interface Judgement {
  verdict: Verdict;
  /** Corpus passages the argument quotes (the named quotation first). */
  matches: CheckMatch[];
  links: string[];
  references: string[];
  /** The corpus quotation the source names, when it names one that exists. */
  quotationId: string | null;
  /** Each quotation the argument makes, with its own verdict. */
  quotations: CheckedQuotation[];
  /** The nearest corpus words to a misquotation. */
  nearest: CheckMatch[];
  /** Links with unsafe schemes, defanged; never sources. */
  unsafeLinks: string[];
  /** Why the argument was not checked (empty, too long), or null. */
  refused: ArgumentCheck['refused'] | null;
  /** It quotes words the corpus holds nothing near: neither confirmed nor accused. */
  notInCorpus: boolean;
  /** Why, when the verdict needs saying: an accusation's evidence, or what a paraphrase paraphrases. */
  explanation: string | null;
  /** The corpus quotation a paraphrase points to (its verdict is cited), or null. */
  paraphraseOf: string | null;
}

export interface JudgeDeps {
  checker: Checker;
  /** A corpus quotation or passage by id (QuoteSearch.get). */
  quotation(id: string): QuoteResult | undefined;
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
  // A quotation id the corpus lacks names nothing; a source that names no work counts for nothing.
  let rest = named ? named.rest : (source ?? '').trim();
  if (rest && !readsAsSource(rest)) rest = '';
  const check = checkWithSource(deps.checker, text, rest);
  const base: Judgement = {
    verdict: check.verdict,
    matches: check.matches,
    links: check.links,
    references: check.references,
    quotationId: q ? q.id : null,
    quotations: check.quotations,
    nearest: check.nearest,
    unsafeLinks: check.unsafeLinks,
    refused: check.refused ?? null,
    notInCorpus: check.notInCorpus === true,
    explanation: null,
    paraphraseOf: null,
  };
  if (check.refused) return base;
  const sourced = (j: Judgement): Judgement =>
    // A source that reads as a reference makes the argument cited, whether or not the checker found one in it.
    rest && j.verdict === 'unsourced' ? { ...j, verdict: 'cited', references: j.references.length || j.links.length ? j.references : [...j.references, rest] } : j;
  const explained = (j: Judgement): Judgement => ({ ...j, explanation: j.explanation ?? accusationWhy({ ...check, verdict: j.verdict }) });
  if (!q) return explained(sourced(base));
  const names = check.quotations.map((x) => x.attributedTo).filter((n): n is string => n !== null);
  const namesRight = q.speaker ? names.every((n) => sameName(n, q.speaker!)) : check.verdict !== 'misattributed';
  const matches = [matchOf(q), ...check.matches.filter((m) => m.id !== q.id)];
  if (quotesFrom(text, q)) {
    if (namesRight) return { ...base, verdict: 'verified', matches, notInCorpus: false };
    const who = names.find((n) => !sameName(n, q.speaker ?? ''));
    return {
      ...base,
      verdict: 'misattributed',
      matches,
      notInCorpus: false,
      explanation: `The corpus gives “${clip(q.text, 160)}” to ${q.speaker ?? 'someone unnamed'} (${placeOf(q)})${who ? `, not to ${who}` : ''}.`,
    };
  }
  // The words are the debater's own, pointing to a passage of the corpus: a paraphrase, cited by that passage.
  if (check.verdict === 'unsourced' || check.verdict === 'cited') {
    const cite = `${q.speaker ? `${q.speaker}, quoted in ` : ''}${q.document.title}, ${q.location}`;
    return {
      ...base,
      verdict: 'cited',
      matches,
      references: [...base.references, cite],
      paraphraseOf: q.id,
      explanation: `A paraphrase of ${q.speaker ? `${q.speaker}'s words` : 'the words'} in ${placeOf(q)} [${q.id}], not a quotation of them: cited, not verified.`,
    };
  }
  return explained(base);
}
