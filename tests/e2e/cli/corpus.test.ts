/** `npm run cli -- corpus` in its own process, on a corpus/ holding odd entries. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { oddCorpus, removeOddCorpora, SKIPPED } from '../../cli/odd-corpus.js';

afterEach(removeOddCorpora);

describe('npm run cli -- corpus', () => {
  it('GIVEN a named pipe in corpus/ THEN `npm run cli -- corpus --json` ends, with no stack', async () => {
    const dir = oddCorpus();
    const { stdout, stderr } = await promisify(execFile)('npm', ['run', '--silent', 'cli', '--', 'corpus', '--json'], {
      env: { ...process.env, CORPUS_DIR: dir, LOG_LEVEL: 'warn' },
    });
    expect((JSON.parse(stdout) as unknown[]).filter((r) => (r as { status: string }).status === 'skipped')).toEqual(SKIPPED);
    expect(stderr).toMatch(/pipe\.txt skipped/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
