/**
 * /quote search: one MiniSearch index over quotations and passages, narrowed to a speaker when the query
 * starts with one (or the speaker option names one), forgiving spelling, morphology and typos.
 */
import MiniSearch, { type Options, type SearchResult } from 'minisearch';
import type { Corpus } from '../corpus/corpus.js';
import type { Passage, Quotation, QuoteResult } from '../types.js';
import { stripControl } from '../text.js';
import { normaliseWord, processTerm, tokenize } from './terms.js';
import { SpeakerRegistry, type SpeakerMatch } from './speakers.js';
import { diversify, type Said } from './diversify.js';
import { WorkRegistry, citesWork, type WorkMatch } from './works.js';
import { shapeOf, type QueryShape } from './shape.js';
import { holdsPhrases, rerank, rerankDepth } from './rerank.js';
import { keysOf, readingOf } from './positions.js';

export const MAX_QUERY_LENGTH = 300;
export const MAX_LIMIT = 10;

/** Bumped whenever the indexed fields or term processing change, so persisted indexes are rebuilt. */
export const INDEX_VERSION = 5;

export interface IndexedUnit {
  id: string;
  text: string;
  source: string;
  speaker: string;
  /** The passage around a quotation: what it is about when its own words do not say ("This was not new…"). */
  context: string;
}

/** The one set of options used both to build and to load the index (functions are not serialised). */
export const INDEX_OPTIONS: Options<IndexedUnit> = {
  fields: ['text', 'context', 'source', 'speaker'],
  storeFields: [],
  tokenize,
  processTerm,
  searchOptions: {
    boost: { text: 1, context: 0.15, source: 0.4, speaker: 0.3 },
    fuzzy: (term) => (term.length < 5 ? false : 0.2),
    prefix: false,
    combineWith: 'OR',
  },
};

export interface SearchRequest {
  query: string;
  /** Narrow to a speaker by any of their names. */
  speaker?: string | null;
  /** Narrow to quotations whose original source is this work (a name suggestSources offers, or words of one). */
  source?: string | null;
  limit?: number;
  offset?: number;
}

export type SearchResponse =
  | {
      ok: true;
      results: QuoteResult[];
      /** How many results there are in all (for paging). */
      total: number;
      /** The speaker the search was narrowed to, as resolved. */
      speaker: string | null;
      /** The work the search was narrowed to (the source option), as resolved; null when not narrowed. */
      source: string | null;
      /** The words searched for after the speaker's name. */
      words: string;
      /** Something the user should know ("nothing by Serge matches; showing everyone"). */
      note: string | null;
    }
  | { ok: false; error: string };

export interface QuoteSearch {
  search(request: SearchRequest): SearchResponse;
  /** Speaker names for autocomplete. */
  suggestSpeakers(prefix: string, limit?: number): string[];
  /** Works cited as original sources, for autocomplete. */
  suggestSources(prefix: string, limit?: number): string[];
  /** Looks up one result by id (a quotation or passage). */
  get(id: string): QuoteResult | undefined;
  /** The index, serialisable with JSON.stringify. */
  toJSON(): unknown;
  size: number;
}

/** A quotation, or one paragraph of a passage (a long forum post is found by the paragraph that matters). */
export type Unit = { kind: 'quotation'; q: Quotation } | { kind: 'passage'; p: Passage; parent: string };

/**
 * Builds the search over a corpus, reusing an index when one is given and valid: serialised (JSON text or
 * parsed), or as updatedIndex returns it.
 */
export function createQuoteSearch(corpus: Corpus, serialised?: string | unknown): QuoteSearch {
  const units = collectUnits(corpus);
  const index =
    serialised === undefined
      ? buildIndex(units, corpus)
      : serialised instanceof MiniSearch
        ? (serialised as MiniSearch<IndexedUnit>)
        : typeof serialised === 'string'
        ? MiniSearch.loadJSON<IndexedUnit>(serialised, INDEX_OPTIONS)
        : MiniSearch.loadJS<IndexedUnit>(serialised as Parameters<typeof MiniSearch.loadJS>[0], INDEX_OPTIONS);
  if (index.documentCount !== units.size || [...units.keys()].some((id) => !index.has(id))) {
    throw new Error('The persisted search index does not match the corpus; rebuild it.');
  }
  return searchOver(corpus, units, index);
}

