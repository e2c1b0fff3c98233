/**
 * /quote search on SQLite FTS5 instead of an in-memory MiniSearch index, for large corpora (src/store/search-store.ts
 * uses it from FTS_THRESHOLD units on).
 *
 * The same units as src/core/search/search.ts (quotations + passages not wholly quoted), the same keys
 * (processTerm from terms.ts: one key per word), the same field weights (bm25 column weights text 1,
 * context 0.15, source 0.4, speaker 0.3), the same unit boost (attributed quotations first) and the same
 * "no passage twice" rule, behind the same QuoteSearch interface. What differs:
 *   - the index lives in the database file: start-up opens it (no JSON to parse, nothing on the heap but the
 *     speaker registry), and results are read from a units table, so the corpus need not be in memory;
 *   - all the words must match first (AND); only when that gives too few results do units matching some of
 *     them follow (OR) — MiniSearch's "score × number of terms matched" has the same effect at the top;
 *   - a typo: a key the corpus does not hold is replaced by the keys within one edit of it (MiniSearch's fuzzy
 *     0.2 on keys of at most seven letters), found through a deletion table built from fts5vocab;
 *   - speaker narrowing is a column filter on a speaker-id token (who: s12), resolved by SpeakerRegistry;
 *   - per query, work that does not grow with the corpus: each key's champion list (its best units, built
 *     with the index) is scored instead of every match; units holding the words are scored one by one from
 *     their stored term vectors when the lists fall short; the full bm25 query is the last resort.
 * Units, boosts and the request handling (checks, speaker resolution, fallback) are search.ts's own; only
 * ranking, and diversifying rows rather than units, are this engine's.
 */
import type Database from 'better-sqlite3';
import type { Corpus } from '../core/corpus/corpus.js';
import type { QuoteResult } from '../core/types.js';
import { editDistance } from '../core/text.js';
import { INDEX_VERSION, collectUnits, runSearch, unitBoost, type QuoteSearch, type SearchResponse, type Unit } from '../core/search/search.js';
import { processTerm, tokenize } from '../core/search/terms.js';
import { SpeakerRegistry, type SpeakerMatch } from '../core/search/speakers.js';

/**
 * Bumped when the schema or the keys change (of this file's tables, or of those src/store/search-store.ts and
 * src/store/check-fts.ts write beside them); with INDEX_VERSION and the corpus hash it keys the file.
 */
export const FTS_VERSION = 5;

/**
 * Champion lists: for each key, the units it scores highest in (per-key bm25 × unit boost), at most this many,
 * computed at build time. A query scores the union of its keys' lists only; a key found in more units than its
 * list holds makes the lists incomplete, and too few results from incomplete lists fall back to the full query.
 */
export const CHAMPIONS = 500;

/** bm25 column weights, in column order (text, context, source, speaker, who). */
const COLUMN_WEIGHTS = [1, 0.15, 0.4, 0.3, 0];
const WEIGHTS = COLUMN_WEIGHTS.join(', ');
/** A total above this is reported as "more than": counting every match of a common word costs time. */
const COUNT_CAP = 1000;
/** Units holding every word, up to this many, are scored one by one when the champion lists fall short. */
const EXACT_CAP = 300;
/** When more hold them, at most this many of the rarest word's list are checked for the other words. */
const RAREST_CHECKS = 150;
/** …and when that finds too few, all the units holding them are scored if there are at most this many. */
const EXACT_MAX = 1500;


