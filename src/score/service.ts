/**
 * The score service: checks every argument a debate records (inside the transaction that stores it) and
 * stores the one verdict that counts; keeps it current as its post is edited or deleted, as sources are added,
 * as moderators rule and as "citation needed" challenges (deadlines kept in the database) run their course;
 * and announces each argument once, editing that announcement whenever its verdict changes. The debate core
 * knows nothing of it: the debate service calls `scoreDebate` after storing arguments, and the front end calls
 * the message hooks.
 */
import type { Logger } from 'pino';
import type { Actor, ChannelGateway, Reply } from '../seam/reply.js';
import type { Checker, Verdict } from '../core/check/checker.js';
import type { QuoteResult } from '../core/types.js';
import type { Database } from '../db/open.js';
import { ScoreRepository } from '../db/scores-repo.js';
import { type ArgumentMark, type ScoredArgument, type Standing } from '../core/score/argument.js';
import { splitSource } from '../debate/service.js';
import type { PostedMessage } from '../seam/reply.js';
import { DeadlineTimer, realTimers, type Timers } from '../db/deadline-timer.js';
import { outboxFor, type Outbox } from '../debate/outbox.js';
import { announcementReply, argumentName, challengeable, verdictText, whyText, type ShownArgument } from '../views/argument.js';
import { LIMIT } from '../views/safe.js';
import { clip } from '../core/text.js';
import { refusalFor } from '../seam/permissions.js';
import { ELSEWHERE } from '../seam/permissions.js';
import { VERDICT_LABEL } from '../views/verdicts.js';
import { problemMessage, readArgumentRef, readSource, readsAsSource } from './input.js';
import { judgeArgument, type Judgement } from './judge.js';
import { challengeNotice, expiredNotice, hasSource, sourceAddedNotice } from '../views/score.js';
import { RANKINGS, type Ranking, type Tally } from '../core/score/tally.js';

export const DEFAULT_CHALLENGE_SECONDS = 120;
/** When arguments a failed check left unchecked are tried again, after each failure in a row (then at the next start). */
export const RECHECK_DELAYS_MS = [30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000] as const;
const DAY_MS = 86_400_000;

export interface ScoreServiceOptions {
  db: Database;
  now: () => number;
  log: Logger;
  /**
   * The argument checker on a server: the shared corpus and that server's own texts (the shared corpus alone for
   * null). Called for every check: it keeps what it builds (indexing every passage takes a moment).
   */
  checker: (guildId: string | null) => Checker;
  /** A quotation or passage by id as a server sees the corpus, for sources that name one. */
  quotation: (id: string, guildId: string | null) => QuoteResult | undefined;
  /** The title of the server's own text with this document id once it was removed; null while it is there, or for any other. */
  removedText?: (guildId: string | null, documentId: string) => string | null;
  timers?: Timers;
  /** Where notices and announcements are posted; else the first gateway a command brings. */
  gateway?: ChannelGateway;
  /** Seconds an author has to answer "citation needed" (default 120). */
  challengeSeconds?: number;
  /** Whether this process fires a guild's challenge deadlines (shards share the database). */
  ownsGuild?: (guildId: string | null) => boolean;
}

export type ScoreOutcome = { ok: true; message: string; argument: ScoredArgument } | { ok: false; message: string };

const fail = (message: string): ScoreOutcome => ({ ok: false, message });

const HOW_TO_NAME = 'Give its number as shown under it (#3) in the debate\'s thread, or its message link (Copy Message Link).';

/** Which argument: one typed by a person ("#3", a link, an id), or the one a button names (its stored id). */
export type ArgumentPointer = string | { id: number };

export class ScoreService {
  readonly repo: ScoreRepository;
  private readonly timer: DeadlineTimer;
  /** Where notices and announcements are written, in the transaction of their cause (shared with the debate). */
  readonly outbox: Outbox;
  private readonly timers: Timers;
  private recheckTimer: unknown = null;
  /** Failed re-checks in a row: indexes RECHECK_DELAYS_MS. */
  private rechecks = 0;

