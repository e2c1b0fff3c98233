/**
 * The persisted search index: data/search-index.json, keyed by the corpus hash. An unchanged corpus loads
 * it; a changed corpus, or a corrupt or stale file, is rebuilt and saved again, never trusted.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Corpus } from './core/corpus/corpus.js';
import { INDEX_VERSION, createQuoteSearch, type QuoteSearch } from './core/search/search.js';

export function indexPath(dataDir: string): string {
  return join(dataDir, 'search-index.json');
}

export function openQuoteSearch(corpus: Corpus, dataDir: string, log: Logger): QuoteSearch {
  const path = indexPath(dataDir);
  const key = `${INDEX_VERSION}:${corpus.hash}`;
  if (existsSync(path)) {
    try {
      const raw = readFileSync(path, 'utf8');
      const nl = raw.indexOf('\n');
      if (raw.slice(0, nl) === key) {
        const search = createQuoteSearch(corpus, raw.slice(nl + 1));
        log.debug({ path, units: search.size }, 'search index loaded');
        return search;
      }
      log.info({ path }, 'corpus changed; rebuilding the search index');
    } catch (err) {
      log.warn({ path, err: (err as Error).message }, 'persisted search index unreadable; rebuilding it');
    }
  }
  const search = createQuoteSearch(corpus);
  try {
    mkdirSync(dataDir, { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, `${key}\n${JSON.stringify(search)}`);
    renameSync(tmp, path); // atomic: a crash never leaves half an index behind
    log.info({ path, units: search.size }, 'search index built');
  } catch (err) {
    log.warn({ path, err: (err as Error).message }, 'could not save the search index; it will be rebuilt next start');
  }
  return search;
}
