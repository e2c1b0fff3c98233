/**
 * Posts what happened in a debate to its thread, in order per debate. The warnings of a turn share one
 * message, edited in place at most once every 5 seconds (a later edit waits and carries the newest text).
 */
import type { Logger } from 'pino';
import type { ChannelGateway, Reply } from '../seam/command.js';
import type { DebateEvent, DebateState } from '../core/debate/state.js';
import type { DebateRepository } from '../db/debates-repo.js';
import { motionCard, noticeText, poiOffer, record, timeText, turnAnnouncement, warningText, type ArgumentMark } from '../views/debate.js';
import type { Timers } from './scheduler.js';

export const WARNING_EDIT_INTERVAL_MS = 5_000;

interface WarningSlot {
  lastEditAt: number;
  pending: string | null;
  timer: unknown;
}

export class Announcer {
  /** The tail of each debate's queue of posts, so that they land in order. */
  private readonly queues = new Map<number, Promise<void>>();
  private readonly warnings = new Map<number, WarningSlot>();

  constructor(
    private readonly repo: DebateRepository,
    private readonly now: () => number,
    private readonly log: Logger,
    private readonly timers: Timers,
    private gateway: ChannelGateway | null,
    /** The score's marks of a debate's arguments, for the record. */
    private readonly marks: (debateId: number) => ReadonlyMap<number, ArgumentMark> = () => new Map(),
  ) {}

  /** The gateway timer events post through; the first one a command brings when none was configured. */
  useGateway(gateway: ChannelGateway): void {
    this.gateway ??= gateway;
  }

  /** Queues the posts for `events`; resolves when they are done (failures are logged, never thrown). */
  announce(state: DebateState, events: readonly DebateEvent[], gateway?: ChannelGateway): Promise<void> {
    const g = gateway ?? this.gateway;
    if (events.length === 0) return Promise.resolve();
    if (!g) {
      this.log.warn({ debateId: state.id, events: events.map((e) => e.type) }, 'debate events not posted: no channel gateway yet');
      return Promise.resolve();
    }
    const snapshot = state;
    return this.enqueue(state.id, async () => {
      for (const e of events) await this.post(g, snapshot, e);
    });
  }

  /** Resolves once everything queued so far for every debate has been posted. */
  async idle(): Promise<void> {
    while (this.queues.size > 0) await Promise.all([...this.queues.values()]);
  }

  private enqueue(debateId: number, job: () => Promise<void>): Promise<void> {
    const prev = this.queues.get(debateId) ?? Promise.resolve();
    const next = prev.then(job).catch((err) => this.log.error({ err, debateId }, 'could not post to the debate thread'));
    this.queues.set(debateId, next);
    void next.then(() => {
      if (this.queues.get(debateId) === next) this.queues.delete(debateId);
    });
    return next;
  }

  private async post(g: ChannelGateway, state: DebateState, e: DebateEvent): Promise<void> {
    const channel = state.channelId;
    switch (e.type) {
      case 'joined':
      case 'left': {
        const card = this.repo.messages(state.id).cardMessageId;
        if (card) await g.edit(channel, card, motionCard(state));
        return;
      }
      case 'turn-started':
        this.dropWarning(state.id);
        this.repo.setWarningMessage(state.id, null);
        await g.post(channel, turnAnnouncement(state, e));
        return;
      case 'warning':
        await this.warn(g, state, warningText(state, e));
        return;
      case 'time':
        // A warning edit still waiting would only be stale now.
        this.dropWarning(state.id);
        await g.post(channel, { content: timeText(state, e) });
        return;
      case 'poi-requested':
        await g.post(channel, poiOffer(state, e));
        return;
      case 'ended': {
        this.dropWarning(state.id);
        const card = this.repo.messages(state.id).cardMessageId;
        if (card) await g.edit(channel, card, motionCard(state));
        await g.post(channel, record(state, this.repo.arguments(state.id), this.marks(state.id)));
        return;
      }
      default: {
        const text = noticeText(state, e);
        if (text) await g.post(channel, { content: text });
      }
    }
  }

  /** Posts the turn's warning message or edits it in place, no more often than every 5 s. */
  private async warn(g: ChannelGateway, state: DebateState, text: string): Promise<void> {
    const existing = this.repo.messages(state.id).warningMessageId;
    const reply: Reply = { content: text };
    if (!existing) {
      const id = await g.post(state.channelId, reply);
      this.repo.setWarningMessage(state.id, id);
      this.warnings.set(state.id, { lastEditAt: this.now(), pending: null, timer: null });
      return;
    }
    const slot = this.warnings.get(state.id) ?? { lastEditAt: 0, pending: null, timer: null };
    this.warnings.set(state.id, slot);
    const wait = slot.lastEditAt + WARNING_EDIT_INTERVAL_MS - this.now();
    if (wait <= 0) {
      slot.lastEditAt = this.now();
      await g.edit(state.channelId, existing, reply);
      return;
    }
    slot.pending = text;
    if (slot.timer !== null) return;
    slot.timer = this.timers.setTimeout(() => {
      slot.timer = null;
      const pendingText = slot.pending;
      slot.pending = null;
      if (pendingText === null) return;
      slot.lastEditAt = this.now();
      void this.enqueue(state.id, () => g.edit(state.channelId, existing, { content: pendingText }));
    }, wait);
  }

  private dropWarning(debateId: number): void {
    const slot = this.warnings.get(debateId);
    if (slot?.timer != null) this.timers.clearTimeout(slot.timer);
    this.warnings.delete(debateId);
  }
}
