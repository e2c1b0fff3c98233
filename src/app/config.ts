/**
 * The only reader of the environment. `loadConfig` validates every variable once, at start-up; each error
 * names the variable and says what is expected, so `npm start` can print it and exit without a stack trace.
 */
import { hostname } from 'node:os';
import path from 'node:path';
import { isPostgresUrl, redactUrl } from '../db/pg/url.js';

export interface Config {
  /** DISCORD_TOKEN. Absent: `npm start` runs the local console instead of the bot. */
  discordToken: string | null;
  /** DISCORD_APP_ID: the application (client) id. Required when a token is set. */
  appId: string | null;
  /** DISCORD_GUILD_ID: deploy commands to this one server (development) instead of globally. */
  guildId: string | null;
  /** DISCORD_API_BASE: Discord's REST base URL (without /v10); a REST proxy or a local stand-in. */
  apiBase: string;
  /** DATABASE_PATH: the SQLite file, shared by every shard process. */
  databasePath: string;
  /**
   * DATABASE_URL: a PostgreSQL server (postgres://user:password@host:5432/database) to hold the shared state
   * instead of the SQLite file, for shards on several hosts. Null (the default): SQLite.
   */
  databaseUrl: string | null;
  /** DATA_DIR: where the persisted search index and other derived files live. */
  dataDir: string;
  /** CORPUS_DIR: the texts and their .meta.json sidecars. */
  corpusDir: string;
  /** LOG_LEVEL: pino level. */
  logLevel: LogLevel;
  /** COMMANDS_DIR: a stand-in command set (tests); null: the project's commands/. */
  commandsDir: string | null;
  /**
   * MESSAGE_CONTENT_INTENT (privileged): lets the bot read the text of posts in debate threads. Off: the bot
   * still answers every slash command, button and context menu, but cannot read arguments posted as plain
   * thread messages (they must be submitted through commands instead).
   */
  messageContent: boolean;
  /** TURN_GRACE_SECONDS: extra seconds a speaker gets after the turn deadline before it passes. */
  turnGraceSeconds: number;
  /**
   * SHARDS / SHARD_COUNT: set by the ShardingManager for each shard process it forks (not by users): which
   * shards this process runs, of how many. Null in an unsharded process.
   */
  shard: { ids: number[]; count: number } | null;
  /** SHARDING_MANAGER: set by discord.js in each shard process it forks, so that one does not shard again. */
  shardChild: boolean;
  /** This host among the hosts sharing one store (see Hosting). */
  hosting: Hosting;
  /** BACKUP_INTERVAL_HOURS: hours between automatic backups while the bot runs; 0 turns them off. */
  backupIntervalHours: number;
  /** BACKUP_KEEP: how many backups to keep (the newest); older ones are deleted after each backup. */
  backupKeep: number;
  /** BACKUP_DIR: where backups are written (`npm run backup` and the schedule). */
  backupDir: string;
  /** What each server's library (/corpus add) may hold. */
  library: LibraryLimits;
  /** Where `npm run proxy` (the REST proxy several bot processes share) listens. */
  proxy: ProxySettings;
}

/** A host among several sharing one store: which shards it runs, its name, and how long its claims last. */
export interface Hosting {
  /**
   * HOST_SHARDS / TOTAL_SHARDS: the shards this host runs (all in this one process) and the total every host
   * counts; they also set `shard`. False when unset (one host; the shard count is Discord's recommendation).
   */
  fixed: boolean;
  /** HOST_NAME: unique per host (the machine's name by default); a restart under the same name takes its shards back at once. */
  name: string;
  /** LEASE_SECONDS (default 10): how long a host's claim on a deadline or its shards lasts unrenewed; a dead host's debates move within it. */
  leaseMs: number;
}

/** The REST proxy's address; it forwards to `apiBase` with the bot's token (see checkProxyConfig). */
export interface ProxySettings {
  /** PROXY_HOST: the address to listen on; 0.0.0.0 for every interface (other hosts). */
  host: string;
  /** PROXY_PORT: the port; 0 picks a free one (the listening line says which). */
  port: number;
}

export const PROXY_DEFAULTS = { host: '127.0.0.1', port: 8080 } as const;

