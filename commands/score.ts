/** /score [user] — a debater's cited vs unsourced tally on this server (only the asker sees it). */
import { SlashCommandBuilder } from '@discordjs/builders';
import { InteractionContextType } from 'discord-api-types/v10';
import type { CommandContext } from '../src/seam/command.js';
import type { Reply } from '../src/seam/reply.js';
import { scoreReply } from '../src/views/score.js';
import { optionsOf } from '../src/seam/options.js';

export const data = new SlashCommandBuilder()
  .setName('score')
  .setDescription('Arguments cited, unsourced, misquoted and misattributed in this server\'s debates')
  .setContexts(InteractionContextType.Guild)
  .addUserOption((o) => o.setName('user').setDescription('Whose score (yours if left out)'));

export async function execute(ctx: CommandContext): Promise<Reply> {
  const scores = ctx.services.scores;
  if (ctx.guildId === null) return { ephemeral: true, content: 'Scores belong to a server\'s debates: use /score in the server.' };
  const userId = optionsOf(data, ctx).user('user') ?? ctx.actor.id;
  const self = userId === ctx.actor.id;
  const all = await scores.tallyOf(ctx.guildId, userId);
  const month = await scores.tallyOf(ctx.guildId, userId, scores.since('month'));
  return scoreReply(all.name ?? (self ? ctx.actor.name : 'That member'), self, all.tally, month.tally);
}
