/**
 * ChannelGateway over discord.js: what commands use to post outside the interaction (a debate thread, a turn
 * announcement, a timer message) and to read a thread's recent messages (/sources). Edits of one message are coalesced to at most one every 5 s, so a ticking
 * timer cannot turn into a loop of REST calls: the latest content wins.
 */
import {
  ChannelType,
  DiscordAPIError,
  PermissionFlagsBits,
  ThreadAutoArchiveDuration,
  type Client,
  type GuildTextBasedChannel,
  type Message,
  type TextBasedChannel,
} from 'discord.js';
import type { Logger } from 'pino';
import type { ChannelGateway, Reply } from '../seam/reply.js';
import { DISCORD_LIMIT, fit, renderMessage, renderPost } from './render.js';
import { plainLine } from '../views/safe.js';

export const EDIT_INTERVAL_MS = 5_000;
/** The most messages fetchMessages reads (two REST pages of 100). */
export const MAX_FETCHED_MESSAGES = 200;

/** Discord error codes meaning "not possible here": missing access/permissions, wrong channel type. */
const NOT_PERMITTED = new Set([50001, 50013, 50024, 160004, 50083]);

export function isPermissionError(err: unknown): boolean {
  return err instanceof DiscordAPIError && NOT_PERMITTED.has(Number(err.code));
}

interface PendingEdit {
  reply: Reply;
  timer: NodeJS.Timeout;
}

export class DiscordChannels implements ChannelGateway {
  private lastEdit = new Map<string, number>();
  private pending = new Map<string, PendingEdit>();

  constructor(
    private readonly client: Client,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
    private readonly editIntervalMs = EDIT_INTERVAL_MS,
  ) {}

  /**
   * The channel, or null when Discord says it is gone or hidden from the bot (404, 403). Any other failure (a
   * 500, a timeout) is thrown as it is: the outbox retries those instead of halting the debate.
   */
  private async channel(channelId: string): Promise<TextBasedChannel | null> {
    const ch =
      this.client.channels.cache.get(channelId) ??
      // allowUnknownGuild: a host fires turns in servers of other hosts' shards, which this client never cached.
      (await this.client.channels.fetch(channelId, { allowUnknownGuild: true }).catch((err: unknown) => {
        if (err instanceof DiscordAPIError && (err.status === 404 || err.status === 403)) return null;
        throw err;
      }));
    return ch && ch.isTextBased() ? ch : null;
  }

  async createThread(channelId: string, name: string): Promise<string | null> {
    const ch = await this.channel(channelId);
    if (!ch || (ch.type !== ChannelType.GuildText && ch.type !== ChannelType.GuildAnnouncement)) {
      this.log.info({ channelId }, 'thread not created: not a server text channel');
      return null;
    }
    const me = ch.guild.members.me;
    const perms = me ? ch.permissionsFor(me) : null;
    // Embed Links too: without it the motion card would be refused, leaving an empty thread behind.
    if (perms && !perms.has([PermissionFlagsBits.CreatePublicThreads, PermissionFlagsBits.SendMessagesInThreads, PermissionFlagsBits.EmbedLinks])) {
      this.log.info({ channelId }, 'thread not created: missing Create Public Threads / Send Messages in Threads / Embed Links');
      return null;
    }
    try {
      const thread = await ch.threads.create({
        // The last net for a thread's name: one line, no control characters, whole graphemes.
        name: fit(plainLine(name, DISCORD_LIMIT.threadName) || '…', DISCORD_LIMIT.threadName),
        autoArchiveDuration: ThreadAutoArchiveDuration.OneDay,
      });
      return thread.id;
    } catch (err) {
      if (isPermissionError(err)) {
        this.log.info({ channelId, code: (err as DiscordAPIError).code }, 'thread not created: not permitted');
        return null;
      }
      throw err;
    }
  }

  async post(channelId: string, reply: Reply, nonce?: string): Promise<string> {
    const ch = await this.channel(channelId);
    if (!ch || !('send' in ch)) throw new ChannelUnavailableError(channelId);
    const msg = await (ch as GuildTextBasedChannel).send(nonce ? { ...renderPost(reply), nonce, enforceNonce: true } : renderPost(reply));
    return msg.id;
  }

  /**
   * Edits now when this message was not edited in the last interval; otherwise the edit is queued (a later
   * one replaces it) and applied when the interval is over. A queued edit resolves at once — a command must
   * not wait seconds for a timer message — and a failure to apply it later is logged.
   */
  async edit(channelId: string, messageId: string, reply: Reply): Promise<void> {
    const key = `${channelId}/${messageId}`;
    const since = this.now() - (this.lastEdit.get(key) ?? -Infinity);
    const existing = this.pending.get(key);
    if (existing) {
      existing.reply = reply;
      return;
    }
    if (since >= this.editIntervalMs) {
      this.lastEdit.set(key, this.now());
      return this.apply(channelId, messageId, reply);
    }
    const timer = setTimeout(() => {
      const p = this.pending.get(key);
      if (!p) return;
      this.pending.delete(key);
      this.lastEdit.set(key, this.now());
      this.apply(channelId, messageId, p.reply).catch((err) =>
        this.log.warn({ err, channelId, messageId }, 'a queued message edit failed'),
      );
    }, this.editIntervalMs - since);
    timer.unref();
    this.pending.set(key, { reply, timer });
  }

  private async apply(channelId: string, messageId: string, reply: Reply): Promise<void> {
    const ch = await this.channel(channelId);
    if (!ch) throw new ChannelUnavailableError(channelId);
    await ch.messages.edit(messageId, renderMessage(reply));
  }

  /**
   * The most recent `limit` messages of a channel or thread (at most 200: two REST pages), oldest first, without
   * the bot's and other bots' posts and system messages. Text is empty where the Message Content intent is off.
   */
  async fetchMessages(channelId: string, limit: number): Promise<{ id: string; authorId: string; authorName: string; content: string }[]> {
    const ch = await this.channel(channelId);
    if (!ch) throw new ChannelUnavailableError(channelId);
    const want = Math.max(1, Math.min(MAX_FETCHED_MESSAGES, Math.floor(limit) || 1));
    const got: Message[] = [];
    let before: string | undefined;
    while (got.length < want) {
      const size = Math.min(100, want - got.length);
      const batch = await ch.messages.fetch({ limit: size, ...(before ? { before } : {}), cache: false });
      const page = [...batch.values()];
      got.push(...page);
      if (page.length < size) break;
      before = page.reduce((min, m) => (BigInt(m.id) < BigInt(min) ? m.id : min), page[0]!.id);
    }
    return got
      .filter((m) => !m.author.bot && !m.system)
      .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))
      .map((m) => ({
        id: m.id,
        authorId: m.author.id,
        authorName: m.member?.displayName ?? m.author.globalName ?? m.author.username,
        content: m.content,
      }));
  }

  /** Applies pending edits now (shutdown). */
  async flush(): Promise<void> {
    const all = [...this.pending.entries()];
    this.pending.clear();
    await Promise.all(
      all.map(async ([key, p]) => {
        clearTimeout(p.timer);
        const [channelId, messageId] = key.split('/') as [string, string];
        await this.apply(channelId, messageId, p.reply).catch((err) =>
          this.log.warn({ err, channelId, messageId }, 'a queued message edit failed'),
        );
      }),
    );
  }
}

export class ChannelUnavailableError extends Error {
  constructor(readonly channelId: string) {
    super(`channel ${channelId} is not a text channel the bot can see`);
    this.name = 'ChannelUnavailableError';
  }
}
