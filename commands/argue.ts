/**
 * /argue text:<…> [source:<…>] — the speaker's argument, recorded against their turn in this debate, checked
 * for the score and announced in the debate's thread. /argue source:<…> alone adds a source to one's argument:
 * the one named by argument:, else the challenged one, else the latest.
 */
import { SlashCommandBuilder } from '@discordjs/builders';
import { InteractionContextType } from 'discord-api-types/v10';
import type { CommandContext } from '../src/seam/command.js';
import type { Reply } from '../src/seam/reply.js';
import { MAX_ARGUMENT_LENGTH } from '../src/core/debate/debate.js';
import { addSource, recordArgument } from '../src/score/commands.js';
import { optionsOf } from '../src/seam/options.js';

export const data = new SlashCommandBuilder()
  .setName('argue')
  .setDescription('Make your argument in the debate here, on your turn (or add a source when challenged)')
  .setContexts(InteractionContextType.Guild)
  .addStringOption((o) => o.setName('text').setDescription('Your argument (leave out to add a source to one you made)').setMaxLength(MAX_ARGUMENT_LENGTH))
  .addStringOption((o) => o.setName('source').setDescription('Where it comes from: a work, page, quotation id or link').setMaxLength(500))
  .addStringOption((o) => o.setName('argument').setDescription('With source alone: which of your arguments (#3); the challenged or latest one if left out').setMaxLength(200));

export async function execute(ctx: CommandContext): Promise<Reply> {
  const o = optionsOf(data, ctx);
  const text = o.string('text') ?? '';
  const source = o.string('source') ?? null;
  if (!text.trim() && source?.trim()) return addSource(ctx, source, o.string('argument'));
  return recordArgument(ctx, text, source);
}
