/**
 * Persists the score: each argument's checked verdict, moderators' overrides (with who, why and when), the
 * "citation needed" challenges and their deadlines; and counts verdicts per person, per server and per
 * debate. The verdict counted is the view scored_arguments' (override, else an expired challenge, else
 * the check). Statements are prepared once.
 */
import type { Database } from './open.js';
import type { CheckMatch, Verdict } from '../core/check/checker.js';
import { count, emptyTally, type Tally } from '../score/tally.js';

/** An argument as the score sees it: where it was made, by whom, and its verdicts. */
export interface ScoredArgument {
  id: number;
  debateId: number;
  debateStatus: string;
  guildId: string | null;
  /** The debate's thread or channel. */
  debateChannelId: string;
  /** The post that made it (thread posts only). */
  channelId: string | null;
  messageId: string | null;
  userId: string;
  userName: string;
  sideId: string;
  text: string;
  source: string | null;
  createdAt: number;
  /** Null until checked. */
  checkedVerdict: Verdict | null;
  /** What the score counts (null until checked). */
  verdict: Verdict | null;
  quotationId: string | null;
  matches: CheckMatch[];
  links: string[];
  references: string[];
  override: { verdict: Verdict; byId: string; byName: string; reason: string; at: number } | null;
  removedAt: number | null;
  /** The earlier argument this one repeats word for word (then it is not counted). */
  duplicateOf: number | null;
  challenge: Challenge | null;
}

export interface Challenge {
  argumentId: number;
  guildId: string | null;
  channelId: string;
  challengerId: string;
  challengerName: string;
  challengedAt: number;
  dueAt: number;
  status: 'pending' | 'answered' | 'expired';
  resolvedAt: number | null;
}

export interface CheckRecord {
  verdict: Verdict;
  quotationId: string | null;
  matches: CheckMatch[];
  links: string[];
  references: string[];
  at: number;
}

export interface OverrideRecord {
  verdict: Verdict;
  byId: string;
  byName: string;
  reason: string;
  at: number;
}

/** One argument's marks for the debate record. */
export interface ArgumentMark {
  verdict: Verdict;
  removed: boolean;
  /** Repeats an earlier argument: not counted again. */
  duplicate: boolean;
  overridden: boolean;
  challenge: Challenge['status'] | null;
}

export interface Standing {
  userId: string;
  name: string;
  tally: Tally;
}

const ARGUMENT_SELECT = `SELECT a.id, a.debate_id, d.status AS debate_status, d.guild_id, d.channel_id AS debate_channel_id,
  a.channel_id, a.message_id, a.user_id, a.user_name, a.side_id, a.text, a.source, a.created_at,
  s.checked_verdict, s.verdict, s.quotation_id, s.matches_json, s.links_json, s.references_json,
  s.override_verdict, s.override_by_id, s.override_by_name, s.override_reason, s.override_at, s.removed_at, s.duplicate_of,
  c.guild_id AS c_guild_id, c.channel_id AS c_channel_id, c.challenger_id, c.challenger_name, c.challenged_at, c.due_at,
  c.status AS c_status, c.resolved_at AS c_resolved_at
  FROM arguments a JOIN debates d ON d.id = a.debate_id
  LEFT JOIN scored_arguments s ON s.argument_id = a.id
  LEFT JOIN challenges c ON c.argument_id = a.id`;

type Row = Record<string, unknown>;

function challengeOf(r: Row, argumentId: number): Challenge | null {
  if (r.c_status == null) return null;
  return {
    argumentId,
    guildId: (r.c_guild_id as string | null) ?? null,
    channelId: r.c_channel_id as string,
    challengerId: r.challenger_id as string,
    challengerName: r.challenger_name as string,
    challengedAt: r.challenged_at as number,
    dueAt: r.due_at as number,
    status: r.c_status as Challenge['status'],
    resolvedAt: (r.c_resolved_at as number | null) ?? null,
  };
}

