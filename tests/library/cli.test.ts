import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { runLibraryCommand, type LibraryCommand } from '../../src/cli/library.js';
import { testConfig } from '../helpers/services.js';
import { LETTERS, fileIn, tempDir } from './fixtures.js';

const log = pino({ level: 'silent' });
const GUILD = '123456789012345678';

function cli() {
  const dir = tempDir();
  const config = testConfig({ DATA_DIR: join(dir, 'data') });
  let opened = 0;
  const run = (cmd: Omit<LibraryCommand, 'guildId' | 'json'> & Partial<LibraryCommand>) =>
    runLibraryCommand({ guildId: GUILD, json: false, ...cmd }, config, log, () => {
      opened++;
      throw new Error('the shared corpus is not needed to add, list or remove');
    });
  return { dir, run, opened: () => opened };
}

describe('cli corpus add | list | remove', () => {
  it('GIVEN a file THEN added to the server named, listed as JSON, removed by number; the corpus itself never opened', async () => {
    const c = cli();
    const path = fileIn(c.dir, 'letters.md', LETTERS);
    const added = await c.run({ verb: 'add', target: path, title: 'Given Title' });
    expect(added).toMatchObject({ code: 0, err: '' });
    expect(added.out).toMatch(/“Given Title” by Jane Doe[\s\S]*added as #1 to the library of server 123456789012345678/);
    expect(await c.run({ verb: 'add', target: path })).toMatchObject({ code: 1, err: expect.stringMatching(/already in this server's library/) });
    const listed = JSON.parse((await c.run({ verb: 'list', json: true })).out);
    expect(listed).toMatchObject([{ id: 1, title: 'Given Title', guildId: GUILD, quotations: 2 }]);
    expect(JSON.parse((await c.run({ verb: 'list', json: true, guildId: 'console' })).out)).toEqual([]);
    expect(await c.run({ verb: 'remove', target: '1', guildId: 'console' })).toMatchObject({ code: 1, err: expect.stringMatching(/not in this server's library/) });
    expect((await c.run({ verb: 'remove', target: '1' })).out).toMatch(/removed #1 Given Title/);
    expect((await c.run({ verb: 'list' })).out).toMatch(/has added no texts/);
    expect(c.opened()).toBe(0);
  });

  it('GIVEN a missing file or a bad number THEN a refusal saying what to give', async () => {
    const c = cli();
    expect(await c.run({ verb: 'add', target: join(c.dir, 'nope.txt') })).toMatchObject({ code: 1, err: expect.stringMatching(/could not be read \(ENOENT\)/) });
    expect(await c.run({ verb: 'remove', target: 'abc' })).toMatchObject({ code: 2, err: expect.stringMatching(/usage: cli corpus remove ID/) });
  });
});
