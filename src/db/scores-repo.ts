/**
 * Persists the score: each argument's check and the one verdict that counts (stored, recomputed by
 * effectiveVerdict whenever the check, a challenge or a ruling changes), moderators' rulings (with who, why
 * and when), the "citation needed" challenges and their deadlines; and counts verdicts per person, per server
 * and per debate from the stored verdict. Over the Sql seam: the same statements on SQLite and PostgreSQL.
 */
import type { Sql } from './sql.js';
import type { CheckedQuotation, CheckMatch, Verdict } from '../core/check/checker.js';
import { count, emptyTally, type Tally } from '../core/score/tally.js';
import { effectiveVerdict, type ChallengeStatus } from '../core/score/verdict.js';
import { sameClaim } from '../core/score/claim.js';
import type { ArgumentMark, Challenge, CheckRecord, OverrideRecord, ScoredArgument, Standing } from '../core/score/argument.js';

const ARGUMENT_SELECT = `SELECT a.id, a.number, a.debate_id, d.status AS debate_status, d.guild_id, d.channel_id AS debate_channel_id,
  a.channel_id, a.message_id, a.announcement_id, a.user_id, a.user_name, a.side_id, sd.name AS side_name, t.role,
  a.text, a.source, a.created_at,
  v.checked_verdict, v.verdict, v.quotation_id, v.matches_json, v.links_json, v.references_json,
  v.not_in_corpus, v.explanation, v.paraphrase_of, v.detail_json,
  v.override_verdict, v.override_by_id, v.override_by_name, v.override_reason, v.override_at, v.removed_at, v.duplicate_of,
  dup.number AS duplicate_number,
  c.guild_id AS c_guild_id, c.channel_id AS c_channel_id, c.challenger_id, c.challenger_name, c.challenged_at, c.due_at,
  c.status AS c_status, c.resolved_at AS c_resolved_at
  FROM arguments a JOIN debates d ON d.id = a.debate_id
  LEFT JOIN sides sd ON sd.debate_id = a.debate_id AND sd.side_id = a.side_id
  LEFT JOIN turns t ON t.debate_id = a.debate_id AND t.position = a.turn_index
  LEFT JOIN argument_verdicts v ON v.argument_id = a.id
  LEFT JOIN arguments dup ON dup.id = v.duplicate_of
  LEFT JOIN challenges c ON c.argument_id = a.id`;

/** Counted: checked, its post not deleted, not a repeat. */
const COUNTED = 'v.removed_at IS NULL AND v.duplicate_of IS NULL';

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
    status: r.c_status as ChallengeStatus,
    resolvedAt: (r.c_resolved_at as number | null) ?? null,
  };
}

const json = <T>(s: unknown, fallback: T): T => (typeof s === 'string' && s ? (JSON.parse(s) as T) : fallback);

function argumentOf(r: Row): ScoredArgument {
  const id = r.id as number;
  const detail = json<{ quotations?: CheckedQuotation[]; nearest?: CheckMatch[]; unsafeLinks?: string[]; refused?: 'empty' | 'too-long' | null }>(r.detail_json, {});
  return {
    id,
    number: r.number as number,
    debateId: r.debate_id as number,
    debateStatus: r.debate_status as string,
    guildId: (r.guild_id as string | null) ?? null,
    debateChannelId: r.debate_channel_id as string,
    channelId: (r.channel_id as string | null) ?? null,
    messageId: (r.message_id as string | null) ?? null,
    announcementId: (r.announcement_id as string | null) ?? null,
    userId: r.user_id as string,
    userName: r.user_name as string,
    sideId: r.side_id as string,
    sideName: (r.side_name as string | null) ?? (r.side_id as string),
    role: (r.role as string | null) ?? null,
    text: r.text as string,
    source: (r.source as string | null) ?? null,
    createdAt: r.created_at as number,
    checkedVerdict: (r.checked_verdict as Verdict | null) ?? null,
    verdict: (r.verdict as Verdict | null) ?? null,
    quotationId: (r.quotation_id as string | null) ?? null,
    matches: json(r.matches_json, []),
    links: json(r.links_json, []),
    references: json(r.references_json, []),
    quotations: detail.quotations ?? [],
    nearest: detail.nearest ?? [],
    unsafeLinks: detail.unsafeLinks ?? [],
    refused: detail.refused ?? null,
    notInCorpus: r.not_in_corpus === 1,
    explanation: (r.explanation as string | null) ?? null,
    paraphraseOf: (r.paraphrase_of as string | null) ?? null,
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
    duplicateOfNumber: (r.duplicate_number as number | null) ?? null,
    challenge: challengeOf(r, id),
  };
}

