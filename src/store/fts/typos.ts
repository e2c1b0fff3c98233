/**
 * Typos in the FTS5 search: a key the corpus does not hold is replaced by the keys within one edit of it (as
 * MiniSearch's fuzzy 0.2 does on keys of at most seven letters), found through a deletion table (qs_dels) built
 * with the index: every key and its one-letter deletions (symmetric deletion: two keys one edit apart share a
 * row).
 */
import type Database from 'better-sqlite3';
import { editDistance } from '../../core/text.js';

/** The key itself and every string one deletion away from it. */
export function deletions(key: string): string[] {
  const out = [key];
  for (let i = 0; i < key.length; i++) out.push(key.slice(0, i) + key.slice(i + 1));
  return out;
}

/** The qs_dels rows a key of the corpus is found by: a short key only by itself (no typo is looked up for it). */
export function deletionsStored(key: string): string[] {
  return key.length < 4 ? [key] : deletions(key);
}

/**
 * The keys a query key stands for: itself when the corpus holds it; otherwise those within the edits MiniSearch
 * allows (a fifth of its letters, rounded), or nothing when it is shorter than five letters or none is near.
 */
export function keyVariants(db: Database.Database): (key: string) => string[] {
  const known = db.prepare('SELECT 1 FROM qs_dels WHERE del = ? AND term = ?').pluck();
  const near = db.prepare('SELECT DISTINCT term FROM qs_dels WHERE del = ?').pluck();
  return (key) => {
    if (known.get(key, key)) return [key];
    if (key.length < 5) return [];
    const max = Math.min(6, Math.round(key.length * 0.2));
    const found = new Set<string>();
    for (const d of deletions(key)) for (const t of near.all(d) as string[]) if (editDistance(key, t, max) <= max) found.add(t);
    return [...found];
  };
}
