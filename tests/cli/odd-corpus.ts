/** corpus/ with one good text and one of each odd entry that needs no privileges, and the report they get. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';

const dirs: string[] = [];

export function removeOddCorpora(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export function oddCorpus(): string {
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
  // Node has no mkfifo: the one-line system tool makes the pipe.
  execFileSync('mkfifo', [join(dir, 'pipe.txt')]);
  return dir;
}

export const SKIPPED = [
  { file: 'dangling.txt', status: 'skipped', reason: expect.stringMatching(/link to nothing/) },
  { file: 'folder.txt', status: 'skipped', reason: 'a directory, not a file' },
  { file: 'passwd.txt', status: 'skipped', reason: expect.stringMatching(/outside corpus\//) },
  { file: 'pipe.txt', status: 'skipped', reason: 'a named pipe, not a file' },
];
