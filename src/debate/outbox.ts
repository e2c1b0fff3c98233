/**
 * The outbox: delivers what the debate and the score must post (src/db/outbox-repo.ts holds the rows).
 *
 * Guarantees (what a fault suite may hold it to):
 * - Written with its cause: a row is inserted in the transaction of the state change that makes it (a turn, a
 *   warning, a verdict, a challenge's outcome…). Committed change, committed row; rolled back, neither.
 * - In order: one channel's rows go out one at a time in the order written; channels do not wait for each other.
 * - Retried, bounded: a failed send is tried again after 1, 2, 4, 8, 16 s (6 attempts, about half a minute).
 *   Then the row is parked, never dropped: it gets a fresh set of attempts when the process starts or when its
 *   channel gets a new row. Later rows of that channel wait behind it.
 * - At least once: a row is marked sent, with its message id, in one transaction after Discord answered. After
 *   a crash, the next start re-sends every row not marked (of the guilds this process owns). A crash between
 *   Discord's answer and that write sends the row again: an edit repeats harmlessly, and a post carries the
 *   row's nonce, so Discord returns the first message rather than showing it twice (if the re-send comes within
 *   Discord's few minutes; later, it shows twice).
 *   Rows are marked sent without sending only when pointless: a warning followed by a newer warning or turn, an
 *   edit followed by a newer edit of the same message ("superseded"), an edit of a message not posted or
 *   deleted ("skipped", "message-gone").
 * - A channel gone (404, or one the bot cannot see) or forbidden (403, an archived thread) halts its debate's
 *   posting: debates.posting_halted is set, its rows stay pending, and the halt handler (the debate service)
 *   pauses a running debate and tells the host; one line is logged. While running, a process sends the rows
 *   it wrote; at start, the pending rows of the guilds it owns.
 */
import { AsyncResource } from 'node:async_hooks';
import type { Logger } from 'pino';
import type { ChannelGateway, Reply } from '../seam/reply.js';
import type { Sql } from '../db/sql.js';
import { realTimers, type Timers } from '../db/deadline-timer.js';
import { OutboxRepository, type Halt, type NewOutboxRow, type OutboxKind, type OutboxRow } from '../db/outbox-repo.js';

export const MAX_ATTEMPTS = 6;
/** How long sent rows are kept (to see what went out when), then forgotten at start. */
export const KEEP_SENT_MS = 7 * 86_400_000;
const FIRST_RETRY_MS = 1_000;

/** The wait after the `attempts`-th failure: 1 s, 2 s, 4 s … */
export const backoffMs = (attempts: number): number => FIRST_RETRY_MS * 2 ** (attempts - 1);

/**
 * The row's nonce: sent again after a crash between Discord's answer and the mark, the post is not shown twice
 * (Discord keeps nonces a few minutes). Its time too, so that rows numbered again (a restored backup) are not
 * taken for the old ones.
 */
export const nonceOf = (row: Pick<OutboxRow, 'id' | 'createdAt'>): string => `${row.id.toString(36)}.${row.createdAt.toString(36)}`;

/** What to send for a row now. */
export type Plan = { post: Reply } | { edit: string; reply: Reply } | { skip: 'superseded' | 'skipped' };

/** How one kind of row is sent (each may read or write the store, so may return a promise). */
export interface Courier {
  plan(row: OutboxRow): Promise<Plan> | Plan;
  /** Stores what later rows need of a post (its message id); runs in the transaction marking the row sent. */
  posted?(row: OutboxRow, messageId: string): Promise<void> | void;
  /** The message an edit was for is gone; runs in the transaction marking the row so. */
  messageGone?(row: OutboxRow): Promise<void> | void;
}

export type FailureKind = Halt | 'message-gone' | 'transient';

/** Discord error codes meaning the bot may not post there (Missing Access, Missing Permissions, archived thread). */
const FORBIDDEN_CODES = new Set([50001, 50013, 50083]);

/**
 * Why a send failed, from the error's HTTP status and Discord code (DiscordAPIError carries both; the channel
 * gateway throws ChannelUnavailableError for a channel it cannot see). Anything else may pass: retried.
 */
