/**
 * The turn-timer scheduler. Deadlines live in the database (table `deadlines`); in memory there is only one
 * timer, armed for the earliest of them. When it fires, every debate that is due is handed to `fire`, which
 * runs the core's tick, persists and announces. On start, whatever fell due while the bot was down is fired
 * at once, so an overdue turn is closed and announced before anything else.
 */
import type { Logger } from 'pino';
import type { DebateRepository } from '../db/debates-repo.js';
import { DeadlineTimer, type Timers } from '../db/deadline-timer.js';

export type { Timers } from '../db/deadline-timer.js';

export interface SchedulerOptions {
  repo: DebateRepository;
  now: () => number;
  log: Logger;
  /** Advances one due debate at `now`; must persist its next deadline before resolving its state part. */
  fire: (debateId: number, now: number) => void;
  timers?: Timers;
  /** Runs one batch of fires together (one database transaction for all debates due at once). */
  batch?: (fn: () => void) => void;
  /** Whether this process fires a guild's debates (shards share the database; each fires its own guilds). */
  ownsGuild?: (guildId: string | null) => boolean;
  /** Longest sleep between look-ups, in case the clock jumps (default 60 s). */
  maxSleepMs?: number;
}

export class TurnScheduler {
  private readonly timer: DeadlineTimer;
  /** Debates whose last fire threw: left alone for a while so one bad debate cannot spin the loop. */
  private readonly failedUntil = new Map<number, number>();

  constructor(private readonly opts: SchedulerOptions) {
    this.timer = new DeadlineTimer({
      now: opts.now,
      log: opts.log,
      timers: opts.timers,
      maxSleepMs: opts.maxSleepMs,
      what: 'the debate timer',
      nextDue: () => opts.repo.nextDue(),
      runDue: (now) => this.runDue(now),
      stillDueRetryAt: (now) =>
        // Another shard's overdue debate is not ours to fire: poll gently. A debate left alone after a
        // failure is still "due": wait for its retry. Otherwise fire again at once.
        opts.ownsGuild ? now + 250 : this.failedUntil.size > 0 ? Math.min(...this.failedUntil.values()) : now,
    });
  }

  /** Fires everything overdue, then keeps firing deadlines as they come. Returns how many were overdue. */
  start(): number {
    return this.timer.start();
  }

  stop(): void {
    this.timer.stop();
  }

  /** Call after a deadline changed (a command began, paused or extended a turn): re-arms if sooner. */
  wake(): void {
    this.timer.wake();
  }

  /** Fires every debate due at `now`; returns how many fired. */
  runDue(now: number = this.opts.now()): number {
    let fired = 0;
    const owns = this.opts.ownsGuild;
    const due = this.opts.repo
      .dueWithGuild(now)
      .filter((d) => !owns || owns(d.guildId))
      .map((d) => d.id);
    if (due.length === 0) return 0;
    const batch = this.opts.batch ?? ((fn: () => void) => fn());
    batch(() => {
      for (const id of due) {
        const until = this.failedUntil.get(id);
        if (until !== undefined && until > now) continue;
        try {
          this.opts.fire(id, now);
          this.failedUntil.delete(id);
          fired++;
        } catch (err) {
          this.failedUntil.set(id, now + 5_000);
          this.opts.log.error({ err, debateId: id }, 'debate timer failed; retrying in 5 s');
        }
      }
    });
    return fired;
  }
}
