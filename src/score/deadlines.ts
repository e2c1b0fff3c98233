/**
 * The challenge timer: deadlines live in the database (table challenges); in memory there is one timer,
 * armed for the earliest. On start, whatever fell due while the bot was down fires at once, so a restart
 * never forgets a "citation needed" deadline.
 */
import type { Logger } from 'pino';
import type { Timers } from '../debate/scheduler.js';

export interface DeadlineTimerOptions {
  now: () => number;
  log: Logger;
  timers: Timers;
  /** The earliest stored deadline, or null. */
  nextDue(): number | null;
  /** Fires everything due at `now` (persisting each outcome); returns how many fired. */
  runDue(now: number): number;
  /** Longest sleep between look-ups, in case the clock jumps or another process adds one (default 60 s). */
  maxSleepMs?: number;
}

export class DeadlineTimer {
  private handle: unknown = null;
  private armedFor: number | null = null;
  private running = false;

  constructor(private readonly opts: DeadlineTimerOptions) {}

  /** Fires what is overdue, then keeps firing deadlines as they come. Returns how many were overdue. */
  start(): number {
    this.running = true;
    const fired = this.fire();
    this.arm();
    return fired;
  }

  stop(): void {
    this.running = false;
    this.disarm();
  }

  /** Call after a deadline was added: re-arms if it is sooner. */
  wake(): void {
    if (!this.running) return;
    const next = this.opts.nextDue();
    if (next !== null && (this.armedFor === null || next < this.armedFor)) this.arm(next);
  }

  private fire(): number {
    try {
      return this.opts.runDue(this.opts.now());
    } catch (err) {
      this.opts.log.error({ err }, 'challenge deadlines failed; retrying shortly');
      return 0;
    }
  }

  private disarm(): void {
    if (this.handle !== null) this.opts.timers.clearTimeout(this.handle);
    this.handle = null;
    this.armedFor = null;
  }

  private arm(next: number | null = this.opts.nextDue()): void {
    this.disarm();
    if (!this.running) return;
    const now = this.opts.now();
    const max = this.opts.maxSleepMs ?? 60_000;
    // Something still due after firing (another shard's, or a failure): look again soon, never spin.
    const at = next === null ? now + max : next <= now ? now + 1_000 : next;
    const delay = Math.max(0, Math.min(at - now, max));
    this.armedFor = now + delay;
    this.handle = this.opts.timers.setTimeout(() => {
      this.handle = null;
      this.armedFor = null;
      if (!this.running) return;
      this.fire();
      this.arm();
    }, delay);
  }
}
