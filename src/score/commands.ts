/**
 * What commands share about the score: recording an argument (its source read first) and announcing it,
 * challenging an argument, and adding a source to one. Thin: the score service decides.
 */
import type { CommandContext, ComponentContext } from '../seam/command.js';
import type { Reply } from '../seam/reply.js';
import type { DebateAction } from '../core/debate/debate.js';
import type { Outcome } from '../core/debate/state.js';
import { argumentReply, recordedConfirmation } from '../views/argument.js';
import { problemMessage, readSource } from './input.js';
import { safeMessage } from '../views/safe.js';
import type { ArgumentPointer } from './service.js';
import { actingAs } from '../seam/permissions.js';
import { debateHere, isRefusal } from '../seam/boundaries.js';

// Refusals may echo a name or a source as typed: they go out through the one safe-text path.
const refusal = (content: string): Reply => ({ ephemeral: true, content: safeMessage(content) });

type Where = Pick<CommandContext, 'services' | 'channelId' | 'channels' | 'guildId'>;

/**
 * After an argument is recorded: the bot announces it in the debate's channel (its number, verdict and, when it
 * accuses, why, with the Citation needed button) and tells its maker privately. Without a score, the
 * announcement is the reply.
 */
export async function announceArgument(ctx: Where, out: Extract<Outcome, { ok: true }>): Promise<Reply> {
  const e = out.events.find((ev) => ev.type === 'argument');
  const scores = ctx.services.scores;
  if (!e || e.type !== 'argument') return argumentReply(out);
  const latest = await scores.latestBy(out.state.id, e.userId);
  if (!latest) return argumentReply(out);
  const a = (await scores.announce(latest.id, ctx.channels)) ?? latest;
  return refusal(recordedConfirmation(a, a.debateChannelId === ctx.channelId ? null : a.debateChannelId));
}

/**
 * /argue text:… source:… and "Use as argument": the source is read first (a `source:` that cannot count, or a
 * quotation id the corpus lacks, is refused with nothing stored), then the debate records the argument.
 */
export async function recordArgument(ctx: Where & Pick<CommandContext, 'actor'>, text: string, source: string | null, opts: { sourceChecked?: boolean } = {}): Promise<Reply> {
  const debates = ctx.services.debates;
  if (!opts.sourceChecked && source?.trim()) {
    const read = readSource(source, (id) => ctx.services.scores.quotationExists(id, ctx.guildId));
    if (!read.ok) return refusal(problemMessage(read.problem, read.input));
  }
  const here = await debateHere(ctx);
  if (isRefusal(here)) return here;
  const action: DebateAction = { kind: 'argue', text, source };
  // Its maker is answered from the database; the announcement follows in the thread's order (100 at once: 1.5 s -> 0.17 s).
  const out = await debates.actOn(here.id, actingAs(ctx.actor, '/argue'), action, ctx.channels, { awaitPosts: false });
  if (!out.ok) return refusal(out.message);
  return announceArgument(ctx, out);
}

/** /debate challenge argument:<…> and the "Citation needed" button. */
export async function challengeArgument(ctx: CommandContext | ComponentContext, ref: ArgumentPointer): Promise<Reply> {
  const out = await ctx.services.scores.challenge(actingAs(ctx.actor, '/debate challenge, Citation needed'), ctx.guildId, ctx.channelId, ref, ctx.channels);
  return refusal(out.message);
}

/** /argue source:<…> without text: adds the source to one's argument named by argument:, else the challenged one, else one's latest. */
export async function addSource(ctx: CommandContext, source: string, ref?: string): Promise<Reply> {
  const scores = ctx.services.scores;
  const state = await debateHere(ctx);
  if (isRefusal(state)) return state;
  const out = await scores.addSource(actingAs(ctx.actor, '/argue'), ctx.guildId, state.channelId, source, ref?.trim() ? ref : undefined);
  return refusal(out.message);
}
