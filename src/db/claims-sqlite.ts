/**
 * Deadline claims (claims.ts) on SQLite: each claim is one UPDATE … RETURNING, which SQLite runs under its one
 * write lock, so two processes on one file never claim the same row (the loser waits up to busy_timeout).
 */
import type { Database } from './open.js';
import { byDue, checkClaimArgs, type ClaimedDeadline, type DeadlineClaims } from './claims.js';

// The expression of the index deadlines_claimable (migration 8), written the same so that SQLite uses it.
const AVAILABLE_AT = 'max(due_at, coalesce(lease_until, 0))';

/** Claims over `db` on behalf of `host`. */
export function sqliteDeadlineClaims(db: Database, host: string): DeadlineClaims {
  const claim = db.prepare<{ host: string; now: number; until: number; limit: number }, ClaimedDeadline>(`
    UPDATE deadlines SET held_by = @host, lease_until = @until
    WHERE debate_id IN (SELECT debate_id FROM deadlines WHERE ${AVAILABLE_AT} <= @now ORDER BY ${AVAILABLE_AT} LIMIT @limit)
    RETURNING debate_id AS debateId, due_at AS dueAt, lease_until AS leaseUntil`);
  const renew = db.prepare<{ host: string; ids: string; until: number }, { id: number }>(`
    UPDATE deadlines SET lease_until = @until
    WHERE debate_id IN (SELECT value FROM json_each(@ids)) AND held_by = @host
    RETURNING debate_id AS id`);
  const release = db.prepare<{ host: string; ids: string }, { id: number }>(`
    UPDATE deadlines SET held_by = NULL, lease_until = NULL
    WHERE debate_id IN (SELECT value FROM json_each(@ids)) AND held_by = @host
    RETURNING debate_id AS id`);
  const ids = (rows: { id: number }[]) => rows.map((r) => r.id).sort((a, b) => a - b);

  return {
    host,
    async claimDue(now, limit, leaseMs) {
      checkClaimArgs(limit, leaseMs);
      return claim.all({ host, now, until: now + leaseMs, limit }).sort(byDue);
    },
    async renew(debateIds, now, leaseMs) {
      checkClaimArgs(1, leaseMs);
      if (debateIds.length === 0) return [];
      return ids(renew.all({ host, ids: JSON.stringify(debateIds), until: now + leaseMs }));
    },
    async release(debateIds) {
      if (debateIds.length === 0) return [];
      return ids(release.all({ host, ids: JSON.stringify(debateIds) }));
    },
  };
}
