/**
 * The argument checker's names context (core/check namesOf) of a corpus held in the FTS5 file, kept up to date
 * text by text: the counts it is made from are stored beside it, so that an update adds its new texts' counts
 * and takes away its old texts', rather than reading every text of the corpus again (0.9 s at 100×). One row:
 * a few thousand words, read and written whole (quicker than as many rows).
 */
import type Database from 'better-sqlite3';
import { nameCounts, namesFromCounts, type NameCounts } from '../../core/check/corpus-index.js';
import type { NameContext } from '../../core/check/attribution.js';
import type { ParsedDocument } from '../../core/types.js';

/** As stored: each map's entries. */
interface Stored {
  known: [string, number][];
  lower: [string, number][];
}

/** Writes a corpus's counts, replacing any there were. */
export function writeNameCounts(db: Database.Database, counts: NameCounts): void {
  db.exec('DROP TABLE IF EXISTS qs_name_counts; CREATE TABLE qs_name_counts(json TEXT NOT NULL);');
  db.prepare('INSERT INTO qs_name_counts(json) VALUES (?)').run(JSON.stringify({ known: [...counts.known], lower: [...counts.lower] } satisfies Stored));
}

/**
 * Takes `removed`'s counts away and adds `added`'s (the texts with their speakers as the corpus named them
 * before and names them now), in the caller's transaction; the whole corpus's names context after.
 */
export function updateNameCounts(db: Database.Database, removed: readonly ParsedDocument[], added: readonly ParsedDocument[]): NameContext {
  const stored = JSON.parse(db.prepare('SELECT json FROM qs_name_counts').pluck().get() as string) as Stored;
  const counts: NameCounts = { known: new Map(stored.known), lower: new Map(stored.lower) };
  const apply = (of: NameCounts, sign: number) => {
    for (const key of ['known', 'lower'] as const) {
      const into = counts[key];
      for (const [word, n] of of[key]) {
        const now = (into.get(word) ?? 0) + sign * n;
        if (now > 0) into.set(word, now);
        else into.delete(word);
      }
    }
  };
  apply(nameCounts(removed), -1);
  apply(nameCounts(added), 1);
  db.prepare('UPDATE qs_name_counts SET json = ?').run(JSON.stringify({ known: [...counts.known], lower: [...counts.lower] } satisfies Stored));
  return namesFromCounts(counts);
}
