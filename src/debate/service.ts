/**
 * The debate service commands and front ends call: finds the debate of a channel, runs the core action,
 * persists the result, keeps the timer armed and posts what happened to the debate's thread.
 */
import { join } from 'node:path';
import { projectRoot } from '../app/paths.js';
import type { Logger } from 'pino';
import type { ChannelGateway } from '../seam/reply.js';
import { applyAction, checkOpen, nextDueAt, openDebate, tick, type DebateAction, type OpenInput } from '../core/debate/debate.js';
import { DEFAULT_FORMAT_ID, type DebateFormat } from '../core/debate/formats.js';
import { currentTurn, refuse, type Actor, type DebateEvent, type DebateState, type Outcome, type Refusal } from '../core/debate/state.js';
import { ChannelBusyError, DebateRepository } from '../db/debates-repo.js';
import { type StoredArgument } from '../core/debate/state.js';
import { debateKey, type Sql } from '../db/sql.js';
import type { Halt } from '../db/outbox-repo.js';
import { debateCouriers, eventRows } from './announcer.js';
import { argumentTextProblem } from './input.js';
import { loadFormats } from './format-files.js';
import { haltedNotice, motionCard, record, threadName, type ArgumentMark } from '../views/debate.js';
import { checkVoteMinutes, judgeMayNotJoin, type DecisionEvent, type VoteMinutes } from '../core/debate/decision.js';
import { DecisionService, type DecisionServiceOptions } from './decisions.js';
import { outboxFor, type Outbox } from './outbox.js';
import { TurnScheduler, type SchedulerOptions, type Timers } from './scheduler.js';
import { realTimers } from '../db/deadline-timer.js';

export interface DebateServiceOptions {
  sql: Sql;
  /** Milliseconds since the epoch. */
  now: () => number;
  log: Logger;
  /** Where the debate's posts go (through the outbox); without it, the first gateway a command brings. */
  gateway?: ChannelGateway;
  /** Folder of custom format files (default: formats/ at the project root). */
  formatsDir?: string;
  /** Seconds after "time" before the next turn starts on its own (default 10). */
  graceSeconds?: number;
  /** Timers for the scheduler and warning edits (default: the real ones). */
  timers?: Timers;
  /**
   * Whether this process fires the timers of a guild's debates. Shard processes share one database: give
   * each its own guilds (e.g. discord.js ShardClientUtil.shardIdForGuildId). Default: every guild.
   */
  ownsGuild?: (guildId: string | null) => boolean;
  /** Hosts sharing the store: turn deadlines are claimed with leases (scheduler.ts), ownsGuild then unused for them. */
  claims?: SchedulerOptions['claims'];
  /** The same for vote and ballot deadlines (claims-for.ts's decisionClaims). */
  decisionClaims?: DecisionServiceOptions['claims'];
  /** Called after each timer event is applied, with the deadline it was due at (for the benchmark). */
  onTimerEvent?: (debateId: number, dueAt: number, events: readonly DebateEvent[]) => void;
  /** Called after each vote or ballot deadline is applied, with when it was due (for the benchmark). */
  onDecisionDeadline?: (debateId: number, dueAt: number, events: readonly DecisionEvent[]) => void;
  /**
   * The score (src/score): told once new arguments are stored (after their transaction), to check them; and
   * asked for their marks when the record is drawn. The debate core never needs either. When argumentsStored
   * returns a promise, the action that stored them resolves after it (so their verdicts are in by then).
   */
  scoring?: {
    argumentsStored(debateId: number): void | Promise<void>;
    marks(debateId: number): Promise<ReadonlyMap<number, ArgumentMark>>;
  };
  /** Seconds the audience's vote after a debate stays open, unless /debate start sets it (default 300). */
  afterVoteSeconds?: number;
  /** Seconds judges have for their ballots once a debate ends (default 900). */
  ballotSeconds?: number;
}

export interface StartRequest {
  actor: Actor;
  guildId: string | null;
  channelId: string;
  motion: string;
  /** A format id or name; the default format when absent. */
  format?: string;
  /** Side names separated by commas, replacing the format's. */
  sides?: string;
  turnSeconds?: number;
  /** Minutes the audience's vote after the debate stays open (the service's default when absent). */
  voteMinutes?: number;
  /** Longest the audience's vote before the debate stays open, in minutes (until the first speech when absent). */
  voteBeforeMinutes?: number;
}

