/** Assembles the bot's Services from the configuration: corpus, search, the database, debates and the score. */
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Services } from './services.js';
import { bootstrapSearch } from './bootstrap.js';
import { checkerFor } from './check-service.js';
import { openDatabase } from '../db/open.js';
import { scheduleBackups, type BackupSchedule } from '../db/backup-schedule.js';
import { createDebateService } from '../debate/service.js';
import { threadMessageHandler } from '../score/posts.js';
import { createScoreService } from '../score/service.js';
import { ownsGuildFor } from './shard-ownership.js';

export function buildServices(config: Config, log: Logger, now: () => number = Date.now): Services {
  // The database first: a damaged one is refused before anything else starts.
  const db = openDatabase(resolve(config.databasePath), { backupDir: resolve(config.backupDir), log });
  const base = bootstrapSearch({ corpusDir: resolve(config.corpusDir), dataDir: resolve(config.dataDir), log, now });
  const ownsGuild = ownsGuildFor(config);
  const scores = createScoreService({ db, now, log, checker: () => checkerFor(base), quotation: (id) => base.search.get(id), ownsGuild });
  // Shard processes share the database; each fires only its own guilds' timers.
  const debates = createDebateService({
    db,
    now,
    log,
    graceSeconds: config.turnGraceSeconds,
    ownsGuild,
    // Arguments are checked in the transaction that stores them; the record shows their verdicts.
    scoring: { argumentsStored: (id) => void scores.scoreDebate(id), marks: (id) => scores.marks(id) },
  });
  const onMessage = threadMessageHandler(debates, scores);
  let closed = false;
  let backups: BackupSchedule | null = null;
  return {
    ...base,
    debates,
    scores,
    // A post adding a source goes to the score; any other to the debate (an argument on one's turn, answered).
    onMessage,
    onMessageEdit: (m) => scores.onMessageEdit(m),
    async onMessageDelete(channelId, messageId) {
      scores.onMessageDelete(channelId, messageId);
    },
    start(gateway) {
      debates.useGateway(gateway);
      const resumed = debates.startScheduler();
      if (resumed) log.info({ resumed }, 'overdue debate events fired at start');
      const { scored, expired } = scores.start(gateway);
      if (scored || expired) log.info({ scored, expired }, 'arguments checked and challenges closed at start');
      // One process backs up: the unsharded bot, or shard 0's.
      if (config.backupIntervalHours > 0 && (config.shard === null || config.shard.ids.includes(0))) {
        backups = scheduleBackups({ db, dir: resolve(config.backupDir), keep: config.backupKeep, intervalMs: config.backupIntervalHours * 3_600_000, now, log });
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      debates.stop();
      scores.stop();
      backups?.stop();
      await backups?.idle();
      await debates.idle();
      await scores.idle();
      db.close();
    },
  };
}
