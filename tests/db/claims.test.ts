/**
 * Deadline claims with leases, one test body per behaviour run on both engines: SQLite (each host its own
 * connection to one file, as processes would have) and PostgreSQL (each host its own pool).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { DeadlineClaims } from '../../src/db/claims.js';
import { deadlineClaims } from '../../src/db/claims-for.js';
import { sqliteSql } from '../../src/db/sql-sqlite.js';
import { postgresSql } from '../../src/db/pg/sql-postgres.js';
import { openDatabase, type Database } from '../../src/db/open.js';
import { openPostgres } from '../../src/db/pg/open.js';
import type { Pool } from '../../src/db/pg/pool.js';
import { useTestDatabase } from '../helpers/postgres.js';

interface Engine {
  /** A host: its own connection to the shared store, and its claims. */
  host(name: string): Promise<DeadlineClaims>;
  /** Debates with a deadline each: [debate id, due at]. */
  addDeadlines(rows: [number, number][]): Promise<void>;
  /** Every deadline's holder and lease, by debate id. */
  leases(): Promise<{ id: number; heldBy: string | null; leaseUntil: number | null }[]>;
  /** Empties the store and closes the hosts' connections. */
  reset(): Promise<void>;
}

const DEBATE = `(id, channel_id, host_id, host_name, motion, format_id, format_name, status, grace_ms, created_at)`;

function sqliteEngine(): Engine {
  let dir: string | null = null;
  const open: Database[] = [];
  const file = () => join((dir ??= mkdtempSync(join(tmpdir(), 'rostrum-claims-'))), 'rostrum.sqlite');
  const db = () => open[0] ?? (open.push(openDatabase(file())), open[0]);
  return {
    async host(name) {
      const own = openDatabase(file());
      open.push(own);
      return deadlineClaims(sqliteSql(own), name);
    },
    async addDeadlines(rows) {
      const debate = db().prepare(`INSERT INTO debates ${DEBATE} VALUES (?, ?, 'h', 'Host', 'M', 'oxford', 'Oxford', 'running', 0, 0)`);
      const deadline = db().prepare('INSERT INTO deadlines (debate_id, due_at) VALUES (?, ?)');
      db().transaction(() => {
        for (const [id, due] of rows) {
          debate.run(id, `c${id}`);
          deadline.run(id, due);
        }
      })();
    },
    async leases() {
      return db().prepare('SELECT debate_id AS id, held_by AS heldBy, lease_until AS leaseUntil FROM deadlines ORDER BY debate_id').all() as Awaited<ReturnType<Engine['leases']>>;
    },
    async reset() {
      for (const d of open.splice(0)) d.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
      dir = null;
    },
  };
}

function postgresEngine(url: () => string): Engine {
  const pools: Pool[] = [];
  const pool = async () => pools[0] ?? (pools.push(await openPostgres(url(), { max: 4 })), pools[0]);
  return {
    async host(name) {
      const own = await openPostgres(url(), { max: 4 });
      pools.push(own);
      return deadlineClaims(postgresSql(own), name);
    },
    async addDeadlines(rows) {
      const p = await pool();
      const ids = rows.map((r) => r[0]);
      await p.query(`INSERT INTO debates ${DEBATE} SELECT id, 'c' || id, 'h', 'Host', 'M', 'oxford', 'Oxford', 'running', 0, 0 FROM unnest($1::bigint[]) AS id`, [ids]);
      await p.query('INSERT INTO deadlines (debate_id, due_at) SELECT * FROM unnest($1::bigint[], $2::bigint[])', [ids, rows.map((r) => r[1])]);
    },
    async leases() {
      const p = await pool();
      return (await p.query('SELECT debate_id AS id, held_by AS "heldBy", lease_until AS "leaseUntil" FROM deadlines ORDER BY debate_id')).rows;
    },
    async reset() {
      if (pools.length > 0) await pools[0].query('DELETE FROM debates');
      await Promise.all(pools.splice(0).map((p) => p.end()));
    },
  };
}

const databaseUrl = useTestDatabase();
const engines: [string, Engine][] = [
  ['SQLite', sqliteEngine()],
  ['PostgreSQL', postgresEngine(databaseUrl)],
];
afterAll(async () => {
  for (const [, e] of engines) await e.reset();
});

const ids = (claims: { debateId: number }[]) => claims.map((c) => c.debateId);

