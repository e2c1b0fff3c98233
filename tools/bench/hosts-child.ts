/**
 * One host of the multi-host benchmark (tools/bench/hosts.ts spawns it; not run by hand):
 *
 *   node --import tsx tools/bench/hosts-child.ts '<json HostArgs>'
 *
 * A debate service over the store (PostgreSQL, or one SQLite file), turn deadlines claimed with leases when
 * `leaseMs` is given, the plain scheduler otherwise. No score: turn events never read it (an open-floor debate
 * is decided by no one, so its record needs no marks). It starts the scheduler, starts `count` open-floor
 * debates (two debaters each), prints `created`, and on a line on standard input begins them spread over one
 * turn. Each timer event prints, once its transaction has committed:
 *
 *   ev <debateId> <dueAt> <committedAt> <host> <keys>   keys: `time:0,turn-ended:0,turn-started:1` …
 *
 * An event of a batch that never commits (the host killed first) is never printed. On SIGTERM it stops in
 * order, prints `closed` and exits. A `begin` that fails prints `refused <channel> <why>`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pino from 'pino';
import type { ChannelGateway } from '../../src/seam/reply.js';
import type { DebateEvent } from '../../src/core/debate/state.js';
import type { Sql } from '../../src/db/sql.js';
import { deadlineClaims } from '../../src/db/claims-for.js';
import { sqliteSql } from '../../src/db/sql-sqlite.js';
import { postgresSql } from '../../src/db/pg/sql-postgres.js';
import { openDatabase } from '../../src/db/open.js';
import { openPool } from '../../src/db/pg/pool.js';
import { createDebateService } from '../../src/debate/service.js';

export interface HostArgs {
  engine: 'postgres' | 'sqlite';
  /** The database URL, or the SQLite file. */
  target: string;
  host: string;
  /** Debates this host starts, on channels c<first> … c<first + count - 1>. */
  count: number;
  first: number;
  turnSeconds: number;
  graceSeconds: number;
  /** Claims with this lease; absent: the plain scheduler (one host alone). */
  leaseMs?: number;
  /** false: the outbox stops before the debates begin (a diagnosis: the timers without the posts' load). */
  deliver?: boolean;
}

const out = (...fields: (string | number)[]) => process.stdout.write(`${fields.join('\t')}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = pino({ level: 'error' }, pino.destination(2));

/** A key per event the timer applied: which event of which turn (a duplicate repeats one). */
const keyOf = (e: DebateEvent): string =>
  `${e.type}${'index' in e ? `:${e.index}` : ''}${e.type === 'warning' ? `:${e.threshold}` : ''}`;

/**
 * `sql` whose outermost transactions hold back the lines written inside them until they commit, and drop them
 * on rollback: the service reports a timer event inside the batch's transaction, before it is committed.
 */
function committedLines(sql: Sql): { sql: Sql; write: (line: () => string) => void } {
  const held = new AsyncLocalStorage<(() => string)[]>();
  const wrapped: Sql = {
    engine: sql.engine,
    all: (text, params) => sql.all(text, params),
    get: (text, params) => sql.get(text, params),
    run: (text, params) => sql.run(text, params),
    close: () => sql.close(),
    afterCommit: (fn) => sql.afterCommit(fn),
    async exclusive(fn, key, how) {
      if (held.getStore()) return sql.exclusive(fn, key, how);
      const lines: (() => string)[] = [];
      const result = await held.run(lines, () => sql.exclusive(fn, key, how));
      for (const line of lines) process.stdout.write(line());
      return result;
    },
  };
  const write = (line: () => string) => {
    const lines = held.getStore();
    if (lines) lines.push(line);
    else process.stdout.write(line());
  };
  return { sql: wrapped, write };
}

/** A gateway answering like a fast network: each call resolves on a later turn of the event loop. */
function gateway(): ChannelGateway {
  let n = 0;
  return {
    createThread: async (channelId: string) => `t-${channelId}`,
    post: async () => {
      await new Promise((r) => setImmediate(r));
      return `m${++n}`;
    },
    edit: async () => {
      await new Promise((r) => setImmediate(r));
    },
  } as unknown as ChannelGateway;
}

async function host(o: HostArgs): Promise<void> {
  const raw = o.engine === 'postgres' ? postgresSql(await openPool(o.target, { max: 10, log })) : sqliteSql(openDatabase(o.target));
  const { sql, write } = committedLines(raw);
  const g = gateway();
  const service = createDebateService({
    sql,
    now: Date.now,
    log,
    gateway: g,
    graceSeconds: o.graceSeconds,
    formatsDir: mkdtempSync(join(tmpdir(), 'rostrum-hosts-none-')),
    claims: o.leaseMs ? { claims: deadlineClaims(sql, o.host), leaseMs: o.leaseMs } : undefined,
    onTimerEvent: (id, dueAt, events) =>
      write(() => `ev\t${id}\t${dueAt}\t${Date.now()}\t${o.host}\t${events.map(keyOf).join(',')}\n`),
  });
  process.once('SIGTERM', () => {
    service.stop();
    void service.idle().then(async () => {
      await sql.close();
      out('closed');
      process.exit(0);
    });
  });
  await service.startScheduler();
  const channels: string[] = [];
  for (let i = o.first; i < o.first + o.count; i++) {
    const started = await service.start(
      { actor: { id: `h${i}`, name: 'Host', isModerator: false }, guildId: `g${i % 50}`, channelId: `c${i}`, motion: `Motion ${i}`, format: 'open-floor', turnSeconds: o.turnSeconds },
      g,
    );
    if (!started.ok) throw new Error(started.message);
    channels.push(started.state.channelId);
    for (const [u, side] of [[`a${i}`, 'for'], [`b${i}`, 'against']]) {
      const joined = await service.act(started.state.channelId, { id: u, name: u, isModerator: false }, { kind: 'join', side });
      if (!joined.ok) throw new Error(joined.message);
    }
  }
  out('created');
  const lines = createInterface({ input: process.stdin });
  await new Promise<void>((resolve) => lines.once('line', () => resolve()));
  lines.close();
  if (o.deliver === false) service.outbox.stop();
  // Begun spread over one turn, so that deadlines fall all the time rather than in one burst.
  const spread = o.turnSeconds * 1000;
  await Promise.all(
    channels.map(async (ch, i) => {
      await sleep((i / channels.length) * spread);
      // A host refuses a command it cannot store in time (its pool busy); the debate then never begins.
      const begun = await service.act(ch, { id: `h${o.first + i}`, name: 'Host', isModerator: true }, { kind: 'begin' }).catch((err: Error) => ({ ok: false, message: err.message }));
      if (!begun.ok) out('refused', ch, begun.message.split('\n')[0]);
    }),
  );
  out('begun');
  setInterval(() => undefined, 60_000); // until told to stop, or killed
}

await host(JSON.parse(process.argv[2]) as HostArgs);
