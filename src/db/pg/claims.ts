/**
 * Deadline claims (../claims.ts) on PostgreSQL: the due rows are picked with SELECT … FOR UPDATE SKIP LOCKED and
 * leased in the same statement, so hosts claiming at once each take different rows and none waits on another.
 */
import { claimsWith, type DeadlineClaims } from '../claims.js';
import type { Sql } from '../sql.js';

// The expression of the index deadlines_claimable (migration 8), written the same so that PostgreSQL uses it.
const AVAILABLE_AT = 'GREATEST(due_at, COALESCE(lease_until, 0))';

// The rows are updated by ctid, the version the subquery locked (ours until the statement commits): about twice
// the rows per second of a join back on debate_id (tools/bench/claims.ts).
const CLAIM = `
  UPDATE deadlines SET held_by = @host, lease_until = @until::bigint
  WHERE ctid = ANY(ARRAY(
    SELECT ctid FROM deadlines WHERE ${AVAILABLE_AT} <= @now::bigint ORDER BY ${AVAILABLE_AT} LIMIT @limit FOR UPDATE SKIP LOCKED
  ))
  RETURNING debate_id AS "debateId", due_at AS "dueAt", lease_until AS "leaseUntil"`;

/** Claims over a PostgreSQL store on behalf of `host`. */
export function pgDeadlineClaims(sql: Sql, host: string): DeadlineClaims {
  return claimsWith(sql, host, CLAIM);
}
