/**
 * Persists debates: the debate row (status, clock), its sides, participants, turns, the timer deadline and
 * the arguments. Statements are prepared once; each write is one short transaction.
 */
import type { Database } from './open.js';
import { nextDueAt } from '../core/debate/debate.js';
import type { DebateEvent, DebateState, StoredArgument, Turn } from '../core/debate/state.js';

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

export class DebateRepository {
  private readonly s;

  constructor(private readonly db: Database) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      insertDebate: p(`INSERT INTO debates (guild_id, channel_id, parent_channel_id, host_id, host_name, motion, format_id,
        format_name, status, turn_index, clock_json, poi_json, grace_ms, created_at, ended_at, end_reason)
        VALUES (@guildId, @channelId, @parentChannelId, @hostId, @hostName, @motion, @formatId, @formatName, @status,
        @turnIndex, @clock, @poi, @graceMs, @createdAt, @endedAt, @endReason)`),
      updateDebate: p(`UPDATE debates SET status = @status, turn_index = @turnIndex, clock_json = @clock, poi_json = @poi,
        ended_at = @endedAt, end_reason = @endReason WHERE id = @id`),
      insertSide: p('INSERT INTO sides (debate_id, side_id, position, name, capacity) VALUES (?, ?, ?, ?, ?)'),
      insertTurn: p(`INSERT INTO turns (debate_id, position, side_id, role, seconds, protected_start, protected_end, poi_allowed,
        slot) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      updateTurn: p(`UPDATE turns SET speaker_id = ?, speaker_name = ?, started_at = ?, ended_at = ?, allotted_ms = ?,
        used_ms = ?, overrun_ms = ? WHERE debate_id = ? AND position = ?`),
      deleteParticipants: p('DELETE FROM participants WHERE debate_id = ?'),
      insertParticipant: p('INSERT INTO participants (debate_id, user_id, user_name, side_id, joined_at) VALUES (?, ?, ?, ?, ?)'),
      setDeadline: p('INSERT INTO deadlines (debate_id, due_at) VALUES (?, ?) ON CONFLICT (debate_id) DO UPDATE SET due_at = excluded.due_at'),
      clearDeadline: p('DELETE FROM deadlines WHERE debate_id = ?'),
      debate: p('SELECT * FROM debates WHERE id = ?'),
      sides: p('SELECT side_id, name, capacity FROM sides WHERE debate_id = ? ORDER BY position'),
      participants: p('SELECT user_id, user_name, side_id, joined_at FROM participants WHERE debate_id = ? ORDER BY joined_at, rowid'),
      turns: p('SELECT * FROM turns WHERE debate_id = ? ORDER BY position'),
      liveInChannel: p("SELECT id FROM debates WHERE channel_id = ? AND status <> 'ended'"),
      liveUnderParent: p("SELECT id FROM debates WHERE parent_channel_id = ? AND status <> 'ended' ORDER BY id"),
      liveIds: p("SELECT id FROM debates WHERE status <> 'ended' ORDER BY id"),
      due: p(`SELECT d.debate_id AS id, b.guild_id AS guildId FROM deadlines d JOIN debates b ON b.id = d.debate_id
        WHERE d.due_at <= ? ORDER BY d.due_at, d.debate_id`),
      nextDue: p('SELECT MIN(due_at) AS due FROM deadlines'),
      dueOf: p('SELECT due_at FROM deadlines WHERE debate_id = ?'),
      // Numbered within its debate, in the transaction that stores it.
      insertArgument: p(`INSERT OR IGNORE INTO arguments (debate_id, turn_index, user_id, user_name, side_id, text, source,
        channel_id, message_id, created_at, number) VALUES (@debateId, @turnIndex, @userId, @userName, @sideId, @text, @source,
        @channelId, @messageId, @createdAt, (SELECT COALESCE(MAX(number), 0) + 1 FROM arguments WHERE debate_id = @debateId))`),
      arguments: p('SELECT * FROM arguments WHERE debate_id = ? ORDER BY id'),
      argumentsHeldIn: p('SELECT a.* FROM arguments a JOIN debates d ON d.id = a.debate_id WHERE d.channel_id = ? ORDER BY a.id'),
      hasMessage: p('SELECT 1 FROM arguments WHERE channel_id = ? AND message_id = ?'),
      messages: p('SELECT card_message_id, warning_message_id FROM debates WHERE id = ?'),
      setCard: p('UPDATE debates SET card_message_id = ? WHERE id = ?'),
      setWarning: p('UPDATE debates SET warning_message_id = ? WHERE id = ?'),
      remove: p('DELETE FROM debates WHERE id = ?'),
    };
  }

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

  private writeDeadline(state: DebateState): void {
    const due = nextDueAt(state);
    if (due === null) this.s.clearDeadline.run(state.id);
    else this.s.setDeadline.run(state.id, due);
  }

  private writeTurn(id: number, position: number, t: Turn): void {
    this.s.updateTurn.run(t.speakerId, t.speakerName, t.startedAt, t.endedAt, t.allottedMs, t.usedMs, t.overrunMs, id, position);
  }

  private writeParticipants(state: DebateState): void {
    this.s.deleteParticipants.run(state.id);
    for (const p of state.participants) this.s.insertParticipant.run(state.id, p.userId, p.name, p.sideId, p.joinedAt);
  }

  /** Stores a new debate; returns it with its id. Throws on a second live debate in the same channel. */
  insert(state: DebateState): DebateState {
    return this.db.transaction(() => {
      const info = this.s.insertDebate.run({
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
      const stored: DebateState = { ...state, id: Number(info.lastInsertRowid) };
      stored.sides.forEach((s, i) => this.s.insertSide.run(stored.id, s.id, i, s.name, s.capacity));
      stored.turns.forEach((t, i) => {
        this.s.insertTurn.run(stored.id, i, t.side, t.role, t.seconds, t.protectedStart, t.protectedEnd, t.poiAllowed ? 1 : 0, t.slot);
        if (t.startedAt !== null) this.writeTurn(stored.id, i, t);
      });
      this.writeParticipants(stored);
      this.writeDeadline(stored);
      return stored;
    })();
  }

  /**
   * Saves a changed debate. `events` say what changed, so that only the touched participants and turns are
   * rewritten; the arguments among them are stored too (returns how many were new).
   */
  save(state: DebateState, events: readonly DebateEvent[], argumentMessage?: { channelId: string; messageId: string }): number {
    return this.db.transaction(() => {
      this.s.updateDebate.run(this.row(state));
      const turnsTouched = new Set<number>();
      let stored = 0;
      for (const e of events) {
        if (e.type === 'joined' || e.type === 'left') this.writeParticipants(state);
        else if (e.type === 'turn-started' || e.type === 'turn-ended' || e.type === 'extended') turnsTouched.add(e.index);
        else if (e.type === 'argument') {
          stored += this.s.insertArgument.run({
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
          }).changes;
        }
      }
      for (const i of turnsTouched) this.writeTurn(state.id, i, state.turns[i]);
      this.writeDeadline(state);
      return stored;
    })();
  }

  load(id: number): DebateState | null {
    const d = this.s.debate.get(id) as DebateRow | undefined;
    if (!d) return null;
    const sides = (this.s.sides.all(id) as { side_id: string; name: string; capacity: number }[]).map((s) => ({
      id: s.side_id,
      name: s.name,
      capacity: s.capacity,
    }));
    const participants = (this.s.participants.all(id) as { user_id: string; user_name: string; side_id: string; joined_at: number }[]).map(
      (p) => ({ userId: p.user_id, name: p.user_name, sideId: p.side_id, joinedAt: p.joined_at }),
    );
    const turns: Turn[] = (this.s.turns.all(id) as TurnRow[]).map((t) => ({
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
  liveInChannel(channelId: string): number | null {
    const r = this.s.liveInChannel.get(channelId) as { id: number } | undefined;
    return r?.id ?? null;
  }

  /** Debates not ended whose thread hangs off this channel. */
  liveUnderParent(channelId: string): number[] {
    return (this.s.liveUnderParent.all(channelId) as { id: number }[]).map((r) => r.id);
  }

  liveIds(): number[] {
    return (this.s.liveIds.all() as { id: number }[]).map((r) => r.id);
  }

  /** Debates whose deadline is at or before `now`, earliest first (with their guild, for sharding). */
  dueAt(now: number): number[] {
    return this.dueWithGuild(now).map((r) => r.id);
  }

  dueWithGuild(now: number): { id: number; guildId: string | null }[] {
    return this.s.due.all(now) as { id: number; guildId: string | null }[];
  }

  /**
   * Runs `fn` in an IMMEDIATE transaction: other processes sharing the file wait, so load-decide-save never
   * races. Inside another transaction it is a savepoint of it.
   */
  exclusive<T>(fn: () => T): T {
    return this.db.inTransaction ? this.db.transaction(fn)() : this.db.transaction(fn).immediate();
  }

  /** Deletes a debate and everything of it (a /debate start whose card could not be posted). */
  remove(id: number): void {
    this.s.remove.run(id);
  }

  /** The earliest deadline stored, or null. */
  nextDue(): number | null {
    return (this.s.nextDue.get() as { due: number | null }).due;
  }

  /** The stored deadline of one debate, or null. */
  dueOf(id: number): number | null {
    return (this.s.dueOf.get(id) as { due_at: number } | undefined)?.due_at ?? null;
  }

  arguments(debateId: number): StoredArgument[] {
    return (this.s.arguments.all(debateId) as Record<string, never>[]).map(toArgument);
  }

  /** Every argument of the debates held in `channelId` itself, ended or not, in the order made. */
  argumentsHeldIn(channelId: string): StoredArgument[] {
    return (this.s.argumentsHeldIn.all(channelId) as Record<string, never>[]).map(toArgument);
  }

  /** Whether a thread post is already stored as an argument. */
  hasMessage(channelId: string, messageId: string): boolean {
    return this.s.hasMessage.get(channelId, messageId) !== undefined;
  }

  messages(id: number): DebateMessages {
    const r = this.s.messages.get(id) as { card_message_id: string | null; warning_message_id: string | null } | undefined;
    return { cardMessageId: r?.card_message_id ?? null, warningMessageId: r?.warning_message_id ?? null };
  }

  setCardMessage(id: number, messageId: string): void {
    this.s.setCard.run(messageId, id);
  }

  setWarningMessage(id: number, messageId: string | null): void {
    this.s.setWarning.run(messageId, id);
  }
}