/**
 * The search over a corpus's units and their index. The index may hold units the search does not know (a server's
 * index changed in place, text-index.ts, while searches made before the change still answer): it never finds them.
 */
function searchOver(corpus: Corpus, units: Map<string, Unit>, index: MiniSearch<IndexedUnit>): QuoteSearch {
  return ranToEnd(searchOverInSteps(corpus, units, index, () => false));
}

/** searchOver, who and what can be asked for read in steps (many texts cite thousands of works), yielding when `due()` says. */
export function* searchOverInSteps(corpus: Corpus, units: Map<string, Unit>, index: MiniSearch<IndexedUnit>, due: () => boolean): Generator<void, QuoteSearch> {
  // Who speaks, and which sources are cited how often (countSources), a slice at a time.
  const speakers = new Set<string>();
  const sources = new Map<string, number>();
  let n = 0;
  for (const u of units.values()) {
    const speaker = speakerOfUnit(u);
    if (speaker) speakers.add(speaker);
    const source = sourceOfUnit(u);
    if (source) sources.set(source, (sources.get(source) ?? 0) + 1);
    if (++n % 256 === 0 && due()) yield;
  }
  const registry = yield* SpeakerRegistry.inSteps(speakers, due);
  const works = yield* WorkRegistry.inSteps(sources, due);
  return searchWith(corpus, units, index, registry, works);
}

function searchWith(corpus: Corpus, units: Map<string, Unit>, index: MiniSearch<IndexedUnit>, registry: SpeakerRegistry, works: WorkRegistry): QuoteSearch {
  // Each unit's keys in order, its text's and its source's, read when a phrase or a work narrows to it; its
  // reading (positions.ts), when it is first reranked.
  const textKeys = new Map<string, string[]>();
  const sourceKeys = new Map<string, string[]>();
  const readings = new Map<string, string>();
  const cached = <V>(cache: Map<string, V>, id: string, make: () => V): V => {
    let v = cache.get(id);
    if (v === undefined) cache.set(id, (v = make()));
    return v;
  };
  const readers: UnitReaders = {
    textKeys: (id) => cached(textKeys, id, () => keysOf(unitText(units.get(id)!))),
    sourceKeys: (id) => cached(sourceKeys, id, () => keysOf(sourceOfUnit(units.get(id)!) ?? '')),
    reading: (id) => cached(readings, id, () => readingOf(unitText(units.get(id)!))),
  };
  const results = new Map<string, QuoteResult>();
  const resultOf = (id: string): QuoteResult | undefined => {
    let r = results.get(id);
    if (!r) {
      const u = units.get(id);
      if (!u) return undefined;
      r = toResult(u, corpus);
      results.set(id, r);
    }
    return r;
  };

  return {
    size: units.size,
    toJSON: () => index.toJSON(),
    get: resultOf,
    suggestSpeakers: (prefix, limit) => registry.suggest(prefix, limit),
    suggestSources: (prefix, limit) => works.suggest(prefix, limit),
    search: (request) =>
      runSearch(
        request,
        { speakers: registry, works },
        (shape, narrow, want) => {
          const ids = rank(index, units, readers, shape, narrow, want);
          return { items: ids, total: ids.length };
        },
        (id) => resultOf(id)!,
      ),
  };
}

/** What a search is narrowed to: a speaker (any of their names), a work cited as a source. */
export interface Narrowing {
  speaker: SpeakerMatch | null;
  work: WorkMatch | null;
}

