/**
 * /quote search on SQLite FTS5 instead of an in-memory MiniSearch index, for large corpora (src/search-store.ts
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
import type { Corpus } from './core/corpus/corpus.js';
import type { QuoteResult } from './core/types.js';
import { editDistance } from './core/text.js';
import { INDEX_VERSION, collectUnits, runSearch, unitBoost, type QuoteSearch, type SearchResponse } from './core/search/search.js';
import { processTerm, tokenize } from './core/search/terms.js';
import { SpeakerRegistry, type SpeakerMatch } from './core/search/speakers.js';

/**
 * Bumped when the schema or the keys change (of this file's tables, or of those src/search-store.ts and
 * src/check-fts.ts write beside them); with INDEX_VERSION and the corpus hash it keys the file.
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

/** Writes the tables for a corpus, replacing any there were. */
export function buildFtsIndex(corpus: Corpus, db: Database.Database, champions = CHAMPIONS): void {
  const units = collectUnits(corpus);
  const passageText = new Map(corpus.passages.map((p) => [p.id, p.text]));
  const keys = (s: string) => {
    const out: string[] = [];
    for (const t of tokenize(s)) {
      const k = processTerm(t);
      if (k) out.push(k);
    }
    return out.join(' ');
  };
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
  let tokens = 0;
  db.transaction(() => {
    let rowid = 0;
    for (const [id, u] of units) {
      rowid++;
      const speaker = u.kind === 'quotation' ? u.q.speaker : u.p.speaker;
      let who = '';
      if (speaker) {
        let sid = speakerIds.get(speaker);
        if (sid === undefined) {
          sid = speakerIds.size + 1;
          speakerIds.set(speaker, sid);
          insSpeaker.run(sid, speaker);
        }
        who = `s${sid}`;
      }
      const docId = u.kind === 'quotation' ? u.q.documentId : u.p.documentId;
      const title = corpus.document(docId)?.meta.title ?? docId;
      const text = u.kind === 'quotation' ? u.q.text : u.p.text;
      const source = u.kind === 'quotation' ? u.q.source : null;
      const context = u.kind === 'quotation' ? passageText.get(u.q.passageId)?.replace(u.q.text, ' ') ?? '' : '';
      const location = u.kind === 'quotation' ? u.q.location : u.p.location;
      const passageId = u.kind === 'quotation' ? u.q.passageId : u.parent;
      const columns = [keys(text), keys(context), keys(source ?? ''), keys(speaker ?? '')];
      // The unit's term vector: each key's column-weighted frequency, as bm25 counts it, and the unit's length.
      const freq = new Map<string, number>();
      let dl = who ? 1 : 0;
      columns.forEach((c, i) => {
        if (!c) return;
        for (const k of c.split(' ')) {
          freq.set(k, (freq.get(k) ?? 0) + COLUMN_WEIGHTS[i]);
          dl++;
        }
      });
      tokens += dl;
      const tv = [...freq].map(([k, f]) => `${k}:${+f.toFixed(4)}`).join(' ');
      insUnit.run(rowid, id, u.kind === 'quotation' ? 1 : 0, passageId, speaker, docId, title, location, source, text, unitBoost(u), who ? Number(who.slice(1)) : 0, dl, ` ${tv}`);
      insFts.run(rowid, ...columns, who);
    }
    db.exec(`INSERT INTO qs_fts(qs_fts) VALUES ('optimize')`);
    // Typo candidates: every key and its one-letter deletions (symmetric deletion), from fts5vocab.
    db.exec(`CREATE VIRTUAL TABLE temp.qs_vocab USING fts5vocab(main, qs_fts, 'row')`);
    const insDel = db.prepare('INSERT OR IGNORE INTO qs_dels(del, term) VALUES (?, ?)');
    const insChamp = db.prepare('INSERT INTO qs_champ(term, df, data) VALUES (?, ?, ?)');
    // A key's weight in a unit is what it adds to the unit's score in a query (bm25 sums over phrases): the
    // bm25 of the key alone, over the same columns, times the unit's boost.
    const best = db.prepare(
      `SELECT qs_fts.rowid AS r, -bm25(qs_fts, ${WEIGHTS}) * u.boost AS w, u.sid AS sid FROM qs_fts JOIN qs_units u ON u.rowid = qs_fts.rowid
       WHERE qs_fts MATCH ? ORDER BY w DESC, qs_fts.rowid LIMIT ?`,
    );
    for (const { term, doc } of db.prepare('SELECT term, doc FROM temp.qs_vocab').all() as { term: string; doc: number }[]) {
      if (/^s\d+$/.test(term)) continue; // speaker ids, not words
      if (term.length < 4) insDel.run(term, term);
      else for (const d of deletions(term)) insDel.run(d, term);
      const list = best.all(`{text context source speaker} : "${term.replace(/"/g, '""')}"`, champions) as { r: number; w: number; sid: number }[];
      insChamp.run(term, list.length < champions ? list.length : doc, packChampions(list));
    }
    db.exec('DROP TABLE temp.qs_vocab');
    const meta = db.prepare('INSERT INTO qs_meta(key, value) VALUES (?, ?)');
    meta.run('size', String(units.size));
    meta.run('avgdl', String(units.size ? tokens / units.size : 1));
    meta.run('stamp', stampOf(corpus.hash));
  })();
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
