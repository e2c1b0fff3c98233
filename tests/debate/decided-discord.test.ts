/**
 * A whole decided debate through the real wiring, in-process and on a fake clock: build()'s Services, the commands,
 * and the real discord.js client and router against the local fake Discord, forms included. A custom format decided
 * by both the audience and a judge: votes on the motion card's buttons (a debater's refused), a judge named, the
 * vote closed by the first speech, the vote after, the ballot through its modal (a bad one refused, then sent), and
 * the record with the decision. Votes stay anonymous throughout.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
const fake = new FakeDiscord();
const clock = new FakeClock(Date.now());
const formats = mkdtempSync(join(tmpdir(), 'rostrum-formats-'));
let services: Services;
let bot: Bot;

const host: FakeUser = { id: '900000000000000002', username: 'ada', permissions: '0' };
const rival: FakeUser = { id: '900000000000000004', username: 'bob', permissions: '0' };
const judge: FakeUser = { id: '900000000000000006', username: 'jude', permissions: '0' };
const audience: FakeUser[] = ['carol', 'dave', 'erin'].map((username, i) => ({ id: `90000000000000010${i}`, username, permissions: '0' }));

beforeAll(async () => {
  writeFileSync(join(formats, 'town-hall.json'), JSON.stringify({
    id: 'town-hall', name: 'Town hall', decidedBy: 'both',
    sides: [{ id: 'yes', name: 'Yes', capacity: 1 }, { id: 'no', name: 'No', capacity: 1 }],
    turns: [{ side: 'yes', role: 'Case for', seconds: 60 }, { side: 'no', role: 'Case against', seconds: 60 }],
  }));
  await fake.start();
  const config = loadConfig({
    DISCORD_TOKEN: 'test-token-for-decided-debate', DISCORD_APP_ID: fake.appId, DISCORD_API_BASE: fake.apiBase,
    MESSAGE_CONTENT_INTENT: 'true', TURN_GRACE_SECONDS: '10', BACKUP_INTERVAL_HOURS: '0',
  });
  const corpus = makeCorpus({});
  const library = libraryOf({ corpus, search: createQuoteSearch(corpus) }, { log: silent, now: clock.read });
  services = build({ config, log: silent, clock: clock.read, timers: clock, db: openDatabase(':memory:'), library, formatsDir: formats });
  bot = await startBot({ config, log: silent, services, commands: await loadCommands() });
});

afterAll(async () => {
  await bot?.stop(1000);
  await fake.stop();
  rmSync(formats, { recursive: true, force: true });
});

const posted = (channelId: string, pred: (c: RestCall) => boolean = () => true) => (c: RestCall) =>
  c.method === 'POST' && c.path === `/channels/${channelId}/messages` && pred(c);
const saying = (channelId: string, re: RegExp) => posted(channelId, (c) => re.test(c.body?.content ?? ''));

async function advance(ms: number): Promise<void> {
  await clock.advance(ms);
  await services.debates.idle();
}

describe('a decided debate through build(), the commands, the router and forms, on a fake clock', () => {
  it('GIVEN votes, a judge and a ballot sent through its modal THEN the result reaches the thread, votes anonymous', async () => {
    const general = fake.guilds[0]!.channels[0]!.id;
    let from = fake.calls.length;
    const start = await fake.subcommand('debate', 'start', { motion: 'The NEP should have continued', format: 'town-hall', vote_minutes: 1 }, { user: host }).callback();
    expect(start.body.type).toBe(4);
    const created = await fake.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${general}/threads`, 5000, from);
    const thread = [...fake.threads.values()].find((t) => t.name === created.body.name)!.id as string;
    const cardCall = await fake.waitForCall(posted(thread, (c) => c.body?.embeds?.[0]?.title === 'Motion'), 5000, from);
    const card = fake.message({ embeds: cardCall.body.embeds, components: cardCall.body.components }, thread);
    const [joinYes, joinNo] = cardCall.body.components[0].components;
    const [voteYes, voteNo, undecided] = cardCall.body.components[1].components;
    expect([voteYes.label, voteNo.label, undecided.label]).toEqual(['Vote Yes', 'Vote No', 'Undecided']);
    await fake.button(joinYes.custom_id, card, { user: host, channelId: thread }).callback();
    await fake.button(joinNo.custom_id, card, { user: rival, channelId: thread }).callback();

    // The audience votes privately; a debater cannot.
    const vote = async (user: FakeUser, button: any, on = card) => (await fake.button(button.custom_id, on, { user, channelId: thread }).callback()).body.data;
    expect(await vote(audience[0], voteNo)).toMatchObject({ flags: EPHEMERAL, content: expect.stringMatching(/^Your vote before the debate: \*\*No\*\*\./) });
    expect(await vote(audience[1], voteNo)).toMatchObject({ flags: EPHEMERAL });
    expect(await vote(audience[2], undecided)).toMatchObject({ flags: EPHEMERAL });
    expect(await vote(rival, voteNo)).toMatchObject({ flags: EPHEMERAL, content: 'You are debating: debaters do not vote. The audience decides.' });

    // The host names a judge (a user option, as Discord sends it).
    const named = await fake.slash('debate', [{ name: 'judge', type: 1, options: [{ name: 'user', type: 6, value: judge.id }] }], {
      user: host, channelId: thread, resolved: { users: { [judge.id]: { id: judge.id, username: judge.username, discriminator: '0', avatar: null } } },
    }).callback();
    expect(named.body.data).toMatchObject({ flags: EPHEMERAL, content: `<@${judge.id}> is a judge of this debate: they get a ballot when it ends.` });

    // The first speech closes the vote before: its totals, nobody named.
    from = fake.calls.length;
    await fake.subcommand('debate', 'begin', {}, { user: host, channelId: thread }).callback();
    const closed = await fake.waitForCall(saying(thread, /vote before the debate is closed/), 5000, from);
    expect(closed.body.content).toBe('🗳️ The vote before the debate is closed: Yes 0% (0) · No 66.7% (2) · undecided 33.3% (1) — 3 votes.');
    await fake.subcommand('debate', 'next', {}, { user: host, channelId: thread }).callback();
    await fake.subcommand('debate', 'next', {}, { user: rival, channelId: thread }).callback();

    // The end: the vote after, and the ballot call pinging the judge.
    const again = await fake.waitForCall(saying(thread, /The audience votes again/), 5000, from);
    const againMessage = fake.message({ content: again.body.content, components: again.body.components }, thread);
    const [afterYes, afterNo] = again.body.components[0].components;
    for (const u of audience.slice(0, 2)) await vote(u, afterYes, againMessage);
    await vote(audience[2], afterNo, againMessage);
    const call = await fake.waitForCall(saying(thread, /Send your ballot by/), 5000, from);
    expect(call.body.allowed_mentions).toMatchObject({ parse: [], users: [judge.id] });
    const callMessage = fake.message({ content: call.body.content, components: call.body.components }, thread);
    const ballotButton = call.body.components[0].components[0].custom_id;

    // The ballot, through its modal: a score off the scale is refused, nothing stored; then it is sent.
    const form = await fake.form(fake.button(ballotButton, callMessage, { user: judge, channelId: thread }));
    expect(form.fields.map((f) => f.id)).toEqual(['winner', 'scores', 'reason']);
    expect(form.fields[1].value).toBe('ada (Yes): \nbob (No): ');
    const bad = await form.submit({ winner: 'Yes', scores: 'ada (Yes): 130\nbob (No): 74', reason: 'Yes carried the grain figures.' }).callback();
    expect(bad.body.data).toMatchObject({ flags: EPHEMERAL, content: expect.stringMatching(/ada's speaker score must be from 50 to 100/) });
    const second = await fake.form(fake.button(ballotButton, callMessage, { user: judge, channelId: thread }));
    const sent = await second.submit({ winner: 'Yes', scores: 'ada (Yes): 78\nbob (No): 74', reason: 'Yes carried the grain figures.' }).callback();
    expect(sent.body.data).toMatchObject({ flags: EPHEMERAL, content: 'Your ballot is in: Yes first, 2 speaker scores. Thank you.' });
    const refused = await fake.button(ballotButton, callMessage, { user: judge, channelId: thread }).callback();
    expect(refused.body.data).toMatchObject({ flags: EPHEMERAL, content: 'Your ballot for this debate is already in; a ballot cannot be changed once sent.' });

    // A minute on, the vote after closes and the result is posted: the judge's decision stands, the swing beside it.
    await advance(60_000);
    const result = await fake.waitForCall(saying(thread, /The result is in/), 5000, from);
    const fields = Object.fromEntries(result.body.embeds[0].fields.map((f: any) => [f.name, f.value]));
    expect(fields.Decision).toBe('**Yes** wins on the judges\' decision (1–0).');
    expect(fields['Audience vote']).toContain('Swing: Yes +66.7, No -33.3 points.');
    expect(result.raw).toContain('speaker score 78');
    // Anonymous: no voter's name or id in anything the bot sent.
    for (const u of audience) expect(JSON.stringify(fake.calls.slice(from).filter(posted(thread)))).not.toContain(u.id);
  });
});
