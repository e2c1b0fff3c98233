/**
 * The decision service: keeps each debate's decision with it — the audience's votes, the judges and their
 * ballots, the deadlines (stored; fired at start when they passed while the bot was down) — draws the result
 * once every part is closed, posts what happens through the outbox in the transaction that caused it, and
 * rates the debaters of a decided debate. The debate service calls `opened` and `follow` inside its own
 * transactions; commands call the rest through `DebateService.decisions`.
 */
import type { Logger } from 'pino';
import type { Form, Reply } from '../seam/reply.js';
import { debateKey, ratingsKey, type Sql } from '../db/sql.js';
import type { DebateRepository } from '../db/debates-repo.js';
import { DecisionsRepository } from '../db/decisions-repo.js';
import { RatingsRepository } from '../db/ratings-repo.js';
import { DeadlineTimer, type Timers } from '../db/deadline-timer.js';
import { CLAIM_BATCH, fireClaimed, type Claims } from '../db/claims.js';
import {
  addJudge,
  ballotIn,
  conclude,
  DEFAULT_AFTER_VOTE_SECONDS,
  DEFAULT_BALLOT_SECONDS,
  decisionDueAt,
  decisionTick,
  endedEarly,
  followDebate,
  newDecision,
  removeJudge,
  type DecidedBy,
  type DecisionEvent,
  type DecisionState,
  type VoteMinutes,
} from '../core/debate/decision.js';
import { checkBallot, readBallot, type Ballot, type BallotFields } from '../core/debate/ballot.js';
import { audienceResult, checkVote, type VoteRoundName } from '../core/debate/vote.js';
import { refuse, type Actor, type DebateEvent, type DebateState, type Refusal } from '../core/debate/state.js';
import { rateDebate } from '../core/rating/debate-ratings.js';
import type { Rating } from '../core/rating/glicko2.js';
import { ballotForm, ballotReminder, ballotsCall, ballotsClosedPost, voteClosedPost, voteOpenedPost } from '../views/decision.js';
import { motionCard } from '../views/debate.js';
import type { Outbox } from './outbox.js';

export interface DecisionServiceOptions {
  sql: Sql;
  now: () => number;
  log: Logger;
  timers?: Timers;
  outbox: Outbox;
  debates: DebateRepository;
  ownsGuild?: (guildId: string | null) => boolean;
  /**
   * Hosts sharing the store: decision deadlines are claimed (claims.ts, claims-for.ts's decisionClaims) rather
   * than filtered by guild, so any host fires any debate's, each exactly once, and a dead host's are claimed by
   * another once its lease ends.
   */
  claims?: { claims: Claims<'debateId'>; leaseMs: number };
  /** The record with the decision in it, as posted when the result is in (read from the store). */
  drawRecord: (state: DebateState, decision: DecisionState) => Promise<Reply>;
  /** Called for each decision deadline fired, with when it was due (for the benchmark). */
  onDeadline?: (debateId: number, dueAt: number, events: readonly DecisionEvent[]) => void;
  /** Seconds the vote after the debate stays open (default 300). */
  afterVoteSeconds?: number;
  /** Seconds judges have for their ballots once the debate ends (default 900). */
  ballotSeconds?: number;
}

const NO_DEBATE = 'That debate no longer exists, so nothing was stored.';

export class DecisionService {
  readonly repo: DecisionsRepository;
  readonly ratings: RatingsRepository;
  private readonly timer: DeadlineTimer;
  /** Debates whose last deadline threw: left alone for a while so that one bad debate cannot spin the timer. */
  private readonly failedUntil = new Map<number, number>();

  constructor(private readonly opts: DecisionServiceOptions) {
    this.repo = new DecisionsRepository(opts.sql);
    this.ratings = new RatingsRepository(opts.sql);
    this.timer = new DeadlineTimer({
      now: opts.now,
      log: opts.log,
      timers: opts.timers,
      what: 'the decision timer',
      // Claiming hosts look at least once a lease, so that a dead host's claims are taken over within one.
      maxSleepMs: opts.claims?.leaseMs,
      nextDue: () => (opts.claims ? opts.claims.claims.nextClaimable() : this.repo.nextDue()),
      runDue: (now) => (opts.claims ? this.runClaimed(now, opts.claims) : this.runDue(now)),
      // Claiming, still claimable means a claim left rows (a full batch): at once; held rows are not claimable.
      stillDueRetryAt: (now) => (opts.claims ? now : this.retryAt(now)),
    });
  }

