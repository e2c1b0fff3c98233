/**
 * Issue 17, fault suite: REST faults through the local Discord — 403, 404, 429 (retry_after), 500 and slow
 * answers on the routes the bot uses for interaction callbacks, follow-ups, thread creation and thread posts.
 * The real bot (`npm start`) never crashes, answers every interaction (or, when the callback route itself
 * fails, logs it and carries on), and recovers once the fault clears. Thread posts follow the outbox's
 * contract (src/debate/outbox.ts): a post failing past discord.js's retries goes out once the fault clears;
 * a thread that is gone or forbidden pauses its debate, with one log line and the host told.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, type FakeUser, type RestCall, type SentInteraction } from '../../discord/fake-discord.js';
import { spawnBot, until, type BotProcess } from '../../discord/bot-process.js';

const host: FakeUser = { id: '900000000000000002', username: 'ada', permissions: '0' };
const rival: FakeUser = { id: '900000000000000004', username: 'bob', permissions: '0' };
const GENERAL = '900000000000000011';
const SIDE_ROOM = '900000000000000012';
const CALLBACK = /^\/interactions\/[^/]+\/[^/]+\/callback$/;
/**
 * Discord's own deadline for the first answer: the behaviour asserted, not a guess at the machine's speed. The bot
 * defers at 1.5 s, so a busy machine still has 1.5 s to spare.
 */
const DISCORD_DEADLINE_MS = 3_000;

const fake = new FakeDiscord();
fake.guilds[0]!.channels.push({ id: SIDE_ROOM, name: 'side-room', type: 0 });
let bot: BotProcess;
let exitedEarly = false;
/** Every interaction sent here, and whether its callback route was deliberately broken. */
const sent: { s: SentInteraction; broken: boolean }[] = [];

beforeAll(async () => {
  await fake.start();
  bot = spawnBot(fake, { env: { TURN_GRACE_SECONDS: '1', MESSAGE_CONTENT_INTENT: 'false' } });
  void bot.exited.then(() => (exitedEarly = true));
  await bot.ready;
}, 60_000);

afterAll(async () => {
  bot?.kill();
  await fake.stop();
});

const track = (s: SentInteraction, broken = false) => (sent.push({ s, broken }), s);
const answeredOk = (s: SentInteraction) => (c: RestCall) => c.method === 'POST' && c.path === `/interactions/${s.id}/${s.token}/callback` && c.status === 204;
const threadPost = (thread: string, pred: (c: RestCall) => boolean) => (c: RestCall) =>
  c.method === 'POST' && c.path === `/channels/${thread}/messages` && c.status === 200 && pred(c);
const turnOne = (c: RestCall) => /Turn 1 of \d+/.test(c.body?.content ?? '');

function db<T>(fn: (d: Database.Database) => T): T {
  const d = new Database(path.join(bot.tmpDir, 'rostrum.sqlite'), { readonly: true });
  try {
    return fn(d);
  } finally {
    d.close();
  }
}

/** Opens a debate with both sides joined (not begun); returns its thread. */
async function openDebate(turnSeconds = 600, parent = GENERAL): Promise<string> {
  const from = fake.calls.length;
  const s = track(fake.subcommand('debate', 'start', { motion: `Faults ${from}: the NEP should have continued`, sides: 'Aye, Nay', turn_seconds: turnSeconds }, { user: host, channelId: parent }));
  await s.callback();
  const created = await fake.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${parent}/threads` && c.status === 201, 5000, from);
  const thread = created.body && [...fake.threads.values()].filter((t) => t.parent_id === parent).at(-1)!.id;
  await fake.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${thread}/messages` && c.status === 200, 5000, from);
  for (const [user, side] of [[host, 'Aye'], [rival, 'Nay']] as const) await track(fake.subcommand('debate', 'join', { side }, { user, channelId: thread })).callback();
  return thread;
}

/** /debate end, then its confirmation button: ending asks first. */
async function endDebate(where: string, thread: string): Promise<void> {
  const asked = await track(fake.subcommand('debate', 'end', {}, { user: host, channelId: where })).callback();
  const confirm = asked.body.data.components?.[0]?.components?.find((b: { custom_id: string }) => b.custom_id.endsWith(':confirm'));
  expect(confirm, 'the confirmation button').toBeTruthy();
  await track(fake.button(confirm.custom_id, fake.message({}), { user: host, channelId: thread })).callback();
}

const warnLines = (needle: string) => bot.stderr.filter((l) => /"level":(40|50|60)/.test(l) && l.includes(needle));

