/** The outbox's rows on both engines: queued, read in order, retried, parked, marked sent, halted, pruned. */
import { expect, it } from 'vitest';
import { applyAction, openDebate } from '../../src/core/debate/debate.js';
import { DebateRepository } from '../../src/db/debates-repo.js';
import { OutboxRepository } from '../../src/db/outbox-repo.js';
import { host, openInput, user } from '../core/debate/helpers.js';
import { eachEngine, type OpenStore } from '../helpers/engines.js';

/** A store with one debate in thread-1 (under c1, guild g1) and its outbox. */
async function setup(store: OpenStore) {
  const sql = await store();
  const debates = new DebateRepository(sql);
  const opened = openDebate(openInput(), host, 1_000);
  if (!opened.ok) throw new Error(opened.message);
  const debate = await debates.insert(opened.state);
  return { sql, debates, debate, outbox: new OutboxRepository(sql) };
}

eachEngine((store) => {
  it('GIVEN rows queued in two channels THEN each channel\'s head is its oldest unsent row, with its debate\'s channel and guild', async () => {
    const { debate, outbox } = await setup(store);
    const at = { debateId: debate.id, channelId: 'thread-1' };
    const first = await outbox.add({ ...at, kind: 'card', reply: { content: 'the card' } }, 5_000);
    const second = await outbox.add({ ...at, kind: 'post', reply: { content: 'a post' } }, 6_000);
    const told = await outbox.add({ debateId: debate.id, channelId: 'c1', kind: 'post' }, 7_000);
    expect(second).toBeGreaterThan(first);
    expect(await outbox.row(first)).toEqual({
      id: first, debateId: debate.id, channelId: 'thread-1', kind: 'card', argumentId: null, reply: { content: 'the card' },
      attempts: 0, nextAt: 5_000, createdAt: 5_000, debateChannelId: 'thread-1', guildId: 'g1', halted: null,
    });
    expect((await outbox.row(told))?.reply).toBeNull();
    expect(await outbox.row(told + 1)).toBeNull();
    expect((await outbox.head('thread-1'))?.id).toBe(first);
    expect((await outbox.pendingChannels()).sort((a, b) => a.channelId.localeCompare(b.channelId))).toEqual([
      { channelId: 'c1', guildId: 'g1' },
      { channelId: 'thread-1', guildId: 'g1' },
    ]);
    await outbox.markSent(first, 8_000, 'posted', 'msg-1');
    // Marked once: a second mark changes nothing.
    await outbox.markSent(first, 9_000, 'skipped');
    expect((await outbox.head('thread-1'))?.id).toBe(second);
    await outbox.markSent(second, 8_000, 'edited');
    await outbox.markSent(told, 8_000, 'unreachable');
    expect(await outbox.head('thread-1')).toBeNull();
    expect(await outbox.pendingChannels()).toEqual([]);
    // Forgotten only once sent before the cut.
    expect(await outbox.prune(8_000)).toBe(0);
    expect(await outbox.prune(8_001)).toBe(3);
    expect(await outbox.row(first)).toBeNull();
  });

  it('GIVEN failed attempts THEN a row waits for its retry, is parked, and refresh gives it (or only the parked ones) fresh attempts', async () => {
    const { debate, outbox } = await setup(store);
    const at = { debateId: debate.id, channelId: 'thread-1' };
    const a = await outbox.add({ ...at, kind: 'post' }, 1_000);
    const b = await outbox.add({ ...at, kind: 'post' }, 1_000);
    await outbox.retryAt(a, 3, 9_000);
    expect(await outbox.row(a)).toMatchObject({ attempts: 3, nextAt: 9_000 });
    await outbox.retryAt(b, 6, null);
    expect(await outbox.refresh('thread-1', 20_000, true)).toBe(1);
    expect(await outbox.row(a)).toMatchObject({ attempts: 3, nextAt: 9_000 });
    expect(await outbox.row(b)).toMatchObject({ attempts: 0, nextAt: 20_000 });
    expect(await outbox.refresh('thread-1', 30_000)).toBe(2);
    expect(await outbox.row(a)).toMatchObject({ attempts: 0, nextAt: 30_000 });
    expect(await outbox.refresh('elsewhere', 30_000)).toBe(0);
  });

  it('GIVEN later rows THEN laterOf, lastPosted, laterEdit and hasAnnouncement see them', async () => {
    const { debates, debate, outbox } = await setup(store);
    let s = debate;
    for (const [id, side] of [['ann', 'for'], ['dan', 'against']]) {
      const out = applyAction(s, user(id), 2_000, { kind: 'join', side });
      if (!out.ok) throw new Error(out.message);
      await debates.save(out.state, out.events);
      s = out.state;
    }
    const begun = applyAction(s, host, 3_000, { kind: 'begin' });
    if (!begun.ok) throw new Error(begun.message);
    const argued = applyAction(begun.state, user('ann'), 4_000, { kind: 'argue', text: 'A point', source: null });
    if (!argued.ok) throw new Error(argued.message);
    await debates.save(argued.state, [...begun.events, ...argued.events]);
    const [argument] = await debates.arguments(debate.id);
    const at = { debateId: debate.id, channelId: 'thread-1' };
    const poi = await outbox.add({ ...at, kind: 'poi' }, 1_000);
    const warning = await outbox.add({ ...at, kind: 'warning' }, 1_000);
    const announced = await outbox.add({ ...at, kind: 'argument', argumentId: argument.id }, 1_000);
    const edit = await outbox.add({ ...at, kind: 'argument-edit', argumentId: argument.id }, 1_000);
    const turn = await outbox.add({ ...at, kind: 'turn' }, 1_000);
    expect(await outbox.laterOf({ id: warning, debateId: debate.id }, ['warning', 'turn'])).toBe(true);
    expect(await outbox.laterOf({ id: warning, debateId: debate.id }, ['card-edit'])).toBe(false);
    expect(await outbox.laterOf({ id: warning, debateId: debate.id }, [])).toBe(false);
    await outbox.markSent(turn, 2_000, 'posted', 'msg-9');
    expect(await outbox.laterOf({ id: warning, debateId: debate.id }, ['turn'])).toBe(false);
    expect(await outbox.lastPosted({ id: turn, debateId: debate.id }, 'poi')).toBeNull();
    await outbox.markSent(poi, 2_000, 'posted', 'msg-3');
    expect(await outbox.lastPosted({ id: turn, debateId: debate.id }, 'poi')).toBe('msg-3');
    expect(await outbox.lastPosted({ id: poi, debateId: debate.id }, 'poi')).toBeNull();
    expect(await outbox.laterEdit({ id: announced, argumentId: argument.id })).toBe(true);
    expect(await outbox.laterEdit({ id: edit, argumentId: argument.id })).toBe(false);
    expect(await outbox.hasAnnouncement(argument.id)).toBe(true);
    expect(await outbox.hasAnnouncement(argument.id + 1)).toBe(false);
  });

  it('GIVEN a halt THEN it is kept on the debate and shows on its rows; transaction rolls back whole', async () => {
    const { debate, outbox } = await setup(store);
    const row = await outbox.add({ debateId: debate.id, channelId: 'thread-1', kind: 'post' }, 1_000);
    expect(await outbox.halted(debate.id)).toBeNull();
    await outbox.setHalted(debate.id, 'forbidden');
    expect(await outbox.halted(debate.id)).toBe('forbidden');
    expect((await outbox.row(row))?.halted).toBe('forbidden');
    await expect(outbox.transaction(debate.id, async () => {
      await outbox.setHalted(debate.id, 'gone');
      await outbox.markSent(row, 2_000, 'posted', 'msg-1');
      throw new Error('Discord said no after all');
    })).rejects.toThrow('Discord said no after all');
    expect(await outbox.row(row)).toMatchObject({ halted: 'forbidden', nextAt: 1_000 });
    expect((await outbox.head('thread-1'))?.id).toBe(row);
    await outbox.setHalted(debate.id, null);
    expect(await outbox.halted(debate.id)).toBeNull();
    expect(await outbox.halted(debate.id + 1)).toBeNull();
  });
});
