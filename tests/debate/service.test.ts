import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/seam/reply.js';
import { openDatabase, type Database } from '../../src/db/open.js';
import { sqliteSql } from '../../src/db/sql-sqlite.js';
import { createDebateService, type DebateService } from '../../src/debate/service.js';
import { makeCorpus } from '../helpers/corpus.js';
import { testServices } from '../helpers/services.js';
import { FakeClock, fakeGateway, silent } from './fakes.js';

const host: Actor = { id: 'host', name: 'Hosta', isModerator: false };
const ann: Actor = { id: 'ann', name: 'Ann', isModerator: false };
const dan: Actor = { id: 'dan', name: 'Dan', isModerator: false };

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'rostrum-debate-'));
  dirs.push(d);
  return d;
}
const services: DebateService[] = [];
afterEach(() => {
  for (const s of services.splice(0)) s.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function make(db: Database, clock: FakeClock, gateway = fakeGateway(clock), formatsDir = tempDir()) {
  const service = createDebateService({ sql: sqliteSql(db), now: clock.read, log: silent, gateway, timers: clock, graceSeconds: 5, formatsDir });
  services.push(service);
  return { service, gateway, db };
}

/** Opens an Oxford debate of 2-minute turns with Ann for and Dan against, begun. */
async function begun(service: DebateService, gateway: ReturnType<typeof fakeGateway>) {
  const out = await service.start({ actor: host, guildId: 'g1', channelId: 'c1', motion: 'This house would rather Trotsky', turnSeconds: 120 }, gateway);
  if (!out.ok) throw new Error(out.message);
  const id = out.state.id;
  expect((await service.actOn(id, ann, { kind: 'join', side: 'for' })).ok).toBe(true);
  expect((await service.act(out.state.channelId, dan, { kind: 'join', side: 'against' })).ok).toBe(true);
  expect((await service.act(out.state.channelId, host, { kind: 'begin' })).ok).toBe(true);
  return out.state;
}

describe('DebateService', () => {
  it('GIVEN start THEN a thread, the motion card with a Join button per side, edited as people join', async () => {
    const clock = new FakeClock();
    const { service, gateway } = make(openDatabase(':memory:'), clock);
    const state = await begun(service, gateway);
    expect(state.channelId).toBe('thread-1');
    expect(state.parentChannelId).toBe('c1');
    const card = gateway.sent[1];
    expect(card.kind).toBe('post');
    expect(card.reply.embeds?.[0]).toMatchObject({ title: 'Motion', description: 'This house would rather Trotsky' });
    expect(card.reply.buttons?.[0].map((b) => b.customId)).toEqual([`debate:join:${state.id}:for`, `debate:join:${state.id}:against`]);
    const edits = gateway.sent.filter((s) => s.kind === 'edit' && s.messageId === card.messageId);
    // Two joins, then the first speech closes the audience's vote before the debate: its buttons go.
    expect(edits).toHaveLength(3);
    expect(edits[1].reply.embeds?.[0].fields?.map((f) => f.value)).toEqual(['Ann', 'Dan']);
    expect(card.reply.buttons?.[1].map((b) => b.label)).toEqual(['Vote For', 'Vote Against', 'Undecided']);
    expect(edits[2].reply.buttons?.map((row) => row.map((b) => b.label))).toEqual([['Join For', 'Join Against']]);
  });

  it('GIVEN a running turn THEN the announcement pings only its speaker; each warning and time a new message pinging the speaker; auto next with no overrun', async () => {
    const clock = new FakeClock();
    const { service, gateway } = make(openDatabase(':memory:'), clock);
    await service.startScheduler();
    const state = await begun(service, gateway);
    const announce = gateway.sent.find((s) => s.reply.content?.includes('you have the floor'));
    expect(announce?.reply.allowedUserMentions).toEqual(['ann']);
    expect(announce?.reply.content).toContain('<@ann>');
    const before = gateway.sent.length;
    await clock.advance(60_000);
    await service.idle();
    await clock.advance(30_000);
    await service.idle();
    const warnings = gateway.sent.slice(before);
    // Each warning is a new message that notifies the speaker alone (an edit would notify nobody).
    expect(warnings.map((w) => [w.kind, w.reply.content, w.reply.allowedUserMentions])).toEqual([
      ['post', '<@ann> ⏳ 60 s left for Ann (Opening, For).', ['ann']],
      ['post', '<@ann> ⏳ 30 s left for Ann (Opening, For).', ['ann']],
    ]);
    await clock.advance(30_000);
    await service.idle();
    expect(gateway.sent.at(-1)?.reply).toEqual({ content: '<@ann> ⏰ Time, Ann! The next turn starts in 5 s, or now with /debate next.', allowedUserMentions: ['ann'] });
    await clock.advance(5_000);
    await service.idle();
    const next = gateway.sent.at(-1);
    expect(next?.reply.content).toContain('Turn 2 of 6: Opening** (Against) — <@dan>');
    expect(next?.reply.allowedUserMentions).toEqual(['dan']);
    expect((await service.repo.load(state.id))?.turns[0]).toMatchObject({ usedMs: 120_000, overrunMs: 0 });
  });

  it('GIVEN the bot crashes mid-turn THEN on restart with a later clock the overdue turn is closed and announced, nothing lost', async () => {
    const path = join(tempDir(), 'data', 'rostrum.sqlite');
    const clock = new FakeClock();
    const first = make(openDatabase(path), clock);
    await first.service.startScheduler();
    const state = await begun(first.service, first.gateway);
    await clock.advance(10_000);
    const posted = await first.service.recordMessage(state.channelId, 'post-1', ann, 'Permanent revolution would have spread.\nSource: Trotsky, The Permanent Revolution');
    expect(posted).toEqual({ kind: 'recorded', debateId: state.id });
    // Crash: no orderly shutdown of the scheduler's state, the connection just goes.
    first.service.stop();
    first.db.close();

    const later = new FakeClock(clock.now + 10 * 60_000);
    const db = openDatabase(path);
    const second = make(db, later);
    expect(await second.service.startScheduler()).toBe(1);
    await second.service.idle();
    expect(second.gateway.texts()).toEqual([
      // The grace ran out while the bot was down: no promise of 5 s before a turn that follows at once.
      'post msg-1: <@ann> ⏰ Time, Ann! The next turn starts now.',
      expect.stringMatching(/^post msg-2: \*\*Turn 2 of 6: Opening\*\* \(Against\) — <@dan>/),
    ]);
    const after = (await second.service.repo.load(state.id))!;
    expect(after.turnIndex).toBe(1);
    expect(after.turns[0]).toMatchObject({ speakerId: 'ann', usedMs: 120_000, overrunMs: 0 });
    expect(after.clock?.deadline).toBe(later.now + 120_000);
    expect(await second.service.arguments(state.id)).toEqual([
      expect.objectContaining({ userId: 'ann', text: 'Permanent revolution would have spread.', source: 'Trotsky, The Permanent Revolution', messageId: 'post-1' }),
    ]);
    // The restarted timer carries on: Dan's one-minute warning comes on time.
    await later.advance(60_000);
    await second.service.idle();
    expect(second.gateway.sent.at(-1)?.reply.content).toBe('<@dan> ⏳ 60 s left for Dan (Opening, Against).');
  });

  it('GIVEN a restart before any deadline THEN nothing fires early and the turn resumes', async () => {
    const path = join(tempDir(), 'r.sqlite');
    const clock = new FakeClock();
    const first = make(openDatabase(path), clock);
    await begun(first.service, first.gateway);
    first.service.stop();
    const later = new FakeClock(clock.now + 30_000);
    const second = make(openDatabase(path), later);
    expect(await second.service.startScheduler()).toBe(0);
    await later.advance(29_999);
    await second.service.idle();
    expect(second.gateway.sent).toEqual([]);
    await later.advance(1);
    await second.service.idle();
    expect(second.gateway.texts()).toEqual(['post msg-1: <@ann> ⏳ 60 s left for Ann (Opening, For).']);
  });

  it('GIVEN thread posts THEN the speaker\'s is an argument once, a debater out of turn gets a note, others nothing', async () => {
    // The thread's message handler as the composition root wires it (the score's, which hands turns to the debate).
    const clock = new FakeClock();
    const built = testServices(makeCorpus({}), clock);
    const gateway = fakeGateway(clock);
    const service = built.debates;
    services.push(service);
    const state = await begun(service, gateway);
    const msg = (actor: Actor, messageId: string, content: string) =>
      built.onMessage({ actor, guildId: 'g1', channelId: state.channelId, messageId, content, channels: gateway });
    expect(await msg(ann, 'a1', 'Socialism in one country was a retreat.')).toBeNull();
    expect(await msg(ann, 'a1', 'Socialism in one country was a retreat (edited).')).toBeNull();
    expect(await msg(dan, 'd1', 'Nonsense!')).toEqual({
      ephemeral: true,
      content: 'Your post stays in the thread, but it is not your turn: the current speaker is Ann, so it is not recorded as an argument.',
    });
    expect(await msg({ id: 'zed', name: 'Zed', isModerator: false }, 'z1', 'popcorn')).toBeNull();
    expect(await service.recordMessage('elsewhere', 'x', ann, 'hello')).toEqual({ kind: 'ignored' });
    expect((await service.arguments(state.id)).map((a) => a.text)).toEqual(['Socialism in one country was a retreat.']);
    await built.close();
  });

  it('GIVEN end THEN the record is posted with a Markdown transcript listing arguments and citations', async () => {
    const clock = new FakeClock();
    const { service, gateway } = make(openDatabase(':memory:'), clock);
    const state = await begun(service, gateway);
    await clock.advance(20_000);
    await service.act(state.channelId, ann, { kind: 'argue', text: 'The Opposition had a plan.', source: 'Deutscher, The Prophet Unarmed' });
    await clock.advance(130_000);
    const out = await service.act(state.channelId, host, { kind: 'end' });
    expect(out.ok).toBe(true);
    const rec = gateway.sent.at(-1)!;
    expect(rec.reply.content).toBe('The debate has ended. Here is its record.');
    const fields = rec.reply.embeds?.[0].fields ?? [];
    expect(fields.map((f) => f.name)).toEqual(['For', 'Against', 'Decision', 'Turns used: 1 of 6', 'Overrun']);
    expect(fields[2].value).toBe('no decision: the debate was ended before every turn was spoken.');
    expect(fields[0].value).toBe('Speakers: Ann\nArguments: 1 (1 with a source)');
    expect(fields[3].value).toBe('1. Opening (For) — Ann: 2:30, 0:30 over');
    const md = rec.reply.attachments?.[0];
    expect(md?.name).toBe(`debate-${state.id}-transcript.md`);
    expect(md?.content).toContain('# This house would rather Trotsky');
    expect(md?.content).toContain('- **#1 Ann**: The Opposition had a plan.\n  - Citation: Deutscher, The Prophet Unarmed (not yet checked)');
    expect(await service.repo.liveInChannel(state.channelId)).toBeNull();
    expect(await service.repo.nextDue()).toBeNull();
  });

  it('GIVEN a second start in the debate\'s own thread THEN refused and no thread is made', async () => {
    const clock = new FakeClock();
    const gateway = fakeGateway(clock, { threads: false });
    const { service } = make(openDatabase(':memory:'), clock, gateway);
    const first = await service.start({ actor: host, guildId: 'g1', channelId: 'c9', motion: 'First motion' }, gateway);
    expect(first.ok && first.state.channelId).toBe('c9');
    const sent = gateway.sent.length;
    const second = await service.start({ actor: host, guildId: 'g1', channelId: 'c9', motion: 'Second motion' }, gateway);
    expect(second.ok ? '' : second.code).toBe('channel-busy');
    expect(gateway.sent.length).toBe(sent);
  });

  it('GIVEN two processes sharing the database THEN each debate\'s timer fires once, in the process that owns its guild', async () => {
    const path = join(tempDir(), 'shared.sqlite');
    const clock = new FakeClock();
    const gA = fakeGateway(clock);
    const gB = fakeGateway(clock);
    const a = createDebateService({ sql: sqliteSql(openDatabase(path)), now: clock.read, log: silent, gateway: gA, timers: clock, formatsDir: tempDir(), ownsGuild: (g) => g === 'g1' });
    const b = createDebateService({ sql: sqliteSql(openDatabase(path)), now: clock.read, log: silent, gateway: gB, timers: clock, formatsDir: tempDir(), ownsGuild: (g) => g !== 'g1' });
    services.push(a, b);
    await a.startScheduler();
    await b.startScheduler();
    const state = await begun(b, gB); // started through B, in guild g1
    const before = gB.sent.length;
    await clock.advance(60_000);
    await a.idle();
    await b.idle();
    expect(gA.texts()).toEqual(['post msg-1: <@ann> ⏳ 60 s left for Ann (Opening, For).']);
    expect(gB.sent.length).toBe(before);
    expect((await a.repo.load(state.id))?.clock?.warned60).toBe(true);
  });

  it('GIVEN thread creation fails THEN a refusal that says what to check, and nothing stored', async () => {
    const clock = new FakeClock();
    const gateway = fakeGateway(clock);
    gateway.createThread = async () => { throw new Error('Missing Permissions'); };
    const { service } = make(openDatabase(':memory:'), clock, gateway);
    const out = await service.start({ actor: host, guildId: 'g1', channelId: 'c1', motion: 'Motion' }, gateway);
    expect(out.ok ? '' : out.message).toContain('could not create a thread');
    expect(await service.repo.liveIds()).toEqual([]);
  });

  it('GIVEN bad input to start THEN refused before any thread is created', async () => {
    const clock = new FakeClock();
    const { service, gateway } = make(openDatabase(':memory:'), clock);
    for (const req of [{ motion: 'x'.repeat(301) }, { motion: 'ok', format: 'cage-match' }, { motion: 'ok', turnSeconds: 0 }, { motion: 'ok', turnSeconds: 3601 }]) {
      const out = await service.start({ actor: host, guildId: 'g1', channelId: 'c1', ...req }, gateway);
      expect(out.ok).toBe(false);
    }
    expect(gateway.sent).toEqual([]);
  });

  it('GIVEN custom format files THEN good ones are offered and a malformed one (or a judged one too big for a ballot) is left out with errors naming file and field', async () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'quick.json'), JSON.stringify({ id: 'quick', name: 'Quick', sides: [{ id: 'a', name: 'A', capacity: 1 }, { id: 'b', name: 'B', capacity: 1 }], turns: [{ side: 'a', role: 'Case', seconds: 30 }, { side: 'b', role: 'Reply', seconds: 30 }] }));
    writeFileSync(join(dir, 'broken.json'), '{ "id": "broken", ');
    writeFileSync(join(dir, 'wrong.json'), JSON.stringify({ id: 'wrong', name: 'Wrong', sides: [{ id: 'a', name: 'A', capacity: 1 }, { id: 'b', name: 'B', capacity: 1 }], turns: [{ side: 'a', role: 'Case', seconds: -1 }] }));
    writeFileSync(join(dir, 'clash.json'), JSON.stringify({ id: 'oxford', name: 'Clash', sides: [{ id: 'a', name: 'A', capacity: 1 }, { id: 'b', name: 'B', capacity: 1 }], turns: [{ side: 'a', role: 'Case', seconds: 5 }] }));
    // Judged, with more speakers than a ballot's scores field has room for.
    writeFileSync(join(dir, 'assembly.json'), JSON.stringify({ id: 'assembly', name: 'Assembly', decidedBy: 'judges', sides: [{ id: 'a', name: 'A', capacity: 20 }, { id: 'b', name: 'B', capacity: 20 }], turns: [{ side: 'a', role: 'Case', seconds: 5 }] }));
    const clock = new FakeClock();
    const { service, gateway } = make(openDatabase(':memory:'), clock, undefined, dir);
    expect(service.formats().map((f) => f.id)).toEqual(['oxford', 'lincoln-douglas', 'british-parliamentary', 'open-floor', 'quick']);
    expect(service.formatErrors).toEqual([
      expect.stringMatching(/^formats\/assembly\.json: sides\[\]\.capacity, all sides together must be at most 31 when judges decide .*\(got 40\)\.$/),
      expect.stringMatching(/^formats\/broken\.json: not valid JSON/),
      'formats/clash.json: id "oxford" is already taken by another format; choose another id.',
      'formats/wrong.json: turns[0].seconds must be a whole number of seconds from 1 to 3600 (got -1).',
    ]);
    const out = await service.start({ actor: host, guildId: 'g1', channelId: 'c1', motion: 'Quick one', format: 'Quick' }, gateway);
    expect(out.ok && out.state.formatId).toBe('quick');
  });
});