export type RecordResult =
  | { kind: 'recorded'; debateId: number }
  | { kind: 'duplicate'; debateId: number }
  | { kind: 'out-of-turn'; debateId: number; note: string }
  | { kind: 'ignored' };

const DEFAULT_FORMATS_DIR = join(projectRoot(), 'formats');
/** Debates a PostgreSQL host fires at once: most of its pool (10), leaving room for commands and posts. */
const FIRES_AT_ONCE = 6;

/** A "Source: …" line at the end of a thread post is taken as the argument's citation. */
export function splitSource(content: string): { text: string; source: string | null } {
  const m = /\n\s*(?:source|citation)\s*:\s*(.+)\s*$/i.exec(content);
  return m ? { text: content.slice(0, m.index), source: m[1].trim() } : { text: content, source: null };
}

export class DebateService {
  readonly repo: DebateRepository;
  readonly scheduler: TurnScheduler;
  /** What the debate must post, written with each change and delivered from there (shared with the score). */
  readonly outbox: Outbox;
  private readonly formatList: DebateFormat[];
  /** Problems found in custom format files, already logged. */
  readonly formatErrors: string[];
  /** How each debate is decided: votes, judges, ballots, the result and ratings. */
  readonly decisions: DecisionService;
  /** A debate of the timer's batch ended: the decision timer is woken once the batch is committed. */
  private endedInBatch = false;

  constructor(private readonly opts: DebateServiceOptions) {
    this.repo = new DebateRepository(opts.sql);
    const timers = opts.timers ?? realTimers;
    this.outbox = outboxFor({ sql: opts.sql, now: opts.now, log: opts.log, timers, ownsGuild: opts.ownsGuild });
    debateCouriers(this.outbox, this.repo);
    this.outbox.onHalt = (id, halt) => this.halt(id, halt);
    if (opts.gateway) this.outbox.useGateway(opts.gateway);
    const oneTransaction = opts.sql.engine === 'sqlite';
    this.scheduler = new TurnScheduler({ repo: this.repo, now: opts.now, log: opts.log, timers, fire: (id, now) => this.fire(id, now),
      // SQLite: one transaction (one sync to disk) for every debate due at once, each debate's save a savepoint
      // inside it, so that one failing debate rolls back alone. PostgreSQL: a transaction per debate, several
      // at once, since writers of different debates do not wait for each other there.
      batch: async (fn) => {
        this.endedInBatch = false;
        await (oneTransaction ? this.repo.exclusive(fn) : fn());
        if (this.endedInBatch) await this.decisions.wake();
      },
      parallel: oneTransaction ? 1 : FIRES_AT_ONCE,
      // Claiming hosts fire any guild's debates; otherwise each shard fires its own guilds'.
      ownsGuild: opts.claims ? undefined : opts.ownsGuild,
      claims: opts.claims,
    });
    this.decisions = new DecisionService({
      sql: opts.sql, now: opts.now, log: opts.log, timers, outbox: this.outbox, debates: this.repo, ownsGuild: opts.ownsGuild,
      claims: opts.decisionClaims,
      afterVoteSeconds: opts.afterVoteSeconds,
      ballotSeconds: opts.ballotSeconds,
      onDeadline: opts.onDecisionDeadline,
      drawRecord: async (state, decision) => record(state, await this.repo.arguments(state.id), await this.marks(state.id), decision),
    });
    const loaded = loadFormats(opts.formatsDir ?? DEFAULT_FORMATS_DIR);
    this.formatList = loaded.formats;
    this.formatErrors = loaded.errors;
    for (const e of loaded.errors) opts.log.error(`custom debate format left out: ${e}`);
  }

  /** Every format on offer: the built-in ones, then valid custom ones. */
  formats(): readonly DebateFormat[] {
    return this.formatList;
  }

  /** Sets where posts go when the factory was given no gateway (call before startScheduler). */
  useGateway(gateway: ChannelGateway): void {
    this.outbox.useGateway(gateway);
  }