function argumentOf(r: Row): ScoredArgument {
  const id = r.id as number;
  return {
    id,
    debateId: r.debate_id as number,
    debateStatus: r.debate_status as string,
    guildId: (r.guild_id as string | null) ?? null,
    debateChannelId: r.debate_channel_id as string,
    channelId: (r.channel_id as string | null) ?? null,
    messageId: (r.message_id as string | null) ?? null,
    userId: r.user_id as string,
    userName: r.user_name as string,
    sideId: r.side_id as string,
    text: r.text as string,
    source: (r.source as string | null) ?? null,
    createdAt: r.created_at as number,
    checkedVerdict: (r.checked_verdict as Verdict | null) ?? null,
    verdict: (r.verdict as Verdict | null) ?? null,
    quotationId: (r.quotation_id as string | null) ?? null,
    matches: JSON.parse((r.matches_json as string | null) ?? '[]'),
    links: JSON.parse((r.links_json as string | null) ?? '[]'),
    references: JSON.parse((r.references_json as string | null) ?? '[]'),
    override:
      r.override_verdict == null
        ? null
        : {
            verdict: r.override_verdict as Verdict,
            byId: r.override_by_id as string,
            byName: r.override_by_name as string,
            reason: r.override_reason as string,
            at: r.override_at as number,
          },
    removedAt: (r.removed_at as number | null) ?? null,
    duplicateOf: (r.duplicate_of as number | null) ?? null,
    challenge: challengeOf(r, id),
  };
}

export class ScoreRepository {
  private readonly s;

