/**
 * 7: each server's library: the texts a server added, their original bytes and the parsed result.
 * A text's row and its file row are written in one transaction, so a text is wholly stored or not at all. A
 * removed text keeps its row (removed_at set, its bytes gone): arguments verified against it can still say
 * which text it was.
 */
import type { Migration } from './migration.js';

export const library: Migration = {
  version: 7,
  name: 'server libraries',
  up(db) {
    db.exec(`
      CREATE TABLE library_texts (
        id            INTEGER PRIMARY KEY,
        guild_id      TEXT NOT NULL,
        sha256        TEXT NOT NULL,
        -- The id its quotations and passages carry (in citations, "[id.q3]").
        document_id   TEXT NOT NULL,
        file_name     TEXT NOT NULL,
        title         TEXT NOT NULL,
        author        TEXT,
        kind          TEXT NOT NULL,
        bytes         INTEGER NOT NULL,
        quotations    INTEGER NOT NULL,
        passages      INTEGER NOT NULL,
        added_by      TEXT NOT NULL,
        added_by_name TEXT NOT NULL,
        added_at      INTEGER NOT NULL,
        removed_at    INTEGER,
        removed_by    TEXT
      );
      -- The same bytes once per server while the text is there; a removed one may be added again.
      CREATE UNIQUE INDEX library_texts_live_sha ON library_texts(guild_id, sha256) WHERE removed_at IS NULL;
      CREATE UNIQUE INDEX library_texts_live_doc ON library_texts(guild_id, document_id) WHERE removed_at IS NULL;
      CREATE INDEX library_texts_guild ON library_texts(guild_id, removed_at, added_at);
      CREATE INDEX library_texts_document ON library_texts(document_id);
      CREATE TABLE library_files (
        text_id  INTEGER PRIMARY KEY REFERENCES library_texts(id) ON DELETE CASCADE,
        original BLOB NOT NULL,
        -- The ParsedDocument as JSON: a restart serves it without parsing again.
        parsed   TEXT NOT NULL,
        -- The ingestion report (TextReport) as JSON, for /corpus info.
        report   TEXT NOT NULL,
        -- Which parsing code wrote parsed: another one parses the original again when the text is next loaded.
        parser   TEXT NOT NULL
      );
    `);
  },
};
