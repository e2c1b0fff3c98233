import { describe, expect, it } from 'vitest';
import { conservative, INITIAL, rate } from '../../../src/core/rating/glicko2.js';
import { rateDebate } from '../../../src/core/rating/debate-ratings.js';

describe('Glicko-2', () => {
  it('GIVEN Glickman\'s worked example THEN the published rating, deviation and volatility', () => {
    // "Example of the Glicko-2 system", 2012: 1500/200/0.06 beats 1400/30, loses to 1550/100 and 1700/300 (tau 0.5).
    const after = rate({ rating: 1500, rd: 200, volatility: 0.06 }, [
      { opponent: { rating: 1400, rd: 30 }, score: 1 },
      { opponent: { rating: 1550, rd: 100 }, score: 0 },
      { opponent: { rating: 1700, rd: 300 }, score: 0 },
    ]);
    expect(after.rating).toBeCloseTo(1464.06, 1);
    expect(after.rd).toBeCloseTo(151.52, 1);
    // The paper prints 0.05999 (rounded): it moves a little.
    expect(after.volatility).toBeCloseTo(0.05999, 4);
    expect(after.volatility).toBeLessThan(0.06);
  });

  it('GIVEN a period without games THEN only the deviation grows', () => {
    const after = rate({ rating: 1600, rd: 100, volatility: 0.06 }, []);
    expect(after.rating).toBe(1600);
    expect(after.rd).toBeGreaterThan(100);
  });

  it('GIVEN a newcomer THEN the conservative rating ranks them below a proven one of the same rating', () => {
    expect(conservative(INITIAL)).toBeLessThan(conservative({ rating: 1500, rd: 60 }));
  });
});

describe('ratings from a decided debate', () => {
  const debaters = [
    { userId: 'ann', name: 'Ann', sideId: 'for' },
    { userId: 'bob', name: 'Bob', sideId: 'for' },
    { userId: 'dan', name: 'Dan', sideId: 'against' },
  ];

  it('GIVEN For won THEN its debaters gain and record a win, the other side loses', () => {
    const changes = rateDebate([['for'], ['against']], debaters, () => INITIAL);
    const by = Object.fromEntries(changes.map((c) => [c.userId, c]));
    expect(by.ann.won && by.bob.won && !by.dan.won).toBe(true);
    expect(by.ann.after.rating).toBeGreaterThan(1500);
    expect(by.dan.after.rating).toBeLessThan(1500);
  });

  it('GIVEN no single winner THEN no rating changes', () => {
    expect(rateDebate([['for', 'against']], debaters, () => INITIAL)).toEqual([]);
    expect(rateDebate([], debaters, () => INITIAL)).toEqual([]);
  });

  it('GIVEN four teams ranked THEN a team beats those below it and loses to those above', () => {
    const bp = ['og', 'oo', 'cg', 'co'].map((s) => ({ userId: s, name: s, sideId: s }));
    const changes = rateDebate([['cg'], ['og'], ['co'], ['oo']], bp, () => INITIAL);
    const r = Object.fromEntries(changes.map((c) => [c.userId, c.after.rating]));
    expect(r.cg).toBeGreaterThan(r.og);
    expect(r.og).toBeGreaterThan(r.co);
    expect(r.co).toBeGreaterThan(r.oo);
    expect(changes.filter((c) => c.won).map((c) => c.userId)).toEqual(['cg']);
  });
});
