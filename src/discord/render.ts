/**
 * Reply (transport-neutral) → discord.js message payload (or modal, for a form), and the last net before Discord: every string made
 * well-formed (a lone surrogate becomes U+FFFD), masked links other than the bot's links to a message broken, and
 * every length, count and the embeds' total cut to Discord's limits (by whole graphemes, through the one clip)
 * so that a long quotation is cut rather than the message refused; mentions never ping unless the reply names
 * the users that may.
 */
import {
  ActionRowBuilder,
  AttachmentBuilder,
  ButtonBuilder,
  ButtonStyle,
  EmbedBuilder,
  MessageFlags,
  ModalBuilder,
  TextInputBuilder,
  TextInputStyle,
  type MessageActionRowComponentBuilder,
} from 'discord.js';
import type { Choice } from '../seam/command.js';
import type { Button, ButtonStyle as Style, Embed, Form, Reply } from '../seam/reply.js';
import { noMaskedLinks, safeForm } from '../views/safe.js';
import { clip } from '../core/text.js';

const STYLES: Record<Style, ButtonStyle> = {
  primary: ButtonStyle.Primary,
  secondary: ButtonStyle.Secondary,
  success: ButtonStyle.Success,
  danger: ButtonStyle.Danger,
};

/** Discord's limits, in UTF-16 units (what Discord counts). */
export const DISCORD_LIMIT = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  /** All titles, descriptions, field names and values and footers of a message together. */
  embedsTotal: 6000,
  rows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  threadName: 100,
  allowedUsers: 100,
  /** Not Discord's own limit: an attachment's name is kept short. */
  attachmentName: 100,
} as const;

/** Text Discord shows as it is (a label, a custom id, a thread's name), cut to `max` units by whole graphemes. */
export const fit = (s: string, max: number): string => clip(s, max, 'utf16');
/** A message's text and embeds: also no masked link but the bot's links to a message. */
const fitMarkdown = (s: string, max: number): string => fit(noMaskedLinks(s.toWellFormed(), { keepMessageLinks: true }), max);
/** Discord refuses a blank name, value or message. */
const orBlank = (s: string): string => (s.trim() ? s : '\u200b');

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
    .setCustomId(fit(b.customId, DISCORD_LIMIT.customId) || '…')
    .setLabel(fit(b.label.trim() ? b.label : '…', DISCORD_LIMIT.buttonLabel))
    .setStyle(STYLES[b.style ?? 'secondary'])
    .setDisabled(b.disabled ?? false);
}

/**
 * Renders a Reply. `ephemeral` adds the Ephemeral flag (interaction replies only; a channel post or an
 * edit cannot be ephemeral). Empty lists are sent explicitly so that an edit clears old buttons/embeds.
 */
export function renderReply(reply: Reply, opts: { ephemeral?: boolean } = {}): MessagePayload {
  const embeds = fitEmbeds(reply.embeds ?? []).map((e) => {
    const b = new EmbedBuilder();
    if (e.title) b.setTitle(e.title);
    if (e.description) b.setDescription(e.description);
    if (e.color !== undefined) b.setColor(Number.isInteger(e.color) ? e.color & 0xffffff : 0);
    if (e.footer) b.setFooter({ text: e.footer });
    if (e.fields?.length) b.addFields(e.fields.map((f) => ({ name: f.name, value: f.value, inline: f.inline ?? false })));
    return b;
  });
  const components = (reply.buttons ?? [])
    .filter((row) => row.length > 0)
    .slice(0, DISCORD_LIMIT.rows)
    .map((row) => new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(row.slice(0, DISCORD_LIMIT.buttonsPerRow).map(button)));
  const files = (reply.attachments ?? []).map((a) => new AttachmentBuilder(Buffer.from(a.content.toWellFormed(), 'utf8'), { name: fit(a.name, DISCORD_LIMIT.attachmentName) }));
  const content = reply.content?.trim() ? fitMarkdown(reply.content, DISCORD_LIMIT.content) : embeds.length || files.length ? '' : '\u200b';
  // Discord refuses a mention allowed for an id that is no snowflake.
  const users = (reply.allowedUserMentions ?? []).filter((id) => /^\d{1,20}$/.test(id)).slice(0, DISCORD_LIMIT.allowedUsers);
  const payload: MessagePayload = {
    content,
    embeds,
    components,
    files,
    allowedMentions: { parse: [], users, repliedUser: false },
  };
  if (opts.ephemeral ?? reply.ephemeral) payload.flags = MessageFlags.Ephemeral;
  return payload;
}