  constructor(private readonly db: Database) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      byId: p(`${ARGUMENT_SELECT} WHERE a.id = ?`),
      byMessage: p(`${ARGUMENT_SELECT} WHERE a.channel_id = ? AND a.message_id = ?`),
      byMessageInGuild: p(`${ARGUMENT_SELECT} WHERE a.message_id = ? AND d.guild_id IS ? ORDER BY a.id`),
      latestBy: p(`${ARGUMENT_SELECT} WHERE a.debate_id = ? AND a.user_id = ? ORDER BY a.id DESC LIMIT 1`),
      // Two statements, not one with "(? IS NULL OR …)", so the per-debate one uses the debate index.
      unscored: p(`SELECT a.id FROM arguments a LEFT JOIN argument_verdicts v ON v.argument_id = a.id
        WHERE v.argument_id IS NULL ORDER BY a.id`),
      unscoredIn: p(`SELECT a.id FROM arguments a LEFT JOIN argument_verdicts v ON v.argument_id = a.id
        WHERE v.argument_id IS NULL AND a.debate_id = ? ORDER BY a.id`),
      upsertCheck: p(`INSERT INTO argument_verdicts (argument_id, guild_id, user_id, user_name, argued_at, checked_verdict,
        quotation_id, matches_json, links_json, references_json, checked_at)
        SELECT a.id, d.guild_id, a.user_id, a.user_name, a.created_at, @verdict, @quotationId, @matches, @links, @references, @at
        FROM arguments a JOIN debates d ON d.id = a.debate_id WHERE a.id = @id
        ON CONFLICT (argument_id) DO UPDATE SET checked_verdict = excluded.checked_verdict, quotation_id = excluded.quotation_id,
        matches_json = excluded.matches_json, links_json = excluded.links_json, references_json = excluded.references_json,
        checked_at = excluded.checked_at`),
      updateArgument: p('UPDATE arguments SET text = ?, source = ? WHERE id = ?'),
      remove: p('UPDATE argument_verdicts SET removed_at = ? WHERE argument_id = ? AND removed_at IS NULL'),
      setOverride: p(`UPDATE argument_verdicts SET override_verdict = @verdict, override_by_id = @byId, override_by_name = @byName,
        override_reason = @reason, override_at = @at WHERE argument_id = @id`),
      logOverride: p(`INSERT INTO verdict_overrides (argument_id, verdict, previous, moderator_id, moderator_name, reason, at)
        VALUES (@id, @verdict, @previous, @byId, @byName, @reason, @at)`),
      overrides: p('SELECT verdict, previous, moderator_id, moderator_name, reason, at FROM verdict_overrides WHERE argument_id = ? ORDER BY id'),
      tallyOfUser: p(`SELECT verdict, COUNT(*) AS n, MAX(user_name) AS name FROM scored_arguments
        WHERE guild_id IS ? AND user_id = ? AND removed_at IS NULL AND duplicate_of IS NULL AND argued_at >= ? GROUP BY verdict`),
      latestName: p('SELECT user_name FROM argument_verdicts WHERE guild_id IS ? AND user_id = ? ORDER BY argued_at DESC LIMIT 1'),
      board: p(`SELECT user_id, verdict, COUNT(*) AS n FROM scored_arguments
        WHERE guild_id IS ? AND removed_at IS NULL AND duplicate_of IS NULL AND argued_at >= ? GROUP BY user_id, verdict`),
      names: p(`SELECT user_id, user_name FROM argument_verdicts v WHERE guild_id IS ? AND argued_at = (
        SELECT MAX(argued_at) FROM argument_verdicts w WHERE w.guild_id IS v.guild_id AND w.user_id = v.user_id)`),
      marks: p(`SELECT s.argument_id, s.verdict, s.removed_at, s.duplicate_of, s.override_verdict, s.challenge_status
        FROM scored_arguments s JOIN arguments a ON a.id = s.argument_id WHERE a.debate_id = ?`),
      counted: p(`SELECT a.id, a.text, a.source FROM arguments a JOIN argument_verdicts v ON v.argument_id = a.id
        WHERE a.debate_id = ? AND a.user_id = ? AND a.id < ? AND v.removed_at IS NULL AND v.duplicate_of IS NULL ORDER BY a.id`),
      setDuplicate: p('UPDATE argument_verdicts SET duplicate_of = ? WHERE argument_id = ?'),
      isParticipant: p('SELECT 1 FROM participants WHERE debate_id = ? AND user_id = ?'),
      insertChallenge: p(`INSERT INTO challenges (argument_id, guild_id, channel_id, challenger_id, challenger_name, challenged_at, due_at, status)
        VALUES (@argumentId, @guildId, @channelId, @challengerId, @challengerName, @challengedAt, @dueAt, 'pending')`),
      resolveChallenge: p("UPDATE challenges SET status = ?, resolved_at = ? WHERE argument_id = ? AND status = 'pending'"),
      pendingOf: p(`${ARGUMENT_SELECT} WHERE c.status = 'pending' AND a.user_id = ? AND c.channel_id = ? ORDER BY c.due_at`),
      dueChallenges: p("SELECT argument_id AS id, guild_id AS guildId FROM challenges WHERE status = 'pending' AND due_at <= ? ORDER BY due_at, argument_id"),
      nextChallenge: p("SELECT MIN(due_at) AS due FROM challenges WHERE status = 'pending'"),
    };
  }

  /** Runs `fn` in an IMMEDIATE transaction (shard processes share the file). */
  exclusive<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  argument(id: number): ScoredArgument | null {
    const r = this.s.byId.get(id) as Row | undefined;
    return r ? argumentOf(r) : null;
  }

  /** The argument a thread post made, if it made one. */
  byMessage(channelId: string, messageId: string): ScoredArgument | null {
    const r = this.s.byMessage.get(channelId, messageId) as Row | undefined;
    return r ? argumentOf(r) : null;
  }

  /** Arguments made by a post with this id in a debate of this server (a bare message id names one channel's post). */
  byMessageInGuild(messageId: string, guildId: string | null): ScoredArgument[] {
    return (this.s.byMessageInGuild.all(messageId, guildId) as Row[]).map(argumentOf);
  }

  /** The newest argument of `userId` in a debate. */
  latestBy(debateId: number, userId: string): ScoredArgument | null {
    const r = this.s.latestBy.get(debateId, userId) as Row | undefined;
    return r ? argumentOf(r) : null;
  }

  /** Ids of arguments with no verdict yet (of one debate, or all). */
  unscored(debateId: number | null = null): number[] {
    const rows = debateId === null ? this.s.unscored.all() : this.s.unscoredIn.all(debateId);
    return (rows as { id: number }[]).map((r) => r.id);
  }

  /** Stores (or replaces) an argument's checked verdict; an override and a removal stay as they were. */
  saveCheck(argumentId: number, c: CheckRecord): void {
    this.s.upsertCheck.run({
      id: argumentId,
      verdict: c.verdict,
      quotationId: c.quotationId,
      matches: JSON.stringify(c.matches),
      links: JSON.stringify(c.links),
      references: JSON.stringify(c.references),
      at: c.at,
    });
  }

  /** Replaces an argument's words and source (an edited post, a source added on challenge). */
  updateArgument(argumentId: number, text: string, source: string | null): void {
    this.s.updateArgument.run(text, source, argumentId);
  }

  /** Takes an argument out of the score (its post was deleted); false when it already was. */
  remove(argumentId: number, at: number): boolean {
    return this.s.remove.run(at, argumentId).changes > 0;
  }

  /** Records a moderator's verdict; the score follows it. Every override is kept, newest standing. */
  override(argumentId: number, previous: Verdict, o: OverrideRecord): void {
    this.db.transaction(() => {
      this.s.setOverride.run({ id: argumentId, ...o });
      this.s.logOverride.run({ id: argumentId, previous, ...o });
    })();
  }

  /** Every override of an argument, oldest first. */
  overrides(argumentId: number): Array<{ verdict: Verdict; previous: Verdict; byId: string; byName: string; reason: string; at: number }> {
    return (this.s.overrides.all(argumentId) as Row[]).map((r) => ({
      verdict: r.verdict as Verdict,
      previous: r.previous as Verdict,
      byId: r.moderator_id as string,
      byName: r.moderator_name as string,
      reason: r.reason as string,
      at: r.at as number,
    }));
  }

  /** One person's tally in a server, over arguments made at or after `since`. */
  tallyOf(guildId: string | null, userId: string, since = 0): { tally: Tally; name: string | null } {
    const tally = emptyTally();
    for (const r of this.s.tallyOfUser.all(guildId, userId, since) as { verdict: Verdict; n: number }[]) count(tally, r.verdict, r.n);
    const name = (this.s.latestName.get(guildId, userId) as { user_name: string } | undefined)?.user_name ?? null;
    return { tally, name };
  }

  /** Everyone's tally in a server since `since` (unordered). */
  standings(guildId: string | null, since = 0): Standing[] {
    const names = new Map((this.s.names.all(guildId) as { user_id: string; user_name: string }[]).map((r) => [r.user_id, r.user_name]));
    const byUser = new Map<string, Standing>();
    for (const r of this.s.board.all(guildId, since) as { user_id: string; verdict: Verdict; n: number }[]) {
      let st = byUser.get(r.user_id);
      if (!st) byUser.set(r.user_id, (st = { userId: r.user_id, name: names.get(r.user_id) ?? r.user_id, tally: emptyTally() }));
      count(st.tally, r.verdict, r.n);
    }
    return [...byUser.values()];
  }

  /** The marks of a debate's checked arguments, by argument id. */
  marks(debateId: number): Map<number, ArgumentMark> {
    const out = new Map<number, ArgumentMark>();
    for (const r of this.s.marks.all(debateId) as Row[]) {
      out.set(r.argument_id as number, {
        verdict: r.verdict as Verdict,
        removed: r.removed_at != null,
        duplicate: r.duplicate_of != null,
        overridden: r.override_verdict != null,
        challenge: (r.challenge_status as Challenge['status'] | null) ?? null,
      });
    }
    return out;
  }

  /** The earlier counted argument of the same debater in the same debate with the same words and source. */
  twinOf(a: Pick<ScoredArgument, 'id' | 'debateId' | 'userId' | 'text' | 'source'>): number | null {
    const norm = (s: string | null) => (s ?? '').normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
    const rows = this.s.counted.all(a.debateId, a.userId, a.id) as { id: number; text: string; source: string | null }[];
    return rows.find((r) => norm(r.text) === norm(a.text) && norm(r.source) === norm(a.source))?.id ?? null;
  }

  /** Marks an argument as a repeat of `of` (null: counted again). */
  setDuplicate(argumentId: number, of: number | null): void {
    this.s.setDuplicate.run(of, argumentId);
  }

  isParticipant(debateId: number, userId: string): boolean {
    return this.s.isParticipant.get(debateId, userId) !== undefined;
  }

  /** Stores a new pending challenge; false when the argument was already challenged. */
  challenge(c: Omit<Challenge, 'status' | 'resolvedAt'>): boolean {
    try {
      this.s.insertChallenge.run(c);
      return true;
    } catch (err) {
      if (String(err).includes('UNIQUE') || String(err).includes('PRIMARY KEY')) return false;
      throw err;
    }
  }

  /** Closes a pending challenge; false when it was not pending. */
  resolveChallenge(argumentId: number, status: 'answered' | 'expired', at: number): boolean {
    return this.s.resolveChallenge.run(status, at, argumentId).changes > 0;
  }

  /** The pending challenges against `userId`'s arguments in a debate channel, soonest due first. */
  pendingAgainst(userId: string, channelId: string): ScoredArgument[] {
    return (this.s.pendingOf.all(userId, channelId) as Row[]).map(argumentOf);
  }

  /** Pending challenges due at or before `now` (with their guild, for sharding). */
  dueChallenges(now: number): { id: number; guildId: string | null }[] {
    return this.s.dueChallenges.all(now) as { id: number; guildId: string | null }[];
  }

  nextChallengeDue(): number | null {
    return (this.s.nextChallenge.get() as { due: number | null }).due;
  }
}
