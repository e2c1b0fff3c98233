/**
 * The outbox table (migration 5): what the bot must post, written in the transaction of the change that
 * causes it, and marked sent once delivered. src/debate/outbox.ts delivers it; this file only reads and writes.
 */
import type { Database } from './open.js';
import type { Reply } from '../seam/reply.js';

/**
 * What a row asks for. card: the motion card (its id stored on the debate); card-edit: the card redrawn;
 * turn: a turn announcement (a new warning message follows it); warning: the turn's one warning message,
 * posted then edited in place; post: any other notice; argument / argument-edit: an argument's announcement,
 * posted once then edited, drawn when sent from what is stored then.
 */
export type OutboxKind = 'card' | 'card-edit' | 'turn' | 'warning' | 'post' | 'poi' | 'poi-edit' | 'argument' | 'argument-edit';

export type SentOutcome = 'posted' | 'edited' | 'superseded' | 'skipped' | 'message-gone' | 'unreachable';

export type Halt = 'gone' | 'forbidden';

export interface OutboxRow {
  id: number;
  debateId: number;
  channelId: string;
  kind: OutboxKind;
  argumentId: number | null;
  reply: Reply | null;
  attempts: number;
  /** Null once its attempts ran out (parked). */
  nextAt: number | null;
  createdAt: number;
  /** The debate's own channel (its thread), its guild and whether posting there is halted. */
  debateChannelId: string;
  guildId: string | null;
  halted: Halt | null;
}

export interface NewOutboxRow {
  debateId: number;
  channelId: string;
  kind: OutboxKind;
  argumentId?: number | null;
  reply?: Reply | null;
}

const ROW = `SELECT o.*, d.channel_id AS debate_channel_id, d.guild_id, d.posting_halted FROM outbox o JOIN debates d ON d.id = o.debate_id`;

function rowOf(r: Record<string, never>): OutboxRow {
  return {
    id: r.id,
    debateId: r.debate_id,
    channelId: r.channel_id,
    kind: r.kind,
    argumentId: r.argument_id,
    reply: r.reply_json ? (JSON.parse(r.reply_json) as Reply) : null,
    attempts: r.attempts,
    nextAt: r.next_at,
    createdAt: r.created_at,
    debateChannelId: r.debate_channel_id,
    guildId: r.guild_id,
    halted: r.posting_halted,
  };
}

export class OutboxRepository {
  private readonly s;

