/**
 * Starts the real bot the way a user does (`npm start`, or `npm run deploy-commands`) against a FakeDiscord,
 * in a child process, and watches its standard error (pino JSON lines) for readiness. Shared by the
 * end-to-end tests and the round-trip benchmark.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FakeDiscord } from './fake-discord.js';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TEST_TOKEN = 'test-token';

export interface BotProcess {
  child: ChildProcess;
  /** Every line the bot wrote to standard error / standard output so far. */
  stderr: string[];
  stdout: string[];
  /** Resolves with the parsed "ready" log line. */
  ready: Promise<Record<string, any>>;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** Resolves once the process exited and its output pipes closed: every line it wrote is in stderr/stdout. */
  closed: Promise<void>;
  /** Resolves with the first `count` JSON log lines matching `pred`, past or future (rejects if the bot exits first). */
  logged(pred: (line: Record<string, any>) => boolean, count?: number): Promise<Record<string, any>[]>;
  tmpDir: string;
  /** Signals the whole process group (npm, sh, tsx, node), as Ctrl-C or systemd do. */
  signal(sig: NodeJS.Signals): void;
  /** Kills whatever is left of the group (test cleanup); never leaves an orphaned bot behind. */
  kill(): void;
  /** SIGTERM, up to `graceMs` to drain and exit, then kills whatever is left (a bench's teardown). */
  stop(graceMs?: number): Promise<void>;
}

export function botEnv(fake: FakeDiscord, tmpDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // A developer's own Discord settings must not leak into the test (and .env never overrides these).
  for (const k of Object.keys(env)) if (/^(DISCORD_|DATABASE_PATH|DATA_DIR|COMMANDS_DIR|LOG_LEVEL|MESSAGE_CONTENT)/.test(k)) delete env[k];
  return {
    ...env,
    DISCORD_TOKEN: TEST_TOKEN,
    DISCORD_APP_ID: fake.appId,
    DISCORD_API_BASE: fake.apiBase,
    DATABASE_PATH: path.join(tmpDir, 'rostrum.sqlite'),
    // Its own index copy: test runs never race other processes rewriting data/ (built at first start).
    DATA_DIR: tmpDir,
    LOG_LEVEL: 'info',
    ...extra,
  };
}

/** `npm <args>` in the project root with the bot's environment; lines are collected as they arrive. */
export function spawnBot(fake: FakeDiscord, opts: { args?: string[]; env?: Record<string, string>; tmpDir?: string } = {}): BotProcess {
  const tmpDir = opts.tmpDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'rostrum-e2e-'));
  const child = spawn('npm', opts.args ?? ['start', '--silent'], {
    cwd: PROJECT_ROOT,
    env: botEnv(fake, tmpDir, opts.env),
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: `npm start` runs sh → tsx → node, and signalling npm alone can orphan the bot.
    detached: true,
  });
  const stderr: string[] = [];
  const stdout: string[] = [];
  const listeners = new Set<(line: string) => void>();
  const collect = (into: string[], stream: NodeJS.ReadableStream, logs: boolean) => {
    let buf = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        into.push(line);
        if (logs) for (const l of listeners) l(line);
      }
    });
  };
  collect(stderr, child.stderr!, true); // pino's JSON lines
  collect(stdout, child.stdout!, false);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const parse = (line: string): Record<string, any> | null => {
    try {
      const j = JSON.parse(line);
      return j && typeof j === 'object' ? j : null;
    } catch {
      return null; // not a log line
    }
  };
  const logged = (pred: (line: Record<string, any>) => boolean, count = 1): Promise<Record<string, any>[]> =>
    new Promise((resolve, reject) => {
      const found = stderr.flatMap((l) => parse(l) ?? []).filter(pred);
      if (found.length >= count) return resolve(found.slice(0, count));
      const listener = (line: string) => {
        const j = parse(line);
        if (!j || !pred(j)) return;
        found.push(j);
        if (found.length >= count) (listeners.delete(listener), resolve(found.slice(0, count)));
      };
      listeners.add(listener);
      // After the pipes closed: a line written just before exiting is still read first.
      void closed.then(async () => {
        if (!listeners.delete(listener)) return;
        const code = await exited;
        reject(new Error(`bot exited (${code}) before ${count} matching log line(s):\n${stderr.join('\n')}`));
      });
    });
  const ready = logged((j) => typeof j.msg === 'string' && j.msg.startsWith('ready')).then(([j]) => j!);
  ready.catch(() => undefined);
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      /* already gone */
    }
  };
  const kill = () => signal('SIGKILL');
  const stop = async (graceMs = 8000) => {
    signal('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, graceMs))]);
    kill();
  };
  return { child, stderr, stdout, ready, exited, closed, logged, tmpDir, signal, kill, stop };
}

/**
 * Polls `cond` (a condition on state the bot writes, or a process being gone: nothing to wait on) until it holds
 * or the time is up; whether it held.
 */
export async function until(cond: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = performance.now() + timeoutMs;
  while (performance.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return cond();
}
