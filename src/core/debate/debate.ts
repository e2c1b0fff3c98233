/**
 * The debate state machine: open (joining) → running (turn i against a deadline, or paused with time left)
 * → ended. Every action is a pure function (state, actor, now, input) → Outcome; a refusal changes nothing.
 */
import { MAX_TURN_SECONDS, MIN_TURN_SECONDS, planTurns, type DebateFormat } from './formats.js';
import {
  currentTurn,
  formatDuration,
  refuse,
  remainingMs,
  sideMembers,
  sideName,
  type Actor,
  type DebateEvent,
  type DebateState,
  type Outcome,
  type Participant,
  type Refusal,
} from './state.js';

export const MAX_MOTION_LENGTH = 300;
export const MAX_ARGUMENT_LENGTH = 4000;
export const DEFAULT_GRACE_SECONDS = 10;

export interface OpenInput {
  guildId: string | null;
  channelId: string;
  parentChannelId: string | null;
  motion: string;
  /** The format asked for, or undefined when the id did not match any known format. */
  format: DebateFormat | undefined;
  /** The id the user typed, for the refusal message. */
  formatId: string;
  /** Names replacing the format's side names, one per side. */
  sideNames?: string[];
  turnSeconds?: number;
  graceSeconds?: number;
  /** Ids of formats on offer, for the unknown-format refusal. */
  knownFormats: string[];
  /** Whether the channel already holds a debate that has not ended. */
  channelBusy: boolean;
}

/** Checks what `start` was given, without building anything: used before a thread is created. */
export function checkOpen(input: OpenInput): Refusal | null {
  const motion = input.motion.trim();
  if (motion === '') return refuse('motion-empty', 'The motion is empty: give the statement to debate, e.g. "This house believes…".');
  if (motion.length > MAX_MOTION_LENGTH) {
    return refuse('motion-too-long', `The motion is ${motion.length} characters long; shorten it to at most ${MAX_MOTION_LENGTH}.`);
  }
  if (!input.format) {
    return refuse('unknown-format', `There is no format "${input.formatId}". Pick one of: ${input.knownFormats.join(', ')}.`);
  }
  const t = input.turnSeconds;
  if (t !== undefined && (!Number.isInteger(t) || t < MIN_TURN_SECONDS || t > MAX_TURN_SECONDS)) {
    return refuse('bad-turn-length', `A turn must last from ${MIN_TURN_SECONDS} to ${MAX_TURN_SECONDS} whole seconds (an hour); ${t} is not allowed.`);
  }
  if (input.sideNames) {
    const names = input.sideNames.map((n) => n.trim());
    const n = input.format.sides.length;
    if (names.length !== n || names.some((s) => s === '' || s.length > 50) || new Set(names.map((s) => s.toLowerCase())).size !== n) {
      return refuse('bad-sides', `The ${input.format.name} format has ${n} sides: give ${n} different names of at most 50 characters, separated by commas.`);
    }
  }
  if (input.channelBusy) {
    return refuse('channel-busy', 'A debate is already open here. End it with /debate end, or start the new one in another channel.');
  }
  return null;
}

/** Opens a debate (status "open": members join sides). */
export function openDebate(input: OpenInput, host: Actor, now: number): Outcome {
  const bad = checkOpen(input);
  if (bad) return bad;
  const format = input.format as DebateFormat;
  const state: DebateState = {
    id: 0,
    guildId: input.guildId,
    channelId: input.channelId,
    parentChannelId: input.parentChannelId,
    hostId: host.id,
    hostName: host.name,
    motion: input.motion.trim(),
    formatId: format.id,
    formatName: format.name,
    sides: format.sides.map((s, i) => ({ ...s, name: input.sideNames?.[i]?.trim() ?? s.name })),
    participants: [],
    turns: planTurns(format, input.turnSeconds).map((t) => ({
      ...t,
      speakerId: null,
      speakerName: null,
      startedAt: null,
      endedAt: null,
      allottedMs: null,
      usedMs: null,
      overrunMs: null,
    })),
    status: 'open',
    turnIndex: -1,
    clock: null,
    poi: null,
    graceMs: (input.graceSeconds ?? DEFAULT_GRACE_SECONDS) * 1000,
    createdAt: now,
    endedAt: null,
    endReason: null,
  };
  return { ok: true, state, events: [{ type: 'opened' }] };
}

export const isController = (state: DebateState, actor: Actor): boolean => actor.isModerator || actor.id === state.hostId;

function needController(state: DebateState, actor: Actor, what: string): Refusal | null {
  return isController(state, actor) ? null : refuse('not-controller', `Only the host or a moderator can ${what} the debate.`);
}