  constructor(private readonly db: Database) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      insert: p(`INSERT INTO outbox (debate_id, channel_id, kind, argument_id, reply_json, created_at, next_at)
        VALUES (@debateId, @channelId, @kind, @argumentId, @reply, @now, @now)`),
      byId: p(`${ROW} WHERE o.id = ?`),
      head: p(`${ROW} WHERE o.channel_id = ? AND o.sent_at IS NULL ORDER BY o.id LIMIT 1`),
      pendingChannels: p(`SELECT DISTINCT o.channel_id AS channelId, d.guild_id AS guildId FROM outbox o JOIN debates d ON d.id = o.debate_id
        WHERE o.sent_at IS NULL`),
      sent: p('UPDATE outbox SET sent_at = ?, outcome = ?, message_id = ? WHERE id = ? AND sent_at IS NULL'),
      retry: p('UPDATE outbox SET attempts = ?, next_at = ? WHERE id = ?'),
      refresh: p('UPDATE outbox SET attempts = 0, next_at = ? WHERE channel_id = ? AND sent_at IS NULL'),
      unpark: p('UPDATE outbox SET attempts = 0, next_at = ? WHERE channel_id = ? AND sent_at IS NULL AND next_at IS NULL'),
      laterOf: p(`SELECT 1 FROM outbox WHERE debate_id = ? AND id > ? AND sent_at IS NULL AND kind IN (SELECT value FROM json_each(?)) LIMIT 1`),
      lastPosted: p('SELECT message_id FROM outbox WHERE debate_id = ? AND id < ? AND kind = ? AND message_id IS NOT NULL ORDER BY id DESC LIMIT 1'),
      laterEdit: p("SELECT 1 FROM outbox WHERE argument_id = ? AND id > ? AND sent_at IS NULL AND kind = 'argument-edit' LIMIT 1"),
      hasArgumentRow: p("SELECT 1 FROM outbox WHERE argument_id = ? AND kind = 'argument' LIMIT 1"),
      halt: p('UPDATE debates SET posting_halted = ? WHERE id = ?'),
      halted: p('SELECT posting_halted FROM debates WHERE id = ?'),
      prune: p('DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < ?'),
    };
  }

  /** Queues a post; returns the row's id. Call inside the transaction of the change it announces. */
  add(row: NewOutboxRow, now: number): number {
    const info = this.s.insert.run({
      debateId: row.debateId,
      channelId: row.channelId,
      kind: row.kind,
      argumentId: row.argumentId ?? null,
      reply: row.reply ? JSON.stringify(row.reply) : null,
      now,
    });
    return Number(info.lastInsertRowid);
  }

  row(id: number): OutboxRow | null {
    const r = this.s.byId.get(id) as Record<string, never> | undefined;
    return r ? rowOf(r) : null;
  }

  /** The oldest row of a channel not yet sent. */
  head(channelId: string): OutboxRow | null {
    const r = this.s.head.get(channelId) as Record<string, never> | undefined;
    return r ? rowOf(r) : null;
  }

  /** Channels with rows not yet sent, with their debate's guild. */
  pendingChannels(): { channelId: string; guildId: string | null }[] {
    return this.s.pendingChannels.all() as { channelId: string; guildId: string | null }[];
  }

  markSent(id: number, at: number, outcome: SentOutcome, messageId: string | null = null): void {
    this.s.sent.run(at, outcome, messageId, id);
  }

  /** Records a failed attempt: the next one at `nextAt`, or parked (null). */
  retryAt(id: number, attempts: number, nextAt: number | null): void {
    this.s.retry.run(attempts, nextAt, id);
  }

  /** Gives the pending rows of a channel (only the parked ones: `parkedOnly`) a fresh set of attempts from `now`. */
  refresh(channelId: string, now: number, parkedOnly = false): number {
    return (parkedOnly ? this.s.unpark : this.s.refresh).run(now, channelId).changes;
  }

  /** Whether a row of one of `kinds` waits after row `id` in the same debate. */
  laterOf(row: Pick<OutboxRow, 'id' | 'debateId'>, kinds: readonly OutboxKind[]): boolean {
    return this.s.laterOf.get(row.debateId, row.id, JSON.stringify(kinds)) !== undefined;
  }

  /** The message id of the debate's last row of `kind` sent before `row`; null when none was posted. */
  lastPosted(row: Pick<OutboxRow, 'id' | 'debateId'>, kind: OutboxKind): string | null {
    return (this.s.lastPosted.get(row.debateId, row.id, kind) as { message_id: string } | undefined)?.message_id ?? null;
  }

  /** Whether a later edit of the same argument's announcement waits. */
  laterEdit(row: Pick<OutboxRow, 'id' | 'argumentId'>): boolean {
    return this.s.laterEdit.get(row.argumentId, row.id) !== undefined;
  }

  /** Whether an argument's announcement was ever queued. */
  hasAnnouncement(argumentId: number): boolean {
    return this.s.hasArgumentRow.get(argumentId) !== undefined;
  }

  /** Forgets rows sent before `before` (they only served to tell what went out). */
  prune(before: number): number {
    return this.s.prune.run(before).changes;
  }

  setHalted(debateId: number, halt: Halt | null): void {
    this.s.halt.run(halt, debateId);
  }

  halted(debateId: number): Halt | null {
    return ((this.s.halted.get(debateId) as { posting_halted: Halt | null } | undefined)?.posting_halted) ?? null;
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}
