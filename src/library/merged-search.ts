/**
 * A server's /quote search: the shared corpus's search and the server's own texts' search, asked the same
 * question, their results merged. Each engine's order is kept; between the two, the result holding more of the
 * query's words (by their search keys) comes first (a tie goes to the better-ranked, then to the shared corpus). Results from the
 * server's texts carry `library: 'server'`, so that views can say which library a quotation comes from.
 */
import { checkRequest, MAX_LIMIT, type QuoteSearch, type SearchRequest, type SearchResponse } from '../core/search/search.js';
import { processTerm, tokenize } from '../core/search/terms.js';
import type { QuoteResult } from '../core/types.js';

/** A result of a server's search: `library` is 'server' for a text the server added. */
export type LibraryResult = QuoteResult & { library?: 'server' };

type Found = Extract<SearchResponse, { ok: true }>;

/** The first `want` results of a search, read page by page (an engine gives at most MAX_LIMIT at a time). */
function firstResults(search: QuoteSearch, request: SearchRequest, want: number): SearchResponse {
  let first: Found | null = null;
  const results: QuoteResult[] = [];
  for (let offset = 0; offset < want; offset += MAX_LIMIT) {
    const page = search.search({ ...request, limit: Math.min(MAX_LIMIT, want - offset), offset });
    if (!page.ok) return page;
    first ??= page;
    results.push(...page.results);
    if (page.results.length < Math.min(MAX_LIMIT, want - offset)) break;
  }
  return { ...first!, results };
}

/**
 * The search keys of results merged lately, by result id: the same passages come back query after query, and
 * reading a long one's words is most of a merge. Ids name the same words wherever they are searched (a server's
 * text's id holds its bytes' hash). Cleared when full.
 */
const keysOfResult = new Map<string, ReadonlySet<string>>();
const KEYS_KEPT = 5_000;

function resultKeys(r: QuoteResult): ReadonlySet<string> {
  let keys = keysOfResult.get(r.id);
  if (!keys) {
    const own = new Set<string>();
    for (const word of tokenize(`${r.text} ${r.speaker ?? ''} ${r.source ?? ''}`)) {
      const key = processTerm(word);
      if (key !== null) own.add(key);
    }
    if (keysOfResult.size >= KEYS_KEPT) keysOfResult.clear();
    keysOfResult.set(r.id, (keys = own));
  }
  return keys;
}

/** The share of the query's words (by search key, as the engines match them) a result holds in its words, speaker or source. */
function coverage(keys: ReadonlySet<string>, r: QuoteResult): number {
  if (keys.size === 0) return 0;
  const own = resultKeys(r);
  let n = 0;
  for (const k of keys) if (own.has(k)) n++;
  return n / keys.size;
}

/** Merges two ranked lists, keeping each one's order. */
function merge(words: string, shared: QuoteResult[], own: LibraryResult[]): LibraryResult[] {
  const keys = new Set(tokenize(words).map(processTerm).filter((w): w is string => w !== null));
  const a = shared.map((r) => coverage(keys, r));
  const b = own.map((r) => coverage(keys, r));
  const out: LibraryResult[] = [];
  let i = 0;
  let j = 0;
  while (i < shared.length || j < own.length) {
    const takeShared = j >= own.length || (i < shared.length && (a[i] > b[j] || (a[i] === b[j] && i <= j)));
    out.push(takeShared ? shared[i++] : own[j++]);
  }
  return out;
}

/** Names from both, alternately, each once. */
function interleave(a: string[], b: string[], limit: number): string[] {
  const names: string[] = [];
  for (let k = 0; k < Math.max(a.length, b.length); k++) for (const n of [a[k], b[k]]) if (n !== undefined && !names.includes(n)) names.push(n);
  return names.slice(0, limit);
}

const marked = (r: QuoteResult): LibraryResult => ({ ...r, library: 'server' });

/** The shared search with a server's own texts beside it. */
export function mergedSearch(shared: QuoteSearch, own: QuoteSearch): QuoteSearch {
  return {
    get size() {
      return shared.size + own.size;
    },
    toJSON: () => ({ shared: shared.toJSON(), server: own.toJSON() }),
    get: (id) => {
      const r = own.get(id);
      return r ? marked(r) : shared.get(id);
    },
    suggestSpeakers: (prefix, limit = 25) => interleave(shared.suggestSpeakers(prefix, limit), own.suggestSpeakers(prefix, limit), limit),
    suggestSources: (prefix, limit = 25) => interleave(shared.suggestSources?.(prefix, limit) ?? [], own.suggestSources?.(prefix, limit) ?? [], limit),
    search(request) {
      const checked = checkRequest(request);
      if (typeof checked === 'string') return { ok: false, error: checked };
      const want = checked.offset + checked.limit;
      const base = { ...request, limit: checked.limit, offset: 0 };
      const s = firstResults(shared, base, want);
      const o = firstResults(own, base, want);
      if (!o.ok) return s.ok ? { ...s, results: s.results.slice(checked.offset, want) } : s;
      const ownResults = o.results.map(marked);
      if (!s.ok) return { ...o, results: ownResults.slice(checked.offset, want) };
      const all = merge(s.words, s.results, ownResults);
      return { ...s, results: all.slice(checked.offset, want), total: s.total + o.total, speaker: s.speaker ?? o.speaker, note: s.note ?? o.note };
    },
  };
}
