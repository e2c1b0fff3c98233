/**
 * End to end: the real bot, started with `npm start` exactly as a user would (token set, DISCORD_API_BASE
 * pointing at the local fake Discord), driven through gateway INTERACTION_CREATE dispatches; assertions on
 * the REST calls it makes. Later commands (debates, scoring) add their flows here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_USER, FakeDiscord, shownText, type RestCall } from '../../discord/fake-discord.js';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, spawnBot, TEST_TOKEN, until, type BotProcess } from '../../discord/bot-process.js';

const EPHEMERAL = 64;
const START_SCRIPT: string = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')).scripts.start;


function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
const fake = new FakeDiscord();
let bot: BotProcess;

const shown = shownText;

/** The reply to an interaction: the callback itself, or the edit that follows a deferral. */
async function answer(sent: { token: string; callback(): Promise<RestCall> }): Promise<{ type: number; data: any }> {
  const from = fake.calls.length;
  const cb = await sent.callback();
  if (cb.body.type !== 5 && cb.body.type !== 6) return cb.body;
  const edit = await fake.waitForCall((c) => c.method === 'PATCH' && c.path.includes(sent.token), 10_000, from);
  return { type: cb.body.type, data: edit.body };
}

const final = (sent: Parameters<FakeDiscord['finalReply']>[0]) => fake.finalReply(sent);

beforeAll(async () => {
  await fake.start();
  bot = spawnBot(fake);
  await bot.ready;
}, 60_000);

afterAll(async () => {
  bot?.kill();
  await fake.stop();
});