function needNotEnded(state: DebateState): Refusal | null {
  return state.status === 'ended' ? refuse('debate-ended', 'This debate has ended; start a new one with /debate start.') : null;
}

function needRunning(state: DebateState, allowPaused = false): Refusal | null {
  const ended = needNotEnded(state);
  if (ended) return ended;
  if (state.status === 'open') return refuse('not-running', 'The debate has not begun yet: the host starts it with /debate begin.');
  if (state.status === 'paused' && !allowPaused) return refuse('not-running', 'The debate is paused: the host resumes it with /debate resume.');
  return null;
}

const clone = (state: DebateState): DebateState => structuredClone(state);

/** Joins a side (the emptiest side with room when none is named). */
export function join(state: DebateState, actor: Actor, now: number, input: { side?: string }): Outcome {
  const ended = needNotEnded(state);
  if (ended) return ended;
  const mine = state.participants.find((p) => p.userId === actor.id);
  if (mine) {
    return refuse('already-joined', `You have already joined ${sideName(state, mine.sideId)}. Use /debate leave first to change sides.`);
  }
  let side;
  if (input.side !== undefined && input.side.trim() !== '') {
    const want = input.side.trim().toLowerCase();
    side = state.sides.find((s) => s.id === want || s.name.toLowerCase() === want);
    if (!side) {
      return refuse('unknown-side', `There is no side "${input.side}". The sides are: ${state.sides.map((s) => s.name).join(', ')}.`);
    }
    if (sideMembers(state, side.id).length >= side.capacity) {
      return refuse('side-full', `${side.name} is full (${side.capacity} of ${side.capacity} speakers). Join another side or wait for a place.`);
    }
  } else {
    const open = state.sides
      .map((s) => ({ s, n: sideMembers(state, s.id).length }))
      .filter(({ s, n }) => n < s.capacity)
      .sort((a, b) => a.n - b.n);
    if (open.length === 0) return refuse('side-full', 'Every side is full; you can still follow the debate and read /debate status.');
    side = open[0].s;
  }
  const next = clone(state);
  next.participants.push({ userId: actor.id, name: actor.name, sideId: side.id, joinedAt: now });
  return { ok: true, state: next, events: [{ type: 'joined', userId: actor.id, name: actor.name, sideId: side.id }] };
}

/** Leaves the debate; refused to the speaker on the floor and to the last member of a side once it runs. */
export function leave(state: DebateState, actor: Actor, _now: number): Outcome {
  const ended = needNotEnded(state);
  if (ended) return ended;
  const mine = state.participants.find((p) => p.userId === actor.id);
  if (!mine) return refuse('not-participant', 'You have not joined this debate.');
  if (state.status !== 'open') {
    if (currentTurn(state)?.speakerId === actor.id) {
      return refuse('speaking-now', 'You have the floor: finish your turn with /debate next before leaving.');
    }
    if (sideMembers(state, mine.sideId).length === 1) {
      return refuse('last-speaker', `You are the last speaker for ${sideName(state, mine.sideId)}; ask the host to end the debate instead.`);
    }
  }
  const next = clone(state);
  next.participants = next.participants.filter((p) => p.userId !== actor.id);
  return { ok: true, state: next, events: [{ type: 'left', userId: actor.id, name: actor.name, sideId: mine.sideId }] };
}

/** The member of the turn's side whose slot it is. */
function speakerFor(state: DebateState, index: number): Participant | undefined {
  const t = state.turns[index];
  const members = sideMembers(state, t.side);
  return members.length === 0 ? undefined : members[t.slot % members.length];
}

/** Starts turn `index` at `now` on a cloned state (mutates `next`). */
function startTurn(next: DebateState, index: number, now: number, events: DebateEvent[]): void {
  const speaker = speakerFor(next, index) as Participant;
  const t = next.turns[index];
  const allotted = t.seconds * 1000;
  Object.assign(t, { speakerId: speaker.userId, speakerName: speaker.name, startedAt: now, allottedMs: allotted });
  next.turnIndex = index;
  next.status = 'running';
  next.poi = null;
  next.clock = { deadline: now + allotted, remainingMs: null, warned60: allotted <= 60_000, warned30: allotted <= 30_000, timeCalled: false };
  events.push({ type: 'turn-started', index, speakerId: speaker.userId, speakerName: speaker.name, sideId: t.side, role: t.role, deadline: now + allotted });
}

