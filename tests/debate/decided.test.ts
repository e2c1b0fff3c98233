/**
 * Whole decided debates in-process, on a fake clock: the Services of build() (its timers the test's), the command
 * handlers of commands/, a recording gateway. An Oxford debate decided by the audience's swing, a Lincoln–Douglas
 * debate decided by judges' ballots (one overdue), every refusal the issue lists, ratings and /rating after, and
 * restarts that find a vote or a ballot deadline passed while the bot was down.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandContext, ComponentContext } from '../../src/seam/command.js';
import type { Actor, Reply } from '../../src/seam/reply.js';
import type { Services } from '../../src/app/services.js';
import { openDatabase } from '../../src/db/open.js';
import * as debate from '../../commands/debate.js';
import * as rating from '../../commands/rating.js';
import * as leaderboard from '../../commands/leaderboard.js';
import { FakeClock, fakeGateway, type FakeGateway } from './fakes.js';
import { makeCorpus } from '../helpers/corpus.js';
import { testServices } from '../helpers/services.js';

const host: Actor = { id: 'host', name: 'Hosta', isModerator: false };
const ann: Actor = { id: 'ann', name: 'Ann', isModerator: false };
const dan: Actor = { id: 'dan', name: 'Dan', isModerator: false };
const voter = (n: number): Actor => ({ id: `v${n}`, name: `Voter ${n}`, isModerator: false });
const jo: Actor = { id: '111', name: 'Jo', isModerator: false };
const kim: Actor = { id: '222', name: 'Kim', isModerator: false };

const open: Services[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function world(opts: { db?: ReturnType<typeof openDatabase>; clock?: FakeClock } = {}) {
  const clock = opts.clock ?? new FakeClock();
  const gateway = fakeGateway(clock);
  const services = testServices(makeCorpus({}), clock, { db: opts.db });
  open.push(services);
  let channelId = 'c1';
  const run = async (actor: Actor, subcommand: string, options: CommandContext['options'] = {}): Promise<Reply> => {
    const r = await debate.execute({ services, commands: [], actor, guildId: 'g1', channelId, subcommand, options, channels: gateway });
    await services.debates.idle();
    return r;
  };
  const press = async (actor: Actor, customId: string, fields?: Record<string, string>): Promise<Reply> => {
    const ctx: ComponentContext = { services, commands: [], actor, guildId: 'g1', channelId, channels: gateway, args: customId.split(':').slice(1), fields };
    const r = await debate.component(ctx);
    await services.debates.idle();
    return r;
  };
  const other = (mod: typeof rating | typeof leaderboard, actor: Actor, options: CommandContext['options'] = {}) =>
    mod.execute({ services, commands: [], actor, guildId: 'g1', channelId, subcommand: null, options, channels: gateway });
  const advance = async (ms: number) => {
    await clock.advance(ms);
    await services.debates.idle();
  };
  return { clock, gateway, services, run, press, other, advance, moveTo: (id: string) => (channelId = id), start: () => services.start(gateway) };
}

const posts = (g: FakeGateway) => g.sent.filter((s) => s.kind === 'post');
const lastPost = (g: FakeGateway, re: RegExp) => posts(g).filter((s) => re.test(s.reply.content ?? '')).at(-1);

/** Begins, then ends every turn at once with /debate next. */
async function speakAll(w: ReturnType<typeof world>, turns: number) {
  expect((await w.run(host, 'begin')).content).toMatch(/^Turn 1/);
  for (let i = 0; i < turns; i++) {
    await w.advance(1_000);
    await w.run(host, 'next');
  }
}