  /**
   * When to look again at deadlines still due right after firing: at once for ours that came due meanwhile (with
   * many debates one falls due every few milliseconds), at its retry for one that failed, and gently for another
   * shard's, which is not ours to fire.
   */
  private async retryAt(now: number): Promise<number> {
    const owns = this.opts.ownsGuild;
    const ours = (await this.repo.dueWithGuild(now)).filter((d) => !owns || owns(d.guildId));
    return ours.length > 0 ? Math.min(...ours.map((d) => this.failedUntil.get(d.id) ?? now)) : now + 250;
  }

  /** Fires what fell due while the bot was down, then keeps firing deadlines. Returns how many fired. */
  start(): Promise<number> {
    return this.timer.start();
  }

  stop(): void {
    this.timer.stop();
  }

  private exclusive<T>(fn: () => Promise<T>, key?: string, how?: { redoable?: boolean }): Promise<T> {
    return this.opts.debates.exclusive(fn, key, how);
  }

  /**
   * A debate just stored: its decision, with the vote before open when the audience decides (for `minutes.before`
   * at most, else until the first speech). Call in its transaction.
   */
  async opened(state: DebateState, decidedBy: DecidedBy, minutes: VoteMinutes = {}): Promise<DecisionState> {
    const d = newDecision(state.id, decidedBy, {
      afterVoteMs: minutes.after !== undefined ? minutes.after * 60_000 : (this.opts.afterVoteSeconds ?? DEFAULT_AFTER_VOTE_SECONDS) * 1000,
      ballotMs: (this.opts.ballotSeconds ?? DEFAULT_BALLOT_SECONDS) * 1000,
      beforeVoteMs: minutes.before !== undefined ? minutes.before * 60_000 : null,
    }, this.opts.now());
    await this.repo.save(d);
    return d;
  }

  decision(debateId: number): Promise<DecisionState | null> {
    return this.repo.load(debateId);
  }

  /**
   * The debate changed (call in the transaction that saved it, before its own posts are written): the decision
   * follows, and is drawn at once when nothing is left open. Returns what to post after the debate's own posts.
   */
  async follow(state: DebateState, events: readonly DebateEvent[]): Promise<DecisionEvent[]> {
    if (!events.some((e) => e.type === 'ended' || (e.type === 'turn-started' && e.index === 0))) return [];
    const d = await this.repo.load(state.id);
    if (!d) return [];
    const now = this.opts.now();
    const followed = followDebate(d, state, events, now);
    const done = await this.concludeIfReady(followed.state, state, now);
    await this.repo.save(done.state);
    // Drawn now, the result is in the record posted with the end: no separate post.
    return followed.events;
  }

  /** Writes the posts of decision `events`; call inside the transaction that saved them. */
  async post(state: DebateState, events: readonly DecisionEvent[]): Promise<void> {
    if (events.length === 0) return;
    const d = await this.repo.load(state.id);
    if (!d) return;
    const at = { debateId: state.id, channelId: state.channelId };
    const sides = state.sides.map((s) => s.id);
    const judges = d.judges.map((j) => j.userId);
    for (const e of events) {
      let reply: Reply | null = null;
      switch (e.type) {
        case 'vote-opened':
          if (e.closesAt !== null) reply = voteOpenedPost(state, e.closesAt);
          break;
        case 'vote-closed':
          if (e.round === 'before') await this.opts.outbox.add({ ...at, kind: 'card-edit', reply: motionCard(state, d) });
          reply = voteClosedPost(state, e.round, audienceResult(sides, await this.repo.counts(state.id, e.round, judges), null).before);
          break;
        case 'ballots-opened':
          reply = ballotsCall(state, d.judges, e.dueAt);
          break;
        case 'ballot-reminder':
          reply = ballotReminder(state, e.missing, e.dueAt);
          break;
        case 'ballots-closed':
          reply = ballotsClosedPost(e.overdue);
          break;
        case 'decided':
          reply = { ...(await this.opts.drawRecord(state, d)), content: '🏁 The result is in. Here is the debate\'s record with its decision.' };
          break;
      }
      if (reply) await this.opts.outbox.add({ ...at, kind: 'post', reply });
    }
  }

