/**
 * The persisted corpus and search index: data/search-index.json holds the parsed texts and the MiniSearch
 * index, keyed by the hash of corpus/ (and of the code that parses and indexes it). An unchanged corpus
 * starts from it without parsing; a changed corpus, or a corrupt or stale file, is rebuilt, never trusted.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { buildCorpus, type Corpus } from './core/corpus/corpus.js';
import type { ParsedDocument } from './core/types.js';
import { INDEX_VERSION, createQuoteSearch, type QuoteSearch } from './core/search/search.js';
import { corpusHash, parseCorpusFiles, readCorpusFiles } from './corpus-files.js';

export function indexPath(dataDir: string): string {
  return join(dataDir, 'search-index.json');
}

interface Persisted {
  documents: ParsedDocument[];
  index: unknown;
}

/** Reads corpus/ and returns it parsed and searchable, from the persisted copy when it is current. */
export function openCorpus(corpusDir: string, dataDir: string, log: Logger): { corpus: Corpus; search: QuoteSearch } {
  const files = readCorpusFiles(corpusDir);
  const hash = corpusHash(files);
  const path = indexPath(dataDir);
  const key = `${INDEX_VERSION}:${hash}`;
  if (existsSync(path)) {
    try {
      const raw = readFileSync(path, 'utf8');
      const nl = raw.indexOf('\n');
      if (raw.slice(0, nl) === key) {
        const saved = JSON.parse(raw.slice(nl + 1)) as Persisted;
        const corpus = buildCorpus(saved.documents, hash);
        const search = createQuoteSearch(corpus, saved.index);
        log.debug({ path, units: search.size }, 'search index loaded');
        return { corpus, search };
      }
      log.info({ path }, 'corpus changed; rebuilding the search index');
    } catch (err) {
      log.warn({ path, err: (err as Error).message }, 'persisted search index unreadable; rebuilding it');
    }
  }
  const corpus = buildCorpus(parseCorpusFiles(files, log), hash);
  const search = createQuoteSearch(corpus);
  try {
    mkdirSync(dataDir, { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    const persisted: Persisted = { documents: corpus.documents, index: search };
    writeFileSync(tmp, `${key}\n${JSON.stringify(persisted)}`);
    renameSync(tmp, path); // atomic: a crash never leaves half an index behind
    log.info({ path, units: search.size }, 'search index built');
  } catch (err) {
    log.warn({ path, err: (err as Error).message }, 'could not save the search index; it will be rebuilt next start');
  }
  return { corpus, search };
}