describe('a debate decided by the audience (Oxford)', () => {
  it('GIVEN votes before and after THEN totals stay hidden until each closes, debaters cannot vote, and the swing decides and rates', async () => {
    const w = world();
    await w.start();
    await w.run(host, 'start', { motion: 'This house regrets the NEP\'s end', turn_seconds: 60, vote_minutes: 2 });
    w.moveTo('thread-1');
    const card = posts(w.gateway)[0];
    const [voteFor, voteAgainst, undecided] = card.reply.buttons![1];
    expect([voteFor.label, voteAgainst.label, undecided.label]).toEqual(['Vote For', 'Vote Against', 'Undecided']);
    expect(await w.press(ann, card.reply.buttons![0][0].customId)).toEqual({ ephemeral: true, content: 'You joined For.' });
    await w.run(dan, 'join', { side: 'against' });

    // Before: For 1, Against 2, undecided 2. A vote is changeable and answered privately, without totals.
    expect(await w.press(voter(1), voteAgainst.customId)).toEqual({
      ephemeral: true,
      content: 'Your vote before the debate: **Against**. You can change it until the first speech starts; the totals are shown when it closes.',
    });
    expect((await w.press(voter(1), voteFor.customId)).content).toMatch(/^Your vote before the debate is now \*\*For\*\*\./);
    for (const n of [2, 3]) await w.press(voter(n), voteAgainst.customId);
    for (const n of [4, 5]) await w.press(voter(n), undecided.customId);
    const sentBefore = w.gateway.sent.length;
    expect(await w.press(ann, voteFor.customId)).toEqual({ ephemeral: true, content: 'You are debating: debaters do not vote. The audience decides.' });
    expect(await w.press(voter(6), `debate:vote:${card.reply.buttons![1][0].customId.split(':')[2]}:before:stalin`)).toMatchObject({ ephemeral: true, content: expect.stringMatching(/^That is not a choice in this vote/) });
    expect(w.gateway.sent.length).toBe(sentBefore);
    expect(JSON.stringify(w.gateway.sent)).not.toMatch(/v\d|Voter/);

    // The first speech closes the vote: its totals are posted, and the card loses its vote buttons.
    await speakAll(w, 6);
    expect(lastPost(w.gateway, /vote before the debate is closed/)?.reply.content).toBe(
      '🗳️ The vote before the debate is closed: For 20% (1) · Against 40% (2) · undecided 40% (2) — 5 votes.',
    );
    expect((await w.press(voter(6), voteFor.customId)).content).toMatch(/^The vote before the debate is closed/);

    // The end: the record says the decision follows; the vote after opens, for 2 minutes.
    const rec = posts(w.gateway).find((s) => s.reply.content?.startsWith('The debate has ended'))!;
    expect(rec.reply.embeds![0].fields!.find((f) => f.name === 'Decision')?.value).toBe('To follow: it is posted here once the vote and the ballots close.');
    const call = lastPost(w.gateway, /The audience votes again/)!;
    const [afterFor, afterAgainst] = call.reply.buttons![0];
    for (const n of [1, 2, 4, 5]) await w.press(voter(n), afterFor.customId);
    await w.press(voter(3), afterAgainst.customId);
    expect(lastPost(w.gateway, /is in/)).toBeUndefined();

    // Two minutes on: the vote closes, For swung from 20% to 80% and wins; the record comes again with the result.
    await w.advance(119_999);
    expect(lastPost(w.gateway, /vote after the debate is closed/)).toBeUndefined();
    await w.advance(1);
    expect(lastPost(w.gateway, /vote after the debate is closed/)?.reply.content).toBe('🗳️ The vote after the debate is closed: For 80% (4) · Against 20% (1) · undecided 0% (0) — 5 votes.');
    const result = lastPost(w.gateway, /The result is in/)!;
    const fields = Object.fromEntries(result.reply.embeds![0].fields!.map((f) => [f.name, f.value]));
    expect(fields.Decision).toBe('**For** wins the audience vote by swing (+60 points).');
    expect(fields['Audience vote']).toContain('Swing: For +60, Against -20 points.');
    expect(result.reply.attachments![0].content).toContain('## Decision\n\n**For** wins the audience vote by swing (+60 points).');
    expect((await w.press(voter(6), afterFor.customId)).content).toBe('The vote after the debate is closed; the result is posted in the thread.');

    // Ratings: Ann won, Dan lost; /rating and /leaderboard kind:rating show it.
    const annRating = await w.other(rating, ann);
    expect(annRating.embeds![0].description).toMatch(/^\*\*1[6-9]\d\d ± \d+\*\*\nWins: 1 · Losses: 0\nTrend: \+\d+ over the last 1 decided debate \(\+\d+ W\)\.$/);
    expect((await w.other(rating, ann, { user: 'dan' })).embeds![0].description).toMatch(/Wins: 0 · Losses: 1/);
    expect((await w.other(rating, voter(1))).content).toMatch(/^You have no rating on this server yet/);
    const board = await w.other(leaderboard, ann, { kind: 'rating' });
    expect(board.embeds![0].description).toMatch(/^\*\*1\.\*\* Ann — \d+ ± \d+ \(1 won, 0 lost\)\n\*\*2\.\*\* Dan/);
  });

  it('GIVEN the host ends an Oxford debate early THEN no vote after, no decision and no rating', async () => {
    const w = world();
    await w.start();
    await w.run(host, 'start', { motion: 'Early end', turn_seconds: 60 });
    w.moveTo('thread-1');
    await w.run(ann, 'join', { side: 'for' });
    await w.run(dan, 'join', { side: 'against' });
    await w.run(host, 'begin');
    const ask = await w.run(host, 'end');
    await w.press(host, ask.buttons![0][0].customId);
    const rec = posts(w.gateway).at(-1)!;
    expect(rec.reply.embeds![0].fields!.find((f) => f.name === 'Decision')?.value).toBe('no decision: the debate was ended before every turn was spoken.');
    expect(lastPost(w.gateway, /votes again/)).toBeUndefined();
    await w.advance(3_600_000);
    expect(await w.services.debates.decisions.ratings.all('g1')).toEqual([]);
  });

  it('GIVEN vote_before_minutes THEN the vote before closes at that time if no speech has started, totals posted and the card\'s buttons gone', async () => {
    const w = world();
    await w.start();
    await w.run(host, 'start', { motion: 'Set time', turn_seconds: 60, vote_before_minutes: 10 });
    w.moveTo('thread-1');
    const card = posts(w.gateway)[0];
    expect(card.reply.embeds![0].footer).toContain('audience: vote now, until the first speech or 10 minutes, whichever comes first');
    const voteFor = card.reply.buttons![1][0];
    await w.press(voter(1), voteFor.customId);
    await w.advance(599_999);
    expect(lastPost(w.gateway, /vote before the debate is closed/)).toBeUndefined();
    await w.advance(1);
    expect(lastPost(w.gateway, /vote before the debate is closed/)?.reply.content).toBe('🗳️ The vote before the debate is closed: For 100% (1) · Against 0% (0) · undecided 0% (0) — 1 vote.');
    const edited = w.gateway.sent.filter((s) => s.kind === 'edit').at(-1)!;
    expect(edited.reply.buttons!.flat().map((b) => b.label)).toEqual(['Join For', 'Join Against']);
    expect((await w.press(voter(2), voteFor.customId)).content).toBe('The vote before the debate is closed: its set time ran out. You can vote again when the debate ends.');
  });

  it('GIVEN vote times out of range, or for a format the audience does not decide THEN /debate start refuses, saying which, and opens nothing', async () => {
    const w = world();
    expect(await w.run(host, 'start', { motion: 'Too long', vote_before_minutes: 61 })).toEqual({
      ephemeral: true, content: 'The vote before the debate lasts from 1 to 60 whole minutes; 61 is not allowed.',
    });
    expect(await w.run(host, 'start', { motion: 'No vote', format: 'lincoln-douglas', vote_before_minutes: 5 })).toEqual({
      ephemeral: true, content: 'A Lincoln–Douglas debate is not decided by the audience, so it has no vote: leave out vote_before_minutes, or choose a format the audience decides, such as Oxford.',
    });
    expect((await w.run(host, 'start', { motion: 'No vote', format: 'open-floor', vote_minutes: 5 })).content).toMatch(/^An Open floor debate is not decided by the audience.*leave out vote_minutes/);
    expect(w.gateway.sent).toEqual([]);
  });
});

