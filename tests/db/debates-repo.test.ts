import { expect, it } from 'vitest';
import { applyAction, nextDueAt, openDebate } from '../../src/core/debate/debate.js';
import type { DebateState } from '../../src/core/debate/state.js';
import { ChannelBusyError, DebateRepository } from '../../src/db/debates-repo.js';
import { host, openInput, user } from '../core/debate/helpers.js';
import { eachEngine, type OpenStore } from '../helpers/engines.js';

async function setup(store: OpenStore) {
  const sql = await store();
  const repo = new DebateRepository(sql);
  const opened = openDebate(openInput(), host, 1_000);
  if (!opened.ok) throw new Error(opened.message);
  return { sql, repo, state: await repo.insert(opened.state) };
}

async function act(repo: DebateRepository, state: DebateState, actorId: string, action: Parameters<typeof applyAction>[3], now: number): Promise<DebateState> {
  const actor = actorId === 'host' ? host : user(actorId);
  const out = applyAction(state, actor, now, action);
  if (!out.ok) throw new Error(out.message);
  await repo.save(out.state, out.events);
  return out.state;
}

eachEngine((store) => {
  it('GIVEN a debate driven through joins, a turn and a pause THEN load returns exactly the saved state', async () => {
    const { repo, state } = await setup(store);
    expect(state.id).toBeGreaterThan(0);
    let s = await act(repo, state, 'ann', { kind: 'join', side: 'for' }, 2_000);
    s = await act(repo, s, 'dan', { kind: 'join', side: 'against' }, 3_000);
    s = await act(repo, s, 'host', { kind: 'begin' }, 4_000);
    expect(await repo.load(s.id)).toEqual(s);
    expect(await repo.dueOf(s.id)).toBe(nextDueAt(s));
    s = await act(repo, s, 'host', { kind: 'pause' }, 5_000);
    expect(await repo.load(s.id)).toEqual(s);
    expect(await repo.dueOf(s.id)).toBeNull();
    s = await act(repo, s, 'host', { kind: 'resume' }, 6_000);
    s = await act(repo, s, 'host', { kind: 'next' }, 7_000);
    expect(await repo.load(s.id)).toEqual(s);
    expect(await repo.load(s.id + 1)).toBeNull();
  });

  it('GIVEN debaters joining in the same millisecond, one leaving THEN load keeps their join order', async () => {
    const { repo, state } = await setup(store);
    let s = state;
    for (const [id, side] of [['zoe', 'for'], ['ann', 'for'], ['bea', 'against'], ['max', 'for'], ['eve', 'against']]) s = await act(repo, s, id, { kind: 'join', side }, 2_000);
    s = await act(repo, s, 'ann', { kind: 'leave' }, 2_000);
    s = await act(repo, s, 'cid', { kind: 'join', side: 'for' }, 2_000);
    expect(s.participants.map((p) => p.userId)).toEqual(['zoe', 'bea', 'max', 'eve', 'cid']);
    expect(await repo.load(s.id)).toEqual(s);
  });

  it('GIVEN a second live debate in the same channel THEN the database refuses it; an ended one frees the channel', async () => {
    const { repo, state } = await setup(store);
    const again = openDebate(openInput(), host, 2_000);
    if (!again.ok) throw new Error();
    await expect(repo.insert(again.state)).rejects.toThrow(ChannelBusyError);
    expect(await repo.liveIds()).toEqual([state.id]);
    await act(repo, state, 'host', { kind: 'end' }, 3_000);
    expect(await repo.liveInChannel('thread-1')).toBeNull();
    expect((await repo.insert(again.state)).id).toBeGreaterThan(state.id);
  });

  it('GIVEN the same thread post twice THEN it is stored once; arguments are numbered within their debate', async () => {
    const { repo, state } = await setup(store);
    let s = await act(repo, state, 'ann', { kind: 'join', side: 'for' }, 2_000);
    s = await act(repo, s, 'dan', { kind: 'join', side: 'against' }, 3_000);
    s = await act(repo, s, 'host', { kind: 'begin' }, 4_000);
    const out = applyAction(s, user('ann'), 5_000, { kind: 'argue', text: 'First point', source: 'Deutscher' });
    if (!out.ok) throw new Error();
    const where = { channelId: 'thread-1', messageId: 'msg-1' };
    expect(await repo.save(out.state, out.events, where)).toBe(1);
    expect(await repo.save(out.state, out.events, where)).toBe(0);
    expect(await repo.hasMessage('thread-1', 'msg-1')).toBe(true);
    expect(await repo.hasMessage('thread-1', 'msg-2')).toBe(false);
    expect(await repo.arguments(s.id)).toEqual([
      expect.objectContaining({ number: 1, debateId: s.id, turnIndex: 0, userId: 'ann', userName: 'Ann', sideId: 'for', text: 'First point', source: 'Deutscher', channelId: 'thread-1', messageId: 'msg-1', createdAt: 5_000 }),
    ]);
    // /argue has no message id: each one is its own argument.
    await repo.save(out.state, out.events);
    await repo.save(out.state, out.events);
    expect((await repo.arguments(s.id)).map((a) => [a.number, a.messageId])).toEqual([[1, 'msg-1'], [2, null], [3, null]]);
    expect((await repo.argumentsHeldIn('thread-1')).map((a) => a.number)).toEqual([1, 2, 3]);
    expect(await repo.argumentsHeldIn('c1')).toEqual([]);
  });

  it('GIVEN deadlines THEN dueAt, dueWithGuild and nextDue find them in order', async () => {
    const { repo, state } = await setup(store);
    expect(await repo.nextDue()).toBeNull();
    let s = await act(repo, state, 'ann', { kind: 'join', side: 'for' }, 2_000);
    s = await act(repo, s, 'dan', { kind: 'join', side: 'against' }, 3_000);
    s = await act(repo, s, 'host', { kind: 'begin' }, 4_000);
    const due = nextDueAt(s) as number;
    expect(await repo.nextDue()).toBe(due);
    expect(await repo.dueAt(due - 1)).toEqual([]);
    expect(await repo.dueAt(due)).toEqual([s.id]);
    expect(await repo.dueWithGuild(due)).toEqual([{ id: s.id, guildId: 'g1' }]);
    expect(await repo.liveIds()).toEqual([s.id]);
    expect(await repo.liveUnderParent('c1')).toEqual([s.id]);
    expect(await repo.liveUnderParent('c2')).toEqual([]);
  });

  it('GIVEN the card and warning messages THEN they are kept; remove deletes the debate and its deadline', async () => {
    const { repo, state } = await setup(store);
    expect(await repo.messages(state.id)).toEqual({ cardMessageId: null, warningMessageId: null });
    await repo.setCardMessage(state.id, 'card-1');
    await repo.setWarningMessage(state.id, 'warn-1');
    expect(await repo.messages(state.id)).toEqual({ cardMessageId: 'card-1', warningMessageId: 'warn-1' });
    await repo.setWarningMessage(state.id, null);
    expect((await repo.messages(state.id)).warningMessageId).toBeNull();
    let s = await act(repo, state, 'ann', { kind: 'join', side: 'for' }, 2_000);
    s = await act(repo, s, 'dan', { kind: 'join', side: 'against' }, 3_000);
    await act(repo, s, 'host', { kind: 'begin' }, 4_000);
    await repo.remove(state.id);
    expect(await repo.load(state.id)).toBeNull();
    expect(await repo.nextDue()).toBeNull();
    expect(await repo.messages(state.id)).toEqual({ cardMessageId: null, warningMessageId: null });
  });

  it('GIVEN exclusive THEN a save inside it is rolled back with it when it throws', async () => {
    const { repo, state } = await setup(store);
    await expect(repo.exclusive(async () => {
      await act(repo, state, 'ann', { kind: 'join', side: 'for' }, 2_000);
      throw new Error('changed my mind');
    })).rejects.toThrow('changed my mind');
    expect((await repo.load(state.id))?.participants).toEqual([]);
    expect(await repo.exclusive(async () => (await act(repo, state, 'ann', { kind: 'join', side: 'for' }, 2_000)).participants.length)).toBe(1);
    expect((await repo.load(state.id))?.participants.map((p) => p.userId)).toEqual(['ann']);
  });
});
