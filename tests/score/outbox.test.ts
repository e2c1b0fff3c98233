/**
 * The score's posts through the outbox (announcements, challenge outcomes) under Discord failures and a
 * killed process, and arguments a failed check left unchecked, checked again once the cause is gone.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Checker } from '../../src/core/check/checker.js';
import { MAX_ATTEMPTS, backoffMs } from '../../src/debate/outbox.js';
import { RECHECK_DELAYS_MS } from '../../src/score/service.js';
import { FakeClock } from '../debate/fakes.js';
import { ann, begun, checker, cleanTemp, dan, tempDb, world, type World } from './world.js';

afterEach(cleanTemp);

const flush = () => new Promise<void>((r) => setImmediate(r));

/** A checker that throws while `broken` (as one over a damaged index file does), counting its builds and checks. */
function flakyChecker() {
  const state = { broken: true, builds: 0, checks: 0 };
  const build = (): Checker => {
    state.builds++;
    return {
      check(text) {
        state.checks++;
        if (state.broken) throw new Error('database disk image is malformed');
        return checker.check(text);
      },
    };
  };
  return { state, build };
}

async function retriesRunOut(w: World): Promise<void> {
  for (let i = 1; i < MAX_ATTEMPTS; i++) {
    await w.clock.advance(backoffMs(i));
    await w.scores.idle();
  }
}

describe('arguments left unchecked by a failure', () => {
  it('GIVEN the checker failing THEN the argument is announced "not yet checked", checked on the retry once it recovers, and its announcement follows', async () => {
    const flaky = flakyChecker();
    const w = world(':memory:', new FakeClock(), { checker: flaky.build });
    await begun(w);
    const out = await w.argueAs(ann, 'Industry grew fast.', 'Deutscher, The Prophet Armed, p. 12');
    expect(out.content).toBe('Recorded as argument #1 · not yet checked.');
    expect((await w.scores.argument(1))?.verdict).toBeNull();
    expect((await w.announcement(1))!.content).toContain('-# Argument #1 · not yet checked');

    flaky.state.broken = false;
    await w.clock.advance(RECHECK_DELAYS_MS[0] - 1);
    expect((await w.scores.argument(1))?.verdict).toBeNull();
    await w.clock.advance(1);
    expect(await w.scores.argument(1)).toMatchObject({ verdict: 'cited' });
    expect((await w.announcement(1))!.content).toContain('-# Argument #1 · 📎 cited');
    // The checker that failed was dropped and built afresh.
    expect(flaky.state.builds).toBeGreaterThan(1);
    await w.close();
  });

  it('GIVEN the checker still failing THEN the re-checks stop after the bounded schedule', async () => {
    const flaky = flakyChecker();
    const w = world(':memory:', new FakeClock(), { checker: flaky.build });
    await begun(w);
    await w.argueAs(ann, 'Industry grew fast.', 'Deutscher, The Prophet Armed, p. 12');
    const afterArgue = flaky.state.checks;
    for (const delay of RECHECK_DELAYS_MS) await w.clock.advance(delay);
    expect(flaky.state.checks - afterArgue).toBe(RECHECK_DELAYS_MS.length);
    await w.clock.advance(7 * 86_400_000);
    expect(flaky.state.checks - afterArgue).toBe(RECHECK_DELAYS_MS.length);
    await w.close();
  });

  it('GIVEN a restart with the cause gone THEN the argument is checked at start and its announcement edited', async () => {
    const path = tempDb();
    const flaky = flakyChecker();
    const w = world(path, new FakeClock(), { checker: flaky.build });
    await begun(w);
    await w.argueAs(ann, 'Industry grew fast.', 'Deutscher, The Prophet Armed, p. 12');
    await w.close();
    const again = world(path, w.clock);
    await again.ready;
    await again.scores.idle();
    expect(await again.scores.argument(1)).toMatchObject({ verdict: 'cited' });
    expect(again.gateway.sent.map((s) => [s.kind, s.reply.content?.split('\n').at(-1)])).toEqual([['edit', '-# Argument #1 · 📎 cited']]);
    await again.close();
  });
});

describe('the score\'s posts through the outbox', () => {
  it('GIVEN a challenge\'s outcome failing past the retries THEN it is posted after the restart', async () => {
    const path = tempDb();
    const w = world(path);
    await begun(w);
    await w.argueAs(ann, 'Collectivisation starved the countryside.');
    await w.run(dan, 'challenge', { argument: '#1' });
    w.gateway.fail({ status: 500 });
    await w.clock.advance(121_000);
    await w.scores.idle();
    await retriesRunOut(w);
    // Timers fire in order as the clock moves: the thread gets new rows three times while its head is parked
    // (turns ending, the challenge closing), each time a fresh set of attempts, each set bounded.
    expect(w.gateway.refused).toHaveLength(3 * MAX_ATTEMPTS);
    expect(w.gateway.sent.some((s) => s.reply.content?.startsWith('⌛'))).toBe(false);
    await w.close();

    const again = world(path, w.clock);
    await again.ready;
    await again.scores.idle();
    // Everything the thread missed, in the order it happened: the turns ran on meanwhile.
    expect(again.gateway.sent.map((s) => s.reply.content?.split('\n').at(-1))).toEqual([
      expect.stringMatching(/^<@ann> ⏰ Time, Ann!/),
      expect.stringMatching(/^\*\*Turn 2 of 10/),
      '⌛ No source came in time for argument #1 (Ann: “Collectivisation starved the countryside.”): it stays ❔ unsourced.',
      '-# Argument #1 · ❔ unsourced · citation needed — no answer in time',
      expect.stringMatching(/^<@dan> ⏰ Time, Dan/),
      expect.stringMatching(/^\*\*Turn 3 of 10/),
    ]);
    await again.close();
  });

  it('GIVEN the process killed between storing a thread post\'s argument and its announcement THEN it is announced after the restart, under the post', async () => {
    const path = tempDb();
    const w = world(path);
    await begun(w);
    w.gateway.hang();
    expect(await w.post(ann, '323456789012345678', 'Industry grew fast.\nSource: Deutscher, The Prophet Armed, p. 12')).toBeNull();
    await flush();
    w.debates.stop();
    w.scores.stop();
    w.db.close(); // kill -9

    const again = world(path, w.clock);
    await again.ready;
    await again.scores.idle();
    expect(again.gateway.sent).toHaveLength(1);
    expect(again.gateway.sent[0].reply).toMatchObject({ replyTo: '323456789012345678', content: expect.stringContaining('-# Argument #1 · 📎 cited') });
    expect((await again.scores.argument(1))?.announcementId).toBe(again.gateway.sent[0].messageId);
    await again.close();
  });
});
