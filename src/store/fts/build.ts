/**
 * Building the FTS5 search's tables for a corpus. The units are search.ts's (quotations + passages not wholly
 * quoted), with the same keys (processTerm from terms.ts: one key per word), the same field weights and the same
 * unit boost (attributed quotations first). Beside the FTS5 rows, each unit's term vector (for exact scoring,
 * rank.ts), its reading (for the rerank, src/core/search/positions.ts) and each key's champion list (its best
 * units, so that a query's work does not grow with the corpus).
 */
import type Database from 'better-sqlite3';
import type { Corpus } from '../../core/corpus/corpus.js';
import { collectUnits, sourceOfUnit, unitBoost, type Unit } from '../../core/search/search.js';
import { countSources } from '../../core/search/works.js';
import { processTerm, termOf, tokenize } from '../../core/search/terms.js';
import { ReadingWriter } from '../../core/search/positions.js';
import { B, COLUMN_WEIGHTS, K1, createTables, packChampions, stampOf } from './schema.js';
import { deletionsStored } from './typos.js';

/**
 * Champion lists: for each key, the units it scores highest in (per-key bm25 × unit boost), at most this many,
 * computed at build time. A query scores the union of its keys' lists only; a key found in more units than its
 * list holds makes the lists incomplete, and too few results from incomplete lists fall back (rank.ts).
 */
export const CHAMPIONS = 500;

/**
 * Writes the tables for a corpus, replacing any there were, in one transaction. One pass over the units writes
 * them, their FTS5 rows and their term vectors, and keeps each key's postings in memory; each key's champion
 * list is then ranked from those with FTS5's own bm25 formula (championList), as the bm25 query per key that it
 * replaces ranked it (that query was most of the build: 5 s of 17 at 100×, and the keys took the rest).
 * `units` saves collecting them again when the caller has; `key` is what the stamp says the file holds.
 */
export function buildFtsIndex(
  corpus: Corpus,
  db: Database.Database,
  champions = CHAMPIONS,
  units: Map<string, Unit> = collectUnits(corpus),
  key = corpus.hash,
): void {
  const passageText = new Map(corpus.passages.map((p) => [p.id, p.text]));
  createTables(db);
  const rows = unitRows(db, corpus, passageText);
  const speakerIds = new Map<string, number>();
  const insSpeaker = db.prepare('INSERT INTO qs_speakers(id, name) VALUES (?, ?)');
  // Per unit (by rowid): its length, boost and speaker id; per key: the units holding it and its weighted frequency there.
  const n = units.size;
  const dls = new Int32Array(n + 1);
  const boosts = new Float64Array(n + 1);
  const sids = new Int32Array(n + 1);
  const terms = new Map<string, Term>();
  const keyTermOf = termsBy((key) => {
    let t = terms.get(key);
    if (!t) terms.set(key, (t = { key, postings: new Postings(), row: 0, slot: 0 }));
    return t;
  });
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
      const { held, freq, dl } = rows.insert(rowid, id, u, sid, keyTermOf);
      tokens += dl;
      for (let i = 0; i < held.length; i++) held[i].postings.add(rowid, freq[i]);
      dls[rowid] = dl;
      boosts[rowid] = unitBoost(u);
      sids[rowid] = sid;
    }
    db.exec(`INSERT INTO qs_fts(qs_fts) VALUES ('optimize')`);
    const insDel = db.prepare('INSERT OR IGNORE INTO qs_dels(del, term) VALUES (?, ?)');
    const insChamp = db.prepare('INSERT INTO qs_champ(term, df, data) VALUES (?, ?, ?)');
    rankChampions(db, terms, { n, tokens, dls, boosts, sids }, champions, (term, df, data) => {
      // Typo candidates: every key and its one-letter deletions (symmetric deletion).
      for (const d of deletionsStored(term)) insDel.run(d, term);
      insChamp.run(term, df, data);
    });
    const meta = db.prepare('INSERT INTO qs_meta(key, value) VALUES (?, ?)');
    meta.run('size', String(n));
    meta.run('tokens', String(tokens));
    meta.run('avgdl', String(n ? tokens / n : 1));
    meta.run('sources', JSON.stringify([...countSources([...units.values()].map(sourceOfUnit))]));
    meta.run('stamp', stampOf(key));
  })();
}

