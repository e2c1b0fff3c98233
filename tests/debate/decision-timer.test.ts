/**
 * The decision timer under load: with many debates a vote or ballot deadline falls due every few milliseconds,
 * often while others are being fired. Such a deadline fires at once, not a retry interval later.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.js';
import { sqliteSql } from '../../src/db/sql-sqlite.js';
import { createDebateService, type DebateService } from '../../src/debate/service.js';
import { FakeClock, fakeGateway, silent } from './fakes.js';

const made: DebateService[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const s of made.splice(0)) s.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the decision timer', () => {
  it('GIVEN a vote that closes while another vote\'s closing is being fired THEN it closes at once after it', async () => {
    const clock = new FakeClock();
    const gateway = fakeGateway(clock);
    const dir = mkdtempSync(join(tmpdir(), 'rostrum-decision-timer-'));
    dirs.push(dir);
    const late: number[] = [];
    const service = createDebateService({
      sql: sqliteSql(openDatabase(':memory:')), now: clock.read, log: silent, gateway, timers: clock, formatsDir: dir,
      onDecisionDeadline: (_id, dueAt) => {
        late.push(clock.now - dueAt);
        // Firing takes time: 5 ms pass, in which the other vote's time runs out.
        clock.now += 5;
      },
    });
    made.push(service);
    await service.startScheduler();
    // Two Oxford debates whose votes before close a millisecond apart.
    for (const channelId of ['c1', 'c2']) {
      const out = await service.start({ actor: { id: 'host', name: 'Hosta', isModerator: false }, guildId: 'g1', channelId, motion: 'Set time', voteBeforeMinutes: 1 }, gateway);
      expect(out.ok).toBe(true);
      await clock.advance(1);
    }
    await clock.advance(60_000);
    await clock.advance(10);
    await service.idle();
    expect(late).toEqual([0, 4]);
    expect(gateway.sent.filter((s) => /vote before the debate is closed/.test(s.reply.content ?? ''))).toHaveLength(2);
  });
});
