import { describe, expect, it } from 'vitest';
import { openDebate, applyAction, tick } from '../../src/core/debate/debate.js';
import type { DebateState } from '../../src/core/debate/state.js';
import { DebateRepository } from '../../src/db/debates-repo.js';
import { openDatabase } from '../../src/db/open.js';
import { sqliteSql } from '../../src/db/sql-sqlite.js';
import { TurnScheduler } from '../../src/debate/scheduler.js';
import { host, openInput, user } from '../core/debate/helpers.js';
import { FakeClock, silent } from './fakes.js';

const repository = () => new DebateRepository(sqliteSql(openDatabase(':memory:')));

/** Stores a begun Oxford debate in `channel`, its turns `seconds` long, begun at the clock's now. */
async function begun(repo: DebateRepository, clock: FakeClock, channel: string, seconds = 120): Promise<DebateState> {
  const o = openDebate(openInput({ channelId: channel, turnSeconds: seconds }), host, clock.now);
  if (!o.ok) throw new Error(o.message);
  let s = await repo.insert(o.state);
  for (const [id, side] of [['ann', 'for'], ['dan', 'against'], ['host', 'begin']]) {
    const out = side === 'begin' ? applyAction(s, host, clock.now, { kind: 'begin' }) : applyAction(s, user(id), clock.now, { kind: 'join', side });
    if (!out.ok) throw new Error(out.message);
    await repo.save(out.state, out.events);
    s = out.state;
  }
  return s;
}

describe('TurnScheduler', () => {
  it('GIVEN several debates THEN one timer, armed for the earliest deadline, firing each when due', async () => {
    const clock = new FakeClock();
    const repo = repository();
    const fired: [number, number][] = [];
    const fire = async (id: number, now: number) => {
      fired.push([id, now]);
      const out = tick((await repo.load(id))!, now);
      if (out.ok) await repo.save(out.state, out.events);
    };
    const scheduler = new TurnScheduler({ repo, now: clock.read, log: silent, timers: clock, fire });
    const a = await begun(repo, clock, 'a', 120);
    await clock.advance(10_000);
    const b = await begun(repo, clock, 'b', 90);
    await scheduler.start();
    expect(clock.pending()).toBe(1);
    const start = clock.now;
    await clock.advance(29_999); // b's 60 s warning is due 30 s after it began
    expect(fired).toEqual([]);
    await clock.advance(1);
    expect(fired).toEqual([[b.id, start + 30_000]]);
    expect(clock.pending()).toBe(1);
    await clock.advance(20_000); // a's warning: 60 s after it began, 10 s before this scheduler started
    expect(fired.at(-1)).toEqual([a.id, start + 50_000]);
    scheduler.stop();
    expect(clock.pending()).toBe(0);
    expect(a.id).not.toBe(b.id);
  });

  it('GIVEN a debate whose fire throws THEN the others still fire and it is retried after 5 s, not in a spin', async () => {
    const clock = new FakeClock();
    const repo = repository();
    const a = await begun(repo, clock, 'a');
    const b = await begun(repo, clock, 'b');
    const calls: number[] = [];
    const scheduler = new TurnScheduler({
      repo, now: clock.read, log: silent, timers: clock,
      fire: async (id, now) => {
        calls.push(id);
        if (id === a.id) throw new Error('broken');
        const s = (await repo.load(id))!;
        await repo.save({ ...s, status: 'paused', clock: { ...s.clock!, deadline: null, remainingMs: 1 } }, []);
        void now;
      },
    });
    await clock.advance(61_000);
    await scheduler.start();
    expect(calls).toEqual([a.id, b.id]);
    await clock.advance(4_999);
    expect(calls).toEqual([a.id, b.id]);
    await clock.advance(1);
    expect(calls).toEqual([a.id, b.id, a.id]);
    scheduler.stop();
  });

  it('GIVEN a wake while the timer fires THEN nothing fires twice, and the deadline it announces fires on time', async () => {
    const clock = new FakeClock();
    const repo = repository();
    const a = await begun(repo, clock, 'a', 120);
    let release!: () => void;
    const firing = new Promise<void>((r) => (release = r));
    const fired: number[] = [];
    const scheduler = new TurnScheduler({
      repo, now: clock.read, log: silent, timers: clock,
      fire: async (id, now) => {
        fired.push(id);
        await firing;
        const out = tick((await repo.load(id))!, now);
        if (out.ok) await repo.save(out.state, out.events);
      },
    });
    await scheduler.start();
    const warned = clock.advance(60_000); // a's warning fires and waits
    const b = await begun(repo, clock, 'b', 90);
    const woken = scheduler.wake(); // b's warning, 30 s from now, is sooner than a's next (30 s too)
    release();
    await Promise.all([warned, woken]);
    expect(fired).toEqual([a.id]);
    await clock.advance(30_000);
    expect(fired.sort()).toEqual([a.id, a.id, b.id].sort());
    scheduler.stop();
  });
});
