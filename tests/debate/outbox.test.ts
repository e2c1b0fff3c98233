/**
 * The outbox under faults: Discord failing (500 past the retries, 403, 404), the process dying between the
 * commit and the post, a motion card that cannot be posted. Every test runs on a real SQLite file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/seam/reply.js';
import { openDatabase, type Database } from '../../src/db/open.js';
import { sqliteSql } from '../../src/db/sql-sqlite.js';
import { createDebateService, type DebateService } from '../../src/debate/service.js';
import { MAX_ATTEMPTS, backoffMs, failureKind } from '../../src/debate/outbox.js';
import { FakeClock, discordError, fakeGateway, type FakeGateway } from './fakes.js';

const host: Actor = { id: 'host', name: 'Hosta', isModerator: false };
const ann: Actor = { id: 'ann', name: 'Ann', isModerator: false };
const dan: Actor = { id: 'dan', name: 'Dan', isModerator: false };

const dirs: string[] = [];
const open: { service: DebateService; db: Database }[] = [];
afterEach(() => {
  for (const o of open.splice(0)) {
    o.service.stop();
    if (o.db.open) o.db.close();
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function dbPath(): string {
  const d = mkdtempSync(join(tmpdir(), 'rostrum-outbox-'));
  dirs.push(d);
  return join(d, 'rostrum.sqlite');
}

/** Log lines at warn and above, parsed. */
function capturingLog() {
  const lines: { level: number; msg: string }[] = [];
  const log = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
  return { log, warnings: () => lines.filter((l) => l.level >= 40).map((l) => l.msg) };
}

function make(path: string, clock: FakeClock, gateway: FakeGateway = fakeGateway(clock), logger = capturingLog()) {
  const db = openDatabase(path);
  const service = createDebateService({ sql: sqliteSql(db), now: clock.read, log: logger.log, gateway, timers: clock, graceSeconds: 5, formatsDir: '/nonexistent' });
  open.push({ service, db });
  return { service, gateway, db, logger };
}

/** Lets promise callbacks and the outbox's workers run (no timers involved). */
const flush = () => new Promise<void>((r) => setImmediate(r));

/** An Oxford debate of `seconds`-long turns in a thread under c1, Ann for and Dan against, begun. */
async function begun(service: DebateService, gateway: FakeGateway, seconds = 600) {
  const out = await service.start({ actor: host, guildId: 'g1', channelId: 'c1', motion: 'This house would rather Trotsky', turnSeconds: seconds }, gateway);
  if (!out.ok) throw new Error(out.message);
  for (const [who, side] of [[ann, 'for'], [dan, 'against']] as const) expect((await service.actOn(out.state.id, who, { kind: 'join', side })).ok).toBe(true);
  expect((await service.actOn(out.state.id, host, { kind: 'begin' })).ok).toBe(true);
  return out.state;
}

const contents = (g: FakeGateway, channelId = 'thread-1') => g.sent.filter((s) => s.channelId === channelId && s.kind !== 'thread').map((s) => s.reply.content ?? s.reply.embeds?.[0]?.title);

describe('failureKind', () => {
  it('GIVEN Discord\'s answers THEN 404 is gone, 403 forbidden, an unknown message on an edit is that message gone, the rest retried', () => {
    expect(failureKind(discordError(404), false)).toBe('gone');
    expect(failureKind(discordError(403), false)).toBe('forbidden');
    expect(failureKind(Object.assign(new Error('x'), { name: 'ChannelUnavailableError' }), false)).toBe('gone');
    expect(failureKind({ status: 404, code: 10008 }, true)).toBe('message-gone');
    expect(failureKind({ status: 400, code: 50083 }, false)).toBe('forbidden');
    expect(failureKind(discordError(500), false)).toBe('transient');
    expect(failureKind(new Error('socket hang up'), false)).toBe('transient');
  });
});

