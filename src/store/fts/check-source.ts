/**
 * Argument checks on a corpus searched with FTS5 (search.ts beside this): rather than reading every text and
 * indexing every word pair in memory (47 s and 1.6 GB at 1,000× the seed texts), each argument is checked
 * against the passages its quotations may come from. They are found with the search index already in the
 * file (phrase queries on the quotation's rarest adjacent word pairs: among the named speaker's units, then
 * if that does not verify them, among everyone's, first the units holding its words exactly) and read from
 * tables written beside it; the checker then aligns and credits words exactly as it does in memory.
 */
import type Database from 'better-sqlite3';
import type { Corpus } from '../../core/corpus/corpus.js';
import type { DocumentMeta, ParsedDocument, Passage, Quotation } from '../../core/types.js';
import type { CheckSource } from '../../core/check/checker.js';
import { indexPassages, namesOf } from '../../core/check/corpus-index.js';

/** The names context the checker reads (corpus-index.ts's). */
type NameContext = ReturnType<typeof namesOf>;
import { processTerm, tokenize } from '../../core/search/terms.js';
import { nameTokens } from '../../core/names.js';

/** Word pairs of a quotation looked up, rarest first. */
const PAIRS = 3;
/** Units read per quotation: crediting the named speaker, then anyone. */
const BY_SPEAKER = 6;
const BY_ANYONE = 12;
/** Units read per quotation holding its words exactly, in order (each run between elisions as a phrase). */
const BY_EXACT = 12;
/** Fewest keys that run must have: a shorter one is no surer than the pairs. */
const EXACT_MIN = 4;
/** Speakers a name is looked up as (a first name alone may be many people's). */
const MAX_SPEAKERS = 50;

/** Writes the passages (each with the quotations standing in it), the texts' metadata and the names context. */
export function writeCheckTables(corpus: Corpus, db: Database.Database, names: NameContext = namesOf(corpus)): void {
  db.exec(`
    DROP TABLE IF EXISTS qs_check_passages; DROP TABLE IF EXISTS qs_check_docs; DROP TABLE IF EXISTS qs_check_names;
    CREATE TABLE qs_check_passages(id TEXT PRIMARY KEY, json TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE qs_check_docs(id TEXT PRIMARY KEY, json TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE qs_check_names(json TEXT NOT NULL);
  `);
  db.transaction(() => {
    writeCheckRows(db, corpus.documents);
    writeNames(db, names);
  })();
}

/**
 * The check tables updated for some texts, in the caller's transaction: `removed`'s rows go, `added`'s come,
 * and the names context is the whole corpus's after the change (`names`).
 */
export function updateCheckTables(db: Database.Database, removed: readonly ParsedDocument[], added: readonly ParsedDocument[], names: NameContext): void {
  const delPassage = db.prepare('DELETE FROM qs_check_passages WHERE id = ?');
  const delDoc = db.prepare('DELETE FROM qs_check_docs WHERE id = ?');
  for (const d of removed) {
    for (const p of d.passages) delPassage.run(p.id);
    for (const q of d.quotations) delPassage.run(q.passageId);
    delDoc.run(d.meta.id);
  }
  writeCheckRows(db, added);
  writeNames(db, names);
}

/** The rows of some texts: each passage with the quotations standing in it, each text's metadata. */
function writeCheckRows(db: Database.Database, documents: readonly ParsedDocument[]): void {
  const insPassage = db.prepare('INSERT INTO qs_check_passages(id, json) VALUES (?, ?)');
  const insDoc = db.prepare('INSERT INTO qs_check_docs(id, json) VALUES (?, ?)');
  for (const d of documents) {
    const quotationsIn = new Map<string, Quotation[]>();
    for (const q of d.quotations) {
      const list = quotationsIn.get(q.passageId);
      if (list) list.push(q);
      else quotationsIn.set(q.passageId, [q]);
    }
    const passageIds = new Set(d.passages.map((p) => p.id));
    for (const p of d.passages) insPassage.run(p.id, JSON.stringify({ passage: p, quotations: quotationsIn.get(p.id) ?? [] }));
    // Quotations in a note stand in no passage: a row of their own under the note's id.
    for (const [id, qs] of quotationsIn) if (!passageIds.has(id)) insPassage.run(id, JSON.stringify({ passage: null, quotations: qs }));
    insDoc.run(d.meta.id, JSON.stringify({ title: d.meta.title, kind: d.meta.kind, author: d.meta.author }));
  }
}

