/**
 * End to end, issue 13: decided debates over the local Discord, against the real bot (`npm start`). An Oxford
 * debate's vote before, on the motion card's buttons (a debater refused), closed by the first speech with its
 * totals; a Lincoln–Douglas debate with a judge named by a user option, every turn ended with /debate next, the
 * ballot sent through its modal (a bad one refused first) and the result posted with the decision. Every
 * assertion is on the bot's REST calls. The vote after (minutes long) and the deadlines are
 * tests/debate/decided.test.ts and decided-discord.test.ts, on a fake clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, type FakeUser, type RestCall } from '../../discord/fake-discord.js';
import { spawnBot, type BotProcess } from '../../discord/bot-process.js';

const EPHEMERAL = 64;
const fake = new FakeDiscord();
let bot: BotProcess;

const host: FakeUser = { id: '900000000000000002', username: 'ada', permissions: '0' };
const rival: FakeUser = { id: '900000000000000004', username: 'bob', permissions: '0' };
const judge: FakeUser = { id: '900000000000000006', username: 'jude', permissions: '0' };
const carol: FakeUser = { id: '900000000000000008', username: 'carol', permissions: '0' };

beforeAll(async () => {
  await fake.start();
  bot = spawnBot(fake, { env: { TURN_GRACE_SECONDS: '1' } });
  await bot.ready;
}, 60_000);

afterAll(async () => {
  bot?.kill();
  await fake.stop();
});

const posted = (channelId: string, pred: (c: RestCall) => boolean = () => true) => (c: RestCall) =>
  c.method === 'POST' && c.path === `/channels/${channelId}/messages` && pred(c);
const saying = (channelId: string, re: RegExp) => posted(channelId, (c) => re.test(c.body?.content ?? ''));

/** Opens a debate and seats ada and bob; returns its thread and the motion card's call and message. */
async function opened(motion: string, format: string) {
  const general = fake.guilds[0]!.channels[0]!.id;
  const from = fake.calls.length;
  await fake.subcommand('debate', 'start', { motion, format, turn_seconds: 60 }, { user: host }).callback();
  const created = await fake.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${general}/threads`, 5000, from);
  const thread = [...fake.threads.values()].find((t) => t.name === created.body.name)!.id as string;
  const cardCall = await fake.waitForCall(posted(thread, (c) => c.body?.embeds?.[0]?.title === 'Motion'), 5000, from);
  const card = fake.message({ embeds: cardCall.body.embeds, components: cardCall.body.components }, thread);
  const [first, second] = cardCall.body.components[0].components;
  await fake.button(first.custom_id, card, { user: host, channelId: thread }).callback();
  await fake.button(second.custom_id, card, { user: rival, channelId: thread }).callback();
  return { thread, cardCall, card, from };
}

describe('decided debates over the local Discord', () => {
  it('GIVEN an Oxford debate THEN the audience votes on the card, a debater cannot, and the first speech closes the vote with its totals', async () => {
    const { thread, cardCall, card, from } = await opened('The NEP should have continued', 'oxford');
    const [voteFor, , undecided] = cardCall.body.components[1].components;
    const vote = async (user: FakeUser, b: any) => (await fake.button(b.custom_id, card, { user, channelId: thread }).callback()).body.data;
    expect(await vote(carol, voteFor)).toMatchObject({ flags: EPHEMERAL, content: expect.stringMatching(/^Your vote before the debate: \*\*For\*\*/) });
    expect(await vote(judge, undecided)).toMatchObject({ flags: EPHEMERAL });
    expect(await vote(host, voteFor)).toMatchObject({ flags: EPHEMERAL, content: 'You are debating: debaters do not vote. The audience decides.' });
    await fake.subcommand('debate', 'begin', {}, { user: host, channelId: thread }).callback();
    const closed = await fake.waitForCall(saying(thread, /vote before the debate is closed/), 5000, from);
    expect(closed.body.content).toBe('🗳️ The vote before the debate is closed: For 50% (1) · Against 0% (0) · undecided 50% (1) — 2 votes.');
    expect(JSON.stringify(fake.calls.slice(from).filter(posted(thread)))).not.toContain(carol.id);
  });

  it('GIVEN a Lincoln–Douglas debate with a judge THEN the ballot goes through its modal and the result is posted', async () => {
    const { thread, from } = await opened('Trotsky would have industrialised faster', 'lincoln-douglas');
    const named = await fake.slash('debate', [{ name: 'judge', type: 1, options: [{ name: 'user', type: 6, value: judge.id }] }], {
      user: host, channelId: thread, resolved: { users: { [judge.id]: { id: judge.id, username: judge.username, discriminator: '0', avatar: null } } },
    }).callback();
    expect(named.body.data).toMatchObject({ flags: EPHEMERAL, content: `<@${judge.id}> is a judge of this debate: they get a ballot when it ends.` });
    await fake.subcommand('debate', 'begin', {}, { user: host, channelId: thread }).callback();
    for (let i = 0; i < 7; i++) await fake.subcommand('debate', 'next', {}, { user: host, channelId: thread }).callback();
    const call = await fake.waitForCall(saying(thread, /Send your ballot by/), 10_000, from);
    const message = fake.message({ content: call.body.content, components: call.body.components }, thread);
    const button = call.body.components[0].components[0].custom_id;
    const form = await fake.form(fake.button(button, message, { user: judge, channelId: thread }));
    const bad = await form.submit({ winner: 'Nobody', scores: 'ada (Affirmative): 76\nbob (Negative): 74', reason: 'Clearer.' }).callback();
    expect(bad.body.data).toMatchObject({ flags: EPHEMERAL, content: expect.stringMatching(/^The winner must be one of the sides: Affirmative or Negative/) });
    const again = await fake.form(fake.button(button, message, { user: judge, channelId: thread }));
    const sent = await again.submit({ winner: 'Negative', scores: 'ada (Affirmative): 76\nbob (Negative): 79', reason: 'Negative answered every figure.' }).callback();
    expect(sent.body.data).toMatchObject({ flags: EPHEMERAL, content: 'Your ballot is in: Negative first, 2 speaker scores. Thank you.' });
    const result = await fake.waitForCall(saying(thread, /The result is in/), 10_000, from);
    const fields = Object.fromEntries(result.body.embeds[0].fields.map((f: any) => [f.name, f.value]));
    expect(fields.Decision).toBe('**Negative** wins on the judges\' decision (1–0).');
    expect(result.raw).toContain('Negative answered every figure.');
    expect(result.raw).toContain('bob (Negative): speaker score 79');
  });
});
