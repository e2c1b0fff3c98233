/** `npm run backup` and `npm run restore FILE` as an operator runs them, in their own processes. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listBackups } from '../../../src/db/backup-files.js';
import { openDatabase } from '../../../src/db/open.js';
import { PROJECT_ROOT } from '../../discord/bot-process.js';
import { addArguments, argumentCount, databaseWithArguments, removeTempDirs, tempDir } from '../../db/damage.js';

afterEach(removeTempDirs);

function npm(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(base)) if (/^(DATABASE_PATH|DATA_DIR|BACKUP_)/.test(k)) delete base[k];
  const child = spawn('npm', ['run', '--silent', ...args], { cwd: PROJECT_ROOT, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

function count(path: string): number {
  const db = openDatabase(path);
  try {
    return argumentCount(db);
  } finally {
    db.close();
  }
}

describe('npm run backup / npm run restore FILE', () => {
  it('GIVEN rows, a backup, more rows THEN restore brings back the backup; refused while the database is open elsewhere', async () => {
    const dir = tempDir();
    const path = join(dir, 'rostrum.sqlite');
    const backups = join(dir, 'saved');
    const env = { DATABASE_PATH: path, BACKUP_DIR: backups, BACKUP_KEEP: '3' };
    databaseWithArguments(path, 40);

    const backup = await npm(['backup'], env);
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    const [file] = listBackups(backups);
    expect(backup.stdout).toBe(`Backed up ${path} to ${file}.\n`);

    const bot = openDatabase(path);
    addArguments(bot, 10, 1000);
    const refused = await npm(['restore', file], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`rostrum restore: The database ${path} is in use: stop the bot (and any other Rostrum command using it) first, then restore again. Nothing was changed.\n`);
    bot.close();
    expect(count(path)).toBe(50);

    const restored = await npm(['restore', file], env);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(new RegExp(`^Restored ${file} to ${path}\\. The database it replaced is kept at ${path}\\.before-restore-\\d{8}T\\d{6}Z\\. Start the bot again with npm start\\.\\n$`));
    expect(count(path)).toBe(40);
  });
});
