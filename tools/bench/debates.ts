/**
 * Debates at scale, and a real kill -9. A child process (bench/debate-child.ts, run with tsx) opens a WAL
 * SQLite file in a temporary folder and runs N debates at once through the DebateService (open floor, short
 * turns), recording arguments in one debate of five as it goes; every timer event reports its lateness
 * against its deadline (warning, "time", the automatic next turn). The parent SIGKILLs it mid-debate, waits
 * until every running turn's deadline and grace have passed, starts a fresh child on the same file and
 * measures from its ready (database open and migrated, service built, scheduler about to start) until every
 * overdue debate has had its turn announced ("time" or the next turn). Then it stops that child in order and
 * checks that every argument the first child saw committed is still in the file, with the same score
 * verdict (the child wires the score as the bot does: each argument is checked in the transaction that
 * stores it).
 *
 *   npx tsx tools/bench/debates.ts [debates=1000] [seconds=20] [runs=1]
 *
 * With `--decided [debates=1000]`, instead: debates that are decided, with audience votes and ballot deadlines
 * firing among the turns (benchDecidedDebates below).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { spawnChild, type Child } from './child.js';

const HERE = dirname(fileURLToPath(import.meta.url));
// The children run in tools/ (their corpus/ and data/ paths resolve there), as they always have.
const CHILD_CWD = join(HERE, '..');

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Waits for `p` at most `ms`; resolves false on timeout, leaving no timer behind. */
async function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const ok = await Promise.race([p.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms)))]);
  clearTimeout(timer);
  return ok;
}

export interface DebatesBench {
  debates: number;
  /** Timer events fired before the kill, and their lateness against their deadlines (ms). */
  events: number;
  p50: number;
  p99: number;
  max: number;
  /** Debates overdue when the restarted child was ready. */
  overdue: number;
  /** Ready → every overdue debate announced ("time" or its next turn), in the restarted child (ms). */
  restartMs: number;
  /** How it was measured: a real SIGKILL of a child process, not a simulated crash. */
  crash: 'kill -9 of a child process';
  /** Spawn → ready of the restarted child as the parent saw it (tsx start-up, open with WAL recovery, migrate). */
  spawnToReadyMs: number;
  /** Opening and migrating the killed database, loading the search index and building the services, in the restarted child (ms). */
  openMs: number;
  /** Ready → the scheduler's start returned (every overdue debate loaded, ticked and saved, one transaction). */
  fireMs: number;
  /** Overdue debates announced (should equal `overdue`). */
  announced: number;
  /** Arguments the killed child saw committed; rows in the file after the restart; those missing. */
  argumentsBefore: number;
  argumentsAfter: number;
  argumentsLost: number;
  /** The score's start in the restarted child (builds the checker), after the debates' scheduler, as in the bot. */
  scoresStartMs: number;
  /** Of the arguments committed before the kill, those with a verdict then; those whose verdict differs or is gone after. */
  scored: number;
  scoresLost: number;
}

