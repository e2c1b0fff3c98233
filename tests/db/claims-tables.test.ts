/**
 * The same claims (claims.ts) over each table of deadlines: votes and ballots (decisions), "citation needed"
 * (challenges), and turns, one body on both engines. Only live rows are deadlines; a moved or closed one lets its
 * lease go; each claim reads its table's claimable index.
 */
import { expect, it } from 'vitest';
import { newDecision } from '../../src/core/debate/decision.js';
import type { Claims, ClaimTable } from '../../src/db/claims.js';
import { challengeClaims, decisionClaims } from '../../src/db/claims-for.js';
import { sqliteClaim } from '../../src/db/claims-sqlite.js';
import { CHALLENGE_DEADLINES, DECISION_DEADLINES, TURN_DEADLINES } from '../../src/db/claims-tables.js';
import { DecisionsRepository } from '../../src/db/decisions-repo.js';
import { pgClaim } from '../../src/db/pg/claims.js';
import { ScoreRepository } from '../../src/db/scores-repo.js';
import type { Sql } from '../../src/db/sql.js';
import { eachEngine } from '../helpers/engines.js';
import { challengeDue, debatesWithArguments, decisionDue } from './deadline-rows.js';

const leases = (sql: Sql, table: ClaimTable) =>
  sql.all<{ id: number; heldBy: string | null; leaseUntil: number | null }>(
    `SELECT ${table.key} AS id, held_by AS "heldBy", lease_until AS "leaseUntil" FROM ${table.name} ORDER BY ${table.key}`,
  );

