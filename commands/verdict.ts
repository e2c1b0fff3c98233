/**
 * /verdict override message_id:<id, link or #n> verdict:<…> reason:<…> — a moderator rules on an argument's
 * verdict (recorded with who, why and when; the score follows). /verdict show explains one. Moderators only:
 * the permission comes from the one table (src/seam/permissions.ts), both as the command's default and checked
 * here. The "Citation needed" button (verdict:challenge:<id>) lands here.
 */
import { SlashCommandBuilder } from '@discordjs/builders';
import { InteractionContextType } from 'discord-api-types/v10';
import type { CommandContext, ComponentContext } from '../src/seam/command.js';
import type { Reply } from '../src/seam/reply.js';
import { challengeArgument } from '../src/score/commands.js';
import { verdictShowReply } from '../src/views/score.js';
import { isVerdict, VERDICTS } from '../src/core/score/tally.js';
import { LIMIT, safeLine, safeMessage } from '../src/views/safe.js';
import { actingAs, bitsFor, refusalFor, type Action } from '../src/seam/permissions.js';
import { optionsOf } from '../src/seam/options.js';

export const data = new SlashCommandBuilder()
  .setName('verdict')
  .setDescription('Moderators: rule on the verdict of a debate argument')
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(bitsFor('/verdict override'))
  .addSubcommand((s) =>
    s
      .setName('override')
      .setDescription('Set an argument\'s verdict; recorded with your reason, and the score follows')
      .addStringOption((o) => o.setName('message_id').setDescription('The argument: its number in this debate (#3), message link or message id').setRequired(true).setMaxLength(200))
      .addStringOption((o) =>
        o
          .setName('verdict')
          .setDescription('The verdict that stands')
          .setRequired(true)
          .addChoices(...VERDICTS.map((v) => ({ name: v, value: v }))),
      )
      .addStringOption((o) => o.setName('reason').setDescription('Why (kept with the ruling)').setRequired(true).setMaxLength(500)),
  )
  .addSubcommand((s) =>
    s
      .setName('show')
      .setDescription('An argument\'s verdict: what was checked, what matched, and every ruling')
      .addStringOption((o) => o.setName('message_id').setDescription('The argument: its number in this debate (#3), message link or message id').setRequired(true).setMaxLength(200)),
  );

// The ruling's echo names the argument and its maker as typed: it goes out through the one safe-text path.
const refusal = (content: string): Reply => ({ ephemeral: true, content: safeMessage(content) });

async function override(ctx: CommandContext): Promise<Reply> {
  const scores = ctx.services.scores;
  const o = optionsOf(data, ctx);
  const verdict = o.requiredString('verdict');
  if (!isVerdict(verdict)) return refusal(`“${safeLine(verdict, LIMIT.echo)}” is not a verdict: choose ${VERDICTS.join(', ')}.`);
  const out = await scores.override(actingAs(ctx.actor, '/verdict override'), ctx.guildId, ctx.channelId, o.requiredString('message_id'), verdict, o.requiredString('reason'));
  return refusal(out.message);
}

async function show(ctx: CommandContext): Promise<Reply> {
  const scores = ctx.services.scores;
  const a = await scores.resolve(optionsOf(data, ctx).requiredString('message_id'), ctx.guildId, ctx.channelId);
  if (typeof a === 'string') return refusal(a);
  return verdictShowReply(a, await scores.repo.overrides(a.id));
}

export async function execute(ctx: CommandContext): Promise<Reply> {
  if (ctx.guildId === null) return refusal('Verdicts belong to a server\'s debates: use this in the server.');
  const rule: Action | null = ctx.subcommand === 'override' ? '/verdict override' : ctx.subcommand === 'show' ? '/verdict show' : null;
  if (!rule) return refusal('Use /verdict override or /verdict show.');
  if (!actingAs(ctx.actor, rule).isModerator) return refusal(refusalFor(rule));
  return rule === '/verdict override' ? override(ctx) : show(ctx);
}

/** The "Citation needed" button under an argument's announcement: verdict:challenge:<argument id>. */
export async function component(ctx: ComponentContext): Promise<Reply> {
  const [action, idArg] = ctx.args;
  const id = Number(idArg);
  if (action !== 'challenge' || !Number.isInteger(id)) return refusal('That button no longer works. Use /debate challenge argument:#<number>.');
  return challengeArgument(ctx, { id });
}