describe('the outbox', () => {
  it('GIVEN a 500 that outlasts the retries THEN the post is kept, and sent before the next one once Discord recovers', async () => {
    const clock = new FakeClock();
    const { service, gateway, logger } = make(dbPath(), clock);
    const state = await begun(service, gateway);
    gateway.fail({ status: 500 });
    expect((await service.act(state.channelId, host, { kind: 'extend', seconds: 30 })).ok).toBe(true);
    // 1 + 2 + 4 + 8 + 16 s of backoff: six attempts, then the row is parked.
    for (let i = 1; i < MAX_ATTEMPTS; i++) {
      await clock.advance(backoffMs(i));
      await service.idle();
    }
    expect(gateway.refused).toHaveLength(MAX_ATTEMPTS);
    await clock.advance(60_000);
    await service.idle();
    expect(gateway.refused).toHaveLength(MAX_ATTEMPTS);
    expect(logger.warnings()).toEqual([expect.stringContaining('failed every attempt')]);
    gateway.recover();
    expect((await service.act(state.channelId, host, { kind: 'extend', seconds: 10 })).ok).toBe(true);
    expect(contents(gateway).slice(-2)).toEqual(['➕ 30 s added to the Opening.', '➕ 10 s added to the Opening.']);
  });

  it('GIVEN a row written in a transaction THEN it goes out once that commits, and never when it rolls back', async () => {
    const clock = new FakeClock();
    const { service, gateway } = make(dbPath(), clock);
    const state = await begun(service, gateway);
    const sent = gateway.sent.length;
    const write = (content: string) => service.outbox.add({ debateId: state.id, channelId: state.channelId, kind: 'post', reply: { content } });
    await expect(service.repo.exclusive(async () => {
      await write('Never said');
      await flush();
      throw new Error('rolled back');
    })).rejects.toThrow('rolled back');
    await service.idle();
    expect(gateway.sent.length).toBe(sent);
    await service.repo.exclusive(async () => {
      await write('Said once committed');
      await flush();
      expect(gateway.sent.length).toBe(sent);
    });
    await service.idle();
    expect(contents(gateway).slice(sent - 1)).toEqual(['Said once committed']);
  });

  it('GIVEN a 500 that outlasts the retries and a restart THEN the post is sent at start', async () => {
    const path = dbPath();
    const clock = new FakeClock();
    const first = make(path, clock);
    const state = await begun(first.service, first.gateway);
    first.gateway.fail({ status: 500 });
    await first.service.act(state.channelId, host, { kind: 'pause' });
    for (let i = 1; i < MAX_ATTEMPTS; i++) {
      await clock.advance(backoffMs(i));
      await first.service.idle();
    }
    expect(first.gateway.refused).toHaveLength(MAX_ATTEMPTS);
    first.service.stop();
    first.db.close();

    const second = make(path, clock);
    await second.service.startScheduler();
    await second.service.idle();
    expect(contents(second.gateway)).toEqual(['⏸ Paused with 10:00 left in the Opening.']);
  });

  it('GIVEN the process dies between the commit and the post THEN the restarted bot posts it, once', async () => {
    const path = dbPath();
    const clock = new FakeClock();
    const first = make(path, clock);
    const state = await begun(first.service, first.gateway, 120);
    await first.service.startScheduler();
    first.gateway.hang();
    await clock.advance(60_000); // the one-minute warning is committed; its post never answers
    await flush();
    expect((await first.service.repo.load(state.id))?.clock?.warned60).toBe(true);
    first.service.stop();
    first.db.close(); // kill -9: nothing more happens in this process

    const second = make(path, clock);
    expect(await second.service.startScheduler()).toBe(0);
    await second.service.idle();
    expect(second.gateway.texts()).toEqual(['post msg-1: <@ann> ⏳ 60 s left for Ann (Opening, For).']);
    // Its id was kept: the 30-second warning edits the same message.
    await clock.advance(30_000);
    await second.service.idle();
    expect(second.gateway.texts().at(-1)).toBe('post msg-2: <@ann> ⏳ 30 s left for Ann (Opening, For).');
  });

  it('GIVEN the process dies after Discord took a post, before it was marked sent THEN the restart sends it again and Discord shows it once', async () => {
    const path = dbPath();
    const clock = new FakeClock();
    const first = make(path, clock);
    const state = await begun(first.service, first.gateway, 120);
    await first.service.startScheduler();
    first.gateway.loseAnswers();
    await clock.advance(60_000); // the one-minute warning is posted; the answer is lost with the process
    await flush();
    first.service.stop();
    first.db.close();
    const discord = first.gateway;
    discord.recover();

    const second = make(path, clock, discord);
    await second.service.startScheduler();
    await second.service.idle();
    expect(contents(discord).filter((c) => c?.includes('60 s left'))).toEqual(['<@ann> ⏳ 60 s left for Ann (Opening, For).']);
    expect(await second.service.outbox.repo.pendingChannels()).toEqual([]);
    expect((await second.service.repo.load(state.id))?.status).toBe('running');
  });

  it('GIVEN the process dies after /debate start stored the debate, before its card was posted THEN the card is posted at start', async () => {
    const path = dbPath();
    const clock = new FakeClock();
    const first = make(path, clock);
    first.gateway.hang();
    void first.service.start({ actor: host, guildId: 'g1', channelId: 'c1', motion: 'Cards survive' }, first.gateway);
    await flush();
    const id = (await first.service.repo.liveInChannel('thread-1'))!;
    expect((await first.service.repo.messages(id)).cardMessageId).toBeNull();
    first.service.stop();
    first.db.close();

    const second = make(path, clock);
    await second.service.startScheduler();
    await second.service.idle();
    expect(second.gateway.sent.map((s) => s.reply.embeds?.[0]?.description)).toEqual(['Cards survive']);
    expect((await second.service.repo.messages(id)).cardMessageId).toBe('msg-1');
  });

  it('GIVEN warnings written while Discord fails THEN the overtaken one is not sent: one message with the newest', async () => {
    const clock = new FakeClock();
    const { service, gateway } = make(dbPath(), clock);
    await service.startScheduler();
    await begun(service, gateway, 120);
    gateway.fail({ status: 500 });
    await clock.advance(60_000);
    await service.idle();
    await clock.advance(30_000); // the 30-second warning is written while the first still waits for its retry
    await service.idle();
    gateway.recover();
    await clock.advance(10_000);
    await service.idle();
    expect(gateway.sent.filter((s) => s.reply.content?.includes('⏳')).map((s) => [s.kind, s.reply.content])).toEqual([['post', '<@ann> ⏳ 30 s left for Ann (Opening, For).']]);
  });
});

