/**
 * What handlers and services hand to a front end, and what they post through: a Reply, who acts (Actor), a
 * posted message, and the ChannelGateway. Types only; they import nothing, so every layer may use them.
 */
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

/** A plain message posted in a channel or thread (a debater's argument, where Message Content is on). */
export interface PostedMessage {
  actor: Actor;
  guildId: string | null;
  channelId: string;
  messageId: string;
  content: string;
  channels: ChannelGateway;
  /** The message this one replies to, when it is a reply (answers "citation needed"). */
  replyToMessageId?: string | null;
}
