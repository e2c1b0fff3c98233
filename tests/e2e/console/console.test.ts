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
    const r = runConsole('/quote serge bureaucracy\n/press 4\n@alice /quote query:"" \n/quote x\u0000y((OR\n/nope\n');
    expect(r.status).toBe(0);
    const out = r.stdout;
    expect(out).toMatch(/Rostrum console/);
    expect(out).toMatch(/== Quotes: serge bureaucracy — Serge ==/);
    expect(out).toMatch(/— \*\*Victor Serge\*\*/);
    expect(out).toMatch(/\[1\] Use 1 as argument .*\[4\] Next ▶   \(message 1: \/press N, or \/press 1 N\)/);
    expect(out).toMatch(/-- 4–\d of \d+/); // the second page, after /press 4 (Next)
    expect(out).toMatch(/Missing query|Type some words/);
    expect(out).toMatch(/Nothing found for “x/);
    expect(out).toMatch(/There is no \/nope command/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack traces
  });
});

describe('a debate in the console', () => {
  it('GIVEN several users typing THEN the debate runs from motion to record, and refusals reach only their author', () => {
    const r = runConsole(
      [
        '/debate start motion:"This house believes a Trotskyist USSR would have been better" turn_seconds:60',
        '@alice /debate join side:for',
        '@bob /debate join side:against',
        '@bob /debate begin',
        '/debate begin',
        '@alice Serge wrote that the Opposition never dared dispute single-party government.',
        '@bob Out of turn, I object.',
        '/debate end',
        '/press 1', // End the debate, on the confirmation
      ].join('\n') + '\n',
    );
    expect(r.status).toBe(0);
    const out = r.stdout;
    expect(out).toMatch(/== Motion ==\nThis house believes a Trotskyist USSR would have been better/);
    expect(out).toMatch(/You joined For\./);
    expect(out).toMatch(/\(only @bob can see this\)\n.*host or a moderator/i); // bob may not begin
    expect(out).toMatch(/Turn 1 of 6: Opening\*\* \(For\) — @alice/);
    expect(out).toMatch(/not your turn: the current speaker is alice/);
    expect(out).toMatch(/== Record: This house believes/);
    expect(out).toMatch(/For: Speakers: alice\n1 argument: 0 cited, 1 unsourced/);
    // The post on her turn is answered in the thread with its number and verdict.
    expect(out).toMatch(/\[#thread-\w+\] -# Argument #1 · ❔ unsourced\n\[1\] Citation needed   \(message \d+: \/press N, or \/press \d+ N\)/);
  });
});