/** Closes the current turn (mutates `next`); `endAt` is when speaking stopped. */
function closeTurn(next: DebateState, endAt: number, how: 'next' | 'auto' | 'end', events: DebateEvent[]): void {
  const t = currentTurn(next);
  if (!t || t.endedAt !== null) return;
  const left = remainingMs(next, endAt) ?? 0;
  const allotted = t.allottedMs ?? t.seconds * 1000;
  t.endedAt = endAt;
  t.usedMs = allotted - left;
  t.overrunMs = Math.max(0, -left);
  next.clock = null;
  lapsePoi(next, events);
  events.push({ type: 'turn-ended', index: next.turnIndex, usedMs: t.usedMs, overrunMs: t.overrunMs, how });
}

function finish(next: DebateState, now: number, reason: 'ended' | 'completed', events: DebateEvent[]): void {
  next.status = 'ended';
  next.endedAt = now;
  next.endReason = reason;
  next.clock = null;
  lapsePoi(next, events);
  events.push({ type: 'ended', reason });
}

/** Drops a point of information still waiting (mutates `next`), saying so: its offer is closed. */
function lapsePoi(next: DebateState, events: DebateEvent[]): void {
  if (next.poi) events.push({ type: 'poi-lapsed', index: next.turnIndex, requesterId: next.poi.requesterId, requesterName: next.poi.requesterName });
  next.poi = null;
}

/** Moves to the turn after the current one, or completes the debate after the last. */
function advance(next: DebateState, now: number, events: DebateEvent[]): void {
  const index = next.turnIndex + 1;
  if (index >= next.turns.length) finish(next, now, 'completed', events);
  else startTurn(next, index, now, events);
}

/** Starts the first turn; every side needs a speaker. */
export function begin(state: DebateState, actor: Actor, now: number): Outcome {
  const ended = needNotEnded(state);
  if (ended) return ended;
  const denied = needController(state, actor, 'begin');
  if (denied) return denied;
  if (state.status !== 'open') return refuse('not-open', 'The debate has already begun; /debate status shows where it stands.');
  const empty = state.sides.filter((s) => state.turns.some((t) => t.side === s.id) && sideMembers(state, s.id).length === 0);
  if (empty.length > 0) {
    return refuse('side-empty', `Every side needs a speaker before the debate begins: nobody has joined ${empty.map((s) => s.name).join(', ')} yet.`);
  }
  const next = clone(state);
  const events: DebateEvent[] = [];
  startTurn(next, 0, now, events);
  return { ok: true, state: next, events };
}

/** Ends the current turn early: the host, a moderator or the speaker. */
export function nextTurn(state: DebateState, actor: Actor, now: number): Outcome {
  const bad = needRunning(state, true);
  if (bad) return bad;
  const speaker = currentTurn(state)?.speakerId;
  if (!isController(state, actor) && actor.id !== speaker) {
    return refuse('not-controller', 'Only the host, a moderator or the current speaker can end this turn.');
  }
  const next = clone(state);
  const events: DebateEvent[] = [];
  closeTurn(next, now, 'next', events);
  advance(next, now, events);
  return { ok: true, state: next, events };
}

export function pause(state: DebateState, actor: Actor, now: number): Outcome {
  const bad = needRunning(state) ?? needController(state, actor, 'pause');
  if (bad) return bad;
  const next = clone(state);
  const left = remainingMs(state, now) as number;
  next.status = 'paused';
  next.clock = { ...(next.clock as NonNullable<DebateState['clock']>), deadline: null, remainingMs: left };
  return { ok: true, state: next, events: [{ type: 'paused', index: next.turnIndex, remainingMs: left }] };
}

export function resume(state: DebateState, actor: Actor, now: number): Outcome {
  const ended = needNotEnded(state);
  if (ended) return ended;
  const denied = needController(state, actor, 'resume');
  if (denied) return denied;
  if (state.status !== 'paused') return refuse('not-paused', 'The debate is not paused.');
  const next = clone(state);
  const clock = next.clock as NonNullable<DebateState['clock']>;
  const deadline = now + (clock.remainingMs as number);
  next.status = 'running';
  next.clock = { ...clock, deadline, remainingMs: null };
  return { ok: true, state: next, events: [{ type: 'resumed', index: next.turnIndex, deadline }] };
}

