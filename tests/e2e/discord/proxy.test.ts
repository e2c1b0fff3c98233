/**
 * One REST budget: `npm run proxy` in front of the local Discord stand-in, and two bot processes (shards 0 and
 * 1 of 2, as two hosts would run them) with DISCORD_API_BASE pointing at it. Every REST call reaches the
 * stand-in through the proxy, with the bot's own token; after a global 429 neither bot's calls reach Discord
 * until it resets (the proxy answers them 429 itself), instead of each hammering Discord.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, shownText, type RestCall } from '../../discord/fake-discord.js';
import { spawnBot, TEST_TOKEN, until, type BotProcess } from '../../discord/bot-process.js';

const fake = new FakeDiscord();
// A guild belongs to shard (id >> 22) % shardCount: one server per bot process.
fake.guilds = [
  { id: String(4n << 22n), name: 'Even', channels: [{ id: '900000000000000011', name: 'general', type: 0 }, { id: '900000000000000021', name: 'debates', type: 0 }] },
  { id: String(5n << 22n), name: 'Odd', channels: [{ id: '900000000000000012', name: 'general', type: 0 }, { id: '900000000000000022', name: 'debates', type: 0 }] },
];
const [even, odd] = fake.guilds as [(typeof fake.guilds)[0], (typeof fake.guilds)[0]];
let proxy: BotProcess;
let bots: BotProcess[] = [];
let port = 0;
const spawned: BotProcess[] = [];

const quote = (guildId: string) => fake.slash('quote', [{ name: 'query', type: 3, value: 'serge bureaucracy' }], { guildId });
const viaProxy = (c: RestCall) => c.headers.via === '1.1 rostrum-proxy';

/** `npm run proxy` on a free port, forwarding to the stand-in unless `env` says otherwise. */
function startProxy(env: Record<string, string> = {}): BotProcess {
  const p = spawnBot(fake, { args: ['run', '--silent', 'proxy'], env: { PROXY_PORT: '0', ...env } });
  spawned.push(p);
  return p;
}

beforeAll(async () => {
  await fake.start();
  proxy = startProxy({ LOG_LEVEL: 'debug' });
  const [listening] = await proxy.logged((l) => typeof l.msg === 'string' && l.msg.startsWith('listening'));
  port = listening!.port;
  const env = (shard: number) => ({ DISCORD_API_BASE: `http://127.0.0.1:${port}/api`, SHARDS: `[${shard}]`, SHARD_COUNT: '2' });
  const first = spawnBot(fake, { env: env(0) });
  spawned.push(first);
  await first.ready; // builds the shared index once; the second process reuses it
  const second = spawnBot(fake, { env: env(1), tmpDir: first.tmpDir });
  spawned.push(second);
  await second.ready;
  bots = [first, second];
}, 90_000);

afterAll(async () => {
  for (const p of spawned) p.kill();
  await fake.stop();
});

