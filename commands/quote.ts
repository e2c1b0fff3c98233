/**
 * /quote query:<text> [speaker:<name>] [source:<work>] [limit:<1-10>] — what someone said, word for word, with its
 * source. A long result shows its best words (src/core/search/window.ts), the whole passage one button away.
 */
import { SlashCommandBuilder } from '@discordjs/builders';
import type { AutocompleteContext, Choice, CommandContext, ComponentContext } from '../src/seam/command.js';
import type { Reply } from '../src/seam/reply.js';
import { MAX_LIMIT, MAX_QUERY_LENGTH } from '../src/core/search/search.js';
import { MAX_ARGUMENT_LENGTH } from '../src/core/debate/debate.js';
import { quotePageReply, roomForWords, wholePassageReply } from '../src/views/quote-results.js';
import { bestWindow, isWindowOf, windowText, type TextWindow } from '../src/core/search/window.js';
import { keysOf } from '../src/core/search/positions.js';
import { recordArgument } from '../src/score/commands.js';
import { citationOf } from '../src/views/citation.js';
import { safeMessage } from '../src/views/safe.js';
import { clip } from '../src/core/text.js';
import { optionsOf } from '../src/seam/options.js';

export const data = new SlashCommandBuilder()
  .setName('quote')
  .setDescription('Find what someone in the corpus said, word for word, with where it comes from')
  .addStringOption((o) =>
    o
      .setName('query')
      .setDescription('Words to look for; start with a name to narrow to that speaker (serge bureaucracy)')
      .setRequired(true)
      .setMaxLength(MAX_QUERY_LENGTH),
  )
  .addStringOption((o) =>
    o.setName('speaker').setDescription('Only quotations by this person').setAutocomplete(true).setMaxLength(100),
  )
  .addStringOption((o) =>
    o.setName('source').setDescription('Only quotations from this work (their original source)').setAutocomplete(true).setMaxLength(100),
  )
  .addIntegerOption((o) =>
    o.setName('limit').setDescription(`Results per page (1-${MAX_LIMIT}, default 3)`).setMinValue(1).setMaxValue(MAX_LIMIT),
  );

const DEFAULT_LIMIT = 3;
const CUSTOM_ID_MAX = 100;

/** The most a "Use as argument" quotes: a long passage is cut, with an elision, which checking accepts as near-verbatim. */
const USE_MAX = MAX_ARGUMENT_LENGTH - 200;

interface Asked {
  query: string;
  speaker: string;
  source: string;
}

// Searches too long to ride in a button's custom id (or narrowed to a work) wait here; a restart makes their buttons stale.
const longQueries = new Map<string, Asked>();
let nextKey = 1;

function pageId(offset: number, limit: number, asked: Asked): string {
  const inline = `quote:page:${offset}:${limit}:${asked.speaker}|${asked.query}`;
  if (inline.length <= CUSTOM_ID_MAX && !asked.source) return inline;
  const key = `#${nextKey++}`;
  longQueries.set(key, asked);
  if (longQueries.size > 1000) longQueries.delete(longQueries.keys().next().value!);
  return `quote:page:${offset}:${limit}:${key}`;
}

function show(ctx: CommandContext | ComponentContext, asked: Asked, limit: number, offset: number): Reply {
  const { query, speaker, source } = asked;
  const found = ctx.services.searchFor(ctx.guildId).search({ query, speaker: speaker || null, source: source || null, limit, offset });
  // A refusal may echo the speaker as typed ("No one called …").
  if (!found.ok) return { ephemeral: true, content: safeMessage(found.error) };
  const { results, total } = found;
  // A page past the end (a stale or crafted button) shows the last page.
  if (results.length === 0 && total > 0 && offset > 0) return show(ctx, asked, limit, Math.floor((total - 1) / limit) * limit);
  // A long result shows the words around those asked about; "Use as argument" quotes exactly those.
  const keys = keysOf(found.words);
  const windows: (TextWindow | null)[] = results.map((r, i) => {
    const w = bestWindow(r.text, keys, roomForWords(r, offset + i + 1, results.length) - 2);
    return w.start === 0 && w.end === r.text.length ? null : w;
  });
  return quotePageReply({
    asked: found.source ? `${query} · ${found.source}` : query,
    speaker: found.speaker,
    results,
    offset,
    total,
    note: found.note,
    shown: results.map((r, i) => (windows[i] ? windowText(r.text, windows[i]!) : null)),
    useIds: results.map((r, i) => `quote:use:${r.id}${windows[i] ? `:${windows[i]!.start}-${windows[i]!.end}` : ''}`),
    wholeIds: results.map((r, i) => (windows[i] ? `quote:whole:${r.id}` : null)),
    prevId: offset > 0 ? pageId(Math.max(0, offset - limit), limit, asked) : null,
    nextId: offset + limit < total ? pageId(offset + limit, limit, asked) : null,
  });
}

