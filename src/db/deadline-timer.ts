/**
 * One in-memory timer over deadlines stored in the database: armed for the earliest, it fires whatever is
 * due and re-arms. On start it fires what fell due while the process was down. The turn scheduler and the
 * "citation needed" challenges both run on it.
 */
import type { Logger } from 'pino';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export interface DeadlineTimerOptions {
  now: () => number;
  log: Logger;
  timers?: Timers;
  /** The earliest stored deadline, or null. */
  nextDue(): number | null;
  /** Fires everything due at `now` (persisting each outcome); returns how many fired. */
  runDue(now: number): number;
  /**
   * When to look again if something is still due right after firing (another shard's, or a failure being
   * retried); never sooner than now + 1 s unless this says so. Default: now + 1 s.
   */
  stillDueRetryAt?(now: number): number;
  /** Longest sleep between look-ups, in case the clock jumps or another process adds one (default 60 s). */
  maxSleepMs?: number;
  /** Named in the log line when a run fails. */
  what: string;
}

export class DeadlineTimer {
  private handle: unknown = null;
  private armedFor: number | null = null;
  private running = false;
  private readonly timers: Timers;

  constructor(private readonly opts: DeadlineTimerOptions) {
    this.timers = opts.timers ?? realTimers;
  }

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

  /** Call after a deadline was added or moved: re-arms if it is sooner. */
  wake(): void {
    if (!this.running) return;
    const next = this.opts.nextDue();
    if (next !== null && (this.armedFor === null || next < this.armedFor)) this.arm(next);
  }

  private fire(): number {
    try {
      return this.opts.runDue(this.opts.now());
    } catch (err) {
      this.opts.log.error({ err }, `${this.opts.what} failed; retrying shortly`);
      return 0;
    }
  }

  private disarm(): void {
    if (this.handle !== null) this.timers.clearTimeout(this.handle);
    this.handle = null;
    this.armedFor = null;
  }

  private arm(next: number | null = this.opts.nextDue()): void {
    this.disarm();
    if (!this.running) return;
    const now = this.opts.now();
    const max = this.opts.maxSleepMs ?? 60_000;
    // Something still due after firing: look again later, never spin on it.
    const at = next === null ? now + max : next <= now ? (this.opts.stillDueRetryAt?.(now) ?? now + 1_000) : next;
    const delay = Math.max(0, Math.min(at - now, max));
    this.armedFor = now + delay;
    this.handle = this.timers.setTimeout(() => {
      this.handle = null;
      this.armedFor = null;
      if (!this.running) return;
      this.fire();
      this.arm();
    }, delay);
  }
}
