/**
 * The tables of deadlines that hosts claim (claims.ts), each with held_by and lease_until and an index
 * `<name>_claimable` on when a row can next be claimed, partial on `live` (migrations 8 and 11).
 */
import type { ClaimTable } from './claims.js';

/** Turns ending, warnings, grace running out: one row per running debate. */
export const TURN_DEADLINES: ClaimTable<'debateId'> = { name: 'deadlines', key: 'debate_id', as: 'debateId', due: 'due_at' };

/** The audience's vote closing, judges reminded, ballots due: a decision whose timer is set. */
export const DECISION_DEADLINES: ClaimTable<'debateId'> = { name: 'decisions', key: 'debate_id', as: 'debateId', due: 'due_at', live: 'due_at IS NOT NULL' };

/** "Citation needed": a pending challenge, expired when its author gave no source in time. */
export const CHALLENGE_DEADLINES: ClaimTable<'argumentId'> = { name: 'challenges', key: 'argument_id', as: 'argumentId', due: 'due_at', live: "status = 'pending'" };
