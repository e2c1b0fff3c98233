/**
 * Judges' ballots: what a ballot holds (the winner, or for more than two sides the rank of each; a speaker score
 * for each speaker on Tabbycat's 50–100 scale; a reason), reading one from the lines a judge typed, who may send
 * one and when, and the panel's decision — the majority, with the split. Pure.
 */
import { clip } from '../text.js';
import { refuse, sideName, type DebateState, type Participant, type Refusal } from './state.js';

/** An adjudicator named for the debate. */
export interface Judge {
  userId: string;
  name: string;
  addedAt: number;
}

export interface SpeakerScore {
  userId: string;
  name: string;
  sideId: string;
  score: number;
}

export interface Ballot {
  judgeId: string;
  judgeName: string;
  /** Side ids from first to last (two sides: the winner, then the other). */
  ranking: string[];
  scores: SpeakerScore[];
  reason: string;
  submittedAt: number;
}

/** Tabbycat's convention: speaker scores from 50 to 100, most between 70 and 80, in whole or half points. */
export const SCORE_MIN = 50;
export const SCORE_MAX = 100;
export const SCORE_TYPICAL = '70–80';
export const MAX_REASON_LENGTH = 1000;

/** What a judge fills in, as ballot lines: the sides to rank (or the two to choose from) and the speakers to score. */
export interface BallotTemplate {
  /** True with two sides: the judge names the winner; else ranks each side. */
  pickWinner: boolean;
  sides: { id: string; name: string }[];
  speakers: Participant[];
}

export function ballotTemplate(debate: DebateState): BallotTemplate {
  return { pickWinner: debate.sides.length === 2, sides: debate.sides.map((s) => ({ id: s.id, name: s.name })), speakers: debate.participants };
}

/**
 * One speaker's line as the form shows it ("Ann (For): "); their score follows the colon. The name is cut so that
 * the line stays within SPEAKER_LABEL_LENGTH (a side's name has at most 50 characters), which the ballot's room
 * for MAX_JUDGED_SPEAKERS speakers counts on.
 */
export const speakerLine = (debate: DebateState, p: Participant): string => `${clip(p.name, 60, 'utf16')} (${sideName(debate, p.sideId)}): `;

/** One side's line in a ranking ("Opening Government: "); its rank follows the colon. */
export const rankLine = (name: string): string => `${name}: `;

/** The fields of a ballot, as the form returns them (by field id). */
export interface BallotFields {
  winner?: string;
  ranks?: string;
  scores?: string;
  reason?: string;
}

const bad = (message: string): Refusal => refuse('bad-ballot', `${message} Nothing was stored: open the ballot again and correct it.`);

const fold = (s: string): string => s.trim().replace(/\s+/g, ' ').toLowerCase();

/** "Name (Side): 75" → ["Name (Side)", "75"]: split at the last colon. */
function splitLine(line: string): [string, string] | null {
  const at = line.lastIndexOf(':');
  return at < 0 ? null : [line.slice(0, at).trim(), line.slice(at + 1).trim()];
}

function readRanking(t: BallotTemplate, fields: BallotFields): string[] | Refusal {
  const sideByName = (typed: string) => t.sides.find((s) => fold(s.name) === fold(typed) || s.id === fold(typed));
  if (t.pickWinner) {
    const typed = (fields.winner ?? '').trim();
    const winner = sideByName(typed);
    if (!winner) return bad(`The winner must be one of the sides: ${t.sides.map((s) => s.name).join(' or ')}${typed ? ` (not “${typed}”)` : ''}.`);
    return [winner.id, ...t.sides.filter((s) => s.id !== winner.id).map((s) => s.id)];
  }
  const rankOf = new Map<string, number>();
  for (const line of (fields.ranks ?? '').split('\n').filter((l) => l.trim())) {
    const parts = splitLine(line);
    const side = parts && sideByName(parts[0]);
    if (!parts || !side) return bad(`Each line of the ranks is “team: rank”, for the teams ${t.sides.map((s) => s.name).join(', ')}.`);
    const rank = Number(parts[1]);
    if (!Number.isInteger(rank) || rank < 1 || rank > t.sides.length) return bad(`${side.name}'s rank must be a whole number from 1 to ${t.sides.length}.`);
    rankOf.set(side.id, rank);
  }
  const ranks = t.sides.map((s) => rankOf.get(s.id));
  if (ranks.some((r) => r === undefined) || new Set(ranks).size !== t.sides.length) {
    return bad(`Rank every team once, 1 to ${t.sides.length} (1 is first): ${t.sides.map((s) => s.name).join(', ')}.`);
  }
  return [...t.sides].sort((a, b) => (rankOf.get(a.id) as number) - (rankOf.get(b.id) as number)).map((s) => s.id);
}

function readScores(debate: DebateState, t: BallotTemplate, text: string): SpeakerScore[] | Refusal {
  const scores = new Map<string, number>();
  for (const line of text.split('\n').filter((l) => l.trim())) {
    const parts = splitLine(line);
    const typed = parts ? fold(parts[0]) : '';
    const who = t.speakers.find((p) => fold(speakerLine(debate, p).replace(/:\s*$/, '')) === typed || fold(p.name) === typed);
    if (!parts || !who) return bad(`Each line of the speaker scores is “speaker (side): score”, one for each of ${t.speakers.map((p) => p.name).join(', ')}.`);
    const score = Number(parts[1].replace(',', '.'));
    if (parts[1] === '' || !Number.isFinite(score) || score < SCORE_MIN || score > SCORE_MAX || !Number.isInteger(score * 2)) {
      return bad(`${who.name}'s speaker score must be from ${SCORE_MIN} to ${SCORE_MAX} in whole or half points (most are ${SCORE_TYPICAL}); “${parts[1] || 'nothing'}” is not.`);
    }
    scores.set(who.userId, score);
  }
  const missing = t.speakers.filter((p) => !scores.has(p.userId));
  if (missing.length > 0) return bad(`Give a speaker score to every speaker: ${missing.map((p) => p.name).join(', ')} ${missing.length === 1 ? 'has' : 'have'} none.`);
  return t.speakers.map((p) => ({ userId: p.userId, name: p.name, sideId: p.sideId, score: scores.get(p.userId) as number }));
}

