/** Builders for core debate tests: actors, an opened debate, and a driver that fails loudly on refusals. */
import { expect } from 'vitest';
import { applyAction, openDebate, type DebateAction, type OpenInput } from '../../../src/core/debate/debate.js';
import { BUILTIN_FORMATS, type DebateFormat } from '../../../src/core/debate/formats.js';
import type { Actor, DebateEvent, DebateState, Outcome, Refusal } from '../../../src/core/debate/state.js';

export const host: Actor = { id: 'host', name: 'Hosta', isModerator: false };
export const mod: Actor = { id: 'mod', name: 'Modra', isModerator: true };
export const user = (id: string): Actor => ({ id, name: id[0].toUpperCase() + id.slice(1), isModerator: false });

export const formatById = (id: string): DebateFormat => BUILTIN_FORMATS.find((f) => f.id === id) as DebateFormat;

export function openInput(over: Partial<OpenInput> = {}): OpenInput {
  return {
    guildId: 'g1',
    channelId: 'thread-1',
    parentChannelId: 'c1',
    motion: 'This house believes a Trotskyist USSR would have been better than Stalin\'s USSR',
    format: formatById('oxford'),
    formatId: 'oxford',
    knownFormats: BUILTIN_FORMATS.map((f) => f.id),
    channelBusy: false,
    ...over,
  };
}

export function ok(out: Outcome): { state: DebateState; events: DebateEvent[] } {
  if (!out.ok) throw new Error(`refused (${out.code}): ${out.message}`);
  return out;
}

export function refused(out: Outcome): Refusal {
  expect(out.ok, 'expected a refusal').toBe(false);
  return out as Refusal;
}

/** A driver over one debate with a fake clock. */
export class Drive {
  state: DebateState;
  now: number;
  events: DebateEvent[] = [];

  constructor(over: Partial<OpenInput> = {}, now = 1_000_000) {
    this.now = now;
    this.state = ok(openDebate(openInput(over), host, now)).state;
  }

  do(actor: Actor, action: DebateAction): DebateEvent[] {
    const out = ok(applyAction(this.state, actor, this.now, action));
    this.state = out.state;
    this.events.push(...out.events);
    return out.events;
  }

  try(actor: Actor, action: DebateAction): Outcome {
    return applyAction(this.state, actor, this.now, action);
  }

  advance(ms: number): void {
    this.now += ms;
  }

  /** Joins each named user to the side given. */
  seat(seating: Record<string, string[]>): void {
    for (const [side, ids] of Object.entries(seating)) for (const id of ids) this.do(user(id), { kind: 'join', side });
  }
}