describe('npm start against a local Discord', () => {
  it('GIVEN a token THEN it connects with minimal intents and logs one health line', async () => {
    const ready = await bot.ready;
    expect(ready).toMatchObject({ servers: 1 });
    expect(ready.quotations).toBeGreaterThan(0);
    const identify = fake.identifies[0];
    // Guilds (1) | GuildMessages (512) | MessageContent (32768): the default with MESSAGE_CONTENT_INTENT on.
    expect(identify.intents).toBe(1 | 512 | 32768);
    expect(identify.token).toBe(TEST_TOKEN);
  });

  it('GIVEN /quote serge bureaucracy THEN sourced results attributed to Serge, mentions off, public', async () => {
    const reply = await answer(fake.slash('quote', [{ name: 'query', type: 3, value: 'serge bureaucracy' }]));
    expect(reply.type).toBe(4);
    const embed = reply.data.embeds[0];
    expect(embed.title.toLowerCase()).toContain('serge bureaucracy');
    expect(embed.description).toMatch(/— \*\*(Victor )?Serge\*\*/);
    expect(reply.data.allowed_mentions.parse).toEqual([]);
    expect(reply.data.flags ?? 0).toBe(0);
  });

  it('GIVEN a results page with a Next button THEN pressing it edits the message in place (type 7)', async () => {
    const reply = await answer(fake.slash('quote', [{ name: 'query', type: 3, value: 'trotsky' }, { name: 'limit', type: 4, value: 1 }]));
    const buttons = (reply.data.components ?? []).flatMap((row: any) => row.components);
    const next = buttons.find((b: any) => /Next/.test(b.label));
    expect(next?.custom_id).toMatch(/^quote:/);
    const message = fake.message({ embeds: reply.data.embeds, components: reply.data.components });
    const paged = await answer(fake.button(next.custom_id, message));
    expect(paged.type).toBe(7);
    expect(paged.data.embeds[0].footer.text).toMatch(/^2–2 of \d+/);
    expect(shown(paged)).not.toBe(shown(reply));
    const back = (paged.data.components ?? []).flatMap((row: any) => row.components).find((b: any) => /Previous/.test(b.label));
    expect(back?.custom_id).toMatch(/^quote:/);
  });

  it('GIVEN speaker autocomplete THEN matching speakers are offered', async () => {
    const cb = await fake.autocomplete('quote', { query: 'bureaucracy', speaker: 'ser' }, 'speaker').callback();
    expect(cb.body.type).toBe(8);
    const names = cb.body.data.choices.map((c: any) => c.name);
    expect(names.some((n: string) => /serge/i.test(n))).toBe(true);
    expect(names.length).toBeLessThanOrEqual(25);
  });

  it('GIVEN an unknown (stale) command THEN an ephemeral explanation', async () => {
    const cb = await fake.slash('retired-command').callback();
    expect(cb.body.type).toBe(4);
    expect(cb.body.data.flags).toBe(EPHEMERAL);
    expect(cb.body.data.content).toMatch(/not a command this bot knows/);
  });

  it('GIVEN a stale paging button THEN an ephemeral explanation', async () => {
    const cb = await fake.button('quote:page:x:y:#999999').callback();
    expect(cb.body.data.flags).toBe(EPHEMERAL);
  });

  it('GIVEN a 6,000-character query THEN an ephemeral refusal and the bot keeps running', async () => {
    const cb = await fake.slash('quote', [{ name: 'query', type: 3, value: 'trotsky '.repeat(750) }]).callback();
    expect(cb.body.type).toBe(4);
    expect(cb.body.data.flags).toBe(EPHEMERAL);
    expect(cb.body.data.content).toMatch(/6,000 characters/);
    const again = await answer(fake.slash('quote', [{ name: 'query', type: 3, value: 'serge bureaucracy' }]));
    expect(again.data.embeds[0].description).toMatch(/Serge/);
  });

  it('GIVEN /debate start, joins and begin THEN a thread is created, announced in, and every step answered in time', async () => {
    const host = { id: '900000000000000002', username: 'ada', permissions: '0' };
    const rival = { id: '900000000000000004', username: 'bob', permissions: '0' };
    const general = fake.guilds[0]!.channels[0]!.id;
    const from = fake.calls.length;
    const start = await fake.subcommand('debate', 'start', { motion: 'A Trotskyist USSR would have been better', sides: 'Trotsky, Stalin', turn_seconds: 60 }, { user: host }).callback();
    expect(start.body.type).toBe(4);
    const created = await fake.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${general}/threads`, 5000, from);
    expect(created.body.name).toContain('Trotskyist USSR');
    const thread = [...fake.threads.values()].find((t) => t.name === created.body.name)!.id as string;
    await fake.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${thread}/messages`, 5000, from);
    for (const [user, side] of [[host, 'Trotsky'], [rival, 'Stalin']] as const) {
      const join = await fake.subcommand('debate', 'join', { side }, { user, channelId: thread }).callback();
      expect(join.body.type).toBe(4); // answered directly: a timer-message edit never holds up the reply
    }
    const begin = await fake.subcommand('debate', 'begin', {}, { user: host, channelId: thread }).callback();
    expect(begin.body.type).toBe(4);
    fake.userMessage('As Serge wrote, the struggle against bureaucracy (The Serge-Trotsky Papers, 201).', { user: host, channelId: thread });
    const status = await fake.subcommand('debate', 'status', {}, { user: host, channelId: thread }).callback();
    expect(shown(status.body)).toContain('Trotskyist USSR');
    expect(status.body.data.allowed_mentions.parse).toEqual([]);
  });

  it('GIVEN "Check sources" on a message THEN a private verdict with the matched passage (the text comes with the interaction)', async () => {
    const author = { id: '900000000000000005', username: 'cleo', discriminator: '0', avatar: null, global_name: null };
    const target = fake.message({ author, content: 'As Trotsky wrote, "We have suppressed the Mensheviks and the SRs – and they have disappeared." @everyone javascript:alert(1)' });
    const reply = await final(fake.messageCommand('Check sources', target));
    expect(reply.data.flags).toBe(EPHEMERAL);
    const text = shown(reply);
    expect(reply.data.embeds[0].title).toBe('Sources: ✅ verified');
    expect(text).toContain('**cleo** wrote:');
    expect(text).toMatch(/— \*\*Leon Trotsky\*\*, \*The Bureaucracy in Exile/);
    expect(text).not.toMatch(/@everyone|javascript:/);
    expect(reply.data.allowed_mentions.parse).toEqual([]);
  });

  it('GIVEN /sources in a thread with a few messages THEN the thread history is read and reviewed, paged and exportable', async () => {
    const thread = fake.openThread('Was Trotsky right?');
    const people = ['ada', 'bob', 'cleo'].map((username, i) => ({ id: `90000000000000002${i}`, username, permissions: '0' }));
    const posts = [
      [0, 'As Trotsky wrote, "We have suppressed the Mensheviks and the SRs – and they have disappeared."'],
      [1, 'Stalin said "We have suppressed the Mensheviks and the SRs – and they have disappeared"'],
      [2, 'Trotsky was simply right, everyone knows it.'],
      [0, 'See https://www.marxists.org/archive/serge/ for his memoirs.'],
      [1, 'Stalin had no choice. <@&123> @here'],
      [2, 'The bureaucracy won because the revolution was isolated.'],
    ] as const;
    // The gateway delivers these before the /sources interaction below; the bot ignores them (no debate there).
    for (const [who, content] of posts) fake.userMessage(content, { user: people[who], channelId: thread });
    const from = fake.calls.length;
    const reply = await final(fake.slash('sources', [], { channelId: thread }));
    const history = fake.calls.slice(from).find((c) => c.method === 'GET' && c.path === `/channels/${thread}/messages`)!;
    expect(new URLSearchParams(history.query).get('limit')).toBe('100');
    expect(reply.data.flags).toBe(EPHEMERAL);
    const [head, page] = reply.data.embeds;
    expect(head.description).toContain(`6 messages in <#${thread}>. None is a recorded debate argument`);
    expect(head.description).toMatch(/\*\*ada\*\* — 2 arguments: 2 cited \(1 verified\), 0 unsourced/);
    expect(head.description).toMatch(/\*\*bob\*\* — 2 arguments: 0 cited, 1 unsourced, 0 misquoted, 1 misattributed/);
    expect(head.description).toMatch(/\*\*cleo\*\* — 2 arguments: 0 cited, 2 unsourced/);
    expect(page.description).toContain('**1. ada** — ✅ verified');
    expect(page.description).toContain('**2. bob** — ❌ misattributed');
    expect(page.description).toContain('<https://www.marxists.org/archive/serge/>');
    expect(page.footer.text).toBe('Messages 1–5 of 6 · page 1 of 2');
    expect(shown(reply)).not.toMatch(/@here|<@&123>/);
    const row = reply.data.components[0].components;
    expect(row.map((b: any) => b.label)).toEqual(['Next ▶', 'Export as Markdown']);

    const message = fake.message({ embeds: reply.data.embeds, components: reply.data.components, flags: EPHEMERAL }, thread);
    const next = await final(fake.button(row[0].custom_id, message, { channelId: thread }));
    expect(next.type).toBe(7);
    expect(next.data.embeds[1].description).toContain('**6. cleo** — ❔ unsourced');

    const exported = await fake.button(row[1].custom_id, message, { channelId: thread }).callback();
    expect(exported.body.data.flags).toBe(EPHEMERAL);
    expect(exported.raw).toContain(`filename="sources-${thread}.md"`);
    expect(exported.raw).toContain('| bob | 2 | 0 | 0 | 1 | 0 | 1 | 0% |');
    expect(exported.raw).toContain('### 6. cleo — ❔ unsourced');

    // From elsewhere, naming the thread.
    const named = await final(fake.slash('sources', [{ name: 'thread', type: 7, value: thread }]));
    expect(named.data.embeds[0].description).toContain(`6 messages in <#${thread}>`);
  });

  it('GIVEN a thread of 250 messages THEN /sources reads two pages of history and reviews the most recent 200, oldest first', async () => {
    const thread = fake.openThread('A long argument');
    const author = { id: '900000000000000030', username: 'dora', discriminator: '0', avatar: null, global_name: null };
    // History only (no gateway events): as if posted before the bot was there; one bot post to be left out.
    fake.channelMessages.set(thread, Array.from({ length: 250 }, (_, i) => fake.message({ author: i === 249 ? BOT_USER : author, content: `Point number ${i + 1} stands without a source.` }, thread)));
    const from = fake.calls.length;
    const reply = await final(fake.slash('sources', [], { channelId: thread }));
    const gets = fake.calls.slice(from).filter((c) => c.method === 'GET' && c.path === `/channels/${thread}/messages`);
    expect(gets.map((c) => new URLSearchParams(c.query).get('limit'))).toEqual(['100', '100']);
    expect(new URLSearchParams(gets[1]!.query).get('before')).toBe(fake.channelMessages.get(thread)![150]!.id);
    expect(reply.data.embeds[0].description).toContain(`199 messages in <#${thread}>`);
    expect(reply.data.embeds[1].description).toMatch(/^\*\*1\. dora\*\* — ❔ unsourced/);
    expect(reply.data.embeds[1].description).toContain('Point number 51 stands');
  });

  it('GIVEN the whole run THEN logs went to standard error only, and never contain the token', () => {
    expect(bot.stdout.filter((l) => l.startsWith('{'))).toEqual([]);
    expect(bot.stderr.some((l) => l.startsWith('{"level"'))).toBe(true);
    expect(bot.stderr.join('\n')).not.toContain(TEST_TOKEN);
    expect(bot.stdout.join('\n')).not.toContain(TEST_TOKEN);
  });

  it('GIVEN SIGTERM THEN it drains, closes the gateway and the bot process exits 0', async () => {
    const pid = (await bot.ready).pid as number;
    const closed = new Promise<void>((resolve) => fake.onGatewayClose(resolve));
    bot.signal('SIGTERM');
    const code = await bot.exited;
    await closed;
    await bot.closed; // every line it wrote has been read
    expect(await until(() => !isAlive(pid), 5000)).toBe(true);
    const lines = bot.stderr.flatMap((l) => (l.startsWith('{') ? [JSON.parse(l)] : []));
    expect(lines.find((l) => l.msg === 'shutting down')).toMatchObject({ signal: 'SIGTERM', pid });
    expect(lines.find((l) => /in-flight/.test(l.msg))).toMatchObject({ drained: true });
    expect(lines.at(-1)).toMatchObject({ msg: 'bye', pid });
    // npm's own status: 0 when its start script execs tsx (no shell left in between to die of the signal).
    if (/^exec /.test(START_SCRIPT)) expect(code).toBe(0);
  }, 15_000);
});
