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

export const MAX_QUERY_LENGTH = 300;
export const MAX_LIMIT = 10;

/** Bumped whenever the indexed fields or term processing change, so persisted indexes are rebuilt. */
export const INDEX_VERSION = 5;

interface IndexedUnit {
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
  /** Looks up one result by id (a quotation or passage). */
  get(id: string): QuoteResult | undefined;
  /** The index, serialisable with JSON.stringify. */
  toJSON(): unknown;
  size: number;
}

/** A quotation, or one paragraph of a passage (a long forum post is found by the paragraph that matters). */
export type Unit = { kind: 'quotation'; q: Quotation } | { kind: 'passage'; p: Passage; parent: string };

/** Builds the search over a corpus, reusing a serialised index (JSON text or parsed) when one is given and valid. */
export function createQuoteSearch(corpus: Corpus, serialised?: string | unknown): QuoteSearch {
  const units = collectUnits(corpus);
  const index =
    serialised === undefined
      ? buildIndex(units, corpus)
      : typeof serialised === 'string'
        ? MiniSearch.loadJSON<IndexedUnit>(serialised, INDEX_OPTIONS)
        : MiniSearch.loadJS<IndexedUnit>(serialised as Parameters<typeof MiniSearch.loadJS>[0], INDEX_OPTIONS);
  if (index.documentCount !== units.size || [...units.keys()].some((id) => !index.has(id))) {
    throw new Error('The persisted search index does not match the corpus; rebuild it.');
  }
  const registry = new SpeakerRegistry(speakersOf(units));
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
    search: (request) =>
      runSearch(
        request,
        registry,
        (words, match) => {
          const ids = rank(index, units, words, match);
          return { items: ids, total: ids.length };
        },
        (id) => resultOf(id)!,
      ),
  };
}

/**
 * The search every engine runs: the request checked, the speaker resolved (the option, or a name the query
 * starts with), the words ranked; when a leading name finds nothing of theirs, everyone is searched instead.
 * `rank` returns at least `want` items when there are that many, and the total.
 */
export function runSearch<T>(
  request: SearchRequest,
  registry: SpeakerRegistry,
  rank: (words: string, match: SpeakerMatch | null, want: number) => { items: T[]; total: number },
  toResult: (item: T) => QuoteResult,
): SearchResponse {
  const checked = checkRequest(request);
  if (typeof checked === 'string') return { ok: false, error: checked };
  const { query, limit, offset } = checked;
  let match: SpeakerMatch | null = null;
  let words = query;
  if (request.speaker?.trim()) {
    match = registry.resolve(stripControl(request.speaker));
    if (!match) {
      return { ok: false, error: `No one called “${request.speaker.trim()}” is quoted in the corpus. Pick a name from the list.` };
    }
  } else {
    match = registry.leadingSpeaker(query);
    if (match) words = tokenize(query).slice(match.tokensUsed).join(' ');
  }
  const want = offset + limit;
  let ranked = rank(words, match, want);
  let note: string | null = null;
  if (ranked.items.length === 0 && match && !request.speaker && words.trim()) {
    ranked = rank(query, null, want);
    if (ranked.items.length) note = `Nothing by ${match.name} matches “${words}”; showing everyone.`;
    match = null;
    words = query;
  }
  const results = ranked.items.slice(offset, offset + limit).map(toResult);
  return { ok: true, results, total: ranked.total, speaker: match?.name ?? null, words, note };
}

/** Validates a request: the query's length and content, the limit; a string says what was wrong. */
export function checkRequest(r: SearchRequest): { query: string; limit: number; offset: number } | string {
  const raw = typeof r.query === 'string' ? r.query : '';
  if (raw.length > MAX_QUERY_LENGTH) {
    return `A query is at most ${MAX_QUERY_LENGTH} characters (yours has ${raw.length}). Try a few key words.`;
  }
  const query = stripControl(raw).replace(/\s+/g, ' ').trim();
  if (!query && !r.speaker?.trim()) return 'Type some words to search for, for example: /quote serge bureaucracy';
  const limit = Math.trunc(r.limit ?? 5);
  if (!(limit >= 1 && limit <= MAX_LIMIT)) return `The limit is a number from 1 to ${MAX_LIMIT}.`;
  const offset = Math.max(0, Math.trunc(r.offset ?? 0));
  return { query, limit, offset };
}

/** Ranked unit ids: BM25 over word keys (a family counts as one word), then no passage twice. */
function rank(index: MiniSearch<IndexedUnit>, units: Map<string, Unit>, words: string, match: SpeakerMatch | null): string[] {
  const filter = match
    ? (r: SearchResult) => {
        const s = speakerOfUnit(units.get(String(r.id))!);
        return s !== null && match.speakers.has(s);
      }
    : undefined;
  const boostDocument = (id: unknown) => unitBoost(units.get(String(id))!);
  const queryWords = tokenize(words).map(normaliseWord).filter((w): w is string => w !== null);
  let hits: SearchResult[];
  if (queryWords.length) {
    hits = index.search(words, { filter, boostDocument });
  } else if (match) {
    // Only a name: that speaker's quotations, the surest first.
    hits = index.search(MiniSearch.wildcard, { filter, boostDocument });
  } else {
    hits = [];
  }
  return diversify(hits.map((h) => String(h.id)), (id) => saidBy(units.get(id)!));
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
  const quotesOf = new Map<string, string[]>();
  for (const q of corpus.quotations) {
    if (!q.text.trim()) continue;
    units.set(q.id, { kind: 'quotation', q });
    quotesOf.set(q.passageId, [...(quotesOf.get(q.passageId) ?? []), squash(q.text)]);
  }
  for (const p of corpus.passages) {
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
  return units;
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

function buildIndex(units: Map<string, Unit>, corpus: Corpus): MiniSearch<IndexedUnit> {
  const passageText = new Map(corpus.passages.map((p) => [p.id, p.text]));
  const index = new MiniSearch<IndexedUnit>(INDEX_OPTIONS);
  index.addAll(
    [...units.entries()].map(([id, u]) => ({
      id,
      text: u.kind === 'quotation' ? u.q.text : u.p.text,
      source: u.kind === 'quotation' ? u.q.source ?? '' : '',
      speaker: speakerOfUnit(u) ?? '',
      context: u.kind === 'quotation' ? passageText.get(u.q.passageId)?.replace(u.q.text, ' ') ?? '' : '',
    })),
  );
  return index;
}

function speakerOfUnit(u: Unit): string | null {
  return u.kind === 'quotation' ? u.q.speaker : u.p.speaker;
}

function speakersOf(units: Map<string, Unit>): string[] {
  const s = new Set<string>();
  for (const u of units.values()) {
    const sp = speakerOfUnit(u);
    if (sp) s.add(sp);
  }
  return [...s];
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
