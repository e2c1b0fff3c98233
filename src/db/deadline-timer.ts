/**
 * One in-memory timer over deadlines stored in the database: armed for the earliest, it fires whatever is
 * due and re-arms. On start it fires what fell due while the process was down. The turn scheduler and the
 * "citation needed" challenges both run on it. Reading the store is asynchronous, so one look at it (firing,
 * or finding the next deadline) runs at a time: a wake that comes meanwhile is answered by another look after it.
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
  nextDue(): Promise<number | null> | number | null;
  /** Fires everything due at `now` (persisting each outcome); returns how many fired. */
  runDue(now: number): Promise<number> | number;
  /**
   * When to look again if something is still due right after firing (another shard's, or a failure being
   * retried); never sooner than now + 1 s unless this says so. Default: now + 1 s.
   */
  stillDueRetryAt?(now: number): Promise<number> | number;
  /** Longest sleep between look-ups, in case the clock jumps or another process adds one (default 60 s). */
  maxSleepMs?: number;
  /** Named in the log line when a run fails. */
  what: string;
}

/** What the next look at the store must do: fire what is due then re-arm, or only arm sooner if need be. */
type Look = 'fire' | 'wake';

export class DeadlineTimer {
  private handle: unknown = null;
  private armedFor: number | null = null;
  private running = false;
  private readonly timers: Timers;
  /** The look at the store under way, and the one asked for while it runs. */
  private looking: Promise<number> | null = null;
  private wanted: Look | null = null;

  constructor(private readonly opts: DeadlineTimerOptions) {
    this.timers = opts.timers ?? realTimers;
  }

  /** Fires what is overdue, then keeps firing deadlines as they come. Resolves to how many were overdue. */
  start(): Promise<number> {
    this.running = true;
    return this.look('fire');
  }

  stop(): void {
    this.running = false;
    this.wanted = null;
    this.disarm();
  }

  /** Resolves once no look at the store is under way (shutdown: before the store closes). */
  async idle(): Promise<void> {
    while (this.looking) await this.looking.catch(() => {});
  }

  /**
   * Call after a deadline was added or moved: re-arms if it is sooner. Resolves once armed; never rejects. Not
   * to be awaited inside a transaction: it may wait for a firing that waits for that transaction.
   */
  async wake(): Promise<void> {
    if (this.running) await this.look('wake');
  }

  /** Runs `look` after the one under way (a fire outranks a wake); resolves when the store was looked at. */
  private look(look: Look): Promise<number> {
    this.wanted = this.wanted === 'fire' ? 'fire' : look;
    this.looking ??= this.lookWhileWanted().finally(() => (this.looking = null));
    return this.looking;
  }

  private async lookWhileWanted(): Promise<number> {
    let fired = 0;
    while (this.wanted !== null && this.running) {
      const look = this.wanted;
      this.wanted = null;
      if (look === 'fire') fired += await this.fire();
      try {
        const next = await this.opts.nextDue();
        if (look === 'fire') await this.arm(next);
        else if (next !== null && (this.armedFor === null || next < this.armedFor)) await this.arm(next);
      } catch (err) {
        this.opts.log.error({ err }, `${this.opts.what} could not read its next deadline; looking again shortly`);
        // Never left unarmed: look again within a second.
        if (this.running && this.handle === null) this.setTimer(this.opts.now() + 1_000);
      }
    }
    return fired;
  }

  private async fire(): Promise<number> {
    try {
      return await this.opts.runDue(this.opts.now());
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

  private async arm(next: number | null): Promise<void> {
    if (!this.running) return;
    const now = this.opts.now();
    // Something still due after firing: look again later, never spin on it.
    const at = next === null ? now + this.maxSleep() : next <= now ? await (this.opts.stillDueRetryAt?.(now) ?? now + 1_000) : next;
    if (this.running) this.setTimer(at);
  }

  private maxSleep(): number {
    return this.opts.maxSleepMs ?? 60_000;
  }

  private setTimer(at: number): void {
    this.disarm();
    const now = this.opts.now();
    const delay = Math.max(0, Math.min(at - now, this.maxSleep()));
    this.armedFor = now + delay;
    // The callback returns the look, so that a test's fake timers can wait for it.
    this.handle = this.timers.setTimeout(() => {
      this.handle = null;
      this.armedFor = null;
      if (this.running) return this.look('fire');
    }, delay);
  }
}
