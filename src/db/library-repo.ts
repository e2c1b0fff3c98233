/**
 * Each server's library (migration 7): a text's row (what /corpus list shows) and its file (the original bytes,
 * a BLOB on SQLite and a BYTEA on PostgreSQL; the parsed document and the ingestion report), written together
 * in one transaction. Runs on either engine through the Sql seam; reads return core types.
 */
import type { Sql } from './sql.js';
import type { DocumentKind, ParsedDocument } from '../core/types.js';
import type { TextReport } from '../core/corpus/report.js';

/** One text a server added, as /corpus list and info show it. */
export interface LibraryText {
  id: number;
  guildId: string;
  sha256: string;
  documentId: string;
  fileName: string;
  title: string;
  author: string | null;
  kind: DocumentKind;
  bytes: number;
  quotations: number;
  passages: number;
  addedBy: { id: string; name: string };
  addedAt: number;
  /** When it was removed; null while it is in the library. */
  removedAt: number | null;
}

/** What adding a text stores. */
export interface NewLibraryText {
  guildId: string;
  sha256: string;
  fileName: string;
  original: Uint8Array;
  document: ParsedDocument;
  report: TextReport;
  /** The parsing code's fingerprint (library_files.parser). */
  parser: string;
  addedBy: { id: string; name: string };
  addedAt: number;
}

/** How much a server's library holds now. */
export interface LibraryUsage {
  texts: number;
  bytes: number;
}

interface TextRow {
  id: number;
  guild_id: string;
  sha256: string;
  document_id: string;
  file_name: string;
  title: string;
  author: string | null;
  kind: string;
  bytes: number;
  quotations: number;
  passages: number;
  added_by: string;
  added_by_name: string;
  added_at: number;
  removed_at: number | null;
}

const COLUMNS = 'id, guild_id, sha256, document_id, file_name, title, author, kind, bytes, quotations, passages, added_by, added_by_name, added_at, removed_at';

const INSERT_TEXT = `INSERT INTO library_texts (guild_id, sha256, document_id, file_name, title, author, kind, bytes, quotations, passages, added_by, added_by_name, added_at)
  VALUES (@guildId, @sha256, @documentId, @fileName, @title, @author, @kind, @bytes, @quotations, @passages, @addedBy, @addedByName, @addedAt) RETURNING id`;
const INSERT_FILE = 'INSERT INTO library_files (text_id, original, parsed, report, parser) VALUES (?, ?, ?, ?, ?)';
const LIVE_BY_SHA = `SELECT ${COLUMNS} FROM library_texts WHERE guild_id = ? AND sha256 = ? AND removed_at IS NULL`;
const BY_ID = `SELECT ${COLUMNS} FROM library_texts WHERE id = ?`;
// The text in the library first, else the latest removed.
const BY_DOCUMENT = `SELECT ${COLUMNS} FROM library_texts WHERE document_id = ? ORDER BY removed_at IS NULL DESC, id DESC LIMIT 1`;
const IN_GUILD_BY_DOCUMENT = 'SELECT title, removed_at FROM library_texts WHERE guild_id = ? AND document_id = ? ORDER BY removed_at IS NULL DESC, id DESC LIMIT 1';
// Each document id's latest removed row, unless the text is in the library again (oldest first: the latest wins a map).
const REMOVED_TITLES = `SELECT document_id, title FROM library_texts t WHERE guild_id = ? AND removed_at IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM library_texts l WHERE l.guild_id = t.guild_id AND l.document_id = t.document_id AND l.removed_at IS NULL)
  ORDER BY id`;
