/**
 * The turn-timer scheduler. Deadlines live in the database (table `deadlines`); in memory there is only one
 * timer, armed for the earliest of them. When it fires, every debate that is due is handed to `fire`, which
 * runs the core's tick, persists and announces. On start, whatever fell due while the bot was down is fired
 * at once, so an overdue turn is closed and announced before anything else.
 */
import type { Logger } from 'pino';
import type { DebateRepository } from '../db/debates-repo.js';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

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

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export class TurnScheduler {
  private handle: unknown = null;
  private armedFor: number | null = null;
  private running = false;
  private readonly timers: Timers;
  private readonly maxSleepMs: number;
  /** Debates whose last fire threw: left alone for a while so one bad debate cannot spin the loop. */
  private readonly failedUntil = new Map<number, number>();

  constructor(private readonly opts: SchedulerOptions) {
    this.timers = opts.timers ?? realTimers;
    this.maxSleepMs = opts.maxSleepMs ?? 60_000;
  }

  /** Fires everything overdue, then keeps firing deadlines as they come. Returns how many were overdue. */
  start(): number {
    this.running = true;
    const fired = this.runDue();
    this.arm();
    return fired;
  }

  stop(): void {
    this.running = false;
    this.disarm();
  }

  /** Call after a deadline changed (a command began, paused or extended a turn): re-arms if sooner. */
  wake(): void {
    if (!this.running) return;
    const next = this.opts.repo.nextDue();
    if (next !== null && (this.armedFor === null || next < this.armedFor)) this.arm(next);
  }

  /** Fires every debate due at the clock's now; returns how many fired. */
  runDue(): number {
    const now = this.opts.now();
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

  private disarm(): void {
    if (this.handle !== null) this.timers.clearTimeout(this.handle);
    this.handle = null;
    this.armedFor = null;
  }

  private arm(next: number | null = this.opts.repo.nextDue()): void {
    this.disarm();
    if (!this.running) return;
    const now = this.opts.now();
    let at = next ?? now + this.maxSleepMs;
    // Another shard's overdue debate is not ours to fire: poll gently instead of spinning on it.
    if (at <= now && this.opts.ownsGuild) at = now + 250;
    // A debate left alone after a failure is still "due": wait for its retry rather than spin.
    if (at <= now && this.failedUntil.size > 0) at = Math.min(...this.failedUntil.values());
    const delay = Math.max(0, Math.min(at - now, this.maxSleepMs));
    this.armedFor = now + delay;
    this.handle = this.timers.setTimeout(() => {
      this.handle = null;
      this.armedFor = null;
      if (!this.running) return;
      this.runDue();
      this.arm();
    }, delay);
  }
}