  constructor(private readonly opts: ScoreServiceOptions) {
    this.repo = new ScoreRepository(opts.db);
    this.timers = opts.timers ?? realTimers;
    this.outbox = outboxFor({ db: opts.db, now: opts.now, log: opts.log, timers: this.timers, ownsGuild: opts.ownsGuild });
    this.outbox.handle('argument', {
      // Drawn when sent, from the verdict stored then; sent once.
      plan: (row) => {
        const a = this.argument(row.argumentId ?? -1);
        return !a || a.announcementId ? { skip: 'skipped' } : { post: announcementReply(a) };
      },
      posted: (row, id) => this.repo.setAnnouncement(row.argumentId!, id),
    });
    this.outbox.handle('argument-edit', {
      plan: (row) => {
        if (this.outbox.repo.laterEdit(row)) return { skip: 'superseded' };
        const a = this.argument(row.argumentId ?? -1);
        return a?.announcementId ? { edit: a.announcementId, reply: announcementReply(a) } : { skip: 'skipped' };
      },
    });
    if (opts.gateway) this.outbox.useGateway(opts.gateway);
    this.timer = new DeadlineTimer({
      now: opts.now,
      log: opts.log,
      timers: opts.timers,
      what: 'challenge deadlines',
      nextDue: () => this.repo.nextChallengeDue(),
      runDue: (now) => this.expireDue(now),
    });
  }

  /** Sets where notices are posted when none was configured. */
  useGateway(gateway: ChannelGateway): void {
    this.outbox.useGateway(gateway);
  }

  /**
   * Re-sends notices an earlier run left unsent, checks what was recorded but not checked (while the score was
   * away, or when a check failed), fires overdue challenges, then arms the timer.
   */
  start(gateway?: ChannelGateway): { scored: number; expired: number } {
    if (gateway) this.useGateway(gateway);
    this.outbox.start();
    // Built now rather than by the first argument, which would hold the database's write lock meanwhile.
    try {
      this.opts.checker(null);
    } catch (err) {
      this.opts.log.error({ err }, 'the argument checker could not be built; arguments wait unchecked and are tried again');
    }
    const scored = this.scoreUnscored(null);
    return { scored, expired: this.timer.start() };
  }

  stop(): void {
    this.timer.stop();
    this.outbox.stop();
    if (this.recheckTimer !== null) this.timers.clearTimeout(this.recheckTimer);
    this.recheckTimer = null;
  }

  /** Resolves once nothing is being posted and nothing due waits in the outbox. */
  idle(): Promise<void> {
    return this.outbox.settle();
  }

  /** The verdict of an argument's words with the source given, against the corpus as its server sees it. */
  judge(text: string, source: string | null, guildId: string | null): Judgement {
    return judgeArgument({ checker: this.opts.checker(guildId), quotation: (id) => this.opts.quotation(id, guildId) }, text, source);
  }

  /** Whether the corpus, as the server sees it, has a quotation or passage with this id. */
  quotationExists(id: string, guildId: string | null): boolean {
    return this.opts.quotation(id, guildId) !== undefined;
  }

  /**
   * An argument as views show it: when what its stored verdict was checked against is a server's own text
   * removed since, `textRemoved` names that text (the verdict stands as checked).
   */
  private shown<T extends ScoredArgument | null>(a: T): T {
    const removed = this.opts.removedText;
    if (!a || !removed || a.guildId === null) return a;
    const ids = new Set([...a.matches, ...a.nearest].map((m) => m.document.id));
    for (const id of ids) {
      const title = removed(a.guildId, id);
      if (title !== null) return { ...a, textRemoved: title } as ShownArgument as T;
    }
    return a;
  }

  /**
   * Checks the arguments of a debate that have no verdict yet. Called inside the transaction that stored
   * them, so an argument and its verdict are written together; never throws (a failure is logged and the
   * argument checked on the next start).
   */
  scoreDebate(debateId: number): number {
    // Each new argument is announced (drawn when sent, so with the verdict stored by then), checked or not.
    for (const id of this.repo.unscored(debateId)) {
      if (!this.outbox.repo.hasAnnouncement(id)) this.queueAnnouncement(id);
    }
    return this.scoreUnscored(debateId);
  }