  /**
   * Resumes every open debate: re-sends the posts an earlier run left unsent, fires what fell due while
   * stopped, then arms the timer. Resolves to how many debates fired.
   */
  async startScheduler(): Promise<number> {
    await this.outbox.start();
    // Deadlines are written in the same transaction as their debate, so the table is trusted as it stands:
    // only what is due is loaded, and an overdue turn is announced without waiting for the rest.
    const turns = await this.scheduler.start();
    // Then the votes and ballots whose deadline passed while the bot was down (a turn fired above may add some).
    return turns + (await this.decisions.start());
  }

  stop(): void {
    this.scheduler.stop();
    this.decisions.stop();
    this.outbox.stop();
  }

  /** Resolves when the timer is not firing, nothing is being posted and nothing due waits (tests, shutdown). */
  async idle(): Promise<void> {
    await this.scheduler.idle();
    await this.outbox.settle();
  }

  /**
   * Opens a debate: a thread under the channel (or the channel itself), the motion card with Join buttons. The
   * debate stands only once its card is posted: if the card cannot be, the debate is deleted and refused.
   */
  async start(req: StartRequest, gateway: ChannelGateway): Promise<Outcome> {
    this.outbox.useGateway(gateway);
    const wanted = (req.format ?? '').trim() || DEFAULT_FORMAT_ID;
    const format = this.formatList.find((f) => f.id === wanted.toLowerCase() || f.name.toLowerCase() === wanted.toLowerCase());
    const input: OpenInput = {
      guildId: req.guildId,
      channelId: req.channelId,
      parentChannelId: null,
      motion: req.motion,
      format,
      formatId: wanted,
      sideNames: req.sides?.trim() ? req.sides.split(',') : undefined,
      turnSeconds: req.turnSeconds,
      graceSeconds: this.opts.graceSeconds,
      knownFormats: this.formatList.map((f) => f.id),
      channelBusy: (await this.repo.liveInChannel(req.channelId)) !== null,
    };
    const bad = checkOpen(input);
    if (bad) return bad;
    const voteMinutes: VoteMinutes = { before: req.voteBeforeMinutes, after: req.voteMinutes };
    const badVote = checkVoteMinutes((format as DebateFormat).decidedBy, (format as DebateFormat).name, voteMinutes);
    if (badVote) return badVote;
    const motion = req.motion.trim();
    let threadId: string | null;
    try {
      threadId = await gateway.createThread(req.channelId, threadName(motion));
    } catch (err) {
      this.opts.log.warn({ err, channelId: req.channelId }, 'could not create a debate thread');
      return refuse('thread-failed', 'I could not create a thread for the debate here. Check that I may create threads in this channel, or start it in another one.');
    }
    const where = threadId ?? req.channelId;
    const out = openDebate(
      { ...input, channelId: where, parentChannelId: threadId ? req.channelId : null, channelBusy: (await this.repo.liveInChannel(where)) !== null },
      req.actor,
      this.opts.now(),
    );
    if (!out.ok) return out;
    let opened: { stored: DebateState; cardRow: number };
    try {
      // The card's row is written with the debate: a crash before it is posted leaves it to be posted at start.
      opened = await this.repo.exclusive(async () => {
        const stored = await this.repo.insert(out.state);
        const decision = await this.decisions.opened(stored, (format as DebateFormat).decidedBy, voteMinutes);
        return { stored, cardRow: await this.outbox.add({ debateId: stored.id, channelId: where, kind: 'card', reply: motionCard(stored, decision) }, { deliver: false }) };
      });
    } catch (err) {
      if (err instanceof ChannelBusyError) return refuse('channel-busy', 'A debate is already open here. End it with /debate end, or start the new one in another channel.');
      throw err;
    }
    const card = await this.outbox.deliverNow(opened.cardRow);
    if (!card.ok) {
      await this.repo.remove(opened.stored.id);
      this.opts.log.warn({ err: card.err, channelId: where, why: card.kind }, 'debate not started: its motion card could not be posted');
      return refuse('card-failed', card.kind === 'transient'
        ? 'Discord did not take the debate\'s motion card just now, so no debate was started. Try /debate start again in a moment.'
        : `I could not post the motion card in <#${where}> (I need Send Messages${threadId ? ' in Threads' : ''} and Embed Links there), so no debate was started. Give me those, or start it in another channel.`);
    }
    return { ok: true, state: opened.stored, events: out.events };
  }

