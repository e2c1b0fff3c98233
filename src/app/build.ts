/**
 * The composition root: the bot's Services from the configuration — the library (corpus, search, checker), the
 * database, debates and the score, with their timers and backups. `npm start` gives it the real clock and
 * timers; tests give it a fake clock and timers, an in-memory or temporary database and a small corpus.
 */
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import type { Library, Services } from './services.js';
import { openLiveLibrary } from './bootstrap.js';
import { openDatabase, type Database } from '../db/open.js';
import type { Sql } from '../db/sql.js';
import { sqliteSql } from '../db/sql-sqlite.js';
import { localChangeFeed, type ChangeFeed } from '../db/change-feed.js';
import { hostIdentity, joinHosts, type HostPresence } from './host-presence.js';
import { challengeClaims, deadlineClaims, decisionClaims } from '../db/claims-for.js';
import type { Timers } from '../db/deadline-timer.js';
import { scheduleBackups, type BackupSchedule } from '../db/backup-schedule.js';
import { createDebateService } from '../debate/service.js';
import { threadMessageHandler } from '../score/posts.js';
import { createScoreService } from '../score/service.js';
import { ownsGuildFor } from './shard-ownership.js';
import { ServerLibraries, type ServerLibrariesOptions } from '../library/service.js';
import { DISCORD_CDN_HOSTS } from '../library/download.js';
import { DEFAULT_API_BASE, type Config } from './config.js';

/** Where attachments may be fetched from: Discord's CDN, and the host of another API base (the local stand-in in tests). */
export function downloadSources(apiBase: string): { hosts: string[]; plainHttpHosts: string[] } {
  if (apiBase === DEFAULT_API_BASE) return { hosts: [...DISCORD_CDN_HOSTS], plainHttpHosts: [] };
  const api = new URL(apiBase);
  return { hosts: [...DISCORD_CDN_HOSTS, api.host], plainHttpHosts: api.protocol === 'http:' ? [api.host] : [] };
}

export interface BuildOptions {
  config: Config;
  log: Logger;
  /** Milliseconds since the epoch: Date.now, or a test's fake clock. */
  clock: () => number;
  /** What every timer runs on (turns, challenges, the outbox's retries, backups): realTimers, or a test's. */
  timers: Timers;
  /** An open SQLite database (a test's); else config.databasePath is opened. close() closes it either way. */
  db?: Database;
  /** An open store of either engine (PostgreSQL's, opened by main.ts from DATABASE_URL); else `db`'s. */
  sql?: Sql;
  /** How hosts sharing the store learn of changes (PostgreSQL's LISTEN/NOTIFY); else within this process. */
  feed?: ChangeFeed;
  /** The corpus, its search and checker (a test's); else opened from config.corpusDir. */
  library?: Library;
  /** Folder of custom debate formats; formats/ at the project root by default. */
  formatsDir?: string;
  /** Seconds an author has to answer "citation needed" (the score's default otherwise). */
  challengeSeconds?: number;
  /** How a text added to a server's library is parsed: in a worker thread unless given (in-process tests parse here). */
  parseAddedText?: ServerLibrariesOptions['parse'];
}

