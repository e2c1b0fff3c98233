/**
 * Sharding end to end: when the (fake) Discord recommends 2 shards, `npm start` runs a ShardingManager
 * with one process per shard; each shard receives its own servers' interactions; SIGTERM stops them all.
 * Slow by nature (Discord requires 5 s between shard identifies).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../../discord/fake-discord.js';
import { spawnBot, until, type BotProcess } from '../../discord/bot-process.js';

const fake = new FakeDiscord();
fake.recommendedShards = 2;
// A guild belongs to shard (id >> 22) % shardCount.
fake.guilds = [
  { id: String(4n << 22n), name: 'Even', channels: [{ id: '900000000000000011', name: 'general', type: 0 }] },
  { id: String(5n << 22n), name: 'Odd', channels: [{ id: '900000000000000012', name: 'general', type: 0 }] },
];
let bot: BotProcess;

const logs = () => bot.stderr.flatMap((l) => (l.startsWith('{') ? [JSON.parse(l)] : []));
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

beforeAll(async () => {
  await fake.start();
  bot = spawnBot(fake);
  await fake.waitForIdentify(2, 90_000);
  await bot.logged((l) => /^ready/.test(l.msg), 2);
}, 120_000);

afterAll(async () => {
  bot?.kill();
  await fake.stop();
});

describe('npm start when Discord recommends 2 shards', () => {
  it('GIVEN 2 recommended shards THEN two shard processes identify as [0,2] and [1,2], each with its own server', () => {
    expect(fake.identifies.map((i) => i.shard).sort()).toEqual([[0, 2], [1, 2]]);
    const ready = logs().filter((l) => /^ready/.test(l.msg));
    expect(ready).toHaveLength(2);
    expect(new Set(ready.map((l) => l.pid)).size).toBe(2);
    expect(ready.map((l) => l.servers)).toEqual([1, 1]);
  });

  it('GIVEN an interaction in each server THEN the owning shard answers it', async () => {
    for (const g of fake.guilds) {
      const cb = await fake.slash('quote', [{ name: 'query', type: 3, value: 'trotsky' }], { guildId: g.id }).callback();
      expect(cb.body.type).toBe(4);
    }
  });

  it('GIVEN SIGTERM THEN every shard drains and exits, then the manager', async () => {
    const pids = [...new Set(logs().map((l) => l.pid as number))];
    expect(pids).toHaveLength(3);
    bot.signal('SIGTERM');
    await bot.exited;
    await bot.closed; // every line written has been read
    expect(await until(() => !pids.some(alive), 10_000)).toBe(true);
    const l = logs();
    expect(l.filter((x) => x.msg === 'bye')).toHaveLength(2);
    expect(l.some((x) => x.msg === 'all shards stopped')).toBe(true);
  }, 20_000);
});
