/**
 * Deadline claims (claims.ts) on SQLite: each claim is one UPDATE … RETURNING, which SQLite runs under its one
 * write lock, so two processes on one file never claim the same row (the loser waits up to busy_timeout).
 */
import { claimableAt, claimedColumns, claimsWith, type Claims, type ClaimTable } from './claims.js';
import type { Sql } from './sql.js';

/** When a row can next be claimed: the expression of each `<table>_claimable` index, written the same so SQLite uses it. */
export const sqliteAvailableAt = (t: ClaimTable): string => `max(${t.due}, coalesce(lease_until, 0))`;

/** The claiming statement for `table` (named @host, @now, @until, @limit). */
export function sqliteClaim(t: ClaimTable): string {
  const at = sqliteAvailableAt(t);
  return `
  UPDATE ${t.name} SET held_by = @host, lease_until = @until
  WHERE ${t.key} IN (SELECT ${t.key} FROM ${t.name} WHERE ${claimableAt(t, at, '@now')} ORDER BY ${at} LIMIT @limit)
  RETURNING ${claimedColumns(t)}`;
}

/** Claims of `table`'s deadlines over a SQLite store on behalf of `host`. */
export function sqliteClaims<K extends string>(sql: Sql, host: string, table: ClaimTable<K>): Claims<K> {
  return claimsWith(sql, host, table, sqliteClaim(table));
}
