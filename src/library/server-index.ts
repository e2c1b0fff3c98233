/**
 * A server's own search: built from its stored texts when first needed, then changed in place when a few texts
 * come or go (core/search/text-index.ts: the added texts' units put in, the removed ones' taken out), so that it
 * ranks as a fresh build would; built anew when most changed, or when a change would rename a kept text's speakers.
 * The work is done in slices of a few milliseconds (IndexInSteps), between which the bot answers; searches meanwhile
 * answer from the texts as they were (the units being put in hidden; the index's statistics already count them, so
 * close results may come in another order for that moment). The corpus itself is gathered in one step (buildCorpus:
 * a few milliseconds for a hundred texts). The stored texts are read between steps as the build asks for them.
 */
import { buildCorpus, speakerNames, speakersOf, type Corpus } from '../core/corpus/corpus.js';
import type { QuoteSearch } from '../core/search/search.js';
import { TextIndex, textUnits, type Due, type TextUnits } from '../core/search/text-index.js';
import type { ParsedDocument } from '../core/types.js';

/** A server's texts as last indexed, and what changing them in place needs. */
export interface ServerIndex {
  corpus: Corpus;
  search: QuoteSearch;
  /** The index itself: changed in place by the next change, which leaves this one spent. */
  texts: TextIndex;
  /** The speakers each text names, as stored (before names were made one across texts), by document id. */
  storedNames: Map<string, string[]>;
}

export type BuiltIndex = ServerIndex & { updated: boolean };

/** The server's texts as stored now: what a build or a change reads. */
export interface ServerTexts {
  /** Their document ids, oldest first. */
  ids: string[];
  /**
   * The parsed texts with these ids (all when null), oldest first, fresh from the store (a build settles their
   * speakers' names in place); read one by one as the steps ask for them.
   */
  documents(ids: ReadonlySet<string> | null): Iterable<ParsedDocument> | AsyncIterable<ParsedDocument>;
}

/** Beyond this share of the previous units changed, a build from nothing is cheaper than changing the index. */
const MOST_CHANGED = 0.5;

/** How long a step may run before it yields: a search waiting behind it waits no longer than this, or one unit more. */
export const STEP_MS = 4;

/** The indexes a change has begun to alter: each may be changed once. */
const spent = new WeakSet<ServerIndex>();

/**
 * A server's index built or changed a step at a time (step(), the bot answering between), or all that is left at
 * once (finish(), when the change cannot wait: a removal). `previous` is changed in place when it can be, else
 * built anew.
 */
export class IndexInSteps {
  private readonly steps: AsyncGenerator<void, BuiltIndex>;
  private began = 0;
  private atOnce = false;
  private outcome: { value: BuiltIndex } | { error: unknown } | null = null;
  /** The step under way: one at a time, so that finish() asked meanwhile goes on from it. */
  private running: Promise<boolean> | null = null;

  constructor(texts: ServerTexts, hash: string, previous: ServerIndex | null, stepMs = STEP_MS) {
    const due: Due = () => !this.atOnce && performance.now() - this.began >= stepMs;
    this.steps = building(texts, hash, previous, due);
  }

  /** Does the next step; true once all are done. */
  step(): Promise<boolean> {
    this.running ??= this.next().finally(() => (this.running = null));
    return this.running;
  }

  private async next(): Promise<boolean> {
    if (this.outcome) return true;
    this.began = performance.now();
    try {
      const r = await this.steps.next();
      if (r.done) this.outcome = { value: r.value };
    } catch (error) {
      this.outcome = { error };
    }
    return this.outcome !== null;
  }

  /** What is left, at once (yielding only to read stored texts); the index (or what went wrong, thrown). */
  async finish(): Promise<BuiltIndex> {
    this.atOnce = true;
    while (!(await this.step()));
    const o = this.outcome!;
    if ('error' in o) throw o.error;
    return o.value;
  }
}

/** The texts' index at once. */
export function serverIndex(texts: ServerTexts, hash: string, previous: ServerIndex | null): Promise<BuiltIndex> {
  return new IndexInSteps(texts, hash, previous).finish();
}

async function* building(texts: ServerTexts, hash: string, previous: ServerIndex | null, due: Due): AsyncGenerator<void, BuiltIndex> {
  if (previous && !spent.has(previous)) {
    try {
      const changed = yield* changedInPlace(previous, texts, hash, due);
      if (changed) return { ...changed, updated: true };
    } catch {
      // The previous index did not hold what it should: built from nothing below.
    }
  }
  const documents: ParsedDocument[] = [];
  for await (const d of texts.documents(null)) {
    documents.push(d);
    if (due()) yield;
  }
  const storedNames = namesOf(documents);
  if (due()) yield;
  const corpus = buildCorpus(documents, hash);
  const units: TextUnits[] = [];
  for (const d of corpus.documents) units.push(yield* textUnits(d, due));
  const index = new TextIndex();
  yield* index.put(units, due);
  return { corpus, search: yield* index.searchOf(corpus, due), texts: index, storedNames, updated: false };
}

/** `previous` with the texts added since put in and those removed taken out; null when it cannot be (built anew). */
async function* changedInPlace(previous: ServerIndex, texts: ServerTexts, hash: string, due: Due): AsyncGenerator<void, ServerIndex | null> {
  const was = new Map(previous.corpus.documents.map((d) => [d.meta.id, d]));
  const now = new Set(texts.ids);
  const removed = [...was.keys()].filter((id) => !now.has(id));
  const added = new Map<string, ParsedDocument>();
  for await (const d of texts.documents(new Set(texts.ids.filter((id) => !was.has(id))))) {
    added.set(d.meta.id, d);
    if (due()) yield;
  }
  if (added.size + removed.length === 0) {
    // The same texts (their generation was read before they were): the same index.
    spent.add(previous);
    return { ...previous };
  }
  // A text kept is indexed as it was only if it still names its speakers as before (names are made one across texts).
  const storedNames = new Map([...previous.storedNames].filter(([id]) => now.has(id)));
  for (const [id, d] of added) storedNames.set(id, speakersOf([d]));
  const before = speakerNames([...previous.storedNames.values()].flat());
  if (due()) yield;
  const after = speakerNames([...storedNames.values()].flat());
  for (const id of was.keys()) {
    if (now.has(id) && previous.storedNames.get(id)!.some((n) => before.get(n) !== after.get(n))) return null;
  }
  if (due()) yield;
  // The kept texts as they were (their names settled already, settled again the same), the added ones settled here.
  const documents = texts.ids.flatMap((id) => was.get(id) ?? added.get(id) ?? []);
  const corpus = buildCorpus(documents, hash);
  const come: TextUnits[] = [];
  for (const d of added.values()) come.push(yield* textUnits(d, due));
  const goneUnits = removed.reduce((n, id) => n + unitCount(previous.texts.unitsOf(id)), 0);
  if (goneUnits + come.reduce((n, t) => n + unitCount(t), 0) > MOST_CHANGED * previous.texts.size) return null;
  spent.add(previous);
  yield* previous.texts.takeOut(removed, due);
  yield* previous.texts.put(come, due);
  return { corpus, search: yield* previous.texts.searchOf(corpus, due), texts: previous.texts, storedNames };
}

const unitCount = (t: TextUnits | undefined) => (t ? t.quotations.length + t.passages.length : 0);

/** The speakers each text names, as it names them (before buildCorpus makes names one across texts). */
const namesOf = (documents: ParsedDocument[]) => new Map(documents.map((d) => [d.meta.id, speakersOf([d])]));