const LIVE = `SELECT ${COLUMNS} FROM library_texts WHERE guild_id = ? AND removed_at IS NULL ORDER BY added_at DESC, id DESC LIMIT ? OFFSET ?`;
const USAGE = 'SELECT count(*) AS texts, coalesce(sum(bytes), 0) AS bytes FROM library_texts WHERE guild_id = ? AND removed_at IS NULL';
// Changes with every add and remove on the server (ids only grow; a removal counts once).
const GENERATION = "SELECT CAST(coalesce(max(id), 0) AS TEXT) || ':' || CAST(count(removed_at) AS TEXT) AS generation FROM library_texts WHERE guild_id = ?";
const DOCUMENTS = `SELECT t.id, f.parsed, f.parser FROM library_texts t JOIN library_files f ON f.text_id = t.id
  WHERE t.guild_id = ? AND t.removed_at IS NULL AND t.id > ? ORDER BY t.id LIMIT ?`;
const DOCUMENT = 'SELECT text_id AS id, parsed, parser FROM library_files WHERE text_id = ?';
const FILE = 'SELECT original, report, parser FROM library_files WHERE text_id = ?';
const REPARSED = 'UPDATE library_files SET parsed = ?, report = ?, parser = ? WHERE text_id = ?';
const REMOVE = 'UPDATE library_texts SET removed_at = ?, removed_by = ? WHERE id = ? AND removed_at IS NULL';
const DROP_FILE = 'DELETE FROM library_files WHERE text_id = ?';
const GUILDS = 'SELECT DISTINCT guild_id FROM library_texts WHERE removed_at IS NULL ORDER BY guild_id';

/** A limit of -1 (all rows) as both engines take it: PostgreSQL refuses a negative LIMIT. */
const rowsWanted = (limit: number) => (limit < 0 ? Number.MAX_SAFE_INTEGER : limit);

function toText(r: TextRow): LibraryText {
  return {
    id: r.id,
    guildId: r.guild_id,
    sha256: r.sha256,
    documentId: r.document_id,
    fileName: r.file_name,
    title: r.title,
    author: r.author,
    kind: r.kind === 'forum' ? 'forum' : 'article',
    bytes: r.bytes,
    quotations: r.quotations,
    passages: r.passages,
    addedBy: { id: r.added_by, name: r.added_by_name },
    addedAt: r.added_at,
    removedAt: r.removed_at,
  };
}

/** A text's parsed document as stored, with the parser that wrote it (an older one's is parsed again). */
export interface StoredDocument {
  id: number;
  document: ParsedDocument;
  parser: string;
}

interface DocumentRow {
  id: number;
  parsed: string;
  parser: string;
}

const toStoredDocument = (r: DocumentRow): StoredDocument => ({ id: r.id, document: JSON.parse(r.parsed) as ParsedDocument, parser: r.parser });

export class LibraryRepository {
  constructor(private readonly sql: Sql) {}

  /** Runs `fn` in one transaction that every other writer waits for. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.sql.exclusive(fn);
  }

  /**
   * Stores a text and its file in one transaction; returns it. Throws the engine's unique violation
   * (sql.ts isUniqueViolation) when the server already has these bytes (or this document id): a concurrent add of the same file, say.
   */
  insert(t: NewLibraryText): Promise<LibraryText> {
    const meta = t.document.meta;
    return this.sql.exclusive(async () => {
      const row = await this.sql.get<{ id: number }>(INSERT_TEXT, {
        guildId: t.guildId,
        sha256: t.sha256,
        documentId: meta.id,
        fileName: t.fileName,
        title: meta.title,
        author: meta.author,
        kind: meta.kind,
        bytes: t.original.length,
        quotations: t.document.quotations.length,
        passages: t.document.passages.length,
        addedBy: t.addedBy.id,
        addedByName: t.addedBy.name,
        addedAt: t.addedAt,
      });
      const id = Number(row!.id);
      await this.sql.run(INSERT_FILE, [id, Buffer.from(t.original.buffer, t.original.byteOffset, t.original.length), JSON.stringify(t.document), JSON.stringify(t.report), t.parser]);
      return (await this.text(id))!;
    });
  }

  /** The server's text with these bytes, while it is in the library. */
  async liveBySha(guildId: string, sha256: string): Promise<LibraryText | null> {
    const r = await this.sql.get<TextRow>(LIVE_BY_SHA, [guildId, sha256]);
    return r ? toText(r) : null;
  }

