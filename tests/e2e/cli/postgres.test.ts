/**
 * The CLI on the hosts' PostgreSQL (DATABASE_URL), as the bot reads it: a text added to a server's library
 * with `cli corpus add` is listed by `cli corpus list`, and `cli arguments` reads the same store.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../helpers/postgres.js';

const run = promisify(execFile);
let db: Awaited<ReturnType<typeof createTestDatabase>>;
const dir = mkdtempSync(join(tmpdir(), 'rostrum-cli-pg-'));

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

const cli = async (args: string[]) =>
  (await run('npm', ['run', '--silent', 'cli', '--', ...args], {
    env: { ...process.env, DATABASE_URL: db.url, DATABASE_PATH: join(dir, 'unused.sqlite'), DATA_DIR: dir, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
  })).stdout;

describe('the CLI with DATABASE_URL', () => {
  it('GIVEN a text added with cli corpus add THEN cli corpus list shows it, and cli arguments reads the same (empty) store', async () => {
    const file = join(dir, 'letters.md');
    writeFileSync(file, '---\ntitle: Letters on Freedom\nauthor: Jane Doe\n---\n\nRosa Luxemburg wrote: “Freedom only for the supporters of the government is no freedom at all.”\n');
    await cli(['corpus', 'add', file, '--guild', '100000000000000001', '--json']);
    const listed = JSON.parse(await cli(['corpus', 'list', '--guild', '100000000000000001', '--json'])) as { title: string }[];
    expect(listed.map((t) => t.title)).toEqual(['Letters on Freedom']);
    expect(JSON.parse(await cli(['arguments', '--json']))).toEqual({ arguments: [], tallies: [] });
    expect(existsSync(join(dir, 'unused.sqlite'))).toBe(false);
  }, 120_000);
});
