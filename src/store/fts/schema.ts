/**
 * The tables of the FTS5 /quote search, in the database file beside what src/store/search-store.ts and
 * check-source.ts write: the units (read back as results, so the corpus need not be in memory), their FTS5 rows
 * (one column per field, plus `who`: a speaker-id token such as s12, for speaker narrowing), each unit's term
 * vector and its reading (what the rerank reads, src/core/search/positions.ts), the speakers, the typo deletion
 * table and each key's champion list.
 */
import type Database from 'better-sqlite3';
import { INDEX_VERSION } from '../../core/search/search.js';

/**
 * Bumped when the schema or the keys change (of these tables, or of those src/store/search-store.ts and
 * check-source.ts write beside them); with INDEX_VERSION and the corpus hash it keys the file.
 */
export const FTS_VERSION = 8;

/** What qs_meta's stamp holds for a corpus: the file is valid for it and this code. */
export function stampOf(hash: string): string {
  return `${FTS_VERSION}:${INDEX_VERSION}:${hash}`;
}

/** A stamp written by this code, whatever the corpus. */
export function isOurStamp(stamp: string): boolean {
  return stamp.startsWith(`${FTS_VERSION}:${INDEX_VERSION}:`);
}

/**
 * bm25 column weights, in column order (text, context, source, speaker, who): the MiniSearch search's field
 * weights; the who column only narrows.
 */
export const COLUMN_WEIGHTS = [1, 0.15, 0.4, 0.3, 0];

/** FTS5's bm25 constants (fts5_aux.c). */
export const K1 = 1.2;
export const B = 0.75;

/** Drops the search's tables and creates them empty. */
export function createTables(db: Database.Database): void {
  db.exec(`
    DROP TABLE IF EXISTS qs_meta; DROP TABLE IF EXISTS qs_units; DROP TABLE IF EXISTS qs_fts;
    DROP TABLE IF EXISTS qs_vocab; DROP TABLE IF EXISTS qs_dels; DROP TABLE IF EXISTS qs_speakers; DROP TABLE IF EXISTS qs_champ;
    DROP TABLE IF EXISTS qs_read;
    CREATE TABLE qs_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE qs_units(rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, kind INTEGER NOT NULL, passage_id TEXT NOT NULL,
      speaker TEXT, doc_id TEXT NOT NULL, title TEXT NOT NULL, location TEXT NOT NULL, source TEXT, text TEXT NOT NULL, boost REAL NOT NULL, sid INTEGER NOT NULL,
      dl INTEGER NOT NULL, tv TEXT NOT NULL);
    -- Whether a speaker still has units, when an update (update.ts) removes some.
    CREATE INDEX qs_units_sid ON qs_units(sid);
    -- Apart from qs_units: read for the rerank's every candidate, it stays small (a unit's text spills over pages).
    CREATE TABLE qs_read(rowid INTEGER PRIMARY KEY, named INTEGER NOT NULL, reading TEXT NOT NULL);
    CREATE TABLE qs_speakers(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
    CREATE VIRTUAL TABLE qs_fts USING fts5(text, context, source, speaker, who, content='', tokenize='unicode61 remove_diacritics 0');
    CREATE TABLE qs_dels(del TEXT NOT NULL, term TEXT NOT NULL, PRIMARY KEY(del, term)) WITHOUT ROWID;
    CREATE TABLE qs_champ(term TEXT PRIMARY KEY, df INTEGER NOT NULL, data BLOB NOT NULL) WITHOUT ROWID;
  `);
}

/** The columns of qs_units a UnitRow holds. */
export const UNIT_COLUMNS = 'rowid, id, kind, passage_id, speaker, doc_id, title, location, source, text, boost';

/** A row of qs_units: a unit as results show it, its boost, and (kind) 1 for a quotation, 0 for a passage. */
export interface UnitRow {
  rowid: number;
  id: string;
  kind: number;
  passage_id: string;
  speaker: string | null;
  doc_id: string;
  title: string;
  location: string;
  source: string | null;
  text: string;
  boost: number;
}

/** A champion list as qs_champ stores it, one blob: n float64 weights, then n int32 rowids, then n int32 speaker ids. */
export function packChampions(list: { r: number; w: number; sid: number }[]): Buffer {
  const n = list.length;
  const buf = new ArrayBuffer(n * 16);
  const w = new Float64Array(buf, 0, n);
  const r = new Int32Array(buf, n * 8, n);
  const s = new Int32Array(buf, n * 12, n);
  list.forEach((e, i) => ((w[i] = e.w), (r[i] = e.r), (s[i] = e.sid)));
  return Buffer.from(buf);
}

export function unpackChampions(blob: Buffer): { w: Float64Array; r: Int32Array; s: Int32Array } {
  const n = blob.length / 16;
  const bytes = new Uint8Array(blob.length);
  bytes.set(blob); // aligned copy
  return { w: new Float64Array(bytes.buffer, 0, n), r: new Int32Array(bytes.buffer, n * 8, n), s: new Int32Array(bytes.buffer, n * 12, n) };
}