  /** Draws the result when every part is closed, and rates the debaters of a decided debate (once). */
  private async concludeIfReady(d: DecisionState, state: DebateState, now: number): Promise<{ state: DecisionState; events: DecisionEvent[] }> {
    const judges = d.judges.map((j) => j.userId);
    const out = conclude(d, state, now, {
      before: d.before ? await this.repo.counts(state.id, 'before', judges) : null,
      after: d.after ? await this.repo.counts(state.id, 'after', judges) : null,
      ballots: await this.repo.ballots(state.id),
    });
    const result = out.state.result;
    if (out.events.length > 0 && result?.winner && !endedEarly(state)) {
      // Read, computed from and written while no other debate of the server rates (the rating core reads
      // ratings synchronously: the debaters' are read first).
      await this.opts.sql.exclusive(async () => {
        const current = new Map<string, Rating>();
        for (const p of state.participants) current.set(p.userId, await this.ratings.current(state.guildId, p.userId));
        const changes = rateDebate(result.placing, state.participants, (userId) => current.get(userId)!);
        await this.ratings.apply(state.guildId, state.id, changes, now);
      }, ratingsKey(state.guildId));
    }
    return out;
  }

  /** The timer's work: every decision of this host's guilds due at `now`; returns how many fired. */
  private async runDue(now: number): Promise<number> {
    const owns = this.opts.ownsGuild;
    const due = (await this.repo.dueWithGuild(now))
      .filter((d) => (!owns || owns(d.guildId)) && (this.failedUntil.get(d.id) ?? now) <= now)
      .map((d) => d.id);
    const { fired, failed } = await this.fireAll(due, now, 'retrying in 5 s');
    for (const id of due) {
      if (failed.has(id)) this.failedUntil.set(id, now + 5_000);
      else this.failedUntil.delete(id);
    }
    return fired;
  }

  /** The claiming host's work: the decision deadlines due at `now` that no live lease holds (claims.ts's fireClaimed). */
  private runClaimed(now: number, claims: { claims: Claims<'debateId'>; leaseMs: number }): Promise<number> {
    return fireClaimed(claims, 'debateId', now, CLAIM_BATCH, (ids) => this.fireAll(ids, now, 'another look once its claim lapses'));
  }

  /**
   * Fires the decisions of `debateIds` at `now`, each in a transaction keyed by its debate: on SQLite savepoints
   * of one transaction (one sync to disk), on PostgreSQL each its own, so that other debates' writers need not
   * wait. One that throws rolls back alone and is returned among `failed`.
   */
  private async fireAll(debateIds: readonly number[], now: number, retry: string): Promise<{ fired: number; failed: Set<number> }> {
    let fired = 0;
    const failed = new Set<number>();
    if (debateIds.length === 0) return { fired, failed };
    const each = async () => {
      for (const id of debateIds) {
        try {
          // Lost in a crash, a fire is done again from the same deadline.
          await this.exclusive(() => this.fire(id, now), debateKey(id), { redoable: true });
          fired++;
        } catch (err) {
          failed.add(id);
          this.opts.log.error({ err, debateId: id }, `a decision deadline failed; ${retry}`);
        }
      }
    };
    await (this.opts.sql.engine === 'sqlite' ? this.exclusive(each) : each());
    return { fired, failed };
  }

  private async fire(debateId: number, now: number): Promise<void> {
    const state = await this.opts.debates.load(debateId);
    const d = await this.repo.load(debateId);
    if (!state || !d) return;
    const dueAt = decisionDueAt(d);
    const ticked = decisionTick(d, now, await this.repo.submitted(debateId));
    const done = await this.concludeIfReady(ticked.state, state, now);
    await this.repo.save(done.state);
    const events = [...ticked.events, ...done.events];
    await this.post(state, events);
    if (dueAt !== null) this.opts.onDeadline?.(debateId, dueAt, events);
  }