// Guild ids may be null (a debate outside a server): IS NOT DISTINCT FROM matches null to null on both engines.
const S = {
  byId: `${ARGUMENT_SELECT} WHERE a.id = ?`,
  byNumber: `${ARGUMENT_SELECT} WHERE a.debate_id = ? AND a.number = ?`,
  byMessage: `${ARGUMENT_SELECT} WHERE a.channel_id = ? AND a.message_id = ?`,
  byMessageInGuild: `${ARGUMENT_SELECT} WHERE a.message_id = ? AND d.guild_id IS NOT DISTINCT FROM ? ORDER BY a.id`,
  latestBy: `${ARGUMENT_SELECT} WHERE a.debate_id = ? AND a.user_id = ? ORDER BY a.id DESC LIMIT 1`,
  latestCountedBy: `${ARGUMENT_SELECT} WHERE a.debate_id = ? AND a.user_id = ? AND v.argument_id IS NOT NULL AND ${COUNTED} ORDER BY a.id DESC LIMIT 1`,
  inDebate: `${ARGUMENT_SELECT} WHERE a.debate_id = ? ORDER BY a.id`,
  heldIn: `${ARGUMENT_SELECT} WHERE d.channel_id = ? ORDER BY a.id`,
  inGuild: `${ARGUMENT_SELECT} WHERE d.guild_id IS NOT DISTINCT FROM ? ORDER BY a.id`,
  everyArgument: `${ARGUMENT_SELECT} ORDER BY a.id`,
  countIn: 'SELECT COUNT(*) AS n FROM arguments WHERE debate_id = ?',
  liveIn: "SELECT id FROM debates WHERE channel_id = ? AND status <> 'ended'",
  latestHeldIn: 'SELECT id FROM debates WHERE channel_id = ? ORDER BY id DESC LIMIT 1',
  liveUnder: "SELECT id FROM debates WHERE parent_channel_id = ? AND status <> 'ended' ORDER BY id",
  // Two statements, not one with "(? IS NULL OR …)", so the per-debate one uses the debate index.
  unscored: `SELECT a.id FROM arguments a LEFT JOIN argument_verdicts v ON v.argument_id = a.id
    WHERE v.argument_id IS NULL ORDER BY a.id`,
  unscoredIn: `SELECT a.id FROM arguments a LEFT JOIN argument_verdicts v ON v.argument_id = a.id
    WHERE v.argument_id IS NULL AND a.debate_id = ? ORDER BY a.id`,
  upsertCheck: `INSERT INTO argument_verdicts (argument_id, guild_id, user_id, user_name, argued_at, checked_verdict, verdict,
    quotation_id, matches_json, links_json, references_json, not_in_corpus, explanation, paraphrase_of, detail_json, checked_at)
    SELECT a.id, d.guild_id, a.user_id, a.user_name, a.created_at, @verdict, @verdict, @quotationId, @matches, @links, @references,
    @notInCorpus, @explanation, @paraphraseOf, @detail, @at
    FROM arguments a JOIN debates d ON d.id = a.debate_id WHERE a.id = @id
    ON CONFLICT (argument_id) DO UPDATE SET checked_verdict = excluded.checked_verdict, quotation_id = excluded.quotation_id,
    matches_json = excluded.matches_json, links_json = excluded.links_json, references_json = excluded.references_json,
    not_in_corpus = excluded.not_in_corpus, explanation = excluded.explanation, paraphrase_of = excluded.paraphrase_of,
    detail_json = excluded.detail_json, checked_at = excluded.checked_at`,
  verdictInputs: `SELECT v.checked_verdict, v.override_verdict, c.status AS challenge FROM argument_verdicts v
    LEFT JOIN challenges c ON c.argument_id = v.argument_id WHERE v.argument_id = ?`,
  setVerdict: 'UPDATE argument_verdicts SET verdict = ? WHERE argument_id = ?',
  updateArgument: 'UPDATE arguments SET text = ?, source = ? WHERE id = ?',
  setAnnouncement: 'UPDATE arguments SET announcement_id = ? WHERE id = ?',
  remove: 'UPDATE argument_verdicts SET removed_at = ? WHERE argument_id = ? AND removed_at IS NULL',
  setOverride: `UPDATE argument_verdicts SET override_verdict = @verdict, override_by_id = @byId, override_by_name = @byName,
    override_reason = @reason, override_at = @at WHERE argument_id = @id`,
  logOverride: `INSERT INTO verdict_overrides (argument_id, verdict, previous, moderator_id, moderator_name, reason, at)
    VALUES (@id, @verdict, @previous, @byId, @byName, @reason, @at)`,
  overrides: 'SELECT verdict, previous, moderator_id, moderator_name, reason, at FROM verdict_overrides WHERE argument_id = ? ORDER BY id',
  tallyOfUser: `SELECT v.verdict, COUNT(*) AS n FROM argument_verdicts v
    WHERE v.guild_id IS NOT DISTINCT FROM ? AND v.user_id = ? AND ${COUNTED} AND v.argued_at >= ? GROUP BY v.verdict`,
  latestName: 'SELECT user_name FROM argument_verdicts WHERE guild_id IS NOT DISTINCT FROM ? AND user_id = ? ORDER BY argued_at DESC LIMIT 1',
  board: `SELECT v.user_id, v.verdict, COUNT(*) AS n FROM argument_verdicts v
    WHERE v.guild_id IS NOT DISTINCT FROM ? AND ${COUNTED} AND v.argued_at >= ? GROUP BY v.user_id, v.verdict`,
  names: `SELECT user_id, user_name FROM argument_verdicts v WHERE guild_id IS NOT DISTINCT FROM ? AND argued_at = (
    SELECT MAX(argued_at) FROM argument_verdicts w WHERE w.guild_id IS NOT DISTINCT FROM v.guild_id AND w.user_id = v.user_id)`,
  counted: `SELECT a.id, a.text, a.source FROM arguments a JOIN argument_verdicts v ON v.argument_id = a.id
    WHERE a.debate_id = ? AND a.user_id = ? AND a.id <> ? AND ${COUNTED} ORDER BY a.id`,
  setDuplicate: 'UPDATE argument_verdicts SET duplicate_of = ? WHERE argument_id = ?',
  isParticipant: 'SELECT 1 AS one FROM participants WHERE debate_id = ? AND user_id = ?',
  // A second challenge of one argument is a no-op (its primary key): the caller is told by the count.
  insertChallenge: `INSERT INTO challenges (argument_id, guild_id, channel_id, challenger_id, challenger_name, challenged_at, due_at, status)
    VALUES (@argumentId, @guildId, @channelId, @challengerId, @challengerName, @challengedAt, @dueAt, 'pending') ON CONFLICT DO NOTHING`,
  // No longer a deadline: whatever host held it lets go (claims.ts).
  resolveChallenge: "UPDATE challenges SET status = ?, resolved_at = ?, held_by = NULL, lease_until = NULL WHERE argument_id = ? AND status = 'pending'",
  pendingOf: `${ARGUMENT_SELECT} WHERE c.status = 'pending' AND a.user_id = ? AND c.channel_id = ? ORDER BY c.due_at`,
  dueChallenges: `SELECT argument_id AS id, guild_id AS "guildId" FROM challenges WHERE status = 'pending' AND due_at <= ?
    ORDER BY due_at, argument_id`,
  nextChallenge: "SELECT MIN(due_at) AS due FROM challenges WHERE status = 'pending'",
} as const;

