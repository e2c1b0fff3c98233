/** /leaderboard [period: week|month|all] — this server's debaters by arguments cited. Names never ping. */
import { SlashCommandBuilder } from '@discordjs/builders';
import { InteractionContextType } from 'discord-api-types/v10';
import type { CommandContext, Reply } from '../src/command.js';
import { leaderboardReply, type Period } from '../src/score/render.js';

export const data = new SlashCommandBuilder()
  .setName('leaderboard')
  .setDescription('This server\'s debaters ranked by arguments cited')
  .setContexts(InteractionContextType.Guild)
  .addStringOption((o) =>
    o
      .setName('period')
      .setDescription('Over which time (all time if left out)')
      .addChoices({ name: 'week', value: 'week' }, { name: 'month', value: 'month' }, { name: 'all', value: 'all' }),
  );

const PERIODS: readonly Period[] = ['week', 'month', 'all'];

export async function execute(ctx: CommandContext): Promise<Reply> {
  const scores = ctx.services.scores;
  if (!scores) return { ephemeral: true, content: 'Scores are not available: this bot runs without a database.' };
  if (ctx.guildId === null) return { ephemeral: true, content: 'Leaderboards belong to a server: use /leaderboard in the server.' };
  const asked = typeof ctx.options.period === 'string' ? ctx.options.period : 'all';
  if (!(PERIODS as readonly string[]).includes(asked)) return { ephemeral: true, content: 'Choose a period: week, month or all.' };
  const period = asked as Period;
  return leaderboardReply(scores.leaderboard(ctx.guildId, scores.since(period)), period);
}