/**
 * Embeds within Discord's limits: each string cut to its own limit and, in order, to what is left of the
 * embeds' total; a field left without room is dropped, and an embed left empty says so with a blank.
 */
export function fitEmbeds(embeds: readonly Embed[]): Embed[] {
  let left: number = DISCORD_LIMIT.embedsTotal;
  const take = (s: string, max: number): string => {
    const out = fitMarkdown(s, Math.min(max, left));
    left -= out.length;
    return out;
  };
  const out: Embed[] = [];
  for (const e of embeds.slice(0, DISCORD_LIMIT.embeds)) {
    if (left < 1) break;
    const fitted: Embed = {};
    if (e.color !== undefined) fitted.color = e.color;
    if (e.title?.trim()) fitted.title = take(e.title, DISCORD_LIMIT.embedTitle);
    if (e.description?.trim() && left > 0) fitted.description = take(e.description, DISCORD_LIMIT.embedDescription);
    const fields: NonNullable<Embed['fields']> = [];
    for (const f of (e.fields ?? []).slice(0, DISCORD_LIMIT.fields)) {
      if (left < 2) break;
      const name = take(orBlank(f.name), Math.min(DISCORD_LIMIT.fieldName, left - 1));
      const value = take(orBlank(f.value), DISCORD_LIMIT.fieldValue);
      fields.push({ name, value, inline: f.inline ?? false });
    }
    if (fields.length) fitted.fields = fields;
    // A footer renders no Markdown, but nothing in an embed may read as a masked link to a scanner or a client.
    if (e.footer?.trim() && left > 0) fitted.footer = take(e.footer, DISCORD_LIMIT.footer);
    if (!fitted.title && !fitted.description && !fitted.fields && !fitted.footer) fitted.description = take('\u200b', 1);
    out.push(fitted);
  }
  return out;
}

/** Autocomplete choices Discord accepts: at most 25, each name cut to its limit; a value that does not fit is left out. */
export function renderChoices(choices: readonly Choice[]): Choice[] {
  return choices
    .filter((c) => c.value.length > 0 && c.value.length <= DISCORD_LIMIT.choiceValue && c.value.isWellFormed())
    .slice(0, DISCORD_LIMIT.choices)
    .map((c) => ({ name: fit(c.name.trim() ? c.name : '…', DISCORD_LIMIT.choiceName), value: c.value }));
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

/**
 * A form as a Discord modal: one action row per field, each a text input. Its text and lengths come through
 * safeForm, the same form the console prompts for, within Discord's limits.
 */
export function renderForm(form: Form): ModalBuilder {
  const safe = safeForm(form);
  const rows = safe.fields.map((f) => {
    const input = new TextInputBuilder()
      .setCustomId(f.id)
      .setLabel(f.label)
      .setStyle(f.style === 'paragraph' ? TextInputStyle.Paragraph : TextInputStyle.Short)
      .setRequired(f.required !== false);
    if (f.minLength !== undefined) input.setMinLength(f.minLength);
    if (f.maxLength !== undefined) input.setMaxLength(f.maxLength);
    if (f.placeholder !== undefined) input.setPlaceholder(f.placeholder);
    if (f.value !== undefined) input.setValue(f.value);
    return new ActionRowBuilder<TextInputBuilder>().addComponents(input);
  });
  return new ModalBuilder().setCustomId(safe.customId).setTitle(safe.title).addComponents(...rows);
}
