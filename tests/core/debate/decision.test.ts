import { describe, expect, it } from 'vitest';
import {
  addJudge,
  ballotIn,
  conclude,
  decisionDueAt,
  decisionTick,
  followDebate,
  judgeMayNotJoin,
  newDecision,
  readyToDecide,
  removeJudge,
  type DecisionState,
} from '../../../src/core/debate/decision.js';
import { checkBallot, judgesResult, readBallot, type Ballot } from '../../../src/core/debate/ballot.js';
import { audienceResult, checkVote } from '../../../src/core/debate/vote.js';
import type { DecidedBy } from '../../../src/core/debate/formats.js';
import { Drive, formatById, host } from './helpers.js';

const TIMES = { afterVoteMs: 300_000, ballotMs: 600_000 };

/** A debate of `formatId` with Ann for and Dan against (or four teams for BP), and its decision, begun. */
function debate(formatId = 'oxford', decidedBy?: DecidedBy) {
  const drive = new Drive({ format: formatById(formatId), formatId });
  const by = decidedBy ?? formatById(formatId).decidedBy;
  let d = newDecision(1, by, TIMES, drive.now);
  if (formatId === 'british-parliamentary') drive.seat({ og: ['ann'], oo: ['dan'], cg: ['cat'], co: ['eve'] });
  else drive.seat({ [drive.state.sides[0].id]: ['ann'], [drive.state.sides[1].id]: ['dan'] });
  const follow = () => {
    const out = followDebate(d, drive.state, drive.events.splice(0), drive.now);
    d = out.state;
    return out.events;
  };
  return {
    drive,
    get d(): DecisionState { return d; },
    set d(v: DecisionState) { d = v; },
    follow,
    /** Begins and speaks every turn (each ended with /debate next). */
    runAll() {
      drive.do(host, { kind: 'begin' });
      follow();
      for (;;) {
        drive.advance(1_000);
        const ev = drive.do(host, { kind: 'next' });
        if (ev.some((e) => e.type === 'ended')) break;
      }
      return follow();
    },
  };
}

describe('the audience vote', () => {
  it('GIVEN an Oxford debate THEN the vote before opens with it and closes when the first speech starts', () => {
    const t = debate();
    expect(t.d.before).toEqual({ opensAt: t.drive.now, closesAt: null, closedAt: null });
    expect(checkVote(t.d, t.drive.state, 'zoe', 'before', 'for', t.drive.now)).toBeNull();
    t.drive.do(host, { kind: 'begin' });
    expect(t.follow()).toEqual([{ type: 'vote-closed', round: 'before' }]);
    expect(checkVote(t.d, t.drive.state, 'zoe', 'before', 'for', t.drive.now)?.code).toBe('vote-closed');
    expect(checkVote(t.d, t.drive.state, 'zoe', 'after', 'for', t.drive.now)?.code).toBe('vote-not-open');
  });

  it('GIVEN every turn spoken THEN the vote after opens for its set time, closes at its deadline, and the swing decides', () => {
    const t = debate();
    const events = t.runAll();
    const closesAt = t.drive.now + 300_000;
    expect(events).toEqual([{ type: 'vote-opened', round: 'after', closesAt }]);
    expect(decisionDueAt(t.d)).toBe(closesAt);
    expect(readyToDecide(t.d, t.drive.state)).toBe(false);
    expect(decisionTick(t.d, closesAt - 1, new Set()).events).toEqual([]);
    const ticked = decisionTick(t.d, closesAt, new Set());
    expect(ticked.events).toEqual([{ type: 'vote-closed', round: 'after' }]);
    const out = conclude(ticked.state, t.drive.state, closesAt, { before: { for: 3, against: 5, undecided: 2 }, after: { for: 5, against: 5 }, ballots: [] });
    expect(out.events).toEqual([{ type: 'decided' }]);
    // For 30% → 50% (+20), Against 50% → 50% (0): For gained most.
    expect(out.state.result).toMatchObject({ winner: 'for', by: 'audience', placing: [['for'], ['against']] });
    expect(out.state.result?.audience?.swing).toEqual([{ sideId: 'for', points: 20 }, { sideId: 'against', points: 0 }]);
    expect(decisionDueAt(out.state)).toBeNull();
  });

  it('GIVEN a debater, a judge, a bad choice or a format without a vote THEN each vote is refused, saying why', () => {
    const t = debate('oxford', 'both');
    t.d = (addJudge(t.d, t.drive.state, { id: 'jo', name: 'Jo' }, t.drive.now) as { state: DecisionState }).state;
    const now = t.drive.now;
    expect(checkVote(t.d, t.drive.state, 'ann', 'before', 'for', now)).toMatchObject({ code: 'voter-is-debater', message: expect.stringContaining('debaters do not vote') });
    expect(checkVote(t.d, t.drive.state, 'jo', 'before', 'for', now)?.code).toBe('voter-is-judge');
    expect(checkVote(t.d, t.drive.state, 'zoe', 'before', 'maybe', now)?.code).toBe('unknown-choice');
    const ld = debate('lincoln-douglas');
    expect(checkVote(ld.d, ld.drive.state, 'zoe', 'before', 'aff', now)?.code).toBe('no-vote');
  });

  it('GIVEN no votes in a round, or sides level THEN the audience decides nothing', () => {
    expect(audienceResult(['for', 'against'], {}, { for: 1 })).toMatchObject({ winner: null, undecided: 'too-few-votes' });
    expect(audienceResult(['for', 'against'], { for: 1, against: 1 }, { for: 1, against: 1 })).toMatchObject({ winner: null, undecided: 'tied' });
  });

  it('GIVEN the host ends the debate early THEN the vote before closes, no vote after opens and it is undecided', () => {
    const t = debate();
    t.drive.do(host, { kind: 'begin' });
    t.follow();
    t.drive.do(host, { kind: 'end' });
    expect(t.follow()).toEqual([]);
    expect(t.d.after).toBeNull();
    expect(t.d.result).toMatchObject({ winner: null, undecided: 'ended-early' });
    expect(t.d.decidedAt).toBe(t.drive.now);
  });
});

