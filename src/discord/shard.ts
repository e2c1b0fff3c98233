/**
 * Sharding. One gateway connection (shard) serves up to 2,500 servers; past that Discord requires more, and
 * `GET /gateway/bot` says how many. When it recommends more than one, `npm start` becomes this manager: it
 * forks the same entry point once per shard (discord.js ShardingManager, one process each, spawned 5.5 s
 * apart to respect the identify rate limit) and each child runs the ordinary bot for its shard. The
 * processes share nothing in memory; they share the SQLite database, opened in WAL mode with a busy timeout
 * by whoever opens it, so concurrent short write transactions queue instead of failing. On SIGINT/SIGTERM
 * the manager forwards the signal, waits for every child to drain and exit, then exits 0.
 */
import { ShardingManager, type Shard } from 'discord.js';
import type { Logger } from 'pino';
import type { Config } from '../app/config.js';
import type { Services } from '../app/services.js';

export { ownsGuildFor, shardOfGuild } from '../app/shard-ownership.js';

export interface ShardedOptions {
  config: Config;
  log: Logger;
  services: Services;
  totalShards: number;
  /** The entry point each shard runs; the current script by default. */
  file?: string;
  /** Between shard spawns (ms); Discord allows one identify per 5 s per bucket. */
  spawnDelayMs?: number;
}

export async function runSharded(opts: ShardedOptions): Promise<void> {
  const { config, log, totalShards } = opts;
  const manager = new ShardingManager(opts.file ?? process.argv[1]!, {
    token: config.discordToken!,
    totalShards,
    mode: 'process',
    respawn: true,
    // The children run TypeScript through the same loader as this process (tsx).
    execArgv: process.execArgv,
  });
  manager.on('shardCreate', (shard: Shard) => {
    log.info({ shardId: shard.id, totalShards }, 'shard started');
    shard.on('death', () => log.warn({ shardId: shard.id }, 'shard process exited'));
  });
  // The manager process holds no gateway connection and no database work of its own.
  await opts.services.close();

  let exiting = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (exiting) return;
    exiting = true;
    log.info({ signal }, 'stopping shards');
    manager.respawn = false;
    await Promise.all(
      [...manager.shards.values()].map(
        (shard) =>
          new Promise<void>((resolve) => {
            const child = shard.process;
            if (!child || child.exitCode !== null) return resolve();
            const t = setTimeout(() => (child.kill('SIGKILL'), resolve()), 10_000);
            child.once('exit', () => (clearTimeout(t), resolve()));
            child.kill(signal);
          }),
      ),
    );
    log.info('all shards stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await manager.spawn({ amount: totalShards, delay: opts.spawnDelayMs ?? 5500, timeout: 60_000 });
  log.info({ totalShards }, 'all shards ready');
}