export class ScoreRepository {
  constructor(private readonly sql: Sql) {}

  /** Runs `fn` in one transaction every other writer waits for (shard processes share the store); nested calls join the outer one. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.sql.exclusive(fn);
  }

  private async one(text: string, params: readonly unknown[]): Promise<ScoredArgument | null> {
    const r = await this.sql.get<Row>(text, params);
    return r ? argumentOf(r) : null;
  }

  private async many(text: string, params: readonly unknown[] = []): Promise<ScoredArgument[]> {
    return (await this.sql.all<Row>(text, params)).map(argumentOf);
  }

  argument(id: number): Promise<ScoredArgument | null> {
    return this.one(S.byId, [id]);
  }

  /** Argument #`number` of a debate. */
  byNumber(debateId: number, number: number): Promise<ScoredArgument | null> {
    return this.one(S.byNumber, [debateId, number]);
  }

  /** The argument a thread post made, if it made one. */
  byMessage(channelId: string, messageId: string): Promise<ScoredArgument | null> {
    return this.one(S.byMessage, [channelId, messageId]);
  }

  /** Arguments made by a post with this id in a debate of this server (a bare message id names one channel's post). */
  byMessageInGuild(messageId: string, guildId: string | null): Promise<ScoredArgument[]> {
    return this.many(S.byMessageInGuild, [messageId, guildId]);
  }