  /**
   * Checks the arguments without a verdict (of one debate, or all), each in its own savepoint. A check that
   * throws (a damaged index, say) leaves its argument unchecked, drops the checker so that the next try builds
   * it afresh, and schedules a re-check; an announcement already out is edited once the verdict comes.
   */
  private scoreUnscored(debateId: number | null): number {
    let n = 0;
    let failed = false;
    for (const id of this.repo.unscored(debateId)) {
      try {
        this.repo.exclusive(() => {
          const a = this.repo.argument(id);
          if (!a) return;
          this.store(a.id, this.judge(a.text, a.source, a.guildId));
          // The same claim made again by the same debater in the same debate counts once, however it was made.
          const twin = this.repo.twinOf(a);
          if (twin !== null) {
            this.repo.setDuplicate(a.id, twin);
            this.mergeSource(twin, a);
          }
          if (a.announcementId) this.refresh(a.id);
          n++;
        });
      } catch (err) {
        failed = true;
        this.opts.log.error({ err, argumentId: id }, 'checking an argument failed; it stays unchecked and is tried again');
      }
    }
    if (failed) this.scheduleRecheck();
    else if (debateId === null) this.rechecks = 0;
    return n;
  }

  /** Arms the next re-check of unchecked arguments, unless one is armed or the bounded schedule has run out. */
  private scheduleRecheck(): void {
    if (this.recheckTimer !== null) return;
    const delay = RECHECK_DELAYS_MS[this.rechecks];
    if (delay === undefined) {
      this.opts.log.warn('unchecked arguments are left for the next start: every re-check failed');
      return;
    }
    this.rechecks++;
    this.recheckTimer = this.timers.setTimeout(() => {
      this.recheckTimer = null;
      const n = this.scoreUnscored(null);
      if (n > 0) this.opts.log.info({ checked: n }, 'arguments left unchecked by a failure are checked now');
    }, delay);
  }

  /** A repeat that brings a source the first telling lacked: the source goes to the first, which is re-checked. */
  private mergeSource(firstId: number, repeat: ScoredArgument): void {
    const first = this.repo.argument(firstId);
    if (!first || readsAsSource(first.source) || !readsAsSource(repeat.source)) return;
    const j = this.judge(first.text, repeat.source, first.guildId);
    if (j.verdict !== 'verified' && j.verdict !== 'cited') return;
    this.repo.updateArgument(first.id, first.text, repeat.source);
    this.store(first.id, j);
    if (first.challenge?.status === 'pending') this.repo.resolveChallenge(first.id, 'answered', this.opts.now());
    const after = this.repo.argument(first.id)!;
    this.notice(after, { content: sourceAddedNotice(after) });
    this.refresh(first.id);
  }

  private store(argumentId: number, j: Judgement): void {
    this.repo.saveCheck(argumentId, { ...j, at: this.opts.now() });
  }

  /** An argument as stored, as views show it. */
  argument(id: number): ShownArgument | null {
    return this.shown(this.repo.argument(id));
  }

  /** The newest argument of a debater in a debate (for its announcement). */
  latestBy(debateId: number, userId: string): ShownArgument | null {
    return this.shown(this.repo.latestBy(debateId, userId));
  }

  /** The argument a thread post made, as views show it. */
  byMessage(channelId: string, messageId: string): ShownArgument | null {
    return this.shown(this.repo.byMessage(channelId, messageId));
  }

  /** Every argument of a debate, in order, as views show them. */
  inDebate(debateId: number): ShownArgument[] {
    return this.repo.inDebate(debateId).map((a) => this.shown(a));
  }

  /** The marks of a debate's arguments for its record. */
  marks(debateId: number): Map<number, ArgumentMark> {
    return this.repo.marks(debateId);
  }

