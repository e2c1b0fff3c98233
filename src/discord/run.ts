/**
 * The bot on Discord: the discord.js client with minimal intents, the interaction router, and the
 * lifecycle (health line at ready; on SIGINT/SIGTERM stop taking work, drain, close, exit 0). When Discord
 * recommends more than one shard, `runDiscord` becomes a ShardingManager that forks one process per shard
 * (src/discord/shard.ts), each of which comes back here as a shard child.
 */
import { Client, Events, GatewayIntentBits, Options, Partials, REST, Routes, type Message, type PartialMessage } from 'discord.js';
import type { Logger } from 'pino';
import type { CommandModule } from '../seam/command.js';
import type { ChannelGateway } from '../seam/reply.js';
import type { Config } from '../app/config.js';
import type { Services } from '../app/services.js';
import type { PostedMessage } from '../seam/reply.js';
import { DiscordChannels } from './channels.js';
import { renderMessage } from './render.js';
import { InteractionRouter } from './router.js';

export interface DiscordDeps {
  config: Config;
  log: Logger;
  services: Services;
  commands: Map<string, CommandModule>;
}

export interface Bot {
  client: Client;
  router: InteractionRouter;
  channels: DiscordChannels;
  /**
   * Stops taking interactions, waits for in-flight ones (bounded), closes the services (timers stop, queued
   * posts go out while the client can still send, the database closes; bounded too), then the gateway.
   */
  stop(drainMs?: number): Promise<void>;
}

/** Guilds always; guild messages and their content only when reading debate threads is switched on. */
export function intentsFor(config: Pick<Config, 'messageContent'>): GatewayIntentBits[] {
  const intents = [GatewayIntentBits.Guilds];
  if (config.messageContent) intents.push(GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent);
  return intents;
}

export function createClient(config: Config): Client {
  return new Client({
    intents: intentsFor(config),
    rest: { api: config.apiBase },
    // A host given its shards (HOST_SHARDS) runs them all in this process; a forked shard child reads its own from the environment.
    ...(config.hosting.fixed && config.shard ? { shards: config.shard.ids, shardCount: config.shard.count } : {}),
    allowedMentions: { parse: [], repliedUser: false },
    // Edits and deletions of posts no longer cached still arrive (an argument's verdict follows its post).
    partials: [Partials.Message],
    // The bot reads debate threads, not history: keep few messages per channel in memory.
    makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: 50 }),
  });
}

/** Debates not yet closed (absent when the store cannot say). */
async function openDebates(services: Services): Promise<number | undefined> {
  try {
    return (await services.debates.repo.liveIds()).length;
  } catch {
    return undefined;
  }
}

/** Logs in and resolves once the client is ready and routing interactions. */
export async function startBot(deps: DiscordDeps, opts: { deferAfterMs?: number } = {}): Promise<Bot> {
  const { config, log, services, commands } = deps;
  const client = createClient(config);
  const channels = new DiscordChannels(client, log.child({ component: 'channels' }), services.now);
  const router = new InteractionRouter({ services, commands, log, channels, deferAfterMs: opts.deferAfterMs });

  client.on(Events.InteractionCreate, (i) => void router.handle(i));
  client.on(Events.Error, (err) => log.error({ err }, 'discord client error'));
  client.on(Events.ShardError, (err, shardId) => log.error({ err, shardId }, 'gateway error'));
  client.on(Events.Warn, (msg) => log.warn({ msg }, 'discord client warning'));
  client.on(Events.GuildCreate, (g) => log.debug({ guildId: g.id }, 'guild available'));
  if (config.messageContent) {
    wireMessages(client, services, channels, log);
    wireEditsAndDeletes(client, services, channels, log);
  }

  const ready = new Promise<void>((resolve) => {
    client.once(Events.ClientReady, async (c) => {
      log.info(
        {
          servers: c.guilds.cache.size,
          openDebates: await openDebates(services),
          quotations: services.corpus.size.quotations,
          commands: commands.size,
          shards: c.shard ? c.shard.ids : [0],
          messageContent: config.messageContent,
          uptimeMs: Math.round(process.uptime() * 1000),
        },
        `ready as ${c.user.tag}`,
      );
      resolve();
    });
  });
  // A host whose shards another live host runs is refused here, before it connects (main.ts prints the line).
  const host = await services.joinHosts();
  log.debug({ host }, 'this host\'s shards are its own');
  await client.login(config.discordToken!);
  await ready;
  // Timers (debate turns) start once the bot can post; overdue ones are announced now.
  try {
    await services.start(channels);
  } catch (err) {
    log.error({ err }, 'starting the services failed');
  }

  let stopping: Promise<void> | null = null;
  return {
    client,
    router,
    channels,
    stop(drainMs = 5000) {
      stopping ??= (async () => {
        router.stop();
        const pending = router.pending;
        const drained = await router.drain(drainMs);
        log.info({ pending, drained }, drained ? 'in-flight interactions finished' : 'gave up waiting for in-flight interactions');
        const closing = Promise.resolve()
          .then(() => services.close())
          .catch((err) => log.error({ err }, 'closing the services failed'));
        const closed = await within(drainMs, closing);
        if (!closed) log.warn('gave up waiting for the services to close');
        await channels.flush();
        await client.destroy();
      })();
      return stopping;
    },
  };
}