  /** The debate a command in `channelId` is about: the one in this thread/channel, or the only one under it. */
  async locate(channelId: string): Promise<number | Refusal> {
    const here = await this.repo.liveInChannel(channelId);
    if (here !== null) return here;
    const under = await this.repo.liveUnderParent(channelId);
    if (under.length === 1) return under[0];
    if (under.length > 1) return refuse('several-debates', 'Several debates run off this channel: use the command inside the debate\'s thread.');
    return refuse('no-debate', 'There is no debate open here. Start one with /debate start, or use the command in the debate\'s thread.');
  }

  /** The state of the debate in `channelId`, for status and the record. */
  async find(channelId: string): Promise<DebateState | Refusal> {
    const id = await this.locate(channelId);
    if (typeof id !== 'number') return id;
    return (await this.repo.load(id)) ?? refuse('no-debate', 'That debate no longer exists.');
  }

  /** Why the bot may not post in debate `id`'s thread (it is gone, or forbids it), or null while it may. */
  postingHalted(debateId: number): Promise<'gone' | 'forbidden' | null> {
    return this.outbox.repo.halted(debateId);
  }

  /** Runs an action on the debate of `channelId`. */
  async act(channelId: string, actor: Actor, action: DebateAction, gateway?: ChannelGateway): Promise<Outcome> {
    const id = await this.locate(channelId);
    if (typeof id !== 'number') return id;
    return this.actOn(id, actor, action, gateway);
  }

  /**
   * Runs an action on debate `id` (buttons carry the id). Resolves once the thread posts are out, unless the
   * caller does not need them out (`awaitPosts: false`): waiting means waiting behind every post queued there.
   */
  async actOn(debateId: number, actor: Actor, action: DebateAction, gateway?: ChannelGateway, opts: { awaitPosts?: boolean } = {}): Promise<Outcome> {
    if (gateway) this.outbox.useGateway(gateway);
    const out = await this.apply(debateId, actor, action, this.opts.now());
    if (out.ok && opts.awaitPosts !== false) await this.outbox.settle(out.state.channelId);
    return out;
  }

  /**
   * Load, decide, save in one transaction that every other writer of the debate waits for (in this process, and
   * in another sharing the store), so that two actions on a debate never interleave.
   */
  private async apply(debateId: number, actor: Actor, action: DebateAction, now: number, message?: { channelId: string; messageId: string }): Promise<Outcome> {
    let argued = 0;
    const out = await this.repo.exclusive(async (): Promise<Outcome> => {
      const state = await this.repo.load(debateId);
      if (!state) return refuse('no-debate', 'That debate no longer exists.');
      // A judge may not take a side, whichever has room.
      const judging = action.kind === 'join' && state.status !== 'ended' ? judgeMayNotJoin(await this.decisions.decision(debateId), actor.id) : null;
      let result = judging ?? applyAction(state, actor, now, action);
      // Words made only of quotation marks or punctuation are refused once the turn allows an argument at all.
      const empty = result.ok && action.kind === 'argue' ? argumentTextProblem(action.text) : null;
      if (empty) result = refuse('argument-empty', empty);
      if (!result.ok) return result;
      argued = await this.repo.save(result.state, result.events, message);
      await this.post(result.state, result.events);
      // The host or a moderator acting again is the cue to try a channel that forbade the bot once more.
      if ((await this.outbox.repo.halted(debateId)) === 'forbidden' && (actor.isModerator || actor.id === state.hostId)) await this.outbox.resume(debateId, state.channelId);
      return result;
    }, debateKey(debateId));
    if (argued > 0) await this.argumentsStored(debateId);
    if (out.ok) {
      await this.scheduler.wake();
      await this.decisions.wake();
    }
    return out;
  }

  /** Tells the score of new arguments, after the transaction that stored them; its failure is only logged. */
  private async argumentsStored(debateId: number): Promise<void> {
    try {
      await this.opts.scoring?.argumentsStored(debateId);
    } catch (err) {
      this.opts.log.error({ err, debateId }, 'the score failed on new arguments; they are checked at the next start');
    }
  }