/** Adds time to the current turn (paused or running); warnings already given come back when due again. */
export function extend(state: DebateState, actor: Actor, now: number, input: { seconds: number }): Outcome {
  const bad = needRunning(state, true) ?? needController(state, actor, 'extend a turn in');
  if (bad) return bad;
  const s = input.seconds;
  if (!Number.isInteger(s) || s < 1 || s > MAX_TURN_SECONDS) {
    return refuse('bad-extension', `An extension must be from 1 to ${MAX_TURN_SECONDS} whole seconds; ${s} is not allowed.`);
  }
  const next = clone(state);
  const t = currentTurn(next) as NonNullable<ReturnType<typeof currentTurn>>;
  t.allottedMs = (t.allottedMs ?? 0) + s * 1000;
  const clock = next.clock as NonNullable<DebateState['clock']>;
  if (clock.deadline !== null) clock.deadline += s * 1000;
  else clock.remainingMs = (clock.remainingMs as number) + s * 1000;
  const left = remainingMs(next, now) as number;
  if (left > 0) clock.timeCalled = false;
  if (left > 30_000) clock.warned30 = false;
  if (left > 60_000) clock.warned60 = false;
  return { ok: true, state: next, events: [{ type: 'extended', index: next.turnIndex, seconds: s, deadline: clock.deadline }] };
}

/** A member of another side offers a point of information to the speaker. */
export function requestPoi(state: DebateState, actor: Actor, now: number): Outcome {
  const bad = needRunning(state);
  if (bad) return bad;
  const t = currentTurn(state) as NonNullable<ReturnType<typeof currentTurn>>;
  const me = state.participants.find((p) => p.userId === actor.id);
  if (!me) return refuse('not-participant', 'Only debaters can offer a point of information: join a side with /debate join.');
  if (!t.poiAllowed) return refuse('poi-not-allowed', `Points of information are not taken during the ${t.role} (${state.formatName}).`);
  if (me.sideId === t.side) return refuse('poi-own-side', 'Points of information come from the other side, not from the speaker\'s own.');
  if (state.poi) return refuse('poi-pending', `${state.poi.requesterName}'s point of information is waiting for the speaker's answer.`);
  const left = remainingMs(state, now) as number;
  const elapsed = (t.allottedMs as number) - left;
  if (elapsed < t.protectedStart * 1000) {
    return refuse('poi-protected', `The first ${t.protectedStart} s of this speech are protected: try again in ${Math.ceil((t.protectedStart * 1000 - elapsed) / 1000)} s.`);
  }
  if (left <= t.protectedEnd * 1000) {
    return refuse('poi-protected', `The last ${t.protectedEnd} s of this speech are protected: no more points of information in it.`);
  }
  const next = clone(state);
  next.poi = { requesterId: actor.id, requesterName: actor.name, requestedAt: now };
  return {
    ok: true,
    state: next,
    events: [{ type: 'poi-requested', index: state.turnIndex, requesterId: actor.id, requesterName: actor.name, speakerId: t.speakerId as string }],
  };
}

/** The speaker accepts or declines the pending point of information. */
export function answerPoi(state: DebateState, actor: Actor, _now: number, input: { accept: boolean }): Outcome {
  const bad = needRunning(state, true);
  if (bad) return bad;
  const t = currentTurn(state) as NonNullable<ReturnType<typeof currentTurn>>;
  if (actor.id !== t.speakerId) return refuse('not-your-turn', `Only the speaker, ${t.speakerName}, can answer a point of information.`);
  if (!state.poi) return refuse('no-poi', 'There is no point of information waiting for an answer.');
  const next = clone(state);
  next.poi = null;
  return {
    ok: true,
    state: next,
    events: [{ type: 'poi-answered', index: state.turnIndex, requesterId: state.poi.requesterId, requesterName: state.poi.requesterName, accepted: input.accept }],
  };
}

/** The speaker's argument, recorded against their turn and side. */
export function argue(state: DebateState, actor: Actor, now: number, input: { text: string; source?: string | null }): Outcome {
  const bad = needRunning(state, true);
  if (bad) return bad;
  const t = currentTurn(state) as NonNullable<ReturnType<typeof currentTurn>>;
  if (actor.id !== t.speakerId) {
    const joined = state.participants.some((p) => p.userId === actor.id);
    return refuse(
      joined ? 'not-your-turn' : 'not-participant',
      joined
        ? `It is not your turn: the current speaker is ${t.speakerName}. Wait for your turn to argue.`
        : `Only debaters argue, on their own turn: the current speaker is ${t.speakerName}. Join a side with /debate join.`,
    );
  }
  const text = input.text.trim();
  if (text === '') return refuse('argument-empty', 'The argument is empty: write what you want to put to the house.');
  if (text.length > MAX_ARGUMENT_LENGTH) {
    return refuse('argument-too-long', `The argument is ${text.length} characters; split it into parts of at most ${MAX_ARGUMENT_LENGTH}.`);
  }
  const source = input.source?.trim() || null;
  return {
    ok: true,
    state,
    events: [{ type: 'argument', index: state.turnIndex, at: now, userId: actor.id, name: actor.name, sideId: t.side, text, source }],
  };
}