export function build(opts: BuildOptions): Services {
  const { config, log, clock: now, timers } = opts;
  // The database first: a damaged one is refused before anything else starts.
  const db = opts.sql ? null : (opts.db ?? openDatabase(resolve(config.databasePath), { backupDir: resolve(config.backupDir), log }));
  const sql = opts.sql ?? sqliteSql(db!);
  const feed = opts.feed ?? localChangeFeed((err, topic) => log.error({ err, topic }, 'a change listener failed'));
  // A library opened here follows corpus/ once started; a test's is as given.
  const live = opts.library ? null : openLiveLibrary({ corpusDir: resolve(config.corpusDir), dataDir: resolve(config.dataDir), log, now });
  const library = opts.library ?? live!;
  const ownsGuild = ownsGuildFor(config);
  const libraries = new ServerLibraries({
    sql, now, log, feed,
    shared: library,
    limits: config.library,
    download: downloadSources(config.apiBase),
    parse: opts.parseAddedText,
  });
  // Several hosts (PostgreSQL, or HOST_SHARDS on one file): any host fires any debate's deadlines, claimed with a lease.
  const claiming = config.hosting.fixed || sql.engine === 'postgres' ? { host: hostIdentity(config).name, leaseMs: config.hosting.leaseMs } : null;
  const scores = createScoreService({
    sql, now, log, timers, ownsGuild,
    claims: claiming ? { claims: challengeClaims(sql, claiming.host), leaseMs: claiming.leaseMs } : undefined,
    // Arguments are checked against the shared corpus and their server's own texts.
    checker: (guildId) => libraries.checker(guildId, library.checker),
    quotation: (id, guildId) => libraries.quotation(id, guildId),
    removedText: (guildId, documentId) => libraries.removedText(guildId, documentId),
    libraryReady: (guildId) => libraries.ready(guildId),
    challengeSeconds: opts.challengeSeconds,
  });
  // Shard processes share the database: each fires its own guilds' timers, unless hosts claim them.
  const debates = createDebateService({
    sql, now, log, timers, ownsGuild,
    graceSeconds: config.turnGraceSeconds,
    claims: claiming ? { claims: deadlineClaims(sql, claiming.host), leaseMs: claiming.leaseMs } : undefined,
    decisionClaims: claiming ? { claims: decisionClaims(sql, claiming.host), leaseMs: claiming.leaseMs } : undefined,
    formatsDir: opts.formatsDir,
    // Arguments are checked once the transaction that stored them has committed; the record shows their verdicts.
    scoring: {
      // Awaited after the debate's transaction: the action's reply shows the verdicts, and close() waits for them.
      argumentsStored: (id) => scores.scoreDebate(id).then(() => {}),
      marks: (id) => scores.marks(id),
    },
  });
  let closed = false;
  let backups: BackupSchedule | null = null;
  let stopWarming: (() => void) | null = null;
  let stopWatching: (() => void) | null = null;
  let presence: HostPresence | null = null;
  let stopFollowing: (() => void) | null = null;
  return {
    ...library,
    now,
    log,
    libraries,
    searchFor: (guildId) => libraries.search(guildId),
    checkerFor: (guildId) => libraries.checker(guildId, library.checker),
    debates,
    scores,
    // A post adding a source goes to the score; any other to the debate (an argument on one's turn, answered).
    onMessage: threadMessageHandler(debates, scores),
    onMessageEdit: (m) => scores.onMessageEdit(m),
    onMessageDelete: async (channelId, messageId) => {
      await scores.onMessageDelete(channelId, messageId);
    },
    async joinHosts() {
      presence ??= await joinHosts({ sql, config, now, timers, log });
      return presence.name;
    },
    async start(gateway) {
      const began = performance.now();
      debates.useGateway(gateway);
      const resumed = await debates.startScheduler();
      if (resumed) log.info({ resumed }, 'overdue debate events fired at start');
      const { scored, expired } = await scores.start(gateway);
      if (scored || expired) log.info({ scored, expired }, 'arguments checked and challenges closed at start');
      log.info({ ms: Math.round(performance.now() - began) }, 'services started: timers armed, unsent posts resumed');
      // Servers' own texts are indexed after start-up, one server at a time, so that their first /quote is quick.
      stopWarming = libraries.warm(timers, ownsGuild).stop;
      stopFollowing = libraries.follow();
      stopWatching = live?.watch(timers) ?? null;
      // One process backs up the SQLite file: the unsharded bot, or shard 0's. PostgreSQL is backed up by its own tools.
      if (db && config.backupIntervalHours > 0 && (config.shard === null || config.shard.ids.includes(0))) {
        backups = scheduleBackups({ db, dir: resolve(config.backupDir), keep: config.backupKeep, intervalMs: config.backupIntervalHours * 3_600_000, now, log, timers });
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      stopWarming?.();
      stopFollowing?.();
      stopWatching?.();
      debates.stop();
      scores.stop();
      backups?.stop();
      await backups?.idle();
      await debates.idle();
      await scores.idle();
      await presence?.leave();
      await feed.close();
      await sql.close();
    },
  };
}
