/**
 * `npm start`: on Discord when DISCORD_TOKEN is set, otherwise the local console on this terminal.
 */
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { buildServices } from './services-factory.js';
import { loadCommands } from './command-loader.js';

const config = loadConfig(process.env);
const log = createLogger(config);
const commands = await loadCommands();
const services = buildServices(config, log);
if (config.discordToken) {
  const { runDiscord } = await import('./discord/run.js');
  await runDiscord({ config, log, services, commands });
} else {
  const { runConsole } = await import('./console/run.js');
  await runConsole({ services, commands, input: process.stdin, output: process.stdout });
}