function writeNames(db: Database.Database, names: NameContext): void {
  db.prepare('DELETE FROM qs_check_names').run();
  db.prepare('INSERT INTO qs_check_names(json) VALUES (?)').run(JSON.stringify({ known: [...names.known], common: [...names.common] }));
}

/** The check source over a file written by writeCheckTables and build.ts. */
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

  // A word in more units than this says nothing about where a short quotation stands.
  const commonDf = Math.max(50, ((db.prepare('SELECT max(rowid) FROM qs_units').pluck().get() as number | null) ?? 0) / 50);
  const keysOf = (text: string) => tokenize(text).map(processTerm).filter((k): k is string => !!k);

  // Speaker-id tokens ("s12", the who column) by the words of their names, read on first use.
  let whoByWord: Map<string, string[]> | null = null;
  /** The who tokens of every speaker a name may mean: any shared name word (more than the checker accepts). */
  function speakerTokens(name: string): string[][] {
    if (!whoByWord) {
      whoByWord = new Map();
      for (const { id, name: full } of db.prepare('SELECT id, name FROM qs_speakers').all() as Array<{ id: number; name: string }>) {
        for (const w of nameTokens(full)) whoByWord.set(w, [...(whoByWord.get(w) ?? []), `s${id}`]);
      }
    }
    // Grouped by how many of the name's words they share, most first: "Helga Volalin" is Helga Volalin before
    // any other Helga.
    const shared = new Map<string, number>();
    for (const w of new Set(nameTokens(name))) if (w.length >= 3) for (const t of whoByWord.get(w) ?? []) shared.set(t, (shared.get(t) ?? 0) + 1);
    const groups = new Map<number, string[]>();
    for (const [t, n] of [...shared].sort((a, b) => b[1] - a[1]).slice(0, MAX_SPEAKERS)) groups.set(n, [...(groups.get(n) ?? []), t]);
    return [...groups].sort((a, b) => b[0] - a[0]).map(([, ts]) => ts);
  }

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
    if (out.size < PAIRS) {
      const rare = keys.map((k, i) => ({ k, df: df[i] })).filter((x) => x.df && x.df <= commonDf).sort((a, b) => a.df - b.df);
      for (const { k } of rare.slice(0, 2)) out.add(`"${k}"`);
    }
    return [...out];
  }

  /**
   * The quotation's words exactly, in order: each run between elisions as an FTS5 phrase, all of them required.
   * Among many near-copies (a large corpus repeats itself with a word changed here and there) these are the
   * units holding the very words quoted, which bm25 over the rare pairs need not rank first.
   */
  function exactPhrases(text: string): string | null {
    const runs = text.split(/\.\.\.|…|\[[^\]]*\]/).map(keysOf).filter((keys) => keys.length);
    if (runs.reduce((n, keys) => n + keys.length, 0) < EXACT_MIN) return null;
    if (runs.some((keys) => keys.some((k) => !dfOf.get(k)))) return null; // a word the corpus lacks: no unit has it
    return runs.map((keys) => `"${keys.join(' ')}"`).join(' AND ');
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
    indexFor(quotes, scope) {
      const ids = new Set<string>();
      for (const { text, name } of quotes) {
        const words = phrases(text);
        if (!words.length) continue;
        const inText = `{text} : (${words.join(' OR ')})`;
        // The named speaker's units, through their speaker-id tokens (short lists, cheap to intersect).
        for (const who of name ? speakerTokens(name) : []) {
          for (const id of find.all(`${inText} AND {who} : (${who.join(' OR ')})`, BY_SPEAKER)) ids.add(id as string);
        }
        if (scope === 'all') {
          const exact = exactPhrases(text);
          if (exact) for (const id of find.all(`{text} : (${exact})`, BY_EXACT)) ids.add(id as string);
          for (const id of find.all(inText, BY_ANYONE)) ids.add(id as string);
        }
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