/** Who and what can be asked for in a corpus. */
export interface Registries {
  speakers: SpeakerRegistry;
  works: WorkRegistry;
}

/**
 * The search every engine runs: the request checked, the speaker resolved (the option, or a name the query
 * starts with) and the work (the option), the query's shape read (shape.ts), the words ranked; when the query
 * names a work, what was quoted from it comes first; when a leading name finds nothing of theirs, everyone is
 * searched instead. `rank` returns at least `want` items when there are that many, and the total.
 */
export function runSearch<T>(
  request: SearchRequest,
  { speakers: registry, works }: Registries,
  rank: (shape: QueryShape, narrow: Narrowing, want: number) => { items: T[]; total: number },
  toResult: (item: T) => QuoteResult,
): SearchResponse {
  const checked = checkRequest(request);
  if (typeof checked === 'string') return { ok: false, error: checked };
  const { query, limit, offset } = checked;
  let match: SpeakerMatch | null = null;
  let words = query;
  let note: string | null = null;
  if (request.speaker?.trim()) {
    match = registry.resolve(stripControl(request.speaker));
    if (!match) {
      return { ok: false, error: `No one called “${request.speaker.trim()}” is quoted in the corpus. Pick a name from the list.` };
    }
  } else {
    match = registry.leadingSpeaker(query);
    if (match) words = tokenize(query).slice(match.tokensUsed).join(' ');
  }
  if (match?.others.length) note = `“${match.name}” may mean ${match.others.join(', ')}: showing them all. Choose one with speaker:.`;
  let work: WorkMatch | null = null;
  if (request.source?.trim()) {
    work = works.resolve(stripControl(request.source));
    if (!work) {
      return { ok: false, error: `No work called “${request.source.trim()}” is cited as a source in the corpus. Pick one from the list.` };
    }
  }
  const want = offset + limit;
  let shape = shapeOf(words);
  let ranked = rank(shape, { speaker: match, work }, want);
  if (!work && shape.keys.length) {
    // A query naming a work: what was quoted from it first, then the rest.
    const named = works.named(shape.keys);
    const from = named ? rank(shape, { speaker: match, work: named }, want) : null;
    if (from?.items.length) {
      const first = new Set(from.items.map((x) => toResult(x).id));
      const rest = ranked.items.filter((x) => !first.has(toResult(x).id));
      ranked = { items: [...from.items, ...rest], total: Math.max(ranked.total, from.items.length + rest.length) };
      note = `Quotations from ${named!.name} first.`;
    }
  }
  if (ranked.items.length === 0 && match && !request.speaker && words.trim()) {
    shape = shapeOf(query);
    ranked = rank(shape, { speaker: null, work }, want);
    if (ranked.items.length) note = `Nothing by ${match.name} matches “${words}”; showing everyone.`;
    match = null;
    words = query;
  }
  const results = ranked.items.slice(offset, offset + limit).map(toResult);
  return { ok: true, results, total: ranked.total, speaker: match?.name ?? null, source: work?.name ?? null, words, note };
}

/** Validates a request: the query's length and content, the limit; a string says what was wrong. */
export function checkRequest(r: SearchRequest): { query: string; limit: number; offset: number } | string {
  const raw = typeof r.query === 'string' ? r.query : '';
  if (raw.length > MAX_QUERY_LENGTH) {
    return `A query is at most ${MAX_QUERY_LENGTH} characters (yours has ${raw.length}). Try a few key words.`;
  }
  const query = stripControl(raw).replace(/\s+/g, ' ').trim();
  if (!query && !r.speaker?.trim() && !r.source?.trim()) return 'Type some words to search for, for example: /quote serge bureaucracy';
  const limit = Math.trunc(r.limit ?? 5);
  if (!(limit >= 1 && limit <= MAX_LIMIT)) return `The limit is a number from 1 to ${MAX_LIMIT}.`;
  const offset = Math.max(0, Math.trunc(r.offset ?? 0));
  return { query, limit, offset };
}

