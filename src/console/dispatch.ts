/** Hands a console line to the command it names, as the Discord router does for interactions. */
import type { CommandModule, OptionValue } from '../seam/command.js';
import type { Actor, ChannelGateway, Reply } from '../seam/reply.js';
import type { Services } from '../app/services.js';
import type { ParsedLine } from './parse.js';
import { OPTION, definitionOf, type CommandDefinition } from '../seam/definition.js';

export type ConsoleUser = Actor;

export type ConsoleInput =
  | { kind: 'command'; parsed: ParsedLine }
  | { kind: 'button'; customId: string }
  /** A form filled in: its submission, as Discord sends a modal's. */
  | { kind: 'form'; customId: string; fields: Record<string, string> }
  | { kind: 'message'; content: string; messageId: string };

export interface DispatchEnv {
  services: Services;
  commands: Map<string, CommandModule>;
  actor: Actor;
  channel: string;
  gateway: ChannelGateway;
}

const GUILD = 'console';

/** A console member's id, from their name as typed (`alice`, `@Alice`): the console knows its members as `console:<name>`. */
export function consoleUserId(typed: string): string {
  const name = typed.trim().replace(/^@/, '').toLowerCase();
  return name.startsWith('console:') ? name : `console:${name}`;
}

/** The options of a typed line as Discord would send them: a user option carries the member's id, not the name typed. */
function asSent(parsed: ParsedLine, def: CommandDefinition): Record<string, OptionValue> {
  const top = def.options ?? [];
  const specs = parsed.subcommand === null ? top : (top.find((o) => o.name === parsed.subcommand && o.type === OPTION.subcommand)?.options ?? []);
  const options = { ...parsed.options };
  for (const spec of specs) {
    const value = options[spec.name];
    if (spec.type === OPTION.user && typeof value === 'string') options[spec.name] = consoleUserId(value);
  }
  return options;
}

export async function dispatch(input: ConsoleInput, env: DispatchEnv): Promise<Reply | null> {
  const commands = [...env.commands.values()].map((m) => definitionOf(m.data));
  const base = { services: env.services, actor: env.actor, guildId: GUILD, channelId: env.channel, channels: env.gateway, commands };
  try {
    if (input.kind === 'command') {
      const module = env.commands.get(input.parsed.command)!;
      return await module.execute({ ...base, subcommand: input.parsed.subcommand, options: asSent(input.parsed, definitionOf(module.data)) });
    }
    if (input.kind === 'button' || input.kind === 'form') {
      const [name, ...args] = input.customId.split(':');
      const module = env.commands.get(name);
      if (!module?.component) return { ephemeral: true, content: `That ${input.kind} no longer works${input.kind === 'form' ? ', so nothing was saved' : ''}. Run the command again.` };
      return await module.component(input.kind === 'form' ? { ...base, args, fields: input.fields } : { ...base, args });
    }
    return await env.services.onMessage({ actor: env.actor, guildId: GUILD, channelId: env.channel, channels: env.gateway, content: input.content, messageId: input.messageId });
  } catch (err) {
    env.services.log.error({ err }, 'console command failed');
    return { ephemeral: true, content: 'Something went wrong with that command; it changed nothing. Try again, or report it.' };
  }
}
