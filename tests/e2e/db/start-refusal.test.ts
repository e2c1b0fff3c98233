/**
 * End to end: `npm start`'s entry point on a damaged database exits 1 with one line naming the file and the
 * way back, no stack, before the console or the Discord client starts.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../discord/bot-process.js';
import { bytesOf, databaseWithArguments, removeTempDirs, tempDir, zeroMiddlePages } from '../../db/damage.js';

afterEach(removeTempDirs);

function runMain(env: Record<string, string>, entry: string[] = ['src/main.ts']): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(base)) if (/^(DISCORD_|DATABASE_PATH|DATA_DIR|BACKUP_|LOG_LEVEL)/.test(k)) delete base[k];
  // Set, even if empty, so that a developer's .env cannot fill them in.
  const child = spawn(process.execPath, ['--import', 'tsx', ...entry], {
    cwd: PROJECT_ROOT,
    env: { ...base, DISCORD_TOKEN: '', DISCORD_APP_ID: '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end(); // a console that did start would end at once, not wait for typing
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

describe('start-up on a damaged database', () => {
  it.each([
    ['the console', {}],
    // Refused before the client logs in: this API base answers nothing, and is never asked.
    ['Discord', { DISCORD_TOKEN: 'test-token', DISCORD_APP_ID: '123456789012345678', DISCORD_API_BASE: 'http://127.0.0.1:9/api' }],
  ])('GIVEN %s THEN exit 1 with one line naming the file and the restore command, no stack, file untouched', async (_front, extra) => {
    const dir = tempDir();
    const path = join(dir, 'rostrum.sqlite');
    databaseWithArguments(path);
    const backups = join(dir, 'backups');
    mkdirSync(backups);
    copyFileSync(path, join(backups, 'rostrum-20250301T120000Z.sqlite'));
    zeroMiddlePages(path);
    const before = bytesOf(path);

    const { code, stdout, stderr } = await runMain({ DATABASE_PATH: path, DATA_DIR: dir, BACKUP_DIR: backups, ...extra });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `rostrum: The database ${path} is damaged (database disk image is malformed); Rostrum will not use it. ` +
        `Stop Rostrum and restore the latest backup: npm run restore ${join(backups, 'rostrum-20250301T120000Z.sqlite')}\n`,
    );
    expect(bytesOf(path).equals(before)).toBe(true);
  });
});

describe('the database path and the CLI', () => {
  it('GIVEN DATABASE_PATH naming a directory THEN exit 1 with one line saying so and what to set, no stack', async () => {
    const dir = tempDir();
    const { code, stdout, stderr } = await runMain({ DATABASE_PATH: dir, DATA_DIR: dir });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(`rostrum: The database path ${dir} is not a file (a directory?). Set DATABASE_PATH to a file, e.g. data/rostrum.sqlite.\n`);
  });

  it('GIVEN DATABASE_URL naming a PostgreSQL that does not answer THEN exit 1 with one line naming DATABASE_URL, the password not shown, no SQLite file made', async () => {
    const dir = tempDir();
    const sqlite = join(dir, 'rostrum.sqlite');
    const { code, stdout, stderr } = await runMain({ DATA_DIR: dir, DATABASE_PATH: sqlite, DATABASE_URL: 'postgres://rostrum:s3cret@127.0.0.1:9/rostrum' });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^rostrum: Cannot reach PostgreSQL at DATABASE_URL=postgres:\/\/rostrum:\*\*\*@127\.0\.0\.1:9\/rostrum \(.+\)\. Check that the server runs/);
    expect(stderr).not.toContain('s3cret');
    expect(existsSync(sqlite)).toBe(false);
  });

  it('GIVEN `cli arguments` on a damaged database THEN one line naming the file, no stack, file untouched', async () => {
    const dir = tempDir();
    const path = join(dir, 'rostrum.sqlite');
    databaseWithArguments(path);
    zeroMiddlePages(path);
    const before = bytesOf(path);
    const { code, stdout, stderr } = await runMain({ DATABASE_PATH: path, DATA_DIR: dir, BACKUP_DIR: join(dir, 'none') }, ['src/cli.ts', 'arguments']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(new RegExp(`^rostrum: The database ${path.replace(/[.\\/]/g, '\\$&')} is damaged`));
    expect(bytesOf(path).equals(before)).toBe(true);
  });
});
