/**
 * A whole debate through the real wiring, in-process and on a fake clock: the Services of build() (its timers the
 * test's), the commands of commands/, and the real discord.js client and router against the local fake Discord.
 * Start, Join buttons, begin, the speaker's post recorded, an out-of-turn post noted privately, the one-minute
 * and 30-second warnings, time called at the deadline and not a millisecond before, the next turn after the
 * grace and by /debate next, an extension and its warning, the card, /debate end confirmed and the record. No
 * turn is waited for: the clock is advanced. The spawned bot's real timer is tests/e2e/discord/debate-e2e.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { build } from '../../src/app/build.js';
import { libraryOf } from '../../src/app/bootstrap.js';
import { loadCommands } from '../../src/app/command-loader.js';
import { openDatabase } from '../../src/db/open.js';
import { createQuoteSearch } from '../../src/core/search/search.js';
import { startBot, type Bot } from '../../src/discord/run.js';
import type { Services } from '../../src/app/services.js';
import { FakeDiscord, type FakeUser, type RestCall } from '../discord/fake-discord.js';
import { makeCorpus } from '../helpers/corpus.js';
import { FakeClock, silent } from './fakes.js';

const EPHEMERAL = 64;
const TURN_MS = 120_000;
const GRACE_MS = 10_000;

const fake = new FakeDiscord();
const clock = new FakeClock(Date.now());
let services: Services;
let bot: Bot;

const host: FakeUser = { id: '900000000000000002', username: 'ada', permissions: '0' };
const rival: FakeUser = { id: '900000000000000004', username: 'bob', permissions: '0' };
const ARGUMENT = 'As Trotsky wrote, "We have suppressed the Mensheviks and the SRs – and they have disappeared."';

beforeAll(async () => {
  await fake.start();
  const config = loadConfig({
    DISCORD_TOKEN: 'test-token-for-debate-flow', DISCORD_APP_ID: fake.appId, DISCORD_API_BASE: fake.apiBase,
    MESSAGE_CONTENT_INTENT: 'true', TURN_GRACE_SECONDS: String(GRACE_MS / 1000), BACKUP_INTERVAL_HOURS: '0',
  });
  const corpus = makeCorpus({
    author: 'Leon Trotsky',
    quotes: [{ text: 'We have suppressed the Mensheviks and the SRs – and they have disappeared', speaker: 'Leon Trotsky', source: 'Terrorism and Communism' }],
  });
  const library = libraryOf({ corpus, search: createQuoteSearch(corpus) }, { log: silent, now: clock.read });
  services = build({ config, log: silent, clock: clock.read, timers: clock, db: openDatabase(':memory:'), library, formatsDir: '/nonexistent' });
  bot = await startBot({ config, log: silent, services, commands: await loadCommands() });
});

afterAll(async () => {
  await bot?.stop(1000);
  await fake.stop();
});

const posted = (channelId: string, pred: (c: RestCall) => boolean = () => true) => (c: RestCall) =>
  c.method === 'POST' && c.path === `/channels/${channelId}/messages` && pred(c);
const saying = (channelId: string, re: RegExp) => posted(channelId, (c) => re.test(c.body?.content ?? ''));

/** Moves the fake clock on and waits until what fell due is posted. */
async function advance(ms: number): Promise<void> {
  await clock.advance(ms);
  await services.debates.idle();
}

