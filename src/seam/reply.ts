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

/** One field of a form: a line or a paragraph of text (Discord's text input). */
export interface FormField {
  /** What the submission's `fields` names it by. */
  id: string;
  /** At most 45 characters (Discord's limit). */
  label: string;
  style?: 'line' | 'paragraph';
  /** True unless set to false, as on Discord. */
  required?: boolean;
  minLength?: number;
  maxLength?: number;
  placeholder?: string;
  /** Filled in already (the member edits it). */
  value?: string;
}

/**
 * A form to fill in (a Discord modal; prompted field by field in the console). Only a first answer to a button
 * or a command can be a form; its submission comes back to the command's component handler with `customId`'s
 * args and the fields' values.
 */
export interface Form {
  /** "<command>:<action>:<args…>", at most 100 characters. */
  customId: string;
  /** At most 45 characters. */
  title: string;
  /** One to five fields (Discord's limit). */
  fields: FormField[];
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
  /** Opens this form instead of answering (everything else in the Reply is ignored). */
  form?: Form;
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
  /**
   * Posts a message; returns its id. With a `nonce` (at most 25 characters), posting it again within Discord's
   * few minutes returns the first message instead of a second one.
   */
  post(channelId: string, reply: Reply, nonce?: string): Promise<string>;
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