  /** Every argument of the debates held in `channelId`, with its stored verdict (for /sources). */
  argumentsHeldIn(channelId: string): ShownArgument[] {
    return this.repo.heldIn(channelId).map((a) => this.shown(a));
  }

  /** A person's tally in a server since `since` (all time by default). */
  tallyOf(guildId: string | null, userId: string, since = 0): { tally: Tally; name: string | null } {
    return this.repo.tallyOf(guildId, userId, since);
  }

  /** Everyone's standing in a server since `since`, best first by `ranking` (by the share cited unless told). */
  leaderboard(guildId: string | null, since = 0, ranking: Ranking = 'share'): Standing[] {
    return this.repo.standings(guildId, since).sort(RANKINGS[ranking]);
  }

  /** Milliseconds since the epoch where a period starts. */
  since(period: 'week' | 'month' | 'all'): number {
    return period === 'week' ? this.opts.now() - 7 * DAY_MS : period === 'month' ? this.opts.now() - 30 * DAY_MS : 0;
  }

  /**
   * Finds the argument a reference names, on this server: "#3" is the third of the debate held in `channelId`
   * (or the only one running under it); a message link or id works anywhere on the server.
   */
  resolve(ref: ArgumentPointer, guildId: string | null, channelId: string | null): ShownArgument | string {
    const found = this.find(ref, guildId, channelId);
    return typeof found === 'string' ? found : this.shown(found);
  }

  private find(ref: ArgumentPointer, guildId: string | null, channelId: string | null): ScoredArgument | string {
    if (typeof ref !== 'string') {
      const a = this.repo.argument(ref.id);
      if (a && a.guildId !== guildId) return ELSEWHERE.argument;
      return a ?? 'That argument no longer exists.';
    }
    const read = readArgumentRef(ref);
    if (!read.ok) return problemMessage(read.problem, read.input);
    const r = read.value;
    if ('number' in r) {
      const debateId = channelId ? this.repo.debateOfChannel(channelId) : null;
      if (debateId === null) {
        return `Argument numbers count within each debate, and no debate is held here: use #${r.number} in the debate's thread, or give the argument's message link (Copy Message Link).`;
      }
      const a = this.repo.byNumber(debateId, r.number);
      if (a && a.guildId !== guildId) return ELSEWHERE.argument;
      if (a) return a;
      const n = this.repo.countIn(debateId);
      return n === 0 ? 'This debate has no arguments yet.' : `This debate has no argument #${r.number}: its arguments are #1${n > 1 ? `–#${n}` : ''}.`;
    }
    if (r.guildId !== null && r.guildId !== guildId) return 'That message is on another server: rulings and challenges apply to this server\'s debates only.';
    const found = r.channelId ? this.repo.byMessage(r.channelId, r.messageId) : (this.repo.byMessageInGuild(r.messageId, guildId)[0] ?? null);
    if (!found || found.guildId !== guildId) return `No debate argument on this server was made by that message. ${HOW_TO_NAME}`;
    return found;
  }

  /** A moderator sets an argument's verdict; recorded with who, why and when; the stored verdict and every view follow. */
  override(actor: Actor, guildId: string | null, channelId: string | null, ref: string, verdict: Verdict, reason: string): ScoreOutcome {
    if (!actor.isModerator) return fail(refusalFor('/verdict override'));
    const why = reason.trim();
    if (!why) return fail('Say why in reason: — the ruling is recorded with it.');
    const found = this.resolve(ref, guildId, channelId);
    if (typeof found === 'string') return fail(found);
    if (found.removedAt !== null) return fail(`The post of ${argumentName(found)} was deleted, so it no longer counts in the score.`);
    if (found.duplicateOf !== null) return fail(`${argumentName(found)} repeats argument #${found.duplicateOfNumber}, which is the one counted: rule on that one.`);
    const now = this.opts.now();
    const out = this.repo.exclusive(() => {
      if (!this.repo.argument(found.id)!.verdict) this.scoreUnscored(found.debateId);
      const previous = this.repo.argument(found.id)!.verdict ?? 'unsourced';
      this.repo.override(found.id, previous, { verdict, byId: actor.id, byName: actor.name, reason: clip(why, LIMIT.reason), at: now });
      // A ruling settles a pending challenge.
      this.repo.resolveChallenge(found.id, 'answered', now);
      this.refresh(found.id);
      return { previous, after: this.repo.argument(found.id)! };
    });
    const same = out.previous === verdict ? ' (it already was; the ruling is recorded)' : '';
    return {
      ok: true,
      argument: out.after,
      message: `${argumentName(out.after)} is now ${VERDICT_LABEL[verdict]}, was ${VERDICT_LABEL[out.previous]}${same}. Recorded with your reason; the score and every view follow.`,
    };
  }

