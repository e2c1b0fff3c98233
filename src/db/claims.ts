/**
 * Deadline claims with leases: how several hosts sharing one store fire each due deadline (the `deadlines`
 * table) exactly once. A host claims due rows for a lease of some ms; while the lease holds no other host can
 * claim them; it renews the lease while it works on a row and releases it when done (or deletes the row, as
 * firing a deadline does). A host that dies stops renewing, and another claims its rows once the lease ends.
 * Leases are compared with the `now` each host passes: the hosts' clocks must agree to well within a lease.
 * One interface, an adapter per engine: claims-sqlite.ts and pg/claims.ts (each only its claiming statement).
 */
import type { Sql } from './sql.js';

/** A deadline this host holds until leaseUntil (ms). */
export interface ClaimedDeadline {
  debateId: number;
  dueAt: number;
  leaseUntil: number;
}

export interface DeadlineClaims {
  /** Who claims: the same name on every call from one host, a different one on each host. */
  readonly host: string;
  /**
   * Claims up to `limit` deadlines due at `now` that no lease holds (never held, released, or whose lease ended
   * by `now`), for `leaseMs`; earliest first. Two hosts claiming at once never get the same row.
   */
  claimDue(now: number, limit: number, leaseMs: number): Promise<ClaimedDeadline[]>;
  /** Extends to now + leaseMs the leases this host still holds among `debateIds`; returns those it extended. */
  renew(debateIds: readonly number[], now: number, leaseMs: number): Promise<number[]>;
  /** Gives up this host's hold on `debateIds` (claimable again at once if still due); returns those released. */
  release(debateIds: readonly number[]): Promise<number[]>;
}

/** Refuses arguments no caller means (a zero lease would hand a row to the next host at once). */
export function checkClaimArgs(limit: number, leaseMs: number): void {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`claimDue: limit must be a whole number ≥ 1, got ${limit}`);
  if (!Number.isInteger(leaseMs) || leaseMs < 1) throw new RangeError(`a lease must be a whole number of ms ≥ 1, got ${leaseMs}`);
}

/** Claims in the order they fell due (the order the engines return rows in is unspecified). */
export const byDue = (a: ClaimedDeadline, b: ClaimedDeadline): number => a.dueAt - b.dueAt || a.debateId - b.debateId;

const RENEW = `
  UPDATE deadlines SET lease_until = @until WHERE debate_id IN (@ids) AND held_by = @host
  RETURNING debate_id AS id`;
const RELEASE = `
  UPDATE deadlines SET held_by = NULL, lease_until = NULL WHERE debate_id IN (@ids) AND held_by = @host
  RETURNING debate_id AS id`;

/**
 * Claims over `sql` on behalf of `host`, given the engine's claiming statement (named @host, @now, @until,
 * @limit; returning "debateId", "dueAt", "leaseUntil"). Renewing and releasing read the same on both engines.
 */
export function claimsWith(sql: Sql, host: string, claim: string): DeadlineClaims {
  const ids = (rows: { id: number }[]) => rows.map((r) => r.id).sort((a, b) => a - b);
  return {
    host,
    async claimDue(now, limit, leaseMs) {
      checkClaimArgs(limit, leaseMs);
      return (await sql.all<ClaimedDeadline>(claim, { host, now, until: now + leaseMs, limit })).sort(byDue);
    },
    async renew(debateIds, now, leaseMs) {
      checkClaimArgs(1, leaseMs);
      if (debateIds.length === 0) return [];
      return ids(await sql.all(RENEW, { host, ids: debateIds, until: now + leaseMs }));
    },
    async release(debateIds) {
      if (debateIds.length === 0) return [];
      return ids(await sql.all(RELEASE, { host, ids: debateIds }));
    },
  };
}
