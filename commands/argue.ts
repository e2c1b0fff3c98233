/** /argue text:<…> [source:<…>] — the speaker's argument, recorded against their turn in this debate. */
import { SlashCommandBuilder } from '@discordjs/builders';
import { InteractionContextType } from 'discord-api-types/v10';
import type { CommandContext, Reply } from '../src/command.js';
import { MAX_ARGUMENT_LENGTH } from '../src/core/debate/debate.js';
import { argumentReply } from '../src/present/argument.js';

export const data = new SlashCommandBuilder()
  .setName('argue')
  .setDescription('Make your argument in the debate here, on your turn')
  .setContexts(InteractionContextType.Guild)
  .addStringOption((o) => o.setName('text').setDescription('Your argument').setRequired(true).setMaxLength(MAX_ARGUMENT_LENGTH))
  .addStringOption((o) => o.setName('source').setDescription('Where it comes from: a work, page, quotation or link').setMaxLength(500));

export async function execute(ctx: CommandContext): Promise<Reply> {
  const debates = ctx.services.debates;
  if (!debates) return { ephemeral: true, content: 'Debates are not available: this bot runs without a database.' };
  const text = typeof ctx.options.text === 'string' ? ctx.options.text : '';
  const source = typeof ctx.options.source === 'string' ? ctx.options.source : null;
  const out = await debates.act(ctx.channelId, ctx.actor, { kind: 'argue', text, source }, ctx.channels);
  if (!out.ok) return { ephemeral: true, content: out.message };
  return argumentReply(out);
}
