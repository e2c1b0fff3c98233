/**
 * Deadline claims (claims.ts) on SQLite: each claim is one UPDATE … RETURNING, which SQLite runs under its one
 * write lock, so two processes on one file never claim the same row (the loser waits up to busy_timeout).
 */
import { claimsWith, type DeadlineClaims } from './claims.js';
import type { Sql } from './sql.js';

// The expression of the index deadlines_claimable (migration 8), written the same so that SQLite uses it.
const AVAILABLE_AT = 'max(due_at, coalesce(lease_until, 0))';

const CLAIM = `
  UPDATE deadlines SET held_by = @host, lease_until = @until
  WHERE debate_id IN (SELECT debate_id FROM deadlines WHERE ${AVAILABLE_AT} <= @now ORDER BY ${AVAILABLE_AT} LIMIT @limit)
  RETURNING debate_id AS "debateId", due_at AS "dueAt", lease_until AS "leaseUntil"`;

/** Claims over a SQLite store on behalf of `host`. */
export function sqliteDeadlineClaims(sql: Sql, host: string): DeadlineClaims {
  return claimsWith(sql, host, CLAIM);
}