const ballotFor = (t: ReturnType<typeof debate>, judge: string, winner: string, reason = 'Clearer case.'): Ballot => {
  const b = readBallot(t.drive.state, { id: judge, name: judge }, { winner, scores: 'Ann (Affirmative): 76\nDan (Negative): 74.5', reason }, t.drive.now);
  if ('ok' in b) throw new Error(b.message);
  return b;
};

describe('judges and ballots', () => {
  it('GIVEN judges named THEN refused after the end, for a debater, twice, or in a format the audience decides; a judge may not join', () => {
    const t = debate('lincoln-douglas');
    const add = (id: string) => addJudge(t.d, t.drive.state, { id, name: id }, t.drive.now);
    const jo = add('jo');
    expect(jo.ok).toBe(true);
    t.d = (jo as { state: DecisionState }).state;
    expect(add('ann')).toMatchObject({ ok: false, code: 'judge-is-debater' });
    expect(add('jo')).toMatchObject({ ok: false, code: 'already-judge' });
    expect(judgeMayNotJoin(t.d, 'jo')?.code).toBe('judge-is-debater');
    expect(judgeMayNotJoin(t.d, 'zoe')).toBeNull();
    const ox = debate();
    expect(addJudge(ox.d, ox.drive.state, { id: 'jo', name: 'Jo' }, 0)).toMatchObject({ ok: false, code: 'no-judges' });
    t.runAll();
    expect(add('kim')).toMatchObject({ ok: false, code: 'debate-ended', message: expect.stringContaining('has ended') });
    expect(removeJudge(t.d, t.drive.state, 'jo')).toMatchObject({ ok: false, code: 'debate-ended' });
  });

  it('GIVEN three judges THEN ballots open at the end, a reminder halfway names who is missing, the last ballot closes them, 2–1 decides', () => {
    const t = debate('lincoln-douglas');
    for (const j of ['jo', 'kim', 'lee']) t.d = (addJudge(t.d, t.drive.state, { id: j, name: j }, t.drive.now) as { state: DecisionState }).state;
    const events = t.runAll();
    const dueAt = t.drive.now + 600_000;
    expect(events).toEqual([{ type: 'ballots-opened', dueAt }]);
    expect(decisionDueAt(t.d)).toBe(t.drive.now + 300_000);
    const reminded = decisionTick(t.d, t.drive.now + 300_000, new Set(['jo']));
    expect(reminded.events).toEqual([{ type: 'ballot-reminder', missing: [expect.objectContaining({ userId: 'kim' }), expect.objectContaining({ userId: 'lee' })], dueAt }]);
    expect(decisionDueAt(reminded.state)).toBe(dueAt);
    const ballots = [ballotFor(t, 'jo', 'Affirmative'), ballotFor(t, 'kim', 'neg'), ballotFor(t, 'lee', 'affirmative')];
    expect(ballotIn(reminded.state, t.drive.now, new Set(['jo', 'kim'])).events).toEqual([]);
    const closed = ballotIn(reminded.state, t.drive.now, new Set(['jo', 'kim', 'lee']));
    expect(closed.events).toEqual([{ type: 'ballots-closed', overdue: [] }]);
    const out = conclude(closed.state, t.drive.state, t.drive.now, { before: null, after: null, ballots });
    expect(out.state.result).toMatchObject({ winner: 'aff', by: 'judges', judges: { split: '2–1', overdue: [] } });
    expect(out.state.result?.judges?.speakers).toEqual([
      { userId: 'ann', name: 'Ann', sideId: 'aff', average: 76 },
      { userId: 'dan', name: 'Dan', sideId: 'neg', average: 74.5 },
    ]);
  });

  it('GIVEN the deadline passes with one ballot of two THEN the ballots close naming who is overdue, and one ballot decides', () => {
    const t = debate('lincoln-douglas');
    for (const j of ['jo', 'kim']) t.d = (addJudge(t.d, t.drive.state, { id: j, name: j }, t.drive.now) as { state: DecisionState }).state;
    t.runAll();
    const due = t.d.ballotsDueAt as number;
    expect(checkBallot(t.d, 'kim', false, due)?.code).toBe('ballots-closed');
    const closed = decisionTick({ ...t.d, remindedAt: 1 }, due + 60_000, new Set(['jo']));
    expect(closed.events).toEqual([{ type: 'ballots-closed', overdue: [expect.objectContaining({ userId: 'kim' })] }]);
    const out = conclude(closed.state, t.drive.state, due, { before: null, after: null, ballots: [ballotFor(t, 'jo', 'Negative')] });
    expect(out.state.result).toMatchObject({ winner: 'neg', judges: { split: '1–0', overdue: [{ userId: 'kim', name: 'kim' }] } });
  });

  it('GIVEN two judges split 1–1 THEN no majority and no winner', () => {
    const t = debate('lincoln-douglas');
    for (const j of ['jo', 'kim']) t.d = (addJudge(t.d, t.drive.state, { id: j, name: j }, t.drive.now) as { state: DecisionState }).state;
    t.runAll();
    const closed = ballotIn(t.d, t.drive.now, new Set(['jo', 'kim']));
    const out = conclude(closed.state, t.drive.state, t.drive.now, { before: null, after: null, ballots: [ballotFor(t, 'jo', 'aff'), ballotFor(t, 'kim', 'neg')] });
    expect(out.state.result).toMatchObject({ winner: null, undecided: 'no-majority', judges: { split: '1–1' } });
  });

  it('GIVEN a judges\' format with nobody named THEN it is undecided at the end', () => {
    const t = debate('lincoln-douglas');
    t.runAll();
    const out = conclude(t.d, t.drive.state, t.drive.now, { before: null, after: null, ballots: [] });
    expect(out.state.result).toMatchObject({ winner: null, undecided: 'no-judges' });
  });

  it('GIVEN who may send a ballot THEN not a non-judge, not before the end, not twice', () => {
    const t = debate('lincoln-douglas');
    t.d = (addJudge(t.d, t.drive.state, { id: 'jo', name: 'Jo' }, t.drive.now) as { state: DecisionState }).state;
    expect(checkBallot(t.d, 'jo', false, t.drive.now)?.code).toBe('ballots-not-open');
    t.runAll();
    expect(checkBallot(t.d, 'zoe', false, t.drive.now)?.code).toBe('not-judge');
    expect(checkBallot(t.d, 'jo', true, t.drive.now)?.code).toBe('ballot-given');
    expect(checkBallot(t.d, 'jo', false, t.drive.now)).toBeNull();
  });

  it('GIVEN a ballot badly filled in THEN a refusal saying what to correct', () => {
    const t = debate('lincoln-douglas');
    const read = (winner: string, scores: string, reason = 'Because.') => readBallot(t.drive.state, { id: 'jo', name: 'Jo' }, { winner, scores, reason }, 0);
    const msg = (b: ReturnType<typeof read>) => ('ok' in b ? b.message : '');
    expect(msg(read('Nobody', 'Ann (Affirmative): 75\nDan (Negative): 75'))).toMatch(/^The winner must be one of the sides: Affirmative or Negative \(not “Nobody”\)\. Nothing was stored/);
    expect(msg(read('aff', 'Ann (Affirmative): 101\nDan (Negative): 75'))).toMatch(/Ann's speaker score must be from 50 to 100/);
    expect(msg(read('aff', 'Ann (Affirmative): 49\nDan (Negative): 75'))).toMatch(/from 50 to 100/);
    expect(msg(read('aff', 'Ann (Affirmative): 75.3\nDan (Negative): 75'))).toMatch(/whole or half points/);
    expect(msg(read('aff', 'Ann (Affirmative): 75\nDan (Negative): '))).toMatch(/Dan's speaker score/);
    expect(msg(read('aff', 'Ann (Affirmative): 75'))).toMatch(/Dan has none/);
    expect(msg(read('aff', 'Ann (Affirmative): 75\nDan (Negative): 75', '  ...  '))).toMatch(/Give a short reason/);
    expect(msg(read('aff', 'Zed (Negative): 75'))).toMatch(/“speaker \(side\): score”/);
  });

  it('GIVEN British Parliamentary THEN a ballot ranks the four teams once each, and the rank sums place them', () => {
    const t = debate('british-parliamentary');
    const ranks = (og: number, oo: number, cg: number, co: number) => `Opening Government: ${og}\nOpening Opposition: ${oo}\nClosing Government: ${cg}\nClosing Opposition: ${co}`;
    const scores = 'Ann (Opening Government): 75\nDan (Opening Opposition): 74\nCat (Closing Government): 78\nEve (Closing Opposition): 72';
    const read = (r: string, judge = 'jo') => readBallot(t.drive.state, { id: judge, name: judge }, { ranks: r, scores, reason: 'CG extended best.' }, 0);
    expect('ok' in read(ranks(1, 1, 3, 4)) && (read(ranks(1, 1, 3, 4)) as { message: string }).message).toMatch(/Rank every team once, 1 to 4/);
    expect('ok' in read(ranks(1, 2, 3, 5))).toBe(true);
    const a = read(ranks(2, 4, 1, 3)) as Ballot;
    expect(a.ranking).toEqual(['cg', 'og', 'co', 'oo']);
    const b = read(ranks(1, 4, 2, 3), 'kim') as Ballot;
    const c = read(ranks(3, 4, 1, 2), 'lee') as Ballot;
    const judges = ['jo', 'kim', 'lee'].map((j) => ({ userId: j, name: j, addedAt: 0 }));
    // Rank sums: cg 4, og 6, co 8, oo 12; cg first on two ballots of three.
    expect(judgesResult(t.drive.state, judges, [a, b, c])).toMatchObject({ winner: 'cg', split: '2–1', placing: [['cg'], ['og'], ['co'], ['oo']] });
  });
});

describe('how formats are decided', () => {
  it('GIVEN the built-in formats THEN Oxford by the audience, LD and BP by judges, open floor not at all', async () => {
    const { BUILTIN_FORMATS } = await import('../../../src/core/debate/formats.js');
    expect(Object.fromEntries(BUILTIN_FORMATS.map((f) => [f.id, f.decidedBy]))).toEqual({ oxford: 'audience', 'lincoln-douglas': 'judges', 'british-parliamentary': 'judges', 'open-floor': 'none' });
  });

  it('GIVEN a custom format THEN decidedBy is checked, none when left out', async () => {
    const { validateFormat } = await import('../../../src/core/debate/formats.js');
    const base = { id: 'quick', name: 'Quick', sides: [{ id: 'a', name: 'A', capacity: 1 }, { id: 'b', name: 'B', capacity: 1 }], turns: [{ side: 'a', role: 'Case', seconds: 30 }] };
    expect(validateFormat(base, 'formats/quick.json')).toMatchObject({ ok: true, format: { decidedBy: 'none' } });
    expect(validateFormat({ ...base, decidedBy: 'both' }, 'formats/quick.json')).toMatchObject({ ok: true, format: { decidedBy: 'both' } });
    expect(validateFormat({ ...base, decidedBy: 'coin' }, 'formats/quick.json')).toEqual({ ok: false, errors: ['formats/quick.json: decidedBy must be one of audience, judges, both, none (got "coin").'] });
  });

  it('GIVEN a format judges decide with more speakers than a ballot has room for THEN it is refused, saying why; the audience may decide it', async () => {
    const { validateFormat, MAX_JUDGED_SPEAKERS } = await import('../../../src/core/debate/formats.js');
    expect(MAX_JUDGED_SPEAKERS).toBe(31);
    const sized = (a: number, b: number, decidedBy: DecidedBy) => ({
      id: 'assembly', name: 'Assembly', decidedBy,
      sides: [{ id: 'a', name: 'A', capacity: a }, { id: 'b', name: 'B', capacity: b }],
      turns: [{ side: 'a', role: 'Case', seconds: 30 }],
    });
    expect(validateFormat(sized(16, 16, 'judges'), 'formats/assembly.json')).toEqual({ ok: false, errors: [
      'formats/assembly.json: sides[].capacity, all sides together must be at most 31 when judges decide (decidedBy "judges"), as a ballot has room for 31 speaker scores; lower the capacities, or let the audience decide (got 32).',
    ] });
    expect(validateFormat(sized(16, 16, 'both'), 'formats/assembly.json').ok).toBe(false);
    expect(validateFormat(sized(16, 15, 'judges'), 'formats/assembly.json').ok).toBe(true);
    expect(validateFormat(sized(25, 25, 'audience'), 'formats/assembly.json').ok).toBe(true);
  });
});