  /** A text by its row id, removed or not. */
  async text(id: number): Promise<LibraryText | null> {
    const r = await this.sql.get<TextRow>(BY_ID, [id]);
    return r ? toText(r) : null;
  }

  /** The text whose quotations carry this document id (the one in the library first, else the latest removed). */
  async byDocument(documentId: string): Promise<LibraryText | null> {
    const r = await this.sql.get<TextRow>(BY_DOCUMENT, [documentId]);
    return r ? toText(r) : null;
  }

  /** The title of the server's text with this document id when it was removed and not added again; else null. */
  async removedTitle(guildId: string, documentId: string): Promise<string | null> {
    const r = await this.sql.get<{ title: string; removed_at: number | null }>(IN_GUILD_BY_DOCUMENT, [guildId, documentId]);
    return r && r.removed_at !== null ? r.title : null;
  }

  /** removedTitle for every document id of the server at once: the title of each removed and not added again. */
  async removedTitles(guildId: string): Promise<Map<string, string>> {
    const rows = await this.sql.all<{ document_id: string; title: string }>(REMOVED_TITLES, [guildId]);
    return new Map(rows.map((r) => [r.document_id, r.title]));
  }

  /** The server's texts, newest first (a limit of -1: all of them). */
  async list(guildId: string, limit = 1000, offset = 0): Promise<LibraryText[]> {
    return (await this.sql.all<TextRow>(LIVE, [guildId, rowsWanted(limit), offset])).map(toText);
  }

  async usage(guildId: string): Promise<LibraryUsage> {
    return (await this.sql.get<LibraryUsage>(USAGE, [guildId]))!;
  }

  /** A token that changes whenever a text is added to or removed from the server (by any process). */
  async generation(guildId: string): Promise<string> {
    return (await this.sql.get<{ generation: string }>(GENERATION, [guildId]))!.generation;
  }

  /**
   * The parsed documents of the server's texts, oldest first, with the parser that wrote each; a page of them when
   * asked: at most `limit` (-1: all) after the text `after` (its row id).
   */
  async documents(guildId: string, after = 0, limit = -1): Promise<StoredDocument[]> {
    return (await this.sql.all<DocumentRow>(DOCUMENTS, [guildId, after, rowsWanted(limit)])).map(toStoredDocument);
  }

  /** One text's parsed document, with the parser that wrote it; null once removed (its file goes with it). */
  async document(id: number): Promise<StoredDocument | null> {
    const r = await this.sql.get<DocumentRow>(DOCUMENT, [id]);
    return r ? toStoredDocument(r) : null;
  }

  /** A text's stored file: its original bytes, report and parser; null once removed. */
  async file(id: number): Promise<{ original: Uint8Array; report: TextReport; parser: string } | null> {
    const r = await this.sql.get<{ original: Buffer; report: string; parser: string }>(FILE, [id]);
    return r ? { original: r.original, report: JSON.parse(r.report) as TextReport, parser: r.parser } : null;
  }

  /** Replaces what an earlier parser made of a text. */
  async reparsed(id: number, document: ParsedDocument, report: TextReport, parser: string): Promise<void> {
    await this.sql.run(REPARSED, [JSON.stringify(document), JSON.stringify(report), parser, id]);
  }

  /** Marks a text removed and deletes its file, in one transaction; false when it was already gone. */
  remove(id: number, by: string, at: number): Promise<boolean> {
    return this.sql.exclusive(async () => {
      if ((await this.sql.run(REMOVE, [at, by, id])).changes === 0) return false;
      await this.sql.run(DROP_FILE, [id]);
      return true;
    });
  }

  /** Every server with a text in its library. */
  async guilds(): Promise<string[]> {
    return (await this.sql.all<{ guild_id: string }>(GUILDS)).map((r) => r.guild_id);
  }
}