/** What ranking a key's champion list reads of the units: their count and tokens, and each one's length, boost and speaker id (by rowid). */
interface UnitStats {
  n: number;
  tokens: number;
  dls: Int32Array;
  boosts: Float64Array;
  sids: Int32Array;
}

/** Ranks each key's champion list (keys in order) and hands it to `write`, packed, with the key's unit count. */
function rankChampions(
  db: Database.Database,
  terms: Map<string, { postings: Postings }>,
  { n, tokens, dls, boosts, sids }: UnitStats,
  champions: number,
  write: (term: string, df: number, data: Buffer) => void,
): void {
  // IDF as FTS5's bm25 computes it, with the same C library's log (SQLite's ln).
  const ln = db.prepare('SELECT ln(?) AS v').pluck();
  const avgdl = tokens / n;
  const norm = (dl: number) => K1 * (1 - B + (B * dl) / avgdl);
  for (const term of [...terms.keys()].sort()) {
    if (/^s\d+$/.test(term)) continue; // speaker ids' shape, not words (the who column holds them)
    const p = terms.get(term)!.postings;
    let idf = ln.get((n - p.n + 0.5) / (p.n + 0.5)) as number | null;
    if (idf === null || idf <= 0) idf = 1e-6;
    const list = championList(p, champions, (r, f) => idf * ((f * (K1 + 1.0)) / (f + norm(dls[r]))) * boosts[r]);
    write(term, p.n, packChampions(list.map(({ r, w }) => ({ r, w, sid: sids[r] }))));
  }
}

/**
 * Ranks every key's champion list again from the units' stored term vectors (their frequencies as written,
 * to four decimals), for the corpus the file holds now: what an update (update.ts) leaves stale. No text is
 * parsed; every unit is read. Clears the mark, in one transaction.
 */