describe('REST faults on interaction callbacks and follow-ups', () => {
  it('GIVEN a 500 on a callback THEN it is retried and the interaction answered', async () => {
    fake.fault('POST', CALLBACK, { status: 500, times: 1 });
    const s = track(fake.slash('leaderboard'));
    await fake.waitForCall(answeredOk(s), 8000);
  });

  it('GIVEN a 429 with retry_after on a callback THEN it waits as told and answers', async () => {
    fake.fault('POST', CALLBACK, { status: 429, retryAfter: 0.3, times: 1 });
    const s = track(fake.slash('leaderboard'));
    const limited = await fake.waitForCall((c) => c.path.includes(s.token) && c.status === 429, 5000);
    const ok = await fake.waitForCall(answeredOk(s), 8000);
    expect(ok.at - limited.at).toBeGreaterThanOrEqual(250);
  });

  it('GIVEN a slow callback THEN the interaction is answered and others are not held up', async () => {
    fake.fault('POST', CALLBACK, { delayMs: 2000, times: 1 });
    const slow = track(fake.slash('leaderboard'));
    const held = await fake.waitForCall((c) => c.path.includes(slow.token) && c.faulted === true, 5000);
    const next = track(fake.slash('score'));
    await fake.waitForCall(answeredOk(next), 5000);
    expect(held.status).toBeUndefined(); // still held when the next one was answered
    await until(() => held.status !== undefined, 8000);
    expect(held.status).toBe(204);
  });

  it('GIVEN the callback route itself failing (404 Unknown interaction) THEN the bot logs it and carries on', async () => {
    fake.fault('POST', CALLBACK, { status: 404, times: 2, body: { message: 'Unknown interaction', code: 10062 } });
    const s = track(fake.slash('leaderboard'), true);
    await fake.waitForCall((c) => c.path.includes(s.token) && c.status === 404, 5000);
    expect(await until(() => warnLines(s.id).length > 0, 5000)).toBe(true);
    const next = track(fake.slash('leaderboard'));
    await fake.waitForCall(answeredOk(next), 5000);
  });

  it('GIVEN a slow thread creation THEN /debate start is deferred in time, and a 500 on its follow-up edit is retried', async () => {
    fake.fault('POST', /^\/channels\/\d+\/threads$/, { delayMs: 2200, times: 1 });
    fake.fault('PATCH', /^\/webhooks\/[^/]+\/[^/]+\/messages\/@original$/, { status: 500, times: 1 });
    const s = track(fake.subcommand('debate', 'start', { motion: 'Slow threads are still threads', sides: 'Aye, Nay' }, { user: host, channelId: SIDE_ROOM }));
    const cb = await s.callback(5000);
    expect(cb.at - s.sentAt).toBeLessThan(DISCORD_DEADLINE_MS);
    expect(cb.body.type).toBe(5);
    const edit = await fake.waitForCall((c) => c.method === 'PATCH' && c.path.includes(s.token) && c.status === 200, 10_000);
    expect(edit.body.content).toMatch(/Debate opened/);
    const thread = [...fake.threads.values()].filter((t) => t.parent_id === SIDE_ROOM).at(-1)!.id;
    await endDebate(thread, thread);
  });
});

describe('REST faults on thread creation', () => {
  for (const [status, times] of [[403, 1], [404, 1], [500, 4]] as const) {
    it(`GIVEN ${status} when creating the thread THEN /debate start is answered and no debate is left without its card`, async () => {
      const f = fake.fault('POST', new RegExp(`^/channels/${SIDE_ROOM}/threads$`), { status, times });
      const from = fake.calls.length;
      const s = track(fake.subcommand('debate', 'start', { motion: `Thread refused with ${status}`, sides: 'Aye, Nay' }, { user: host, channelId: SIDE_ROOM }));
      const cb = await s.callback(5000);
      const reply = cb.body.type === 5 ? (await fake.waitForCall((c) => c.method === 'PATCH' && c.path.includes(s.token), 10_000, from)).body : cb.body.data;
      expect(reply.content).toBeTruthy();
      f.clear();
      // Every live debate has its card posted where it is held.
      const live = db((d) => d.prepare("SELECT id, channel_id AS channel, card_message_id AS card FROM debates WHERE status <> 'ended'").all() as { id: number; channel: string; card: string | null }[]);
      expect(live.filter((x) => x.card === null)).toEqual([]);
      if (live.some((y) => y.channel === SIDE_ROOM)) await endDebate(SIDE_ROOM, SIDE_ROOM);
    });
  }

  it('GIVEN a 403 on the motion card THEN no debate is created, and the host is told', async () => {
    // Every channel but the parent: the new thread's card is refused.
    const f = fake.fault('POST', new RegExp(`^/channels/(?!${SIDE_ROOM})\\d+/messages$`), { status: 403 });
    const from = fake.calls.length;
    const s = track(fake.subcommand('debate', 'start', { motion: 'A card that cannot be posted', sides: 'Aye, Nay' }, { user: host, channelId: SIDE_ROOM }));
    const cb = await s.callback(5000);
    const reply = cb.body.type === 5 ? (await fake.waitForCall((c) => c.method === 'PATCH' && c.path.includes(s.token), 10_000, from)).body : cb.body.data;
    f.clear();
    expect(reply.content).toBeTruthy();
    const thread = fake.calls.slice(from).find((c) => c.method === 'POST' && /\/threads$/.test(c.path) && c.status === 201);
    const threadId = thread && [...fake.threads.values()].find((t) => t.name === thread.body.name)?.id;
    const liveThere = db((d) => d.prepare("SELECT COUNT(*) FROM debates WHERE status <> 'ended' AND channel_id = ?").pluck().get(threadId ?? '-') as number);
    expect(liveThere).toBe(0);
  });
});

