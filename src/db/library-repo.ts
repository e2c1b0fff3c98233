/**
 * Each server's library in SQLite (migration 7): a text's row (what /corpus list shows) and its file (the
 * original bytes, the parsed document and the ingestion report), written together in one transaction.
 * Statements are prepared once. Reads return core types.
 */
import type { Database } from './open.js';
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
  private readonly s;

  constructor(private readonly db: Database) {
    this.s = {
      insertText: db.prepare(
        `INSERT INTO library_texts (guild_id, sha256, document_id, file_name, title, author, kind, bytes, quotations, passages, added_by, added_by_name, added_at)
         VALUES (@guildId, @sha256, @documentId, @fileName, @title, @author, @kind, @bytes, @quotations, @passages, @addedBy, @addedByName, @addedAt)`,
      ),
      insertFile: db.prepare('INSERT INTO library_files (text_id, original, parsed, report, parser) VALUES (?, ?, ?, ?, ?)'),
      liveBySha: db.prepare(`SELECT ${COLUMNS} FROM library_texts WHERE guild_id = ? AND sha256 = ? AND removed_at IS NULL`),
      byId: db.prepare(`SELECT ${COLUMNS} FROM library_texts WHERE id = ?`),
      byDocument: db.prepare(`SELECT ${COLUMNS} FROM library_texts WHERE document_id = ? ORDER BY removed_at IS NULL DESC, id DESC LIMIT 1`),
      inGuildByDocument: db.prepare(
        `SELECT title, removed_at FROM library_texts WHERE guild_id = ? AND document_id = ? ORDER BY removed_at IS NULL DESC, id DESC LIMIT 1`,
      ),
      live: db.prepare(`SELECT ${COLUMNS} FROM library_texts WHERE guild_id = ? AND removed_at IS NULL ORDER BY added_at DESC, id DESC LIMIT ? OFFSET ?`),
      usage: db.prepare('SELECT count(*) AS texts, coalesce(sum(bytes), 0) AS bytes FROM library_texts WHERE guild_id = ? AND removed_at IS NULL'),
      // Changes with every add and remove on the server (ids only grow; a removal counts once).
      generation: db.prepare("SELECT coalesce(max(id), 0) || ':' || count(removed_at) FROM library_texts WHERE guild_id = ?").pluck(),
      documents: db.prepare(
        `SELECT t.id, f.parsed, f.parser FROM library_texts t JOIN library_files f ON f.text_id = t.id
         WHERE t.guild_id = ? AND t.removed_at IS NULL AND t.id > ? ORDER BY t.id LIMIT ?`,
      ),
      document: db.prepare('SELECT text_id AS id, parsed, parser FROM library_files WHERE text_id = ?'),
      file: db.prepare('SELECT original, parsed, report, parser FROM library_files WHERE text_id = ?'),
      reparsed: db.prepare('UPDATE library_files SET parsed = ?, report = ?, parser = ? WHERE text_id = ?'),
      remove: db.prepare('UPDATE library_texts SET removed_at = ?, removed_by = ? WHERE id = ? AND removed_at IS NULL'),
      dropFile: db.prepare('DELETE FROM library_files WHERE text_id = ?'),
      guilds: db.prepare('SELECT DISTINCT guild_id FROM library_texts WHERE removed_at IS NULL ORDER BY guild_id').pluck(),
    };
  }

  /**
   * Stores a text and its file in one transaction; returns it. Throws SQLITE_CONSTRAINT_UNIQUE when the server
   * already has these bytes (or this document id): a concurrent add of the same file, say.
   */
  insert(t: NewLibraryText): LibraryText {
    const meta = t.document.meta;
    return this.db.transaction(() => {
      const id = Number(
        this.s.insertText.run({
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
        }).lastInsertRowid,
      );
      this.s.insertFile.run(id, Buffer.from(t.original.buffer, t.original.byteOffset, t.original.length), JSON.stringify(t.document), JSON.stringify(t.report), t.parser);
      return this.text(id)!;
    })();
  }

  /** The server's text with these bytes, while it is in the library. */
  liveBySha(guildId: string, sha256: string): LibraryText | null {
    const r = this.s.liveBySha.get(guildId, sha256) as TextRow | undefined;
    return r ? toText(r) : null;
  }

  /** A text by its row id, removed or not. */
  text(id: number): LibraryText | null {
    const r = this.s.byId.get(id) as TextRow | undefined;
    return r ? toText(r) : null;
  }

  /** The text whose quotations carry this document id (the one in the library first, else the latest removed). */
  byDocument(documentId: string): LibraryText | null {
    const r = this.s.byDocument.get(documentId) as TextRow | undefined;
    return r ? toText(r) : null;
  }

  /** The title of the server's text with this document id when it was removed and not added again; else null. */
  removedTitle(guildId: string, documentId: string): string | null {
    const r = this.s.inGuildByDocument.get(guildId, documentId) as { title: string; removed_at: number | null } | undefined;
    return r && r.removed_at !== null ? r.title : null;
  }

  /** The server's texts, newest first. */
  list(guildId: string, limit = 1000, offset = 0): LibraryText[] {
    return (this.s.live.all(guildId, limit, offset) as TextRow[]).map(toText);
  }

  usage(guildId: string): LibraryUsage {
    return this.s.usage.get(guildId) as LibraryUsage;
  }

  /** A token that changes whenever a text is added to or removed from the server (by any process). */
  generation(guildId: string): string {
    return this.s.generation.get(guildId) as string;
  }

  /**
   * The parsed documents of the server's texts, oldest first, with the parser that wrote each; a page of them when
   * asked: at most `limit` (-1: all) after the text `after` (its row id).
   */
  documents(guildId: string, after = 0, limit = -1): StoredDocument[] {
    return (this.s.documents.all(guildId, after, limit) as DocumentRow[]).map(toStoredDocument);
  }

  /** One text's parsed document, with the parser that wrote it; null once removed (its file goes with it). */
  document(id: number): StoredDocument | null {
    const r = this.s.document.get(id) as DocumentRow | undefined;
    return r ? toStoredDocument(r) : null;
  }

  /** A text's stored file: its original bytes, report and parser; null once removed. */
  file(id: number): { original: Uint8Array; report: TextReport; parser: string } | null {
    const r = this.s.file.get(id) as { original: Buffer; parsed: string; report: string; parser: string } | undefined;
    return r ? { original: r.original, report: JSON.parse(r.report) as TextReport, parser: r.parser } : null;
  }

  /** Replaces what an earlier parser made of a text. */
  reparsed(id: number, document: ParsedDocument, report: TextReport, parser: string): void {
    this.s.reparsed.run(JSON.stringify(document), JSON.stringify(report), parser, id);
  }

  /** Marks a text removed and deletes its file, in one transaction; false when it was already gone. */
  remove(id: number, by: string, at: number): boolean {
    return this.db.transaction(() => {
      if (this.s.remove.run(at, by, id).changes === 0) return false;
      this.s.dropFile.run(id);
      return true;
    })();
  }

  /** Every server with a text in its library. */
  guilds(): string[] {
    return this.s.guilds.all() as string[];
  }
}
