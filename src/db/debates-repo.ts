/**
 * Persists debates: the debate row (status, clock), its sides, participants, turns, the timer deadline and
 * the arguments, over the Sql seam (SQLite or PostgreSQL). Each write is one short transaction, or a savepoint
 * of the caller's.
 */
import { isUniqueViolation, type Sql } from './sql.js';
import { nextDueAt } from '../core/debate/debate.js';
import type { DebateEvent, DebateState, StoredArgument, Turn } from '../core/debate/state.js';

/** A second live debate in a channel that has one: the database's unique index refused it. */
export class ChannelBusyError extends Error {
  override name = 'ChannelBusyError';
}

/** A unique index refused the row, on either engine. */
function toArgument(a: Record<string, never>): StoredArgument {
  return {
    id: a.id,
    number: a.number,
    debateId: a.debate_id,
    turnIndex: a.turn_index,
    userId: a.user_id,
    userName: a.user_name,
    sideId: a.side_id,
    text: a.text,
    source: a.source,
    channelId: a.channel_id,
    messageId: a.message_id,
    createdAt: a.created_at,
  };
}

interface DebateRow {
  id: number;
  guild_id: string | null;
  channel_id: string;
  parent_channel_id: string | null;
  host_id: string;
  host_name: string;
  motion: string;
  format_id: string;
  format_name: string;
  status: DebateState['status'];
  turn_index: number;
  clock_json: string | null;
  poi_json: string | null;
  grace_ms: number;
  card_message_id: string | null;
  warning_message_id: string | null;
  created_at: number;
  ended_at: number | null;
  end_reason: DebateState['endReason'];
}

interface TurnRow {
  side_id: string;
  role: string;
  seconds: number;
  protected_start: number;
  protected_end: number;
  poi_allowed: number;
  slot: number;
  speaker_id: string | null;
  speaker_name: string | null;
  started_at: number | null;
  ended_at: number | null;
  allotted_ms: number | null;
  used_ms: number | null;
  overrun_ms: number | null;
}

export interface DebateMessages {
  cardMessageId: string | null;
  warningMessageId: string | null;
}

const INSERT_DEBATE = `INSERT INTO debates (guild_id, channel_id, parent_channel_id, host_id, host_name, motion, format_id,
  format_name, status, turn_index, clock_json, poi_json, grace_ms, created_at, ended_at, end_reason)
  VALUES (@guildId, @channelId, @parentChannelId, @hostId, @hostName, @motion, @formatId, @formatName, @status,
  @turnIndex, @clock, @poi, @graceMs, @createdAt, @endedAt, @endReason) RETURNING id`;
const UPDATE_DEBATE = `UPDATE debates SET status = @status, turn_index = @turnIndex, clock_json = @clock, poi_json = @poi,
  ended_at = @endedAt, end_reason = @endReason WHERE id = @id`;
