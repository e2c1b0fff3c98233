import { describe, expect, it } from 'vitest';
import { bySourcing, byCount, count, emptyTally, tallyLine, wilsonLowerBound, type Tally } from '../../../src/core/score/tally.js';
import { effectiveVerdict } from '../../../src/core/score/verdict.js';
import { QUOTATION_LABEL, VERDICT_LABEL, verdictLabel } from '../../../src/views/verdicts.js';
import { safeText } from '../../../src/views/safe.js';
import { clip, graphemeLength } from '../../../src/core/text.js';

const tally = (cited: number, n: number, wrong = 0): Tally => {
  const t = emptyTally();
  count(t, 'cited', cited);
  count(t, 'misquoted', wrong);
  count(t, 'unsourced', n - cited - wrong);
  return t;
};

describe('the leaderboard orders', () => {
  it('GIVEN the Wilson lower bound at 95% THEN the known values', () => {
    expect(wilsonLowerBound(0, 0)).toBe(0);
    expect(wilsonLowerBound(1, 1)).toBeCloseTo(0.2065, 3);
    expect(wilsonLowerBound(3, 4)).toBeCloseTo(0.3006, 3);
    expect(wilsonLowerBound(7, 14)).toBeCloseTo(0.2680, 3);
    expect(wilsonLowerBound(50, 100)).toBeCloseTo(0.4038, 3);
    expect(wilsonLowerBound(0, 5)).toBe(0);
  });

  it('GIVEN 3 of 4, 7 of 14 with 3 misquoted, and 1 of 1 THEN by sourcing 3 of 4 leads and 1 of 1 trails; by count 7 of 14 leads', () => {
    const rows = [
      { name: 'Few', tally: tally(1, 1) },
      { name: 'Many', tally: tally(7, 14, 3) },
      { name: 'Sure', tally: tally(3, 4) },
    ];
    expect([...rows].sort(bySourcing).map((r) => r.name)).toEqual(['Sure', 'Many', 'Few']);
    expect([...rows].sort(byCount).map((r) => r.name)).toEqual(['Many', 'Sure', 'Few']);
  });

  it('GIVEN ties THEN more arguments, then fewer wrong, then the name', () => {
    const a = { name: 'Ann', tally: tally(2, 2) };
    const b = { name: 'Bob', tally: tally(2, 2) };
    expect([b, a].sort(bySourcing).map((r) => r.name)).toEqual(['Ann', 'Bob']);
  });
});

describe('one vocabulary, one tally, one verdict', () => {
  it('GIVEN each verdict THEN one label, the same for quotations; qualifiers only where they apply', () => {
    expect(VERDICT_LABEL).toEqual({ verified: '✅ verified', cited: '📎 cited', unsourced: '❔ unsourced', misquoted: '⚠️ misquoted', misattributed: '❌ misattributed' });
    expect(QUOTATION_LABEL.misquoted).toBe(VERDICT_LABEL.misquoted);
    expect(verdictLabel('cited', { notInCorpus: true })).toBe('📎 cited — quotation not in the corpus');
    expect(verdictLabel('unsourced', { notInCorpus: true })).toBe('❔ unsourced — quotation not in the corpus');
    expect(verdictLabel('misquoted', { notInCorpus: true })).toBe('⚠️ misquoted');
    expect(verdictLabel('cited', { paraphraseOf: 'doc#q1' })).toBe('📎 cited — a paraphrase of the corpus');
  });

  it('GIVEN a tally THEN one line everywhere', () => {
    expect(tallyLine(tally(3, 5, 1))).toBe('5 arguments: 3 cited, 1 unsourced, 1 misquoted, 0 misattributed · 60% cited');
  });

  it('GIVEN a ruling THEN it stands; an expired challenge changes nothing', () => {
    expect(effectiveVerdict({ checked: 'cited', challenge: 'expired', override: null })).toBe('cited');
    expect(effectiveVerdict({ checked: 'misattributed', challenge: null, override: 'verified' })).toBe('verified');
    expect(effectiveVerdict({ checked: 'unsourced', challenge: 'answered', override: null })).toBe('unsourced');
  });

  it('GIVEN emoji and accented text THEN clipped by grapheme, never inside one; counted in UTF-16 units for Discord, never splits a surrogate pair', () => {
    const flags = '🇫🇷'.repeat(10);
    expect(graphemeLength(flags)).toBe(10);
    expect(clip(flags, 10)).toBe(flags);
    expect(clip(flags, 5)).toBe(`${'🇫🇷'.repeat(4)}…`);
    expect(clip('e\u0301'.repeat(6), 4)).toBe(`${'e\u0301'.repeat(3)}…`);
    expect(clip('a😀b', 3, 'utf16')).toBe('a…');
    expect(safeText('@everyone [x](javascript:alert(1))', 100)).not.toMatch(/@everyone|\]\(|javascript:/);
  });
});
