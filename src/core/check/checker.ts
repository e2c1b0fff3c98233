/**
 * Argument checking: the quotations an argument makes, whom it credits them to, and whether the corpus
 * bears them out; the links and references it gives; and a verdict (shared/eval/README.md):
 *   - verified: the corpus confirms the words and the speaker;
 *   - misattributed: the words are in the corpus, said by someone else (named);
 *   - misquoted: only on evidence, corpus words matching most of the quotation's in order, with words changed,
 *     added or dropped (shown word by word);
 *   - a quotation the corpus holds nothing near is not in the corpus: neither confirmed nor accused, so the
 *     argument is cited when it gives a reference or a link, unsourced when it gives none.
 */
import type { Corpus } from '../corpus/corpus.js';
import { noPings } from '../text.js';
import { attributionOf } from './attribution.js';
import { findSources } from './sources.js';
import { findQuoteSpans } from './spans.js';
import { buildCheckIndex, type CheckIndex } from './corpus-index.js';
import { viewOver, type View } from './quotation.js';
import type { ArgumentCheck, CheckedQuotation, CheckMatch, Checker, CheckSource, Verdict } from './verdict.js';

export type { ArgumentCheck, CheckedQuotation, CheckMatch, Checker, CheckSource, DiffEntry, Verdict } from './verdict.js';
export { sameName } from './attribution.js';

/** Longest argument checked (Discord's longest message); longer ones are refused, unsourced. */
export const MAX_ARGUMENT_LENGTH = 4000;

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
    const empty: ArgumentCheck = { verdict: 'unsourced', quotations: [], matches: [], nearest: [], links: [], unsafeLinks: [], references: [], notInCorpus: false, explanation: null };
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
    const checkAll = (index: CheckIndex) => credited.map(({ text: quoted, name }) => viewOf(index).checkQuote(quoted, name));
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
      const q: CheckedQuotation = { text: noPings(quoted.trim()), attributedTo: name ? noPings(name) : null, verdict: r.verdict, reason: noPings(r.reason) };
      if (r.notInCorpus) q.notInCorpus = true;
      if (r.diff) q.diff = r.diff.map((e) => ({ op: e.op, ...(e.argument !== undefined && { argument: noPings(e.argument) }), ...(e.corpus !== undefined && { corpus: noPings(e.corpus) }) }));
      if (r.saidBy) q.saidBy = r.saidBy.map((s) => noPings(s));
      if (r.explanation) q.explanation = noPings(r.explanation);
      quotations.push(q);
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
    // The accusation that decided the verdict, explained.
    const accused = verdict === 'misquoted' || verdict === 'misattributed' ? quotations.find((q) => q.verdict === verdict) : undefined;
    return {
      verdict,
      quotations,
      matches,
      nearest,
      links: sources.links,
      unsafeLinks: sources.unsafeLinks.map((s) => noPings(s)),
      references: sources.references.map((s) => noPings(s)),
      notInCorpus: quotations.some((q) => q.notInCorpus),
      explanation: accused?.explanation ?? null,
    };
  }

  return { check };
}
