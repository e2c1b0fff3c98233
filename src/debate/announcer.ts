/**
 * What a debate posts in its thread, as outbox rows: each event drawn now, from the state that made it (so a
 * re-send after a restart shows the same text), and written in the transaction that saved the state. The
 * couriers here send the debate's kinds of row: the motion card (its id kept to edit it), a turn announcement,
 * and warnings, each a new message that notifies the speaker (a warning overtaken by a newer one or by the
 * next turn before it went out is not sent).
 */
import type { DebateEvent, DebateState } from '../core/debate/state.js';
import type { DebateRepository } from '../db/debates-repo.js';
import type { StoredArgument } from '../core/debate/state.js';
import type { NewOutboxRow } from '../db/outbox-repo.js';
import { motionCard, noticeText, poiClosed, poiOffer, record, timePost, turnAnnouncement, warningPost, type ArgumentMark } from '../views/debate.js';
import type { Outbox } from './outbox.js';
import type { DecisionState } from '../core/debate/decision.js';

export interface RecordInputs {
  arguments(debateId: number): Promise<StoredArgument[]>;
  marks(debateId: number): Promise<ReadonlyMap<number, ArgumentMark>>;
  /** How the debate is decided, as it stands (the card's vote buttons, the record's decision). */
  decision(debateId: number): Promise<DecisionState | null>;
}

/** The rows that post what `events` did to the debate now in `state`, in order. */
export async function eventRows(state: DebateState, events: readonly DebateEvent[], inputs: RecordInputs): Promise<NewOutboxRow[]> {
  const at = { debateId: state.id, channelId: state.channelId };
  const rows: NewOutboxRow[] = [];
  for (const e of events) {
    switch (e.type) {
      case 'joined':
      case 'left':
        rows.push({ ...at, kind: 'card-edit', reply: motionCard(state, await inputs.decision(state.id)) });
        break;
      case 'turn-started':
        rows.push({ ...at, kind: 'turn', reply: turnAnnouncement(state, e) });
        break;
      case 'warning':
        rows.push({ ...at, kind: 'warning', reply: warningPost(state, e) });
        break;
      case 'time':
        rows.push({ ...at, kind: 'post', reply: timePost(state, e) });
        break;
      case 'poi-requested':
        rows.push({ ...at, kind: 'poi', reply: poiOffer(state, e) });
        break;
      case 'poi-answered':
      case 'poi-lapsed': {
        rows.push({ ...at, kind: 'poi-edit', reply: poiClosed(state, e) });
        const text = noticeText(state, e);
        if (text) rows.push({ ...at, kind: 'post', reply: { content: text } });
        break;
      }
      case 'ended': {
        const decision = await inputs.decision(state.id);
        rows.push({ ...at, kind: 'card-edit', reply: motionCard(state, decision) });
        rows.push({ ...at, kind: 'post', reply: record(state, await inputs.arguments(state.id), await inputs.marks(state.id), decision) });
        break;
      }
      default: {
        const text = noticeText(state, e);
        if (text) rows.push({ ...at, kind: 'post', reply: { content: text } });
      }
    }
  }
  return rows;
}

/** Teaches the outbox to send the debate's rows. */
export function debateCouriers(outbox: Outbox, repo: DebateRepository): void {
  const reply = (r: { reply: NewOutboxRow['reply'] }) => r.reply ?? {};
  outbox.handle('post', { plan: (row) => ({ post: reply(row) }) });
  outbox.handle('card', {
    // Sent once: a card already stored was posted (by /debate start, before the crash that left this row).
    plan: async (row) => ((await repo.messages(row.debateId)).cardMessageId ? { skip: 'skipped' } : { post: reply(row) }),
    posted: (row, id) => repo.setCardMessage(row.debateId, id),
  });
  outbox.handle('card-edit', {
    async plan(row) {
      if (await outbox.repo.laterOf(row, ['card-edit'])) return { skip: 'superseded' };
      const card = (await repo.messages(row.debateId)).cardMessageId;
      return card ? { edit: card, reply: reply(row) } : { skip: 'skipped' };
    },
  });
  outbox.handle('turn', { plan: (row) => ({ post: reply(row) }) });
  outbox.handle('poi', { plan: (row) => ({ post: reply(row) }) });
  // The offer's buttons go once it is answered or lapses (rows go out in order, so the offer was posted first).
  outbox.handle('poi-edit', {
    async plan(row) {
      const offer = await outbox.repo.lastPosted(row, 'poi');
      return offer ? { edit: offer, reply: reply(row) } : { skip: 'skipped' };
    },
  });
  // Each warning is a new message, so that it notifies the speaker; one overtaken before it went out is not sent.
  outbox.handle('warning', { plan: async (row) => ((await outbox.repo.laterOf(row, ['warning', 'turn'])) ? { skip: 'superseded' } : { post: reply(row) }) });
}
