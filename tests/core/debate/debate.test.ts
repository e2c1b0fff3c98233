import { describe, expect, it } from 'vitest';
import { describeClock, nextDueAt, openDebate, tick } from '../../../src/core/debate/debate.js';
import { remainingMs, type DebateEvent, type DebateState } from '../../../src/core/debate/state.js';
import { Drive, formatById, host, mod, ok, openInput, refused, user } from './helpers.js';

const ann = user('ann');
const dan = user('dan');
const bob = user('bob');
const stranger = user('zed');

/** Oxford, Ann for and Dan against, begun. */
function running(over: Parameters<typeof openInput>[0] = {}): Drive {
  const d = new Drive(over);
  const [first, second] = d.state.sides;
  d.seat({ [first.id]: ['ann'], [second.id]: ['dan'] });
  d.do(host, { kind: 'begin' });
  return d;
}

function runTicks(d: Drive, untilMs: number, stepMs = 250): DebateEvent[] {
  const out: DebateEvent[] = [];
  const end = d.now + untilMs;
  while (d.now < end) {
    d.advance(stepMs);
    const r = ok(tick(d.state, d.now));
    d.state = r.state;
    out.push(...r.events);
  }
  return out;
}

describe('bad input to start: a clear refusal and nothing built', () => {
  it('GIVEN an unknown format THEN the refusal names it and lists the formats', () => {
    const r = refused(openDebate(openInput({ format: undefined, formatId: 'cage-match' }), host, 0));
    expect(r.code).toBe('unknown-format');
    expect(r.message).toContain('"cage-match"');
    expect(r.message).toContain('oxford, lincoln-douglas, british-parliamentary, open-floor');
  });

  it.each([0, -5, 3601, 1.5])('GIVEN a turn of %s s THEN refused', (turnSeconds) => {
    expect(refused(openDebate(openInput({ turnSeconds }), host, 0)).code).toBe('bad-turn-length');
  });

  it('GIVEN turns of 1 s and 3600 s THEN both allowed', () => {
    expect(openDebate(openInput({ turnSeconds: 1 }), host, 0).ok).toBe(true);
    expect(openDebate(openInput({ turnSeconds: 3600 }), host, 0).ok).toBe(true);
  });

  it('GIVEN a 301-character motion THEN refused; 300 is fine; empty is refused', () => {
    const r = refused(openDebate(openInput({ motion: 'x'.repeat(301) }), host, 0));
    expect(r.code).toBe('motion-too-long');
    expect(r.message).toBe('The motion is 301 characters long; shorten it to at most 300.');
    expect(openDebate(openInput({ motion: 'x'.repeat(300) }), host, 0).ok).toBe(true);
    expect(refused(openDebate(openInput({ motion: '   ' }), host, 0)).code).toBe('motion-empty');
  });

  it('GIVEN a channel that already holds a debate THEN refused', () => {
    expect(refused(openDebate(openInput({ channelBusy: true }), host, 0)).code).toBe('channel-busy');
  });

  it('GIVEN side names THEN they replace the format\'s; the wrong number of names is refused', () => {
    const s = ok(openDebate(openInput({ sideNames: ['Trotsky', ' Stalin '] }), host, 0)).state;
    expect(s.sides.map((x) => x.name)).toEqual(['Trotsky', 'Stalin']);
    expect(refused(openDebate(openInput({ sideNames: ['Trotsky'] }), host, 0)).code).toBe('bad-sides');
    expect(refused(openDebate(openInput({ sideNames: ['A', 'a'] }), host, 0)).code).toBe('bad-sides');
  });
});

describe('joining and leaving', () => {
  it('GIVEN a full side THEN joining it is refused and nothing changes', () => {
    const d = new Drive({ format: formatById('lincoln-douglas'), formatId: 'lincoln-douglas' });
    d.do(ann, { kind: 'join', side: 'aff' });
    const before = d.state;
    const r = refused(d.try(bob, { kind: 'join', side: 'aff' }));
    expect(r.code).toBe('side-full');
    expect(r.message).toContain('Affirmative is full');
    expect(d.state).toBe(before);
  });

  it('GIVEN someone already joined THEN joining twice is refused, naming their side', () => {
    const d = new Drive();
    d.do(ann, { kind: 'join', side: 'for' });
    const r = refused(d.try(ann, { kind: 'join', side: 'against' }));
    expect(r.code).toBe('already-joined');
    expect(r.message).toContain('For');
  });

  it('GIVEN no side named THEN the emptiest side; a side by name works; an unknown side is refused', () => {
    const d = new Drive();
    d.do(ann, { kind: 'join', side: 'FOR' });
    expect(d.do(dan, { kind: 'join' })).toEqual([{ type: 'joined', userId: 'dan', name: 'Dan', sideId: 'against' }]);
    expect(refused(d.try(bob, { kind: 'join', side: 'maybe' })).code).toBe('unknown-side');
  });

  it('GIVEN a running debate THEN the speaker and the last member of a side cannot leave', () => {
    const d = running();
    expect(refused(d.try(ann, { kind: 'leave' })).code).toBe('speaking-now');
    expect(refused(d.try(dan, { kind: 'leave' })).code).toBe('last-speaker');
    expect(refused(d.try(stranger, { kind: 'leave' })).code).toBe('not-participant');
  });

  it('GIVEN an empty side THEN begin is refused naming it', () => {
    const d = new Drive();
    d.do(ann, { kind: 'join', side: 'for' });
    const r = refused(d.try(host, { kind: 'begin' }));
    expect(r.code).toBe('side-empty');
    expect(r.message).toContain('Against');
  });
});

