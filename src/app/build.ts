/** Assembles the bot's Services from the configuration: corpus, search, the database, debates and the score. */
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Services } from './services.js';
import { bootstrapSearch } from './bootstrap.js';
import { checkerFor } from './check-service.js';
import { openDatabase } from '../db/open.js';
import { createDebateService } from '../debate/service.js';
import { threadMessageHandler } from '../score/posts.js';
import { createScoreService } from '../score/service.js';
import { ownsGuildFor } from './shard-ownership.js';

export function buildServices(config: Config, log: Logger, now: () => number = Date.now): Services {
  const base = bootstrapSearch({ corpusDir: resolve(config.corpusDir), dataDir: resolve(config.dataDir), log, now });
  const db = openDatabase(resolve(config.databasePath));
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
    },
    async close() {
      if (closed) return;
      closed = true;
      debates.stop();
      scores.stop();
      await debates.idle();
      await scores.idle();
      db.close();
    },
  };
}
