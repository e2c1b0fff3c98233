/**
 * Debates at scale: N debates at once in one process (open floor, short turns, a real SQLite file in WAL),
 * the lateness of every turn event (warning, "time", the automatic next turn) against its deadline; then a
 * simulated crash (timers dropped, connection closed without shutdown) and a restart once every turn is
 * overdue: how long until every overdue turn is announced.
 *
 *   npx tsx bench/debates.ts [debates=1000] [seconds=20]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import type { ChannelGateway } from '../src/command.js';
import { openDatabase } from '../src/db/open.js';
import { createDebateService } from '../src/debate/service.js';

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A gateway that answers like a fast network: each call resolves on a later turn of the event loop. */
function nullGateway(): ChannelGateway & { posts: number } {
  let n = 0;
  const g = {
    posts: 0,
    createThread: async (channelId: string) => `t-${channelId}`,
    post: async () => {
      g.posts++;
      await new Promise((r) => setImmediate(r));
      return `m${++n}`;
    },
    edit: async () => {
      await new Promise((r) => setImmediate(r));
    },
  };
  return g;
}

export interface DebatesBench {
  debates: number;
  events: number;
  p50: number;
  p99: number;
  max: number;
  overdue: number;
  restartMs: number;
}

export async function benchDebates(count = 1000, seconds = 20, turnSeconds = 2): Promise<DebatesBench> {
  const dir = mkdtempSync(join(tmpdir(), 'rostrum-bench-'));
  const path = join(dir, 'bench.sqlite');
  const log = pino({ level: 'silent' });
  const lateness: number[] = [];
  try {
    const gateway = nullGateway();
    const service = createDebateService({
      db: openDatabase(path),
      now: Date.now,
      log,
      gateway,
      graceSeconds: 1,
      formatsDir: join(dir, 'none'),
      onTimerEvent: (_id, dueAt) => lateness.push(Date.now() - dueAt),
    });
    service.startScheduler();
    const channels: string[] = [];
    for (let i = 0; i < count; i++) {
      const out = await service.start(
        { actor: { id: `h${i}`, name: 'Host', isModerator: false }, guildId: `g${i % 50}`, channelId: `c${i}`, motion: `Motion ${i}`, format: 'open-floor', turnSeconds },
        gateway,
      );
      if (!out.ok) throw new Error(out.message);
      channels.push(out.state.channelId);
      for (const [u, side] of [[`a${i}`, 'for'], [`b${i}`, 'against']]) {
        await service.act(out.state.channelId, { id: u, name: u, isModerator: false }, { kind: 'join', side });
      }
    }
    // Begin them spread over one turn, so that deadlines fall all the time rather than in one burst.
    const spread = turnSeconds * 1000;
    const began = performance.now();
    await Promise.all(
      channels.map(async (ch, i) => {
        await sleep((i / count) * spread);
        await service.act(ch, { id: `h${i}`, name: 'Host', isModerator: true }, { kind: 'begin' });
      }),
    );
    await sleep(Math.max(0, seconds * 1000 - (performance.now() - began)));

    // Crash: the timers go, the connection closes under it; nothing is shut down in order.
    service.stop();
    (service.repo as unknown as { db: { close(): void } }).db.close();
    await sleep((turnSeconds + 2) * 1000); // every running turn is now past its deadline and grace

    const restartGateway = nullGateway();
    const t0 = performance.now();
    const again = createDebateService({ db: openDatabase(path), now: Date.now, log, gateway: restartGateway, graceSeconds: 1, formatsDir: join(dir, 'none') });
    const tReady = performance.now();
    const overdue = again.startScheduler();
    const tFired = performance.now();
    await again.idle();
    const restartMs = performance.now() - t0;
    console.error(`restart detail: open + build service ${(tReady - t0).toFixed(0)} ms, fire ${(tFired - tReady).toFixed(0)} ms, posts ${(performance.now() - tFired).toFixed(0)} ms`);
    again.stop();
    (again.repo as unknown as { db: { close(): void } }).db.close();
    return { debates: count, events: lateness.length, p50: pct(lateness, 50), p99: pct(lateness, 99), max: Math.max(...lateness), overdue, restartMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const count = Number(process.argv[2] ?? 1000);
  const seconds = Number(process.argv[3] ?? 20);
  const r = await benchDebates(count, seconds);
  console.log('| debates | turn events | lateness p50 | p99 | max | goal |');
  console.log('|---|---|---|---|---|---|');
  console.log(`| ${r.debates} | ${r.events} | ${r.p50} ms | ${r.p99} ms | ${r.max} ms | p99 ≤ 250 ms |`);
  console.log('');
  console.log('| restart after crash | overdue debates | all announced after | goal |');
  console.log('|---|---|---|---|');
  console.log(`| open, migrate, fire, post | ${r.overdue} | ${r.restartMs.toFixed(0)} ms | ≤ 2000 ms |`);
}
