/**
 * The hosts sharing one store and the shards each runs (migration 9). A host joins at start and renews its
 * lease while it runs; joining is refused while another live host (lease not yet ended) runs one of the same
 * shards or counts a different shard total. A host restarting under its own name takes its row back at once;
 * one that died without leaving frees its shards when its lease ends.
 */
import type { Sql } from './sql.js';

export interface HostShards {
  /** The shard ids this host runs. */
  ids: readonly number[];
  /** The shard total every host must agree on. */
  count: number;
}

export interface LiveHost extends HostShards {
  name: string;
  startedAt: number;
  leaseUntil: number;
}

/** Another live host's shards collide with these: the message is one line for the operator, as is. */
export class HostConflictError extends Error {
  override name = 'HostConflictError';
}

interface HostRow {
  name: string;
  shard_ids: string;
  shard_count: number;
  started_at: number;
  lease_until: number;
}

const toHost = (r: HostRow): LiveHost => ({
  name: r.name,
  ids: JSON.parse(r.shard_ids) as number[],
  count: r.shard_count,
  startedAt: r.started_at,
  leaseUntil: r.lease_until,
});

export class HostRepository {
  constructor(private readonly sql: Sql) {}

  /**
   * Records `name` as running `shards` until now + leaseMs. Throws HostConflictError, changing nothing, when
   * another live host runs one of the shards or a different total.
   */
  async join(name: string, shards: HostShards, now: number, leaseMs: number): Promise<void> {
    await this.sql.exclusive(async () => {
      for (const other of await this.live(now)) {
        if (other.name === name) continue;
        if (other.count !== shards.count) {
          throw new HostConflictError(
            `Host "${name}" was configured for ${shards.count} shards in all, but host "${other.name}" runs ${other.count}: every host must set the same TOTAL_SHARDS.`,
          );
        }
        const shared = shards.ids.filter((id) => other.ids.includes(id));
        if (shared.length) {
          throw new HostConflictError(
            `Host "${name}" was configured to run shard${shared.length > 1 ? 's' : ''} ${shared.join(', ')}, which host "${other.name}" already runs: give each host its own HOST_SHARDS (or wait ${Math.ceil((other.leaseUntil - now) / 1000)} s if that host has stopped).`,
          );
        }
      }
      await this.sql.run(
        `INSERT INTO hosts (name, shard_ids, shard_count, started_at, lease_until) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET shard_ids = excluded.shard_ids, shard_count = excluded.shard_count,
           started_at = excluded.started_at, lease_until = excluded.lease_until`,
        [name, JSON.stringify([...shards.ids].sort((a, b) => a - b)), shards.count, now, now + leaseMs],
      );
    });
  }

  /** Extends this host's lease to now + leaseMs; false when its row is gone (it left, or another took its name). */
  async renew(name: string, now: number, leaseMs: number): Promise<boolean> {
    return (await this.sql.run('UPDATE hosts SET lease_until = ? WHERE name = ?', [now + leaseMs, name])).changes === 1;
  }

  /** Removes this host's row: its shards are free at once. */
  async leave(name: string): Promise<void> {
    await this.sql.run('DELETE FROM hosts WHERE name = ?', [name]);
  }

  /** The hosts whose lease has not ended by `now`, by name. */
  async live(now: number): Promise<LiveHost[]> {
    return (await this.sql.all<HostRow>('SELECT * FROM hosts WHERE lease_until > ? ORDER BY name', [now])).map(toHost);
  }
}
