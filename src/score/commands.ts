/**
 * What commands share about the score: an argument's announcement with its verdict and a "Citation needed"
 * button, challenging an argument, and answering a challenge with a source.
 */
import type { CommandContext, ComponentContext, Reply } from '../command.js';
import type { Outcome } from '../core/debate/state.js';
import { argumentReply } from '../present/argument.js';
import type { Services } from '../services.js';
import { verdictLine } from './render.js';
import { parseArgumentRef } from './service.js';

const refusal = (content: string): Reply => ({ ephemeral: true, content });

/** The button that challenges argument `id`. */
export const challengeButtonId = (id: number): string => `verdict:challenge:${id}`;

/**
 * The public announcement of an argument just recorded: as before, plus its number and verdict and, unless
 * verified, a "Citation needed" button for the other debaters.
 */
export function announceArgument(services: Services, out: Extract<Outcome, { ok: true }>): Reply {
  const reply = argumentReply(out);
  const e = out.events.find((ev) => ev.type === 'argument');
  const scores = services.scores;
  if (!scores || !e || e.type !== 'argument') return reply;
  const a = scores.latestBy(out.state.id, e.userId);
  if (!a) return reply;
  return {
    ...reply,
    content: `${reply.content ?? ''}\n${verdictLine(a)}`,
    ...(a.verdict === 'verified' ? {} : { buttons: [[{ customId: challengeButtonId(a.id), label: 'Citation needed', style: 'secondary' as const }]] }),
  };
}

/** /debate challenge argument:<…> and the "Citation needed" button. */
export async function challengeArgument(ctx: CommandContext | ComponentContext, ref: string | number): Promise<Reply> {
  const scores = ctx.services.scores;
  if (!scores) return refusal('Challenges are not available: this bot runs without a database.');
  if (typeof ref === 'string' && !ref.trim()) return refusal('Say which argument: /debate challenge argument:#12 (the number under it), or its message link.');
  const out = await scores.challenge(ctx.actor, ctx.guildId, ref, ctx.channels);
  return refusal(out.message);
}

/** /argue source:<…> without text: answers "citation needed" on the author's challenged argument here. */
export function answerChallenge(ctx: CommandContext, source: string, ref?: string): Reply {
  const scores = ctx.services.scores;
  const debates = ctx.services.debates;
  if (!scores || !debates) return refusal('Sources cannot be added: this bot runs without a database.');
  const state = debates.find(ctx.channelId);
  if ('ok' in state) return refusal(state.message);
  let target: string | number | undefined;
  if (ref?.trim()) {
    const r = parseArgumentRef(ref);
    if (!r) return refusal(`I cannot read "${ref.slice(0, 60).replace(/[`*_~|<>@]/g, '')}" as an argument: give its number (#12) or its message link.`);
    target = 'argumentId' in r ? r.argumentId : r.messageId;
  }
  const out = scores.answer(ctx.actor, state.channelId, source, target);
  return refusal(out.message);
}