  /** The newest argument of `userId` in a debate. */
  latestBy(debateId: number, userId: string): Promise<ScoredArgument | null> {
    return this.one(S.latestBy, [debateId, userId]);
  }

  /** The newest argument of `userId` in a debate that counts (checked, not deleted, not a repeat). */
  latestCountedBy(debateId: number, userId: string): Promise<ScoredArgument | null> {
    return this.one(S.latestCountedBy, [debateId, userId]);
  }

  /** Every argument of a debate, in the order made. */
  inDebate(debateId: number): Promise<ScoredArgument[]> {
    return this.many(S.inDebate, [debateId]);
  }

  /** Every argument of the debates held in `channelId` itself, ended or not, in the order made. */
  heldIn(channelId: string): Promise<ScoredArgument[]> {
    return this.many(S.heldIn, [channelId]);
  }

  /** Every argument of a server's debates (or of all servers with `undefined`), in the order made. */
  all(guildId?: string | null): Promise<ScoredArgument[]> {
    return guildId === undefined ? this.many(S.everyArgument) : this.many(S.inGuild, [guildId]);
  }

  /** How many arguments a debate has (the highest number). */
  async countIn(debateId: number): Promise<number> {
    return (await this.sql.get<{ n: number }>(S.countIn, [debateId]))!.n;
  }

  /** The debate an argument number means in `channelId`: the one held there (live, else the latest), else the only live one under it. */
  async debateOfChannel(channelId: string): Promise<number | null> {
    const live = await this.liveDebateIn(channelId);
    if (live !== null) return live;
    const held = await this.sql.get<{ id: number }>(S.latestHeldIn, [channelId]);
    if (held) return held.id;
    const under = await this.sql.all<{ id: number }>(S.liveUnder, [channelId]);
    return under.length === 1 ? under[0].id : null;
  }

  /** The debate not yet ended held in `channelId`, if any. */
  async liveDebateIn(channelId: string): Promise<number | null> {
    return (await this.sql.get<{ id: number }>(S.liveIn, [channelId]))?.id ?? null;
  }

