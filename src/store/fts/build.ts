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
 * `units` saves collecting them again when the caller has.
 */
export function buildFtsIndex(
  corpus: Corpus,
  db: Database.Database,
  champions = CHAMPIONS,
  units: Map<string, Unit> = collectUnits(corpus),
): void {
  const passageText = new Map(corpus.passages.map((p) => [p.id, p.text]));
  createTables(db);
  const insUnit = db.prepare(
    'INSERT INTO qs_units(rowid, id, kind, passage_id, speaker, doc_id, title, location, source, text, boost, sid, dl, tv) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)',
  );
  const insFts = db.prepare('INSERT INTO qs_fts(rowid, text, context, source, speaker, who) VALUES (?,?,?,?,?,?)');
  const insRead = db.prepare('INSERT INTO qs_read(rowid, named, reading) VALUES (?, ?, ?)');
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
  const keyTermOf = (word: string): Term | null => {
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
      // column's too). Keys in the order they first occur. The text's words, as they are read, make its reading.
      const fields = [text, context, source, speaker];
      const reading = new ReadingWriter();
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
      insRead.run(rowid, speaker ? 1 : 0, reading.done(text));
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
      for (const d of deletionsStored(term)) insDel.run(d, term);
      const p = terms.get(term)!.postings;
      let idf = ln.get((n - p.n + 0.5) / (p.n + 0.5)) as number | null;
      if (idf === null || idf <= 0) idf = 1e-6;
      const list = championList(p, champions, (r, f) => idf * ((f * (K1 + 1.0)) / (f + norm(dls[r]))) * boosts[r]);
      insChamp.run(term, p.n, packChampions(list.map(({ r, w }) => ({ r, w, sid: sids[r] }))));
    }
    const meta = db.prepare('INSERT INTO qs_meta(key, value) VALUES (?, ?)');
    meta.run('size', String(n));
    meta.run('avgdl', String(n ? tokens / n : 1));
    meta.run('sources', JSON.stringify([...countSources([...units.values()].map(sourceOfUnit))]));
    meta.run('stamp', stampOf(corpus.hash));
  })();
}

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