  /**
   * "Citation needed": a debater or moderator challenges an argument. One without a source: its author has until
   * the deadline to add one. One with a source: its author or a moderator is asked to look at it. Expiry never
   * changes a verdict.
   */
  async challenge(actor: Actor, guildId: string | null, channelId: string | null, ref: ArgumentPointer, gateway?: ChannelGateway): Promise<ScoreOutcome> {
    if (gateway) this.useGateway(gateway);
    const found = this.resolve(ref, guildId, channelId);
    if (typeof found === 'string') return fail(found);
    const now = this.opts.now();
    const out = this.repo.exclusive((): ScoreOutcome => {
      const a = this.repo.argument(found.id)!;
      if (a.removedAt !== null) return fail(`The post of ${argumentName(a)} was deleted; it no longer counts.`);
      if (a.duplicateOf !== null) return fail(`${argumentName(a)} repeats argument #${a.duplicateOfNumber}, which is the one counted: challenge that one.`);
      if (a.debateStatus === 'ended') return fail('That debate has ended: challenges are made while it runs. A moderator can still rule on a verdict with /verdict override.');
      if (a.userId === actor.id) return fail('You cannot challenge your own argument. Add a source with /argue source: instead.');
      if (!actor.isModerator && !this.repo.isParticipant(a.debateId, actor.id)) return fail(refusalFor('/debate challenge, Citation needed'));
      if (a.challenge) return fail(`${argumentName(a)} has already been challenged (${a.challenge.status}).`);
      if (a.override) return fail(`A moderator has already ruled on ${argumentName(a)}: ${VERDICT_LABEL[a.override.verdict]}.`);
      if (a.verdict === 'verified') return fail(`${argumentName(a)} is verified against the corpus: there is nothing to challenge. A moderator can rule on a verdict.`);
      if (!challengeable(a)) return fail(`${argumentName(a)} cannot be challenged now.`);
      const dueAt = now + (this.opts.challengeSeconds ?? DEFAULT_CHALLENGE_SECONDS) * 1000;
      if (!this.repo.challenge({ argumentId: a.id, guildId: a.guildId, channelId: a.debateChannelId, challengerId: actor.id, challengerName: actor.name, challengedAt: now, dueAt })) {
        return fail(`${argumentName(a)} has already been challenged.`);
      }
      const after = this.repo.argument(a.id)!;
      this.notice(after, challengeNotice(after, actor.name, dueAt));
      this.refresh(a.id);
      return { ok: true, argument: after, message: '' };
    });
    if (!out.ok) return out;
    this.timer.wake();
    await this.outbox.settle(out.argument.debateChannelId);
    const a = out.argument;
    const due = a.challenge!.dueAt;
    const seconds = Math.round((due - now) / 1000);
    const message = hasSource(a)
      ? `You questioned the source of ${argumentName(a)}. Its author (or a moderator) is asked to look at it within ${seconds} s; it keeps its verdict unless a moderator rules.`
      : `You challenged ${argumentName(a)}. Its author has ${seconds} s to add a source; until then it stays ${verdictText(a)}.`;
    return { ...out, message };
  }