describe('permissions', () => {
  it('GIVEN a debater THEN host-only actions are refused with who may do them', () => {
    const d = running();
    for (const kind of ['pause', 'end'] as const) {
      const r = refused(d.try(dan, { kind }));
      expect(r.code).toBe('not-controller');
      expect(r.message).toBe(`Only the host or a moderator can ${kind} the debate.`);
    }
    expect(refused(d.try(dan, { kind: 'extend', seconds: 30 })).code).toBe('not-controller');
    expect(refused(d.try(dan, { kind: 'next' })).message).toBe('Only the host, a moderator or the current speaker can end this turn.');
  });

  it('GIVEN an open debate THEN only the host or a moderator can begin it', () => {
    const d = new Drive();
    d.seat({ for: ['ann'], against: ['dan'] });
    expect(refused(d.try(ann, { kind: 'begin' })).message).toBe('Only the host or a moderator can begin the debate.');
    expect(d.try(mod, { kind: 'begin' }).ok).toBe(true);
  });

  it('GIVEN paused THEN resume by a debater is refused; by a moderator allowed', () => {
    const d = running();
    d.do(mod, { kind: 'pause' });
    expect(refused(d.try(ann, { kind: 'resume' })).message).toBe('Only the host or a moderator can resume the debate.');
    expect(d.try(mod, { kind: 'resume' }).ok).toBe(true);
  });

  it('GIVEN the speaker THEN they may end their own turn early', () => {
    const d = running();
    const ev = d.do(ann, { kind: 'next' });
    expect(ev.map((e) => e.type)).toEqual(['turn-ended', 'turn-started']);
  });

  it('GIVEN someone out of turn THEN arguing is refused naming the speaker', () => {
    const d = running();
    expect(refused(d.try(dan, { kind: 'argue', text: 'But Kronstadt!' })).message).toBe(
      'It is not your turn: the current speaker is Ann. Wait for your turn to argue.',
    );
    expect(refused(d.try(stranger, { kind: 'argue', text: 'hi' })).code).toBe('not-participant');
    const ev = d.do(ann, { kind: 'argue', text: ' The Left Opposition warned of it. ', source: 'Serge, Memoirs, 252' });
    expect(ev).toEqual([{ type: 'argument', index: 0, at: d.now, userId: 'ann', name: 'Ann', sideId: 'for', text: 'The Left Opposition warned of it.', source: 'Serge, Memoirs, 252' }]);
  });

  it('GIVEN an ended debate THEN every action is refused', () => {
    const d = running();
    d.do(host, { kind: 'end' });
    for (const action of [{ kind: 'join' }, { kind: 'leave' }, { kind: 'begin' }, { kind: 'next' }, { kind: 'pause' }, { kind: 'resume' }, { kind: 'extend', seconds: 5 }, { kind: 'poi' }, { kind: 'argue', text: 'x' }, { kind: 'end' }] as const) {
      const r = refused(d.try(host, action));
      expect(r.code, action.kind).toBe('debate-ended');
    }
  });

  it('GIVEN a debate not yet begun THEN clock actions are refused', () => {
    const d = new Drive();
    expect(refused(d.try(host, { kind: 'pause' })).code).toBe('not-running');
    expect(refused(d.try(host, { kind: 'next' })).code).toBe('not-running');
    expect(refused(d.try(host, { kind: 'resume' })).code).toBe('not-paused');
  });
});