export function failureKind(err: unknown, editing: boolean): FailureKind {
  const e = (err ?? {}) as { name?: unknown; status?: unknown; code?: unknown };
  const status = Number(e.status);
  const code = Number(e.code);
  if (editing && code === 10008) return 'message-gone';
  if (e.name === 'ChannelUnavailableError' || code === 10003 || status === 404) return 'gone';
  if (status === 403 || FORBIDDEN_CODES.has(code)) return 'forbidden';
  return 'transient';
}

export interface OutboxOptions {
  sql: Sql;
  now: () => number;
  log: Logger;
  timers?: Timers;
  /** Whose pending rows this process re-sends at start (shards share the database). */
  ownsGuild?: (guildId: string | null) => boolean;
}

type Attempt = { ok: true } | { ok: false; kind: FailureKind; err: unknown };

export class Outbox {
  readonly repo: OutboxRepository;
  private gateway: ChannelGateway | null = null;
  private readonly couriers = new Map<OutboxKind, Courier>();
  /** Channels this process delivers to: the ones it wrote to, and at start those with rows left over. */
  private readonly claimed = new Set<string>();
  private readonly working = new Map<string, Promise<void>>();
  /** Rows being sent right now (deliverNow and the channel workers never send one twice at once). */
  private readonly inFlight = new Set<number>();
  private kicked: Promise<void> | null = null;
  /**
   * The next kick starts a worker for every claimed channel (at start, with a gateway, on a retry), not only
   * those written to: each worker's first look is a query, which on PostgreSQL is a round trip per channel.
   */
  private startAll = true;
  /** Channels whose rows were committed since the last kick, and channels kicked while their worker still ran. */
  private readonly written = new Set<string>();
  private readonly missed = new Set<string>();
  private retryTimer: unknown = null;
  private retryAt: number | null = null;
  private stopped = false;
  private started = false;
  private readonly timers: Timers;
  /**
   * The context the outbox was made in, outside any transaction: the channel workers run in it, never inside
   * the transaction of the change that kicked them (whose statements they would join).
   */
  private readonly outside = new AsyncResource('RostrumOutbox');
  /** Called (inside a transaction) when a debate's channel is gone or forbidden; the debate service pauses it. */
  onHalt: (debateId: number, halt: Halt) => Promise<void> = async () => {};

  constructor(private readonly opts: OutboxOptions) {
    this.repo = new OutboxRepository(opts.sql);
    this.timers = opts.timers ?? realTimers;
  }

  /** How rows of `kind` are sent. */
  handle(kind: OutboxKind, courier: Courier): void {
    this.couriers.set(kind, courier);
  }

  /** The gateway posts go through (the first one given). */
  useGateway(gateway: ChannelGateway): void {
    this.gateway ??= gateway;
    this.startAll = true;
    this.kick();
  }

  /** Queues a post; call inside the transaction of its cause. Sent once that transaction is over. */
  async add(row: NewOutboxRow, opts: { deliver?: boolean } = {}): Promise<number> {
    const id = await this.repo.add(row, this.opts.now());
    if (opts.deliver !== false) await this.claim(row.channelId);
    return id;
  }

  /** Re-sends what earlier runs left pending (in the guilds this process owns), with fresh attempts. */
  async start(): Promise<void> {
    this.stopped = false;
    if (this.started) return;
    this.started = true;
    await this.repo.prune(this.opts.now() - KEEP_SENT_MS);
    const owns = this.opts.ownsGuild;
    for (const { channelId, guildId } of await this.repo.pendingChannels()) {
      if (owns && !owns(guildId)) continue;
      await this.repo.refresh(channelId, this.opts.now());
      this.claimed.add(channelId);
    }
    this.startAll = true;
    this.kick();
  }

  /** Stops sending (a row being sent finishes); pending rows wait for the next start. */
  stop(): void {
    this.stopped = true;
    this.started = false;
    if (this.retryTimer !== null) this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = this.retryAt = null;
  }

  /** Lifts a debate's halt and sends what waited, oldest first. */
  async resume(debateId: number, channelId: string): Promise<void> {
    await this.repo.setHalted(debateId, null);
    await this.repo.refresh(channelId, this.opts.now());
    await this.claim(channelId);
  }