  /**
   * A debater adds a source to one of their arguments in the debate held in `channelId`: the one named by
   * `ref`, else the one challenged soonest due, else their latest. It is checked again with the source; a
   * pending challenge on it is answered. Refused, with nothing stored, when the source cannot count or leaves
   * the argument neither verified nor cited.
   */
  addSource(actor: Actor, guildId: string | null, channelId: string, source: string, ref?: ArgumentPointer): ScoreOutcome {
    const read = readSource(source, (id) => this.quotationExists(id, guildId));
    if (!read.ok) return fail(problemMessage(read.problem, read.input));
    const given = read.value;
    if (!given) return fail('Give the source: a link, a reference (author, title, page) or a quotation id from /quote.');
    const debateId = this.repo.liveDebateIn(channelId);
    if (debateId === null) return fail('There is no debate running here to add a source to. Use this in the debate\'s thread while it runs.');
    const now = this.opts.now();
    const out = this.repo.exclusive((): ScoreOutcome => {
      let target: ScoredArgument | null = null;
      if (ref !== undefined) {
        const found = this.resolve(ref, guildId, channelId);
        if (typeof found === 'string') return fail(found);
        if (found.userId !== actor.id) return fail(`${argumentName(found)} is not yours: you can add sources to your own arguments only.`);
        target = found;
      } else {
        target = this.repo.pendingAgainst(actor.id, channelId)[0] ?? this.repo.latestCountedBy(debateId, actor.id);
      }
      if (!target) return fail('You have made no argument in this debate yet: make it first (post it on your turn, or /argue text:… source:…).');
      if (target.duplicateOf !== null) target = this.repo.argument(target.duplicateOf) ?? target;
      if (target.removedAt !== null) return fail(`The post of ${argumentName(target)} was deleted; it no longer counts.`);
      const combined = target.source && target.source.includes(given) ? target.source : target.source ? `${target.source}; ${given}` : given;
      const j = this.judge(target.text, combined, target.guildId);
      if (j.verdict !== 'verified' && j.verdict !== 'cited') {
        const why = whyText({ ...j, verdict: j.verdict });
        return fail(`With that source ${argumentName(target)} would still be ${VERDICT_LABEL[j.verdict]}${why ? `: ${why}` : ''}. Nothing was added; a source does not mend the words quoted.`);
      }
      this.repo.updateArgument(target.id, target.text, clip(combined, 1000, 'utf16'));
      this.store(target.id, j);
      if (target.challenge?.status === 'pending') this.repo.resolveChallenge(target.id, 'answered', now);
      const after = this.repo.argument(target.id)!;
      this.notice(after, { content: sourceAddedNotice(after) });
      this.refresh(after.id);
      return { ok: true, argument: after, message: '' };
    });
    if (!out.ok) return out;
    return { ...out, message: `Source added to ${argumentName(out.argument)}: now ${verdictText(out.argument)}.` };
  }

  /**
   * A post in a debate thread that adds a source rather than making an argument: a reply to one's challenged
   * post, or a post starting "Source:" (added to the post it replies to, else the challenged argument, else the
   * author's latest). Undefined when the post is not such an answer (it may then be an argument).
   */
  async answerFromPost(m: PostedMessage): Promise<Reply | null | undefined> {
    const prefixed = /^\s*(?:source|citation)\s*:\s*/i.exec(m.content);
    const pending = this.repo.pendingAgainst(m.actor.id, m.channelId);
    const replied = m.replyToMessageId ? this.repo.byMessage(m.channelId, m.replyToMessageId) : null;
    const repliedChallenged = replied && pending.some((a) => a.id === replied.id) ? replied : null;
    if (!prefixed && !repliedChallenged) return undefined;
    const debateId = this.repo.liveDebateIn(m.channelId);
    if (debateId === null || !this.repo.isParticipant(debateId, m.actor.id)) return undefined;
    this.useGateway(m.channels);
    const source = prefixed ? m.content.slice(prefixed[0].length) : m.content;
    const target = replied && replied.userId === m.actor.id ? { id: replied.id } : undefined;
    const out = this.addSource(m.actor, m.guildId, m.channelId, source, target);
    return out.ok ? null : { ephemeral: true, content: out.message };
  }

