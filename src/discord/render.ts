/**
 * Reply (transport-neutral) → discord.js message payload. Lengths are clamped to Discord's limits so that a
 * long quotation is cut rather than rejected; mentions never ping unless the reply names the users that may.
 */
import {
  ActionRowBuilder,
  AttachmentBuilder,
  ButtonBuilder,
  ButtonStyle,
  EmbedBuilder,
  MessageFlags,
  type MessageActionRowComponentBuilder,
} from 'discord.js';
import type { Button, ButtonStyle as Style, Reply } from '../seam/command.js';

const STYLES: Record<Style, ButtonStyle> = {
  primary: ButtonStyle.Primary,
  secondary: ButtonStyle.Secondary,
  success: ButtonStyle.Success,
  danger: ButtonStyle.Danger,
};

/** Cuts `s` to `max` UTF-16 units (Discord's limits), ending with an ellipsis; never splits a surrogate pair. */
export function clamp(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = max - 1;
  if (end > 0 && /[\uD800-\uDBFF]/.test(s[end - 1]!)) end--;
  return `${s.slice(0, end)}…`;
}

export interface MessagePayload {
  /** Always present: "" clears the text of an edited message. */
  content: string;
  embeds: EmbedBuilder[];
  components: ActionRowBuilder<MessageActionRowComponentBuilder>[];
  files: AttachmentBuilder[];
  allowedMentions: { parse: []; users: string[]; repliedUser: false };
  flags?: MessageFlags.Ephemeral;
  /** A channel post answering a message: shown as a reply (it need not still exist). */
  reply?: { messageReference: string; failIfNotExists: false };
}

function button(b: Button): ButtonBuilder {
  return new ButtonBuilder()
    .setCustomId(b.customId.slice(0, 100))
    .setLabel(clamp(b.label || '…', 80))
    .setStyle(STYLES[b.style ?? 'secondary'])
    .setDisabled(b.disabled ?? false);
}

/**
 * Renders a Reply. `ephemeral` adds the Ephemeral flag (interaction replies only; a channel post or an
 * edit cannot be ephemeral). Empty lists are sent explicitly so that an edit clears old buttons/embeds.
 */
export function renderReply(reply: Reply, opts: { ephemeral?: boolean } = {}): MessagePayload {
  const embeds = (reply.embeds ?? []).slice(0, 10).map((e) => {
    const b = new EmbedBuilder();
    if (e.title) b.setTitle(clamp(e.title, 256));
    if (e.description) b.setDescription(clamp(e.description, 4096));
    if (e.color !== undefined) b.setColor(e.color & 0xffffff);
    if (e.footer) b.setFooter({ text: clamp(e.footer, 2048) });
    const fields = (e.fields ?? []).slice(0, 25).map((f) => ({
      name: clamp(f.name || '\u200b', 256),
      value: clamp(f.value || '\u200b', 1024),
      inline: f.inline ?? false,
    }));
    if (fields.length) b.addFields(fields);
    return b;
  });
  const components = (reply.buttons ?? [])
    .filter((row) => row.length > 0)
    .slice(0, 5)
    .map((row) => new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(row.slice(0, 5).map(button)));
  const files = (reply.attachments ?? []).map((a) => new AttachmentBuilder(Buffer.from(a.content, 'utf8'), { name: a.name }));
  const content = reply.content ? clamp(reply.content, 2000) : embeds.length || files.length ? '' : '\u200b';
  const payload: MessagePayload = {
    content,
    embeds,
    components,
    files,
    allowedMentions: { parse: [], users: [...(reply.allowedUserMentions ?? [])].slice(0, 100), repliedUser: false },
  };
  if (opts.ephemeral ?? reply.ephemeral) payload.flags = MessageFlags.Ephemeral;
  return payload;
}

/** For channel posts: the message payload, as a reply to `reply.replyTo` when it names one. */
export function renderPost(reply: Reply): Omit<MessagePayload, 'flags'> {
  const payload = renderMessage(reply);
  return reply.replyTo && /^\d+$/.test(reply.replyTo) ? { ...payload, reply: { messageReference: reply.replyTo, failIfNotExists: false } } : payload;
}

/** For edits and channel posts: the same payload without the Ephemeral flag. */
export function renderMessage(reply: Reply): Omit<MessagePayload, 'flags'> {
  const { flags: _flags, ...rest } = renderReply(reply, { ephemeral: false });
  return rest;
}
