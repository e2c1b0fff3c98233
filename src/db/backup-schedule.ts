/**
 * Automatic backups while the bot runs: one every interval, counted from the newest backup in the folder
 * (so restarts neither postpone nor repeat it), never in the first minute after start. A failed backup
 * logs one line and is tried again within the hour; it never stops the bot.
 */
import { basename } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { Logger } from 'pino';
import { backupTime, newestBackup } from './backup-files.js';
import { backupDatabase } from './backup.js';
import { realTimers, type Timers } from './deadline-timer.js';

export interface BackupScheduleOptions {
  db: BetterSqlite3.Database;
  dir: string;
  keep: number;
  intervalMs: number;
  now: () => number;
  log: Logger;
  timers?: Timers;
  /** The first backup no sooner than this after start (default 60 s), so it never slows start-up. */
  firstAfterMs?: number;
}

export interface BackupSchedule {
  /** When the next backup is due (ms since the epoch), or null once stopped. */
  readonly nextAt: number | null;
  /** No more backups; one in progress finishes (await idle()). */
  stop(): void;
  /** Resolves when no backup is in progress. */
  idle(): Promise<void>;
}

const RETRY_MS = 60 * 60_000;
// setTimeout fires at once past 2^31-1 ms (24.8 days): longer waits are taken in steps.
const MAX_SLEEP_MS = 2 ** 31 - 1;

export function scheduleBackups(o: BackupScheduleOptions): BackupSchedule {
  const timers = o.timers ?? realTimers;
  let handle: unknown = null;
  let nextAt: number | null = null;
  let running: Promise<void> | null = null;

  const arm = (at: number): void => {
    nextAt = at;
    handle = timers.setTimeout(tick, Math.min(Math.max(0, at - o.now()), MAX_SLEEP_MS));
  };

  const tick = (): void => {
    handle = null;
    if (nextAt === null) return;
    if (o.now() < nextAt) return arm(nextAt);
    running = backupDatabase(o.db, { dir: o.dir, keep: o.keep, now: o.now }).then(
      ({ file, pruned }) => {
        o.log.info({ file, pruned: pruned.length }, 'database backed up');
        return o.intervalMs;
      },
      (err: unknown) => {
        o.log.error({ dir: o.dir, error: (err as Error).message }, 'automatic backup failed; the bot carries on and tries again within the hour');
        return Math.min(o.intervalMs, RETRY_MS);
      },
    ).then((wait) => {
      running = null;
      if (nextAt !== null) arm(o.now() + wait);
    });
  };

  const now = o.now();
  let last: number | null = null;
  try {
    const newest = newestBackup(o.dir);
    last = newest === null ? null : backupTime(basename(newest));
  } catch (err) {
    o.log.warn({ dir: o.dir, error: (err as Error).message }, 'cannot read the backup folder; the first backup will say more');
  }
  // A backup stamped in the future (the clock was moved back) waits one interval, not until then.
  const dueAt = last === null ? now : Math.min(last + o.intervalMs, now + o.intervalMs);
  arm(Math.max(dueAt, now + (o.firstAfterMs ?? 60_000)));

  return {
    get nextAt() {
      return nextAt;
    },
    stop() {
      nextAt = null;
      if (handle !== null) timers.clearTimeout(handle);
      handle = null;
    },
    async idle() {
      await running;
    },
  };
}