const BALLOT = { winner: 'Affirmative', scores: 'Ann (Affirmative): 77\nDan (Negative): 74', reason: 'The Affirmative answered the famine figures.' };

async function judgedDebate(w: ReturnType<typeof world>) {
  await w.run(host, 'start', { motion: 'Trotsky would have industrialised faster', format: 'lincoln-douglas', turn_seconds: 60 });
  w.moveTo('thread-1');
  await w.run(ann, 'join', { side: 'aff' });
  await w.run(dan, 'join', { side: 'neg' });
  expect(await w.run(ann, 'judge', { user: jo.id })).toEqual({ ephemeral: true, content: 'Only the host or a moderator (Manage Threads) can name or remove the judges of the debate.' });
  expect(await w.run(host, 'judge', { user: jo.id })).toEqual({ ephemeral: true, content: '<@111> is a judge of this debate: they get a ballot when it ends.' });
  expect((await w.run(host, 'judge', { user: 'ann' })).content).toMatch(/is debating in it: a judge cannot be a debater/);
  await w.run(host, 'judge', { user: kim.id });
  expect((await w.run(jo, 'join', { side: 'neg' })).content).toMatch(/^You are a judge of this debate: a judge cannot join a side/);
}

describe('a debate decided by judges (Lincoln–Douglas)', () => {
  it('GIVEN two judges THEN the ballot form, refusals that store nothing, a reminder, one overdue, and the decision with reasons and speaker scores', async () => {
    const w = world();
    await w.start();
    await judgedDebate(w);
    // No votes in a judged format; no ballot before the end.
    const id = (await w.services.debates.repo.liveInChannel('thread-1'))!;
    expect((await w.press(jo, `debate:ballot:${id}`)).content).toBe('Ballots open when the debate ends; you will be asked in the thread then.');
    await speakAll(w, 7);
    expect((await w.run(host, 'judge', { user: '333' })).content).toMatch(/^There is no debate open here/);

    const call = lastPost(w.gateway, /Send your ballot by/)!;
    expect(call.reply.content).toMatch(/^⚖️ <@111>, <@222>: the debate is over\. Send your ballot by <t:\d+:T> \(<t:\d+:R>\) with the button: the winner, a speaker score for each speaker \(50–100, most 70–80\)/);
    expect(call.reply.allowedUserMentions).toEqual(['111', '222']);
    const button = call.reply.buttons![0][0].customId;

    // The form: the winner, a line per speaker to score, the reason (3 of Discord's 5 fields).
    const opened = await w.press(jo, button);
    expect(opened.form?.customId).toBe(`debate:ballot-form:${id}`);
    expect(opened.form?.fields.map((f) => [f.id, f.label, f.value ?? ''])).toEqual([
      ['winner', 'Winner', ''],
      ['scores', 'Speaker scores, 50–100 (most 70–80)', 'Ann (Affirmative): \nDan (Negative): '],
      ['reason', 'Reason for your decision', ''],
    ]);
    expect(opened.form!.fields.every((f) => f.label.length <= 45)).toBe(true);
    expect(await w.press({ id: '999', name: 'Zed', isModerator: true }, button)).toEqual({ ephemeral: true, content: 'Only the judges of this debate send ballots; you are not one of them.' });

    // Bad ballots are refused, nothing stored; then Jo's ballot is in, and a second one is refused.
    const submit = (actor: Actor, fields: Record<string, string>) => w.press(actor, `debate:ballot-form:${id}`, fields);
    const out = await submit(jo, { ...BALLOT, scores: 'Ann (Affirmative): 120\nDan (Negative): 74' });
    expect(out).toEqual({ ephemeral: true, content: 'Ann\'s speaker score must be from 50 to 100 in whole or half points (most are 70–80); “120” is not. Nothing was stored: open the ballot again and correct it.' });
    expect(await w.services.debates.decisions.repo.ballots(id)).toEqual([]);
    expect(await submit(jo, BALLOT)).toEqual({ ephemeral: true, content: 'Your ballot is in: Affirmative first, 2 speaker scores. Thank you.' });
    expect((await submit(jo, BALLOT)).content).toBe('Your ballot for this debate is already in; a ballot cannot be changed once sent.');
    expect((await submit({ id: '999', name: 'Zed', isModerator: true }, BALLOT)).content).toBe('Only the judges of this debate send ballots; you are not one of them.');
    expect((await w.services.debates.decisions.repo.ballots(id)).map((b) => b.judgeName)).toEqual(['Jo']);

    // Halfway (the ballots have 15 minutes): Kim is reminded, alone.
    await w.advance(450_000);
    const reminder = lastPost(w.gateway, /your ballot is due/)!;
    expect(reminder.reply.content).toMatch(/^⏰ <@222>: your ballot is due by/);
    expect(reminder.reply.allowedUserMentions).toEqual(['222']);

    // The deadline: Kim is overdue, noted; Jo's ballot decides 1–0; a late ballot is refused.
    await w.advance(450_000);
    expect(lastPost(w.gateway, /ballots are closed/)?.reply.content).toBe('⚖️ The ballots are closed: <@222> sent no ballot by the deadline (overdue); the decision is made from the ballots that came in.');
    expect((await submit(kim, BALLOT)).content).toBe('The ballots for this debate are closed: the deadline has passed, so this ballot is not counted.');
    const result = lastPost(w.gateway, /The result is in/)!;
    const fields = Object.fromEntries(result.reply.embeds![0].fields!.map((f) => [f.name, f.value]));
    expect(fields.Decision).toBe('**Affirmative** wins on the judges\' decision (1–0).');
    expect(fields.Judges).toBe('1 of 2 ballots: Affirmative 1–0.\nJo (for Affirmative): “The Affirmative answered the famine figures.”\nNo ballot by the deadline: <@222>.');
    const md = result.reply.attachments![0].content;
    expect(md).toContain('### Speakers\n\n- Ann (Affirmative): speaker score 77\n- Dan (Negative): speaker score 74');
    expect(await w.services.debates.decisions.ratings.get('g1', 'ann')).toMatchObject({ wins: 1, losses: 0 });
  });

  it('GIVEN a ballot form submitted for a debate since deleted THEN refused, nothing stored', async () => {
    const w = world();
    await w.start();
    await judgedDebate(w);
    const id = (await w.services.debates.repo.liveInChannel('thread-1'))!;
    await speakAll(w, 7);
    await w.services.debates.repo.remove(id);
    expect(await w.press(jo, `debate:ballot-form:${id}`, BALLOT)).toEqual({ ephemeral: true, content: 'That debate no longer exists, so your ballot was not counted.' });
  });
});

