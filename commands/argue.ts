/**
 * /argue text:<…> [source:<…>] — the speaker's argument, recorded against their turn in this debate and
 * checked for the score. /argue source:<…> alone answers "citation needed" on one's challenged argument.
 */
import { SlashCommandBuilder } from '@discordjs/builders';
import { InteractionContextType } from 'discord-api-types/v10';
import type { CommandContext, Reply } from '../src/command.js';
import { MAX_ARGUMENT_LENGTH } from '../src/core/debate/debate.js';
import { announceArgument, answerChallenge } from '../src/score/commands.js';

export const data = new SlashCommandBuilder()
  .setName('argue')
  .setDescription('Make your argument in the debate here, on your turn (or add a source when challenged)')
  .setContexts(InteractionContextType.Guild)
  .addStringOption((o) => o.setName('text').setDescription('Your argument (leave out to add a source to a challenged one)').setMaxLength(MAX_ARGUMENT_LENGTH))
  .addStringOption((o) => o.setName('source').setDescription('Where it comes from: a work, page, quotation id or link').setMaxLength(500))
  .addStringOption((o) => o.setName('argument').setDescription('With source alone: which challenged argument (#12); the one due first if left out').setMaxLength(200));

export async function execute(ctx: CommandContext): Promise<Reply> {
  const debates = ctx.services.debates;
  if (!debates) return { ephemeral: true, content: 'Debates are not available: this bot runs without a database.' };
  const text = typeof ctx.options.text === 'string' ? ctx.options.text : '';
  const source = typeof ctx.options.source === 'string' ? ctx.options.source : null;
  if (!text.trim() && source?.trim()) return answerChallenge(ctx, source, typeof ctx.options.argument === 'string' ? ctx.options.argument : undefined);
  const out = await debates.act(ctx.channelId, ctx.actor, { kind: 'argue', text, source }, ctx.channels);
  if (!out.ok) return { ephemeral: true, content: out.message };
  return announceArgument(ctx.services, out);
}