interface UnitRow {
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

function stampOf(hash: string): string {
  return `${FTS_VERSION}:${INDEX_VERSION}:${hash}`;
}

/** Builds the FTS5 search over a corpus in db (or reuses the tables when they already hold this corpus). */
export function createFtsQuoteSearch(corpus: Corpus, db: Database.Database): QuoteSearch {
  return openFtsQuoteSearch(db, corpus.hash) ?? (buildFtsIndex(corpus, db), openFtsQuoteSearch(db, corpus.hash)!);
}

/**
 * Writes the tables for a corpus, replacing any there were, in one transaction. One pass over the units writes
 * them, their FTS5 rows and their term vectors, and keeps each key's postings in memory; each key's champion
 * list is then ranked from those with FTS5's own bm25 formula (championList), as the bm25 query per key that it
 * replaces ranked it (that query was most of the build: 5 s of 17 at 100×, and the keys took the rest).
 * `units` saves collecting them again when the caller has.
 */
export function buildFtsIndex(
  corpus: Corpus,
  db: Database.Database,
  champions = CHAMPIONS,
  units: Map<string, Unit> = collectUnits(corpus),
): void {
  const passageText = new Map(corpus.passages.map((p) => [p.id, p.text]));
  db.exec(`
    DROP TABLE IF EXISTS qs_meta; DROP TABLE IF EXISTS qs_units; DROP TABLE IF EXISTS qs_fts;
    DROP TABLE IF EXISTS qs_vocab; DROP TABLE IF EXISTS qs_dels; DROP TABLE IF EXISTS qs_speakers; DROP TABLE IF EXISTS qs_champ;
    CREATE TABLE qs_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE qs_units(rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, kind INTEGER NOT NULL, passage_id TEXT NOT NULL,
      speaker TEXT, doc_id TEXT NOT NULL, title TEXT NOT NULL, location TEXT NOT NULL, source TEXT, text TEXT NOT NULL, boost REAL NOT NULL, sid INTEGER NOT NULL,
      dl INTEGER NOT NULL, tv TEXT NOT NULL);
    CREATE TABLE qs_speakers(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
    CREATE VIRTUAL TABLE qs_fts USING fts5(text, context, source, speaker, who, content='', tokenize='unicode61 remove_diacritics 0');
    CREATE TABLE qs_dels(del TEXT NOT NULL, term TEXT NOT NULL, PRIMARY KEY(del, term)) WITHOUT ROWID;
    CREATE TABLE qs_champ(term TEXT PRIMARY KEY, df INTEGER NOT NULL, data BLOB NOT NULL) WITHOUT ROWID;
  `);
  const insUnit = db.prepare(
    'INSERT INTO qs_units(rowid, id, kind, passage_id, speaker, doc_id, title, location, source, text, boost, sid, dl, tv) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)',
  );
  const insFts = db.prepare('INSERT INTO qs_fts(rowid, text, context, source, speaker, who) VALUES (?,?,?,?,?,?)');
  const insSpeaker = db.prepare('INSERT INTO qs_speakers(id, name) VALUES (?, ?)');
  const speakerIds = new Map<string, number>();
  // Per unit (by rowid): its length, boost and speaker id; per key: the units holding it and its weighted frequency there.
  const n = units.size;
  const dls = new Int32Array(n + 1);
  const boosts = new Float64Array(n + 1);
  const sids = new Int32Array(n + 1);
  const terms = new Map<string, Term>();
  /** Each word's key, as its Term (null: a stop word or noise), looked up once per distinct word. */
  const byWord = new Map<string, Term | null>();
  const termOf = (word: string): Term | null => {
    let t = byWord.get(word);
    if (t === undefined) {
      const key = processTerm(word);
      t = null;
      if (key) {
        t = terms.get(key) ?? null;
        if (!t) terms.set(key, (t = { key, postings: new Postings(), row: 0, slot: 0 }));
      }
      byWord.set(word, t);
    }
    return t;
  };
  /** A frequency as the term vector writes it (few distinct values: sums of the column weights). */
  const written = new Map<number, string>();
  const write = (f: number): string => {
    let s = written.get(f);
    if (s === undefined) written.set(f, (s = String(+f.toFixed(4))));
    return s;
  };
  let tokens = 0;
  db.transaction(() => {
    let rowid = 0;
    for (const [id, u] of units) {
      rowid++;
      const speaker = u.kind === 'quotation' ? u.q.speaker : u.p.speaker;
      let sid = 0;
      if (speaker) {
        sid = speakerIds.get(speaker) ?? 0;
        if (!sid) {
          sid = speakerIds.size + 1;
          speakerIds.set(speaker, sid);
          insSpeaker.run(sid, speaker);
        }
      }
      const who = sid ? `s${sid}` : '';
      const docId = u.kind === 'quotation' ? u.q.documentId : u.p.documentId;
      const title = corpus.document(docId)?.meta.title ?? docId;
      const text = u.kind === 'quotation' ? u.q.text : u.p.text;
      const source = u.kind === 'quotation' ? u.q.source : null;
      const context = u.kind === 'quotation' ? passageText.get(u.q.passageId)?.replace(u.q.text, ' ') ?? '' : '';
      const location = u.kind === 'quotation' ? u.q.location : u.p.location;
      const passageId = u.kind === 'quotation' ? u.q.passageId : u.parent;
      // Each column's keys, and the unit's term vector: each key's column-weighted frequency, summed in the
      // order bm25 sums it (column by column, word by word), and the unit's length (every token, the who
      // column's too). Keys in the order they first occur.
      const fields = [text, context, source, speaker];
      const columns = ['', '', '', ''];
      const held: Term[] = [];
      const freq: number[] = [];
      let dl = who ? 1 : 0;
      for (let c = 0; c < fields.length; c++) {
        const field = fields[c];
        if (!field) continue;
        const weight = COLUMN_WEIGHTS[c];
        let keys = '';
        for (const word of tokenize(field)) {
          const t = termOf(word);
          if (!t) continue;
          keys = keys ? `${keys} ${t.key}` : t.key;
          dl++;
          if (t.row !== rowid) {
            t.row = rowid;
            t.slot = held.length;
            held.push(t);
            freq.push(0 + weight);
          } else freq[t.slot] += weight;
        }
        columns[c] = keys;
      }
      tokens += dl;
      let tv = '';
      for (let i = 0; i < held.length; i++) {
        tv += ` ${held[i].key}:${write(freq[i])}`;
        held[i].postings.add(rowid, freq[i]);
      }
      const boost = unitBoost(u);
      dls[rowid] = dl;
      boosts[rowid] = boost;
      sids[rowid] = sid;
      insUnit.run(rowid, id, u.kind === 'quotation' ? 1 : 0, passageId, speaker, docId, title, location, source, text, boost, sid, dl, tv || ' ');
      insFts.run(rowid, columns[0], columns[1], columns[2], columns[3], who);
    }
    db.exec(`INSERT INTO qs_fts(qs_fts) VALUES ('optimize')`);
    const insDel = db.prepare('INSERT OR IGNORE INTO qs_dels(del, term) VALUES (?, ?)');
    const insChamp = db.prepare('INSERT INTO qs_champ(term, df, data) VALUES (?, ?, ?)');
    // IDF as FTS5's bm25 computes it, with the same C library's log (SQLite's ln).
    const ln = db.prepare('SELECT ln(?) AS v').pluck();
    const avgdl = tokens / n;
    const norm = (dl: number) => K1 * (1 - B + (B * dl) / avgdl);
    for (const term of [...terms.keys()].sort()) {
      if (/^s\d+$/.test(term)) continue; // speaker ids' shape, not words (the who column holds them)
      // Typo candidates: every key and its one-letter deletions (symmetric deletion).
      if (term.length < 4) insDel.run(term, term);
      else for (const d of deletions(term)) insDel.run(d, term);
      const p = terms.get(term)!.postings;
      let idf = ln.get((n - p.n + 0.5) / (p.n + 0.5)) as number | null;
      if (idf === null || idf <= 0) idf = 1e-6;
      const list = championList(p, champions, (r, f) => idf * ((f * (K1 + 1.0)) / (f + norm(dls[r]))) * boosts[r]);
      insChamp.run(term, p.n, packChampions(list.map(({ r, w }) => ({ r, w, sid: sids[r] }))));
    }
    const meta = db.prepare('INSERT INTO qs_meta(key, value) VALUES (?, ?)');
    meta.run('size', String(n));
    meta.run('avgdl', String(n ? tokens / n : 1));
    meta.run('stamp', stampOf(corpus.hash));
  })();
}

/** FTS5's bm25 constants (fts5_aux.c). */
const K1 = 1.2;
const B = 0.75;

/** A key while the index is built: the units holding it, and its slot in the term vector of the unit being read. */
interface Term {
  key: string;
  postings: Postings;
  /** The unit that last held it, and where in that unit's vector. */
  row: number;
  slot: number;
}

/** The units holding a key, in rowid order, and its column-weighted frequency in each. */
class Postings {
  rows = new Int32Array(4);
  freqs = new Float64Array(4);
  n = 0;
  add(rowid: number, f: number): void {
    if (this.n === this.rows.length) {
      const rows = new Int32Array(this.n * 2);
      rows.set(this.rows);
      this.rows = rows;
      const freqs = new Float64Array(this.n * 2);
      freqs.set(this.freqs);
      this.freqs = freqs;
    }
    this.rows[this.n] = rowid;
    this.freqs[this.n++] = f;
  }
}

/**
 * A key's champion list: the units where its weight (what it adds to a unit's score in a query: its bm25 alone,
 * over the same columns, times the unit's boost) is highest, at most `max`, best first, ties by rowid — as
 * `ORDER BY -bm25(…) * boost DESC, rowid LIMIT max` over FTS5 gives them.
 */
function championList(p: Postings, max: number, weight: (rowid: number, f: number) => number): { r: number; w: number }[] {
  const w = new Float64Array(p.n);
  for (let i = 0; i < p.n; i++) w[i] = weight(p.rows[i], p.freqs[i]);
  // Only units weighing at least the max-th weight can be in the list.
  let floor = -Infinity;
  if (p.n > max) floor = Float64Array.from(w).sort()[p.n - max];
  const list: { r: number; w: number }[] = [];
  for (let i = 0; i < p.n; i++) if (w[i] >= floor) list.push({ r: p.rows[i], w: w[i] });
  list.sort((a, b) => b.w - a.w || a.r - b.r);
  if (list.length > max) list.length = max;
  return list;
}

/** A champion list as one blob: n float64 weights, then n int32 rowids, then n int32 speaker ids. */
function packChampions(list: { r: number; w: number; sid: number }[]): Buffer {
  const n = list.length;
  const buf = new ArrayBuffer(n * 16);
  const w = new Float64Array(buf, 0, n);
  const r = new Int32Array(buf, n * 8, n);
  const s = new Int32Array(buf, n * 12, n);
  list.forEach((e, i) => ((w[i] = e.w), (r[i] = e.r), (s[i] = e.sid)));
  return Buffer.from(buf);
}

function unpackChampions(blob: Buffer): { w: Float64Array; r: Int32Array; s: Int32Array } {
  const n = blob.length / 16;
  const bytes = new Uint8Array(blob.length);
  bytes.set(blob); // aligned copy
  return { w: new Float64Array(bytes.buffer, 0, n), r: new Int32Array(bytes.buffer, n * 8, n), s: new Int32Array(bytes.buffer, n * 12, n) };
}

/** The key itself and every string one deletion away from it. */
function deletions(term: string): string[] {
  const out = [term];
  for (let i = 0; i < term.length; i++) out.push(term.slice(0, i) + term.slice(i + 1));
  return out;
}

/** Opens the search the tables hold, or null when they are missing or built for another corpus or code. */
export function openFtsQuoteSearch(db: Database.Database, hash?: string, opts: { champions?: boolean } = {}): QuoteSearch | null {
  const useChampions = opts.champions ?? true;
  let stamp: string | undefined;
  let size = 0;
  let metaRows: { key: string; value: string }[] = [];
  try {
    metaRows = db.prepare('SELECT key, value FROM qs_meta').all() as { key: string; value: string }[];
    stamp = metaRows.find((r) => r.key === 'stamp')?.value;
    size = Number(metaRows.find((r) => r.key === 'size')?.value ?? 0);
  } catch {
    return null;
  }
  if (!stamp || (hash !== undefined ? stamp !== stampOf(hash) : !stamp.startsWith(`${FTS_VERSION}:${INDEX_VERSION}:`))) return null;

  const speakerRows = db.prepare('SELECT id, name FROM qs_speakers').all() as { id: number; name: string }[];
  const speakerId = new Map(speakerRows.map((r) => [r.name, r.id]));
  const registry = new SpeakerRegistry(speakerId.keys());
  const hitsQuery = db.prepare(
    `SELECT u.rowid, u.*, h.s FROM (SELECT rowid, bm25(qs_fts, ${WEIGHTS}) AS s FROM qs_fts WHERE qs_fts MATCH ? ORDER BY s LIMIT ?) h
     JOIN qs_units u ON u.rowid = h.rowid`,
  );
  const countQuery = db.prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM qs_fts WHERE qs_fts MATCH ? LIMIT ${COUNT_CAP + 1})`);
  const bySpeakerQuery = db.prepare(
    'SELECT rowid FROM qs_units WHERE rowid IN (SELECT rowid FROM qs_fts WHERE qs_fts MATCH ?) ORDER BY boost DESC, rowid LIMIT ?',
  );
  const unitByRowid = db.prepare('SELECT rowid, * FROM qs_units WHERE rowid = ?');
  const unitById = db.prepare('SELECT rowid, * FROM qs_units WHERE id = ?');
  const known = db.prepare('SELECT 1 FROM qs_dels WHERE del = ? AND term = ?').pluck();
  const near = db.prepare('SELECT DISTINCT term FROM qs_dels WHERE del = ?').pluck();

  /** A key the corpus holds stays; an unknown one becomes the keys within one edit (nothing if none). */
  const variantsOf = (key: string): string[] => {
    if (known.get(key, key)) return [key];
    if (key.length < 5) return [];
    const max = Math.min(6, Math.round(key.length * 0.2));
    const found = new Set<string>();
    for (const d of deletions(key)) for (const t of near.all(d) as string[]) if (editDistance(key, t, max) <= max) found.add(t);
    return [...found];
  };

  /** The FTS5 query for words (each key quoted: user text never reaches FTS5 syntax) and a speaker. */
  const matchOf = (groups: string[][], op: 'AND' | 'OR', match: SpeakerMatch | null): string | null => {
    const who = match ? [...match.speakers].map((s) => speakerId.get(s)).filter((n) => n !== undefined) : [];
    if (match && !who.length) return null;
    const words = groups.map((g) => `(${g.map((k) => `"${k}"`).join(' OR ')})`).join(` ${op} `);
    const speaker = match ? `who : (${who.map((n) => `s${n}`).join(' OR ')})` : '';
    if (!words) return speaker || null;
    return `{text context source speaker} : (${words})${speaker ? ` AND ${speaker}` : ''}`;
  };

  const rowsOf = (rowids: number[]): UnitRow[] => rowids.map((r) => unitByRowid.get(r) as UnitRow);
  const champQuery = db.prepare('SELECT df, data FROM qs_champ WHERE term = ?');

  const avgdl = Number(metaRows.find((r) => r.key === 'avgdl')?.value ?? 1);
  const vectorOf = db.prepare('SELECT boost, dl, tv FROM qs_units WHERE rowid = ?');
  const matchRowids = db.prepare(`SELECT rowid FROM qs_fts WHERE qs_fts MATCH ? LIMIT ${EXACT_CAP + 1}`).pluck();
  const matchRowidsUpTo = db.prepare('SELECT rowid FROM qs_fts WHERE qs_fts MATCH ? LIMIT ?').pluck();
  const idfOf = (df: number) => Math.max(1e-6, Math.log((size - df + 0.5) / (df + 0.5)));

  /** A unit's score for the query's keys (bm25 × boost, from its term vector as FTS5 computes it), and whether it holds every group. */
  const exactScore = (rowid: number, groups: { k: string; idf: number }[][]): { score: number; all: boolean } => {
    const v = vectorOf.get(rowid) as { boost: number; dl: number; tv: string };
    const norm = 1.2 * (0.25 + (0.75 * v.dl) / avgdl);
    let score = 0;
    let all = true;
    for (const g of groups) {
      let found = false;
      for (const { k, idf } of g) {
        const at = v.tv.indexOf(` ${k}:`);
        if (at < 0) continue;
        found = true;
        const end = v.tv.indexOf(' ', at + 1);
        const f = Number(v.tv.slice(at + k.length + 2, end < 0 ? undefined : end));
        score += (idf * f * 2.2) / (f + norm);
      }
      if (!found) all = false;
    }
    return { score: score * v.boost, all };
  };

  /**
   * The ranking from the keys' champion lists, or null when the full query is needed. Complete lists (no key
   * in more units than its list holds) give the full query's ranking. Incomplete ones: enough units in every
   * list are taken as they are; otherwise the units holding every word are scored from their term vectors
   * when they are few, or those of the rarest word's list that hold the others when they are many.
   */
  const championRank = (groups: string[][], match: SpeakerMatch | null, want: number): { rows: UnitRow[]; total: number } | null => {
    let allowed: Set<number> | null = null;
    if (match) {
      allowed = new Set();
      for (const s of match.speakers) {
        const id = speakerId.get(s);
        if (id !== undefined) allowed.add(id);
      }
      if (!allowed.size) return { rows: [], total: 0 };
    }
    const acc = new Map<number, { score: number; groups: number; last: number }>();
    let complete = true;
    let dfSum = 0;
    const weighted: { k: string; idf: number }[][] = [];
    const listed: number[][] = [];
    const groupDf: number[] = [];
    groups.forEach((g, gi) => {
      weighted.push([]);
      listed.push([]);
      groupDf.push(0);
      for (const k of g) {
        const row = champQuery.get(k) as { df: number; data: Buffer } | undefined;
        if (!row) continue;
        const { w, r, s } = unpackChampions(row.data);
        if (row.df > r.length) complete = false;
        dfSum += row.df;
        groupDf[gi] += row.df;
        weighted[gi].push({ k, idf: idfOf(row.df) });
        for (let i = 0; i < r.length; i++) {
          if (allowed && !allowed.has(s[i])) continue;
          listed[gi].push(r[i]);
          let e = acc.get(r[i]);
          if (!e) acc.set(r[i], (e = { score: 0, groups: 0, last: -1 }));
          e.score += w[i];
          if (e.last !== gi) ((e.last = gi), e.groups++);
        }
      }
    });
    const all: [number, number][] = [];
    const some: [number, number][] = [];
    for (const [rowid, e] of acc) (e.groups === groups.length ? all : some).push([rowid, e.score]);
    const byScore = (a: [number, number], b: [number, number]) => b[1] - a[1] || a[0] - b[0];
    let ranked: [number, number][];
    let counted: number | null = null;
    if (complete || all.length >= want) {
      ranked = all.sort(byScore);
      if (all.length < want && groups.length > 1) ranked = [...all, ...some.sort(byScore)];
    } else {
      const and = matchOf(groups, 'AND', match);
      if (!and) return { rows: [], total: 0 };
      const holding = matchRowids.all(and) as number[];
      const scoreAll = (ids: number[]) => ids.map((r): [number, number] => [r, exactScore(r, weighted).score]).sort(byScore);
      if (holding.length <= EXACT_CAP) {
        ranked = scoreAll(holding);
        counted = holding.length;
        if (ranked.length < want && groups.length > 1) {
          // As the full query: units holding some of the words follow.
          const seen = new Set(holding);
          const or = matchOf(groups, 'OR', match)!;
          const more = matchRowids.all(or) as number[];
          if (more.length <= EXACT_CAP) {
            ranked = [...ranked, ...scoreAll(more.filter((r) => !seen.has(r)))];
            counted = more.length;
          } else {
            ranked = [...ranked, ...some.filter(([r]) => !seen.has(r)).sort(byScore)];
            counted = null;
          }
        }
      } else {
        // Many units hold every word: the best of the rarest word's list that hold the others (a list is best first).
        let rarest = 0;
        for (let gi = 1; gi < groupDf.length; gi++) if (groupDf[gi] < groupDf[rarest]) rarest = gi;
        ranked = [];
        const fetch = want * 3 + 20;
        let checked = 0;
        for (const r of new Set(listed[rarest])) {
          const e = exactScore(r, weighted);
          if (e.all) ranked.push([r, e.score]);
          if (ranked.length >= fetch || ++checked >= RAREST_CHECKS) break;
        }
        ranked.sort(byScore);
        if (ranked.length < want) {
          // Few of them in that list (a speaker's, say): all of them, when that is still cheaper than bm25.
          const many = matchRowidsUpTo.all(and, EXACT_MAX + 1) as number[];
          if (many.length <= EXACT_MAX) ((ranked = scoreAll(many)), (counted = many.length));
        }
      }
      if (ranked.length < want && counted === null) return null; // units holding the words were left out
    }
    if (!complete && ranked.length < want && counted === null) return null;
    // Rows as far as the page needs (a quotation and its paragraph count once); all of them when few.
    const fetch = want * 3 + 20;
    const rows: UnitRow[] = [];
    for (const [rowid] of ranked) {
      const row = unitByRowid.get(rowid) as UnitRow;
      if (!rows.some((o) => overlaps(o, row))) rows.push(row);
      if (rows.length >= want && ranked.length > fetch) break;
    }
    let total = ranked.length > fetch ? ranked.length : rows.length;
    if (!complete) {
      if (counted !== null) total = Math.max(rows.length, counted);
      else if (groups.length === 1 && !match) total = Math.max(total, Math.min(dfSum, COUNT_CAP + 1));
      else {
        const q = matchOf(groups, ranked === all || groups.length === 1 ? 'AND' : 'OR', match);
        if (q) total = Math.max(total, (countQuery.get(q) as { n: number }).n);
      }
    }
    return { rows, total };
  };

  /** Ranked, diversified rows: enough for the page asked for, and the total (capped). */
  const rank = (words: string, match: SpeakerMatch | null, want: number): { rows: UnitRow[]; total: number } => {
    const keys = [...new Set(tokenize(words).map(processTerm).filter((k): k is string => k !== null))];
    if (!keys.length) {
      if (!match) return { rows: [], total: 0 };
      const q = matchOf([], 'AND', match);
      if (!q) return { rows: [], total: 0 };
      const rows = diversify(rowsOf((bySpeakerQuery.all(q, want * 3 + 20) as { rowid: number }[]).map((r) => r.rowid)));
      return { rows, total: Math.max(rows.length, (countQuery.get(q) as { n: number }).n) };
    }
    const groups = keys.map(variantsOf).filter((g) => g.length);
    if (!groups.length) return { rows: [], total: 0 };
    if (useChampions) {
      const fast = championRank(groups, match, want);
      if (fast) return fast;
    }
    const fetch = want * 3 + 20;
    const scored = (q: string) =>
      (hitsQuery.all(q, fetch) as (UnitRow & { s: number })[]).map((row) => ({ row, score: -row.s * row.boost }));
    // Counting every match of a common word costs time: only when there are more than were fetched.
    const count = (q: string, fetched: number) => (fetched < fetch ? fetched : (countQuery.get(q) as { n: number }).n);
    const and = matchOf(groups, 'AND', match);
    if (!and) return { rows: [], total: 0 };
    let hits = scored(and).sort((a, b) => b.score - a.score);
    let total = count(and, hits.length);
    if (hits.length < want && groups.length > 1) {
      const or = matchOf(groups, 'OR', match)!;
      const seen = new Set(hits.map((h) => h.row.rowid));
      const more = scored(or);
      hits = [...hits, ...more.filter((h) => !seen.has(h.row.rowid)).sort((a, b) => b.score - a.score)];
      total = count(or, more.length);
    }
    const rows = diversify(hits.map((h) => h.row));
    return { rows, total: total > fetch ? total : rows.length };
  };

  return {
    size,
    toJSON: () => ({ engine: 'fts5', stamp }),
    get: (id) => {
      const row = unitById.get(id) as UnitRow | undefined;
      return row ? toResult(row) : undefined;
    },
    suggestSpeakers: (prefix, limit) => registry.suggest(prefix, limit),
    search: (request): SearchResponse =>
      runSearch(
        request,
        registry,
        (words, match, want) => {
          const { rows, total } = rank(words, match, want);
          return { items: rows, total };
        },
        toResult,
      ),
  };
}

/** As search.ts: a paragraph and a quotation standing in it say the same words — whichever ranks first. */
function diversify(rows: UnitRow[]): UnitRow[] {
  const out: UnitRow[] = [];
  for (const r of rows) if (!out.some((o) => overlaps(o, r))) out.push(r);
  return out;
}

function overlaps(a: UnitRow, b: UnitRow): boolean {
  if (a.kind === b.kind) return false;
  const [q, p] = a.kind === 1 ? [a, b] : [b, a];
  return q.passage_id === p.passage_id && (p.text.includes(q.text) || q.text.includes(p.text));
}

function toResult(r: UnitRow): QuoteResult {
  return { id: r.id, text: r.text, speaker: r.speaker, document: { id: r.doc_id, title: r.title }, location: r.location, source: r.source };
}
