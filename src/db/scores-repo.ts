/**
 * Persists the score: each argument's check and the one verdict that counts (stored, recomputed by
 * effectiveVerdict whenever the check, a challenge or a ruling changes), moderators' rulings (with who, why
 * and when), the "citation needed" challenges and their deadlines; and counts verdicts per person, per server
 * and per debate from the stored verdict. Statements are prepared once.
 */
import type { Database } from './open.js';
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

export class ScoreRepository {
  private readonly s;

  constructor(private readonly db: Database) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      byId: p(`${ARGUMENT_SELECT} WHERE a.id = ?`),
      byNumber: p(`${ARGUMENT_SELECT} WHERE a.debate_id = ? AND a.number = ?`),
      byMessage: p(`${ARGUMENT_SELECT} WHERE a.channel_id = ? AND a.message_id = ?`),
      byMessageInGuild: p(`${ARGUMENT_SELECT} WHERE a.message_id = ? AND d.guild_id IS ? ORDER BY a.id`),
      latestBy: p(`${ARGUMENT_SELECT} WHERE a.debate_id = ? AND a.user_id = ? ORDER BY a.id DESC LIMIT 1`),
      latestCountedBy: p(`${ARGUMENT_SELECT} WHERE a.debate_id = ? AND a.user_id = ? AND v.argument_id IS NOT NULL AND ${COUNTED} ORDER BY a.id DESC LIMIT 1`),
      inDebate: p(`${ARGUMENT_SELECT} WHERE a.debate_id = ? ORDER BY a.id`),
      heldIn: p(`${ARGUMENT_SELECT} WHERE d.channel_id = ? ORDER BY a.id`),
      inGuild: p(`${ARGUMENT_SELECT} WHERE d.guild_id IS ? ORDER BY a.id`),
      everyArgument: p(`${ARGUMENT_SELECT} ORDER BY a.id`),
      countIn: p('SELECT COUNT(*) AS n FROM arguments WHERE debate_id = ?'),
      liveIn: p("SELECT id FROM debates WHERE channel_id = ? AND status <> 'ended'"),
      latestHeldIn: p('SELECT id FROM debates WHERE channel_id = ? ORDER BY id DESC LIMIT 1'),
      liveUnder: p("SELECT id FROM debates WHERE parent_channel_id = ? AND status <> 'ended' ORDER BY id"),
      // Two statements, not one with "(? IS NULL OR …)", so the per-debate one uses the debate index.
      unscored: p(`SELECT a.id FROM arguments a LEFT JOIN argument_verdicts v ON v.argument_id = a.id
        WHERE v.argument_id IS NULL ORDER BY a.id`),
      unscoredIn: p(`SELECT a.id FROM arguments a LEFT JOIN argument_verdicts v ON v.argument_id = a.id
        WHERE v.argument_id IS NULL AND a.debate_id = ? ORDER BY a.id`),
      upsertCheck: p(`INSERT INTO argument_verdicts (argument_id, guild_id, user_id, user_name, argued_at, checked_verdict, verdict,
        quotation_id, matches_json, links_json, references_json, not_in_corpus, explanation, paraphrase_of, detail_json, checked_at)
        SELECT a.id, d.guild_id, a.user_id, a.user_name, a.created_at, @verdict, @verdict, @quotationId, @matches, @links, @references,
        @notInCorpus, @explanation, @paraphraseOf, @detail, @at
        FROM arguments a JOIN debates d ON d.id = a.debate_id WHERE a.id = @id
        ON CONFLICT (argument_id) DO UPDATE SET checked_verdict = excluded.checked_verdict, quotation_id = excluded.quotation_id,
        matches_json = excluded.matches_json, links_json = excluded.links_json, references_json = excluded.references_json,
        not_in_corpus = excluded.not_in_corpus, explanation = excluded.explanation, paraphrase_of = excluded.paraphrase_of,
        detail_json = excluded.detail_json, checked_at = excluded.checked_at`),
      verdictInputs: p(`SELECT v.checked_verdict, v.override_verdict, c.status AS challenge FROM argument_verdicts v
        LEFT JOIN challenges c ON c.argument_id = v.argument_id WHERE v.argument_id = ?`),
      setVerdict: p('UPDATE argument_verdicts SET verdict = ? WHERE argument_id = ?'),
      updateArgument: p('UPDATE arguments SET text = ?, source = ? WHERE id = ?'),
      setAnnouncement: p('UPDATE arguments SET announcement_id = ? WHERE id = ?'),
      remove: p('UPDATE argument_verdicts SET removed_at = ? WHERE argument_id = ? AND removed_at IS NULL'),
      setOverride: p(`UPDATE argument_verdicts SET override_verdict = @verdict, override_by_id = @byId, override_by_name = @byName,
        override_reason = @reason, override_at = @at WHERE argument_id = @id`),
      logOverride: p(`INSERT INTO verdict_overrides (argument_id, verdict, previous, moderator_id, moderator_name, reason, at)
        VALUES (@id, @verdict, @previous, @byId, @byName, @reason, @at)`),
      overrides: p('SELECT verdict, previous, moderator_id, moderator_name, reason, at FROM verdict_overrides WHERE argument_id = ? ORDER BY id'),
      tallyOfUser: p(`SELECT v.verdict, COUNT(*) AS n FROM argument_verdicts v
        WHERE v.guild_id IS ? AND v.user_id = ? AND ${COUNTED} AND v.argued_at >= ? GROUP BY v.verdict`),
      latestName: p('SELECT user_name FROM argument_verdicts WHERE guild_id IS ? AND user_id = ? ORDER BY argued_at DESC LIMIT 1'),
      board: p(`SELECT v.user_id, v.verdict, COUNT(*) AS n FROM argument_verdicts v
        WHERE v.guild_id IS ? AND ${COUNTED} AND v.argued_at >= ? GROUP BY v.user_id, v.verdict`),
      names: p(`SELECT user_id, user_name FROM argument_verdicts v WHERE guild_id IS ? AND argued_at = (
        SELECT MAX(argued_at) FROM argument_verdicts w WHERE w.guild_id IS v.guild_id AND w.user_id = v.user_id)`),
      counted: p(`SELECT a.id, a.text, a.source FROM arguments a JOIN argument_verdicts v ON v.argument_id = a.id
        WHERE a.debate_id = ? AND a.user_id = ? AND a.id <> ? AND ${COUNTED} ORDER BY a.id`),
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

