/**
 * The score service: checks every argument a debate records (inside the transaction that stores it) and
 * stores the one verdict that counts; keeps it current as its post is edited or deleted, as sources are added,
 * as moderators rule and as "citation needed" challenges (deadlines kept in the database) run their course;
 * and announces each argument once, editing that announcement whenever its verdict changes. The debate core
 * knows nothing of it: the debate service calls `scoreDebate` after storing arguments, and the front end calls
 * the message hooks. Each load-decide-save runs inside `repo.exclusive`, since other work runs at every await.
 */
import { AsyncResource } from 'node:async_hooks';
import type { Logger } from 'pino';
import type { Actor, ChannelGateway, Reply } from '../seam/reply.js';
import type { Checker, Verdict } from '../core/check/checker.js';
import type { QuoteResult } from '../core/types.js';
import type { Sql } from '../db/sql.js';
import { ScoreRepository } from '../db/scores-repo.js';
import { type ArgumentMark, type ScoredArgument, type Standing } from '../core/score/argument.js';
import { splitSource } from '../debate/service.js';
import type { PostedMessage } from '../seam/reply.js';
import { DeadlineTimer, realTimers, type Timers } from '../db/deadline-timer.js';
import { CLAIM_BATCH, fireClaimed, type Claims } from '../db/claims.js';
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
  sql: Sql;
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
  /**
   * Hosts sharing the store: challenge deadlines are claimed (claims.ts, claims-for.ts's challengeClaims) rather
   * than filtered by guild, so any host expires any challenge, exactly once, and a dead host's are claimed by
   * another once its lease ends.
   */
  claims?: { claims: Claims<'argumentId'>; leaseMs: number };
  /**
   * Brings a server's texts in memory up to the store before its arguments are checked against them (a text
   * another host added). Called outside any transaction.
   */
  libraryReady?: (guildId: string | null) => Promise<void>;
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
  /** scoreDebate runs not yet over: an announcement waits for them, so that it shows the verdict. */
  private readonly checking = new Set<Promise<number>>();
  /**
   * The context the service was made in, outside any transaction: a check reported from inside the transaction
   * that stored its arguments runs in it, taking the writer after that transaction rather than joining it.
   */
  private readonly outside = new AsyncResource('RostrumScore');

  constructor(private readonly opts: ScoreServiceOptions) {
    this.repo = new ScoreRepository(opts.sql);
    this.timers = opts.timers ?? realTimers;
    this.outbox = outboxFor({ sql: opts.sql, now: opts.now, log: opts.log, timers: this.timers, ownsGuild: opts.ownsGuild });
    this.outbox.handle('argument', {
      // Drawn when sent, from the verdict stored then; sent once.
      plan: async (row) => {
        const a = await this.argument(row.argumentId ?? -1);
        return !a || a.announcementId ? { skip: 'skipped' } : { post: announcementReply(a) };
      },
      posted: (row, id) => this.repo.setAnnouncement(row.argumentId!, id),
    });
    this.outbox.handle('argument-edit', {
      plan: async (row) => {
        if (await this.outbox.repo.laterEdit(row)) return { skip: 'superseded' };
        const a = await this.argument(row.argumentId ?? -1);
        return a?.announcementId ? { edit: a.announcementId, reply: announcementReply(a) } : { skip: 'skipped' };
      },
    });
    if (opts.gateway) this.outbox.useGateway(opts.gateway);
    this.timer = new DeadlineTimer({
      now: opts.now,
      log: opts.log,
      timers: opts.timers,
      what: 'challenge deadlines',
      // Claiming hosts look at least once a lease, so that a dead host's claims are taken over within one.
      maxSleepMs: opts.claims?.leaseMs,
      nextDue: () => (opts.claims ? opts.claims.claims.nextClaimable() : this.repo.nextChallengeDue()),
      runDue: (now) => (opts.claims ? this.expireClaimed(now, opts.claims) : this.expireDue(now)),
      // Claiming, still claimable means a claim left rows (a full batch): at once; held rows are not claimable.
      stillDueRetryAt: opts.claims ? (now) => now : undefined,
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
  async start(gateway?: ChannelGateway): Promise<{ scored: number; expired: number }> {
    if (gateway) this.useGateway(gateway);
    await this.outbox.start();
    // Built now rather than by the first argument, which would hold the database's write lock meanwhile.
    try {
      this.opts.checker(null);
    } catch (err) {
      this.opts.log.error({ err }, 'the argument checker could not be built; arguments wait unchecked and are tried again');
    }
    await this.librariesReady(null);
    const scored = await this.scoreUnscored(null);
    return { scored, expired: await this.timer.start() };
  }

  stop(): void {
    this.timer.stop();
    this.outbox.stop();
    if (this.recheckTimer !== null) this.timers.clearTimeout(this.recheckTimer);
    this.recheckTimer = null;
  }

  /** Resolves once nothing is being checked or posted and nothing due waits in the outbox. */
  async idle(): Promise<void> {
    await this.checked();
    await this.outbox.settle();
  }

  /** Resolves once the arguments reported stored so far are checked. */
  private async checked(): Promise<void> {
    while (this.checking.size > 0) await Promise.all(this.checking);
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
   * Checks the arguments of a debate that have no verdict yet, in one transaction taken after the caller's (if
   * it is in one), each in its own savepoint; resolves to how many. Never rejects (a failure is logged and the
   * argument checked again later), so the caller may leave it running; never await it inside a transaction.
   */
  scoreDebate(debateId: number): Promise<number> {
    const run = this.outside.runInAsyncScope(async () =>
      (await this.librariesReady(debateId)) && this.repo.exclusive(async () => {
        // Each new argument is announced (drawn when sent, so with the verdict stored by then), checked or not.
        for (const id of await this.repo.unscored(debateId)) {
          if (!(await this.outbox.repo.hasAnnouncement(id))) await this.queueAnnouncement(id);
        }
        return this.scoreUnscored(debateId);
      }),
    ).catch((err: unknown) => {
      this.opts.log.error({ err, debateId }, 'checking a debate\'s new arguments failed; they stay unchecked and are tried again');
      this.scheduleRecheck();
      return 0;
    });
    this.checking.add(run);
    void run.finally(() => this.checking.delete(run));
    return run;
  }

  /** The libraries of the servers whose arguments (of one debate, or all) wait for a check, brought up to date; true. */
  private async librariesReady(debateId: number | null): Promise<true> {
    const ready = this.opts.libraryReady;
    if (!ready) return true;
    const guilds = new Set<string | null>();
    for (const id of await this.repo.unscored(debateId)) guilds.add((await this.repo.argument(id))?.guildId ?? null);
    for (const g of guilds) await ready(g);
    return true;
  }

  /**
   * Checks the arguments without a verdict (of one debate, or all), each in its own savepoint. A check that
   * throws (a damaged index, say) leaves its argument unchecked, drops the checker so that the next try builds
   * it afresh, and schedules a re-check; an announcement already out is edited once the verdict comes.
   */
  private async scoreUnscored(debateId: number | null): Promise<number> {
    let n = 0;
    let failed = false;
    for (const id of await this.repo.unscored(debateId)) {
      try {
        await this.repo.exclusive(async () => {
          const a = await this.repo.argument(id);
          if (!a) return;
          await this.store(a.id, this.judge(a.text, a.source, a.guildId));
          // The same claim made again by the same debater in the same debate counts once, however it was made.
          const twin = await this.repo.twinOf(a);
          if (twin !== null) {
            await this.repo.setDuplicate(a.id, twin);
            await this.mergeSource(twin, a);
          }
          if (a.announcementId) await this.refresh(a.id);
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
    // The callback returns the re-check, so that a test's fake timers can wait for it.
    this.recheckTimer = this.timers.setTimeout(() => {
      this.recheckTimer = null;
      return this.librariesReady(null).then(() => this.scoreUnscored(null)).then(
        (n) => void (n > 0 && this.opts.log.info({ checked: n }, 'arguments left unchecked by a failure are checked now')),
        (err: unknown) => this.opts.log.error({ err }, 'the re-check of unchecked arguments failed; they are tried at the next start'),
      );
    }, delay);
  }

  /** A repeat that brings a source the first telling lacked: the source goes to the first, which is re-checked. */
  private async mergeSource(firstId: number, repeat: ScoredArgument): Promise<void> {
    const first = await this.repo.argument(firstId);
    if (!first || readsAsSource(first.source) || !readsAsSource(repeat.source)) return;
    const j = this.judge(first.text, repeat.source, first.guildId);
    if (j.verdict !== 'verified' && j.verdict !== 'cited') return;
    await this.repo.updateArgument(first.id, first.text, repeat.source);
    await this.store(first.id, j);
    if (first.challenge?.status === 'pending') await this.repo.resolveChallenge(first.id, 'answered', this.opts.now());
    const after = (await this.repo.argument(first.id))!;
    await this.notice(after, { content: sourceAddedNotice(after) });
    await this.refresh(first.id);
  }

  private store(argumentId: number, j: Judgement): Promise<void> {
    return this.repo.saveCheck(argumentId, { ...j, at: this.opts.now() });
  }

  /** An argument as stored, as views show it. */
  async argument(id: number): Promise<ShownArgument | null> {
    return this.shown(await this.repo.argument(id));
  }

  /** The newest argument of a debater in a debate (for its announcement). */
  async latestBy(debateId: number, userId: string): Promise<ShownArgument | null> {
    return this.shown(await this.repo.latestBy(debateId, userId));
  }

  /** The argument a thread post made, as views show it. */
  async byMessage(channelId: string, messageId: string): Promise<ShownArgument | null> {
    return this.shown(await this.repo.byMessage(channelId, messageId));
  }

  /** Every argument of a debate, in order, as views show them. */
  async inDebate(debateId: number): Promise<ShownArgument[]> {
    return (await this.repo.inDebate(debateId)).map((a) => this.shown(a));
  }

  /** The marks of a debate's arguments for its record (read as stored: it may run inside the debate's transaction). */
  marks(debateId: number): Promise<Map<number, ArgumentMark>> {
    return this.repo.marks(debateId);
  }

  /** Every argument of the debates held in `channelId`, with its stored verdict (for /sources). */
  async argumentsHeldIn(channelId: string): Promise<ShownArgument[]> {
    return (await this.repo.heldIn(channelId)).map((a) => this.shown(a));
  }

  /** A person's tally in a server since `since` (all time by default). */
  tallyOf(guildId: string | null, userId: string, since = 0): Promise<{ tally: Tally; name: string | null }> {
    return this.repo.tallyOf(guildId, userId, since);
  }

  /** Everyone's standing in a server since `since`, best first by `ranking` (by the share cited unless told). */
  async leaderboard(guildId: string | null, since = 0, ranking: Ranking = 'share'): Promise<Standing[]> {
    return (await this.repo.standings(guildId, since)).sort(RANKINGS[ranking]);
  }

  /** Milliseconds since the epoch where a period starts. */
  since(period: 'week' | 'month' | 'all'): number {
    return period === 'week' ? this.opts.now() - 7 * DAY_MS : period === 'month' ? this.opts.now() - 30 * DAY_MS : 0;
  }

  /**
   * Finds the argument a reference names, on this server: "#3" is the third of the debate held in `channelId`
   * (or the only one running under it); a message link or id works anywhere on the server.
   */
  async resolve(ref: ArgumentPointer, guildId: string | null, channelId: string | null): Promise<ShownArgument | string> {
    const found = await this.find(ref, guildId, channelId);
    return typeof found === 'string' ? found : this.shown(found);
  }

  private async find(ref: ArgumentPointer, guildId: string | null, channelId: string | null): Promise<ScoredArgument | string> {
    if (typeof ref !== 'string') {
      const a = await this.repo.argument(ref.id);
      if (a && a.guildId !== guildId) return ELSEWHERE.argument;
      return a ?? 'That argument no longer exists.';
    }
    const read = readArgumentRef(ref);
    if (!read.ok) return problemMessage(read.problem, read.input);
    const r = read.value;
    if ('number' in r) {
      const debateId = channelId ? await this.repo.debateOfChannel(channelId) : null;
      if (debateId === null) {
        return `Argument numbers count within each debate, and no debate is held here: use #${r.number} in the debate's thread, or give the argument's message link (Copy Message Link).`;
      }
      const a = await this.repo.byNumber(debateId, r.number);
      if (a && a.guildId !== guildId) return ELSEWHERE.argument;
      if (a) return a;
      const n = await this.repo.countIn(debateId);
      return n === 0 ? 'This debate has no arguments yet.' : `This debate has no argument #${r.number}: its arguments are #1${n > 1 ? `–#${n}` : ''}.`;
    }
    if (r.guildId !== null && r.guildId !== guildId) return 'That message is on another server: rulings and challenges apply to this server\'s debates only.';
    const found = r.channelId ? await this.repo.byMessage(r.channelId, r.messageId) : ((await this.repo.byMessageInGuild(r.messageId, guildId))[0] ?? null);
    if (!found || found.guildId !== guildId) return `No debate argument on this server was made by that message. ${HOW_TO_NAME}`;
    return found;
  }

  /** A moderator sets an argument's verdict; recorded with who, why and when; the stored verdict and every view follow. */
  async override(actor: Actor, guildId: string | null, channelId: string | null, ref: string, verdict: Verdict, reason: string): Promise<ScoreOutcome> {
    if (!actor.isModerator) return fail(refusalFor('/verdict override'));
    const why = reason.trim();
    if (!why) return fail('Say why in reason: — the ruling is recorded with it.');
    const now = this.opts.now();
    const out = await this.repo.exclusive(async (): Promise<ScoreOutcome | { previous: Verdict; after: ScoredArgument }> => {
      const found = await this.resolve(ref, guildId, channelId);
      if (typeof found === 'string') return fail(found);
      if (found.removedAt !== null) return fail(`The post of ${argumentName(found)} was deleted, so it no longer counts in the score.`);
      if (found.duplicateOf !== null) return fail(`${argumentName(found)} repeats argument #${found.duplicateOfNumber}, which is the one counted: rule on that one.`);
      if (!(await this.repo.argument(found.id))!.verdict) await this.scoreUnscored(found.debateId);
      const previous = (await this.repo.argument(found.id))!.verdict ?? 'unsourced';
      await this.repo.override(found.id, previous, { verdict, byId: actor.id, byName: actor.name, reason: clip(why, LIMIT.reason), at: now });
      // A ruling settles a pending challenge.
      await this.repo.resolveChallenge(found.id, 'answered', now);
      await this.refresh(found.id);
      return { previous, after: (await this.repo.argument(found.id))! };
    });
    if ('ok' in out) return out;
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
    const now = this.opts.now();
    const out = await this.repo.exclusive(async (): Promise<ScoreOutcome> => {
      const a = await this.find(ref, guildId, channelId);
      if (typeof a === 'string') return fail(a);
      if (a.removedAt !== null) return fail(`The post of ${argumentName(a)} was deleted; it no longer counts.`);
      if (a.duplicateOf !== null) return fail(`${argumentName(a)} repeats argument #${a.duplicateOfNumber}, which is the one counted: challenge that one.`);
      if (a.debateStatus === 'ended') return fail('That debate has ended: challenges are made while it runs. A moderator can still rule on a verdict with /verdict override.');
      if (a.userId === actor.id) return fail('You cannot challenge your own argument. Add a source with /argue source: instead.');
      if (!actor.isModerator && !(await this.repo.isParticipant(a.debateId, actor.id))) return fail(refusalFor('/debate challenge, Citation needed'));
      if (a.challenge) return fail(`${argumentName(a)} has already been challenged (${a.challenge.status}).`);
      if (a.override) return fail(`A moderator has already ruled on ${argumentName(a)}: ${VERDICT_LABEL[a.override.verdict]}.`);
      if (a.verdict === 'verified') return fail(`${argumentName(a)} is verified against the corpus: there is nothing to challenge. A moderator can rule on a verdict.`);
      if (!challengeable(a)) return fail(`${argumentName(a)} cannot be challenged now.`);
      const dueAt = now + (this.opts.challengeSeconds ?? DEFAULT_CHALLENGE_SECONDS) * 1000;
      if (!(await this.repo.challenge({ argumentId: a.id, guildId: a.guildId, channelId: a.debateChannelId, challengerId: actor.id, challengerName: actor.name, challengedAt: now, dueAt }))) {
        return fail(`${argumentName(a)} has already been challenged.`);
      }
      const after = (await this.repo.argument(a.id))!;
      await this.notice(after, challengeNotice(after, actor.name, dueAt));
      await this.refresh(a.id);
      return { ok: true, argument: after, message: '' };
    });
    if (!out.ok) return out;
    await this.timer.wake();
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
  async addSource(actor: Actor, guildId: string | null, channelId: string, source: string, ref?: ArgumentPointer): Promise<ScoreOutcome> {
    const read = readSource(source, (id) => this.quotationExists(id, guildId));
    if (!read.ok) return fail(problemMessage(read.problem, read.input));
    const given = read.value;
    if (!given) return fail('Give the source: a link, a reference (author, title, page) or a quotation id from /quote.');
    const now = this.opts.now();
    const out = await this.repo.exclusive(async (): Promise<ScoreOutcome> => {
      const debateId = await this.repo.liveDebateIn(channelId);
      if (debateId === null) return fail('There is no debate running here to add a source to. Use this in the debate\'s thread while it runs.');
      let target: ScoredArgument | null = null;
      if (ref !== undefined) {
        const found = await this.resolve(ref, guildId, channelId);
        if (typeof found === 'string') return fail(found);
        if (found.userId !== actor.id) return fail(`${argumentName(found)} is not yours: you can add sources to your own arguments only.`);
        target = found;
      } else {
        target = (await this.repo.pendingAgainst(actor.id, channelId))[0] ?? (await this.repo.latestCountedBy(debateId, actor.id));
      }
      if (!target) return fail('You have made no argument in this debate yet: make it first (post it on your turn, or /argue text:… source:…).');
      if (target.duplicateOf !== null) target = (await this.repo.argument(target.duplicateOf)) ?? target;
      if (target.removedAt !== null) return fail(`The post of ${argumentName(target)} was deleted; it no longer counts.`);
      const combined = target.source && target.source.includes(given) ? target.source : target.source ? `${target.source}; ${given}` : given;
      const j = this.judge(target.text, combined, target.guildId);
      if (j.verdict !== 'verified' && j.verdict !== 'cited') {
        const why = whyText({ ...j, verdict: j.verdict });
        return fail(`With that source ${argumentName(target)} would still be ${VERDICT_LABEL[j.verdict]}${why ? `: ${why}` : ''}. Nothing was added; a source does not mend the words quoted.`);
      }
      await this.repo.updateArgument(target.id, target.text, clip(combined, 1000, 'utf16'));
      await this.store(target.id, j);
      if (target.challenge?.status === 'pending') await this.repo.resolveChallenge(target.id, 'answered', now);
      const after = (await this.repo.argument(target.id))!;
      await this.notice(after, { content: sourceAddedNotice(after) });
      await this.refresh(after.id);
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
    const pending = await this.repo.pendingAgainst(m.actor.id, m.channelId);
    const replied = m.replyToMessageId ? await this.repo.byMessage(m.channelId, m.replyToMessageId) : null;
    const repliedChallenged = replied && pending.some((a) => a.id === replied.id) ? replied : null;
    if (!prefixed && !repliedChallenged) return undefined;
    const debateId = await this.repo.liveDebateIn(m.channelId);
    if (debateId === null || !(await this.repo.isParticipant(debateId, m.actor.id))) return undefined;
    this.useGateway(m.channels);
    const source = prefixed ? m.content.slice(prefixed[0].length) : m.content;
    const target = replied && replied.userId === m.actor.id ? { id: replied.id } : undefined;
    const out = await this.addSource(m.actor, m.guildId, m.channelId, source, target);
    return out.ok ? null : { ephemeral: true, content: out.message };
  }

  /** An edited thread post: its argument takes the new words and source and is checked again. */
  async onMessageEdit(m: PostedMessage): Promise<void> {
    const now = this.opts.now();
    const out = await this.repo.exclusive(async () => {
      const a = await this.repo.byMessage(m.channelId, m.messageId);
      if (!a || a.removedAt !== null) return null;
      const { text, source } = splitSource(m.content);
      if (text === a.text && source === a.source && a.checkedVerdict) return null;
      const j = this.judge(text, source, a.guildId);
      await this.repo.updateArgument(a.id, text, source);
      await this.store(a.id, j);
      await this.repo.setDuplicate(a.id, await this.repo.twinOf({ ...a, text }));
      // Adding a source by editing the post answers a pending challenge.
      const answered =
        a.challenge?.status === 'pending' && (j.verdict === 'verified' || j.verdict === 'cited') && hasSource({ ...j, source }) && (await this.repo.resolveChallenge(a.id, 'answered', now));
      const after = (await this.repo.argument(a.id))!;
      if (answered) await this.notice(after, { content: sourceAddedNotice(after) });
      await this.refresh(a.id);
      return after;
    });
    if (out) await this.outbox.settle(out.debateChannelId);
  }

  /** A deleted thread post: its argument leaves the score. True when it was an argument still counted. */
  async onMessageDelete(channelId: string, messageId: string): Promise<boolean> {
    const now = this.opts.now();
    const out = await this.repo.exclusive(async () => {
      const a = await this.repo.byMessage(channelId, messageId);
      if (!a) return null;
      if (a.challenge?.status === 'pending') await this.repo.resolveChallenge(a.id, 'expired', now);
      const removed = await this.repo.remove(a.id, now);
      if (removed) await this.refresh(a.id);
      return removed;
    });
    return out ?? false;
  }

  /** Closes every challenge due at `now` unanswered; the argument keeps its verdict, and the thread is told. */
  private async expireDue(now: number): Promise<number> {
    const owns = this.opts.ownsGuild;
    const due = (await this.repo.dueChallenges(now)).filter((d) => !owns || owns(d.guildId));
    return (await this.expire(due.map((d) => d.id), now, 'retrying shortly')).expired;
  }

  /** The claiming host's work: the challenges due at `now` that no live lease holds (claims.ts's fireClaimed). */
  private async expireClaimed(now: number, claims: { claims: Claims<'argumentId'>; leaseMs: number }): Promise<number> {
    return fireClaimed(claims, 'argumentId', now, CLAIM_BATCH, async (ids) => {
      const { expired, failed } = await this.expire(ids, now, 'another look once its claim lapses');
      return { fired: expired, failed };
    });
  }

  /**
   * Expires the challenges of `argumentIds` at `now` (those answered meanwhile stay answered) in one transaction,
   * each in a savepoint of it: one that throws rolls back alone and is returned among `failed`.
   */
  private async expire(argumentIds: readonly number[], now: number, retry: string): Promise<{ expired: number; failed: Set<number> }> {
    let expired = 0;
    const failed = new Set<number>();
    if (argumentIds.length === 0) return { expired, failed };
    await this.repo.exclusive(async () => {
      for (const id of argumentIds) {
        try {
          if (await this.repo.exclusive(() => this.expireOne(id, now))) expired++;
        } catch (err) {
          failed.add(id);
          this.opts.log.error({ err, argumentId: id }, `a challenge deadline failed; ${retry}`);
        }
      }
    });
    return { expired, failed };
  }

  /** Expires one pending challenge and announces it; false when it was answered meanwhile or its post is gone. */
  private async expireOne(argumentId: number, now: number): Promise<boolean> {
    if (!(await this.repo.resolveChallenge(argumentId, 'expired', now))) return false;
    const a = await this.repo.argument(argumentId);
    if (!a || a.removedAt !== null) return false;
    await this.notice(a, { content: expiredNotice(a) });
    await this.refresh(a.id);
    return true;
  }

  /**
   * Makes sure a recorded argument is announced in its debate's channel — under its post when a thread post made
   * it — and returns it as stored now, checked (it waits for the check of arguments reported stored, not for the
   * post: the interaction that recorded it is answered at once). The announcement was normally queued with the
   * check (scoreDebate); it is then edited as the verdict changes. A post that fails is retried by the outbox;
   * the argument and verdict stand. Not to be awaited inside a transaction (the check waits for it).
   */
  async announce(argumentId: number, gateway?: ChannelGateway): Promise<ShownArgument | null> {
    if (gateway) this.useGateway(gateway);
    await this.checked();
    const a = await this.argument(argumentId);
    if (!a) return null;
    if (!a.announcementId && !(await this.outbox.repo.hasAnnouncement(a.id))) {
      // Asked again inside the transaction: only one announcement is ever queued.
      await this.repo.exclusive(async () => {
        if (!(await this.outbox.repo.hasAnnouncement(a.id))) await this.queueAnnouncement(a.id);
      });
    }
    return a;
  }

  private async queueAnnouncement(argumentId: number): Promise<void> {
    const a = await this.repo.argument(argumentId);
    if (a) await this.outbox.add({ debateId: a.debateId, channelId: a.debateChannelId, kind: 'argument', argumentId });
  }

  /** Queues an edit of an argument's announcement to what is stored when it is sent (call inside the change's transaction). */
  async refresh(argumentId: number): Promise<void> {
    const a = await this.repo.argument(argumentId);
    if (a) await this.outbox.add({ debateId: a.debateId, channelId: a.debateChannelId, kind: 'argument-edit', argumentId });
  }

  /** Queues a notice to an argument's debate channel (call inside the change's transaction). */
  private async notice(a: ScoredArgument, reply: Reply): Promise<void> {
    await this.outbox.add({ debateId: a.debateId, channelId: a.debateChannelId, kind: 'post', reply });
  }
}

export function createScoreService(opts: ScoreServiceOptions): ScoreService {
  return new ScoreService(opts);
}