eachEngine((store, engine) => {
  it('GIVEN decisions with a timer and one without THEN only the due ones are claimed, by debate, and the held one is next claimable when its lease ends', async () => {
    const sql = await store();
    await debatesWithArguments(sql, [1, 2, 3, 4]);
    await decisionDue(sql, 1, 100);
    await decisionDue(sql, 2, 50);
    await decisionDue(sql, 3, null);
    await decisionDue(sql, 4, 900);
    const a = decisionClaims(sql, 'a');
    expect(await a.claimDue(500, 10, 1_000)).toEqual([
      { debateId: 2, dueAt: 50, leaseUntil: 1_500 },
      { debateId: 1, dueAt: 100, leaseUntil: 1_500 },
    ]);
    expect(await decisionClaims(sql, 'b').claimDue(1_000, 10, 1_000)).toEqual([{ debateId: 4, dueAt: 900, leaseUntil: 2_000 }]);
    expect(await a.nextClaimable()).toBe(1_500);
    expect(await a.release([1, 2, 4])).toEqual([1, 2]);
    expect(await a.nextClaimable()).toBe(50);
    // Later: what a released, and b's once its lease ended; never the decision without a timer.
    expect(await a.claimDue(100_000, 10, 1_000).then((c) => c.map((r) => r.debateId))).toEqual([2, 1, 4]);
    expect((await leases(sql, DECISION_DEADLINES)).find((l) => l.id === 3)).toEqual({ id: 3, heldBy: null, leaseUntil: null });
  });

  it('GIVEN a claimed decision THEN saving it unchanged keeps the claim; moving its deadline frees it at once', async () => {
    const sql = await store();
    await debatesWithArguments(sql, [1]);
    const repo = new DecisionsRepository(sql);
    const d = newDecision(1, 'audience', { afterVoteMs: 300_000, ballotMs: 900_000, beforeVoteMs: 60_000 }, 0);
    await repo.save(d);
    const a = decisionClaims(sql, 'a');
    expect((await a.claimDue(60_000, 10, 10_000)).map((c) => c.debateId)).toEqual([1]);
    await repo.save(d);
    expect(await leases(sql, DECISION_DEADLINES)).toEqual([{ id: 1, heldBy: 'a', leaseUntil: 70_000 }]);
    // The vote reopened for longer: its new deadline is anyone's.
    await repo.save({ ...d, before: { ...d.before!, closesAt: 65_000 } });
    expect(await leases(sql, DECISION_DEADLINES)).toEqual([{ id: 1, heldBy: null, leaseUntil: null }]);
    expect((await decisionClaims(sql, 'b').claimDue(65_000, 10, 10_000)).map((c) => c.debateId)).toEqual([1]);
  });

  it('GIVEN pending and answered challenges THEN only pending due ones are claimed, by argument; closing one frees its lease', async () => {
    const sql = await store();
    await debatesWithArguments(sql, [1, 2, 3]);
    await challengeDue(sql, 1, 100);
    await challengeDue(sql, 2, 50, 'answered');
    await challengeDue(sql, 3, 2_000);
    const a = challengeClaims(sql, 'a');
    expect(await a.claimDue(500, 10, 1_000)).toEqual([{ argumentId: 1, dueAt: 100, leaseUntil: 1_500 }]);
    expect(await a.nextClaimable()).toBe(1_500);
    expect(await new ScoreRepository(sql).resolveChallenge(1, 'answered', 600)).toBe(true);
    expect(await leases(sql, CHALLENGE_DEADLINES)).toEqual([
      { id: 1, heldBy: null, leaseUntil: null },
      { id: 2, heldBy: null, leaseUntil: null },
      { id: 3, heldBy: null, leaseUntil: null },
    ]);
    expect(await a.nextClaimable()).toBe(2_000);
    expect(await a.claimDue(1_999, 10, 1_000)).toEqual([]);
    expect(await challengeClaims(sql, 'b').claimDue(2_000, 10, 1_000)).toEqual([{ argumentId: 3, dueAt: 2_000, leaseUntil: 3_000 }]);
  });

  it('GIVEN two hosts each claiming with several callers at once THEN every due decision and challenge goes to exactly one of them', async () => {
    const sql = await store();
    const n = 120;
    const ids = Array.from({ length: n }, (_, i) => i + 1);
    await debatesWithArguments(sql, ids);
    for (const id of ids) {
      await decisionDue(sql, id, id % 20);
      await challengeDue(sql, id, id % 20);
    }
    const drainAll = async <K extends string>(hosts: Claims<K>[], key: K) => {
      const got = new Map<string, number[]>();
      const drain = async (h: Claims<K>) => {
        for (;;) {
          const batch = await h.claimDue(1_000, 7, 60_000);
          if (batch.length === 0) return;
          got.set(h.host, [...(got.get(h.host) ?? []), ...batch.map((c) => c[key] as number)]);
        }
      };
      await Promise.all(hosts.flatMap((h) => [drain(h), drain(h), drain(h), drain(h)]));
      return got;
    };
    for (const [table, got] of [
      [DECISION_DEADLINES, await drainAll([decisionClaims(sql, 'a'), decisionClaims(sql, 'b')], 'debateId')],
      [CHALLENGE_DEADLINES, await drainAll([challengeClaims(sql, 'a'), challengeClaims(sql, 'b')], 'argumentId')],
    ] as const) {
      const all = [...got.values()].flat();
      expect(all.length).toBe(n);
      expect(new Set(all).size).toBe(n);
      const held = await leases(sql, table);
      for (const [host, claimed] of got) for (const id of claimed) expect(held[id - 1].heldBy).toBe(host);
    }
  });

  it.each([TURN_DEADLINES, DECISION_DEADLINES, CHALLENGE_DEADLINES])('GIVEN the claim of $name THEN it reads the table\'s claimable index', async (table) => {
    const sql = await store();
    const params = { host: 'a', now: 0, until: 1, limit: 10 };
    const plan = engine === 'sqlite'
      ? (await sql.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sqliteClaim(table)}`, params)).map((r) => r.detail)
      // An empty table is read whole whatever its indexes: forbid that, as a full one would.
      : await sql.exclusive(async () => {
        await sql.run('SET LOCAL enable_seqscan = off');
        return (await sql.all<{ 'QUERY PLAN': string }>(`EXPLAIN ${pgClaim(table)}`, params)).map((r) => r['QUERY PLAN']);
      });
    // Searched by when a row can be claimed, not merely scanned in the partial index's order.
    const searched = engine === 'sqlite'
      ? new RegExp(`SEARCH ${table.name} USING (COVERING )?INDEX ${table.name}_claimable \\(<expr><\\?\\)`)
      : new RegExp(`Index Scan using ${table.name}_claimable .*\\n\\s*Index Cond: \\(GREATEST\\(`);
    expect(plan.join('\n')).toMatch(searched);
  });
});
