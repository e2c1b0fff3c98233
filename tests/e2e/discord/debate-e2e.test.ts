/**
 * End to end, issue 4: one short debate from start to end over the local Discord. The real bot (`npm start`,
 * Message Content on, a 1 s grace) against the fake Discord: /debate start, two users join with the Join
 * buttons, begin, the speaker's plain thread post is recorded as an argument, an out-of-turn post gets its
 * private note, the real timer calls time and moves to the next turn (pinging only its speaker), and /debate end,
 * once confirmed, posts the record with the Markdown transcript. Then, in a second debate, /sources reviews an
 * argument made with /argue (posted by the bot, so not in the history it reads) along with the thread's posts.
 * Every assertion is on the bot's REST calls. One turn is waited for, to prove the process's real timers; the
 * warnings, extensions and exact deadlines are tests/debate/debate-flow.test.ts, on a fake clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, type FakeUser, type RestCall, type SentInteraction } from '../../discord/fake-discord.js';
import { spawnBot, type BotProcess } from '../../discord/bot-process.js';

const EPHEMERAL = 64;
const TURN_SECONDS = 3;
const GRACE_SECONDS = 1;

const fake = new FakeDiscord();
let bot: BotProcess;

const host: FakeUser = { id: '900000000000000002', username: 'ada', permissions: '0' };
const rival: FakeUser = { id: '900000000000000004', username: 'bob', permissions: '0' };

beforeAll(async () => {
  await fake.start();
  bot = spawnBot(fake, { env: { MESSAGE_CONTENT_INTENT: 'true', TURN_GRACE_SECONDS: String(GRACE_SECONDS) } });
  await bot.ready;
}, 60_000);

afterAll(async () => {
  bot?.kill();
  await fake.stop();
});

/** What the user sees of a reply: the callback's, or after a deferral the message that follows it. */
async function seen(sent: SentInteraction): Promise<any> {
  const from = fake.calls.length;
  const cb = await sent.callback();
  if (cb.body.type !== 5) return cb.body.data;
  return (await fake.waitForCall((c) => c.path.includes(sent.token) && !c.path.endsWith('/callback'), 10_000, from)).body;
}

const posted = (channelId: string, pred: (c: RestCall) => boolean = () => true) => (c: RestCall) =>
  c.method === 'POST' && c.path === `/channels/${channelId}/messages` && pred(c);