/** Each unit's keys in order and its reading, read on demand (and kept). */
interface UnitReaders {
  textKeys: (id: string) => string[];
  sourceKeys: (id: string) => string[];
  reading: (id: string) => string;
}

/**
 * Ranked unit ids: BM25 over word keys (a family counts as one word), narrowed to the speaker and work and to
 * units holding the quoted phrases; the best looked at again word by word (rerank.ts); then no passage twice.
 */
function rank(
  index: MiniSearch<IndexedUnit>,
  units: Map<string, Unit>,
  read: UnitReaders,
  shape: QueryShape,
  { speaker: match, work }: Narrowing,
  want: number,
): string[] {
  const filter =
    match || work || shape.phrases.length
      ? (r: SearchResult) => {
          const id = String(r.id);
          const u = units.get(id);
          if (!u) return false;
          if (match) {
            const s = speakerOfUnit(u);
            if (s === null || !match.speakers.has(s)) return false;
          }
          if (work && !citesWork(read.sourceKeys(id), work)) return false;
          return holdsPhrases(read.textKeys(id), shape.phrases);
        }
      : undefined;
  // A unit this search does not know scores nothing: MiniSearch then leaves it out.
  const boostDocument = (id: unknown) => {
    const u = units.get(String(id));
    return u ? unitBoost(u) : 0;
  };
  const queryWords = tokenize(shape.words).map(normaliseWord).filter((w): w is string => w !== null);
  let hits: SearchResult[];
  if (queryWords.length) {
    hits = index.search(shape.words, { filter, boostDocument });
  } else if (match || work) {
    // Only a name: that speaker's quotations (or that work's), the surest first.
    hits = index.search(MiniSearch.wildcard, { filter, boostDocument });
  } else {
    hits = [];
  }
  const depth = rerankDepth(want);
  const head = rerank(
    hits.slice(0, depth).map((h) => {
      const id = String(h.id);
      const u = units.get(id)!;
      return { item: id, score: h.score, reading: read.reading(id), attributed: speakerOfUnit(u) !== null, text: () => unitText(u) };
    }),
    shape,
  );
  const ids = [...head, ...hits.slice(depth).map((h) => String(h.id))];
  return diversify(ids, (id) => saidBy(units.get(id)!));
}

/** Quotations are what /quote is for; attributed ones are surer. */
export function unitBoost(u: Unit): number {
  if (u.kind === 'passage') return 1;
  return 1.1 + 0.3 * (u.q.speaker ? u.q.confidence : 0);
}

/** A unit as the "no passage twice" rule reads it. */
function saidBy(u: Unit): Said {
  return u.kind === 'quotation' ? { passage: u.q.passageId, quotation: true, text: u.q.text } : { passage: u.parent, quotation: false, text: u.p.text };
}

/** The searchable units: quotations, and each paragraph of a passage that is not all quotation. */
export function collectUnits(corpus: Corpus): Map<string, Unit> {
  const units = new Map<string, Unit>();
  ranToEnd(unitsInSteps(corpus.quotations, corpus.passages, units, () => false));
  return units;
}

