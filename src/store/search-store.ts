/**
 * The persisted corpus and search index: data/search-index.json holds the parsed texts and the MiniSearch
 * index, keyed by the hash of corpus/ (and of the code that parses and indexes it) and carrying a checksum of
 * itself. An unchanged corpus starts from it without parsing; a changed corpus, or a file that is stale, edited
 * or cut short, is rebuilt, never trusted.
 *
 * A large corpus (FTS_THRESHOLD units or more) is searched with SQLite FTS5 instead (src/store/fts/):
 * MiniSearch's index would be too slow to load, too big for the heap and for one JSON string. Its tables and
 * the parsed texts go to data/search-fts.sqlite, stamped with the same hash; no JSON is written for it. Its
 * start-up reads neither the texts nor the index into memory: the texts are read from the file when something
 * first needs them (the argument checker), so /quote is ready as soon as corpus/ is hashed. It is verified
 * when opened and watched while in use (src/store/fts-damage.ts): a damaged one is rebuilt, never served.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { buildCorpus, deferredCorpus, type Corpus, type CorpusSize } from '../core/corpus/corpus.js';
import type { ParsedDocument } from '../core/types.js';
import { INDEX_VERSION, collectUnits, createQuoteSearch, type QuoteSearch, type Unit } from '../core/search/search.js';
import { corpusHash, parseCorpusFiles, readCorpusFiles } from './corpus-files.js';
import { CHAMPIONS, buildFtsIndex } from './fts/build.js';
import { createFtsQuoteSearch, openFtsQuoteSearch } from './fts/search.js';
import { ftsCheckSource, writeCheckTables } from './fts/check-source.js';
import type { CheckSource } from '../core/check/checker.js';
import { guardedCheckSource, guardedSearch, isDamage, verifyFts } from './fts-damage.js';

/** The corpus, its /quote search and, for a corpus held in a file, where argument checks read it from. */
export interface OpenedCorpus {
  corpus: Corpus;
  search: QuoteSearch;
  /** Absent: argument checks index the corpus in memory. */
  checkSource?: () => CheckSource;
}

/** From this many search units (quotations and passages) on, a corpus is searched with FTS5. */
export const FTS_THRESHOLD = 10_000;

export function indexPath(dataDir: string): string {
  return join(dataDir, 'search-index.json');
}

export function ftsPath(dataDir: string): string {
  return join(dataDir, 'search-fts.sqlite');
}

export interface OpenCorpusOptions {
  /** Units from which FTS5 is used (FTS_THRESHOLD unless a test says otherwise). */
  ftsThreshold?: number;
  /** Told how long each step of a build took (tools/bench/ingest.ts), in order. */
  onPhase?: (phase: string, ms: number) => void;
}

/** Times the steps of a build for OpenCorpusOptions.onPhase: each call to lap() ends one. */
function stopwatch(onPhase?: (phase: string, ms: number) => void): (phase: string) => void {
  if (!onPhase) return () => {};
  let t = performance.now();
  return (phase) => {
    const now = performance.now();
    onPhase(phase, now - t);
    t = now;
  };
}

/**
 * The FTS5 search and the corpus from data/search-fts.sqlite, or null when it is missing, not this corpus's, or
 * damaged: a file that fails SQLite's quick check is deleted (and rebuilt by the caller), never served.
 */
function loadFts(path: string, hash: string, log: Logger): OpenedCorpus | null {
  if (!existsSync(path)) return null;
  let db: Database.Database | null = null;
  try {
    db = openReadonly(path);
    const damage = verifyFts(db);
    if (damage) throw Object.assign(new Error(damage), { code: 'SQLITE_CORRUPT' });
    const search = openFtsQuoteSearch(db, hash);
    if (!search) {
      db.close();
      log.info({ path }, 'corpus changed; rebuilding the search index');
      return null;
    }
    const size = JSON.parse(db.prepare("SELECT value FROM qs_corpus WHERE key = 'size'").pluck().get() as string) as CorpusSize;
    // The texts stay in the file until something needs them (the argument checker, the CLI's listing).
    const file = db;
    const corpus = deferredCorpus(hash, size, () =>
      (file.prepare('SELECT json FROM qs_documents ORDER BY seq').pluck().all() as string[]).map((j) => JSON.parse(j) as ParsedDocument),
    );
    log.debug({ path, units: search.size, engine: 'fts5' }, 'search index loaded');
    return servedFrom(path, file, corpus, search, log);
  } catch (err) {
    db?.close();
    if (isDamage(err)) {
      log.warn({ path, err: (err as Error).message }, 'search index file damaged; deleting and rebuilding it');
      rmSync(path, { force: true });
    } else log.warn({ path, err: (err as Error).message }, 'persisted search index unreadable; rebuilding it');
    return null;
  }
}

/**
 * The search and check source over an FTS5 file, watched: should SQLite find it damaged while serving, the
 * error reaches the caller as an error (never a verdict) and the file is deleted, to be rebuilt at the next
 * start (not at once: at 100× a build takes half a minute). Exported for the fault tests.
 */