/** Limits on the texts servers add; each has a variable and a default (LIBRARY_DEFAULTS). */
export interface LibraryLimits {
  /** LIBRARY_MAX_TEXT_MB: the largest file one text may be (the corpus reader's own limit per format still applies). */
  maxTextBytes: number;
  /** LIBRARY_MAX_TEXTS: how many texts one server may add. */
  maxTexts: number;
  /** LIBRARY_MAX_MB: how many bytes of texts one server may add, all together. */
  maxBytes: number;
  /** LIBRARY_DOWNLOAD_SECONDS: how long fetching one attachment from Discord may take. */
  downloadTimeoutMs: number;
}

export const LIBRARY_DEFAULTS = { maxTextMb: 25, maxTexts: 200, maxMb: 250, downloadSeconds: 60 } as const;

export const BACKUP_DEFAULTS = { intervalHours: 24, keep: 7 } as const;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const DEFAULT_API_BASE = 'https://discord.com/api';

/** A configuration error: the message is meant for the person running the bot, as is. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

const SNOWFLAKE = /^\d{17,20}$/;

function text(env: NodeJS.ProcessEnv, name: string): string | null {
  const v = env[name];
  if (v === undefined) return null;
  const t = v.trim();
  return t === '' ? null : t;
}

function snowflake(env: NodeJS.ProcessEnv, name: string, what: string): string | null {
  const v = text(env, name);
  if (v !== null && !SNOWFLAKE.test(v)) {
    throw new ConfigError(name, `expected ${what} (a numeric Discord id of 17–20 digits), got "${v}"`);
  }
  return v;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const v = text(env, name);
  if (v === null) return fallback;
  if (/^(1|true|yes|on)$/i.test(v)) return true;
  if (/^(0|false|no|off)$/i.test(v)) return false;
  throw new ConfigError(name, `expected true or false, got "${v}"`);
}

function numberIn(env: NodeJS.ProcessEnv, name: string, fallback: number, o: { min: number; max: number; whole: boolean; expected: string }): number {
  const v = text(env, name);
  if (v === null) return fallback;
  const n = /^\d+(\.\d+)?$/.test(v) ? Number(v) : NaN;
  if (Number.isNaN(n) || (o.whole && !Number.isInteger(n)) || n < o.min || n > o.max) {
    throw new ConfigError(name, `expected ${o.expected}, got "${v}"`);
  }
  return n;
}

/** What an entry point wants when the environment does not say: the CLI logs less than the bot. */
export interface ConfigDefaults {
  logLevel?: LogLevel;
}

