/**
 * Where a server's argument checks read: the shared corpus's check source and the server's own texts, as one
 * corpus. For each argument, the passages the shared source offers are indexed together with the server's, so a
 * quotation is verified, or found said by someone else, in either library: with an in-memory shared corpus, the
 * whole of both, once; with a large corpus's file (candidates per argument), the server's candidates too, picked
 * by the argument's rarest word pairs, rather than all its texts again for every argument.
 */
import type { Corpus } from '../core/corpus/corpus.js';
import type { CheckSource } from '../core/check/checker.js';
import type { NameContext } from '../core/check/attribution.js';
import { buildCheckIndex, indexPassages, type CheckIndex } from '../core/check/corpus-index.js';
import type { Passage, Quotation } from '../core/types.js';
import { tokenize } from '../core/check/tokens.js';

/** What two corpora tell about names together: a word either one uses as a name is a name. */
function mergedNames(a: NameContext, b: NameContext): NameContext {
  const known = new Set([...a.known, ...b.known]);
  const common = new Set([...a.common, ...b.common].filter((w) => !known.has(w)));
  return { known, common };
}

/** Word pairs of a quotation read from the server's texts: the rarest few of a quote's pairs pick its candidates. */
const PAIRS_PER_QUOTE = 4;

/**
 * The server's passages and quotations that share one of the rarest word pairs of a quote (as a large corpus's
 * file picks its candidates), each quotation with the passage it stands in: what a check needs of the server's
 * texts when the shared side gives candidates rather than the whole corpus.
 */
function candidatesIn(own: CheckIndex, quotes: ReadonlyArray<{ text: string }>): { passages: Passage[]; quotations: Quotation[] } {
  const picked = new Set<number>();
  for (const { text } of quotes) {
    const ids = tokenize(text).map((t) => own.vocab.get(t.norm) ?? -1);
    const lists: number[][] = [];
    for (let k = 0; k + 1 < ids.length; k++) {
      if (ids[k] < 0 || ids[k + 1] < 0) continue;
      const list = own.pairPostings.get(own.pairKey(ids[k], ids[k + 1]));
      if (list) lists.push(list);
    }
    lists.sort((a, b) => a.length - b.length);
    for (const list of lists.slice(0, PAIRS_PER_QUOTE)) for (let i = 0; i < list.length; i += 2) picked.add(list[i]);
  }
  const passages = new Map<string, Passage>();
  const quotations = new Map<string, Quotation>();
  const take = (ui: number) => {
    const u = own.units[ui];
    if (u?.passage) passages.set(u.passage.id, u.passage);
    if (u?.quotation) quotations.set(u.quotation.id, u.quotation);
  };
  for (const ui of picked) {
    take(ui);
    const u = own.units[ui];
    if (u?.inPassage) take(u.inPassage.unit);
    for (const q of u?.quoted ?? []) take(q.unit);
  }
  return { passages: [...passages.values()], quotations: [...quotations.values()] };
}

/** The shared check source with a server's texts beside it. */
export function combinedCheckSource(shared: CheckSource, own: Corpus): CheckSource {
  const ownIndex = buildCheckIndex(own);
  const names = mergedNames(shared.names, ownIndex.names);
  // An in-memory shared corpus gives the same index every time: the combination is built once for it, whole.
  const combined = new WeakMap<CheckIndex, CheckIndex>();
  const seen = new WeakSet<CheckIndex>();
  return {
    names,
    document: (id) => own.document(id)?.meta ?? shared.document(id),
    indexFor(quotes, scope) {
      const base = shared.indexFor(quotes, scope);
      let index = combined.get(base);
      if (index) return index;
      const passages: Passage[] = [];
      const quotations: Quotation[] = [];
      for (const u of base.units) {
        if (u.kind === 'passage' && u.passage) passages.push(u.passage);
        else if (u.kind === 'quotation' && u.quotation) quotations.push(u.quotation);
      }
      if (seen.has(base)) {
        // Asked twice with the same index: the shared corpus is in memory, whole; so are the server's texts.
        index = indexPassages([...passages, ...own.passages], [...quotations, ...own.quotations], names);
        combined.set(base, index);
        return index;
      }
      seen.add(base);
      // A large corpus's file gives each argument its own candidates: the server's texts give theirs, not all.
      const mine = candidatesIn(ownIndex, quotes);
      return indexPassages([...passages, ...mine.passages], [...quotations, ...mine.quotations], names);
    },
  };
}
