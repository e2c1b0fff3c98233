import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// `npm start` without a token is the console: lines in, rendered replies out, exit when input ends.
function runConsole(input: string) {
  const dir = mkdtempSync(join(tmpdir(), 'rostrum-console-'));
  const env = { ...process.env, DISCORD_TOKEN: '', DATA_DIR: join(dir, 'data'), DATABASE_PATH: join(dir, 'rostrum.sqlite'), LOG_LEVEL: 'warn' };
  return spawnSync('npm', ['start', '--silent'], { input, env, encoding: 'utf8', timeout: 30_000 });
}

describe('npm start without DISCORD_TOKEN', () => {
  it('GIVEN typed commands THEN answers each as Discord would, pages with /press, and exits 0 at end of input', () => {
    const r = runConsole('/quote serge bureaucracy\n/press 1\n@alice /quote query:"" \n/quote x\u0000y((OR\n/nope\n');
    expect(r.status).toBe(0);
    const out = r.stdout;
    expect(out).toMatch(/Rostrum console/);
    expect(out).toMatch(/== Quotes: serge bureaucracy — Serge ==/);
    expect(out).toMatch(/— \*\*Victor Serge\*\*/);
    expect(out).toMatch(/-- 4–\d of \d+/); // the second page, after /press 1 (Next)
    expect(out).toMatch(/Missing query|Type some words/);
    expect(out).toMatch(/Nothing found for “x/);
    expect(out).toMatch(/There is no \/nope command/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack traces
  });
});