describe('a whole debate through build(), the commands and the router, on a fake clock', () => {
  it('GIVEN start, Join buttons, begin, posts, the clock, next, extend and end THEN every step reaches Discord as it should, on time', async () => {
    const general = fake.guilds[0]!.channels[0]!.id;

    // /debate start: a thread, and the motion card in it with one Join button per side.
    let from = fake.calls.length;
    const start = await fake.subcommand('debate', 'start', { motion: 'Trotsky would have industrialised faster', sides: 'Trotsky, Stalin', turn_seconds: TURN_MS / 1000 }, { user: host }).callback();
    expect(start.body.type).toBe(4);
    const created = await fake.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${general}/threads`, 5000, from);
    const thread = [...fake.threads.values()].find((t) => t.name === created.body.name)!.id as string;
    const cardCall = await fake.waitForCall(posted(thread, (c) => c.body?.embeds?.[0]?.title === 'Motion'), 5000, from);
    const joinButtons = cardCall.body.components[0].components;
    expect(joinButtons.map((b: any) => b.label)).toEqual(['Join Trotsky', 'Join Stalin']);
    // An Oxford debate is decided by the audience: its vote before the debate is on the card too.
    expect(cardCall.body.components[1].components.map((b: any) => b.label)).toEqual(['Vote Trotsky', 'Vote Stalin', 'Undecided']);
    const card = fake.message({ embeds: cardCall.body.embeds, components: cardCall.body.components }, thread);

    // Two users join through the buttons, a minute apart: each gets a private confirmation, and the card shows them.
    for (const [user, button, side] of [[host, joinButtons[0], 'Trotsky'], [rival, joinButtons[1], 'Stalin']] as const) {
      const join = await fake.button(button.custom_id, card, { user, channelId: thread }).callback();
      expect(join.body.data).toMatchObject({ flags: EPHEMERAL, content: `You joined ${side}.` });
      await advance(60_000);
    }
    const edited = await fake.waitForCall((c) => c.method === 'PATCH' && c.path.startsWith(`/channels/${thread}/messages/`) && JSON.stringify(c.body?.embeds).includes('bob'), 5000, from);
    expect(edited.body.embeds[0].fields.map((f: any) => f.name)).toEqual(['Trotsky (1/3)', 'Stalin (1/3)']);

    // begin: the first turn is announced, pinging its speaker only.
    from = fake.calls.length;
    const begin = await fake.subcommand('debate', 'begin', {}, { user: host, channelId: thread }).callback();
    expect(begin.body.data.content).toBe('Turn 1: Opening, ada speaking.');
    const first = await fake.waitForCall(saying(thread, /Turn 1 of 6/), 5000, from);
    expect(first.body.content).toContain(`<@${host.id}>`);
    expect(first.body.allowed_mentions).toMatchObject({ parse: [], users: [host.id] });

    // The speaker's plain post is their argument, answered in the thread as a reply to it; the rival's post out of
    // turn gets a private note (a DM) naming the speaker.
    const post = fake.userMessage(`${ARGUMENT}\nSource: Terrorism and Communism, 1920`, { user: host, channelId: thread });
    const answered = await fake.waitForCall(saying(thread, /^-# Argument #1 · /), 5000, from);
    expect(answered.body.message_reference).toMatchObject({ message_id: post.id });
    expect(answered.body.allowed_mentions).toMatchObject({ parse: [], replied_user: false });
    fake.userMessage('Stalin built the factories, not Trotsky.', { user: rival, channelId: thread });
    const note = await fake.waitForCall((c) => c.method === 'POST' && /^\/channels\/\d+\/messages$/.test(c.path) && /not your turn/.test(c.body?.content ?? ''), 5000, from);
    expect(note.path).not.toBe(`/channels/${thread}/messages`);
    expect(note.body.content).toContain('ada');

    // The clock: a minute left, 30 s left, then time at the deadline and not before.
    await advance(TURN_MS - 60_000);
    expect((await fake.waitForCall(saying(thread, /⏳ 60 s left for ada/), 5000, from)).body.allowed_mentions).toMatchObject({ parse: [], users: [host.id] });
    await advance(30_000);
    await fake.waitForCall(saying(thread, /⏳ 30 s left for ada/), 5000, from);
    await advance(30_000 - 1);
    expect(fake.calls.slice(from).filter(saying(thread, /⏰ Time/))).toEqual([]);
    await advance(1);
    const time = await fake.waitForCall(saying(thread, /⏰ Time, ada! The next turn starts in 10 s, or now with \/debate next\./), 5000, from);
    expect(time.body.allowed_mentions).toMatchObject({ parse: [], users: [host.id] });

    // The next turn on its own once the grace is over, pinging bob only.
    await advance(GRACE_MS - 1);
    expect(fake.calls.slice(from).filter(saying(thread, /Turn 2 of 6/))).toEqual([]);
    await advance(1);
    const second = await fake.waitForCall(saying(thread, /Turn 2 of 6/), 5000, from);
    expect(second.body.content).toContain(`<@${rival.id}>`);
    expect(second.body.allowed_mentions).toMatchObject({ parse: [], users: [rival.id] });

    // The host moves on with /debate next; the turn after it is extended past its warnings, which come again.
    from = fake.calls.length;
    const next = await fake.subcommand('debate', 'next', {}, { user: host, channelId: thread }).callback();
    expect(next.body.data.content).toMatch(/Turn 3/);
    await fake.waitForCall(saying(thread, /Turn 3 of 6/), 5000, from);
    await advance(TURN_MS - 30_000);
    await fake.waitForCall(saying(thread, /⏳ 30 s left for ada/), 5000, from);
    const extend = await fake.subcommand('debate', 'extend', { seconds: 30 }, { user: host, channelId: thread }).callback();
    expect(extend.body.data.content).toBe('Added 30 s to the turn.');
    await fake.waitForCall(saying(thread, /^➕ 30 s added/), 5000, from);
    const warnedFrom = fake.calls.length;
    await advance(29_999);
    expect(fake.calls.slice(warnedFrom).filter(saying(thread, /⏳ 30 s left/))).toEqual([]);
    await advance(1);
    await fake.waitForCall(saying(thread, /⏳ 30 s left for ada/), 5000, warnedFrom);
    // ada's argument was taken silently: only bob got a note.
    expect(fake.calls.filter((c) => c.method === 'POST' && c.path === '/users/@me/channels').map((c) => c.body.recipient_id)).toEqual([rival.id]);

    // /debate end, confirmed: the record in the thread, with the transcript listing the argument and its citation.
    from = fake.calls.length;
    const ask = await fake.subcommand('debate', 'end', {}, { user: host, channelId: thread }).callback();
    expect(ask.body.data).toMatchObject({ flags: EPHEMERAL, content: expect.stringMatching(/^End the debate/) });
    const confirm = ask.body.data.components[0].components.find((b: any) => b.label === 'End the debate');
    await fake.button(confirm.custom_id, fake.message({ ...ask.body.data }, thread), { user: host, channelId: thread }).callback();
    const recordCall = await fake.waitForCall(posted(thread, (c) => /^Record:/.test(c.body?.embeds?.[0]?.title ?? '')), 5000, from);
    expect(recordCall.raw).toMatch(/filename="debate-\d+-transcript\.md"/);
    const fields = recordCall.body.embeds[0].fields.map((f: any) => `${f.name}: ${f.value}`).join('\n');
    expect(fields).toMatch(/Trotsky: Speakers: ada\n1 argument: 1 cited/);
    expect(fields).toMatch(/Stalin: Speakers: bob\n0 arguments/);
    expect(fields).toMatch(/Turns used: 3 of 6/);
    expect(recordCall.raw).toContain('# Trotsky would have industrialised faster');
    expect(recordCall.raw).toContain('## Turn 1: Opening (Trotsky) — ada');
    expect(recordCall.raw).toContain(`- **#1 ada**: ${ARGUMENT}`);
    expect(recordCall.raw).toContain('Citation: Terrorism and Communism, 1920');
    expect(recordCall.raw).not.toContain('Stalin built the factories');
    expect(recordCall.body.allowed_mentions).toMatchObject({ parse: [] });

    // Nothing more is timed, and acting after the end is refused.
    const after = fake.calls.length;
    await advance(10 * TURN_MS);
    expect(fake.calls.slice(after).filter(posted(thread))).toEqual([]);
    const late = await fake.subcommand('debate', 'next', {}, { user: host, channelId: thread }).callback();
    expect(late.body.data.flags).toBe(EPHEMERAL);
  });
});
