/**
 * Loads every command file in commands/ (the discord.js guide's layout): each must export `data` (a builder
 * with a name) and `execute`; a file missing either is refused by name rather than skipped, so a broken
 * deploy cannot go unnoticed. The bot, the console and deploy-commands all load through here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CommandModule } from '../seam/command.js';

/** <project>/commands (config.commandsDir, from COMMANDS_DIR, names a stand-in set for tests). */
export function defaultCommandsDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'commands');
}

export class CommandLoadError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'CommandLoadError';
  }
}

function isCommandFile(name: string): boolean {
  if (name.endsWith('.d.ts') || /\.test\.[cm]?[jt]s$/.test(name)) return false;
  return /\.(ts|js|mjs|mts)$/.test(name);
}

/** Checks that a module has the shape of a command; throws naming the file otherwise. */
export function validateCommandModule(mod: Record<string, unknown>, file: string): CommandModule {
  const data = mod.data as { name?: unknown; toJSON?: unknown } | undefined;
  if (!data || typeof data !== 'object') throw new CommandLoadError(file, 'missing export `data` (a SlashCommandBuilder or ContextMenuCommandBuilder)');
  if (typeof data.name !== 'string' || data.name === '') throw new CommandLoadError(file, '`data` has no name: call setName() on the builder');
  if (typeof data.toJSON !== 'function') throw new CommandLoadError(file, '`data` is not a builder from @discordjs/builders (no toJSON)');
  if (typeof mod.execute !== 'function') throw new CommandLoadError(file, 'missing export `execute(ctx)`');
  for (const k of ['component', 'autocomplete'] as const) {
    if (mod[k] !== undefined && typeof mod[k] !== 'function') throw new CommandLoadError(file, `\`${k}\` is exported but is not a function`);
  }
  return mod as unknown as CommandModule;
}

/** Imports every command file in `dir`, keyed by command name. */
export async function loadCommands(dir = defaultCommandsDir()): Promise<Map<string, CommandModule>> {
  const commands = new Map<string, CommandModule>();
  if (!fs.existsSync(dir)) return commands;
  const files = fs.readdirSync(dir).filter(isCommandFile).sort();
  for (const name of files) {
    const file = path.join(dir, name);
    let mod: Record<string, unknown>;
    try {
      mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (err) {
      throw new CommandLoadError(file, `failed to import: ${(err as Error).message}`);
    }
    const command = validateCommandModule(mod, file);
    const commandName = command.data.name;
    if (commands.has(commandName)) throw new CommandLoadError(file, `a second command named "${commandName}"`);
    commands.set(commandName, command);
  }
  return commands;
}