/** Reads and validates the configuration from an environment (process.env in production). */
export function loadConfig(env: NodeJS.ProcessEnv, defaults: ConfigDefaults = {}): Config {
  const discordToken = text(env, 'DISCORD_TOKEN');
  if (discordToken !== null && /\s/.test(discordToken)) {
    throw new ConfigError('DISCORD_TOKEN', 'expected the bot token from the Developer Portal (no spaces); remove a "Bot " prefix if present');
  }
  const apiBase = text(env, 'DISCORD_API_BASE') ?? DEFAULT_API_BASE;
  let parsed: URL;
  try {
    parsed = new URL(apiBase);
  } catch {
    throw new ConfigError('DISCORD_API_BASE', `expected an http(s) URL such as ${DEFAULT_API_BASE}, got "${apiBase}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigError('DISCORD_API_BASE', `expected an http(s) URL such as ${DEFAULT_API_BASE}, got "${apiBase}"`);
  }
  if (/\/v\d+\/?$/.test(parsed.pathname)) {
    throw new ConfigError('DISCORD_API_BASE', `expected the base without the version (discord.js appends /v10), e.g. ${DEFAULT_API_BASE}`);
  }

  const appId = snowflake(env, 'DISCORD_APP_ID', 'the application id from the Developer Portal');
  if (discordToken !== null && appId === null) {
    throw new ConfigError('DISCORD_APP_ID', 'required when DISCORD_TOKEN is set: the application id from the Developer Portal (General Information → Application ID)');
  }
  const guildId = snowflake(env, 'DISCORD_GUILD_ID', 'a server id');

  const dataDir = text(env, 'DATA_DIR') ?? 'data';
  const databasePath = text(env, 'DATABASE_PATH') ?? path.join(dataDir, 'rostrum.sqlite');
  const corpusDir = text(env, 'CORPUS_DIR') ?? 'corpus';
  const databaseUrl = text(env, 'DATABASE_URL');
  if (databaseUrl !== null && !isPostgresUrl(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', `expected a PostgreSQL URL such as postgres://rostrum:password@localhost:5432/rostrum (or unset it to use the SQLite file), got "${redactUrl(databaseUrl)}"`);
  }

  const level = (text(env, 'LOG_LEVEL') ?? defaults.logLevel ?? 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new ConfigError('LOG_LEVEL', `expected one of ${LOG_LEVELS.join(', ')}, got "${level}"`);
  }

  const commandsText = text(env, 'COMMANDS_DIR');
  const commandsDir = commandsText === null ? null : path.resolve(commandsText);

  const messageContent = bool(env, 'MESSAGE_CONTENT_INTENT', true);

  const graceText = text(env, 'TURN_GRACE_SECONDS');
  let turnGraceSeconds = 30;
  if (graceText !== null) {
    const n = Number(graceText);
    if (!Number.isInteger(n) || n < 0 || n > 3600) {
      throw new ConfigError('TURN_GRACE_SECONDS', `expected a whole number of seconds from 0 to 3600, got "${graceText}"`);
    }
    turnGraceSeconds = n;
  }

  const intervalExpected = 'a number of hours from 0.1 to 8760 (e.g. 24 or 0.5), or 0 for no automatic backups';
  const backupIntervalHours = numberIn(env, 'BACKUP_INTERVAL_HOURS', BACKUP_DEFAULTS.intervalHours, { min: 0, max: 8760, whole: false, expected: intervalExpected });
  // Every few seconds would keep the disk busy copying the whole database.
  if (backupIntervalHours > 0 && backupIntervalHours < 0.1) {
    throw new ConfigError('BACKUP_INTERVAL_HOURS', `expected ${intervalExpected}, got "${text(env, 'BACKUP_INTERVAL_HOURS')}"`);
  }
  const backupKeep = numberIn(env, 'BACKUP_KEEP', BACKUP_DEFAULTS.keep, { min: 1, max: 1000, whole: true, expected: 'a whole number of backups to keep, from 1 to 1000' });
  const backupDir = text(env, 'BACKUP_DIR') ?? path.join(dataDir, 'backups');

  const mb = (name: string, fallback: number, what: string) =>
    Math.round(numberIn(env, name, fallback, { min: 0.01, max: 100_000, whole: false, expected: `${what} in megabytes (e.g. ${fallback})` }) * 1048576);
  const library: LibraryLimits = {
    maxTextBytes: mb('LIBRARY_MAX_TEXT_MB', LIBRARY_DEFAULTS.maxTextMb, 'the largest text a server may add'),
    maxTexts: numberIn(env, 'LIBRARY_MAX_TEXTS', LIBRARY_DEFAULTS.maxTexts, { min: 0, max: 1_000_000, whole: true, expected: 'a whole number of texts per server (0: servers add none)' }),
    maxBytes: mb('LIBRARY_MAX_MB', LIBRARY_DEFAULTS.maxMb, 'how much text one server may add'),
    downloadTimeoutMs:
      numberIn(env, 'LIBRARY_DOWNLOAD_SECONDS', LIBRARY_DEFAULTS.downloadSeconds, { min: 1, max: 3600, whole: true, expected: 'a whole number of seconds from 1 to 3600' }) * 1000,
  };

  const proxyHost = text(env, 'PROXY_HOST') ?? PROXY_DEFAULTS.host;
  if (!/^[A-Za-z0-9.:%-]+$/.test(proxyHost)) {
    throw new ConfigError('PROXY_HOST', `expected a host name or IP address to listen on, such as 127.0.0.1 (this machine only) or 0.0.0.0 (every interface), got "${proxyHost}"`);
  }
  const proxy: ProxySettings = {
    host: proxyHost,
    port: numberIn(env, 'PROXY_PORT', PROXY_DEFAULTS.port, { min: 0, max: 65535, whole: true, expected: `a port number from 1 to 65535 (default ${PROXY_DEFAULTS.port}), or 0 for any free port` }),
  };

  let shard: Config['shard'] = null;
  const shardsText = text(env, 'SHARDS');
  const countText = text(env, 'SHARD_COUNT');
  if (shardsText !== null || countText !== null) {
    let ids: unknown;
    try {
      ids = JSON.parse(shardsText ?? 'null');
    } catch {
      ids = null;
    }
    if (typeof ids === 'number') ids = [ids];
    const count = Number(countText);
    if (!Array.isArray(ids) || !ids.every((n) => Number.isInteger(n) && n >= 0) || !Number.isInteger(count) || count < 1 || ids.some((n) => n >= count)) {
      throw new ConfigError('SHARDS', `expected SHARDS as a JSON list of shard ids below SHARD_COUNT (both are set by the sharding manager; unset them to run unsharded), got SHARDS=${shardsText} SHARD_COUNT=${countText}`);
    }
    shard = { ids: ids as number[], count };
  }

  const hostShards = text(env, 'HOST_SHARDS');
  const totalShards = text(env, 'TOTAL_SHARDS');
  if (hostShards !== null || totalShards !== null) {
    if (shard !== null) throw new ConfigError('HOST_SHARDS', 'HOST_SHARDS cannot be set in a shard process the sharding manager forked (SHARDS is set): unset one');
    shard = hostShardsOf(hostShards, totalShards);
  }
  const hosting: Hosting = {
    fixed: hostShards !== null,
    name: text(env, 'HOST_NAME') ?? hostname(),
    leaseMs: 1000 * numberIn(env, 'LEASE_SECONDS', 10, { min: 2, max: 600, whole: true, expected: 'whole seconds from 2 to 600 (default 10)' }),
  };
  if (!/^[\w.:@-]{1,100}$/.test(hosting.name)) throw new ConfigError('HOST_NAME', `expected a name of letters, digits and . _ - : @ (at most 100), got "${hosting.name}"`);

  return {
    discordToken,
    appId,
    guildId,
    apiBase: apiBase.replace(/\/+$/, ''),
    databasePath,
    databaseUrl,
    dataDir,
    corpusDir,
    logLevel: level as LogLevel,
    commandsDir,
    messageContent,
    turnGraceSeconds,
    shard,
    shardChild: env.SHARDING_MANAGER !== undefined,
    hosting,
    backupIntervalHours,
    backupKeep,
    backupDir,
    library,
    proxy,
  };
}

/**
 * What `npm run proxy` needs beyond loadConfig: the bot token (it relays that bot's calls only, so that they all
 * count against one budget), and an upstream that is not the proxy itself, as it would be if it read a bot's
 * DISCORD_API_BASE pointing at it.
 */
export function checkProxyConfig(config: Pick<Config, 'discordToken' | 'apiBase' | 'proxy'>): void {
  if (config.discordToken === null) {
    throw new ConfigError('DISCORD_TOKEN', 'required by the REST proxy: the bot token of the bot whose calls it relays (the same as the bots\' DISCORD_TOKEN)');
  }
  const up = new URL(config.apiBase);
  const upPort = Number(up.port || (up.protocol === 'https:' ? 443 : 80));
  const listen = config.proxy.host.includes(':') ? `[${config.proxy.host}]` : config.proxy.host; // URL brackets IPv6
  const here = ['localhost', '127.0.0.1', '[::1]', '0.0.0.0', '[::]', listen];
  if (upPort === config.proxy.port && here.includes(up.hostname)) {
    throw new ConfigError('DISCORD_API_BASE', `points at the proxy itself (${config.apiBase}); the proxy forwards to DISCORD_API_BASE, so start it with Discord's: DISCORD_API_BASE=${DEFAULT_API_BASE} npm run proxy`);
  }
}

/** HOST_SHARDS ("0,1", "0-3" or "2") below TOTAL_SHARDS, both required together. */
function hostShardsOf(list: string | null, total: string | null): { ids: number[]; count: number } {
  const expected = 'HOST_SHARDS as shard ids such as 0,1 or 0-3 and TOTAL_SHARDS as the total every host counts (set both, or neither for one host)';
  const count = Number(total);
  if (list === null || total === null || !/^\d+$/.test(total) || count < 1) {
    throw new ConfigError(list === null ? 'HOST_SHARDS' : 'TOTAL_SHARDS', `expected ${expected}, got HOST_SHARDS=${list ?? '(unset)'} TOTAL_SHARDS=${total ?? '(unset)'}`);
  }
  const ids = new Set<number>();
  for (const part of list.split(',').map((p) => p.trim())) {
    const range = /^(\d+)(?:-(\d+))?$/.exec(part);
    const [from, to] = range ? [Number(range[1]), Number(range[2] ?? range[1])] : [NaN, NaN];
    if (!range || from > to || to >= count) {
      throw new ConfigError('HOST_SHARDS', `expected ${expected}, each below TOTAL_SHARDS=${count}; "${part}" is not`);
    }
    for (let id = from; id <= to; id++) ids.add(id);
  }
  return { ids: [...ids].sort((a, b) => a - b), count };
}