export function servedFrom(path: string, db: Database.Database, corpus: Corpus, search: QuoteSearch, log: Logger): OpenedCorpus {
  let marked = false;
  const onDamage = (err: Error) => {
    if (marked) return;
    marked = true;
    log.error({ path, err: err.message }, 'search index file damaged while in use; it is deleted and will be rebuilt at the next start');
    rmSync(path, { force: true });
  };
  return { corpus, search: guardedSearch(search, onDamage), checkSource: () => guardedCheckSource(() => ftsCheckSource(db), onDamage) };
}

/**
 * The index file for searching. It is never written in place (a new one is renamed over it), so the shared
 * lock is taken once and kept: otherwise every statement locks the file and checks it for changes again,
 * which is most of the time of a lookup by rowid.
 */
function openReadonly(path: string): Database.Database {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma('locking_mode = EXCLUSIVE');
  return db;
}

/** Writes the FTS5 tables and the parsed texts to a new file, then puts it in place (a crash leaves the old). */
function buildFts(corpus: Corpus, units: Map<string, Unit>, path: string, dataDir: string, lap: (phase: string) => void): void {
  mkdirSync(dataDir, { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  rmSync(tmp, { force: true });
  const db = new Database(tmp);
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.exec('CREATE TABLE qs_documents(seq INTEGER PRIMARY KEY, json TEXT NOT NULL)');
    db.exec('CREATE TABLE qs_corpus(key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    const ins = db.prepare('INSERT INTO qs_documents(seq, json) VALUES (?, ?)');
    db.transaction(() => corpus.documents.forEach((d, i) => ins.run(i, JSON.stringify(d))))();
    db.prepare("INSERT INTO qs_corpus(key, value) VALUES ('size', ?)").run(JSON.stringify(corpus.size));
    lap('texts');
    writeCheckTables(corpus, db);
    lap('check tables');
    buildFtsIndex(corpus, db, CHAMPIONS, units); // its stamp, written last, makes the file valid
    lap('search index');
    db.close();
    renameSync(tmp, path);
    lap('close');
  } catch (err) {
    if (db.open) db.close();
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** The checksum of search-index.json's payload, kept in its first line beside the key: verified before it is served. */
function checksum(payload: string): string {
  return createHash('sha256').update(payload).digest('hex');
}

interface Persisted {
  documents: ParsedDocument[];
  index: unknown;
}

/** Reads corpus/ and returns it parsed and searchable, from the persisted copy when it is current. */
export function openCorpus(
  corpusDir: string,
  dataDir: string,
  log: Logger,
  opts: OpenCorpusOptions = {},
): OpenedCorpus {
  const lap = stopwatch(opts.onPhase);
  const hash = corpusHash(corpusDir);
  lap('hash');
  const path = indexPath(dataDir);
  const key = `${INDEX_VERSION}:${hash}`;
  if (existsSync(path)) {
    try {
      const raw = readFileSync(path, 'utf8');
      const nl = raw.indexOf('\n');
      const [stamp, sum] = raw.slice(0, nl).split(' ');
      if (stamp === key) {
        const payload = raw.slice(nl + 1);
        if (sum !== checksum(payload)) throw new Error('its checksum does not match its contents (edited or cut short)');
        const saved = JSON.parse(payload) as Persisted;
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
  const fts = ftsPath(dataDir);
  const loaded = loadFts(fts, hash, log);
  if (loaded) return loaded;
  lap('looked for a persisted index');
  const files = readCorpusFiles(corpusDir);
  lap('read');
  const corpus = buildCorpus(parseCorpusFiles(files, log), hash);
  lap('parse');
  const unitMap = collectUnits(corpus);
  const units = unitMap.size;
  lap('units');
  if (units >= (opts.ftsThreshold ?? FTS_THRESHOLD)) {
    try {
      buildFts(corpus, unitMap, fts, dataDir, lap);
      rmSync(path, { force: true }); // a MiniSearch index of an earlier, smaller corpus
      const db = openReadonly(fts);
      const search = openFtsQuoteSearch(db, hash)!;
      lap('open');
      log.info({ path: fts, units, engine: 'fts5' }, 'search index built');
      return servedFrom(fts, db, corpus, search, log);
    } catch (err) {
      log.warn({ path: fts, err: (err as Error).message }, 'could not save the FTS5 search index; it will be rebuilt next start');
      return { corpus, search: createFtsQuoteSearch(corpus, new Database(':memory:')) };
    }
  }
  const search = createQuoteSearch(corpus);
  lap('search index');
  try {
    rmSync(fts, { force: true }); // an FTS5 index of an earlier, larger corpus
    mkdirSync(dataDir, { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    const persisted: Persisted = { documents: corpus.documents, index: search };
    const payload = JSON.stringify(persisted);
    writeFileSync(tmp, `${key} ${checksum(payload)}\n${payload}`);
    renameSync(tmp, path); // atomic: a crash never leaves half an index behind
    lap('persist');
    log.info({ path, units: search.size }, 'search index built');
  } catch (err) {
    log.warn({ path, err: (err as Error).message }, 'could not save the search index; it will be rebuilt next start');
  }
  return { corpus, search };
}