describe('restarts', () => {
  function tempPath(): string {
    const d = mkdtempSync(join(tmpdir(), 'rostrum-decided-'));
    dirs.push(d);
    return join(d, 'rostrum.sqlite');
  }

  it('GIVEN the vote after the debate ran out while the bot was down THEN it is closed and the result posted at start', async () => {
    const path = tempPath();
    const clock = new FakeClock();
    const first = world({ db: openDatabase(path), clock });
    await first.start();
    await first.run(host, 'start', { motion: 'Restart vote', turn_seconds: 60 });
    first.moveTo('thread-1');
    const card = posts(first.gateway)[0];
    await first.run(ann, 'join', { side: 'for' });
    await first.run(dan, 'join', { side: 'against' });
    await first.press(voter(1), card.reply.buttons![1][1].customId);
    await speakAll(first, 6);
    const after = lastPost(first.gateway, /votes again/)!;
    await first.press(voter(1), after.reply.buttons![0][0].customId);
    await first.services.close();
    open.splice(open.indexOf(first.services), 1);

    const later = new FakeClock(clock.now + 3_600_000);
    const second = world({ db: openDatabase(path), clock: later });
    await second.start();
    await second.services.debates.idle();
    expect(second.gateway.texts()).toEqual([
      'post msg-1: 🗳️ The vote after the debate is closed: For 100% (1) · Against 0% (0) · undecided 0% (0) — 1 vote.',
      'post msg-2: 🏁 The result is in. Here is the debate\'s record with its decision.',
    ]);
    // Closed as of its deadline, not of the restart.
    const d = (await second.services.debates.decisions.decision(1))!;
    expect(d.after?.closedAt).toBe(d.after?.closesAt);
    expect(d.result).toMatchObject({ winner: 'for', by: 'audience' });
  });

  it('GIVEN the ballots\' deadline passed while the bot was down THEN they close at start, the overdue judge noted', async () => {
    const path = tempPath();
    const clock = new FakeClock();
    const first = world({ db: openDatabase(path), clock });
    await first.start();
    await judgedDebate(first);
    await speakAll(first, 7);
    await first.press(jo, 'debate:ballot-form:1', BALLOT);
    await first.services.close();
    open.splice(open.indexOf(first.services), 1);

    const later = new FakeClock(clock.now + 86_400_000);
    const second = world({ db: openDatabase(path), clock: later });
    await second.start();
    await second.services.debates.idle();
    expect(second.gateway.texts()).toEqual([
      'post msg-1: ⚖️ The ballots are closed: <@222> sent no ballot by the deadline (overdue); the decision is made from the ballots that came in.',
      'post msg-2: 🏁 The result is in. Here is the debate\'s record with its decision.',
    ]);
    expect((await second.services.debates.decisions.decision(1))?.result).toMatchObject({ winner: 'aff', judges: { overdue: [{ userId: '222', name: '<@222>' }] } });
  });
});
