/**
 * Server boundaries: a channel, thread, debate, argument or button acts only within the interaction's own
 * server, whatever ids a crafted interaction carries. Debates and arguments are checked by the server stored
 * with them; channels by what Discord says of them (ctx.channelAccess). Each refusal says what was wrong and
 * what to do, and changes nothing.
 */
import type { CommandContext } from './command.js';
import type { Reply } from './reply.js';
import type { DebateState } from '../core/debate/state.js';
import { ELSEWHERE, allows, refusalFor, type Action } from './permissions.js';

const refusal = (content: string): Reply => ({ ephemeral: true, content });

/** A refusal when what the interaction names belongs to another server than its own; null when it is this one's. */
export function otherServer(ctx: { guildId: string | null }, ownerGuildId: string | null, what: keyof typeof ELSEWHERE): Reply | null {
  return ownerGuildId === ctx.guildId ? null : refusal(ELSEWHERE[what]);
}

/**
 * Checks a channel before acting on it: it is on this server and, for `action`, the invoker holds what it needs
 * there. Null when it may go ahead. Without channelAccess (the console: one server, one person) it always may.
 */
export async function checkChannel(ctx: Pick<CommandContext, 'guildId' | 'channelAccess'>, channelId: string, action?: Action): Promise<Reply | null> {
  if (!ctx.channelAccess) return null;
  const access = await ctx.channelAccess(channelId);
  if (access.guildId === null || access.guildId !== ctx.guildId) return refusal(ELSEWHERE.channel);
  if (action && !allows(action, access.permissions)) return refusal(refusalFor(action));
  return null;
}

type Where = Pick<CommandContext, 'services' | 'guildId' | 'channelId'>;

/** The debate a command in this channel is about, when it is this server's; else the refusal to show. */
export async function debateHere(ctx: Where): Promise<DebateState | Reply> {
  const state = await ctx.services.debates.find(ctx.channelId);
  if ('ok' in state) return refusal(state.message);
  return otherServer(ctx, state.guildId, 'debate') ?? state;
}

/** The debate a button names by id, when it is this server's; else the refusal to show. */
export async function debateById(ctx: Where, id: number): Promise<DebateState | Reply> {
  const state = await ctx.services.debates.repo.load(id);
  if (!state) return refusal('That debate no longer exists. Use /debate status to see the one here.');
  return otherServer(ctx, state.guildId, 'debate') ?? state;
}

/** Whether a debate lookup gave the refusal rather than the debate. */
export const isRefusal = (x: DebateState | Reply): x is Reply => !('id' in x);