export async function execute(ctx: CommandContext): Promise<Reply> {
  // The server's own texts as the store holds them (one another host added included) before searching.
  await ctx.services.libraries.ready(ctx.guildId);
  const o = optionsOf(data, ctx);
  const query = o.requiredString('query');
  const speaker = o.string('speaker')?.slice(0, 200) ?? '';
  const source = o.string('source')?.slice(0, 200) ?? '';
  const limit = o.integer('limit') ?? DEFAULT_LIMIT;
  return show(ctx, { query, speaker, source }, limit, 0);
}

/**
 * The buttons: quote:page:<offset>:<limit>:<speaker>|<query> (or a key for a long query), quote:use:<id>[:<start>-<end>]
 * (the window of a long passage shown, in characters), quote:whole:<id>.
 */
export async function component(ctx: ComponentContext): Promise<Reply> {
  await ctx.services.libraries.ready(ctx.guildId);
  if (ctx.args[0] === 'use') return useAsArgument(ctx, ctx.args.slice(1));
  if (ctx.args[0] === 'whole') return wholePassage(ctx, ctx.args.slice(1).join(':'));
  const [action, offsetArg, limitArg, ...rest] = ctx.args;
  const tail = rest.join(':');
  // Only the plain numbers pageId writes: "-5", "1e3" or "0x10" is not a page.
  const offset = /^\d{1,9}$/.test(offsetArg ?? '') ? Number(offsetArg) : NaN;
  const limit = /^\d{1,3}$/.test(limitArg ?? '') ? Number(limitArg) : NaN;
  let state: Asked | undefined;
  if (tail.startsWith('#')) state = longQueries.get(tail);
  else if (tail.includes('|')) state = { speaker: tail.slice(0, tail.indexOf('|')), query: tail.slice(tail.indexOf('|') + 1), source: '' };
  if (action !== 'page' || !Number.isInteger(offset) || !Number.isInteger(limit) || !state) {
    return { ephemeral: true, content: 'These results have expired. Run /quote again to search.' };
  }
  return show(ctx, state, limit, offset);
}

/** "Whole passage N": the result's whole text, to the presser only. */
async function wholePassage(ctx: ComponentContext, id: string): Promise<Reply> {
  const result = ctx.services.searchFor(ctx.guildId).get(id);
  if (!result) return { ephemeral: true, content: 'That passage is no longer in the corpus. Run /quote again.' };
  return wholePassageReply(result, 1);
}

/**
 * "Use as argument": on the presser's turn, the quotation becomes their argument, cited by construction: the
 * words shown (the window in the custom id, checked against the text) or, without one, the whole text.
 */
async function useAsArgument(ctx: ComponentContext, args: string[]): Promise<Reply> {
  const span = /^(\d{1,7})-(\d{1,7})$/.exec(args[args.length - 1] ?? '');
  const id = (span ? args.slice(0, -1) : args).join(':');
  const result = ctx.services.searchFor(ctx.guildId).get(id);
  if (!result) return { ephemeral: true, content: 'That quotation is no longer in the corpus. Run /quote again.' };
  let words: string;
  if (span) {
    const w = { start: Number(span[1]), end: Number(span[2]) };
    if (!isWindowOf(result.text, w, USE_MAX)) return { ephemeral: true, content: 'That button no longer matches the passage. Run /quote again.' };
    words = windowText(result.text, w);
  } else words = clip(result.text, USE_MAX, 'utf16');
  const text = `“${words}”${result.speaker ? ` — ${result.speaker}` : ''}`;
  return recordArgument(ctx, text, citationOf(result), { sourceChecked: true });
}

export async function autocomplete(ctx: AutocompleteContext): Promise<Choice[]> {
  await ctx.services.libraries.ready(ctx.guildId);
  const typed = ctx.focused.value.slice(0, 100);
  const search = ctx.services.searchFor(ctx.guildId);
  const names =
    ctx.focused.name === 'speaker' ? search.suggestSpeakers(typed, 25) : ctx.focused.name === 'source' ? search.suggestSources(typed, 25) : [];
  // Discord allows 100 characters in a choice's name and value.
  return names.filter((name) => name.length <= 100).map((name) => ({ name, value: name }));
}
