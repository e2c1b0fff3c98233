/**
 * `npm run deploy-commands`: registers the slash and context-menu commands from the same files the bot
 * loads (commands/), replacing the previous set in one PUT — to DISCORD_GUILD_ID when set (instant, for
 * development), globally otherwise. Honours DISCORD_API_BASE. Which commands need a server or a moderator
 * is declared by each command's builder (setContexts, setDefaultMemberPermissions) and sent as is.
 */
import { REST, Routes } from 'discord.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { CommandModule } from '../seam/command.js';
import { ConfigError, type Config } from '../app/config.js';

export interface DeployResult {
  scope: 'guild' | 'global';
  route: string;
  names: string[];
}

/** The JSON bodies of the commands, in name order. */
export function commandBodies(commands: Map<string, CommandModule>): unknown[] {
  return [...commands.values()].map((c) => c.data.toJSON()).sort((a, b) => (a as { name: string }).name.localeCompare((b as { name: string }).name));
}

export async function deployCommands(config: Config, commands: Map<string, CommandModule>, log: Logger): Promise<DeployResult> {
  if (!config.discordToken) throw new ConfigError('DISCORD_TOKEN', 'required to deploy commands: the bot token from the Developer Portal (Bot → Reset Token)');
  if (!config.appId) throw new ConfigError('DISCORD_APP_ID', 'required to deploy commands: the application id');
  const rest = new REST({ api: config.apiBase }).setToken(config.discordToken);
  const route = config.guildId ? Routes.applicationGuildCommands(config.appId, config.guildId) : Routes.applicationCommands(config.appId);
  const body = commandBodies(commands);
  const saved = (await rest.put(route, { body })) as { name: string }[];
  const result: DeployResult = { scope: config.guildId ? 'guild' : 'global', route, names: saved.map((c) => c.name) };
  log.info(result, `registered ${saved.length} command(s) ${config.guildId ? `in server ${config.guildId}` : 'globally (may take up to an hour to appear everywhere)'}`);
  return result;
}

async function main(): Promise<void> {
  const { configFromProcess } = await import('../app/env-file.js');
  const { createLogger } = await import('../app/logger.js');
  const { loadCommands } = await import('../app/command-loader.js');
  const config = configFromProcess();
  const log = createLogger(config);
  try {
    const commands = await loadCommands(config.commandsDir ?? undefined);
    await deployCommands(config, commands, log);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${err.message}\n`);
    } else {
      log.error({ err }, 'deploying commands failed');
    }
    process.exit(1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