const INSERT_SIDE = 'INSERT INTO sides (debate_id, side_id, position, name, capacity) VALUES (?, ?, ?, ?, ?)';
const INSERT_TURN = `INSERT INTO turns (debate_id, position, side_id, role, seconds, protected_start, protected_end, poi_allowed,
  slot) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const UPDATE_TURN = `UPDATE turns SET speaker_id = ?, speaker_name = ?, started_at = ?, ended_at = ?, allotted_ms = ?,
  used_ms = ?, overrun_ms = ? WHERE debate_id = ? AND position = ?`;
const DELETE_PARTICIPANTS = 'DELETE FROM participants WHERE debate_id = ?';
// position (migration 10): the state's order, so that two who joined in one millisecond load as they joined.
const INSERT_PARTICIPANT = 'INSERT INTO participants (debate_id, user_id, user_name, side_id, joined_at, position) VALUES (?, ?, ?, ?, ?, ?)';
// A moved deadline is free to claim at once (a host's lease was on the old one); one written unchanged keeps its holder.
const SET_DEADLINE = `INSERT INTO deadlines (debate_id, due_at) VALUES (?, ?) ON CONFLICT (debate_id) DO UPDATE SET due_at = excluded.due_at,
  held_by = CASE WHEN deadlines.due_at = excluded.due_at THEN deadlines.held_by END,
  lease_until = CASE WHEN deadlines.due_at = excluded.due_at THEN deadlines.lease_until END`;
const CLEAR_DEADLINE = 'DELETE FROM deadlines WHERE debate_id = ?';
const DEBATE = 'SELECT * FROM debates WHERE id = ?';
const SIDES = 'SELECT side_id, name, capacity FROM sides WHERE debate_id = ? ORDER BY position';
const PARTICIPANTS = 'SELECT user_id, user_name, side_id, joined_at FROM participants WHERE debate_id = ? ORDER BY joined_at, position';
const TURNS = 'SELECT * FROM turns WHERE debate_id = ? ORDER BY position';
const LIVE_IN_CHANNEL = "SELECT id FROM debates WHERE channel_id = ? AND status <> 'ended'";
const LIVE_UNDER_PARENT = "SELECT id FROM debates WHERE parent_channel_id = ? AND status <> 'ended' ORDER BY id";
const LIVE_IDS = "SELECT id FROM debates WHERE status <> 'ended' ORDER BY id";
const DUE = `SELECT d.debate_id AS id, b.guild_id AS "guildId" FROM deadlines d JOIN debates b ON b.id = d.debate_id
  WHERE d.due_at <= ? ORDER BY d.due_at, d.debate_id`;
const NEXT_DUE = 'SELECT MIN(due_at) AS due FROM deadlines';
// When the next deadline can be claimed: due, and no host's lease on it (claims.ts).
const DUE_OF = 'SELECT due_at FROM deadlines WHERE debate_id = ?';
// Numbered within its debate, in the transaction that stores it; a thread post stored already is left alone.
const INSERT_ARGUMENT = `INSERT INTO arguments (debate_id, turn_index, user_id, user_name, side_id, text, source,
  channel_id, message_id, created_at, number) VALUES (@debateId, @turnIndex, @userId, @userName, @sideId, @text, @source,
  @channelId, @messageId, @createdAt, (SELECT COALESCE(MAX(number), 0) + 1 FROM arguments WHERE debate_id = @debateId))
  ON CONFLICT DO NOTHING`;
const ARGUMENTS = 'SELECT * FROM arguments WHERE debate_id = ? ORDER BY id';
const ARGUMENTS_HELD_IN = 'SELECT a.* FROM arguments a JOIN debates d ON d.id = a.debate_id WHERE d.channel_id = ? ORDER BY a.id';
const HAS_MESSAGE = 'SELECT 1 AS found FROM arguments WHERE channel_id = ? AND message_id = ?';
const MESSAGES = 'SELECT card_message_id, warning_message_id FROM debates WHERE id = ?';
const SET_CARD = 'UPDATE debates SET card_message_id = ? WHERE id = ?';
const SET_WARNING = 'UPDATE debates SET warning_message_id = ? WHERE id = ?';
const REMOVE = 'DELETE FROM debates WHERE id = ?';

export class DebateRepository {
  constructor(private readonly sql: Sql) {}

  private row(state: DebateState) {
    return {
      id: state.id,
      status: state.status,
      turnIndex: state.turnIndex,
      clock: state.clock ? JSON.stringify(state.clock) : null,
      poi: state.poi ? JSON.stringify(state.poi) : null,
      endedAt: state.endedAt,
      endReason: state.endReason,
    };
  }

  private async writeDeadline(state: DebateState): Promise<void> {
    const due = nextDueAt(state);
    if (due === null) await this.sql.run(CLEAR_DEADLINE, [state.id]);
    else await this.sql.run(SET_DEADLINE, [state.id, due]);
  }

  private async writeTurn(id: number, position: number, t: Turn): Promise<void> {
    await this.sql.run(UPDATE_TURN, [t.speakerId, t.speakerName, t.startedAt, t.endedAt, t.allottedMs, t.usedMs, t.overrunMs, id, position]);
  }

  private async writeParticipants(state: DebateState): Promise<void> {
    await this.sql.run(DELETE_PARTICIPANTS, [state.id]);
    for (const [i, p] of state.participants.entries()) await this.sql.run(INSERT_PARTICIPANT, [state.id, p.userId, p.name, p.sideId, p.joinedAt, i + 1]);
  }

  /** Stores a new debate; returns it with its id. Throws ChannelBusyError on a second live debate in the same channel. */
  async insert(state: DebateState): Promise<DebateState> {
    try {
      return await this.sql.exclusive(async () => {
        const inserted = await this.sql.get<{ id: number }>(INSERT_DEBATE, {
          ...this.row(state),
          guildId: state.guildId,
          channelId: state.channelId,
          parentChannelId: state.parentChannelId,
          hostId: state.hostId,
          hostName: state.hostName,
          motion: state.motion,
          formatId: state.formatId,
          formatName: state.formatName,
          graceMs: state.graceMs,
          createdAt: state.createdAt,
        });
        const stored: DebateState = { ...state, id: inserted!.id };
        for (const [i, s] of stored.sides.entries()) await this.sql.run(INSERT_SIDE, [stored.id, s.id, i, s.name, s.capacity]);
        for (const [i, t] of stored.turns.entries()) {
          await this.sql.run(INSERT_TURN, [stored.id, i, t.side, t.role, t.seconds, t.protectedStart, t.protectedEnd, t.poiAllowed ? 1 : 0, t.slot]);
          if (t.startedAt !== null) await this.writeTurn(stored.id, i, t);
        }
        await this.writeParticipants(stored);
        await this.writeDeadline(stored);
        return stored;
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new ChannelBusyError(`a debate is already live in channel ${state.channelId}`, { cause: err });
      throw err;
    }
  }

  /**
   * Saves a changed debate. `events` say what changed, so that only the touched participants and turns are
   * rewritten; the arguments among them are stored too (returns how many were new).
   */
  save(state: DebateState, events: readonly DebateEvent[], argumentMessage?: { channelId: string; messageId: string }): Promise<number> {
    return this.sql.exclusive(async () => {
      await this.sql.run(UPDATE_DEBATE, this.row(state));
      const turnsTouched = new Set<number>();
      let stored = 0;
      for (const e of events) {
        if (e.type === 'joined' || e.type === 'left') await this.writeParticipants(state);
        else if (e.type === 'turn-started' || e.type === 'turn-ended' || e.type === 'extended') turnsTouched.add(e.index);
        else if (e.type === 'argument') {
          const out = await this.sql.run(INSERT_ARGUMENT, {
            debateId: state.id,
            turnIndex: e.index,
            userId: e.userId,
            userName: e.name,
            sideId: e.sideId,
            text: e.text,
            source: e.source,
            channelId: argumentMessage?.channelId ?? null,
            messageId: argumentMessage?.messageId ?? null,
            createdAt: e.at,
          });
          stored += out.changes;
        }
      }
      for (const i of turnsTouched) await this.writeTurn(state.id, i, state.turns[i]);
      await this.writeDeadline(state);
      return stored;
    });
  }

  async load(id: number): Promise<DebateState | null> {
    const d = await this.sql.get<DebateRow>(DEBATE, [id]);
    if (!d) return null;
    const sides = (await this.sql.all<{ side_id: string; name: string; capacity: number }>(SIDES, [id])).map((s) => ({
      id: s.side_id,
      name: s.name,
      capacity: s.capacity,
    }));
    const participants = (await this.sql.all<{ user_id: string; user_name: string; side_id: string; joined_at: number }>(PARTICIPANTS, [id])).map(
      (p) => ({ userId: p.user_id, name: p.user_name, sideId: p.side_id, joinedAt: p.joined_at }),
    );
    const turns: Turn[] = (await this.sql.all<TurnRow>(TURNS, [id])).map((t) => ({
      side: t.side_id,
      role: t.role,
      seconds: t.seconds,
      protectedStart: t.protected_start,
      protectedEnd: t.protected_end,
      poiAllowed: t.poi_allowed === 1,
      slot: t.slot,
      speakerId: t.speaker_id,
      speakerName: t.speaker_name,
      startedAt: t.started_at,
      endedAt: t.ended_at,
      allottedMs: t.allotted_ms,
      usedMs: t.used_ms,
      overrunMs: t.overrun_ms,
    }));
    return {
      id: d.id,
      guildId: d.guild_id,
      channelId: d.channel_id,
      parentChannelId: d.parent_channel_id,
      hostId: d.host_id,
      hostName: d.host_name,
      motion: d.motion,
      formatId: d.format_id,
      formatName: d.format_name,
      sides,
      participants,
      turns,
      status: d.status,
      turnIndex: d.turn_index,
      clock: d.clock_json ? JSON.parse(d.clock_json) : null,
      poi: d.poi_json ? JSON.parse(d.poi_json) : null,
      graceMs: d.grace_ms,
      createdAt: d.created_at,
      endedAt: d.ended_at,
      endReason: d.end_reason,
    };
  }

  /** The debate that has not ended in this channel or thread, if any. */
  async liveInChannel(channelId: string): Promise<number | null> {
    return (await this.sql.get<{ id: number }>(LIVE_IN_CHANNEL, [channelId]))?.id ?? null;
  }

  /** Debates not ended whose thread hangs off this channel. */
  async liveUnderParent(channelId: string): Promise<number[]> {
    return (await this.sql.all<{ id: number }>(LIVE_UNDER_PARENT, [channelId])).map((r) => r.id);
  }

  async liveIds(): Promise<number[]> {
    return (await this.sql.all<{ id: number }>(LIVE_IDS)).map((r) => r.id);
  }

  /** Debates whose deadline is at or before `now`, earliest first (with their guild, for sharding). */
  async dueAt(now: number): Promise<number[]> {
    return (await this.dueWithGuild(now)).map((r) => r.id);
  }

  dueWithGuild(now: number): Promise<{ id: number; guildId: string | null }[]> {
    return this.sql.all<{ id: number; guildId: string | null }>(DUE, [now]);
  }

  /**
   * Runs `fn` in one transaction that other writers (other processes and hosts too) wait for, so that
   * load-decide-save never races: those of `key` (sql.ts's `debateKey`), or every writer without one. Inside
   * another transaction it is a savepoint of it.
   */
  exclusive<T>(fn: () => Promise<T>, key?: string, how?: { redoable?: boolean }): Promise<T> {
    return this.sql.exclusive(fn, key, how);
  }

  /** Deletes a debate and everything of it (a /debate start whose card could not be posted). */
  async remove(id: number): Promise<void> {
    await this.sql.run(REMOVE, [id]);
  }

  /** The earliest deadline stored, or null. */
  async nextDue(): Promise<number | null> {
    return (await this.sql.get<{ due: number | null }>(NEXT_DUE))?.due ?? null;
  }

  /** The stored deadline of one debate, or null. */
  async dueOf(id: number): Promise<number | null> {
    return (await this.sql.get<{ due_at: number }>(DUE_OF, [id]))?.due_at ?? null;
  }

  async arguments(debateId: number): Promise<StoredArgument[]> {
    return (await this.sql.all<Record<string, never>>(ARGUMENTS, [debateId])).map(toArgument);
  }

  /** Every argument of the debates held in `channelId` itself, ended or not, in the order made. */
  async argumentsHeldIn(channelId: string): Promise<StoredArgument[]> {
    return (await this.sql.all<Record<string, never>>(ARGUMENTS_HELD_IN, [channelId])).map(toArgument);
  }

  /** Whether a thread post is already stored as an argument. */
  async hasMessage(channelId: string, messageId: string): Promise<boolean> {
    return (await this.sql.get(HAS_MESSAGE, [channelId, messageId])) !== undefined;
  }

  async messages(id: number): Promise<DebateMessages> {
    const r = await this.sql.get<{ card_message_id: string | null; warning_message_id: string | null }>(MESSAGES, [id]);
    return { cardMessageId: r?.card_message_id ?? null, warningMessageId: r?.warning_message_id ?? null };
  }

  async setCardMessage(id: number, messageId: string): Promise<void> {
    await this.sql.run(SET_CARD, [messageId, id]);
  }

  async setWarningMessage(id: number, messageId: string | null): Promise<void> {
    await this.sql.run(SET_WARNING, [messageId, id]);
  }
}
