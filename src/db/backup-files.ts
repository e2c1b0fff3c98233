/**
 * Backup files by name: rostrum-<UTC timestamp>.sqlite in the backup folder, so that the newest sorts last
 * and nothing else in the folder is ever taken for a backup (or deleted as an old one).
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const NAME = /^rostrum-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z\.sqlite$/;

/** rostrum-20250301T120000Z.sqlite for 2025-03-01 12:00:00 UTC. */
export function backupName(at: number): string {
  return `rostrum-${new Date(at).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z')}.sqlite`;
}

/** When a backup named like backupName was taken (ms since the epoch), or null for any other name. */
export function backupTime(name: string): number | null {
  const m = NAME.exec(name);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : null;
}

/** The backups in `dir`, oldest first (full paths); none when the folder does not exist. */
export function listBackups(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && backupTime(e.name) !== null)
    .map((e) => e.name)
    .sort()
    .map((name) => join(dir, name));
}

/** The newest backup in `dir`, or null. */
export function newestBackup(dir: string): string | null {
  return listBackups(dir).at(-1) ?? null;
}

/** Deletes all but the `keep` newest backups; returns the deleted paths. */
export function pruneBackups(dir: string, keep: number): string[] {
  const all = listBackups(dir);
  const old = all.slice(0, Math.max(0, all.length - keep));
  for (const file of old) rmSync(file, { force: true });
  return old;
}
