/**
 * A server's /quote search: the shared corpus's search and the server's own texts' search, asked the same
 * question, their results merged. Each engine's order is kept; between the two, the result holding more of the
 * query's words (by their search keys) comes first (a tie goes to the better-ranked, then to the shared corpus). Results from the
 * server's texts carry `library: 'server'`, so that views can say which library a quotation comes from.
 */
import { checkRequest, MAX_LIMIT, type QuoteSearch, type SearchRequest, type SearchResponse } from '../core/search/search.js';
import { processTerm, tokenize } from '../core/search/terms.js';
import type { QuoteResult } from '../core/types.js';

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
 * The search keys of a result, kept by id for the merged search's life: the same passages come back query after
 * query, and reading a long one's words is most of a merge. Ids name the same words wherever they are searched
 * (a server's text's id holds its bytes' hash). Cleared when full.
 */
function resultKeysKept(): (r: QuoteResult) => ReadonlySet<string> {
  const kept = new Map<string, ReadonlySet<string>>();
  return (r) => {
    let keys = kept.get(r.id);
    if (!keys) {
      const own = new Set<string>();
      for (const word of tokenize(`${r.text} ${r.speaker ?? ''} ${r.source ?? ''}`)) {
        const key = processTerm(word);
        if (key !== null) own.add(key);
      }
      if (kept.size >= KEYS_KEPT) kept.clear();
      kept.set(r.id, (keys = own));
    }
    return keys;
  };
}
const KEYS_KEPT = 5_000;

/** The share of the query's words (by search key, as the engines match them) a result holds in its words, speaker or source. */
function coverage(keys: ReadonlySet<string>, own: ReadonlySet<string>): number {
  if (keys.size === 0) return 0;
  let n = 0;
  for (const k of keys) if (own.has(k)) n++;
  return n / keys.size;
}

/** Merges two ranked lists, keeping each one's order. */
function merge(words: string, shared: QuoteResult[], own: QuoteResult[], keysOf: (r: QuoteResult) => ReadonlySet<string>): QuoteResult[] {
  const keys = new Set(tokenize(words).map(processTerm).filter((w): w is string => w !== null));
  const a = shared.map((r) => coverage(keys, keysOf(r)));
  const b = own.map((r) => coverage(keys, keysOf(r)));
  const out: QuoteResult[] = [];
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

const marked = (r: QuoteResult): QuoteResult => ({ ...r, library: 'server' });

/** The shared search with a server's own texts beside it. */
export function mergedSearch(shared: QuoteSearch, own: QuoteSearch): QuoteSearch {
  const keysOf = resultKeysKept();
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
    suggestSources: (prefix, limit = 25) => interleave(shared.suggestSources(prefix, limit), own.suggestSources(prefix, limit), limit),
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
      const all = merge(s.words, s.results, ownResults, keysOf);
      return { ...s, results: all.slice(checked.offset, want), total: s.total + o.total, speaker: s.speaker ?? o.speaker, note: s.note ?? o.note };
    },
  };
}
