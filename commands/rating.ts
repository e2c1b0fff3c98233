/** /rating [user] — a debater's rating on this server from decided debates, with wins, losses and the trend (only the asker sees it). */
import { SlashCommandBuilder } from '@discordjs/builders';
import { InteractionContextType } from 'discord-api-types/v10';
import type { CommandContext } from '../src/seam/command.js';
import type { Reply } from '../src/seam/reply.js';
import { optionsOf } from '../src/seam/options.js';
import { ratingReply } from '../src/views/rating.js';

export const data = new SlashCommandBuilder()
  .setName('rating')
  .setDescription('A debater\'s rating from this server\'s decided debates: wins, losses and the trend')
  .setContexts(InteractionContextType.Guild)
  .addUserOption((o) => o.setName('user').setDescription('Whose rating (yours if left out)'));

export async function execute(ctx: CommandContext): Promise<Reply> {
  if (ctx.guildId === null) return { ephemeral: true, content: 'Ratings belong to a server\'s debates: use /rating in the server.' };
  const ratings = ctx.services.debates.decisions.ratings;
  const userId = optionsOf(data, ctx).user('user') ?? ctx.actor.id;
  const record = await ratings.get(ctx.guildId, userId);
  const self = userId === ctx.actor.id;
  return ratingReply(record?.name ?? (self ? ctx.actor.name : 'That member'), self, record, await ratings.history(ctx.guildId, userId));
}