describe.each(engines)('deadline claims on %s', (_name, engine) => {
  afterEach(() => engine.reset());

  it('GIVEN due and future deadlines THEN a claim takes the due ones, earliest first, up to the limit, leased for the time asked', async () => {
    await engine.addDeadlines([[1, 100], [2, 50], [3, 300], [4, 1_000]]);
    const a = await engine.host('a');
    expect(await a.claimDue(500, 2, 1_000)).toEqual([
      { debateId: 2, dueAt: 50, leaseUntil: 1_500 },
      { debateId: 1, dueAt: 100, leaseUntil: 1_500 },
    ]);
    expect(ids(await a.claimDue(500, 10, 1_000))).toEqual([3]);
    expect(await a.claimDue(500, 10, 1_000)).toEqual([]);
    expect(await engine.leases()).toEqual([
      { id: 1, heldBy: 'a', leaseUntil: 1_500 },
      { id: 2, heldBy: 'a', leaseUntil: 1_500 },
      { id: 3, heldBy: 'a', leaseUntil: 1_500 },
      { id: 4, heldBy: null, leaseUntil: null },
    ]);
  });

  it('GIVEN a deadline another host holds THEN no one else claims it while the lease holds; once it ends (the holder died) another host does', async () => {
    await engine.addDeadlines([[1, 0]]);
    const [a, b] = [await engine.host('a'), await engine.host('b')];
    expect(ids(await a.claimDue(0, 10, 1_000))).toEqual([1]);
    expect(await b.claimDue(999, 10, 1_000)).toEqual([]);
    expect(await a.claimDue(999, 10, 1_000)).toEqual([]); // held, even by itself: claimed once per lease
    expect(await b.claimDue(1_000, 10, 1_000)).toEqual([{ debateId: 1, dueAt: 0, leaseUntil: 2_000 }]);
    // The host that lost it learns so when it tries to keep it.
    expect(await a.renew([1], 1_001, 1_000)).toEqual([]);
    expect(await a.release([1])).toEqual([]);
    expect(await engine.leases()).toEqual([{ id: 1, heldBy: 'b', leaseUntil: 2_000 }]);
  });

  it('GIVEN a host renewing its lease THEN the deadline stays its own past the first lease', async () => {
    await engine.addDeadlines([[1, 0], [2, 0]]);
    const [a, b] = [await engine.host('a'), await engine.host('b')];
    await a.claimDue(0, 10, 1_000);
    expect(await a.renew([1, 2, 99], 900, 1_000)).toEqual([1, 2]);
    expect(await b.claimDue(1_500, 10, 1_000)).toEqual([]);
    expect(await b.renew([1], 1_500, 10_000)).toEqual([]);
    expect(ids(await b.claimDue(1_900, 10, 1_000))).toEqual([1, 2]);
  });

  it('GIVEN a host releasing a deadline THEN another claims it at once; a host cannot release what it does not hold', async () => {
    await engine.addDeadlines([[1, 0], [2, 0]]);
    const [a, b] = [await engine.host('a'), await engine.host('b')];
    await a.claimDue(0, 10, 60_000);
    expect(await b.release([1])).toEqual([]);
    expect(await a.release([1])).toEqual([1]);
    expect(await b.claimDue(1, 10, 60_000)).toEqual([{ debateId: 1, dueAt: 0, leaseUntil: 60_001 }]);
    expect(await engine.leases()).toEqual([
      { id: 1, heldBy: 'b', leaseUntil: 60_001 },
      { id: 2, heldBy: 'a', leaseUntil: 60_000 },
    ]);
  });

  it('GIVEN two hosts each claiming with several callers at once THEN every due deadline goes to exactly one of them', async () => {
    const n = 600;
    await engine.addDeadlines(Array.from({ length: n }, (_, i) => [i + 1, i % 50] as [number, number]));
    const hosts = [await engine.host('a'), await engine.host('b')];
    const got = new Map<string, number[]>();
    const drain = async (h: DeadlineClaims) => {
      for (;;) {
        const batch = await h.claimDue(1_000, 7, 60_000);
        if (batch.length === 0) return;
        got.set(h.host, [...(got.get(h.host) ?? []), ...ids(batch)]);
      }
    };
    await Promise.all(hosts.flatMap((h) => [drain(h), drain(h), drain(h), drain(h)]));
    const all = [...got.values()].flat();
    expect(all.length).toBe(n);
    expect(new Set(all).size).toBe(n);
    const leases = await engine.leases();
    for (const [host, claimed] of got) for (const id of claimed) expect(leases[id - 1].heldBy).toBe(host);
  });

  it('GIVEN a limit below 1 or a lease of 0 ms THEN refused, nothing claimed', async () => {
    await engine.addDeadlines([[1, 0]]);
    const a = await engine.host('a');
    await expect(a.claimDue(0, 0, 1_000)).rejects.toThrow('limit must be a whole number ≥ 1');
    await expect(a.claimDue(0, 1, 0)).rejects.toThrow('a lease must be a whole number of ms ≥ 1');
    expect(await engine.leases()).toEqual([{ id: 1, heldBy: null, leaseUntil: null }]);
  });
});
