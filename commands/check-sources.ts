/**
 * "Check sources" — a message context-menu command: checks the quotations, links and references of the message
 * it is used on against the corpus and the server's own texts, and answers privately. The message's text arrives
 * with the interaction, so this works without the Message Content intent.
 */
import { ContextMenuCommandBuilder } from '@discordjs/builders';
import { ApplicationCommandType } from 'discord-api-types/v10';
import type { CommandContext } from '../src/seam/command.js';
import type { Reply } from '../src/seam/reply.js';
import { messageCheckReply } from '../src/views/sources.js';

export const data = new ContextMenuCommandBuilder().setName('Check sources').setType(ApplicationCommandType.Message);

export async function execute(ctx: CommandContext): Promise<Reply> {
  await ctx.services.libraries.ready(ctx.guildId);
  const message = ctx.targetMessage;
  if (!message) {
    return { ephemeral: true, content: 'Use this on a message: right-click it (or long-press on a phone), then Apps → Check sources.' };
  }
  // A recorded debate argument shows the verdict the score holds; any other message is checked now.
  const stored = await ctx.services.scores.byMessage(ctx.channelId, message.id);
  const recorded = stored && stored.guildId === ctx.guildId ? stored : null; // another server's verdict stays there
  // Checked against the shared corpus and this server's own texts.
  return messageCheckReply(message, ctx.services.checkerFor(ctx.guildId).check(message.content), recorded);
}