  /** The scheduler's callback (inside its batch): applies what is due to one debate and persists it with its posts (sent after). */
  private async fire(debateId: number, now: number): Promise<void> {
    const fired = await this.repo.exclusive(async () => {
      const state = await this.repo.load(debateId);
      if (!state) return null;
      const dueAt = nextDueAt(state);
      const out = tick(state, now);
      if (!out.ok) return null;
      await this.repo.save(out.state, out.events);
      await this.post(out.state, out.events);
      return { dueAt, events: out.events };
      // Lost in a crash, a fire is done again from the same deadline.
    }, debateKey(debateId), { redoable: true });
    if (fired?.events.some((e) => e.type === 'ended')) this.endedInBatch = true;
    if (fired && fired.dueAt !== null) this.opts.onTimerEvent?.(debateId, fired.dueAt, fired.events);
  }

  /**
   * Writes the posts of `events` to the outbox, the decision's after the debate's (the record, drawn with the
   * decision as it stands, before the vote after it); call inside the transaction that saved `state`.
   */
  private async post(state: DebateState, events: readonly DebateEvent[]): Promise<void> {
    const decided = await this.decisions.follow(state, events);
    const inputs = { arguments: (id: number) => this.repo.arguments(id), marks: (id: number) => this.marks(id), decision: (id: number) => this.decisions.decision(id) };
    for (const row of await eventRows(state, events, inputs)) await this.outbox.add(row);
    await this.decisions.post(state, decided);
  }

  /**
   * The debate's channel is gone or forbids the bot (called by the outbox, inside its transaction): a running
   * debate is paused, so that no turn passes unseen, and the host is told in the channel it was started from.
   */
  private async halt(debateId: number, halt: Halt): Promise<void> {
    const state = await this.repo.load(debateId);
    if (!state) return;
    let now = state;
    if (state.status === 'running') {
      const out = applyAction(state, { id: state.hostId, name: state.hostName, isModerator: true }, this.opts.now(), { kind: 'pause' });
      if (out.ok) {
        await this.repo.save(out.state, out.events);
        await this.post(out.state, out.events);
        now = out.state;
      }
    }
    if (state.parentChannelId) await this.outbox.add({ debateId, channelId: state.parentChannelId, kind: 'post', reply: haltedNotice(now, halt) });
  }

  arguments(debateId: number): Promise<StoredArgument[]> {
    return this.repo.arguments(debateId);
  }

  /** The arguments of every debate held in this thread or channel, ended or not (/sources), in the order made. */
  argumentsHeldIn(channelId: string): Promise<StoredArgument[]> {
    return this.repo.argumentsHeldIn(channelId);
  }

  /** Each argument's verdict and marks from the score, by argument id (empty without a score). */
  async marks(debateId: number): Promise<ReadonlyMap<number, ArgumentMark>> {
    return (await this.opts.scoring?.marks(debateId)) ?? new Map();
  }

  /**
   * For the Discord adapter: a post in a debate thread. The speaker's post is stored as an argument (once,
   * however often it is edited or redelivered); a debater's post out of turn gets a note to show them.
   */
  async recordMessage(channelId: string, messageId: string, author: { id: string; name: string }, content: string, now: number = this.opts.now()): Promise<RecordResult> {
    const id = await this.repo.liveInChannel(channelId);
    if (id === null) return { kind: 'ignored' };
    if (await this.repo.hasMessage(channelId, messageId)) return { kind: 'duplicate', debateId: id };
    const state = await this.repo.load(id);
    if (!state || !state.participants.some((p) => p.userId === author.id)) return { kind: 'ignored' };
    const speaking = currentTurn(state);
    if (!speaking || state.status === 'open' || speaking.speakerId !== author.id) {
      const why = state.status === 'open' ? 'the debate has not begun' : `it is not your turn: the current speaker is ${speaking?.speakerName ?? 'nobody'}`;
      return { kind: 'out-of-turn', debateId: id, note: `Your post stays in the thread, but ${why}, so it is not recorded as an argument.` };
    }
    const { text, source } = splitSource(content);
    const out = await this.apply(id, { ...author, isModerator: false }, { kind: 'argue', text, source }, now, { channelId, messageId });
    if (!out.ok) return { kind: 'out-of-turn', debateId: id, note: out.message };
    return { kind: 'recorded', debateId: id };
  }
}

/** Builds the debate service; call startScheduler() once the front end can post, stop() on shutdown. */
export function createDebateService(opts: DebateServiceOptions): DebateService {
  return new DebateService(opts);
}
