/** /help [command] — every command, or one in full: options, who may use it, an example. Written from the definitions. */
import { SlashCommandBuilder } from '@discordjs/builders';
import type { AutocompleteContext, Choice, CommandContext } from '../src/seam/command.js';
import type { Reply } from '../src/seam/reply.js';
import { helpChoices, helpReply } from '../src/views/help.js';
import { optionsOf } from '../src/seam/options.js';

export const data = new SlashCommandBuilder()
  .setName('help')
  .setDescription('What each command does, its options, who may use it, and an example')
  .addStringOption((o) => o.setName('command').setDescription('One command in full').setAutocomplete(true).setMaxLength(32));

export async function execute(ctx: CommandContext): Promise<Reply> {
  const asked = optionsOf(data, ctx).string('command') ?? null;
  return helpReply(ctx.commands, asked);
}

export async function autocomplete(ctx: AutocompleteContext): Promise<Choice[]> {
  return helpChoices(ctx.commands, ctx.focused.value);
}