  /** Ids of arguments with no verdict yet (of one debate, or all). */
  async unscored(debateId: number | null = null): Promise<number[]> {
    const rows = debateId === null ? await this.sql.all<{ id: number }>(S.unscored) : await this.sql.all<{ id: number }>(S.unscoredIn, [debateId]);
    return rows.map((r) => r.id);
  }

  /** Stores (or replaces) an argument's check; a ruling and a removal stay as they were; the verdict that counts follows. */
  saveCheck(argumentId: number, c: CheckRecord): Promise<void> {
    return this.exclusive(async () => {
      await this.sql.run(S.upsertCheck, {
        id: argumentId,
        verdict: c.verdict,
        quotationId: c.quotationId,
        matches: JSON.stringify(c.matches),
        links: JSON.stringify(c.links),
        references: JSON.stringify(c.references),
        notInCorpus: c.notInCorpus ? 1 : 0,
        explanation: c.explanation ?? null,
        paraphraseOf: c.paraphraseOf ?? null,
        detail: JSON.stringify({ quotations: c.quotations ?? [], nearest: c.nearest ?? [], unsafeLinks: c.unsafeLinks ?? [], refused: c.refused ?? null }),
        at: c.at,
      });
      await this.refreshVerdict(argumentId);
    });
  }

  /** Recomputes and stores the verdict that counts from the check, the challenge and the ruling. */
  private async refreshVerdict(argumentId: number): Promise<void> {
    const r = await this.sql.get<{ checked_verdict: Verdict; override_verdict: Verdict | null; challenge: ChallengeStatus | null }>(S.verdictInputs, [argumentId]);
    if (!r) return;
    await this.sql.run(S.setVerdict, [effectiveVerdict({ checked: r.checked_verdict, override: r.override_verdict, challenge: r.challenge }), argumentId]);
  }

  /** Replaces an argument's words and source (an edited post, a source added). */
  async updateArgument(argumentId: number, text: string, source: string | null): Promise<void> {
    await this.sql.run(S.updateArgument, [text, source, argumentId]);
  }

  /** Remembers the bot's message announcing an argument. */
  async setAnnouncement(argumentId: number, messageId: string): Promise<void> {
    await this.sql.run(S.setAnnouncement, [messageId, argumentId]);
  }

  /** Takes an argument out of the score (its post was deleted); false when it already was. */
  async remove(argumentId: number, at: number): Promise<boolean> {
    return (await this.sql.run(S.remove, [at, argumentId])).changes > 0;
  }

  /** Records a moderator's verdict; the stored verdict follows it. Every ruling is kept, the newest standing. */
  override(argumentId: number, previous: Verdict, o: OverrideRecord): Promise<void> {
    return this.exclusive(async () => {
      await this.sql.run(S.setOverride, { id: argumentId, ...o });
      await this.sql.run(S.logOverride, { id: argumentId, previous, ...o });
      await this.refreshVerdict(argumentId);
    });
  }

  /** Every ruling on an argument, oldest first. */
  async overrides(argumentId: number): Promise<Array<{ verdict: Verdict; previous: Verdict; byId: string; byName: string; reason: string; at: number }>> {
    return (await this.sql.all<Row>(S.overrides, [argumentId])).map((r) => ({
      verdict: r.verdict as Verdict,
      previous: r.previous as Verdict,
      byId: r.moderator_id as string,
      byName: r.moderator_name as string,
      reason: r.reason as string,
      at: r.at as number,
    }));
  }

  /** One person's tally in a server, over arguments made at or after `since`. */
  async tallyOf(guildId: string | null, userId: string, since = 0): Promise<{ tally: Tally; name: string | null }> {
    const tally = emptyTally();
    for (const r of await this.sql.all<{ verdict: Verdict; n: number }>(S.tallyOfUser, [guildId, userId, since])) count(tally, r.verdict, r.n);
    const name = (await this.sql.get<{ user_name: string }>(S.latestName, [guildId, userId]))?.user_name ?? null;
    return { tally, name };
  }

