import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { corpusReport } from '../../src/cli/corpus.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** corpus/ with one good text and one of each odd entry that needs no privileges. */
function oddCorpus(): string {
  const root = mkdtempSync(join(tmpdir(), 'rostrum-cli-corpus-'));
  dirs.push(root);
  const dir = join(root, 'corpus');
  mkdirSync(dir);
  writeFileSync(join(dir, 'essay.txt'), 'An Essay\n\nAs Victor Serge wrote, “the party was everything and the bureaucracy grew”.\n');
  writeFileSync(join(dir, 'essay.meta.json'), JSON.stringify({ title: 'An Essay', author: 5 }));
  writeFileSync(join(root, 'secret'), 'root:x:0:0\n');
  symlinkSync(join(root, 'secret'), join(dir, 'passwd.txt'));
  symlinkSync('nowhere.txt', join(dir, 'dangling.txt'));
  mkdirSync(join(dir, 'folder.txt'));
  execFileSync('mkfifo', [join(dir, 'pipe.txt')]);
  return dir;
}

const SKIPPED = [
  { file: 'dangling.txt', status: 'skipped', reason: expect.stringMatching(/link to nothing/) },
  { file: 'folder.txt', status: 'skipped', reason: 'a directory, not a file' },
  { file: 'passwd.txt', status: 'skipped', reason: expect.stringMatching(/outside corpus\//) },
  { file: 'pipe.txt', status: 'skipped', reason: 'a named pipe, not a file' },
];

describe('cli corpus', () => {
  it('GIVEN odd entries THEN --json lists each as skipped with its reason, and the mistyped sidecar field by name', () => {
    const reports = JSON.parse(corpusReport(true, oddCorpus())) as Array<Record<string, unknown>>;
    expect(reports.filter((r) => r.status === 'skipped')).toEqual(SKIPPED);
    expect(reports.find((r) => r.file === 'essay.txt')).toMatchObject({ status: 'indexed', author: null, warnings: expect.arrayContaining(['essay.meta.json: "author" should be text, not a number; ignored']) });
  });

  it('GIVEN odd entries THEN the text report names each', () => {
    const text = corpusReport(false, oddCorpus());
    expect(text).toMatch(/✗ pipe\.txt: skipped — a named pipe, not a file/);
    expect(text).toMatch(/✗ folder\.txt: skipped — a directory, not a file/);
    expect(text).toMatch(/! essay\.meta\.json: "author" should be text/);
    expect(text).toMatch(/1 of 5 files indexed/);
  });

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
