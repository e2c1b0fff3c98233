/**
 * Deadline claims with leases: how several hosts sharing one store fire each due deadline exactly once. A host
 * claims due rows for a lease of some ms; while the lease holds no other host can claim them; it renews the
 * lease while it works on a row and releases it when done (or the row stops being due, as firing it does). A
 * host that dies stops renewing, and another claims its rows once the lease ends. Leases are compared with the
 * `now` each host passes: the hosts' clocks must agree to well within a lease. The same code serves each table
 * of deadlines (claims-tables.ts), each with `held_by` and `lease_until` columns (migrations 8 and 11).
 * One interface, an adapter per engine: claims-sqlite.ts and pg/claims.ts (each only its claiming statement).
 */
import type { Sql } from './sql.js';

/**
 * A table of deadlines hosts claim. `key` is returned as `as` (the name callers know it by); `live`, when not
 * every row is a deadline, says which are (the claimable index is partial on the same condition).
 */
export interface ClaimTable<K extends string = string> {
  name: string;
  key: string;
  as: K;
  due: string;
  live?: string;
}

/** A deadline this host holds until leaseUntil (ms), named by its table's key. */
export type Claimed<K extends string> = { [k in K]: number } & { dueAt: number; leaseUntil: number };

export interface Claims<K extends string> {
  /** Who claims: the same name on every call from one host, a different one on each host. */
  readonly host: string;
  /**
   * Claims up to `limit` deadlines due at `now` that no lease holds (never held, released, or whose lease ended
   * by `now`), for `leaseMs`; earliest first. Two hosts claiming at once never get the same row.
   */
  claimDue(now: number, limit: number, leaseMs: number): Promise<Claimed<K>[]>;
  /** Extends to now + leaseMs the leases this host still holds among `ids`; returns those it extended. */
  renew(ids: readonly number[], now: number, leaseMs: number): Promise<number[]>;
  /** Gives up this host's hold on `ids` (claimable again at once if still due); returns those released. */
  release(ids: readonly number[]): Promise<number[]>;
  /** When the earliest deadline can next be claimed (due, and its lease over), or null: hosts sleep until then. */
  nextClaimable(): Promise<number | null>;
}

/** A turn deadline this host holds (table `deadlines`). */
export type ClaimedDeadline = Claimed<'debateId'>;
/** Claims of turn deadlines (claims-for.ts's `deadlineClaims`). */
export type DeadlineClaims = Claims<'debateId'>;

/** Deadlines one claim takes at most when firing one at a time; the rest are claimed on the next look, at once. */
export const CLAIM_BATCH = 100;

/** What a timer gets from the work it did on claimed rows: how many fired, and which failed. */
export interface Fired {
  fired: number;
  failed: ReadonlySet<number>;
}

/**
 * One claiming look: claims up to `limit` of `claims`' rows due at `now`, hands their ids (`as`) to `fire`, and
 * releases them; returns how many fired. A fired row whose deadline moved is free to claim already (its save
 * cleared the lease); one that failed stays held until its lease ends, then any host tries it again.
 */
export async function fireClaimed<K extends string>(
  { claims, leaseMs }: { claims: Claims<K>; leaseMs: number },
  as: K,
  now: number,
  limit: number,
  fire: (ids: number[]) => Promise<Fired>,
): Promise<number> {
  const ids = (await claims.claimDue(now, limit, leaseMs)).map((c) => c[as] as number);
  if (ids.length === 0) return 0;
  const { fired, failed } = await fire(ids);
  await claims.release(ids.filter((id) => !failed.has(id)));
  return fired;
}

/** Refuses arguments no caller means (a zero lease would hand a row to the next host at once). */
export function checkClaimArgs(limit: number, leaseMs: number): void {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`claimDue: limit must be a whole number ≥ 1, got ${limit}`);
  if (!Number.isInteger(leaseMs) || leaseMs < 1) throw new RangeError(`a lease must be a whole number of ms ≥ 1, got ${leaseMs}`);
}

/** `table`'s condition that a row is due and unheld at `now`, given the engine's expression of when it is claimable. */
export function claimableAt(table: ClaimTable, availableAt: string, now: string): string {
  return `${table.live ? `${table.live} AND ` : ''}${availableAt} <= ${now}`;
}

/** What a claim returns, named as Claimed<K>. */
export const claimedColumns = (t: ClaimTable): string => `${t.key} AS "${t.as}", ${t.due} AS "dueAt", lease_until AS "leaseUntil"`;

/**
 * Claims over `sql` on behalf of `host`, given the engine's claiming statement for `table` (named @host, @now,
 * @until, @limit; returning claimedColumns). Renewing, releasing and the next claimable time read the same on
 * both engines.
 */
export function claimsWith<K extends string>(sql: Sql, host: string, table: ClaimTable<K>, claim: string): Claims<K> {
  const { name, key, due, as } = table;
  const renew = `UPDATE ${name} SET lease_until = @until WHERE ${key} IN (@ids) AND held_by = @host RETURNING ${key} AS id`;
  const release = `UPDATE ${name} SET held_by = NULL, lease_until = NULL WHERE ${key} IN (@ids) AND held_by = @host RETURNING ${key} AS id`;
  const next = `SELECT MIN(CASE WHEN lease_until > ${due} THEN lease_until ELSE ${due} END) AS due FROM ${name}${table.live ? ` WHERE ${table.live}` : ''}`;
  const ids = (rows: { id: number }[]) => rows.map((r) => r.id).sort((a, b) => a - b);
  // In the order they fell due (the order the engines return rows in is unspecified).
  const byDue = (a: Claimed<K>, b: Claimed<K>) => a.dueAt - b.dueAt || (a[as] as number) - (b[as] as number);
  return {
    host,
    async claimDue(now, limit, leaseMs) {
      checkClaimArgs(limit, leaseMs);
      return (await sql.all<Claimed<K>>(claim, { host, now, until: now + leaseMs, limit })).sort(byDue);
    },
    async renew(keys, now, leaseMs) {
      checkClaimArgs(1, leaseMs);
      if (keys.length === 0) return [];
      return ids(await sql.all(renew, { host, ids: keys, until: now + leaseMs }));
    },
    async release(keys) {
      if (keys.length === 0) return [];
      return ids(await sql.all(release, { host, ids: keys }));
    },
    async nextClaimable() {
      return (await sql.get<{ due: number | null }>(next))?.due ?? null;
    },
  };
}
