/**
 * The turn-timer scheduler. Deadlines live in the database (table `deadlines`); in memory there is only one
 * timer, armed for the earliest of them. When it fires, every debate that is due is handed to `fire`, which
 * runs the core's tick, persists and announces. On start, whatever fell due while the bot was down is fired
 * at once, so an overdue turn is closed and announced before anything else.
 */
import type { Logger } from 'pino';
import { CLAIM_BATCH, fireClaimed, type DeadlineClaims } from '../db/claims.js';
import type { DebateRepository } from '../db/debates-repo.js';
import { DeadlineTimer, type Timers } from '../db/deadline-timer.js';

export type { Timers } from '../db/deadline-timer.js';

export interface SchedulerOptions {
  repo: DebateRepository;
  now: () => number;
  log: Logger;
  /** Advances one due debate at `now`; must persist its next deadline before it resolves. */
  fire: (debateId: number, now: number) => Promise<void>;
  timers?: Timers;
  /** Runs one batch of fires together (one database transaction for all debates due at once). */
  batch?: (fn: () => Promise<void>) => Promise<void>;
  /** Debates of a batch fired at once (default 1); more only when each fire is a transaction of its own. */
  parallel?: number;
  /** Whether this process fires a guild's debates (shards share the database; each fires its own guilds). */
  ownsGuild?: (guildId: string | null) => boolean;
  /** Longest sleep between look-ups, in case the clock jumps (default 60 s). */
  maxSleepMs?: number;
  /**
   * Hosts sharing the store: deadlines are claimed (claims.ts) rather than filtered by guild, so any host fires
   * any debate's, each exactly once, and a dead host's are claimed by another once its lease ends.
   */
  claims?: { claims: DeadlineClaims; leaseMs: number };
}

const CLAIMS_PER_LANE = 4;

export class TurnScheduler {
  private readonly timer: DeadlineTimer;
  /** Debates whose last fire threw: left alone for a while so one bad debate cannot spin the loop. */
  private readonly failedUntil = new Map<number, number>();

  constructor(private readonly opts: SchedulerOptions) {
    this.timer = new DeadlineTimer({
      now: opts.now,
      log: opts.log,
      timers: opts.timers,
      // Claiming hosts look at least once a lease, so that a dead host's claims are taken over within one.
      maxSleepMs: opts.claims ? Math.min(opts.maxSleepMs ?? opts.claims.leaseMs, opts.claims.leaseMs) : opts.maxSleepMs,
      what: 'the debate timer',
      nextDue: () => (opts.claims ? opts.claims.claims.nextClaimable() : opts.repo.nextDue()),
      runDue: (now) => (opts.claims ? this.runClaimed(now, opts.claims) : this.runDue(now)),
      stillDueRetryAt: (now) =>
        // Claiming: still claimable means a claim left rows (a full batch): at once; held rows are not claimable.
        // Another shard's overdue debate is not ours to fire: poll gently. A debate left alone after a failure is
        // still "due": wait for its retry. Otherwise fire again at once.
        opts.claims ? now : opts.ownsGuild ? now + 250 : this.failedUntil.size > 0 ? Math.min(...this.failedUntil.values()) : now,
    });
  }

  /** Fires everything overdue, then keeps firing deadlines as they come. Resolves to how many were overdue. */
  start(): Promise<number> {
    return this.timer.start();
  }

  stop(): void {
    this.timer.stop();
  }

  /** Resolves once the timer is not firing (shutdown: before the store closes). */
  idle(): Promise<void> {
    return this.timer.idle();
  }

  /** Call after a deadline changed (a command began, paused or extended a turn): re-arms if sooner. Never rejects. */
  wake(): Promise<void> {
    return this.timer.wake();
  }

  /** Claims the deadlines due at `now` that no live lease holds and fires them (claims.ts's fireClaimed). */
  private runClaimed(now: number, claims: { claims: DeadlineClaims; leaseMs: number }): Promise<number> {
    // Firing one at a time (one transaction), a claim takes a whole batch; firing in lanes, what they fire in a
    // few rounds, so that another host claims what is due meanwhile rather than wait for this one's batch.
    const lanes = this.opts.parallel ?? 1;
    return fireClaimed(claims, 'debateId', now, lanes > 1 ? lanes * CLAIMS_PER_LANE : CLAIM_BATCH, async (ids) => {
      let fired = 0;
      const failed = new Set<number>();
      const batch = this.opts.batch ?? ((fn: () => Promise<void>) => fn());
      await batch(() =>
        this.fireEach(ids, async (debateId) => {
          try {
            await this.opts.fire(debateId, now);
            fired++;
          } catch (err) {
            failed.add(debateId);
            this.opts.log.error({ err, debateId }, 'debate timer failed; another look once its claim lapses');
          }
        }),
      );
      return { fired, failed };
    });
  }

  /** Fires every debate due at `now`; returns how many fired. */
  async runDue(now: number = this.opts.now()): Promise<number> {
    let fired = 0;
    const owns = this.opts.ownsGuild;
    const due = (await this.opts.repo.dueWithGuild(now)).filter((d) => !owns || owns(d.guildId)).map((d) => d.id);
    if (due.length === 0) return 0;
    const batch = this.opts.batch ?? ((fn: () => Promise<void>) => fn());
    await batch(() =>
      this.fireEach(due, async (id) => {
        const until = this.failedUntil.get(id);
        if (until !== undefined && until > now) return;
        try {
          await this.opts.fire(id, now);
          this.failedUntil.delete(id);
          fired++;
        } catch (err) {
          this.failedUntil.set(id, now + 5_000);
          this.opts.log.error({ err, debateId: id }, 'debate timer failed; retrying in 5 s');
        }
      }),
    );
    return fired;
  }

  /** `fire` for each debate, `parallel` at a time (in the order given when one). */
  private async fireEach(ids: readonly number[], fire: (id: number) => Promise<void>): Promise<void> {
    let next = 0;
    const lane = async () => {
      while (next < ids.length) await fire(ids[next++]);
    };
    await Promise.all(Array.from({ length: Math.min(this.opts.parallel ?? 1, ids.length) }, lane));
  }
}
