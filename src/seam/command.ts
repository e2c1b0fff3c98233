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

export type ButtonStyle = 'primary' | 'secondary' | 'success' | 'danger';

export interface Button {
  /** "<command>:<action>:<args…>", at most 100 characters (Discord's limit). */
  customId: string;
  label: string;
  style?: ButtonStyle;
  disabled?: boolean;
}

export interface EmbedField {
  name: string;
  value: string;
  inline?: boolean;
}

export interface Embed {
  title?: string;
  description?: string;
  fields?: EmbedField[];
  footer?: string;
  /** 0xRRGGBB */
  color?: number;
}

export interface Attachment {
  name: string;
  content: string;
}

/** What a handler answers. Mentions in it never ping: both adapters render with no allowed mentions. */
export interface Reply {
  content?: string;
  embeds?: Embed[];
  /** Rows of buttons (at most 5 rows of 5). */
  buttons?: Button[][];
  ephemeral?: boolean;
  attachments?: Attachment[];
  /** Mentions that may ping (a turn announcement pings its speaker only). */
  allowedUserMentions?: string[];
  /** For a channel post: the message it answers (shown as a reply to it, without pinging its author). */
  replyTo?: string;
}

export interface Actor {
  id: string;
  name: string;
  /**
   * Holds what the action at hand needs (src/seam/permissions.ts sets it per action with `actingAs`). Where
   * `permissions` is known, that table decides and this starts false; the console sets it for its host.
   */
  isModerator: boolean;
  /** The member's permissions in the channel used in, as Discord sends them; absent in the console. */
  permissions?: bigint;
}

/** A channel an interaction names, as Discord tells it. */
export interface ChannelAccess {
  /** The server it belongs to; null when Discord knows no such channel (or not one the bot can see). */
  guildId: string | null;
  /** The invoker's permissions there, as Discord sent them; null when the interaction did not say. */
  permissions: bigint | null;
}

export type OptionValue = string | number | boolean;

/** Posts into channels and threads, for commands whose effect outlives the interaction (debates). */
export interface ChannelGateway {
  /** Creates a thread under channelId; returns null where threads are not possible. */
  createThread(channelId: string, name: string): Promise<string | null>;
  /** Posts a message; returns its id. */
  post(channelId: string, reply: Reply): Promise<string>;
  /** Edits a message posted earlier. */
  edit(channelId: string, messageId: string, reply: Reply): Promise<void>;
  /** The most recent `limit` (≤ 200) messages by people, oldest first; absent where history cannot be read. */
  fetchMessages?(channelId: string, limit: number): Promise<{ id: string; authorId: string; authorName: string; content: string }[]>;
}

export interface CommandContext {
  services: Services;
  actor: Actor;
  guildId: string | null;
  channelId: string;
  /** Subcommand name, for commands with subcommands. */
  subcommand: string | null;
  options: Record<string, OptionValue | undefined>;
  channels: ChannelGateway;
  /** Where a channel stands: its server and the invoker's permissions there. Absent in the console (one server). */
  channelAccess?(channelId: string): Promise<ChannelAccess>;
  /** For message context-menu commands: the target message. */
  targetMessage?: { id: string; authorId: string; authorName: string; content: string };
}

export interface ComponentContext extends Omit<CommandContext, 'subcommand' | 'options'> {
  /** The custom id split on ":" without the command name: ["page", "2", …]. */
  args: string[];
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
