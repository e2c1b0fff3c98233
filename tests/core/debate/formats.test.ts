import { describe, expect, it } from 'vitest';
import { tick } from '../../../src/core/debate/debate.js';
import { BUILTIN_FORMATS, planTurns, validateFormat } from '../../../src/core/debate/formats.js';
import type { DebateEvent } from '../../../src/core/debate/state.js';
import { Drive, formatById, host } from './helpers.js';

/** Runs a whole debate with /debate next and returns "speaker: role" per turn. */
function runOrder(formatId: string, seating: Record<string, string[]>): string[] {
  const d = new Drive({ format: formatById(formatId), formatId });
  d.seat(seating);
  d.do(host, { kind: 'begin' });
  const order: string[] = [];
  for (;;) {
    const started = d.events.filter((e): e is Extract<DebateEvent, { type: 'turn-started' }> => e.type === 'turn-started');
    const last = started[started.length - 1];
    order.push(`${last.speakerName}: ${last.role}`);
    d.advance(5_000);
    const ev = d.do(host, { kind: 'next' });
    if (ev.some((e) => e.type === 'ended')) break;
  }
  expect(d.state.status).toBe('ended');
  expect(d.state.endReason).toBe('completed');
  return order;
}

describe('shipped formats: turn order', () => {
  it('GIVEN Oxford with three a side THEN openings, rebuttals, closings with the proposition last', () => {
    expect(runOrder('oxford', { for: ['ann', 'bob', 'cat'], against: ['dan', 'eve', 'fay'] })).toEqual([
      'Ann: Opening',
      'Dan: Opening',
      'Bob: Rebuttal',
      'Eve: Rebuttal',
      'Fay: Closing',
      'Cat: Closing',
    ]);
  });

  it('GIVEN Oxford with one a side THEN the one speaker takes every speech of the side', () => {
    expect(runOrder('oxford', { for: ['ann'], against: ['dan'] })).toEqual([
      'Ann: Opening', 'Dan: Opening', 'Ann: Rebuttal', 'Dan: Rebuttal', 'Dan: Closing', 'Ann: Closing',
    ]);
  });

  it('GIVEN Lincoln–Douglas THEN constructives, cross-examinations and rebuttals in order', () => {
    expect(runOrder('lincoln-douglas', { aff: ['ann'], neg: ['dan'] })).toEqual([
      'Ann: Affirmative constructive',
      'Dan: Cross-examination by the Negative',
      'Dan: Negative constructive',
      'Ann: Cross-examination by the Affirmative',
      'Ann: First affirmative rebuttal',
      'Dan: Negative rebuttal',
      'Ann: Second affirmative rebuttal',
    ]);
  });

  it('GIVEN British Parliamentary with four teams of two THEN eight speeches, PM to Opposition Whip', () => {
    expect(runOrder('british-parliamentary', { og: ['pm', 'dpm'], oo: ['lo', 'dlo'], cg: ['mg', 'gw'], co: ['mo', 'ow'] })).toEqual([
      'Pm: Prime Minister',
      'Lo: Leader of the Opposition',
      'Dpm: Deputy Prime Minister',
      'Dlo: Deputy Leader of the Opposition',
      'Mg: Member of the Government',
      'Mo: Member of the Opposition',
      'Gw: Government Whip',
      'Ow: Opposition Whip',
    ]);
  });

  it('GIVEN open floor with a chosen length THEN alternating turns of that length, speakers rotating', () => {
    const d = new Drive({ format: formatById('open-floor'), formatId: 'open-floor', turnSeconds: 45 });
    expect(d.state.turns.every((t) => t.seconds === 45)).toBe(true);
    expect(runOrder('open-floor', { for: ['ann', 'bob'], against: ['dan'] }).slice(0, 5)).toEqual([
      'Ann: Floor turn 1', 'Dan: Floor turn 2', 'Bob: Floor turn 3', 'Dan: Floor turn 4', 'Ann: Floor turn 5',
    ]);
  });

  it('GIVEN every shipped format run only by the clock THEN every turn starts in order and the debate completes', () => {
    for (const format of BUILTIN_FORMATS) {
      const d = new Drive({ format, formatId: format.id });
      for (const side of format.sides) for (let i = 0; i < side.capacity && i < 2; i++) d.do({ id: `${side.id}${i}`, name: `${side.id}${i}`, isModerator: false }, { kind: 'join', side: side.id });
      d.do(host, { kind: 'begin' });
      let guard = 0;
      while (d.state.status !== 'ended' && guard++ < 10_000) {
        d.advance(1_000);
        const out = tick(d.state, d.now);
        if (out.ok) { d.state = out.state; d.events.push(...out.events); }
      }
      expect(d.state.status, format.id).toBe('ended');
      const starts = d.events.filter((e) => e.type === 'turn-started').map((e) => (e as { index: number }).index);
      expect(starts, format.id).toEqual(format.turns.map((_, i) => i));
    }
  });
});

describe('planTurns', () => {
  it('GIVEN turn_seconds THEN every turn takes it and protected time shrinks to a quarter at most', () => {
    const turns = planTurns(formatById('british-parliamentary'), 20);
    expect(turns.every((t) => t.seconds === 20 && t.protectedStart === 5 && t.protectedEnd === 5)).toBe(true);
  });
});

describe('validateFormat (custom format files)', () => {
  const good = {
    id: 'town-hall',
    name: 'Town hall',
    sides: [{ id: 'yes', name: 'Yes', capacity: 2 }, { id: 'no', name: 'No', capacity: 2 }],
    turns: [{ side: 'yes', role: 'Case', seconds: 120, poiAllowed: true, protectedStart: 30 }, { side: 'no', role: 'Reply', seconds: 120 }],
  };

  it('GIVEN a good format THEN it is accepted with defaults filled in', () => {
    const r = validateFormat(good, 'formats/town-hall.json');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.format.turns[1]).toMatchObject({ protectedStart: 0, protectedEnd: 0, poiAllowed: false, slot: 0 });
  });

  it('GIVEN bad fields THEN each error names the file and the field', () => {
    const bad = { ...good, id: 'Town Hall!', turns: [{ side: 'maybe', role: '', seconds: 0 }, { side: 'no', role: 'x', seconds: 4000, poiAllowed: 'yes' }] };
    const r = validateFormat(bad, 'formats/bad.json');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.every((e) => e.startsWith('formats/bad.json: '))).toBe(true);
    const text = r.errors.join('\n');
    for (const field of ['id', 'turns[0].side', 'turns[0].role', 'turns[0].seconds', 'turns[1].seconds', 'turns[1].poiAllowed']) {
      expect(text).toContain(`formats/bad.json: ${field} must be`);
    }
  });

  it('GIVEN protected time as long as the turn, duplicate sides or no object THEN refused', () => {
    const r1 = validateFormat({ ...good, turns: [{ side: 'yes', role: 'x', seconds: 60, protectedStart: 30, protectedEnd: 30 }] }, 'f.json');
    expect(r1.ok ? [] : r1.errors).toEqual(['f.json: turns[0].protectedStart + protectedEnd must be less than the turn\'s 60 seconds (got 60).']);
    const r2 = validateFormat({ ...good, sides: [good.sides[0], good.sides[0]] }, 'f.json');
    expect(r2.ok ? [] : r2.errors.join()).toContain('sides[1].id must be unique');
    expect(validateFormat([], 'f.json').ok).toBe(false);
  });
});
