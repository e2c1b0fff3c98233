/**
 * Argument checks on a corpus searched with FTS5 (src/search-fts.ts): rather than reading every text and
 * indexing every word pair in memory (47 s and 1.6 GB at 1,000× the seed texts), each argument is checked
 * against the passages its quotations may come from. They are found with the search index already in the
 * file (phrase queries on the quotation's rarest adjacent word pairs, by the named speaker first) and read
 * from tables written beside it; the checker then aligns and credits words exactly as it does in memory.
 */
import type Database from 'better-sqlite3';
import type { Corpus } from './core/corpus/corpus.js';
import type { DocumentMeta, Passage, Quotation } from './core/types.js';
import type { CheckSource } from './core/check/checker.js';
import { indexPassages, namesOf } from './core/check/corpus-index.js';
import { processTerm, tokenize } from './core/search/terms.js';

/** Word pairs of a quotation looked up, rarest first. */
const PAIRS = 3;
/** Units read per quotation: crediting the named speaker, then anyone. */
const BY_SPEAKER = 6;
const BY_ANYONE = 12;

/** Writes the passages (each with the quotations standing in it), the texts' metadata and the names context. */
export function writeCheckTables(corpus: Corpus, db: Database.Database): void {
  db.exec(`
    DROP TABLE IF EXISTS qs_check_passages; DROP TABLE IF EXISTS qs_check_docs; DROP TABLE IF EXISTS qs_check_names;
    CREATE TABLE qs_check_passages(id TEXT PRIMARY KEY, json TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE qs_check_docs(id TEXT PRIMARY KEY, json TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE qs_check_names(json TEXT NOT NULL);
  `);
  const quotationsIn = new Map<string, Quotation[]>();
  for (const q of corpus.quotations) quotationsIn.set(q.passageId, [...(quotationsIn.get(q.passageId) ?? []), q]);
  const insPassage = db.prepare('INSERT INTO qs_check_passages(id, json) VALUES (?, ?)');
  const insDoc = db.prepare('INSERT INTO qs_check_docs(id, json) VALUES (?, ?)');
  const names = namesOf(corpus);
  const passages = new Map(corpus.passages.map((p) => [p.id, p]));
  db.transaction(() => {
    for (const p of corpus.passages) insPassage.run(p.id, JSON.stringify({ passage: p, quotations: quotationsIn.get(p.id) ?? [] }));
    // Quotations in a note stand in no passage: a row of their own under the note's id.
    for (const [id, qs] of quotationsIn) if (!passages.has(id)) insPassage.run(id, JSON.stringify({ passage: null, quotations: qs }));
    for (const d of corpus.documents) insDoc.run(d.meta.id, JSON.stringify({ title: d.meta.title, kind: d.meta.kind, author: d.meta.author }));
    db.prepare('INSERT INTO qs_check_names(json) VALUES (?)').run(JSON.stringify({ known: [...names.known], common: [...names.common] }));
  })();
}

/** The check source over a file written by writeCheckTables and src/search-fts.ts. */
export function ftsCheckSource(db: Database.Database): CheckSource {
  const raw = JSON.parse(db.prepare('SELECT json FROM qs_check_names').pluck().get() as string) as { known: string[]; common: string[] };
  const names = { known: new Set(raw.known), common: new Set(raw.common) };
  const dfOf = db.prepare('SELECT df FROM qs_champ WHERE term = ?').pluck();
  const passageRow = db.prepare('SELECT json FROM qs_check_passages WHERE id = ?').pluck();
  const docRow = db.prepare('SELECT json FROM qs_check_docs WHERE id = ?').pluck();
  const find = db.prepare(
    'SELECT u.passage_id FROM qs_fts JOIN qs_units u ON u.rowid = qs_fts.rowid WHERE qs_fts MATCH ? ORDER BY rank LIMIT ?',
  ).pluck();
  const docs = new Map<string, Pick<DocumentMeta, 'title' | 'kind' | 'author'> | undefined>();

  const keysOf = (text: string) => tokenize(text).map(processTerm).filter((k): k is string => !!k);

  /**
   * The quotation's rarest adjacent key pairs as FTS5 phrases, no two sharing a word, so that one changed
   * word (a misquote) spoils at most one of them; pairs with a word the corpus lacks are left out.
   */
  function phrases(text: string): string[] {
    const keys = keysOf(text);
    const df = keys.map((k) => (dfOf.get(k) as number | undefined) ?? 0);
    const pairs: Array<{ i: number; cost: number }> = [];
    for (let i = 0; i + 1 < keys.length; i++) if (df[i] && df[i + 1]) pairs.push({ i, cost: Math.max(df[i], df[i + 1]) });
    pairs.sort((x, y) => x.cost - y.cost);
    const taken = new Set<number>();
    const out = new Set<string>();
    for (const { i } of pairs) {
      if (out.size === PAIRS) break;
      if (taken.has(i) || taken.has(i + 1)) continue;
      taken.add(i).add(i + 1);
      out.add(`"${keys[i]} ${keys[i + 1]}"`);
    }
    // A short quotation has too few apart: the rest, and its words one by one (one may be the changed one).
    for (const { i } of pairs) if (out.size < PAIRS) out.add(`"${keys[i]} ${keys[i + 1]}"`);
    if (out.size < PAIRS) for (const k of keys.filter((_, i) => df[i])) out.add(`"${k}"`);
    return [...out];
  }

  return {
    names,
    document(id) {
      if (!docs.has(id)) {
        const json = docRow.get(id) as string | undefined;
        docs.set(id, json ? JSON.parse(json) : undefined);
      }
      return docs.get(id);
    },
    indexFor(quotes) {
      const ids = new Set<string>();
      for (const { text, name } of quotes) {
        const words = phrases(text);
        if (!words.length) continue;
        const inText = `{text} : (${words.join(' OR ')})`;
        const speaker = name ? keysOf(name) : [];
        // The named speaker's passages first: among many that hold the words, theirs decide "verified".
        if (speaker.length) for (const id of find.all(`${inText} AND {speaker} : (${speaker.map((k) => `"${k}"`).join(' OR ')})`, BY_SPEAKER)) ids.add(id as string);
        for (const id of find.all(inText, BY_ANYONE)) ids.add(id as string);
      }
      const passages: Passage[] = [];
      const quotations: Quotation[] = [];
      for (const id of ids) {
        const json = passageRow.get(id) as string | undefined;
        if (!json) continue;
        const row = JSON.parse(json) as { passage: Passage | null; quotations: Quotation[] };
        if (row.passage) passages.push(row.passage);
        quotations.push(...row.quotations);
      }
      return indexPassages(passages, quotations, names);
    },
  };
}
