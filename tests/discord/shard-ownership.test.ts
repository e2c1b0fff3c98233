import { describe, expect, it } from 'vitest';
import { ShardClientUtil } from 'discord.js';
import { ownsGuildFor, shardOfGuild } from '../../src/discord/shard.js';

describe('shard ownership', () => {
  it('GIVEN guild ids THEN the shard matches discord.js ShardClientUtil.shardIdForGuildId', () => {
    for (const id of ['81384788765712384', '222078108977594368', String(4n << 22n), String(5n << 22n)]) {
      for (const count of [1, 2, 3, 16]) expect(shardOfGuild(id, count)).toBe(ShardClientUtil.shardIdForGuildId(id, count));
    }
  });

  it('GIVEN an unsharded process THEN no filter; GIVEN shard 1 of 2 THEN only its guilds, DMs on shard 0', () => {
    expect(ownsGuildFor({ shard: null })).toBeUndefined();
    const owns = ownsGuildFor({ shard: { ids: [1], count: 2 } })!;
    expect(owns(String(5n << 22n))).toBe(true);
    expect(owns(String(4n << 22n))).toBe(false);
    expect(owns(null)).toBe(false);
    expect(ownsGuildFor({ shard: { ids: [0], count: 2 } })!(null)).toBe(true);
  });
});