  /** An edited thread post: its argument takes the new words and source and is checked again. */
  async onMessageEdit(m: PostedMessage): Promise<void> {
    const now = this.opts.now();
    const out = this.repo.exclusive(() => {
      const a = this.repo.byMessage(m.channelId, m.messageId);
      if (!a || a.removedAt !== null) return null;
      const { text, source } = splitSource(m.content);
      if (text === a.text && source === a.source && a.checkedVerdict) return null;
      const j = this.judge(text, source, a.guildId);
      this.repo.updateArgument(a.id, text, source);
      this.store(a.id, j);
      this.repo.setDuplicate(a.id, this.repo.twinOf({ ...a, text }));
      // Adding a source by editing the post answers a pending challenge.
      const answered = a.challenge?.status === 'pending' && (j.verdict === 'verified' || j.verdict === 'cited') && hasSource({ ...j, source }) && this.repo.resolveChallenge(a.id, 'answered', now);
      const after = this.repo.argument(a.id)!;
      if (answered) this.notice(after, { content: sourceAddedNotice(after) });
      this.refresh(a.id);
      return after;
    });
    if (out) await this.outbox.settle(out.debateChannelId);
  }

  /** A deleted thread post: its argument leaves the score. True when it was an argument still counted. */
  onMessageDelete(channelId: string, messageId: string): boolean {
    const now = this.opts.now();
    const out = this.repo.exclusive(() => {
      const a = this.repo.byMessage(channelId, messageId);
      if (!a) return null;
      if (a.challenge?.status === 'pending') this.repo.resolveChallenge(a.id, 'expired', now);
      const removed = this.repo.remove(a.id, now);
      if (removed) this.refresh(a.id);
      return removed;
    });
    return out ?? false;
  }

  /** Closes every challenge due at `now` unanswered; the argument keeps its verdict, and the thread is told. */
  private expireDue(now: number): number {
    const owns = this.opts.ownsGuild;
    const due = this.repo.dueChallenges(now).filter((d) => !owns || owns(d.guildId));
    if (due.length === 0) return 0;
    const expired = this.repo.exclusive(() => {
      const out: ScoredArgument[] = [];
      for (const { id } of due) {
        if (!this.repo.resolveChallenge(id, 'expired', now)) continue;
        const a = this.repo.argument(id);
        if (!a || a.removedAt !== null) continue;
        out.push(a);
        this.notice(a, { content: expiredNotice(a) });
        this.refresh(a.id);
      }
      return out;
    });
    return expired.length;
  }

  /**
   * Makes sure a recorded argument is announced in its debate's channel — under its post when a thread post made
   * it — and returns it as stored now, without waiting for the post (the interaction that recorded it is
   * answered at once). The announcement was normally queued with the argument itself (scoreDebate); it is then
   * edited as the verdict changes. A post that fails is retried by the outbox; the argument and verdict stand.
   */
  announce(argumentId: number, gateway?: ChannelGateway): ShownArgument | null {
    if (gateway) this.useGateway(gateway);
    const a = this.argument(argumentId);
    if (!a) return null;
    if (!a.announcementId && !this.outbox.repo.hasAnnouncement(a.id)) this.queueAnnouncement(a.id);
    return a;
  }

  private queueAnnouncement(argumentId: number): void {
    const a = this.repo.argument(argumentId);
    if (a) this.outbox.add({ debateId: a.debateId, channelId: a.debateChannelId, kind: 'argument', argumentId });
  }

  /** Queues an edit of an argument's announcement to what is stored when it is sent (call inside the change's transaction). */
  refresh(argumentId: number): void {
    const a = this.repo.argument(argumentId);
    if (a) this.outbox.add({ debateId: a.debateId, channelId: a.debateChannelId, kind: 'argument-edit', argumentId });
  }

  /** Queues a notice to an argument's debate channel (call inside the change's transaction). */
  private notice(a: ScoredArgument, reply: Reply): void {
    this.outbox.add({ debateId: a.debateId, channelId: a.debateChannelId, kind: 'post', reply });
  }
}

export function createScoreService(opts: ScoreServiceOptions): ScoreService {
  return new ScoreService(opts);
}