/** Closes the debate (the turn being spoken closes with it). */
export function end(state: DebateState, actor: Actor, now: number): Outcome {
  const bad = needNotEnded(state) ?? needController(state, actor, 'end');
  if (bad) return bad;
  const next = clone(state);
  const events: DebateEvent[] = [];
  closeTurn(next, now, 'end', events);
  finish(next, now, 'ended', events);
  return { ok: true, state: next, events };
}

/** When `tick` next has something to do, or null when nothing is timed (open, paused, ended). */
export function nextDueAt(state: DebateState): number | null {
  const clock = state.clock;
  if (state.status !== 'running' || !clock || clock.deadline === null) return null;
  if (!clock.warned60) return clock.deadline - 60_000;
  if (!clock.warned30) return clock.deadline - 30_000;
  if (!clock.timeCalled) return clock.deadline;
  return clock.deadline + state.graceMs;
}

/**
 * The timer: gives what is due at `now` — the latest warning only (a stale one-minute warning is skipped),
 * "time" at the deadline, and the move to the next turn once the grace period is over.
 */
export function tick(state: DebateState, now: number): Outcome {
  const due = nextDueAt(state);
  if (due === null || due > now) return { ok: true, state, events: [] };
  const next = clone(state);
  const clock = next.clock as NonNullable<DebateState['clock']>;
  const deadline = clock.deadline as number;
  const left = deadline - now;
  const events: DebateEvent[] = [];
  if (left > 0) {
    const threshold = left <= 30_000 ? 30 : 60;
    clock.warned60 = true;
    if (threshold === 30) clock.warned30 = true;
    events.push({ type: 'warning', index: next.turnIndex, threshold, secondsLeft: Math.ceil(left / 1000) });
    return { ok: true, state: next, events };
  }
  clock.warned60 = clock.warned30 = true;
  const autoAt = deadline + next.graceMs;
  if (!clock.timeCalled) {
    clock.timeCalled = true;
    events.push({ type: 'time', index: next.turnIndex, speakerId: currentTurn(next)?.speakerId as string, graceLeftMs: Math.max(0, autoAt - now) });
  }
  if (now >= autoAt) {
    // Closed as of its deadline: the grace is the bot's wait before the next turn, not the speaker's overrun
    // (even when the bot notices late, after a restart).
    closeTurn(next, deadline, 'auto', events);
    advance(next, now, events);
  }
  return { ok: true, state: next, events };
}

/** A status line for the debate at `now`. */
export function describeClock(state: DebateState, now: number): string {
  const t = currentTurn(state);
  if (state.status === 'open') return 'Open: members are joining sides.';
  if (state.status === 'ended') return state.endReason === 'completed' ? 'Ended: every turn has been spoken.' : 'Ended by the host.';
  if (!t) return '';
  const left = remainingMs(state, now) as number;
  const when = left >= 0 ? `${formatDuration(left)} left` : `${formatDuration(-left)} over time`;
  return `${state.status === 'paused' ? 'Paused' : 'Running'}: turn ${state.turnIndex + 1} of ${state.turns.length}, ${t.role} (${sideName(state, t.side)}), ${t.speakerName} speaking, ${when}.`;
}

export type DebateAction =
  | { kind: 'join'; side?: string }
  | { kind: 'leave' }
  | { kind: 'begin' }
  | { kind: 'next' }
  | { kind: 'pause' }
  | { kind: 'resume' }
  | { kind: 'extend'; seconds: number }
  | { kind: 'poi' }
  | { kind: 'poi-answer'; accept: boolean }
  | { kind: 'argue'; text: string; source?: string | null }
  | { kind: 'end' };

/** Dispatches one action to its function. */
export function applyAction(state: DebateState, actor: Actor, now: number, action: DebateAction): Outcome {
  switch (action.kind) {
    case 'join': return join(state, actor, now, action);
    case 'leave': return leave(state, actor, now);
    case 'begin': return begin(state, actor, now);
    case 'next': return nextTurn(state, actor, now);
    case 'pause': return pause(state, actor, now);
    case 'resume': return resume(state, actor, now);
    case 'extend': return extend(state, actor, now, action);
    case 'poi': return requestPoi(state, actor, now);
    case 'poi-answer': return answerPoi(state, actor, now, action);
    case 'argue': return argue(state, actor, now, action);
    case 'end': return end(state, actor, now);
  }
}