describe('REST faults on thread posts', () => {
  it('GIVEN 429s on the thread THEN the turn is announced once the wait is over', async () => {
    const thread = await openDebate();
    fake.fault('POST', new RegExp(`^/channels/${thread}/messages$`), { status: 429, retryAfter: 0.3, times: 2 });
    await track(fake.subcommand('debate', 'begin', {}, { user: host, channelId: thread })).callback(5000);
    await fake.waitForCall(threadPost(thread, turnOne), 10_000);
  });

  it('GIVEN a slow thread THEN /debate begin is still answered within Discord\'s 3 s, and the turn announced', async () => {
    const thread = await openDebate();
    fake.fault('POST', new RegExp(`^/channels/${thread}/messages$`), { delayMs: 2500, times: 1 });
    const s = track(fake.subcommand('debate', 'begin', {}, { user: host, channelId: thread }));
    const cb = await s.callback(5000);
    expect(cb.at - s.sentAt).toBeLessThan(DISCORD_DEADLINE_MS);
    // The held post is answered late: wait for Discord's answer to it (or a later post of the turn).
    const held = await fake.waitForCall((c) => c.faulted === true && c.path === `/channels/${thread}/messages`, 5000);
    expect(await until(() => fake.calls.some(threadPost(thread, turnOne)), 10_000)).toBe(true);
    expect(held.status).toBe(200);
  });

  it('GIVEN 500s outlasting discord.js\'s retries on a turn announcement THEN it is posted once the fault clears', async () => {
    const thread = await openDebate();
    const f = fake.fault('POST', new RegExp(`^/channels/${thread}/messages$`), { status: 500, times: 4 });
    await track(fake.subcommand('debate', 'begin', {}, { user: host, channelId: thread })).callback(5000);
    expect(await until(() => !f.active, 10_000)).toBe(true);
    await fake.waitForCall(threadPost(thread, turnOne), 10_000);
  });

  for (const [status, halt] of [[403, 'forbidden'], [404, 'gone']] as const) {
    it(`GIVEN a ${status} thread (${halt}) THEN the debate is paused, one line is logged, the host told, and posting stops`, async () => {
      const thread = await openDebate(2);
      const f = fake.fault('POST', new RegExp(`^/channels/${thread}/messages$`), { status });
      const from = fake.calls.length;
      await track(fake.subcommand('debate', 'begin', {}, { user: host, channelId: thread })).callback(5000);
      const paused = await until(() => db((d) => d.prepare('SELECT status FROM debates WHERE channel_id = ?').pluck().get(thread)) === 'paused', 8000);
      expect(paused).toBe(true);
      // The host is told where the debate was started from.
      await fake.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${GENERAL}/messages` && c.status === 200 && (c.body?.content ?? '').includes(thread), 5000, from);
      // Posting stops: the debate's posting is halted and no turn deadline is left to fire; one line was logged.
      const left = db((d) => d.prepare('SELECT d.posting_halted AS halted, (SELECT COUNT(*) FROM deadlines x WHERE x.debate_id = d.id) AS deadlines FROM debates d WHERE d.channel_id = ?').get(thread));
      expect(left).toEqual({ halted: halt, deadlines: 0 });
      expect(await until(() => warnLines(thread).length > 0, 3000)).toBe(true);
      expect(warnLines(thread)).toHaveLength(1);
      // /debate status says why the turns stopped.
      const shown = await track(fake.subcommand('debate', 'status', {}, { user: rival, channelId: thread })).callback(5000);
      const fields = (shown.body.data.embeds?.[0]?.fields ?? []) as { name: string; value: string }[];
      expect(fields.find((x) => x.name === 'Posting stopped')?.value).toMatch(halt === 'gone' ? /thread is gone/ : /may not post in this thread/);
      f.clear();
      if (halt === 'forbidden') {
        // Allowed again, the host resumes it: what the thread missed is posted then.
        await track(fake.subcommand('debate', 'resume', {}, { user: host, channelId: thread })).callback(5000);
        await fake.waitForCall(threadPost(thread, turnOne), 10_000, from);
      }
    });
  }
});

describe('after every fault', () => {
  it('GIVEN the faults cleared THEN the bot is still up, answers, and every interaction sent here was answered', async () => {
    fake.clearFaults();
    const last = track(fake.slash('leaderboard'));
    await fake.waitForCall(answeredOk(last), 5000);
    expect(exitedEarly).toBe(false);
    expect(bot.stderr.filter((l) => /unhandled rejection|uncaught/i.test(l))).toEqual([]);
    const unanswered = sent.filter((x) => !x.broken && !fake.calls.some((c) => c.path === `/interactions/${x.s.id}/${x.s.token}/callback` && (c.status ?? 0) < 300));
    expect(unanswered.map((x) => x.s.id)).toEqual([]);
  });
});
