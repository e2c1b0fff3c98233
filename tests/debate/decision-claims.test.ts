/**
 * Decision deadlines (votes closing, ballots due) claimed by several hosts sharing one store (decisions.ts with
 * claims), one body on both engines: each host its own decision service and clock-driven timer over the same
 * store, every deadline fired once, and a host that dies holding a claim has it fired by another once the lease ends.
 */
import { expect, it } from 'vitest';
import { openDebate } from '../../src/core/debate/debate.js';
import type { DebateState } from '../../src/core/debate/state.js';
import { decisionClaims } from '../../src/db/claims-for.js';
import { DebateRepository } from '../../src/db/debates-repo.js';
import type { Sql } from '../../src/db/sql.js';
import { DecisionService } from '../../src/debate/decisions.js';
import { outboxFor } from '../../src/debate/outbox.js';
import { host, openInput } from '../core/debate/helpers.js';
import { eachEngine } from '../helpers/engines.js';
import { FakeClock, silent } from './fakes.js';

const LEASE = 10_000;

eachEngine((store) => {
  /**
   * A host's decision service over the shared store, recording each deadline it fires as "debate@due:host"
   * (claiming as `name`; without claims when null). `fails` makes the next fires of these debates throw.
   */
  function hostOn(sql: Sql, name: string | null, clock: FakeClock, fired: string[], fails = new Set<number>()) {
    return new DecisionService({
      sql, now: clock.read, log: silent, timers: clock,
      outbox: outboxFor({ sql, now: clock.read, log: silent, timers: clock }),
      debates: new DebateRepository(sql),
      // The debates' server is no shard's of these hosts: claiming, they fire any server's deadlines.
      ownsGuild: () => false,
      drawRecord: async () => ({ content: 'The record.' }),
      onDeadline: (id, dueAt) => {
        // Inside the fire's transaction: throwing rolls it back, as any failure would.
        if (fails.delete(id)) throw new Error('the store hiccuped');
        fired.push(`${id}@${dueAt}:${name}`);
      },
      claims: name === null ? undefined : { claims: decisionClaims(sql, name), leaseMs: LEASE },
    });
  }

  /** Open debates in channels c0, c1…, each with a vote before that closes a minute after it opened, `gap` ms apart. */
  async function votingDebates(sql: Sql, clock: FakeClock, n: number, gap: number): Promise<{ debate: DebateState; due: number }[]> {
    const repo = new DebateRepository(sql);
    const setup = hostOn(sql, null, clock, []);
    const out = [];
    for (let i = 0; i < n; i++) {
      if (i > 0) clock.now += gap;
      const opened = openDebate(openInput({ channelId: `c${i}` }), host, clock.now);
      if (!opened.ok) throw new Error(opened.message);
      const debate = await repo.insert(opened.state);
      const d = await setup.opened(debate, 'audience', { before: 1 });
      out.push({ debate, due: d.before!.closesAt! });
    }
    return out;
  }

  const dueOf = async (sql: Sql, id: number) => (await sql.get<{ due: number | null }>('SELECT due_at AS due FROM decisions WHERE debate_id = ?', [id]))?.due;

  it('GIVEN two hosts claiming from one store, one stopping midway THEN every vote closes once, on time, the other host carrying on', async () => {
    const sql = await store();
    const clock = new FakeClock();
    const fired: string[] = [];
    const debates = await votingDebates(sql, clock, 6, 5_000);
    const a = hostOn(sql, 'a', clock, fired);
    const b = hostOn(sql, 'b', clock, fired);
    await a.start();
    await b.start();
    await clock.advance(debates[2].due - clock.now);
    a.stop();
    const stoppedAt = clock.now;
    await clock.advance(120_000);
    b.stop();
    expect(fired.map((f) => f.slice(0, f.indexOf(':'))).sort()).toEqual(debates.map((d) => `${d.debate.id}@${d.due}`).sort());
    for (const d of debates) expect(await dueOf(sql, d.debate.id)).toBeNull();
    // Each on time (a looks at its deadline as it falls due); after the stop, all by b.
    expect(fired.filter((f) => f.endsWith(':a')).length).toBeGreaterThan(0);
    for (const d of debates.filter((x) => x.due > stoppedAt)) expect(fired).toContain(`${d.debate.id}@${d.due}:b`);
  });

  it('GIVEN a host that dies holding a claim THEN no one closes that vote until the lease ends, then the other host does, once', async () => {
    const sql = await store();
    const clock = new FakeClock();
    const [{ debate, due }] = await votingDebates(sql, clock, 1, 0);
    // Host "a" claims the deadline as it falls due, then dies before firing it (its claim stays).
    await clock.advance(due - clock.now);
    expect((await decisionClaims(sql, 'a').claimDue(clock.now, 10, LEASE)).map((c) => c.debateId)).toEqual([debate.id]);
    const fired: string[] = [];
    const b = hostOn(sql, 'b', clock, fired);
    expect(await b.start()).toBe(0);
    await clock.advance(LEASE - 1);
    expect(fired).toEqual([]);
    expect(await dueOf(sql, debate.id)).toBe(due);
    await clock.advance(1);
    expect(fired).toEqual([`${debate.id}@${due}:b`]);
    expect(await dueOf(sql, debate.id)).toBeNull();
    await clock.advance(3 * LEASE);
    expect(fired).toHaveLength(1);
    b.stop();
  });

  it('GIVEN a fire that fails THEN its host keeps the claim until the lease ends (no one retries sooner), then it fires once', async () => {
    const sql = await store();
    const clock = new FakeClock();
    const [{ debate, due }] = await votingDebates(sql, clock, 1, 0);
    const fired: string[] = [];
    const a = hostOn(sql, 'a', clock, fired, new Set([debate.id]));
    const b = hostOn(sql, 'b', clock, fired);
    await a.start();
    await b.start();
    await clock.advance(due - clock.now);
    expect(fired).toEqual([]);
    const held = await sql.get('SELECT held_by AS "heldBy", lease_until AS "leaseUntil" FROM decisions WHERE debate_id = ?', [debate.id]);
    expect(held).toEqual({ heldBy: 'a', leaseUntil: due + LEASE });
    await clock.advance(LEASE - 1);
    expect(fired).toEqual([]);
    await clock.advance(1);
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatch(new RegExp(`^${debate.id}@${due}:[ab]$`));
    await clock.advance(3 * LEASE);
    expect(fired).toHaveLength(1);
    a.stop();
    b.stop();
  });
});