  /** Runs `fn` in an IMMEDIATE transaction (shard processes share the file); nested calls join the outer one. */
  exclusive<T>(fn: () => T): T {
    return this.db.inTransaction ? this.db.transaction(fn)() : this.db.transaction(fn).immediate();
  }

  argument(id: number): ScoredArgument | null {
    const r = this.s.byId.get(id) as Row | undefined;
    return r ? argumentOf(r) : null;
  }

  /** Argument #`number` of a debate. */
  byNumber(debateId: number, number: number): ScoredArgument | null {
    const r = this.s.byNumber.get(debateId, number) as Row | undefined;
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

  /** The newest argument of `userId` in a debate that counts (checked, not deleted, not a repeat). */
  latestCountedBy(debateId: number, userId: string): ScoredArgument | null {
    const r = this.s.latestCountedBy.get(debateId, userId) as Row | undefined;
    return r ? argumentOf(r) : null;
  }

  /** Every argument of a debate, in the order made. */
  inDebate(debateId: number): ScoredArgument[] {
    return (this.s.inDebate.all(debateId) as Row[]).map(argumentOf);
  }

  /** Every argument of the debates held in `channelId` itself, ended or not, in the order made. */
  heldIn(channelId: string): ScoredArgument[] {
    return (this.s.heldIn.all(channelId) as Row[]).map(argumentOf);
  }

  /** Every argument of a server's debates (or of all servers with `undefined`), in the order made. */
  all(guildId?: string | null): ScoredArgument[] {
    return ((guildId === undefined ? this.s.everyArgument.all() : this.s.inGuild.all(guildId)) as Row[]).map(argumentOf);
  }

  /** How many arguments a debate has (the highest number). */
  countIn(debateId: number): number {
    return (this.s.countIn.get(debateId) as { n: number }).n;
  }

  /** The debate an argument number means in `channelId`: the one held there (live, else the latest), else the only live one under it. */
  debateOfChannel(channelId: string): number | null {
    const live = this.s.liveIn.get(channelId) as { id: number } | undefined;
    if (live) return live.id;
    const held = this.s.latestHeldIn.get(channelId) as { id: number } | undefined;
    if (held) return held.id;
    const under = this.s.liveUnder.all(channelId) as { id: number }[];
    return under.length === 1 ? under[0].id : null;
  }

  /** The debate not yet ended held in `channelId`, if any. */
  liveDebateIn(channelId: string): number | null {
    return (this.s.liveIn.get(channelId) as { id: number } | undefined)?.id ?? null;
  }

  /** Ids of arguments with no verdict yet (of one debate, or all). */
  unscored(debateId: number | null = null): number[] {
    const rows = debateId === null ? this.s.unscored.all() : this.s.unscoredIn.all(debateId);
    return (rows as { id: number }[]).map((r) => r.id);
  }

  /** Stores (or replaces) an argument's check; a ruling and a removal stay as they were; the verdict that counts follows. */
  saveCheck(argumentId: number, c: CheckRecord): void {
    this.exclusive(() => {
      this.s.upsertCheck.run({
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
      this.refreshVerdict(argumentId);
    });
  }

  /** Recomputes and stores the verdict that counts from the check, the challenge and the ruling. */
  private refreshVerdict(argumentId: number): void {
    const r = this.s.verdictInputs.get(argumentId) as { checked_verdict: Verdict; override_verdict: Verdict | null; challenge: ChallengeStatus | null } | undefined;
    if (!r) return;
    this.s.setVerdict.run(effectiveVerdict({ checked: r.checked_verdict, override: r.override_verdict, challenge: r.challenge }), argumentId);
  }

  /** Replaces an argument's words and source (an edited post, a source added). */
  updateArgument(argumentId: number, text: string, source: string | null): void {
    this.s.updateArgument.run(text, source, argumentId);
  }

  /** Remembers the bot's message announcing an argument. */
  setAnnouncement(argumentId: number, messageId: string): void {
    this.s.setAnnouncement.run(messageId, argumentId);
  }

  /** Takes an argument out of the score (its post was deleted); false when it already was. */
  remove(argumentId: number, at: number): boolean {
    return this.s.remove.run(at, argumentId).changes > 0;
  }

  /** Records a moderator's verdict; the stored verdict follows it. Every ruling is kept, the newest standing. */
  override(argumentId: number, previous: Verdict, o: OverrideRecord): void {
    this.exclusive(() => {
      this.s.setOverride.run({ id: argumentId, ...o });
      this.s.logOverride.run({ id: argumentId, previous, ...o });
      this.refreshVerdict(argumentId);
    });
  }

  /** Every ruling on an argument, oldest first. */
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
    for (const a of this.inDebate(debateId)) {
      if (!a.verdict) continue;
      out.set(a.id, markOf(a));
    }
    return out;
  }

  /** The earlier counted argument of the same debater in the same debate making the same claim, or null. */
  twinOf(a: Pick<ScoredArgument, 'id' | 'debateId' | 'userId' | 'text'>): number | null {
    const rows = this.s.counted.all(a.debateId, a.userId, a.id) as { id: number; text: string }[];
    return rows.find((r) => r.id < a.id && sameClaim(r.text, a.text))?.id ?? null;
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

  /** Closes a pending challenge; false when it was not pending. The stored verdict follows. */
  resolveChallenge(argumentId: number, status: 'answered' | 'expired', at: number): boolean {
    return this.exclusive(() => {
      const changed = this.s.resolveChallenge.run(status, at, argumentId).changes > 0;
      if (changed) this.refreshVerdict(argumentId);
      return changed;
    });
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
