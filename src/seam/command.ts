/**
 * The seam between commands and front ends. A command file in commands/ exports `data` (a builder from
 * @discordjs/builders) and handlers that take a CommandContext and return a Reply. The Discord adapter and
 * the console both render a Reply; neither leaks into the command.
 */
import type {
  SlashCommandBuilder,
  SlashCommandOptionsOnlyBuilder,
  SlashCommandSubcommandsOnlyBuilder,
  ContextMenuCommandBuilder,
} from '@discordjs/builders';
import type { Services } from '../app/services.js';
import type { Actor, ChannelAccess, ChannelGateway, Reply } from './reply.js';
import type { CommandDefinition } from './definition.js';

export type OptionValue = string | number | boolean;

export interface CommandContext {
  services: Services;
  actor: Actor;
  guildId: string | null;
  channelId: string;
  /** Subcommand name, for commands with subcommands. */
  subcommand: string | null;
  /** The values as they arrived, unchecked: handlers read them through optionsOf (src/seam/options.ts). */
  options: Record<string, OptionValue | undefined>;
  channels: ChannelGateway;
  /** Every command's definition as Discord has it, in the order loaded (/help is written from them). */
  commands: readonly CommandDefinition[];
  /** Where a channel stands: its server and the invoker's permissions there. Absent in the console (one server). */
  channelAccess?(channelId: string): Promise<ChannelAccess>;
  /** For message context-menu commands: the target message. */
  targetMessage?: { id: string; authorId: string; authorName: string; content: string };
  /**
   * Shows how a long piece of work is going while the handler runs: Discord defers the reply and edits it, the
   * console prints it. The Reply the handler returns replaces it. Absent where a front end cannot show it;
   * handlers pace their calls (progressEvery).
   */
  progress?(reply: Reply): Promise<void>;
}

/** How often a handler may update its reply while it works: Discord rate-limits edits, and people read them. */
export const PROGRESS_EVERY_MS = 5_000;

/**
 * `ctx.progress`, at most once per `everyMs` by the services' clock, the first `everyMs` after this call (quick
 * work shows none); a failed update is dropped, as the work goes on and its reply replaces it. A no-op where the
 * front end has no progress.
 */
export function progressEvery(ctx: Pick<CommandContext, 'progress' | 'services'>, everyMs = PROGRESS_EVERY_MS): (reply: Reply) => Promise<void> {
  let last = ctx.services.now();
  return async (reply) => {
    const now = ctx.services.now();
    if (!ctx.progress || now - last < everyMs) return;
    last = now;
    await ctx.progress(reply).catch((err: unknown) => ctx.services.log.warn({ err }, 'a progress update failed'));
  };
}

export interface ComponentContext extends Omit<CommandContext, 'subcommand' | 'options'> {
  /** The custom id split on ":" without the command name: ["page", "2", …]. */
  args: string[];
  /** A submitted form's values by field id (only for a form's submission). */
  fields?: Record<string, string>;
}

export interface AutocompleteContext extends Omit<CommandContext, 'channels' | 'targetMessage' | 'channelAccess'> {
  focused: { name: string; value: string };
}

export interface Choice {
  name: string;
  value: string;
}

export type CommandData =
  | SlashCommandBuilder
  | SlashCommandOptionsOnlyBuilder
  | SlashCommandSubcommandsOnlyBuilder
  | ContextMenuCommandBuilder;

/** One file in commands/. */
export interface CommandModule {
  data: CommandData;
  execute(ctx: CommandContext): Promise<Reply>;
  /** Buttons whose customId starts with "<data.name>:". */
  component?(ctx: ComponentContext): Promise<Reply>;
  autocomplete?(ctx: AutocompleteContext): Promise<Choice[]>;
}