describe('the clock', () => {
  it('GIVEN a 2-minute turn THEN warnings at 60 s and 30 s, time at 0, next turn after the grace', () => {
    const d = running({ turnSeconds: 120, graceSeconds: 10 });
    const start = d.now;
    const events = runTicks(d, 131_000);
    const at = (type: string) => events.filter((e) => e.type === type);
    expect(at('warning').map((e) => (e as { threshold: number }).threshold)).toEqual([60, 30]);
    expect(at('warning').map((e) => (e as { secondsLeft: number }).secondsLeft)).toEqual([60, 30]);
    expect(at('time')).toHaveLength(1);
    expect(at('turn-ended')).toEqual([{ type: 'turn-ended', index: 0, usedMs: 120_000, overrunMs: 0, how: 'auto' }]);
    expect(at('turn-started')[0]).toMatchObject({ index: 1, speakerId: 'dan', deadline: start + 130_000 + 120_000 });
  });

  it('GIVEN nextDueAt THEN it walks 60 s, 30 s, deadline, deadline+grace', () => {
    const d = running({ turnSeconds: 120, graceSeconds: 10 });
    const deadline = d.now + 120_000;
    const dues: (number | null)[] = [];
    for (let i = 0; i < 4; i++) {
      const due = nextDueAt(d.state) as number;
      dues.push(due);
      d.now = due;
      d.state = ok(tick(d.state, d.now)).state;
    }
    expect(dues).toEqual([deadline - 60_000, deadline - 30_000, deadline, deadline + 10_000]);
  });

  it('GIVEN a 45-second turn THEN only the 30 s warning; a 20-second turn gets none', () => {
    const d = running({ turnSeconds: 45 });
    expect(runTicks(d, 45_000).filter((e) => e.type === 'warning').map((e) => (e as { threshold: number }).threshold)).toEqual([30]);
    const e = running({ turnSeconds: 20 });
    expect(runTicks(e, 20_000).filter((x) => x.type === 'warning')).toEqual([]);
  });

  it('GIVEN a tick long after the deadline (bot was down) THEN no stale warning: time, close, next turn at once', () => {
    const d = running({ turnSeconds: 120, graceSeconds: 10 });
    const start = d.now;
    d.advance(10 * 60_000);
    const r = ok(tick(d.state, d.now));
    expect(r.events.map((e) => e.type)).toEqual(['time', 'turn-ended', 'turn-started']);
    expect(r.state.turns[0]).toMatchObject({ endedAt: start + 120_000, usedMs: 120_000, overrunMs: 0 });
    expect(remainingMs(r.state, d.now)).toBe(120_000);
  });

  it('GIVEN a tick 40 s before the deadline with no warning yet THEN one 60 s warning; 20 s before THEN the 30 s one only', () => {
    const d = running({ turnSeconds: 120 });
    d.advance(80_000);
    const r1 = ok(tick(d.state, d.now));
    expect(r1.events).toEqual([{ type: 'warning', index: 0, threshold: 60, secondsLeft: 40 }]);
    const e = running({ turnSeconds: 120 });
    e.advance(100_000);
    expect(ok(tick(e.state, e.now)).events).toEqual([{ type: 'warning', index: 0, threshold: 30, secondsLeft: 20 }]);
  });

  it('GIVEN pause and resume THEN the time left is kept and the deadline moves by the pause', () => {
    const d = running({ turnSeconds: 120 });
    d.advance(50_000);
    expect(d.do(host, { kind: 'pause' })).toEqual([{ type: 'paused', index: 0, remainingMs: 70_000 }]);
    expect(nextDueAt(d.state)).toBeNull();
    d.advance(300_000);
    expect(ok(tick(d.state, d.now)).events).toEqual([]);
    expect(remainingMs(d.state, d.now)).toBe(70_000);
    expect(describeClock(d.state, d.now)).toContain('Paused');
    const [resumed] = d.do(host, { kind: 'resume' });
    expect(resumed).toEqual({ type: 'resumed', index: 0, deadline: d.now + 70_000 });
    d.advance(40_000);
    const ev = d.do(ann, { kind: 'next' });
    expect(ev[0]).toEqual({ type: 'turn-ended', index: 0, usedMs: 90_000, overrunMs: 0, how: 'next' });
  });

  it('GIVEN an extension THEN the deadline moves and warnings already given come back', () => {
    const d = running({ turnSeconds: 120 });
    runTicks(d, 95_000);
    expect(d.state.clock).toMatchObject({ warned60: true, warned30: true });
    d.do(host, { kind: 'extend', seconds: 60 });
    expect(remainingMs(d.state, d.now)).toBe(85_000);
    expect(d.state.clock).toMatchObject({ warned60: false, warned30: false });
    expect(d.state.turns[0].allottedMs).toBe(180_000);
    expect(refused(d.try(host, { kind: 'extend', seconds: 0 })).code).toBe('bad-extension');
    expect(refused(d.try(host, { kind: 'extend', seconds: 3601 })).code).toBe('bad-extension');
  });

  it('GIVEN a paused turn THEN an extension adds to the time left', () => {
    const d = running({ turnSeconds: 120 });
    d.advance(20_000);
    d.do(host, { kind: 'pause' });
    d.do(host, { kind: 'extend', seconds: 30 });
    expect(remainingMs(d.state, d.now)).toBe(130_000);
  });

  it('GIVEN the last turn runs out THEN the debate completes by itself', () => {
    const d = running({ format: formatById('lincoln-douglas'), formatId: 'lincoln-douglas', turnSeconds: 5, graceSeconds: 1 });
    runTicks(d, 7 * 6_000 + 1_000);
    expect(d.state.status).toBe('ended');
    expect(d.state.endReason).toBe('completed');
    expect(d.state.turns.every((t) => t.usedMs === 5_000 && t.overrunMs === 0)).toBe(true);
  });

  it('GIVEN end mid-turn THEN the turn closes with its time used', () => {
    const d = running({ turnSeconds: 60 });
    d.advance(75_000);
    const ev = d.do(host, { kind: 'end' });
    expect(ev).toEqual([
      { type: 'turn-ended', index: 0, usedMs: 75_000, overrunMs: 15_000, how: 'end' },
      { type: 'ended', reason: 'ended' },
    ]);
  });
});

