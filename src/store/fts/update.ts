/**
 * Updating the FTS5 search's tables for some texts in place of a rebuild: their old units' rows go, their new
 * units' rows come, and what depends on them follows — each key's unit count (df), the typo table (a key no
 * unit holds any more leaves it, a new key enters it), the speakers, the unit count, length and sources.
 *
 * The champion lists cannot follow exactly: each weight holds the corpus's unit count and mean length, which
 * every text added or removed changes, for every key. So an update marks them stale (qs_meta 'champions') and
 * the search ranks with the full bm25 query, FTS5's own and exact, until they are ranked again from the stored
 * term vectors (build.ts refreshChampions: every unit read, no text parsed; done a while after the last change
 * while the bot runs, corpus-watcher.ts, or else at the next start).
 */
import type Database from 'better-sqlite3';
import type { UnitsOf } from '../../core/search/search.js';
import { sourceOfUnit } from '../../core/search/search.js';
import { unitRows, termsBy, type KeySlot } from './build.js';
import { deletionsStored } from './typos.js';

/** What qs_meta's 'champions' says after an update: the lists are not to be used. */
export const STALE_CHAMPIONS = 'stale';

/** Removes `removed`'s units (as they were written) and writes `added`'s, in the caller's transaction. */
export function updateFtsIndex(db: Database.Database, removed: UnitsOf, added: UnitsOf): void {
  const keys = new Map<string, KeySlot & { df: number }>();
  const keyOf = (key: string) => {
    let k = keys.get(key);
    if (!k) keys.set(key, (k = { key, row: 0, slot: 0, df: 0 }));
    return k;
  };
  const meta = new Map((db.prepare('SELECT key, value FROM qs_meta').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
  let size = Number(meta.get('size'));
  let tokens = Number(meta.get('tokens'));
  const sources = new Map(JSON.parse(meta.get('sources') ?? '[]') as [string, number][]);
  const count = (source: string | null, by: number) => {
    if (!source) return;
    const n = (sources.get(source) ?? 0) + by;
    if (n > 0) sources.set(source, n);
    else sources.delete(source);
  };

  // New rows follow every row there was: a key's slot is per row, and its keys are shared by both passes.
  let rowid = (db.prepare('SELECT max(rowid) FROM qs_units').pluck().get() as number | null) ?? 0;
  const unitOf = db.prepare('SELECT rowid, sid FROM qs_units WHERE id = ?');
  const gone = unitRows(db, removed.corpus, new Map(removed.corpus.passages.map((p) => [p.id, p.text])));
  const removedKeys = termsBy(keyOf);
  const speakersLeft = new Set<number>();
  for (const [id, u] of removed.units) {
    const row = unitOf.get(id) as { rowid: number; sid: number } | undefined;
    if (!row) continue;
    const { held, dl } = gone.delete(row.rowid, u, row.sid, removedKeys);
    for (const k of held) k.df--;
    tokens -= dl;
    size--;
    count(sourceOfUnit(u), -1);
    if (row.sid) speakersLeft.add(row.sid);
  }

  const speakerId = db.prepare('SELECT id FROM qs_speakers WHERE name = ?').pluck();
  const insSpeaker = db.prepare('INSERT INTO qs_speakers(id, name) VALUES (?, ?)');
  let nextSpeaker = ((db.prepare('SELECT max(id) FROM qs_speakers').pluck().get() as number | null) ?? 0) + 1;
  const come = unitRows(db, added.corpus, new Map(added.corpus.passages.map((p) => [p.id, p.text])));
  const addedKeys = termsBy(keyOf);
  for (const [id, u] of added.units) {
    const speaker = u.kind === 'quotation' ? u.q.speaker : u.p.speaker;
    let sid = 0;
    if (speaker) {
      sid = (speakerId.get(speaker) as number | undefined) ?? 0;
      if (!sid) insSpeaker.run((sid = nextSpeaker++), speaker);
    }
    const { held, dl } = come.insert(++rowid, id, u, sid, addedKeys);
    for (const k of held) k.df++;
    tokens += dl;
    size++;
    count(sourceOfUnit(u), 1);
  }

  // A speaker none of whose units is left is no longer offered.
  const holds = db.prepare('SELECT 1 FROM qs_units WHERE sid = ? LIMIT 1').pluck();
  const delSpeaker = db.prepare('DELETE FROM qs_speakers WHERE id = ?');
  for (const sid of speakersLeft) if (!holds.get(sid)) delSpeaker.run(sid);

  const dfOf = db.prepare('SELECT df FROM qs_champ WHERE term = ?').pluck();
  const setDf = db.prepare('UPDATE qs_champ SET df = ? WHERE term = ?');
  const insChamp = db.prepare('INSERT INTO qs_champ(term, df, data) VALUES (?, ?, ?)');
  const delChamp = db.prepare('DELETE FROM qs_champ WHERE term = ?');
  const insDel = db.prepare('INSERT OR IGNORE INTO qs_dels(del, term) VALUES (?, ?)');
  const delDel = db.prepare('DELETE FROM qs_dels WHERE del = ? AND term = ?');
  // In key order: the rows are read and written where the b-tree keeps them, page after page.
  for (const { key, df } of [...keys.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    if (df === 0 || /^s\d+$/.test(key)) continue; // as build.ts: speaker ids' shape is not listed
    const was = (dfOf.get(key) as number | undefined) ?? 0;
    const now = was + df;
    if (now <= 0) {
      delChamp.run(key);
      for (const d of deletionsStored(key)) delDel.run(d, key);
    } else if (!was) {
      insChamp.run(key, now, Buffer.alloc(0));
      for (const d of deletionsStored(key)) insDel.run(d, key);
    } else setDf.run(now, key);
  }

  const setMeta = db.prepare('INSERT OR REPLACE INTO qs_meta(key, value) VALUES (?, ?)');
  setMeta.run('size', String(size));
  setMeta.run('tokens', String(tokens));
  setMeta.run('avgdl', String(size ? tokens / size : 1));
  setMeta.run('sources', JSON.stringify([...sources]));
  setMeta.run('champions', STALE_CHAMPIONS);
}