export async function benchDebates(count = 1000, seconds = 20, turnSeconds = 2, graceSeconds = 1): Promise<DebatesBench> {
  const dir = mkdtempSync(join(tmpdir(), 'rostrum-bench-'));
  const path = join(dir, 'bench.sqlite');
  const lateness: number[] = [];
  const argued = new Map<string, string>(); // key → verdict as committed before the kill
  const children: Child[] = [];
  try {
    // 1. Many debates at once; kill -9 `seconds` after they were all created (the first begins then).
    let killed = false;
    let created = false;
    const first = spawnChild(['run', path, String(count), String(turnSeconds), String(graceSeconds)], (f) => {
      if (killed) return; // whatever was still in the pipe after the kill does not count
      if (f[0] === 'late') lateness.push(Number(f[1]));
      else if (f[0] === 'arg') argued.set(f[2], f[3]);
      else if (f[0] === 'created') created = true;
    }, 'debate-child.ts', { cwd: CHILD_CWD });
    children.push(first);
    while (!created) {
      const code = await Promise.race([first.exited, sleep(20).then(() => undefined)]);
      if (code !== undefined) throw new Error(`the debate child exited (${code}) before its debates began`);
    }
    await sleep(seconds * 1000);
    first.proc.kill('SIGKILL');
    killed = true;
    await first.exited;

    // 2. Every running turn's deadline, and the grace after it, passes while nothing runs.
    await sleep((turnSeconds + graceSeconds + 1) * 1000);

    // 3. A fresh child on the same file: ready → every overdue debate announced.
    const due = new Set<string>();
    const announced = new Set<string>();
    let listed = false;
    let ready = NaN;
    let spawnToReady = NaN;
    let openMs = NaN;
    let scoresStartMs = NaN;
    let firedAt = NaN;
    let lastAnnounced = NaN;
    let closed = false;
    const t0 = performance.now();
    const second = spawnChild(['resume', path, String(graceSeconds)], (f) => {
      if (f[0] === 'opened') openMs = Number(f[1]);
      else if (f[0] === 'due') due.add(f[1]);
      else if (f[0] === 'ready') {
        listed = true;
        ready = Number(f[1]);
        spawnToReady = performance.now() - t0;
      } else if (f[0] === 'fired') firedAt = Number(f[2]);
      else if (f[0] === 'closed') closed = true;
      else if (f[0] === 'scores') scoresStartMs = Number(f[1]);
      else if (f[0] === 'post' && (f[3] === 'time' || f[3] === 'turn') && due.has(f[2]) && !announced.has(f[2])) {
        announced.add(f[2]);
        lastAnnounced = Number(f[1]);
      }
    }, 'debate-child.ts', { cwd: CHILD_CWD });
    children.push(second);
    const giveUp = performance.now() + 60_000;
    while (!(listed && !Number.isNaN(firedAt) && announced.size >= due.size) && performance.now() < giveUp) {
      const code = await Promise.race([second.exited, sleep(20).then(() => undefined)]);
      if (code !== undefined) throw new Error(`the restarted debate child exited (${code})`);
    }
    if (!listed) throw new Error('the restarted debate child never became ready');

    // 4. Stop it in order, then count what the file holds.
    second.proc.kill('SIGTERM');
    if (!(await within(second.exited, 10_000)) || !closed) console.error(`the restarted debate child did not close in order within 10 s (exit ${second.proc.exitCode ?? second.proc.signalCode ?? 'still running'}); the file is checked regardless`);
    const db = new BetterSqlite3(path, { readonly: true });
    const rows = db.prepare('SELECT a.text, s.verdict FROM arguments a LEFT JOIN argument_verdicts s ON s.argument_id = a.id').all() as { text: string; verdict: string | null }[];
    db.close();
    const after = new Map(rows.map((r) => [r.text.split(':')[0], r.verdict ?? 'none']));
    const lost = [...argued.keys()].filter((k) => !after.has(k)).length;
    const scoresLost = [...argued].filter(([k, v]) => after.has(k) && after.get(k) !== v).length;

    const before = lateness;
    return {
      debates: count,
      events: before.length,
      p50: pct(before, 50),
      p99: pct(before, 99),
      max: Math.max(...before),
      overdue: due.size,
      restartMs: (due.size === 0 ? firedAt : lastAnnounced) - ready,
      crash: 'kill -9 of a child process',
      spawnToReadyMs: spawnToReady,
      openMs,
      fireMs: firedAt - ready,
      announced: announced.size,
      scoresStartMs,
      argumentsBefore: argued.size,
      argumentsAfter: after.size,
      argumentsLost: lost,
      scored: [...argued.values()].filter((v) => v !== 'none').length,
      scoresLost,
    };
  } finally {
    for (const c of children) if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface DecidedDebatesBench {
  debates: number;
  /** Turn events (time, next turn) and their lateness against their deadlines (ms). */
  events: number;
  p50: number;
  p99: number;
  max: number;
  /** Vote and ballot deadlines fired (votes closing, reminders, ballots closing) and their lateness (ms). */
  deadlines: number;
  deadlineP99: number;
  deadlineMax: number;
  /** Audience votes stored while it ran (and refused: their vote was closed), ballots sent, debates decided. */
  votes: number;
  votesRefused: number;
  ballots: number;
  decided: number;
  /** Decided by the judges, with the second judge noted overdue: every debate, when all went as it should. */
  byJudges: number;
  overdue: number;
}

/**
 * 1,000 debates at once that are decided: each with audience votes before and after and two judges, one of whom
 * never sends a ballot, so that every debate's vote and ballot deadlines fire while other debates still speak
 * (tools/bench/decided-child.ts). Turn events must stay on time all the same.
 */
export async function benchDecidedDebates(count = 1000, turnSeconds = 2, graceSeconds = 1, spreadSeconds = 10): Promise<DecidedDebatesBench> {
  const dir = mkdtempSync(join(tmpdir(), 'rostrum-bench-decided-'));
  const lateness: number[] = [];
  const deadlines: number[] = [];
  let done: Record<string, number> | null = null;
  try {
    const child = spawnChild([dir, String(count), String(turnSeconds), String(graceSeconds), String(spreadSeconds)], (f) => {
      if (f[0] === 'late') lateness.push(Number(f[1]));
      else if (f[0] === 'dlate') deadlines.push(Number(f[1]));
      else if (f[0] === 'done') done = JSON.parse(f[1]);
    }, 'decided-child.ts', { cwd: CHILD_CWD });
    // Its whole run is a few turns and a vote after: give up after two minutes.
    if (!(await within(child.exited, 120_000))) {
      child.proc.kill('SIGKILL');
      throw new Error('the decided-debates child did not finish within 2 minutes');
    }
    const r = done as Record<string, number> | null;
    if (!r) throw new Error(`the decided-debates child exited (${child.proc.exitCode}) before every debate was decided`);
    return {
      debates: count,
      events: lateness.length,
      p50: pct(lateness, 50),
      p99: pct(lateness, 99),
      max: Math.max(...lateness),
      deadlines: deadlines.length,
      deadlineP99: pct(deadlines, 99),
      deadlineMax: Math.max(...deadlines),
      votes: r.votes,
      votesRefused: r.refused,
      ballots: r.ballots,
      decided: r.decided,
      byJudges: r.byJudges,
      overdue: r.overdue,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}` && process.argv[2] === '--decided') {
  const r = await benchDecidedDebates(Number(process.argv[3] ?? 1000));
  console.log('| debates | turn events | lateness p50 | p99 | max | goal | vote and ballot deadlines: n, p99, max | votes stored (refused) | ballots | decided (by judges, one judge overdue) |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  console.log(`| ${r.debates} | ${r.events} | ${r.p50} ms | ${r.p99} ms | ${r.max} ms | p99 ≤ 250 ms | ${r.deadlines}, ${r.deadlineP99} ms, ${r.deadlineMax} ms | ${r.votes} (${r.votesRefused}) | ${r.ballots} | ${r.decided} (${r.byJudges}, ${r.overdue}) |`);
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const count = Number(process.argv[2] ?? 1000);
  const seconds = Number(process.argv[3] ?? 20);
  const runs = Number(process.argv[4] ?? 1);
  const results: DebatesBench[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await benchDebates(count, seconds);
    results.push(r);
    console.error(`run ${i + 1}: lateness p99 ${r.p99} ms, ready → all announced ${r.restartMs.toFixed(0)} ms`);
  }
  console.log('| run | debates | turn events | lateness p50 | p99 | max | goal |');
  console.log('|---|---|---|---|---|---|---|');
  results.forEach((r, i) => console.log(`| ${i + 1} | ${r.debates} | ${r.events} | ${r.p50} ms | ${r.p99} ms | ${r.max} ms | p99 ≤ 250 ms |`));
  console.log('');
  console.log('| run | kill -9, restart: overdue | announced | spawn → ready | open db, load index, build services | ready → fired | score start | ready → all announced | goal | arguments committed before kill / in file after / lost | scored before / lost |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  results.forEach((r, i) =>
    console.log(
      `| ${i + 1} | ${r.overdue} | ${r.announced} | ${r.spawnToReadyMs.toFixed(0)} ms | ${r.openMs.toFixed(0)} ms | ${r.fireMs.toFixed(0)} ms | ${r.scoresStartMs.toFixed(0)} ms | ${r.restartMs.toFixed(0)} ms | ≤ 2000 ms | ${r.argumentsBefore} / ${r.argumentsAfter} / ${r.argumentsLost} | ${r.scored} / ${r.scoresLost} |`,
    ),
  );
}
