/** Which shard process owns a guild: pure, so services can use it without loading discord.js. */
import type { Config } from './config.js';

/** The shard that receives a guild's events: (guild id >> 22) mod shard count, as Discord assigns them. */
export function shardOfGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/**
 * For services shared across shard processes (the debate timers): whether this process owns a guild.
 * Undefined when unsharded (this process owns everything). Guild-less work (DMs) belongs to shard 0.
 */
export function ownsGuildFor(config: Pick<Config, 'shard'>): ((guildId: string | null) => boolean) | undefined {
  const shard = config.shard;
  if (!shard || shard.count <= 1) return undefined;
  const mine = new Set(shard.ids);
  return (guildId) => mine.has(guildId && /^\d+$/.test(guildId) ? shardOfGuild(guildId, shard.count) : 0);
}
