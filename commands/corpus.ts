/**
 * /corpus add file:<attachment> [title] [author] [kind] | list | info text: | remove text: — each server's own
 * library. Added texts are searched and checked on that server only, beside the shared corpus.
 * Adding and removing need Manage Server (from the one table, src/seam/permissions.ts: the command's default
 * permission, and checked here); list and info are open to whoever can use the command.
 */
import { SlashCommandBuilder } from '@discordjs/builders';
import { InteractionContextType } from 'discord-api-types/v10';
import { progressEvery, type AutocompleteContext, type Choice, type CommandContext, type ComponentContext } from '../src/seam/command.js';
import type { Reply } from '../src/seam/reply.js';
import { actingAs, bitsFor, refusalFor } from '../src/seam/permissions.js';
import { optionsOf } from '../src/seam/options.js';
import type { TextSource } from '../src/library/service.js';
import { LIST_PAGE, addedReply, confirmRemoveReply, infoReply, listReply, notice, progressReply, removedReply } from '../src/library/replies.js';
import { FORMATS } from '../src/core/corpus/layout/index.js';
import { plainLine } from '../src/views/safe.js';

export const data = new SlashCommandBuilder()
  .setName('corpus')
  .setDescription('This server\'s own library of texts: add, list, inspect or remove them')
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(bitsFor('/corpus add, remove'))
  .addSubcommand((s) =>
    s
      .setName('add')
      .setDescription('Add a text (plain text, Markdown, HTML or EPUB): quotable on this server only')
      .addAttachmentOption((o) => o.setName('file').setDescription(`The text: ${Object.keys(FORMATS).join(' ')}`).setRequired(true))
      .addStringOption((o) => o.setName('title').setDescription('Its title, if the text does not say it').setMaxLength(200))
      .addStringOption((o) => o.setName('author').setDescription('Its author, if the text does not say it').setMaxLength(100))
      .addStringOption((o) =>
        o
          .setName('kind')
          .setDescription('An article or book, or a forum thread (guessed from its shape otherwise)')
          .addChoices({ name: 'article or book', value: 'article' }, { name: 'forum thread', value: 'forum' }),
      ),
  )
  .addSubcommand((s) => s.setName('list').setDescription('The texts this server added, newest first'))
  .addSubcommand((s) =>
    s
      .setName('info')
      .setDescription('What was found in one text: layout, quotations, speakers, notes, warnings')
      .addStringOption((o) => o.setName('text').setDescription('The text (its title or number in /corpus list)').setRequired(true).setAutocomplete(true).setMaxLength(200)),
  )
  .addSubcommand((s) =>
    s
      .setName('remove')
      .setDescription('Remove a text from this server\'s library (asks first)')
      .addStringOption((o) => o.setName('text').setDescription('The text (its title or number in /corpus list)').setRequired(true).setAutocomplete(true).setMaxLength(200)),
  );

const NOT_IN_A_SERVER = 'A library belongs to a server: use /corpus in a server channel.';
const NOT_FOUND = 'This server\'s library has no such text: pick one from the list as you type, or see /corpus list.';

const mayChange = (ctx: CommandContext | ComponentContext) => actingAs(ctx.actor, '/corpus add, remove').isModerator;

/** A URL is an attachment Discord gives; anything else is a path typed in the console (refused elsewhere). */
const sourceOf = (value: string): TextSource => (/^https?:\/\//i.test(value) ? { url: value } : { path: value });

async function add(ctx: CommandContext, guildId: string): Promise<Reply> {
  const o = optionsOf(data, ctx);
  const file = o.attachment('file');
  if (!file) return notice('Attach the text to the command (the file option): plain text, Markdown, HTML or EPUB.');
  const kind = o.string('kind');
  // A large text shows how it is going: the reply is edited at most every 5 s until the outcome replaces it.
  const progress = progressEvery(ctx);
  const out = await ctx.services.libraries.add({
    guildId,
    actor: { id: ctx.actor.id, name: ctx.actor.name },
    source: sourceOf(file),
    given: { title: o.string('title'), author: o.string('author'), kind: kind === 'forum' || kind === 'article' ? kind : undefined },
    onProgress: (p) => void progress(progressReply(p)),
  });
  if (!out.ok) return notice(out.error);
  return addedReply(out.text, out.report);
}

export async function execute(ctx: CommandContext): Promise<Reply> {
  if (ctx.guildId === null) return notice(NOT_IN_A_SERVER);
  const guildId = ctx.guildId;
  const libraries = ctx.services.libraries;
  switch (ctx.subcommand) {
    case 'add':
      if (!mayChange(ctx)) return notice(refusalFor('/corpus add, remove'));
      return add(ctx, guildId);
    case 'list': {
      const { texts, total } = await libraries.list(guildId, 0, LIST_PAGE);
      return listReply(texts, 0, total);
    }
    case 'info': {
      const found = await libraries.info(guildId, optionsOf(data, ctx).requiredString('text'));
      return found ? infoReply(found.text, found.report) : notice(NOT_FOUND);
    }
    case 'remove': {
      if (!mayChange(ctx)) return notice(refusalFor('/corpus add, remove'));
      const text = await libraries.find(guildId, optionsOf(data, ctx).requiredString('text'));
      return text ? confirmRemoveReply(text) : notice(NOT_FOUND);
    }
    default:
      return notice('Use /corpus add, list, info or remove.');
  }
}

/** The buttons: corpus:list:<page>, corpus:remove:<text id> (the confirmation), corpus:keep. */
export async function component(ctx: ComponentContext): Promise<Reply> {
  if (ctx.guildId === null) return notice(NOT_IN_A_SERVER);
  const [action, arg] = ctx.args;
  if (action === 'list' && /^\d{1,6}$/.test(arg ?? '')) {
    const page = Number(arg);
    const { texts, total } = await ctx.services.libraries.list(ctx.guildId, page, LIST_PAGE);
    // A page past the end (texts removed since) shows the last one.
    if (texts.length === 0 && total > 0) {
      const last = Math.floor((total - 1) / LIST_PAGE);
      return listReply((await ctx.services.libraries.list(ctx.guildId, last, LIST_PAGE)).texts, last, total);
    }
    return listReply(texts, page, total);
  }
  if (action === 'remove' && /^\d{1,12}$/.test(arg ?? '')) {
    if (!mayChange(ctx)) return notice(refusalFor('/corpus add, remove'));
    const out = await ctx.services.libraries.remove(ctx.guildId, Number(arg), ctx.actor);
    return out.ok ? removedReply(out.text) : notice(out.error);
  }
  if (action === 'keep') return notice('Kept: nothing was removed.');
  return notice('That button no longer works. Run /corpus list again.');
}

export async function autocomplete(ctx: AutocompleteContext): Promise<Choice[]> {
  if (ctx.focused.name !== 'text' || ctx.guildId === null) return [];
  const texts = await ctx.services.libraries.suggest(ctx.guildId, ctx.focused.value.slice(0, 200));
  return texts.map((t) => ({ name: plainLine(`#${t.id} ${t.title}${t.author ? ` — ${t.author}` : ''}`, 100), value: String(t.id) }));
}
