/**
 * /sources [thread] — reviews a thread (default: this channel): every message's citations with their verdict
 * and matched passage, and per-person tallies; paged with buttons, exportable as Markdown. A message that is a
 * recorded debate argument shows the verdict the score stores (the same as /score, the record and /verdict
 * show); any other message is checked now and marked so. Messages come from the channel gateway (the most
 * recent 200), with the arguments of a debate held there that history leaves out (/argue is posted by the
 * bot); where it cannot read history (the console) or message text (no Message Content intent), the arguments
 * recorded for the debate there are reviewed instead.
 */
import { SlashCommandBuilder } from '@discordjs/builders';
import { ChannelType, InteractionContextType } from 'discord-api-types/v10';
import type { CommandContext, ComponentContext } from '../src/seam/command.js';
import type { Reply } from '../src/seam/reply.js';
import { buildReview, reviewPageReply, reviewMarkdown, type Review, type SourceMessage } from '../src/views/sources.js';
import { argumentMessage, withStoredArguments } from '../src/views/thread-arguments.js';
import { checkChannel } from '../src/seam/boundaries.js';
import { optionsOf } from '../src/seam/options.js';

export const data = new SlashCommandBuilder()
  .setName('sources')
  .setDescription('Review the sources cited in a thread: every citation checked, and who cited what')
  .setContexts(InteractionContextType.Guild)
  .addChannelOption((o) =>
    o
      .setName('thread')
      .setDescription('The thread or channel to review (default: this one)')
      .addChannelTypes(ChannelType.PublicThread, ChannelType.PrivateThread, ChannelType.AnnouncementThread, ChannelType.GuildText, ChannelType.GuildAnnouncement),
  );

/** Most recent messages reviewed. */
export const REVIEW_LIMIT = 200;
/** A review is kept this long for its paging and export buttons, then rebuilt from the thread. */
const KEEP_MS = 15 * 60_000;
const KEEP_MAX = 100;

/** Kept per server, person and channel: a review is handed only to whoever passed the checks for it. */
const reviews = new Map<string, { review: Review; at: number }>();
const keyOf = (ctx: Pick<CommandContext, 'guildId' | 'actor'>, channelId: string) => `${ctx.guildId}:${ctx.actor.id}:${channelId}`;
const EXPIRED = 'This review has expired. Run /sources again.';

const NEEDS_DISCORD =
  'Reviewing a thread reads its messages, which only works on Discord. Here I can review the arguments of a debate, and there is no debate open in this channel.';
const NO_TEXT =
  'I can see the messages there but not their text: this bot runs without the Message Content intent. Use **Check sources** on a single message instead (right-click it → Apps).';

type Ctx = Pick<CommandContext, 'services' | 'channels' | 'guildId'>;

/** The arguments recorded for the debate in (or under) `channelId`, ended or not, as messages; null where there are none. */
async function debateArguments(ctx: Ctx, channelId: string): Promise<{ channelId: string; messages: SourceMessage[] } | null> {
  const scores = ctx.services.scores;
  const debateId = await scores.repo.debateOfChannel(channelId);
  if (debateId === null) return null;
  const args = await scores.inDebate(debateId);
  return args.length ? { channelId: args[0]!.debateChannelId, messages: args.map(argumentMessage) } : null;
}

/** Builds the review of `channelId`, or explains why it cannot be built. */
async function review(ctx: Ctx, channelId: string): Promise<Review | Reply> {
  // The server's own texts are checked beside the shared corpus.
  const checker = ctx.services.checkerFor(ctx.guildId);
  const fallback = async (why: string): Promise<Review | Reply> => {
    const stored = await debateArguments(ctx, channelId);
    if (!stored) return { ephemeral: true, content: why };
    return buildReview(stored.messages, checker, { channelId: stored.channelId, guildId: ctx.guildId, origin: 'read from the debate\'s record, not the thread' });
  };
  if (!ctx.channels.fetchMessages) return fallback(NEEDS_DISCORD);
  const history = await ctx.channels.fetchMessages(channelId, REVIEW_LIMIT);
  if (history.length > 0 && !history.some((m) => m.content.trim())) return fallback(NO_TEXT);
  const merged = withStoredArguments(history, await ctx.services.scores.argumentsHeldIn(channelId));
  // Stored arguments can reach further back than history: the review stays the most recent REVIEW_LIMIT.
  return buildReview(merged.slice(-REVIEW_LIMIT), checker, { channelId, guildId: ctx.guildId });
}

function keep(key: string, r: Review, now: number): void {
  reviews.delete(key);
  reviews.set(key, { review: r, at: now });
  while (reviews.size > KEEP_MAX) reviews.delete(reviews.keys().next().value!);
}

const isReview = (r: Review | Reply): r is Review => 'items' in r;

function page(r: Review, index: number, channelId: string): Reply {
  return reviewPageReply(r, index, {
    prev: `sources:page:${channelId}:${index - 1}`,
    next: `sources:page:${channelId}:${index + 1}`,
    export: `sources:export:${channelId}`,
  });
}

export async function execute(ctx: CommandContext): Promise<Reply> {
  await ctx.services.libraries.ready(ctx.guildId);
  const picked = optionsOf(data, ctx).channel('thread') ?? ctx.channelId;
  // This server's channel, and one whose history the asker can read.
  const refused = await checkChannel(ctx, picked, '/sources, Export as Markdown');
  if (refused) return refused;
  const r = await review(ctx, picked);
  if (!isReview(r)) return r;
  keep(keyOf(ctx, picked), r, ctx.services.now());
  // Private to whoever asked: a review names people and their misquotations.
  return { ...page(r, 0, picked), ephemeral: true };
}

/** Buttons: sources:page:<channelId>:<page> (edits the review in place) and sources:export:<channelId>. */
export async function component(ctx: ComponentContext): Promise<Reply> {
  await ctx.services.libraries.ready(ctx.guildId);
  const [action, channelId, pageArg] = ctx.args;
  if (!channelId || !/^[\w-]{1,40}$/.test(channelId) || (action !== 'page' && action !== 'export')) {
    return { ephemeral: true, content: EXPIRED };
  }
  const now = ctx.services.now();
  const key = keyOf(ctx, channelId);
  const kept = reviews.get(key);
  let r: Review | Reply;
  if (kept && now - kept.at <= KEEP_MS) r = kept.review;
  else {
    // Rebuilt only where the press says what the presser may read (its own channel); else asked for afresh.
    if (ctx.channelAccess && (await ctx.channelAccess(channelId)).permissions === null) return { ephemeral: true, content: EXPIRED };
    const refused = await checkChannel(ctx, channelId, '/sources, Export as Markdown');
    if (refused) return refused;
    r = await review(ctx, channelId);
    if (isReview(r)) keep(key, r, now);
  }
  if (!isReview(r)) return { ...r, ephemeral: true };
  if (action === 'export') {
    return {
      ephemeral: true,
      content: `The whole review: ${r.items.length} argument(s), as Markdown.`,
      attachments: [{ name: `sources-${channelId}.md`, content: reviewMarkdown(r, new Date(now)) }],
    };
  }
  const index = Number(pageArg);
  return page(r, Number.isInteger(index) ? index : 0, channelId);
}