describe('points of information', () => {
  /** Oxford opening: 420 s, first and last 60 s protected. */
  function oxford(): Drive {
    const d = new Drive();
    d.seat({ for: ['ann', 'bob'], against: ['dan'] });
    d.do(host, { kind: 'begin' });
    return d;
  }

  it('GIVEN protected time at the start THEN refused saying how long to wait', () => {
    const d = oxford();
    d.advance(20_000);
    const r = refused(d.try(dan, { kind: 'poi' }));
    expect(r.code).toBe('poi-protected');
    expect(r.message).toBe('The first 60 s of this speech are protected: try again in 40 s.');
  });

  it('GIVEN protected time at the end THEN refused', () => {
    const d = oxford();
    d.advance(370_000);
    expect(refused(d.try(dan, { kind: 'poi' })).message).toContain('last 60 s');
  });

  it('GIVEN unprotected time THEN offered, and only the speaker accepts or declines', () => {
    const d = oxford();
    d.advance(90_000);
    expect(d.do(dan, { kind: 'poi' })).toEqual([{ type: 'poi-requested', index: 0, requesterId: 'dan', requesterName: 'Dan', speakerId: 'ann' }]);
    expect(refused(d.try(dan, { kind: 'poi' })).code).toBe('poi-pending');
    expect(refused(d.try(dan, { kind: 'poi-answer', accept: true })).message).toBe('Only the speaker, Ann, can answer a point of information.');
    expect(refused(d.try(host, { kind: 'poi-answer', accept: true })).code).toBe('not-your-turn');
    expect(d.do(ann, { kind: 'poi-answer', accept: false })).toEqual([{ type: 'poi-answered', index: 0, requesterId: 'dan', requesterName: 'Dan', accepted: false }]);
    expect(refused(d.try(ann, { kind: 'poi-answer', accept: true })).code).toBe('no-poi');
  });

  it('GIVEN the speaker\'s own side or a non-debater THEN refused', () => {
    const d = oxford();
    d.advance(90_000);
    expect(refused(d.try(bob, { kind: 'poi' })).code).toBe('poi-own-side');
    expect(refused(d.try(stranger, { kind: 'poi' })).code).toBe('not-participant');
  });

  it('GIVEN a format or speech without POIs THEN refused naming the speech', () => {
    const d = running({ format: formatById('lincoln-douglas'), formatId: 'lincoln-douglas' });
    d.advance(120_000);
    expect(refused(d.try(dan, { kind: 'poi' })).message).toBe('Points of information are not taken during the Affirmative constructive (Lincoln–Douglas).');
    const o = oxford();
    for (let i = 0; i < 4; i++) o.do(host, { kind: 'next' });
    o.advance(60_000);
    expect(refused(o.try(ann, { kind: 'poi' })).message).toContain('Closing');
  });

  it('GIVEN a paused debate THEN no POI; a pending POI is dropped when the turn ends', () => {
    const d = oxford();
    d.advance(90_000);
    d.do(dan, { kind: 'poi' });
    expect(d.do(host, { kind: 'next' })[0]).toEqual({ type: 'poi-lapsed', index: 0, requesterId: 'dan', requesterName: 'Dan' });
    expect(d.state.poi).toBeNull();
    d.do(host, { kind: 'pause' });
    expect(refused(d.try(ann, { kind: 'poi' })).code).toBe('not-running');
  });
});

describe('refusals change nothing', () => {
  it('GIVEN any refusal THEN the state object is untouched', () => {
    const d = running();
    const snapshot: DebateState = structuredClone(d.state);
    d.try(dan, { kind: 'pause' });
    d.try(dan, { kind: 'argue', text: 'x' });
    d.try(ann, { kind: 'join', side: 'for' });
    expect(d.state).toEqual(snapshot);
  });
});