/** What work done in steps returns, all its steps done at once. */
function ranToEnd<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * collectUnits of some quotations and passages (a text's), into `units`, yielding between passages when `due()`
 * says the step under way has run long enough.
 */
export function* unitsInSteps(quotations: Quotation[], passages: Passage[], units: Map<string, Unit>, due: () => boolean): Generator<void, void> {
  const quotesOf = new Map<string, string[]>();
  for (const q of quotations) {
    if (!q.text.trim()) continue;
    units.set(q.id, { kind: 'quotation', q });
    quotesOf.set(q.passageId, [...(quotesOf.get(q.passageId) ?? []), squash(q.text)]);
  }
  for (const p of passages) {
    if (due()) yield;
    const chunks = p.text.split(/\n+/).map((c) => c.trim()).filter(Boolean);
    const quotes = quotesOf.get(p.id) ?? [];
    chunks.forEach((text, i) => {
      // Words that are all quotation (a block quote) are indexed as the quotation, not as the author's own.
      const t = squash(text);
      const quoted = quotes.filter((q) => t.includes(q)).reduce((n, q) => n + q.length, 0);
      if (quotes.some((q) => q.includes(t)) || quoted >= 0.8 * t.length) return;
      const id = chunks.length === 1 ? p.id : `${p.id}.${i + 1}`;
      if (units.has(id)) return;
      const location = chunks.length === 1 ? p.location : `${p.location}, ¶ ${i + 1}`;
      units.set(id, { kind: 'passage', p: { ...p, id, text, location }, parent: p.id });
    });
  }
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

function buildIndex(units: Map<string, Unit>, corpus: Corpus): MiniSearch<IndexedUnit> {
  const index = new MiniSearch<IndexedUnit>(INDEX_OPTIONS);
  index.addAll(indexedUnits(units, corpus));
  return index;
}

/** Units as the index holds them: their fields' words, a quotation's with the passage around it. */
function indexedUnits(units: Map<string, Unit>, corpus: Corpus): IndexedUnit[] {
  const passageText = new Map(corpus.passages.map((p) => [p.id, p.text]));
  return [...units.entries()].map(([id, u]) => indexedUnit(id, u, passageText));
}

/** A unit as the index holds it; `passageText`: the text of each passage its quotation may stand in, by id. */
export function indexedUnit(id: string, u: Unit, passageText: ReadonlyMap<string, string>): IndexedUnit {
  return {
    id,
    text: u.kind === 'quotation' ? u.q.text : u.p.text,
    source: u.kind === 'quotation' ? u.q.source ?? '' : '',
    speaker: speakerOfUnit(u) ?? '',
    context: u.kind === 'quotation' ? passageText.get(u.q.passageId)?.replace(u.q.text, ' ') ?? '' : '',
  };
}

/** Some texts' units and the corpus they were collected from (its passages give a quotation its context). */
export interface UnitsOf {
  units: Map<string, Unit>;
  corpus: Corpus;
}

/**
 * A serialised index changed in place of a rebuild: `removed` taken out (as they were indexed, so every
 * posting goes), then `added` put in. BM25's statistics (unit count, field lengths, each key's units) are the
 * index's own, kept by MiniSearch as units come and go, so it ranks as an index built afresh would (only
 * exact ties may come in another order). For createQuoteSearch.
 */
export function updatedIndex(serialised: unknown, removed: UnitsOf, added: UnitsOf): unknown {
  const index = MiniSearch.loadJS<IndexedUnit>(serialised as Parameters<typeof MiniSearch.loadJS>[0], INDEX_OPTIONS);
  for (const u of indexedUnits(removed.units, removed.corpus)) index.remove(u);
  index.addAll(indexedUnits(added.units, added.corpus));
  return index;
}

/** The words a unit shows. */
function unitText(u: Unit): string {
  return u.kind === 'quotation' ? u.q.text : u.p.text;
}

export function sourceOfUnit(u: Unit): string | null {
  return u.kind === 'quotation' ? u.q.source : null;
}

function speakerOfUnit(u: Unit): string | null {
  return u.kind === 'quotation' ? u.q.speaker : u.p.speaker;
}

function toResult(u: Unit, corpus: Corpus): QuoteResult {
  const docId = u.kind === 'quotation' ? u.q.documentId : u.p.documentId;
  const doc = corpus.document(docId);
  const title = doc?.meta.title ?? docId;
  if (u.kind === 'quotation') {
    return { id: u.q.id, text: u.q.text, speaker: u.q.speaker, document: { id: docId, title }, location: u.q.location, source: u.q.source };
  }
  return { id: u.p.id, text: u.p.text, speaker: u.p.speaker, document: { id: docId, title }, location: u.p.location, source: null };
}