/** Resolves true when `p` settles within `ms`, false otherwise. */
async function within(ms: number, p: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((r) => (timer = setTimeout(() => r(false), ms)));
  try {
    return await Promise.race([p.then(() => true as const), late]);
  } catch {
    return true;
  } finally {
    clearTimeout(timer);
  }
}

/** The author's permissions in the message's channel; unknown when discord.js cannot resolve them (an uncached channel). */
function permissionsOf(m: Message<true>): bigint | undefined {
  try {
    return m.member?.permissionsIn(m.channelId).bitfield;
  } catch {
    return undefined;
  }
}

/** A server message as the services see it: its author (by their name there), place, text and what it replies to. */
function posted(m: Message<true>, channels: ChannelGateway): PostedMessage {
  // A post grants no moderator's powers; its author's permissions there go along (src/seam/permissions.ts decides).
  const permissions = permissionsOf(m);
  return {
    actor: { id: m.author.id, name: m.member?.displayName ?? m.author.globalName ?? m.author.username, isModerator: false, permissions },
    guildId: m.guildId,
    channelId: m.channelId,
    messageId: m.id,
    content: m.content,
    channels,
    replyToMessageId: m.reference?.messageId ?? null,
  };
}

/**
 * Plain messages in server channels and threads go to services.onMessage. Its answer is
 * meant for the author only: it is sent by direct message, or — when the author's DMs are closed — as a
 * reply in the thread that pings the author alone.
 */
function wireMessages(client: Client, services: Services, channels: ChannelGateway, log: Logger): void {
  const hook = services.onMessage;
  client.on(Events.MessageCreate, async (m) => {
    if (m.author.bot || !m.inGuild() || m.system) return;
    try {
      const reply = await hook(posted(m, channels));
      if (!reply) return;
      try {
        await m.author.send(renderMessage(reply));
      } catch {
        await m.reply({ ...renderMessage(reply), allowedMentions: { parse: [], users: [m.author.id], repliedUser: true } });
      }
    } catch (err) {
      log.error({ err, channelId: m.channelId, messageId: m.id }, 'handling a posted message failed');
    }
  });
}

/** Edited posts go to services.onMessageEdit (their argument is checked again), deleted ones to onMessageDelete. */
export function wireEditsAndDeletes(client: Client, services: Services, channels: ChannelGateway, log: Logger): void {
  const { onMessageEdit, onMessageDelete } = services;
  client.on(Events.MessageUpdate, async (_old, updated: Message | PartialMessage) => {
    try {
      const m = updated.partial ? await updated.fetch() : updated;
      if (m.author.bot || !m.inGuild() || m.system) return;
      await onMessageEdit(posted(m, channels));
    } catch (err) {
      log.error({ err, channelId: updated.channelId, messageId: updated.id }, 'handling an edited message failed');
    }
  });
  client.on(Events.MessageDelete, async (m) => {
    try {
      await onMessageDelete(m.channelId, m.id);
    } catch (err) {
      log.error({ err, channelId: m.channelId, messageId: m.id }, 'handling a deleted message failed');
    }
  });
  client.on(Events.MessageBulkDelete, async (messages) => {
    for (const m of messages.values()) {
      try {
        await onMessageDelete(m.channelId, m.id);
      } catch (err) {
        log.error({ err, channelId: m.channelId, messageId: m.id }, 'handling a deleted message failed');
      }
    }
  });
}

/** Shards Discord recommends for this bot (GET /gateway/bot); 1 when it cannot tell. */
export async function recommendedShards(config: Config, log: Logger): Promise<number> {
  try {
    const rest = new REST({ api: config.apiBase }).setToken(config.discordToken!);
    const res = (await rest.get(Routes.gatewayBot())) as { shards?: number };
    return Math.max(1, Number(res.shards) || 1);
  } catch (err) {
    log.warn({ err }, 'could not read the recommended shard count; running one shard');
    return 1;
  }
}

/** `npm start` with a token: the bot, until SIGINT/SIGTERM. */
export async function runDiscord(deps: DiscordDeps): Promise<void> {
  const { config, log, services } = deps;
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));

  log.debug({ uptimeMs: Math.round(process.uptime() * 1000) }, 'connecting to Discord');
  // A shard process the manager forked runs its shard; only the first process asks Discord how many to run.
  if (!config.shardChild && !config.hosting.fixed) {
    const shards = await recommendedShards(config, log);
    if (shards > 1) {
      const { runSharded } = await import('./shard.js');
      await runSharded({ config, log, services, totalShards: shards });
      return;
    }
  }

  const bot = await startBot(deps);
  let exiting = false;
  const shutdown = async (signal: string) => {
    if (exiting) return;
    exiting = true;
    log.info({ signal }, 'shutting down');
    try {
      await bot.stop();
    } catch (err) {
      log.error({ err }, 'error during shutdown');
    }
    log.info('bye');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