/** Reads a ballot from a submitted form; a refusal says what to correct. */
export function readBallot(debate: DebateState, judge: { id: string; name: string }, fields: BallotFields, now: number): Ballot | Refusal {
  const t = ballotTemplate(debate);
  const ranking = readRanking(t, fields);
  if (!Array.isArray(ranking)) return ranking;
  const scores = readScores(debate, t, fields.scores ?? '');
  if (!Array.isArray(scores)) return scores;
  const reason = (fields.reason ?? '').trim();
  if (!/[\p{L}\p{N}]/u.test(reason)) return bad('Give a short reason for your decision.');
  if (reason.length > MAX_REASON_LENGTH) return bad(`The reason is ${reason.length} characters; keep it to ${MAX_REASON_LENGTH}.`);
  return { judgeId: judge.id, judgeName: judge.name, ranking, scores, reason, submittedAt: now };
}

/**
 * Whether `judgeId` may send a ballot now: a judge of the debate, once it has ended and before the ballots
 * close, and only once.
 */
export function checkBallot(
  d: { judges: readonly Judge[]; ballotsOpenedAt: number | null; ballotsDueAt: number | null; ballotsClosedAt: number | null },
  judgeId: string,
  alreadySent: boolean,
  now: number,
): Refusal | null {
  if (!d.judges.some((j) => j.userId === judgeId)) return refuse('not-judge', 'Only the judges of this debate send ballots; you are not one of them.');
  if (d.ballotsOpenedAt === null) return refuse('ballots-not-open', 'Ballots open when the debate ends; you will be asked in the thread then.');
  if (alreadySent) return refuse('ballot-given', 'Your ballot for this debate is already in; a ballot cannot be changed once sent.');
  if (d.ballotsClosedAt !== null || (d.ballotsDueAt !== null && now >= d.ballotsDueAt)) {
    return refuse('ballots-closed', 'The ballots for this debate are closed: the deadline has passed, so this ballot is not counted.');
  }
  return null;
}

/** Groups `items` by `key` (lower first), keeping level ones together. */
export function placingOf(items: readonly string[], key: (item: string) => number): string[][] {
  const sorted = [...items].sort((a, b) => key(a) - key(b));
  const out: string[][] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && key(last[0]) === key(s)) last.push(s);
    else out.push([s]);
  }
  return out;
}

export interface JudgesResult {
  judges: number;
  ballots: number;
  /** Judges who sent no ballot by the deadline. */
  overdue: { userId: string; name: string }[];
  winner: string | null;
  /** "2–1": ballots that put the winner first, against the rest. */
  split: string;
  /** Sides by the sum of their ranks over the ballots, best first (level ones together). */
  placing: string[][];
  reasons: { judgeName: string; reason: string; first: string }[];
  /** Each speaker's average score over the ballots. */
  speakers: { userId: string; name: string; sideId: string; average: number }[];
}

/**
 * The panel's decision: sides ordered by the sum of their ranks over the ballots (with two sides, the majority);
 * the winner is the one side placed first — with sides level at the top there is no majority and no winner.
 */
export function judgesResult(debate: DebateState, judges: readonly Judge[], ballots: readonly Ballot[]): JudgesResult {
  const sides = debate.sides.map((s) => s.id);
  const rankSum = (s: string) => ballots.reduce((n, b) => n + (b.ranking.indexOf(s) + 1 || sides.length), 0);
  const placing = ballots.length ? placingOf(sides, rankSum) : [];
  const winner = placing[0]?.length === 1 ? placing[0][0] : null;
  const firsts = (s: string) => ballots.filter((b) => b.ranking[0] === s).length;
  const top = winner ?? placing[0]?.[0];
  const split = top ? `${firsts(top)}–${ballots.length - firsts(top)}` : '0–0';
  const byUser = new Map<string, { userId: string; name: string; sideId: string; total: number; n: number }>();
  for (const b of ballots) {
    for (const s of b.scores) {
      const e = byUser.get(s.userId) ?? byUser.set(s.userId, { userId: s.userId, name: s.name, sideId: s.sideId, total: 0, n: 0 }).get(s.userId)!;
      e.total += s.score;
      e.n += 1;
    }
  }
  const sent = new Set(ballots.map((b) => b.judgeId));
  return {
    judges: judges.length,
    ballots: ballots.length,
    overdue: judges.filter((j) => !sent.has(j.userId)).map((j) => ({ userId: j.userId, name: j.name })),
    winner,
    split,
    placing,
    reasons: ballots.map((b) => ({ judgeName: b.judgeName, reason: b.reason, first: b.ranking[0] })),
    speakers: [...byUser.values()].map((e) => ({ userId: e.userId, name: e.name, sideId: e.sideId, average: Math.round((e.total / e.n) * 10) / 10 })),
  };
}
