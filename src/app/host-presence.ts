/**
 * This process among the hosts sharing one store: it joins with its shards before it connects to Discord (a
 * clash with a live host is refused in one line, nothing connected), renews its lease a few times per lease
 * while it runs, and leaves on a clean stop so that a successor may start at once.
 */
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Timers } from '../db/deadline-timer.js';
import { HostRepository, type HostShards } from '../db/hosts-repo.js';
import type { Sql } from '../db/sql.js';

export interface HostPresence {
  /** The name this process holds its claims under (deadline leases too). */
  readonly name: string;
  leave(): Promise<void>;
}

/** The name and shards this process registers: a forked shard child is a host of its own shards. */
export function hostIdentity(config: Pick<Config, 'hosting' | 'shard' | 'shardChild'>): { name: string; shards: HostShards } {
  const shards = config.shard ?? { ids: [0], count: 1 };
  const name = config.shardChild ? `${config.hosting.name}/shards-${shards.ids.join('-')}` : config.hosting.name;
  return { name, shards };
}

/** Joins (throwing HostConflictError on a clash) and keeps the lease; renewals that fail are logged and retried. */
export async function joinHosts(opts: { sql: Sql; config: Config; now: () => number; timers: Timers; log: Logger }): Promise<HostPresence> {
  const { config, now, timers, log } = opts;
  const { name, shards } = hostIdentity(config);
  const repo = new HostRepository(opts.sql);
  const leaseMs = config.hosting.leaseMs;
  await repo.join(name, shards, now(), leaseMs);
  log.info({ host: name, shards: shards.ids, totalShards: shards.count, leaseMs }, 'joined the hosts sharing the store');
  let stopped = false;
  let handle: unknown = null;
  const renew = () => {
    handle = timers.setTimeout(() => {
      repo.renew(name, now(), leaseMs).then(
        (held) => {
          // Gone only if an operator removed it or another host took the name after a long stall: say so, take it back.
          if (!held && !stopped) {
            log.warn({ host: name }, 'this host\'s row was gone; joining again');
            return repo.join(name, shards, now(), leaseMs);
          }
        },
      ).catch((err) => log.error({ err, host: name }, 'could not renew this host\'s lease; retrying'))
        .finally(() => !stopped && renew());
    }, Math.max(500, Math.floor(leaseMs / 3)));
  };
  renew();
  return {
    name,
    async leave() {
      stopped = true;
      timers.clearTimeout(handle);
      await repo.leave(name).catch((err) => log.warn({ err, host: name }, 'could not leave the hosts table; the lease ends on its own'));
    },
  };
}
