/**
 * The shape of a debate as the core sees it, the events a change produces and the refusals it can give.
 * Everything here is plain data so that the repository can persist it and tests can build it by hand.
 */
import type { FormatTurn } from './formats.js';

export type DebateStatus = 'open' | 'running' | 'paused' | 'ended';

export interface Side {
  id: string;
  name: string;
  capacity: number;
}

export interface Participant {
  userId: string;
  name: string;
  sideId: string;
  joinedAt: number;
}

/** A turn of the plan together with what happened in it (null until it starts / ends). */
export interface Turn extends FormatTurn {
  speakerId: string | null;
  speakerName: string | null;
  startedAt: number | null;
  endedAt: number | null;
  /** Speaking time granted, extensions included. */
  allottedMs: number | null;
  /** Speaking time used (pauses excluded). */
  usedMs: number | null;
  /** Time spoken past the deadline. */
  overrunMs: number | null;
}

export interface PointOfInformation {
  requesterId: string;
  requesterName: string;
  requestedAt: number;
}

/** The running clock of the turn being spoken. */
export interface Clock {
  /** When time runs out; null while paused. */
  deadline: number | null;
  /** Time left when paused (negative once past the deadline); null while running. */
  remainingMs: number | null;
  warned60: boolean;
  warned30: boolean;
  timeCalled: boolean;
}

export interface DebateState {
  /** Assigned by the repository; 0 before the debate is stored. */
  id: number;
  guildId: string | null;
  /** Where the debate happens: its thread, or the channel itself. */
  channelId: string;
  /** The channel the thread was made under, when there is a thread. */
  parentChannelId: string | null;
  hostId: string;
  hostName: string;
  motion: string;
  formatId: string;
  formatName: string;
  sides: Side[];
  participants: Participant[];
  turns: Turn[];
  status: DebateStatus;
  /** Index of the turn being spoken; -1 before begin. */
  turnIndex: number;
  clock: Clock | null;
  poi: PointOfInformation | null;
  /** How long after "time" the next turn starts on its own. */
  graceMs: number;
  createdAt: number;
  endedAt: number | null;
  endReason: EndReason | null;
}

export type EndReason = 'ended' | 'completed';

export type DebateEvent =
  | { type: 'opened' }
  | { type: 'joined'; userId: string; name: string; sideId: string }
  | { type: 'left'; userId: string; name: string; sideId: string }
  | { type: 'turn-started'; index: number; speakerId: string; speakerName: string; sideId: string; role: string; deadline: number }
  | { type: 'warning'; index: number; threshold: 60 | 30; secondsLeft: number }
  /** graceLeftMs: how long until the next turn (0 when the bot noticed late, after a restart, and moves on at once). */
  | { type: 'time'; index: number; speakerId: string; graceLeftMs: number }
  | { type: 'turn-ended'; index: number; usedMs: number; overrunMs: number; how: 'next' | 'auto' | 'end' }
  | { type: 'paused'; index: number; remainingMs: number }
  | { type: 'resumed'; index: number; deadline: number }
  | { type: 'extended'; index: number; seconds: number; deadline: number | null }
  | { type: 'poi-requested'; index: number; requesterId: string; requesterName: string; speakerId: string }
  | { type: 'poi-answered'; index: number; requesterId: string; requesterName: string; accepted: boolean }
  /** A point of information still waiting when its speech ended: the offer goes unanswered. */
  | { type: 'poi-lapsed'; index: number; requesterId: string; requesterName: string }
  | { type: 'argument'; index: number; at: number; userId: string; name: string; sideId: string; text: string; source: string | null }
  | { type: 'ended'; reason: EndReason };

export type RefusalCode =
  | 'motion-empty'
  | 'motion-too-long'
  | 'unknown-format'
  | 'bad-turn-length'
  | 'bad-sides'
  | 'channel-busy'
  | 'not-controller'
  | 'debate-ended'
  | 'not-open'
  | 'not-running'
  | 'not-paused'
  | 'already-joined'
  | 'unknown-side'
  | 'side-full'
  | 'not-participant'
  | 'speaking-now'
  | 'last-speaker'
  | 'side-empty'
  | 'not-your-turn'
  | 'poi-not-allowed'
  | 'poi-protected'
  | 'poi-own-side'
  | 'poi-pending'
  | 'no-poi'
  | 'bad-extension'
  | 'argument-empty'
  | 'argument-too-long'
  | 'no-debate'
  | 'thread-failed'
  | 'card-failed'
  | 'several-debates'
  // Deciding a debate (src/core/debate/decision.ts, vote.ts, ballot.ts).
  | 'no-vote'
  | 'bad-vote-time'
  | 'vote-closed'
  | 'vote-not-open'
  | 'voter-is-debater'
  | 'voter-is-judge'
  | 'unknown-choice'
  | 'no-judges'
  | 'judge-is-debater'
  | 'already-judge'
  | 'not-judge'
  | 'too-many-judges'
  | 'ballots-not-open'
  | 'ballots-closed'
  | 'ballot-given'
  | 'bad-ballot';

export interface Refusal {
  ok: false;
  code: RefusalCode;
  message: string;
}

export type Outcome = { ok: true; state: DebateState; events: DebateEvent[] } | Refusal;

export const refuse = (code: RefusalCode, message: string): Refusal => ({ ok: false, code, message });

/** "An Oxford debate", "A Lincoln–Douglas debate": a format's debate, to open a sentence. */
export const aDebateOf = (formatName: string): string => `${/^[aeiou]/i.test(formatName) ? 'An' : 'A'} ${formatName} debate`;

/** Who may act on the debate's clock and order: its host and moderators. */
export interface Actor {
  id: string;
  name: string;
  isModerator: boolean;
}

/** The turn being spoken, or null. */
export function currentTurn(state: DebateState): Turn | null {
  return state.turnIndex >= 0 && state.turnIndex < state.turns.length ? state.turns[state.turnIndex] : null;
}

export function sideName(state: DebateState, sideId: string): string {
  return state.sides.find((s) => s.id === sideId)?.name ?? sideId;
}

/** Members of a side in join order. */
export function sideMembers(state: DebateState, sideId: string): Participant[] {
  return state.participants.filter((p) => p.sideId === sideId);
}

/** Milliseconds left in the current turn at `now` (negative past the deadline); null with no turn. */
export function remainingMs(state: DebateState, now: number): number | null {
  const clock = state.clock;
  if (!clock) return null;
  if (clock.deadline !== null) return clock.deadline - now;
  return clock.remainingMs;
}

/** "4:05", "-0:12". */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const total = Math.ceil(Math.abs(ms) / 1000);
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${sign}${m}:${String(s).padStart(2, '0')}`;
}

/** An argument recorded in a debate: who made it, on which side and turn, its words and source. */
export interface StoredArgument {
  id: number;
  /** Its number in its debate: #1, #2 … */
  number: number;
  debateId: number;
  turnIndex: number;
  userId: string;
  userName: string;
  sideId: string;
  text: string;
  source: string | null;
  channelId: string | null;
  messageId: string | null;
  createdAt: number;
}