  /**
   * Sends one row now, once, outside the channel's queue (the motion card, before /debate start answers).
   * Marks it sent on success; on failure leaves it as it was and says why.
   */
  async deliverNow(rowId: number): Promise<Attempt> {
    const row = await this.repo.row(rowId);
    if (!row) return { ok: false, kind: 'transient', err: new Error(`outbox row ${rowId} is gone`) };
    if (!this.gateway) return { ok: false, kind: 'transient', err: new Error('no channel gateway yet') };
    const out = await this.attempt(this.gateway, row);
    // A worker that found this row in flight stopped; the rows after it go now.
    if (this.claimed.has(row.channelId)) {
      this.written.add(row.channelId);
      this.kick();
    }
    return out;
  }

  /** Resolves once nothing is being sent (for `channelId`, or anywhere) and nothing due is waiting. */
  async settle(channelId?: string): Promise<void> {
    for (;;) {
      if (this.kicked) {
        await this.kicked;
        continue;
      }
      const busy = channelId === undefined ? [...this.working.values()] : [this.working.get(channelId)].filter((p) => p !== undefined);
      if (busy.length === 0) return;
      await Promise.all(busy);
    }
  }

  private async claim(channelId: string): Promise<void> {
    // A parked row gets a fresh set of attempts when its channel has something new to say.
    if (!this.claimed.has(channelId)) await this.repo.refresh(channelId, this.opts.now(), true);
    this.claimed.add(channelId);
    // Its worker starts once the rows are committed (before, it would not find them), never if they roll back.
    this.opts.sql.afterCommit(() => {
      this.written.add(channelId);
      this.kick();
    });
  }

  /** Starts the channel workers after the current synchronous work, outside any transaction. */
  private kick(): void {
    if (this.kicked) return;
    this.kicked = this.outside.runInAsyncScope(async () => {
      // Always after the current synchronous work (this promise is `kicked` by then).
      await Promise.resolve();
      this.kicked = null;
      // A worker that found nothing before those rows were committed gave its channel up meanwhile: claimed again.
      for (const channelId of this.written) this.claimed.add(channelId);
      const start = this.startAll ? [...this.claimed] : [...this.written];
      this.startAll = false;
      this.written.clear();
      for (const channelId of start) this.startWorker(channelId);
    });
  }

  private startWorker(channelId: string): void {
    if (this.stopped || !this.gateway) return;
    if (this.working.has(channelId)) {
      // Its worker may have looked before the rows that kicked it were committed: it looks again when done.
      this.missed.add(channelId);
      return;
    }
    let crashed = false;
    const run = this.work(this.gateway, channelId)
      .catch((err) => {
        crashed = true;
        this.opts.log.error({ err, channelId }, 'the outbox failed to deliver; retrying shortly');
      })
      .finally(async () => {
        // After a failure, never at once (it could fail the same way); else rows written while it was finishing.
        let again = false;
        if (crashed) this.armRetry(this.opts.now() + FIRST_RETRY_MS);
        else again = this.claimed.has(channelId) && (await this.dueNow(channelId).catch((err) => this.readFailed(err, channelId)));
        this.working.delete(channelId);
        if (this.missed.delete(channelId) && !crashed) {
          this.claimed.add(channelId);
          again = true;
        }
        if (again) {
          this.written.add(channelId);
          this.kick();
        }
      });
    this.working.set(channelId, run);
  }

  private readFailed(err: unknown, channelId: string): false {
    this.opts.log.error({ err, channelId }, 'the outbox could not read what waits; retrying shortly');
    this.armRetry(this.opts.now() + FIRST_RETRY_MS);
    return false;
  }

  private async dueNow(channelId: string): Promise<boolean> {
    const head = await this.repo.head(channelId);
    return head !== null && head.nextAt !== null && head.nextAt <= this.opts.now() && !this.isHalted(head) && !this.inFlight.has(head.id);
  }

  private isHalted(row: OutboxRow): boolean {
    return row.halted !== null && row.channelId === row.debateChannelId;
  }

