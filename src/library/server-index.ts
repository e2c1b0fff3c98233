/**
 * A server's own search, built again when its texts change: from the search it had before when only a few texts
 * came or went (the index changed in place, updatedIndex: a 250 KB book added to a hundred texts takes about half
 * a full build, and a removal less), else from nothing. Either way it ranks as a fresh build would. Done in
 * steps, so that the bot can answer between them (serverIndexInSteps): an add's, and a build from nothing's.
 */
import { buildCorpus, type Corpus } from '../core/corpus/corpus.js';
import { collectUnits, createQuoteSearch, quoteSearchInSteps, updatedIndex, type QuoteSearch } from '../core/search/search.js';
import type { ParsedDocument } from '../core/types.js';

/** A server's texts as last indexed. */
export interface ServerIndex {
  corpus: Corpus;
  search: QuoteSearch;
}

export type BuiltIndex = ServerIndex & { updated: boolean };

/** Beyond this share of the previous units changed, a build from nothing is cheaper than changing the index. */
const MOST_CHANGED = 0.5;

/** The texts' index: `previous` changed in place when it can be, else built anew. `updated` says which. */
export function serverIndex(documents: ParsedDocument[], hash: string, previous: ServerIndex | null): BuiltIndex {
  const steps = building(documents, hash, previous);
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}

/** The same, with `pause()` awaited between its steps (the longest, for a hundred texts, a few hundred ms). */
export async function serverIndexInSteps(documents: ParsedDocument[], hash: string, previous: ServerIndex | null, pause: () => Promise<unknown>): Promise<BuiltIndex> {
  const steps = building(documents, hash, previous);
  let step = steps.next();
  while (!step.done) {
    await pause();
    step = steps.next();
  }
  return step.value;
}

function* building(documents: ParsedDocument[], hash: string, previous: ServerIndex | null): Generator<void, BuiltIndex> {
  const corpus = buildCorpus(documents, hash);
  if (previous) {
    try {
      const search = yield* changedInPlace(previous, corpus);
      if (search) return { corpus, search, updated: true };
    } catch {
      // The previous index did not hold what it should: built from nothing below.
    }
  }
  return { corpus, search: yield* quoteSearchInSteps(corpus), updated: false };
}

function* changedInPlace(previous: ServerIndex, corpus: Corpus): Generator<void, QuoteSearch | null> {
  const was = new Map(previous.corpus.documents.map((d) => [d.meta.id, d]));
  const now = new Set(corpus.documents.map((d) => d.meta.id));
  const added = corpus.documents.filter((d) => !was.has(d.meta.id)).map((d) => d.meta.id);
  const removed = [...was.keys()].filter((id) => !now.has(id));
  if (added.length + removed.length === 0) return null;
  // A text kept is indexed as it was only if it still names its speakers as before (names are made one across texts).
  for (const d of corpus.documents) {
    const before = was.get(d.meta.id);
    if (before && !sameSpeakers(before, d)) return null;
  }
  const gone = collectUnits(textsOf(previous.corpus, new Set(removed)));
  const come = textsOf(corpus, new Set(added));
  const comeUnits = collectUnits(come);
  if (gone.size + comeUnits.size > MOST_CHANGED * previous.search.size) return null;
  yield;
  const serialised = previous.search.toJSON();
  yield;
  const index = updatedIndex(serialised, { units: gone, corpus: previous.corpus }, { units: comeUnits, corpus: come });
  yield;
  return createQuoteSearch(corpus, index);
}

/** The corpus narrowed to some of its texts (what their units are collected from). */
function textsOf(corpus: Corpus, ids: ReadonlySet<string>): Corpus {
  return { ...corpus, quotations: corpus.quotations.filter((q) => ids.has(q.documentId)), passages: corpus.passages.filter((p) => ids.has(p.documentId)) };
}

function sameSpeakers(a: ParsedDocument, b: ParsedDocument): boolean {
  if (a.quotations.length !== b.quotations.length || a.passages.length !== b.passages.length) return false;
  return a.quotations.every((q, i) => q.speaker === b.quotations[i].speaker) && a.passages.every((p, i) => p.speaker === b.passages[i].speaker);
}