describe('a short debate from start to end over the local Discord', () => {
  it('GIVEN start, Join buttons, begin, posts and the real timer THEN every step reaches Discord as it should', async () => {
    const general = fake.guilds[0]!.channels[0]!.id;

    // /debate start: a thread, and the motion card in it with one Join button per side.
    let from = fake.calls.length;
    const start = await fake
      .subcommand('debate', 'start', { motion: 'Trotsky would have industrialised faster', sides: 'Trotsky, Stalin', turn_seconds: TURN_SECONDS }, { user: host })
      .callback();
    expect(start.body.type).toBe(4);
    const created = await fake.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${general}/threads`, 5000, from);
    const thread = [...fake.threads.values()].find((t) => t.name === created.body.name)!.id as string;
    const cardCall = await fake.waitForCall(posted(thread, (c) => c.body?.embeds?.[0]?.title === 'Motion'), 5000, from);
    const joinButtons = cardCall.body.components[0].components;
    expect(joinButtons.map((b: any) => b.label)).toEqual(['Join Trotsky', 'Join Stalin']);
    const card = fake.message({ embeds: cardCall.body.embeds, components: cardCall.body.components }, thread);

    // Two users join through the buttons: each gets a private confirmation.
    for (const [user, button, side] of [[host, joinButtons[0], 'Trotsky'], [rival, joinButtons[1], 'Stalin']] as const) {
      from = fake.calls.length;
      const join = await fake.button(button.custom_id, card, { user, channelId: thread }).callback();
      expect(join.body.data.flags).toBe(EPHEMERAL);
      expect(join.body.data.content).toBe(`You joined ${side}.`);
    }

    // begin: the first turn is announced, pinging its speaker only.
    from = fake.calls.length;
    const begin = await fake.subcommand('debate', 'begin', {}, { user: host, channelId: thread }).callback();
    expect(begin.body.data.content).toBe('Turn 1: Opening, ada speaking.');
    const first = await fake.waitForCall(posted(thread, (c) => /Turn 1 of 6/.test(c.body?.content ?? '')), 5000, from);
    expect(first.body.content).toContain(`<@${host.id}>`);
    expect(first.body.allowed_mentions).toMatchObject({ parse: [], users: [host.id] });

    // The speaker's plain post is their argument; the rival's post out of turn gets a private note (a DM).
    const argument = 'As Trotsky wrote, "We have suppressed the Mensheviks and the SRs – and they have disappeared."';
    const post = fake.userMessage(`${argument}\nSource: Terrorism and Communism, 1920`, { user: host, channelId: thread });
    // The post is answered in the thread, as a reply to it: its number and verdict, and the Citation needed button (unless verified).
    const answered = await fake.waitForCall(posted(thread, (c) => /^-# Argument #1 · /.test(c.body?.content ?? '')), 5000, from);
    expect(answered.body.message_reference).toMatchObject({ message_id: post.id });
    expect(answered.body.allowed_mentions).toMatchObject({ parse: [], replied_user: false });
    const outOfTurnFrom = fake.calls.length;
    fake.userMessage('Stalin built the factories, not Trotsky.', { user: rival, channelId: thread });
    const dm = await fake.waitForCall((c) => c.method === 'POST' && c.path === '/users/@me/channels' && c.body?.recipient_id === rival.id, 5000, outOfTurnFrom);
    expect(dm).toBeTruthy();
    const note = await fake.waitForCall((c) => c.method === 'POST' && /^\/channels\/\d+\/messages$/.test(c.path) && /not your turn/.test(c.body?.content ?? ''), 5000, outOfTurnFrom);
    expect(note.path).not.toBe(`/channels/${thread}/messages`);
    expect(note.body.content).toContain('ada');

    // The real timer: "time" at the deadline, then the next turn on its own after the grace, pinging bob only.
    const time = await fake.waitForCall(posted(thread, (c) => /⏰ Time, ada!/.test(c.body?.content ?? '')), (TURN_SECONDS + 3) * 1000, from);
    expect(time.body.allowed_mentions).toMatchObject({ parse: [], users: [host.id] });
    const second = await fake.waitForCall(posted(thread, (c) => /Turn 2 of 6/.test(c.body?.content ?? '')), (GRACE_SECONDS + 3) * 1000, from);
    expect(second.body.content).toContain(`<@${rival.id}>`);
    expect(second.body.allowed_mentions).toMatchObject({ parse: [], users: [rival.id] });
    // Lower bounds only: the timer never calls time early, however slow the machine.
    expect(time.at - first.at).toBeGreaterThanOrEqual(TURN_SECONDS * 1000 - 200);
    expect(second.at - time.at).toBeGreaterThanOrEqual(GRACE_SECONDS * 1000 - 200);
    // The argument was taken silently: ada got no note.
    const notes = fake.calls.filter((c) => c.method === 'POST' && c.path === '/users/@me/channels');
    expect(notes.map((c) => c.body.recipient_id)).toEqual([rival.id]);

    // The card's edits are coalesced (at most one every 5 s, on a real timer): within that it shows both debaters.
    const edited = await fake.waitForCall((c) => c.method === 'PATCH' && c.path.startsWith(`/channels/${thread}/messages/`) && JSON.stringify(c.body?.embeds).includes('bob'), 6000);
    expect(JSON.stringify(edited.body.embeds)).toContain('ada');
    expect(edited.body.embeds[0].fields.map((f: any) => f.name)).toEqual(['Trotsky (1/3)', 'Stalin (1/3)']);

    // /debate end, confirmed: the record in the thread, with the transcript listing the argument and its citation.
    from = fake.calls.length;
    const ask = await fake.subcommand('debate', 'end', {}, { user: host, channelId: thread }).callback();
    expect(ask.body.data).toMatchObject({ flags: EPHEMERAL, content: expect.stringMatching(/^End the debate/) });
    const confirm = ask.body.data.components[0].components.find((b: any) => b.label === 'End the debate');
    await fake.button(confirm.custom_id, fake.message({ ...ask.body.data }, thread), { user: host, channelId: thread }).callback();
    const recordCall = await fake.waitForCall(posted(thread, (c) => /^Record:/.test(c.body?.embeds?.[0]?.title ?? '')), 5000, from);
    expect(recordCall.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(recordCall.raw).toMatch(/filename="debate-\d+-transcript\.md"/);
    const fields = recordCall.body.embeds[0].fields.map((f: any) => `${f.name}: ${f.value}`).join('\n');
    expect(fields).toMatch(/Trotsky: Speakers: ada\n1 argument: 1 cited/);
    expect(fields).toMatch(/Stalin: Speakers: bob\n0 arguments/);
    expect(fields).toMatch(/Turns used: 2 of 6/);
    expect(recordCall.raw).toContain('# Trotsky would have industrialised faster');
    expect(recordCall.raw).toContain('## Turn 1: Opening (Trotsky) — ada');
    expect(recordCall.raw).toContain(`- **#1 ada**: ${argument}`);
    expect(recordCall.raw).toContain('Citation: Terrorism and Communism, 1920');
    expect(recordCall.raw).not.toContain('Stalin built the factories');
    expect(recordCall.body.allowed_mentions).toMatchObject({ parse: [] });

    // Acting after the end is refused.
    const late = await fake.subcommand('debate', 'next', {}, { user: host, channelId: thread }).callback();
    expect(late.body.data.flags).toBe(EPHEMERAL);

    // The score: ada's cited argument counts, privately for her and on the server's leaderboard; bob's
    // out-of-turn post does not. Nothing pings.
    const score = await fake.slash('score', [], { user: host, channelId: thread }).callback();
    expect(score.body.data.flags).toBe(EPHEMERAL);
    expect(score.body.data.embeds[0].title).toBe('Score: ada');
    expect(score.body.data.embeds[0].description).toMatch(/All time: 1 argument/);
    const board = await fake.slash('leaderboard', [], { user: rival, channelId: thread }).callback();
    expect(board.body.data.embeds[0].description).toContain('ada');
    expect(board.body.data.embeds[0].description).not.toContain('bob');
    expect(board.body.data.allowed_mentions).toMatchObject({ parse: [] });
  }, 30_000);

  it('GIVEN a post on one\'s turn, an /argue and chatter THEN /sources reviews each once, in order, as its debater\'s', async () => {
    const general = fake.guilds[0]!.channels[0]!.id;
    const from = fake.calls.length;
    await fake.subcommand('debate', 'start', { motion: 'The NEP should have continued', sides: 'Trotsky, Stalin', turn_seconds: 120 }, { user: host }).callback();
    const created = await fake.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${general}/threads`, 5000, from);
    const thread = [...fake.threads.values()].find((t) => t.name === created.body.name)!.id as string;
    for (const [user, side] of [[host, 'Trotsky'], [rival, 'Stalin']] as const) {
      expect((await fake.subcommand('debate', 'join', { side }, { user, channelId: thread }).callback()).body.data.content).toBe(`You joined ${side}.`);
    }
    await fake.subcommand('debate', 'begin', {}, { user: host, channelId: thread }).callback();

    const postedFrom = fake.calls.length;
    fake.userMessage('As Trotsky wrote, "We have suppressed the Mensheviks and the SRs – and they have disappeared."', { user: host, channelId: thread });
    await fake.waitForCall(posted(thread, (c) => /^-# Argument #1 · /.test(c.body?.content ?? '')), 5000, postedFrom); // recorded, and answered
    const announcedFrom = fake.calls.length;
    const argued = await fake.slash('argue', [{ name: 'text', type: 3, value: 'The NEP fed the towns.' }, { name: 'source', type: 3, value: 'https://www.marxists.org/archive/serge/' }], { user: host, channelId: thread }).callback();
    // Numbered in this debate (the post was #1), confirmed privately, announced in the thread by the bot.
    expect(argued.body.data).toMatchObject({ flags: EPHEMERAL, content: 'Recorded as argument #2 · 📎 cited.' });
    const announced = await fake.waitForCall(posted(thread, (c) => /^\*\*ada\*\* \(Trotsky, /.test(c.body?.content ?? '')), 5000, announcedFrom);
    expect(announced.body.content).toMatch(/^\*\*ada\*\* \(Trotsky, .*\): The NEP fed the towns\.[^]*-# Argument #2 · 📎 cited/);
    expect(announced.body.components[0].components[0].label).toBe('Citation needed');
    fake.userMessage('Stalin built the factories, not Trotsky.', { user: rival, channelId: thread });

    const review = await seen(fake.slash('sources', [], { user: host, channelId: thread }));
    expect(review.flags).toBe(EPHEMERAL);
    const [head, page] = review.embeds;
    expect(head.description).toContain(`2 recorded arguments in <#${thread}>, with the verdicts the score holds; 1 other message checked now, not scored.`);
    expect(head.description).toMatch(/\*\*ada\*\* — 2 arguments: 2 cited \(1 verified\), 0 unsourced/);
    expect(page.description).toMatch(/\*\*#1 · ada\*\* — ✅ verified · \[message\]/);
    expect(page.description).toMatch(/\*\*#2 · ada\*\* — 📎 cited\n> The NEP fed the towns\./);
    expect(page.description).toContain('**bob** — ❔ unsourced · not a recorded argument: checked now, not scored');
    expect(page.description).not.toContain('Rostrum');
  }, 15_000);
});
