/**
 * The score service: checks every argument a debate records (inside the transaction that stores it), keeps
 * its verdict current as its post is edited or deleted, records moderators' overrides, and runs "citation
 * needed" challenges with deadlines kept in the database. The debate core knows nothing of it: the debate
 * service calls `scoreDebate` after storing arguments, and the front end calls the message hooks.
 */
import type { Logger } from 'pino';
import type { Actor, ChannelGateway, Reply } from '../command.js';
import type { Checker, Verdict } from '../core/check/checker.js';
import type { QuoteResult } from '../core/types.js';
import type { Database } from '../db/open.js';
import { ScoreRepository, type ArgumentMark, type ScoredArgument, type Standing } from '../db/scores-repo.js';
import { splitSource } from '../debate/service.js';
import type { PostedMessage } from '../services.js';
import { DeadlineTimer, type Timers } from '../deadline-timer.js';
import { judgeArgument, type Judgement } from './judge.js';
import { argumentName, answeredNotice, challengeNotice, expiredNotice, VERDICT_LABEL } from './render.js';
import { byStanding, type Tally } from './tally.js';

export const DEFAULT_CHALLENGE_SECONDS = 120;
const DAY_MS = 86_400_000;

export interface ScoreServiceOptions {
  db: Database;
  now: () => number;
  log: Logger;
  /** The argument checker; called when first needed (building its index takes a moment). */
  checker: () => Checker;
  /** A corpus quotation or passage by id, for sources that name one. */
  quotation: (id: string) => QuoteResult | undefined;
  timers?: Timers;
  /** Where challenge notices are posted; else the first gateway a command brings. */
  gateway?: ChannelGateway;
  /** Seconds an author has to answer "citation needed" (default 120). */
  challengeSeconds?: number;
  /** Whether this process fires a guild's challenge deadlines (shards share the database). */
  ownsGuild?: (guildId: string | null) => boolean;
}

export type ScoreOutcome = { ok: true; message: string; argument: ScoredArgument } | { ok: false; message: string };

const fail = (message: string): ScoreOutcome => ({ ok: false, message });

/** What names an argument: a message link, a message id, or "#12" / "12" (its argument number). */
export type ArgumentRef = { argumentId: number } | { messageId: string; channelId: string | null; guildId: string | null };

