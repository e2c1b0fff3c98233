/**
 * /leaderboard [kind: sourcing|rating] [period: week|month|all] [order: share|count] — this server's debaters
 * ranked by how well they source their arguments: by default the share cited, counting how many (the lower
 * bound of its 95% Wilson interval), with the counts beside it; order:count ranks by the number cited.
 * kind:rating ranks by the rating from decided debates, counting how sure it is (two deviations below it).
 * Names never ping.
 */
import { SlashCommandBuilder } from '@discordjs/builders';
import { InteractionContextType } from 'discord-api-types/v10';
import type { CommandContext } from '../src/seam/command.js';
import type { Reply } from '../src/seam/reply.js';
import { leaderboardReply, ratingLeaderboardReply, type Period } from '../src/views/score.js';
import type { Ranking } from '../src/core/score/tally.js';
import { optionsOf } from '../src/seam/options.js';

export const data = new SlashCommandBuilder()
  .setName('leaderboard')
  .setDescription('This server\'s debaters ranked by how well they source their arguments')
  .setContexts(InteractionContextType.Guild)
  .addStringOption((o) =>
    o
      .setName('kind')
      .setDescription('Rank by sourcing (default) or by the rating from decided debates')
      .addChoices({ name: 'sourcing', value: 'sourcing' }, { name: 'rating', value: 'rating' }),
  )
  .addStringOption((o) =>
    o
      .setName('period')
      .setDescription('Over which time (all time if left out)')
      .addChoices({ name: 'week', value: 'week' }, { name: 'month', value: 'month' }, { name: 'all', value: 'all' }),
  )
  .addStringOption((o) =>
    o
      .setName('order')
      .setDescription('Rank by the share cited, counting how many (default), or by the number cited')
      .addChoices({ name: 'share cited', value: 'share' }, { name: 'number cited', value: 'count' }),
  );

const PERIODS: readonly Period[] = ['week', 'month', 'all'];
const RANKINGS: readonly Ranking[] = ['share', 'count'];

export async function execute(ctx: CommandContext): Promise<Reply> {
  const scores = ctx.services.scores;
  if (ctx.guildId === null) return { ephemeral: true, content: 'Leaderboards belong to a server: use /leaderboard in the server.' };
  const o = optionsOf(data, ctx);
  const kind = o.string('kind') ?? 'sourcing';
  if (kind !== 'sourcing' && kind !== 'rating') return { ephemeral: true, content: 'Choose a kind: sourcing (how well arguments are sourced) or rating (decided debates).' };
  if (kind === 'rating') return ratingLeaderboardReply(await ctx.services.debates.decisions.ratings.all(ctx.guildId));
  const period = o.string('period') ?? 'all';
  if (!(PERIODS as readonly string[]).includes(period)) return { ephemeral: true, content: 'Choose a period: week, month or all.' };
  const order = o.string('order') ?? 'share';
  if (!(RANKINGS as readonly string[]).includes(order)) return { ephemeral: true, content: 'Choose an order: share (the share cited, counting how many) or count (the number cited).' };
  return leaderboardReply(await scores.leaderboard(ctx.guildId, scores.since(period as Period), order as Ranking), period as Period, order as Ranking);
}
