/**
 * `npm start`: on Discord when DISCORD_TOKEN is set, otherwise the local console on this terminal.
 */
import { configFromProcess } from './app/env-file.js';
import { createLogger } from './app/logger.js';
import { build } from './app/build.js';
import { realTimers } from './db/deadline-timer.js';
import { loadCommands } from './app/command-loader.js';
import { setupErrorLine } from './app/setup-errors.js';

try {
  const config = configFromProcess(); // reads .env when present
  const log = createLogger(config);
  const commands = await loadCommands(config.commandsDir ?? undefined);
  // PostgreSQL when DATABASE_URL names one (hosts share it); otherwise build() opens the SQLite file.
  const store = config.databaseUrl ? await (await import('./app/postgres-store.js')).openPostgresStore(config.databaseUrl, log) : {};
  const services = build({ config, log, clock: Date.now, timers: realTimers, ...store });
  if (config.discordToken) {
    const { runDiscord } = await import('./discord/run.js');
    await runDiscord({ config, log, services, commands });
  } else {
    const { runConsole } = await import('./console/run.js');
    await runConsole({ services, commands, input: process.stdin, output: process.stdout, dataDir: config.dataDir });
  }
} catch (err) {
  const line = setupErrorLine(err);
  if (line !== null) {
    process.stderr.write(`${line}\n`);
    process.exit(1);
  }
  throw err;
}