export function refreshChampions(db: Database.Database, champions = CHAMPIONS): void {
  db.transaction(() => {
    const meta = new Map((db.prepare('SELECT key, value FROM qs_meta').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
    const max = (db.prepare('SELECT max(rowid) FROM qs_units').pluck().get() as number | null) ?? 0;
    const stats: UnitStats = { n: Number(meta.get('size')), tokens: Number(meta.get('tokens')), dls: new Int32Array(max + 1), boosts: new Float64Array(max + 1), sids: new Int32Array(max + 1) };
    const terms = new Map<string, { postings: Postings }>();
    for (const u of db.prepare('SELECT rowid, boost, sid, dl, tv FROM qs_units ORDER BY rowid').iterate() as Iterable<{ rowid: number; boost: number; sid: number; dl: number; tv: string }>) {
      stats.dls[u.rowid] = u.dl;
      stats.boosts[u.rowid] = u.boost;
      stats.sids[u.rowid] = u.sid;
      for (const entry of u.tv.split(' ')) {
        if (!entry) continue;
        const at = entry.lastIndexOf(':');
        const key = entry.slice(0, at);
        let t = terms.get(key);
        if (!t) terms.set(key, (t = { postings: new Postings() }));
        t.postings.add(u.rowid, Number(entry.slice(at + 1)));
      }
    }
    const setChamp = db.prepare('UPDATE qs_champ SET df = ?, data = ? WHERE term = ?');
    rankChampions(db, terms, stats, champions, (term, df, data) => setChamp.run(df, data, term));
    db.prepare("DELETE FROM qs_meta WHERE key = 'champions'").run();
  })();
}

/** A key's slot in the term vector of the unit being read (build.ts's Term, or update.ts's). */
export interface KeySlot {
  key: string;
  /** The unit that last held it, and where in that unit's vector. */
  row: number;
  slot: number;
}

/** Each word's key, as `termFor` gives it (null: a stop word or noise), looked up once per distinct word. */
export function termsBy<T extends KeySlot>(termFor: (key: string) => T): (word: string) => T | null {
  const byWord = new Map<string, T | null>();
  return (word) => {
    let t = byWord.get(word);
    if (t === undefined) {
      const key = processTerm(word);
      t = key ? termFor(key) : null;
      byWord.set(word, t);
    }
    return t;
  };
}

/**
 * Writing and deleting units' rows (qs_units, qs_fts, qs_read), for a build and for an update alike: a row
 * deleted from the contentless FTS5 table must be given exactly the columns it was written with.
 */
export function unitRows(db: Database.Database, corpus: Pick<Corpus, 'document'>, passageText: Map<string, string>) {
  const insUnit = db.prepare(
    'INSERT INTO qs_units(rowid, id, kind, passage_id, speaker, doc_id, title, location, source, text, boost, sid, dl, tv) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)',
  );
  const insFts = db.prepare('INSERT INTO qs_fts(rowid, text, context, source, speaker, who) VALUES (?,?,?,?,?,?)');
  const insRead = db.prepare('INSERT INTO qs_read(rowid, named, reading) VALUES (?, ?, ?)');
  const delFts = db.prepare(`INSERT INTO qs_fts(qs_fts, rowid, text, context, source, speaker, who) VALUES ('delete', ?,?,?,?,?,?)`);
  const delUnit = db.prepare('DELETE FROM qs_units WHERE rowid = ?');
  const delRead = db.prepare('DELETE FROM qs_read WHERE rowid = ?');
  /** A frequency as the term vector writes it (few distinct values: sums of the column weights). */
  const written = new Map<number, string>();
  const write = (f: number): string => {
    let s = written.get(f);
    if (s === undefined) written.set(f, (s = String(+f.toFixed(4))));
    return s;
  };
  /**
   * A unit's fields and each column's keys, and its term vector: each key's column-weighted frequency, summed
   * in the order bm25 sums it (column by column, word by word), and the unit's length (every token, the who
   * column's too). Keys in the order they first occur. The text's words, as they are read, make its reading.
   */
  const read = <T extends KeySlot>(rowid: number, u: Unit, sid: number, keyTermOf: (word: string) => T | null) => {
    const speaker = u.kind === 'quotation' ? u.q.speaker : u.p.speaker;
    const who = sid ? `s${sid}` : '';
    const text = u.kind === 'quotation' ? u.q.text : u.p.text;
    const source = u.kind === 'quotation' ? u.q.source : null;
    const context = u.kind === 'quotation' ? passageText.get(u.q.passageId)?.replace(u.q.text, ' ') ?? '' : '';
    const fields = [text, context, source, speaker];
    const reading = new ReadingWriter();
    const columns = ['', '', '', ''];
    const held: T[] = [];
    const freq: number[] = [];
    let dl = who ? 1 : 0;
    for (let c = 0; c < fields.length; c++) {
      const field = fields[c];
      if (!field) continue;
      const weight = COLUMN_WEIGHTS[c];
      let keys = '';
      for (const word of tokenize(field)) {
        const t = keyTermOf(word);
        if (!t) continue;
        if (c === 0) reading.add(termOf(word)!);
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
    return { speaker, who, text, source, columns, held, freq, dl, reading };
  };
  return {
    /** Writes a unit's rows; what it holds, for the keys' lists. */
    insert<T extends KeySlot>(rowid: number, id: string, u: Unit, sid: number, keyTermOf: (word: string) => T | null) {
      const { speaker, who, text, source, columns, held, freq, dl, reading } = read(rowid, u, sid, keyTermOf);
      let tv = '';
      for (let i = 0; i < held.length; i++) tv += ` ${held[i].key}:${write(freq[i])}`;
      const docId = u.kind === 'quotation' ? u.q.documentId : u.p.documentId;
      const title = corpus.document(docId)?.meta.title ?? docId;
      const location = u.kind === 'quotation' ? u.q.location : u.p.location;
      const passageId = u.kind === 'quotation' ? u.q.passageId : u.parent;
      insUnit.run(rowid, id, u.kind === 'quotation' ? 1 : 0, passageId, speaker, docId, title, location, source, text, unitBoost(u), sid, dl, tv || ' ');
      insFts.run(rowid, columns[0], columns[1], columns[2], columns[3], who);
      insRead.run(rowid, speaker ? 1 : 0, reading.done(text));
      return { held, freq, dl };
    },
    /** Deletes the rows of a unit written by insert (the same unit, row and speaker id); what it held. */
    delete<T extends KeySlot>(rowid: number, u: Unit, sid: number, keyTermOf: (word: string) => T | null) {
      const { who, columns, held, dl } = read(rowid, u, sid, keyTermOf);
      delFts.run(rowid, columns[0], columns[1], columns[2], columns[3], who);
      delUnit.run(rowid);
      delRead.run(rowid);
      return { held, dl };
    },
  };
}

/** A key while the index is built: the units holding it, and its slot in the term vector of the unit being read. */
interface Term extends KeySlot {
  postings: Postings;
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