describe('npm run proxy in front of two bot processes', () => {
  it('GIVEN two processes (shards 0 and 1) pointed at the proxy THEN both connect, every REST call passing through it', async () => {
    expect(fake.identifies.map((i) => i.shard).sort()).toEqual([[0, 2], [1, 2]]);
    const ready = await Promise.all(bots.map((b) => b.ready));
    expect(ready.map((r) => r.servers)).toEqual([1, 1]);
    const gateway = fake.calls.filter((c) => c.path === '/gateway/bot');
    expect(gateway.length).toBeGreaterThanOrEqual(2);
    expect(gateway.every((c) => c.headers.authorization === `Bot ${TEST_TOKEN}`)).toBe(true);
    expect(fake.calls.every(viaProxy)).toBe(true);
  });

  it('GIVEN /quote in each server THEN each process answers, its callback reaching Discord through the proxy', async () => {
    for (const g of [even, odd]) {
      const cb = await quote(g.id).callback(10_000);
      expect(cb.body.type).toBe(4);
      expect(cb.body.data.embeds[0].description).toMatch(/Serge/);
      expect(viaProxy(cb)).toBe(true);
      // Discord takes interaction callbacks without the bot token; the proxy adds none.
      expect(cb.headers.authorization).toBeUndefined();
    }
  });

  it('GIVEN /debate start THEN its thread and opening post go through the proxy with the bot token', async () => {
    const from = fake.calls.length;
    const start = await fake.subcommand('debate', 'start', { motion: 'The NEP should have lasted', sides: 'Bukharin, Preobrazhensky', turn_seconds: 60 }, { guildId: odd.id }).callback(10_000);
    expect(start.body.type).toBe(4);
    const general = odd.channels[0]!.id;
    const created = await fake.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${general}/threads`, 10_000, from);
    const thread = [...fake.threads.values()].find((t) => t.name === created.body.name)!.id as string;
    const post = await fake.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${thread}/messages`, 10_000, from);
    for (const c of [created, post]) {
      expect(viaProxy(c)).toBe(true);
      expect(c.headers.authorization).toBe(`Bot ${TEST_TOKEN}`);
    }
  });

  it('GIVEN the base with or without /api THEN the same call; GIVEN another token THEN refused, Discord never sees it', async () => {
    const bot = { authorization: `Bot ${TEST_TOKEN}` };
    for (const base of [`http://127.0.0.1:${port}/api`, `http://127.0.0.1:${port}`]) {
      const res = await fetch(`${base}/v10/gateway/bot`, { headers: bot });
      expect(res.status).toBe(200);
      expect((await res.json()).url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/gateway$/);
    }
    const from = fake.calls.length;
    const other = await fetch(`http://127.0.0.1:${port}/api/v10/users/@me`, { headers: { authorization: 'Bot another-bots-token' } });
    expect(other.status).toBe(401);
    expect(fake.calls.length).toBe(from);
  });

  it('GIVEN a global 429 THEN the proxy holds both processes\' bot-token calls until it resets; each still goes out once', async () => {
    const from = fake.calls.length;
    const threads = /^\/channels\/[^/]+\/threads$/;
    const limit = fake.fault('POST', threads, { status: 429, global: true, retryAfter: 1.5, times: 1 });
    const debate = (g: typeof even, motion: string) =>
      fake.finalReply(fake.subcommand('debate', 'start', { motion, sides: 'Yes, No', turn_seconds: 60 }, { guildId: g.id, channelId: g.channels[1]!.id }));
    const first = debate(even, 'Kronstadt could have been avoided');
    expect(await until(() => limit.hits === 1, 10_000)).toBe(true);
    const limited = fake.calls.slice(from).find((c) => c.faulted)!;
    // The other process starts a debate while the limit holds. Interaction callbacks are not under the global
    // limit and go through; its channel lookup waits, long enough that it defers the reply first.
    const second = debate(odd, 'War communism was a necessity');
    for (const reply of await Promise.all([first, second])) expect(shownText(reply)).toMatch(/Kronstadt|War communism/);
    const created = await Promise.all(
      [even, odd].map((g) => fake.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${g.channels[1]!.id}/threads` && !c.faulted, 15_000, from)),
    );
    // Nothing sent with the bot token reached Discord before the 1.5 s it asked for had passed, and each thread once.
    const held = fake.calls.slice(fake.calls.indexOf(limited) + 1).filter((c) => c.headers.authorization !== undefined);
    expect(held.length).toBeGreaterThanOrEqual(2);
    expect(held.every((c) => c.at >= limited.at + 1500)).toBe(true);
    expect(fake.calls.filter((c) => c.path === created[1]!.path)).toHaveLength(1);
    // The proxy answered the held call itself, as held by the global limit.
    await proxy.logged((l) => l.msg?.startsWith('rate limited') && l.global === true);
  });

  it('GIVEN Discord unreachable THEN a call fails with 502 (never an empty success)', async () => {
    const dead = startProxy({ DISCORD_API_BASE: 'http://127.0.0.1:1/api' });
    const [listening] = await dead.logged((l) => l.msg?.startsWith('listening'));
    const res = await fetch(`http://127.0.0.1:${listening!.port}/api/v10/channels/1/messages`, {
      method: 'POST',
      headers: { authorization: `Bot ${TEST_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'hello' }),
    });
    expect(res.status).toBe(502);
    await dead.stop();
  });

  it('GIVEN a bad setting THEN one line naming it, exit 1', async () => {
    const bad = startProxy({ PROXY_PORT: 'eighty' });
    expect(await bad.exited).toBe(1);
    await bad.closed;
    const lines = bad.stderr.filter((l) => l.trim() !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/PROXY_PORT: expected a port number/);
  });

  it('GIVEN SIGTERM THEN the proxy closes and exits 0', async () => {
    proxy.signal('SIGTERM');
    expect(await proxy.exited).toBe(0);
    await proxy.closed;
    expect(proxy.stderr.some((l) => l.includes('"msg":"bye"'))).toBe(true);
  });
});
