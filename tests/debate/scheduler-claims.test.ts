/**
 * Turn deadlines claimed by several hosts sharing one store (scheduler.ts with claims), one body on both
 * engines: each host its own scheduler and clock-driven timers over the same store, every event fired once,
 * and a host that dies holding claims has its debates fired by another once the lease ends.
 */
import { expect, it } from 'vitest';
import { openDebate, applyAction, tick } from '../../src/core/debate/debate.js';
import type { DebateState } from '../../src/core/debate/state.js';
import { deadlineClaims } from '../../src/db/claims-for.js';
import { DebateRepository } from '../../src/db/debates-repo.js';
import { debateKey, type Sql } from '../../src/db/sql.js';
import { TurnScheduler } from '../../src/debate/scheduler.js';
import { host, openInput, user } from '../core/debate/helpers.js';
import { eachEngine } from '../helpers/engines.js';
import { FakeClock, silent } from './fakes.js';

const LEASE = 10_000;

/** Stores a begun Oxford debate in `channel`, its turns `seconds` long. */
async function begun(repo: DebateRepository, now: number, channel: string, seconds = 60): Promise<DebateState> {
  const o = openDebate(openInput({ channelId: channel, turnSeconds: seconds }), host, now);
  if (!o.ok) throw new Error(o.message);
  let s = await repo.insert(o.state);
  for (const [id, side] of [['ann', 'for'], ['dan', 'against'], ['host', 'begin']]) {
    const out = side === 'begin' ? applyAction(s, host, now, { kind: 'begin' }) : applyAction(s, user(id), now, { kind: 'join', side });
    if (!out.ok) throw new Error(out.message);
    await repo.save(out.state, out.events);
    s = out.state;
  }
  return s;
}

eachEngine((store) => {
  /** A host: its scheduler over the shared store, recording each event it fires as "debate:event@time". */
  function hostOn(sql: Sql, repo: DebateRepository, name: string, clock: FakeClock, fired: string[]) {
    const fire = async (id: number, now: number) => {
      const out = tick((await repo.load(id))!, now);
      if (!out.ok) return;
      await repo.save(out.state, out.events);
      for (const e of out.events) fired.push(`${id}:${e.type}${'index' in e ? e.index : ''}@${now}:${name}`);
    };
    return new TurnScheduler({
      repo, now: clock.read, log: silent, timers: clock, fire,
      batch: (fn) => repo.exclusive(fn),
      claims: { claims: deadlineClaims(sql, name), leaseMs: LEASE },
    });
  }

  it('GIVEN two hosts claiming from one store, one stopping midway THEN every turn event of every debate fires once, the other host carrying on', async () => {
    const sql = await store();
    const repo = new DebateRepository(sql);
    const clock = new FakeClock();
    const fired: string[] = [];
    const a = hostOn(sql, repo, 'a', clock, fired);
    const b = hostOn(sql, repo, 'b', clock, fired);
    const debates = [];
    for (let i = 0; i < 6; i++) debates.push(await begun(repo, clock.now + i * 1_000, `c${i}`));
    await a.start();
    await b.start();
    await clock.advance(200_000);
    a.stop();
    const stoppedAt = clock.now;
    await clock.advance(600_000);
    b.stop();
    // No event twice (the same event at the same deadline, from either host); each debate ran to its end.
    const events = fired.map((f) => f.slice(0, f.lastIndexOf(':')));
    expect(new Set(events).size).toBe(events.length);
    for (const d of debates) expect(events.some((e) => e.startsWith(`${d.id}:ended@`))).toBe(true);
    for (const d of debates) expect(await repo.dueOf(d.id)).toBeNull();
    // After the stop host b fired everything (a clean stop holds no claim).
    const after = fired.filter((f) => Number(f.split('@')[1].split(':')[0]) > stoppedAt);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((f) => f.endsWith(':b'))).toBe(true);
  });

  it('GIVEN a host that dies holding a claim THEN no one fires that debate until the lease ends, then the other host does, once', async () => {
    const sql = await store();
    const repo = new DebateRepository(sql);
    const clock = new FakeClock();
    const d = await begun(repo, clock.now, 'c1');
    const due = (await repo.dueOf(d.id))!;
    // Host "a" claims the deadline as it falls due, then dies before firing it (its claim stays).
    const dead = deadlineClaims(sql, 'a');
    await clock.advance(due - clock.now);
    expect((await dead.claimDue(clock.now, 10, LEASE)).map((c) => c.debateId)).toEqual([d.id]);
    const fired: string[] = [];
    const b = hostOn(sql, repo, 'b', clock, fired);
    await b.start();
    await clock.advance(LEASE - 1);
    expect(fired).toEqual([]);
    await clock.advance(1);
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatch(new RegExp(`^${d.id}:\\w+@${due + LEASE}:b$`));
    b.stop();
  });

  it('GIVEN a host firing in lanes, one debate stuck mid-fire THEN the others due with it fire meanwhile, and what its claim left another host fires', async () => {
    const sql = await store();
    const repo = new DebateRepository(sql);
    const clock = new FakeClock();
    const debates: DebateState[] = [];
    for (let i = 0; i < 10; i++) debates.push(await begun(repo, clock.now, `c${i}`));
    await clock.advance((await repo.dueOf(debates[0].id))! - clock.now);
    const firedBy = new Map<number, string>();
    let unstick!: () => void;
    const stuck = new Promise<void>((r) => (unstick = r));
    const laneHost = (name: string) =>
      new TurnScheduler({
        repo, now: clock.read, log: silent, timers: clock, parallel: 2,
        fire: async (id, now) => {
          if (id === debates[0].id) await stuck;
          const out = tick((await repo.load(id))!, now);
          if (!out.ok) return;
          await repo.exclusive(() => repo.save(out.state, out.events).then(() => undefined), debateKey(id));
          firedBy.set(id, name);
        },
        claims: { claims: deadlineClaims(sql, name), leaseMs: LEASE },
      });
    const a = laneHost('a');
    const started = a.start();
    // Two lanes claim 8 of the 10: one lane waits on the stuck debate, the other fires the remaining 7.
    await until(() => firedBy.size === 7);
    const b = laneHost('b');
    await b.start();
    expect(firedBy.size).toBe(9);
    expect([...firedBy.values()].filter((h) => h === 'b')).toHaveLength(2);
    expect(firedBy.has(debates[0].id)).toBe(false);
    unstick();
    await started;
    expect(firedBy.get(debates[0].id)).toBe('a');
    // Each fired once: its next deadline is ahead.
    for (const d of debates) expect((await repo.dueOf(d.id))!).toBeGreaterThan(clock.now);
    a.stop();
    b.stop();
  });
});

/** Resolves once `ok()` holds (polled on real time: the stuck fire keeps the fake clock's look from ending). */
async function until(ok: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(ok()).toBe(true);
}