/** Reads an argument reference as a moderator or debater types it; null when it is none of those. */
export function parseArgumentRef(input: string): ArgumentRef | null {
  const s = input.trim();
  const link = /^<?https?:\/\/(?:(?:ptb|canary)\.)?discord(?:app)?\.com\/channels\/(\d+|@me)\/(\d+)\/(\d+)\/?>?$/i.exec(s);
  if (link) return { messageId: link[3], channelId: link[2], guildId: link[1] === '@me' ? null : link[1] };
  if (/^\d{15,22}$/.test(s)) return { messageId: s, channelId: null, guildId: null };
  const n = /^(?:#|argument\s*#?\s*)?(\d{1,12})$/i.exec(s);
  if (n) return { argumentId: Number(n[1]) };
  return null;
}

export class ScoreService {
  readonly repo: ScoreRepository;
  private readonly timer: DeadlineTimer;
  private gateway: ChannelGateway | null;
  private posting: Promise<void> = Promise.resolve();
  private checkerInstance: Checker | null = null;

  constructor(private readonly opts: ScoreServiceOptions) {
    this.repo = new ScoreRepository(opts.db);
    this.gateway = opts.gateway ?? null;
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
    this.gateway ??= gateway;
  }

  /** Scores what was recorded while the score was away, fires overdue challenges, then arms the timer. */
  start(gateway?: ChannelGateway): { scored: number; expired: number } {
    if (gateway) this.useGateway(gateway);
    // Built now rather than by the first argument, which would hold the database's write lock meanwhile.
    this.checker();
    const scored = this.scoreUnscored(null);
    return { scored, expired: this.timer.start() };
  }

  stop(): void {
    this.timer.stop();
  }

  /** Resolves once every queued notice has been posted. */
  async idle(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.posting;
      await seen;
    } while (seen !== this.posting);
  }

  private checker(): Checker {
    this.checkerInstance ??= this.opts.checker();
    return this.checkerInstance;
  }

  /** The verdict of an argument's words with the source given. */
  judge(text: string, source: string | null): Judgement {
    return judgeArgument({ checker: this.checker(), quotation: this.opts.quotation }, text, source);
  }

  /**
   * Checks the arguments of a debate that have no verdict yet. Called inside the transaction that stored
   * them, so an argument and its verdict are written together; never throws (a failure is logged and the
   * argument checked on the next start).
   */
  scoreDebate(debateId: number): number {
    return this.scoreUnscored(debateId);
  }

  private scoreUnscored(debateId: number | null): number {
    let n = 0;
    for (const id of this.repo.unscored(debateId)) {
      try {
        const a = this.repo.argument(id);
        if (!a) continue;
        this.store(a.id, this.judge(a.text, a.source));
        // The same argument made again (a double-submitted /argue) counts once.
        const twin = this.repo.twinOf(a);
        if (twin !== null) this.repo.setDuplicate(a.id, twin);
        n++;
      } catch (err) {
        this.opts.log.error({ err, argumentId: id }, 'checking an argument failed; it stays unscored until the next start');
      }
    }
    return n;
  }

  private store(argumentId: number, j: Judgement): void {
    this.repo.saveCheck(argumentId, { verdict: j.verdict, quotationId: j.quotationId, matches: j.matches, links: j.links, references: j.references, at: this.opts.now() });
  }

  argument(id: number): ScoredArgument | null {
    return this.repo.argument(id);
  }

  /** The newest argument of a debater in a debate (for its announcement). */
  latestBy(debateId: number, userId: string): ScoredArgument | null {
    return this.repo.latestBy(debateId, userId);
  }

  /** The marks of a debate's arguments for its record. */
  marks(debateId: number): Map<number, ArgumentMark> {
    return this.repo.marks(debateId);
  }

  /** A person's tally in a server since `since` (all time by default). */
  tallyOf(guildId: string | null, userId: string, since = 0): { tally: Tally; name: string | null } {
    return this.repo.tallyOf(guildId, userId, since);
  }

  /** Everyone's standing in a server since `since`, best first. */
  leaderboard(guildId: string | null, since = 0): Standing[] {
    return this.repo.standings(guildId, since).sort(byStanding);
  }

  /** Milliseconds since the epoch where a period starts. */
  since(period: 'week' | 'month' | 'all'): number {
    return period === 'week' ? this.opts.now() - 7 * DAY_MS : period === 'month' ? this.opts.now() - 30 * DAY_MS : 0;
  }

  /** Finds the argument a reference names, in this server. */
  resolve(ref: string, guildId: string | null): ScoredArgument | string {
    const r = parseArgumentRef(ref);
    const how = 'Give the argument\'s message link (Copy Message Link), its message id, or its number as shown under it ("#12").';
    if (!r) return `I cannot read "${clipRef(ref)}" as an argument. ${how}`;
    let found: ScoredArgument | null = null;
    if ('argumentId' in r) found = this.repo.argument(r.argumentId);
    else if (r.channelId) found = this.repo.byMessage(r.channelId, r.messageId);
    else found = this.repo.byMessageInGuild(r.messageId, guildId)[0] ?? null;
    if (!found || found.guildId !== guildId) return `No debate argument on this server matches "${clipRef(ref)}". ${how}`;
    return found;
  }

  /** A moderator sets an argument's verdict; recorded with who, why and when, and the score follows. */
  override(actor: Actor, guildId: string | null, ref: string, verdict: Verdict, reason: string): ScoreOutcome {
    if (!actor.isModerator) return fail('Only moderators (Manage Messages) can override a verdict.');
    const why = reason.trim();
    if (!why) return fail('Say why in reason: — the override is recorded with it.');
    const found = this.resolve(ref, guildId);
    if (typeof found === 'string') return fail(found);
    if (found.removedAt !== null) return fail(`The post of ${argumentName(found)} was deleted, so it no longer counts in the score.`);
    if (found.duplicateOf !== null) return fail(`${argumentName(found)} repeats argument #${found.duplicateOf}, which is the one counted: rule on that one.`);
    if (!found.verdict) {
      this.scoreUnscored(found.debateId);
    }
    const current = this.repo.argument(found.id)!;
    const previous = current.verdict ?? 'unsourced';
    this.repo.override(found.id, previous, { verdict, byId: actor.id, byName: actor.name, reason: why.slice(0, 500), at: this.opts.now() });
    const after = this.repo.argument(found.id)!;
    const same = previous === verdict ? ' (it already was; the ruling is recorded)' : '';
    return { ok: true, argument: after, message: `${argumentName(after)} is now ${VERDICT_LABEL[verdict]}, was ${VERDICT_LABEL[previous]}${same}. Recorded with your reason; the score follows.` };
  }

  /** "Citation needed": a debater or moderator challenges an argument; its author has until the deadline to add a source. */
  async challenge(actor: Actor, guildId: string | null, ref: string | number, gateway?: ChannelGateway): Promise<ScoreOutcome> {
    if (gateway) this.useGateway(gateway);
    const found = typeof ref === 'number' ? this.repo.argument(ref) : this.resolve(ref, guildId);
    if (typeof found === 'string') return fail(found);
    if (!found || found.guildId !== guildId) return fail('That argument no longer exists.');
    const now = this.opts.now();
    const out = this.repo.exclusive((): ScoreOutcome => {
      const a = this.repo.argument(found.id)!;
      if (a.removedAt !== null) return fail(`The post of ${argumentName(a)} was deleted; it no longer counts.`);
      if (a.duplicateOf !== null) return fail(`${argumentName(a)} repeats argument #${a.duplicateOf}, which is the one counted: challenge that one.`);
      if (a.debateStatus === 'ended') return fail('That debate has ended: challenges are made while it runs. A moderator can still rule on a verdict with /verdict override.');
      if (a.userId === actor.id) return fail('You cannot challenge your own argument. Add a source with /argue source: instead.');
      if (!actor.isModerator && !this.repo.isParticipant(a.debateId, actor.id)) return fail('Only the debaters and moderators can challenge an argument.');
      if (a.challenge) return fail(`${argumentName(a)} has already been challenged (${a.challenge.status}).`);
      if (a.override) return fail(`A moderator has already ruled on ${argumentName(a)}: ${VERDICT_LABEL[a.override.verdict]}.`);
      if (a.verdict === 'verified') return fail(`${argumentName(a)} is verified against the corpus: there is nothing to challenge. A moderator can override a verdict.`);
      const dueAt = now + (this.opts.challengeSeconds ?? DEFAULT_CHALLENGE_SECONDS) * 1000;
      if (!this.repo.challenge({ argumentId: a.id, guildId: a.guildId, channelId: a.debateChannelId, challengerId: actor.id, challengerName: actor.name, challengedAt: now, dueAt })) {
        return fail(`${argumentName(a)} has already been challenged.`);
      }
      return { ok: true, argument: this.repo.argument(a.id)!, message: '' };
    });
    if (!out.ok) return out;
    this.timer.wake();
    const due = out.argument.challenge!.dueAt;
    this.post(out.argument.debateChannelId, challengeNotice(out.argument, actor.name, due));
    const seconds = Math.round((due - now) / 1000);
    return { ...out, message: `You challenged ${argumentName(out.argument)}. Its author has ${seconds} s to add a source, or it is scored unsourced.` };
  }

  /**
   * The author answers "citation needed" with a source: the argument is re-checked with it. Answers the
   * challenge named by `ref`, else the one due soonest among theirs in this debate channel.
   */
  answer(actor: Actor, debateChannelId: string, source: string, ref?: string | number): ScoreOutcome {
    const given = source.trim();
    if (!given) return fail('Give the source: a link, a reference (author, title, page) or a quotation id from /quote.');
    const now = this.opts.now();
    const out = this.repo.exclusive((): ScoreOutcome => {
      const pending = this.repo.pendingAgainst(actor.id, debateChannelId);
      if (pending.length === 0) return fail('None of your arguments here is challenged. To make an argument, give text: as well.');
      const target = ref === undefined ? pending[0] : pending.find((a) => a.id === ref || a.messageId === ref || `#${a.id}` === ref);
      if (!target) return fail(`That is not one of your challenged arguments. Challenged: ${pending.map((a) => `#${a.id}`).join(', ')}.`);
      if (target.challenge!.dueAt < now) return fail(`The deadline for ${argumentName(target)} has passed.`);
      const combined = target.source ? `${target.source}; ${given}` : given;
      const j = this.judge(target.text, combined);
      if (j.verdict !== 'verified' && j.verdict !== 'cited') {
        const what = j.verdict === 'unsourced' ? 'That does not read as a source' : `With it the argument is ${VERDICT_LABEL[j.verdict]}`;
        return fail(`${what}: give a link (https://…), a reference (author, title, page) or a quotation id from /quote. The challenge is still open.`);
      }
      this.repo.updateArgument(target.id, target.text, combined.slice(0, 1000));
      this.store(target.id, j);
      this.repo.resolveChallenge(target.id, 'answered', now);
      return { ok: true, argument: this.repo.argument(target.id)!, message: `Source added: ${argumentName(target)} is now ${VERDICT_LABEL[j.verdict]}.` };
    });
    if (out.ok) this.post(out.argument.debateChannelId, { content: answeredNotice(out.argument, out.argument.verdict!) });
    return out;
  }

  /**
   * A post in a debate thread that answers a challenge: a reply to the challenged post, or a post starting
   * "Source:" by an author with a challenge pending. Undefined when the post is not such an answer.
   */
  async answerFromPost(m: PostedMessage): Promise<Reply | null | undefined> {
    const pending = this.repo.pendingAgainst(m.actor.id, m.channelId);
    if (pending.length === 0) return undefined;
    const prefixed = /^\s*(?:source|citation)\s*:\s*/i.exec(m.content);
    const replied = m.replyToMessageId ? pending.find((a) => a.messageId === m.replyToMessageId) : undefined;
    if (!prefixed && !replied) return undefined;
    this.useGateway(m.channels);
    const source = prefixed ? m.content.slice(prefixed[0].length) : m.content;
    const out = this.answer(m.actor, m.channelId, source, replied?.id);
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
      const j = this.judge(text, source);
      this.repo.updateArgument(a.id, text, source);
      this.store(a.id, j);
      // Adding a source by editing the post answers a pending challenge.
      const answered = a.challenge?.status === 'pending' && a.challenge.dueAt >= now && (j.verdict === 'verified' || j.verdict === 'cited') && this.repo.resolveChallenge(a.id, 'answered', now);
      return answered ? this.repo.argument(a.id) : null;
    });
    if (out) this.post(out.debateChannelId, { content: answeredNotice(out, out.verdict!) });
  }

  /** A deleted thread post: its argument leaves the score. True when it was an argument still counted. */
  onMessageDelete(channelId: string, messageId: string): boolean {
    const now = this.opts.now();
    return this.repo.exclusive(() => {
      const a = this.repo.byMessage(channelId, messageId);
      if (!a) return false;
      if (a.challenge?.status === 'pending') this.repo.resolveChallenge(a.id, 'expired', now);
      return this.repo.remove(a.id, now);
    });
  }

  /** Closes every challenge due at `now` unanswered: the argument is scored unsourced. */
  private expireDue(now: number): number {
    const owns = this.opts.ownsGuild;
    const due = this.repo.dueChallenges(now).filter((d) => !owns || owns(d.guildId));
    if (due.length === 0) return 0;
    const expired = this.repo.exclusive(() => {
      const out: ScoredArgument[] = [];
      for (const { id } of due) {
        if (!this.repo.resolveChallenge(id, 'expired', now)) continue;
        const a = this.repo.argument(id);
        if (a && a.removedAt === null) out.push(a);
      }
      return out;
    });
    for (const a of expired) this.post(a.debateChannelId, { content: expiredNotice(a, a.verdict ?? 'unsourced') });
    return expired.length;
  }

  /** Queues a notice to a debate channel (in order; failures are logged). */
  private post(channelId: string, reply: Reply): void {
    const g = this.gateway;
    if (!g) {
      this.opts.log.warn({ channelId }, 'score notice not posted: no channel gateway yet');
      return;
    }
    this.posting = this.posting.then(() => g.post(channelId, reply)).then(
      () => undefined,
      (err) => this.opts.log.error({ err, channelId }, 'could not post a score notice'),
    );
  }
}

function clipRef(s: string): string {
  return s.replace(/[`*_~|<>@]/g, '').slice(0, 60);
}

export function createScoreService(opts: ScoreServiceOptions): ScoreService {
  return new ScoreService(opts);
}
