/**
 * The outbox table (migration 5): what the bot must post, written in the transaction of the change that
 * causes it, and marked sent once delivered. src/debate/outbox.ts delivers it; this file only reads and writes.
 */
import { debateKey, type Sql } from './sql.js';
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
const INSERT = `INSERT INTO outbox (debate_id, channel_id, kind, argument_id, reply_json, created_at, next_at)
  VALUES (@debateId, @channelId, @kind, @argumentId, @reply, @now, @now) RETURNING id`;
const BY_ID = `${ROW} WHERE o.id = ?`;
const HEAD = `${ROW} WHERE o.channel_id = ? AND o.sent_at IS NULL ORDER BY o.id LIMIT 1`;
const PENDING_CHANNELS = `SELECT DISTINCT o.channel_id AS "channelId", d.guild_id AS "guildId" FROM outbox o JOIN debates d ON d.id = o.debate_id
  WHERE o.sent_at IS NULL`;
const SENT = 'UPDATE outbox SET sent_at = ?, outcome = ?, message_id = ? WHERE id = ? AND sent_at IS NULL';
const RETRY = 'UPDATE outbox SET attempts = ?, next_at = ? WHERE id = ?';
const REFRESH = 'UPDATE outbox SET attempts = 0, next_at = ? WHERE channel_id = ? AND sent_at IS NULL';
const UNPARK = 'UPDATE outbox SET attempts = 0, next_at = ? WHERE channel_id = ? AND sent_at IS NULL AND next_at IS NULL';
const LATER_OF = 'SELECT 1 AS found FROM outbox WHERE debate_id = ? AND id > ? AND sent_at IS NULL AND kind IN (?) LIMIT 1';
const LAST_POSTED = 'SELECT message_id FROM outbox WHERE debate_id = ? AND id < ? AND kind = ? AND message_id IS NOT NULL ORDER BY id DESC LIMIT 1';
const LATER_EDIT = "SELECT 1 AS found FROM outbox WHERE argument_id = ? AND id > ? AND sent_at IS NULL AND kind = 'argument-edit' LIMIT 1";
const HAS_ARGUMENT_ROW = "SELECT 1 AS found FROM outbox WHERE argument_id = ? AND kind = 'argument' LIMIT 1";
const HALT = 'UPDATE debates SET posting_halted = ? WHERE id = ?';
const HALTED = 'SELECT posting_halted FROM debates WHERE id = ?';
const PRUNE = 'DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < ?';

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
  constructor(private readonly sql: Sql) {}

  /** Queues a post; returns the row's id. Call inside the transaction of the change it announces. */
  async add(row: NewOutboxRow, now: number): Promise<number> {
    const inserted = await this.sql.get<{ id: number }>(INSERT, {
      debateId: row.debateId,
      channelId: row.channelId,
      kind: row.kind,
      argumentId: row.argumentId ?? null,
      reply: row.reply ? JSON.stringify(row.reply) : null,
      now,
    });
    return inserted!.id;
  }

  async row(id: number): Promise<OutboxRow | null> {
    const r = await this.sql.get<Record<string, never>>(BY_ID, [id]);
    return r ? rowOf(r) : null;
  }

  /** The oldest row of a channel not yet sent. */
  async head(channelId: string): Promise<OutboxRow | null> {
    const r = await this.sql.get<Record<string, never>>(HEAD, [channelId]);
    return r ? rowOf(r) : null;
  }

  /** Channels with rows not yet sent, with their debate's guild. */
  pendingChannels(): Promise<{ channelId: string; guildId: string | null }[]> {
    return this.sql.all<{ channelId: string; guildId: string | null }>(PENDING_CHANNELS);
  }

  async markSent(id: number, at: number, outcome: SentOutcome, messageId: string | null = null): Promise<void> {
    await this.sql.run(SENT, [at, outcome, messageId, id]);
  }

  /** Records a failed attempt: the next one at `nextAt`, or parked (null). */
  async retryAt(id: number, attempts: number, nextAt: number | null): Promise<void> {
    await this.sql.run(RETRY, [attempts, nextAt, id]);
  }

  /** Gives the pending rows of a channel (only the parked ones: `parkedOnly`) a fresh set of attempts from `now`. */
  async refresh(channelId: string, now: number, parkedOnly = false): Promise<number> {
    return (await this.sql.run(parkedOnly ? UNPARK : REFRESH, [now, channelId])).changes;
  }

  /** Whether a row of one of `kinds` waits after row `id` in the same debate. */
  async laterOf(row: Pick<OutboxRow, 'id' | 'debateId'>, kinds: readonly OutboxKind[]): Promise<boolean> {
    return (await this.sql.get(LATER_OF, [row.debateId, row.id, kinds])) !== undefined;
  }

  /** The message id of the debate's last row of `kind` sent before `row`; null when none was posted. */
  async lastPosted(row: Pick<OutboxRow, 'id' | 'debateId'>, kind: OutboxKind): Promise<string | null> {
    return (await this.sql.get<{ message_id: string }>(LAST_POSTED, [row.debateId, row.id, kind]))?.message_id ?? null;
  }

  /** Whether a later edit of the same argument's announcement waits. */
  async laterEdit(row: Pick<OutboxRow, 'id' | 'argumentId'>): Promise<boolean> {
    return (await this.sql.get(LATER_EDIT, [row.argumentId, row.id])) !== undefined;
  }

  /** Whether an argument's announcement was ever queued. */
  async hasAnnouncement(argumentId: number): Promise<boolean> {
    return (await this.sql.get(HAS_ARGUMENT_ROW, [argumentId])) !== undefined;
  }

  /** Forgets rows sent before `before` (they only served to tell what went out). */
  async prune(before: number): Promise<number> {
    return (await this.sql.run(PRUNE, [before])).changes;
  }

  async setHalted(debateId: number, halt: Halt | null): Promise<void> {
    await this.sql.run(HALT, [halt, debateId]);
  }

  async halted(debateId: number): Promise<Halt | null> {
    return (await this.sql.get<{ posting_halted: Halt | null }>(HALTED, [debateId]))?.posting_halted ?? null;
  }

  /** Runs `fn` in one transaction on debate `debateId`'s rows (a savepoint of the caller's, inside one). */
  transaction<T>(debateId: number, fn: () => Promise<T>): Promise<T> {
    return this.sql.exclusive(fn, debateKey(debateId));
  }
}