  /**
   * A member's vote in a round: refused to debaters and judges, and outside the round; only they see it. `state`:
   * the debate as the caller just loaded it (its server checked). Its sides and debaters are not loaded again,
   * as a vote is the one action a crowd sends at once; the round is read in the vote's own transaction.
   */
  vote(state: DebateState, actor: Actor, round: VoteRoundName, choice: string): Promise<{ ok: true; was: string | null } | Refusal> {
    return this.exclusive(async () => {
      const d = await this.repo.load(state.id);
      if (!d) return refuse('no-vote', 'This debate is not decided by the audience: there is no vote.');
      const now = this.opts.now();
      const bad = checkVote(d, state, actor.id, round, choice, now);
      if (bad) return bad;
      return { ok: true as const, was: await this.repo.vote(state.id, round, actor.id, choice, now) };
    }, debateKey(state.id));
  }

  /** Names a judge (the caller checked the actor is the host or a moderator); announced in the thread. */
  addJudge(debateId: number, judge: { id: string; name: string }): Promise<{ ok: true; state: DebateState } | Refusal> {
    return this.changeJudges(debateId, (d, state) => addJudge(d, state, judge, this.opts.now()), `⚖️ <@${judge.id}> will judge this debate.`);
  }

  removeJudge(debateId: number, judgeId: string): Promise<{ ok: true; state: DebateState } | Refusal> {
    return this.changeJudges(debateId, (d, state) => removeJudge(d, state, judgeId), `⚖️ <@${judgeId}> no longer judges this debate.`);
  }

  private changeJudges(
    debateId: number,
    change: (d: DecisionState, state: DebateState) => ReturnType<typeof addJudge>,
    notice: string,
  ): Promise<{ ok: true; state: DebateState } | Refusal> {
    return this.exclusive(async () => {
      const state = await this.opts.debates.load(debateId);
      if (!state) return refuse('no-debate', NO_DEBATE);
      const d = await this.repo.load(debateId);
      if (!d) return refuse('no-judges', 'This debate was opened before debates were decided: it has no judges.');
      const out = change(d, state);
      if (!out.ok) return out;
      await this.repo.save(out.state);
      await this.opts.outbox.add({ debateId, channelId: state.channelId, kind: 'post', reply: { content: notice } });
      return { ok: true as const, state };
    }, debateKey(debateId));
  }

  /** The ballot form for a judge, or why they cannot have one. */
  async ballotForm(debateId: number, actor: Actor): Promise<Form | Refusal> {
    const state = await this.opts.debates.load(debateId);
    const d = await this.repo.load(debateId);
    if (!state || !d) return refuse('no-debate', 'That debate no longer exists.');
    return checkBallot(d, actor.id, await this.repo.hasBallot(debateId, actor.id), this.opts.now()) ?? ballotForm(state);
  }

  /** A judge's submitted ballot: checked, stored once, and the decision drawn when it was the last. */
  async submitBallot(debateId: number, actor: Actor, fields: BallotFields): Promise<{ ok: true; ballot: Ballot; state: DebateState } | Refusal> {
    const out = await this.exclusive(async () => {
      const state = await this.opts.debates.load(debateId);
      const d = await this.repo.load(debateId);
      if (!state || !d) return refuse('no-debate', `${NO_DEBATE} Your ballot was not counted.`);
      const now = this.opts.now();
      const bad = checkBallot(d, actor.id, await this.repo.hasBallot(debateId, actor.id), now);
      if (bad) return bad;
      const ballot = readBallot(state, actor, fields, now);
      if ('ok' in ballot) return ballot;
      await this.repo.addBallot(debateId, ballot);
      const closed = ballotIn(d, now, await this.repo.submitted(debateId));
      const done = await this.concludeIfReady(closed.state, state, now);
      await this.repo.save(done.state);
      await this.post(state, [...closed.events, ...done.events]);
      return { ok: true as const, ballot, state };
    }, debateKey(debateId));
    if (out.ok) await this.timer.wake();
    return out;
  }

  /** Call after a change that may have added a deadline (the end of a debate). */
  async wake(): Promise<void> {
    await this.timer.wake();
  }
}
