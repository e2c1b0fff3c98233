/**
 * Deadline claims (../claims.ts) on PostgreSQL: the due rows are picked with SELECT … FOR UPDATE SKIP LOCKED and
 * leased in the same statement, so hosts claiming at once each take different rows and none waits on another.
 */
import { claimableAt, claimedColumns, claimsWith, type Claims, type ClaimTable } from '../claims.js';
import type { Sql } from '../sql.js';

/** When a row can next be claimed: the expression of each `<table>_claimable` index, written the same so PostgreSQL uses it. */
export const pgAvailableAt = (t: ClaimTable): string => `GREATEST(${t.due}, COALESCE(lease_until, 0))`;

/**
 * The claiming statement for `table` (named @host, @now, @until, @limit). The rows are updated by ctid, the
 * version the subquery locked (ours until the statement commits): about twice the rows per second of a join
 * back on the key (tools/bench/claims.ts).
 */
export function pgClaim(t: ClaimTable): string {
  const at = pgAvailableAt(t);
  return `
  UPDATE ${t.name} SET held_by = @host, lease_until = @until::bigint
  WHERE ctid = ANY(ARRAY(
    SELECT ctid FROM ${t.name} WHERE ${claimableAt(t, at, '@now::bigint')} ORDER BY ${at} LIMIT @limit FOR UPDATE SKIP LOCKED
  ))
  RETURNING ${claimedColumns(t)}`;
}

/** Claims of `table`'s deadlines over a PostgreSQL store on behalf of `host`. */
export function pgClaims<K extends string>(sql: Sql, host: string, table: ClaimTable<K>): Claims<K> {
  return claimsWith(sql, host, table, pgClaim(table));
}