describe('a channel that is gone or forbids the bot', () => {
  it('GIVEN 403 in the debate\'s thread THEN the debate pauses, the host is told in the parent channel, one log line; resumed, what it missed is posted', async () => {
    const clock = new FakeClock();
    const { service, gateway, logger } = make(dbPath(), clock);
    await service.startScheduler();
    const state = await begun(service, gateway, 120);
    gateway.fail({ status: 403, channelId: 'thread-1' });
    await clock.advance(60_000);
    await service.idle();
    const paused = (await service.repo.load(state.id))!;
    expect(paused.status).toBe('paused');
    expect(paused.clock?.remainingMs).toBe(60_000);
    expect(await service.repo.nextDue()).toBeNull();
    expect(await service.outbox.repo.halted(state.id)).toBe('forbidden');
    const told = gateway.sent.filter((s) => s.channelId === 'c1' && s.kind === 'post');
    expect(told.map((s) => s.reply.content)).toEqual([expect.stringMatching(/^⚠️ <@host>, I may no longer post in <#thread-1>.*\/debate resume/)]);
    expect(told[0].reply.allowedUserMentions).toEqual(['host']);
    // Ten minutes later: no other attempt, no other line.
    await clock.advance(600_000);
    await service.idle();
    expect(gateway.refused).toHaveLength(1);
    expect(logger.warnings()).toEqual([expect.stringContaining('may not post in the debate\'s channel')]);

    gateway.recover();
    expect((await service.act(state.channelId, host, { kind: 'resume' })).ok).toBe(true);
    expect(contents(gateway).slice(-3)).toEqual(['<@ann> ⏳ 60 s left for Ann (Opening, For).', '⏸ Paused with 1:00 left in the Opening.', '▶ Resumed: Ann has the floor again.']);
    expect(await service.outbox.repo.halted(state.id)).toBeNull();
    expect(await service.repo.nextDue()).toBe(clock.now + 30_000);
  });

  it('GIVEN the thread deleted (404) THEN paused, the host told, no post tried again however long, and it can be ended from the parent channel', async () => {
    const clock = new FakeClock();
    const { service, gateway, logger } = make(dbPath(), clock);
    await service.startScheduler();
    const state = await begun(service, gateway, 120);
    gateway.fail({ status: 404, channelId: 'thread-1' });
    await clock.advance(60_000);
    await service.idle();
    expect((await service.repo.load(state.id))?.status).toBe('paused');
    expect(await service.outbox.repo.halted(state.id)).toBe('gone');
    expect(gateway.sent.filter((s) => s.channelId === 'c1' && s.kind === 'post').map((s) => s.reply.content)).toEqual([expect.stringContaining('is gone, so its turns have stopped. End it with /debate end here.')]);
    await clock.advance(3_600_000);
    await service.idle();
    expect((await service.act('c1', host, { kind: 'end' })).ok).toBe(true);
    expect(await service.repo.liveInChannel('thread-1')).toBeNull();
    expect(gateway.refused).toHaveLength(1);
    expect(logger.warnings()).toHaveLength(1);
  });
});

describe('/debate start and its motion card', () => {
  it('GIVEN the card refused (403) THEN start refuses saying what to grant, and no debate remains', async () => {
    const clock = new FakeClock();
    const { service, gateway, db } = make(dbPath(), clock);
    gateway.fail({ status: 403 });
    const out = await service.start({ actor: host, guildId: 'g1', channelId: 'c1', motion: 'Nobody sees this' }, gateway);
    expect(out.ok ? '' : out.code).toBe('card-failed');
    expect(out.ok ? '' : out.message).toBe('I could not post the motion card in <#thread-1> (I need Send Messages in Threads and Embed Links there), so no debate was started. Give me those, or start it in another channel.');
    expect(db.prepare('SELECT COUNT(*) FROM debates').pluck().get()).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM outbox').pluck().get()).toBe(0);
    gateway.recover();
    expect((await service.start({ actor: host, guildId: 'g1', channelId: 'c1', motion: 'Now it works' }, gateway)).ok).toBe(true);
  });

  it('GIVEN the card failing with a 500 THEN start refuses, asking to try again, and no debate remains', async () => {
    const clock = new FakeClock();
    const { service, gateway, db } = make(dbPath(), clock);
    gateway.fail({ status: 500, times: 1 });
    const out = await service.start({ actor: host, guildId: 'g1', channelId: 'c1', motion: 'Flaky' }, gateway);
    expect(out.ok ? '' : out.message).toContain('Try /debate start again in a moment.');
    expect(db.prepare('SELECT COUNT(*) FROM debates').pluck().get()).toBe(0);
  });
});