  /** Sends a channel's due rows in order; stops at one that must wait (retry, parked, halted). */
  private async work(gateway: ChannelGateway, channelId: string): Promise<void> {
    while (!this.stopped) {
      const row = await this.repo.head(channelId);
      if (!row || this.isHalted(row) || row.nextAt === null) {
        this.claimed.delete(channelId);
        return;
      }
      if (this.inFlight.has(row.id)) return;
      const now = this.opts.now();
      if (row.nextAt > now) {
        this.armRetry(row.nextAt);
        return;
      }
      const out = await this.attempt(gateway, row);
      if (out.ok) continue;
      if (out.kind === 'gone' || out.kind === 'forbidden') {
        await this.unreachable(row, out.kind, out.err);
        continue;
      }
      const attempts = row.attempts + 1;
      const nextAt = attempts < MAX_ATTEMPTS ? this.opts.now() + backoffMs(attempts) : null;
      await this.repo.retryAt(row.id, attempts, nextAt);
      const where = { err: out.err, debateId: row.debateId, channelId, kind: row.kind, attempts };
      if (nextAt === null) this.opts.log.warn(where, 'a debate post failed every attempt; it is kept and tried again at start or with the next post there');
      else this.opts.log.info(where, 'a debate post failed; retrying');
    }
  }

  private async attempt(gateway: ChannelGateway, row: OutboxRow): Promise<Attempt> {
    const courier = this.couriers.get(row.kind);
    if (!courier) {
      this.opts.log.error({ rowId: row.id, kind: row.kind }, 'an outbox row of a kind nobody delivers was skipped');
      await this.repo.markSent(row.id, this.opts.now(), 'skipped');
      return { ok: true };
    }
    const plan = await courier.plan(row);
    if ('skip' in plan) {
      await this.repo.markSent(row.id, this.opts.now(), plan.skip);
      return { ok: true };
    }
    this.inFlight.add(row.id);
    try {
      if ('post' in plan) {
        const messageId = await gateway.post(row.channelId, plan.post, nonceOf(row));
        await this.repo.transaction(row.debateId, async () => {
          await this.repo.markSent(row.id, this.opts.now(), 'posted', messageId);
          await courier.posted?.(row, messageId);
        });
      } else {
        await gateway.edit(row.channelId, plan.edit, plan.reply);
        await this.repo.markSent(row.id, this.opts.now(), 'edited', plan.edit);
      }
      return { ok: true };
    } catch (err) {
      const kind = failureKind(err, 'edit' in plan);
      if (kind !== 'message-gone') return { ok: false, kind, err };
      await this.repo.transaction(row.debateId, async () => {
        await this.repo.markSent(row.id, this.opts.now(), 'message-gone');
        await courier.messageGone?.(row);
      });
      return { ok: true };
    } finally {
      this.inFlight.delete(row.id);
    }
  }

  /** The debate's own channel halts its posting; another (where the host is told) just loses that row. */
  private async unreachable(row: OutboxRow, halt: Halt, err: unknown): Promise<void> {
    const where = { debateId: row.debateId, channelId: row.channelId, code: (err as { code?: unknown })?.code };
    if (row.channelId !== row.debateChannelId) {
      await this.repo.markSent(row.id, this.opts.now(), 'unreachable');
      this.opts.log.warn(where, `could not post a debate notice there (${halt}); left out`);
      return;
    }
    try {
      await this.repo.transaction(row.debateId, async () => {
        await this.repo.setHalted(row.debateId, halt);
        await this.onHalt(row.debateId, halt);
      });
    } catch (err) {
      // Posting stops all the same; only the pause and the host's notice are missing.
      await this.repo.setHalted(row.debateId, halt);
      this.opts.log.error({ err, debateId: row.debateId }, 'could not pause the debate whose channel failed');
    }
    this.opts.log.warn(where, halt === 'gone'
      ? 'the debate\'s channel is gone: its posting stops and the debate is paused'
      : 'the bot may not post in the debate\'s channel: its posting stops and the debate is paused until the host acts');
  }

  private armRetry(at: number): void {
    if (this.stopped || (this.retryTimer !== null && this.retryAt !== null && this.retryAt <= at)) return;
    if (this.retryTimer !== null) this.timers.clearTimeout(this.retryTimer);
    this.retryAt = at;
    this.retryTimer = this.timers.setTimeout(() => {
      this.retryTimer = this.retryAt = null;
      this.startAll = true;
      this.kick();
    }, Math.max(0, at - this.opts.now()));
  }
}

const outboxes = new WeakMap<Sql, Outbox>();

/** The one outbox of a store, shared by the services using it (made by the first to ask). */
export function outboxFor(opts: OutboxOptions): Outbox {
  let o = outboxes.get(opts.sql);
  if (!o) {
    o = new Outbox(opts);
    outboxes.set(opts.sql, o);
  }
  return o;
}
