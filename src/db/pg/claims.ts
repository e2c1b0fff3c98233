/**
 * Deadline claims (../claims.ts) on PostgreSQL: the due rows are picked with SELECT … FOR UPDATE SKIP LOCKED and
 * leased in the same statement, so hosts claiming at once each take different rows and none waits on another.
 */
import { byDue, checkClaimArgs, type ClaimedDeadline, type DeadlineClaims } from '../claims.js';
import type { Pool } from './pool.js';

// The expression of the index deadlines_claimable (migration 8), written the same so that PostgreSQL uses it.
const AVAILABLE_AT = 'GREATEST(due_at, COALESCE(lease_until, 0))';

// The rows are updated by ctid, the version the subquery locked (ours until the statement commits): about twice
// the rows per second of a join back on debate_id (tools/bench/claims.ts).
const CLAIM = `
  UPDATE deadlines SET held_by = $3, lease_until = $1::bigint + $4::bigint
  WHERE ctid = ANY(ARRAY(
    SELECT ctid FROM deadlines WHERE ${AVAILABLE_AT} <= $1::bigint ORDER BY ${AVAILABLE_AT} LIMIT $2 FOR UPDATE SKIP LOCKED
  ))
  RETURNING debate_id AS "debateId", due_at AS "dueAt", lease_until AS "leaseUntil"`;
const RENEW = `
  UPDATE deadlines SET lease_until = $3::bigint WHERE debate_id = ANY($1::bigint[]) AND held_by = $2
  RETURNING debate_id AS id`;
const RELEASE = `
  UPDATE deadlines SET held_by = NULL, lease_until = NULL WHERE debate_id = ANY($1::bigint[]) AND held_by = $2
  RETURNING debate_id AS id`;

/** Claims over `pool` on behalf of `host`. */
export function pgDeadlineClaims(pool: Pool, host: string): DeadlineClaims {
  const ids = (rows: { id: number }[]) => rows.map((r) => r.id).sort((a, b) => a - b);
  return {
    host,
    async claimDue(now, limit, leaseMs) {
      checkClaimArgs(limit, leaseMs);
      // Named: prepared once per connection.
      const r = await pool.query<ClaimedDeadline>({ name: 'rostrum-claim-due', text: CLAIM, values: [now, limit, host, leaseMs] });
      return r.rows.sort(byDue);
    },
    async renew(debateIds, now, leaseMs) {
      checkClaimArgs(1, leaseMs);
      if (debateIds.length === 0) return [];
      const r = await pool.query<{ id: number }>({ name: 'rostrum-renew-lease', text: RENEW, values: [debateIds, host, now + leaseMs] });
      return ids(r.rows);
    },
    async release(debateIds) {
      if (debateIds.length === 0) return [];
      const r = await pool.query<{ id: number }>({ name: 'rostrum-release-lease', text: RELEASE, values: [debateIds, host] });
      return ids(r.rows);
    },
  };
}
