/**
 * The persisted corpus and search index: data/search-index.json holds the parsed texts and the MiniSearch
 * index, keyed by the code that parses and indexes them and carrying a checksum of itself, with the state of
 * each entry of corpus/ it was built from (corpus-state.ts). At start-up only entries whose size or time changed
 * are read; only those whose content changed are parsed, and the index is updated for their texts alone (and
 * for texts whose speakers the corpus now names otherwise), then saved. A file that is stale, edited or cut
 * short is rebuilt, never trusted.
 *
 * A large corpus (FTS_THRESHOLD units or more) is searched with SQLite FTS5 instead (src/store/fts/):
 * MiniSearch's index would be too slow to load, too big for the heap and for one JSON string. Its tables, the
 * parsed texts and the entries' state go to data/search-fts.sqlite, updated in place the same way (fts/update.ts)
 * in one transaction. Its start-up reads neither the texts nor the index into memory: the texts are read from
 * the file when something first needs them (the argument checker), so /quote is ready as soon as corpus/ is
 * listed. It is verified when opened and watched while in use (src/store/fts-damage.ts): a damaged one is
 * rebuilt, never served. The file is in WAL mode: an update (while the bot runs, off its main thread:
 * fts-updater.ts; or another shard process's) commits while searches go on reading the state before it.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { buildCorpus, deferredCorpus, type Corpus, type CorpusSize } from '../core/corpus/corpus.js';
import type { ParsedDocument } from '../core/types.js';
import { INDEX_VERSION, collectUnits, createQuoteSearch, updatedIndex, type QuoteSearch, type Unit } from '../core/search/search.js';
import { nameCounts, namesFromCounts } from '../core/check/corpus-index.js';
import { codeFingerprint, corpusHashOf } from './corpus-files.js';
import { changed, renamingOf, scanCorpusChanges, statsChanged, touchedTexts, unitsOfTexts, type CorpusScan, type FileState } from './corpus-state.js';
import { CHAMPIONS, buildFtsIndex, refreshChampions } from './fts/build.js';
import { createFtsQuoteSearch, openFtsQuoteSearch } from './fts/search.js';
import { STALE_CHAMPIONS, updateFtsIndex } from './fts/update.js';
import { ftsCheckSource, updateCheckTables, writeCheckTables } from './fts/check-source.js';
import { updateNameCounts, writeNameCounts } from './fts/name-counts.js';
import { stampOf } from './fts/schema.js';
import type { CheckSource } from '../core/check/checker.js';
import { guardedCheckSource, guardedSearch, isDamage, verifyFts } from './fts-damage.js';

/** The corpus, its /quote search and, for a corpus held in a file, where argument checks read it from. */
export interface OpenedCorpus {
  corpus: Corpus;
  search: QuoteSearch;
  /** Absent: argument checks index the corpus in memory. */
  checkSource?: () => CheckSource;
  /** The state of corpus/ it was opened from (absent: not opened from corpus/). */
  files?: FileState[];
  /** Releases the file it is served from (absent: nothing held). */
  close?: () => void;
  /** The FTS5 file it is served from (absent: a corpus in memory). */
  ftsFile?: string;
  /**
   * Ends its read of the file and begins another: the file's WAL is written over from its start again only
   * once no reader is left on an older state. False when the file was changed meanwhile (another process's
   * update): it must be opened again (servedFts), not served on.
   */
  renew?: () => boolean;
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

/** What keys both persisted indexes besides the engine's own version: the code that parses and indexes corpus/. */
function codeKey(): string {
  return `files-${codeFingerprint()}`;
}

/**
 * The FTS5 search and the corpus from data/search-fts.sqlite, updated for what changed in corpus/, or null when
 * it is missing, not this code's, damaged, or the corpus changed to fewer than `threshold` units (a full build
 * then makes the MiniSearch index a build would): a file that fails SQLite's quick check is deleted (and
 * rebuilt by the caller), never served. Another process writing it longer than the wait allows: served as it
 * is (its entries' state says what to read again at the next change or rescan).
 */
function loadFts(path: string, corpusDir: string, threshold: number, log: Logger, lap: (phase: string) => void): OpenedCorpus | null {
  if (!existsSync(path)) return null;
  let db: Database.Database | null = null;
  try {
    db = openServing(path);
    const damage = verifyFts(db);
    if (damage) throw Object.assign(new Error(damage), { code: 'SQLITE_CORRUPT' });
    if (!isCurrent(db)) {
      db.close();
      log.info({ path }, 'code changed; rebuilding the search index');
      return null;
    }
    const stale = statsChanged(corpusDir, corpusValue<FileState[]>(db, 'files'));
    lap('hash');
    if (stale) {
      db.close();
      try {
        if (!updateFtsFile(path, corpusDir, threshold, log, lap)) return null;
      } catch (err) {
        if (!isBusy(err)) throw err;
        log.warn({ path }, 'another process is writing the search index; served as it is, updated at the next change');
      }
      lap('update');
    } else if (db.prepare("SELECT value FROM qs_meta WHERE key = 'champions'").pluck().get() === STALE_CHAMPIONS) {
      // Left stale by an update while the bot ran and not ranked again since: ranked again once, at this start.
      db.close();
      refreshFtsChampions(path);
      lap('champion lists');
      log.info({ path }, 'champion lists ranked again after an update');
    } else db.close();
    const opened = servedFts(path, log);
    log.debug({ path, units: opened.search.size, engine: 'fts5' }, 'search index loaded');
    return opened;
  } catch (err) {
    if (db?.open) db.close();
    if (isDamage(err)) {
      log.warn({ path, err: (err as Error).message }, 'search index file damaged; deleting and rebuilding it');
      removeFts(path);
    } else log.warn({ path, err: (err as Error).message }, 'persisted search index unreadable; rebuilding it');
    return null;
  }
}

/** Whether the file was written by this code (its stamp, written last by a build). */
function isCurrent(db: Database.Database): boolean {
  return db.prepare("SELECT value FROM qs_meta WHERE key = 'stamp'").pluck().get() === stampOf(codeKey());
}

/** Whether an error is SQLite's "database is locked" once the wait (busy_timeout) is over. */
export function isBusy(err: unknown): boolean {
  return /^SQLITE_BUSY/.test(String((err as { code?: unknown })?.code ?? ''));
}

/**
 * The corpus and search the FTS5 file holds now, served: texts read from the file when first needed, searches
 * on one state of it until replaced. Throws when the file is not this code's.
 */
export function servedFts(path: string, log: Logger): OpenedCorpus {
  const db = openServing(path);
  try {
    const search = openFtsQuoteSearch(db, codeKey());
    if (!search) throw new Error(`${path} was written by other code`);
    const files = corpusValue<FileState[]>(db, 'files');
    const size = corpusValue<CorpusSize>(db, 'size');
    // The texts stay in the file until something needs them (the argument checker, the CLI's listing).
    const corpus = deferredCorpus(corpusHashOf(files.map((f) => f.hash)), size, () => ftsDocuments(db, files));
    return { ...servedFrom(path, db, corpus, search, log), files };
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * Updates the FTS5 file for what changed in corpus/ since its entries' state, in one transaction (holding the
 * file's write lock: another process's update waits, then finds nothing left to do). False, with nothing
 * written, when a full build must be made instead: the file is not this code's, or the corpus would fall
 * under `threshold` units. Throws SQLITE_BUSY when another process held the lock longer than the wait.
 */
export function updateFtsFile(path: string, corpusDir: string, threshold: number, log: Logger, lap: (phase: string) => void = () => {}): boolean {
  const db = openWriter(path);
  try {
    return db.transaction(() => {
      if (!isCurrent(db)) return false;
      const before = corpusValue<FileState[]>(db, 'files');
      const scan = scanCorpusChanges(corpusDir, before, log);
      lap('read and parse');
      if (changed(scan)) return updateFts(db, before, scan, threshold, log, lap);
      // Touched but unchanged: its size and time are kept, so that it is not read again.
      if (statsChanged(corpusDir, before)) db.prepare("UPDATE qs_corpus SET value = ? WHERE key = 'files'").run(JSON.stringify(scan.files));
      return true;
    }).immediate();
  } finally {
    db.close();
  }
}

/** Ranks the champion lists again after updates (build.ts refreshChampions), unless done already. */
export function refreshFtsChampions(path: string): void {
  const db = openWriter(path);
  try {
    db.transaction(() => {
      if (db.prepare("SELECT value FROM qs_meta WHERE key = 'champions'").pluck().get() === STALE_CHAMPIONS) refreshChampions(db);
    }).immediate();
  } finally {
    db.close();
  }
}

/**
 * Copies the file's WAL into it as far as every reader allows (once a served corpus has moved to the state
 * an update left, all of it): what lets the WAL be written over from its start again, rather than grow.
 */
export function checkpointFts(path: string): void {
  const db = openWriter(path);
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } finally {
    db.close();
  }
}

function corpusValue<T>(db: Database.Database, key: string): T {
  return JSON.parse(db.prepare('SELECT value FROM qs_corpus WHERE key = ?').pluck().get(key) as string) as T;
}

/** The parsed texts (as parsed: buildCorpus names their speakers) in the file, entry by entry in corpus/ order. */
function ftsDocuments(db: Database.Database, files: readonly FileState[]): ParsedDocument[] {
  const byFile = new Map<string, ParsedDocument[]>();
  for (const { file, json } of db.prepare('SELECT file, json FROM qs_documents ORDER BY seq').all() as { file: string; json: string }[]) {
    const list = byFile.get(file);
    const doc = JSON.parse(json) as ParsedDocument;
    if (list) list.push(doc);
    else byFile.set(file, [doc]);
  }
  return files.flatMap((f) => byFile.get(f.name) ?? []);
}

/**
 * The texts of `scan` and the units that change from the texts before it: those of entries new, changed or
 * gone, and of texts whose speakers the corpus now names otherwise (corpus-state.ts), old and new.
 */
function changedUnits(before: readonly FileState[], documentsBefore: ParsedDocument[], scan: CorpusScan) {
  const names = renamingOf(before, scan);
  const touched = touchedTexts(scan, names);
  const byFile = new Map<string, ParsedDocument[]>();
  let at = 0;
  for (const f of before) byFile.set(f.name, documentsBefore.slice(at, (at += f.documents.length)));
  const documents = scan.files.flatMap((f) => scan.parsed.get(f.name) ?? byFile.get(f.name) ?? []);
  const isTouched = (d: ParsedDocument) => touched.has(d.meta.id);
  const removed = unitsOfTexts(documentsBefore.filter(isTouched), names.was);
  const added = unitsOfTexts(documents.filter(isTouched), names.now);
  return { documents, removed, added };
}

/** What the log says of an update. */
function updateSummary(scan: CorpusScan, removed: number, added: number) {
  const parsed = new Set(scan.parsed.keys());
  return {
    read: [...parsed],
    gone: scan.replaced.filter((f) => !parsed.has(f.name)).map((f) => f.name),
    unitsRemoved: removed,
    unitsAdded: added,
  };
}

/**
 * Updates the FTS5 file for `scan` in the caller's transaction: the texts, the search tables and the check tables
 * of the texts that changed, read from the file alone (no other text is). False (nothing written) when the
 * corpus would fall under `threshold` units.
 */
function updateFts(db: Database.Database, before: FileState[], scan: CorpusScan, threshold: number, log: Logger, lap: (phase: string) => void): boolean {
  const names = renamingOf(before, scan);
  const touched = touchedTexts(scan, names);
  const isTouched = (d: ParsedDocument) => touched.has(d.meta.id);
  const stored = db.prepare('SELECT json FROM qs_documents WHERE file = ? ORDER BY seq').pluck();
  const storedOf = (name: string) => (stored.all(name) as string[]).map((json) => JSON.parse(json) as ParsedDocument);
  // Texts before (in corpus/ order): those of entries gone or changed, and those named otherwise now.
  const gone = new Set(scan.replaced.map((f) => f.name));
  const renamed = new Map<string, ParsedDocument[]>();
  for (const f of before) {
    if (gone.has(f.name) || f.documents.some((id) => touched.has(id))) renamed.set(f.name, storedOf(f.name).filter(isTouched));
  }
  const old = [...renamed.values()].flat();
  const now = scan.files.flatMap((f) => scan.parsed.get(f.name) ?? renamed.get(f.name) ?? []).filter(isTouched);
  lap('texts read');
  const removed = unitsOfTexts(old, names.was);
  const added = unitsOfTexts(now, names.now);
  lap('units');
  const units = Number(db.prepare("SELECT value FROM qs_meta WHERE key = 'size'").pluck().get());
  if (units - removed.units.size + added.units.size < threshold) return false;
  updateFtsIndex(db, removed, added);
  lap('search tables');
  const delDocs = db.prepare('DELETE FROM qs_documents WHERE file = ?');
  for (const f of scan.replaced) delDocs.run(f.name);
  const insDoc = db.prepare('INSERT INTO qs_documents(seq, file, json) VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM qs_documents), ?, ?)');
  for (const [name, docs] of scan.parsed) for (const d of docs) insDoc.run(name, JSON.stringify(d));
  lap('texts written');
  const context = updateNameCounts(db, removed.texts, added.texts);
  lap('names');
  updateCheckTables(db, removed.texts, added.texts, context);
  lap('check tables');
  const size = corpusValue<CorpusSize>(db, 'size');
  const quotations = (docs: ParsedDocument[]) => docs.reduce((n, d) => n + d.quotations.length, 0);
  size.documents += now.length - old.length;
  size.quotations += quotations(now) - quotations(old);
  const setCorpus = db.prepare('INSERT OR REPLACE INTO qs_corpus(key, value) VALUES (?, ?)');
  setCorpus.run('size', JSON.stringify(size));
  setCorpus.run('files', JSON.stringify(scan.files));
  log.info({ path: db.name, ...updateSummary(scan, removed.units.size, added.units.size), engine: 'fts5' }, 'search index updated');
  return true;
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
  const version = () => db.pragma('data_version', { simple: true }) as number;
  return {
    corpus,
    search: guardedSearch(search, onDamage),
    checkSource: () => guardedCheckSource(() => ftsCheckSource(db), onDamage),
    close: () => db.close(),
    ftsFile: path,
    renew: () => {
      const was = version();
      db.exec('COMMIT');
      beginRead(db);
      return version() === was;
    },
  };
}

/**
 * The index file for searching: one read transaction, held until the corpus is replaced (or renewed), so
 * searches read one state of the file whatever an update commits meanwhile, and no statement locks the file
 * and looks for changes again (most of the time of a lookup by rowid otherwise).
 */
export function openServing(path: string): Database.Database {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  beginRead(db);
  return db;
}

function beginRead(db: Database.Database): void {
  db.exec('BEGIN');
  db.prepare('SELECT 1 FROM sqlite_schema LIMIT 1').get(); // the read begins at the first statement
}

/**
 * The index file for writing, in WAL mode (readers go on reading while it is written). An update waits up to
 * this long for another process's to end: one takes a few seconds at 100×.
 */
function openWriter(path: string): Database.Database {
  const db = new Database(path, { fileMustExist: true });
  db.pragma('busy_timeout = 30000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL'); // a crash loses at most the last update, which the next start makes again
  return db;
}

/** Deletes the FTS5 file and its WAL: a WAL must never meet another file of the same name. */
function removeFts(path: string): void {
  rmSync(path, { force: true });
  removeWal(path);
}

function removeWal(path: string): void {
  for (const f of [`${path}-wal`, `${path}-shm`]) rmSync(f, { force: true });
}

/** Writes the FTS5 tables, the parsed texts and the entries' state to a new file, then puts it in place (a crash leaves the old). */
function buildFts(corpus: Corpus, texts: BuiltTexts, units: Map<string, Unit>, path: string, dataDir: string, lap: (phase: string) => void): void {
  mkdirSync(dataDir, { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  rmSync(tmp, { force: true });
  const db = new Database(tmp);
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.exec('CREATE TABLE qs_documents(seq INTEGER PRIMARY KEY, file TEXT NOT NULL, json TEXT NOT NULL)');
    db.exec('CREATE INDEX qs_documents_file ON qs_documents(file)');
    db.exec('CREATE TABLE qs_corpus(key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    const ins = db.prepare('INSERT INTO qs_documents(seq, file, json) VALUES (?, ?, ?)');
    db.transaction(() => texts.raw.forEach((json, i) => ins.run(i, texts.fileOf[i], json)))();
    db.prepare("INSERT INTO qs_corpus(key, value) VALUES ('size', ?)").run(JSON.stringify(corpus.size));
    db.prepare("INSERT INTO qs_corpus(key, value) VALUES ('files', ?)").run(JSON.stringify(texts.files));
    lap('texts');
    const counts = nameCounts(corpus.documents);
    writeCheckTables(corpus, db, namesFromCounts(counts));
    writeNameCounts(db, counts);
    lap('check tables');
    buildFtsIndex(corpus, db, CHAMPIONS, units, codeKey()); // its stamp, written last, makes the file valid
    lap('search index');
    db.pragma('journal_mode = WAL');
    db.close();
    // The old file's WAL, if any (a process that ended without copying it in), is not this file's.
    removeWal(path);
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

/** search-index.json's payload: the entries' state, the texts as parsed (in corpus/ order), the index. */
interface Persisted {
  files: FileState[];
  documents: ParsedDocument[];
  index: unknown;
}

/** The texts of a build as they are saved: as parsed (JSON, before buildCorpus names speakers), with their entries. */
interface BuiltTexts {
  files: FileState[];
  raw: string[];
  /** The entry each text came from. */
  fileOf: string[];
}

function builtTexts(files: FileState[], documents: ParsedDocument[]): BuiltTexts {
  const fileOf = files.flatMap((f) => f.documents.map(() => f.name));
  return { files, raw: documents.map((d) => JSON.stringify(d)), fileOf };
}

/** search-index.json when it is this code's and intact; null (said why) otherwise. */
function readJsonIndex(path: string, key: string, log: Logger): Persisted | null {
  if (!existsSync(path)) return null;
  try {
    const raw = readFileSync(path, 'utf8');
    const nl = raw.indexOf('\n');
    const [stamp, sum] = raw.slice(0, nl).split(' ');
    if (stamp !== key) {
      log.info({ path }, 'code changed; rebuilding the search index');
      return null;
    }
    const payload = raw.slice(nl + 1);
    if (sum !== checksum(payload)) throw new Error('its checksum does not match its contents (edited or cut short)');
    return JSON.parse(payload) as Persisted;
  } catch (err) {
    log.warn({ path, err: (err as Error).message }, 'persisted search index unreadable; rebuilding it');
    return null;
  }
}

/** Writes search-index.json (atomically: a crash never leaves half an index behind); false when it could not. */
function writeJsonIndex(path: string, dataDir: string, key: string, texts: BuiltTexts, search: QuoteSearch, log: Logger): boolean {
  try {
    mkdirSync(dataDir, { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    const payload = `{"files":${JSON.stringify(texts.files)},"documents":[${texts.raw.join(',')}],"index":${JSON.stringify(search)}}`;
    writeFileSync(tmp, `${key} ${checksum(payload)}\n${payload}`);
    renameSync(tmp, path);
    return true;
  } catch (err) {
    log.warn({ path, err: (err as Error).message }, 'could not save the search index; it will be rebuilt next start');
    return false;
  }
}

/**
 * The MiniSearch index of `saved` updated for `scan` and saved, or null when the corpus grew to `threshold`
 * units (a full build then makes the FTS5 file a build would).
 */
function updateJson(saved: Persisted, scan: CorpusScan, threshold: number, path: string, dataDir: string, key: string, log: Logger): OpenedCorpus | null {
  const { documents, removed, added } = changedUnits(saved.files, saved.documents, scan);
  const before = (saved.index as { documentCount: number }).documentCount;
  if (before - removed.units.size + added.units.size >= threshold) return null;
  const texts = builtTexts(scan.files, documents);
  const index = updatedIndex(saved.index, removed, added);
  const corpus = buildCorpus(documents, scan.hash);
  const search = createQuoteSearch(corpus, index);
  if (writeJsonIndex(path, dataDir, key, texts, search, log)) {
    log.info({ path, ...updateSummary(scan, removed.units.size, added.units.size) }, 'search index updated');
  }
  return { corpus, search, files: scan.files };
}

/** Reads corpus/ and returns it parsed and searchable, from the persisted copy, updated for what changed. */
export function openCorpus(
  corpusDir: string,
  dataDir: string,
  log: Logger,
  opts: OpenCorpusOptions = {},
): OpenedCorpus {
  const lap = stopwatch(opts.onPhase);
  const threshold = opts.ftsThreshold ?? FTS_THRESHOLD;
  const path = indexPath(dataDir);
  const key = `${INDEX_VERSION}:${codeKey()}`;
  const saved = readJsonIndex(path, key, log);
  if (saved) {
    const scan = scanCorpusChanges(corpusDir, saved.files, log);
    lap('hash');
    if (!changed(scan)) {
      const corpus = buildCorpus(saved.documents, scan.hash);
      const search = createQuoteSearch(corpus, saved.index);
      log.debug({ path, units: search.size }, 'search index loaded');
      return { corpus, search, files: scan.files };
    }
    const updated = updateJson(saved, scan, threshold, path, dataDir, key, log);
    if (updated) return updated;
  }
  const fts = ftsPath(dataDir);
  const loaded = loadFts(fts, corpusDir, threshold, log, lap);
  if (loaded) return loaded;
  lap('looked for a persisted index');
  const scan = scanCorpusChanges(corpusDir, [], log);
  lap('read and parse');
  const documents = scan.files.flatMap((f) => scan.parsed.get(f.name) ?? []);
  const texts = builtTexts(scan.files, documents);
  const corpus = buildCorpus(documents, scan.hash);
  const unitMap = collectUnits(corpus);
  const units = unitMap.size;
  lap('units');
  if (units >= threshold) {
    try {
      buildFts(corpus, texts, unitMap, fts, dataDir, lap);
      rmSync(path, { force: true }); // a MiniSearch index of an earlier, smaller corpus
      const db = openServing(fts);
      const search = openFtsQuoteSearch(db, codeKey())!;
      lap('open');
      log.info({ path: fts, units, engine: 'fts5' }, 'search index built');
      return { ...servedFrom(fts, db, corpus, search, log), files: texts.files };
    } catch (err) {
      log.warn({ path: fts, err: (err as Error).message }, 'could not save the FTS5 search index; it will be rebuilt next start');
      return { corpus, search: createFtsQuoteSearch(corpus, new Database(':memory:')), files: texts.files };
    }
  }
  const search = createQuoteSearch(corpus);
  lap('search index');
  removeFts(fts); // an FTS5 index of an earlier, larger corpus
  if (writeJsonIndex(path, dataDir, key, texts, search, log)) {
    lap('persist');
    log.info({ path, units: search.size }, 'search index built');
  }
  return { corpus, search, files: texts.files };
}
