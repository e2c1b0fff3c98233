/** Assembles the bot's Services from the configuration: corpus, search, the database and debates. */
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Services } from './services.js';
import { bootstrapSearch } from './bootstrap.js';
import { openDatabase } from './db/open.js';
import { createDebateService, debateMessageHandler } from './debate/service.js';
import { ownsGuildFor } from './shard-ownership.js';

export function buildServices(config: Config, log: Logger, now: () => number = Date.now): Services {
  const base = bootstrapSearch({ corpusDir: resolve(config.corpusDir), dataDir: resolve(config.dataDir), log, now });
  const db = openDatabase(resolve(config.databasePath));
  // Shard processes share the database; each fires only its own guilds' timers.
  const debates = createDebateService({ db, now, log, graceSeconds: config.turnGraceSeconds, ownsGuild: ownsGuildFor(config) });
  let closed = false;
  return {
    ...base,
    debates,
    onMessage: debateMessageHandler(debates),
    start(gateway) {
      debates.useGateway(gateway);
      const resumed = debates.startScheduler();
      if (resumed) log.info({ resumed }, 'overdue debate events fired at start');
    },
    async close() {
      if (closed) return;
      closed = true;
      debates.stop();
      await debates.idle();
      db.close();
    },
  };
}