  /** Everyone's tally in a server since `since` (unordered). */
  async standings(guildId: string | null, since = 0): Promise<Standing[]> {
    const names = new Map((await this.sql.all<{ user_id: string; user_name: string }>(S.names, [guildId])).map((r) => [r.user_id, r.user_name]));
    const byUser = new Map<string, Standing>();
    for (const r of await this.sql.all<{ user_id: string; verdict: Verdict; n: number }>(S.board, [guildId, since])) {
      let st = byUser.get(r.user_id);
      if (!st) byUser.set(r.user_id, (st = { userId: r.user_id, name: names.get(r.user_id) ?? r.user_id, tally: emptyTally() }));
      count(st.tally, r.verdict, r.n);
    }
    return [...byUser.values()];
  }

  /** The marks of a debate's checked arguments, by argument id. */
  async marks(debateId: number): Promise<Map<number, ArgumentMark>> {
    const out = new Map<number, ArgumentMark>();
    for (const a of await this.inDebate(debateId)) {
      if (!a.verdict) continue;
      out.set(a.id, markOf(a));
    }
    return out;
  }

  /** The earlier counted argument of the same debater in the same debate making the same claim, or null. */
  async twinOf(a: Pick<ScoredArgument, 'id' | 'debateId' | 'userId' | 'text'>): Promise<number | null> {
    const rows = await this.sql.all<{ id: number; text: string }>(S.counted, [a.debateId, a.userId, a.id]);
    return rows.find((r) => r.id < a.id && sameClaim(r.text, a.text))?.id ?? null;
  }

  /** Marks an argument as a repeat of `of` (null: counted again). */
  async setDuplicate(argumentId: number, of: number | null): Promise<void> {
    await this.sql.run(S.setDuplicate, [of, argumentId]);
  }

  async isParticipant(debateId: number, userId: string): Promise<boolean> {
    return (await this.sql.get(S.isParticipant, [debateId, userId])) !== undefined;
  }

  /** Stores a new pending challenge; false when the argument was already challenged. */
  async challenge(c: Omit<Challenge, 'status' | 'resolvedAt'>): Promise<boolean> {
    const { argumentId, guildId, channelId, challengerId, challengerName, challengedAt, dueAt } = c;
    return (await this.sql.run(S.insertChallenge, { argumentId, guildId, channelId, challengerId, challengerName, challengedAt, dueAt })).changes > 0;
  }

  /** Closes a pending challenge; false when it was not pending. The stored verdict follows. */
  resolveChallenge(argumentId: number, status: 'answered' | 'expired', at: number): Promise<boolean> {
    return this.exclusive(async () => {
      const changed = (await this.sql.run(S.resolveChallenge, [status, at, argumentId])).changes > 0;
      if (changed) await this.refreshVerdict(argumentId);
      return changed;
    });
  }

  /** The pending challenges against `userId`'s arguments in a debate channel, soonest due first. */
  pendingAgainst(userId: string, channelId: string): Promise<ScoredArgument[]> {
    return this.many(S.pendingOf, [userId, channelId]);
  }

  /** Pending challenges due at or before `now` (with their guild, for sharding). */
  dueChallenges(now: number): Promise<{ id: number; guildId: string | null }[]> {
    return this.sql.all<{ id: number; guildId: string | null }>(S.dueChallenges, [now]);
  }

  async nextChallengeDue(): Promise<number | null> {
    return (await this.sql.get<{ due: number | null }>(S.nextChallenge))?.due ?? null;
  }
}

/** An argument's marks, as the record and transcript show them. */
export function markOf(a: ScoredArgument): ArgumentMark {
  return {
    number: a.number,
    verdict: a.verdict ?? 'unsourced',
    removed: a.removedAt !== null,
    duplicate: a.duplicateOf !== null,
    duplicateOfNumber: a.duplicateOfNumber,
    overridden: a.override !== null,
    challenge: a.challenge?.status ?? null,
    notInCorpus: a.notInCorpus,
    explanation: a.explanation,
    paraphraseOf: a.paraphraseOf,
  };
}
