/**
 * "Citation needed" deadlines claimed by several hosts sharing one store (score/service.ts with claims), one body
 * on both engines: each host its own score service and clock-driven timer over the same store, every challenge
 * expired once, and a host that dies holding a claim has it expired by another once the lease ends.
 */
import { expect, it } from 'vitest';
import { createChecker } from '../../src/core/check/checker.js';
import type { Claims } from '../../src/db/claims.js';
import { challengeClaims } from '../../src/db/claims-for.js';
import type { Sql } from '../../src/db/sql.js';
import { ScoreService } from '../../src/score/service.js';
import { FakeClock, fakeGateway, silent } from '../debate/fakes.js';
import { challengeDue, debatesWithArguments } from '../db/deadline-rows.js';
import { makeCorpus } from '../helpers/corpus.js';
import { eachEngine } from '../helpers/engines.js';

const LEASE = 10_000;
const checker = createChecker(makeCorpus({ prose: ['Nothing anyone quotes.'] }));

eachEngine((store) => {
  /** A host's score service over the shared store, claiming as `name`; what its claims took goes in `claimed` as "argument:host". */
  function hostOn(sql: Sql, name: string, clock: FakeClock, claimed: string[]) {
    const claims = challengeClaims(sql, name);
    const recorded: Claims<'argumentId'> = {
      ...claims,
      async claimDue(now, limit, leaseMs) {
        const got = await claims.claimDue(now, limit, leaseMs);
        for (const c of got) claimed.push(`${c.argumentId}:${name}`);
        return got;
      },
    };
    return new ScoreService({
      sql, now: clock.read, log: silent, timers: clock,
      checker: () => checker,
      quotation: () => undefined,
      // The arguments' server is no shard's of these hosts: claiming, they expire any server's challenges.
      ownsGuild: () => false,
      claims: { claims: recorded, leaseMs: LEASE },
    });
  }

  /** Arguments 1…n, checked, each challenged at `clock.now`, due a minute later, `gap` ms apart; their deadlines. */
  async function challenged(sql: Sql, clock: FakeClock, n: number, gap: number): Promise<number[]> {
    const ids = Array.from({ length: n }, (_, i) => i + 1);
    await debatesWithArguments(sql, ids);
    for (const id of ids) {
      await sql.run(`INSERT INTO argument_verdicts (argument_id, guild_id, user_id, user_name, argued_at, checked_verdict, checked_at, verdict)
        VALUES (?, 'g1', 'ann', 'Ann', 0, 'cited', 0, 'cited')`, [id]);
      await challengeDue(sql, id, clock.now + 60_000 + (id - 1) * gap);
    }
    return ids.map((id) => clock.now + 60_000 + (id - 1) * gap);
  }

  /** Each challenge's status and when it was closed, and how many expiry notices were written for it. */
  async function outcomes(sql: Sql) {
    const rows = await sql.all<{ id: number; status: string; at: number | null }>('SELECT argument_id AS id, status, resolved_at AS at FROM challenges ORDER BY argument_id');
    const notices = await sql.all<{ id: number; reply: string }>("SELECT debate_id AS id, reply_json AS reply FROM outbox WHERE kind = 'post'");
    return rows.map((r) => ({ ...r, notices: notices.filter((n) => n.id === r.id && n.reply.includes('No source came in time')).length }));
  }

  it('GIVEN two hosts claiming from one store, one stopping midway THEN every challenge expires once, on time, the other host carrying on', async () => {
    const sql = await store();
    const clock = new FakeClock();
    const due = await challenged(sql, clock, 6, 5_000);
    const claimed: string[] = [];
    const [a, b] = [hostOn(sql, 'a', clock, claimed), hostOn(sql, 'b', clock, claimed)];
    const gateway = fakeGateway(clock);
    await a.start(gateway);
    await b.start(gateway);
    await clock.advance(due[2] - clock.now);
    a.stop();
    await clock.advance(120_000);
    b.stop();
    expect(await outcomes(sql)).toEqual(due.map((at, i) => ({ id: i + 1, status: 'expired', at, notices: 1 })));
    // Each claimed once: the first ones by a, those due after it stopped by b.
    expect(claimed.map((c) => c.split(':')[0]).sort()).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(claimed).toEqual(expect.arrayContaining(['1:a', '4:b', '5:b', '6:b']));
  });

  it('GIVEN a host that dies holding a claim THEN no one expires that challenge until the lease ends, then the other host does, once', async () => {
    const sql = await store();
    const clock = new FakeClock();
    const [due] = await challenged(sql, clock, 1, 0);
    // Host "a" claims the deadline as it falls due, then dies before expiring it (its claim stays).
    await clock.advance(due - clock.now);
    expect(await challengeClaims(sql, 'a').claimDue(clock.now, 10, LEASE)).toEqual([{ argumentId: 1, dueAt: due, leaseUntil: due + LEASE }]);
    const claimed: string[] = [];
    const b = hostOn(sql, 'b', clock, claimed);
    expect((await b.start(fakeGateway(clock))).expired).toBe(0);
    await clock.advance(LEASE - 1);
    expect(await outcomes(sql)).toEqual([{ id: 1, status: 'pending', at: null, notices: 0 }]);
    await clock.advance(1);
    expect(await outcomes(sql)).toEqual([{ id: 1, status: 'expired', at: due + LEASE, notices: 1 }]);
    await clock.advance(3 * LEASE);
    expect(claimed).toEqual(['1:b']);
    b.stop();
  });
});
