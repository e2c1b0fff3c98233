/** /quote query:<text> [speaker:<name>] [limit:<1-10>] — what someone said, word for word, with its source. */
import { SlashCommandBuilder } from '@discordjs/builders';
import type { AutocompleteContext, Choice, CommandContext, ComponentContext } from '../src/seam/command.js';
import type { Reply } from '../src/seam/reply.js';
import { MAX_LIMIT, MAX_QUERY_LENGTH } from '../src/core/search/search.js';
import { MAX_ARGUMENT_LENGTH } from '../src/core/debate/debate.js';
import { quotePageReply } from '../src/views/quote-results.js';
import { recordArgument } from '../src/score/commands.js';
import { citationOf } from '../src/views/citation.js';
import { clip, safeMessage } from '../src/views/safe.js';
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
  .addIntegerOption((o) =>
    o.setName('limit').setDescription(`Results per page (1-${MAX_LIMIT}, default 3)`).setMinValue(1).setMaxValue(MAX_LIMIT),
  );

const DEFAULT_LIMIT = 3;
const CUSTOM_ID_MAX = 100;

// Queries too long to ride in a button's custom id wait here; a restart makes their buttons stale.
const longQueries = new Map<string, { query: string; speaker: string }>();
let nextKey = 1;

function pageId(offset: number, limit: number, query: string, speaker: string): string {
  const inline = `quote:page:${offset}:${limit}:${speaker}|${query}`;
  if (inline.length <= CUSTOM_ID_MAX) return inline;
  const key = `#${nextKey++}`;
  longQueries.set(key, { query, speaker });
  if (longQueries.size > 1000) longQueries.delete(longQueries.keys().next().value!);
  return `quote:page:${offset}:${limit}:${key}`;
}

function show(ctx: CommandContext | ComponentContext, query: string, speaker: string, limit: number, offset: number): Reply {
  const found = ctx.services.search.search({ query, speaker: speaker || null, limit, offset });
  // A refusal may echo the speaker as typed ("No one called …").
  if (!found.ok) return { ephemeral: true, content: safeMessage(found.error) };
  const { results, total } = found;
  // A page past the end (a stale or crafted button) shows the last page.
  if (results.length === 0 && total > 0 && offset > 0) return show(ctx, query, speaker, limit, Math.floor((total - 1) / limit) * limit);
  return quotePageReply({
    asked: query,
    speaker: found.speaker,
    results,
    offset,
    total,
    note: found.note,
    useIds: results.map((r) => `quote:use:${r.id}`),
    prevId: offset > 0 ? pageId(Math.max(0, offset - limit), limit, query, speaker) : null,
    nextId: offset + limit < total ? pageId(offset + limit, limit, query, speaker) : null,
  });
}

export async function execute(ctx: CommandContext): Promise<Reply> {
  const o = optionsOf(data, ctx);
  const query = o.requiredString('query');
  const speaker = o.string('speaker')?.slice(0, 200) ?? '';
  const limit = o.integer('limit') ?? DEFAULT_LIMIT;
  return show(ctx, query, speaker, limit, 0);
}

/** The buttons: quote:page:<offset>:<limit>:<speaker>|<query> (or a key for a long query), quote:use:<id>. */
export async function component(ctx: ComponentContext): Promise<Reply> {
  if (ctx.args[0] === 'use') return useAsArgument(ctx, ctx.args.slice(1).join(':'));
  const [action, offsetArg, limitArg, ...rest] = ctx.args;
  const tail = rest.join(':');
  // Only the plain numbers pageId writes: "-5", "1e3" or "0x10" is not a page.
  const offset = /^\d{1,9}$/.test(offsetArg ?? '') ? Number(offsetArg) : NaN;
  const limit = /^\d{1,3}$/.test(limitArg ?? '') ? Number(limitArg) : NaN;
  let state: { query: string; speaker: string } | undefined;
  if (tail.startsWith('#')) state = longQueries.get(tail);
  else if (tail.includes('|')) state = { speaker: tail.slice(0, tail.indexOf('|')), query: tail.slice(tail.indexOf('|') + 1) };
  if (action !== 'page' || !Number.isInteger(offset) || !Number.isInteger(limit) || !state) {
    return { ephemeral: true, content: 'These results have expired. Run /quote again to search.' };
  }
  return show(ctx, state.query, state.speaker, limit, offset);
}

/** "Use as argument": on the presser's turn, the quotation becomes their argument, cited by construction. */
async function useAsArgument(ctx: ComponentContext, id: string): Promise<Reply> {
  const result = ctx.services.search.get(id);
  if (!result) return { ephemeral: true, content: 'That quotation is no longer in the corpus. Run /quote again.' };
  // A long passage is cut with an elision, which argument checking accepts as near-verbatim.
  const words = clip(result.text, MAX_ARGUMENT_LENGTH - 200, 'utf16');
  const text = `“${words}”${result.speaker ? ` — ${result.speaker}` : ''}`;
  return recordArgument(ctx, text, citationOf(result), { sourceChecked: true });
}

export async function autocomplete(ctx: AutocompleteContext): Promise<Choice[]> {
  if (ctx.focused.name !== 'speaker') return [];
  return ctx.services.search
    .suggestSpeakers(ctx.focused.value.slice(0, 100), 25)
    .map((name) => ({ name, value: name }));
}
