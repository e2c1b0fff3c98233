import { describe, expect, it } from 'vitest';
import { applyAction, nextDueAt, openDebate } from '../../src/core/debate/debate.js';
import type { DebateState } from '../../src/core/debate/state.js';
import { DebateRepository } from '../../src/db/debates-repo.js';
import { openDatabase } from '../../src/db/open.js';
import { host, openInput, user } from '../core/debate/helpers.js';

function setup() {
  const db = openDatabase(':memory:');
  const repo = new DebateRepository(db);
  const opened = openDebate(openInput(), host, 1_000);
  if (!opened.ok) throw new Error(opened.message);
  return { db, repo, state: repo.insert(opened.state) };
}

function act(repo: DebateRepository, state: DebateState, actorId: string, action: Parameters<typeof applyAction>[3], now: number): DebateState {
  const actor = actorId === 'host' ? host : user(actorId);
  const out = applyAction(state, actor, now, action);
  if (!out.ok) throw new Error(out.message);
  repo.save(out.state, out.events);
  return out.state;
}

describe('DebateRepository', () => {
  it('GIVEN a debate driven through joins, a turn and a pause THEN load returns exactly the saved state', () => {
    const { repo, state } = setup();
    expect(state.id).toBeGreaterThan(0);
    let s = act(repo, state, 'ann', { kind: 'join', side: 'for' }, 2_000);
    s = act(repo, s, 'dan', { kind: 'join', side: 'against' }, 3_000);
    s = act(repo, s, 'host', { kind: 'begin' }, 4_000);
    expect(repo.load(s.id)).toEqual(s);
    expect(repo.dueOf(s.id)).toBe(nextDueAt(s));
    s = act(repo, s, 'host', { kind: 'pause' }, 5_000);
    expect(repo.load(s.id)).toEqual(s);
    expect(repo.dueOf(s.id)).toBeNull();
    s = act(repo, s, 'host', { kind: 'resume' }, 6_000);
    s = act(repo, s, 'host', { kind: 'next' }, 7_000);
    expect(repo.load(s.id)).toEqual(s);
  });

  it('GIVEN a second live debate in the same channel THEN the database refuses it; an ended one frees the channel', () => {
    const { repo, state } = setup();
    const again = openDebate(openInput(), host, 2_000);
    if (!again.ok) throw new Error();
    expect(() => repo.insert(again.state)).toThrow(/UNIQUE/);
    act(repo, state, 'host', { kind: 'end' }, 3_000);
    expect(repo.liveInChannel('thread-1')).toBeNull();
    expect(repo.insert(again.state).id).toBeGreaterThan(state.id);
  });

  it('GIVEN the same thread post twice THEN it is stored once', () => {
    const { repo, state } = setup();
    let s = act(repo, state, 'ann', { kind: 'join', side: 'for' }, 2_000);
    s = act(repo, s, 'dan', { kind: 'join', side: 'against' }, 3_000);
    s = act(repo, s, 'host', { kind: 'begin' }, 4_000);
    const out = applyAction(s, user('ann'), 5_000, { kind: 'argue', text: 'First point', source: 'Deutscher' });
    if (!out.ok) throw new Error();
    const where = { channelId: 'thread-1', messageId: 'msg-1' };
    expect(repo.save(out.state, out.events, where)).toBe(1);
    expect(repo.save(out.state, out.events, where)).toBe(0);
    expect(repo.hasMessage('thread-1', 'msg-1')).toBe(true);
    expect(repo.arguments(s.id)).toEqual([
      expect.objectContaining({ turnIndex: 0, userId: 'ann', sideId: 'for', text: 'First point', source: 'Deutscher', messageId: 'msg-1', createdAt: 5_000 }),
    ]);
    // /argue has no message id: each one is its own argument.
    repo.save(out.state, out.events);
    repo.save(out.state, out.events);
    expect(repo.arguments(s.id)).toHaveLength(3);
  });

  it('GIVEN deadlines THEN dueAt and nextDue find them in order', () => {
    const { repo, state } = setup();
    let s = act(repo, state, 'ann', { kind: 'join', side: 'for' }, 2_000);
    s = act(repo, s, 'dan', { kind: 'join', side: 'against' }, 3_000);
    s = act(repo, s, 'host', { kind: 'begin' }, 4_000);
    const due = nextDueAt(s) as number;
    expect(repo.nextDue()).toBe(due);
    expect(repo.dueAt(due - 1)).toEqual([]);
    expect(repo.dueAt(due)).toEqual([s.id]);
    expect(repo.liveIds()).toEqual([s.id]);
    expect(repo.liveUnderParent('c1')).toEqual([s.id]);
  });
});
