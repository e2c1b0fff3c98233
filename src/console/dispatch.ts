/** Hands a console line to the command it names, as the Discord router does for interactions. */
import type { CommandModule } from '../seam/command.js';
import type { Actor, ChannelGateway, Reply } from '../seam/reply.js';
import type { Services } from '../app/services.js';
import type { ParsedLine } from './parse.js';
import { definitionOf } from '../seam/definition.js';

export type ConsoleUser = Actor;

export type ConsoleInput =
  | { kind: 'command'; parsed: ParsedLine }
  | { kind: 'button'; customId: string }
  | { kind: 'message'; content: string; messageId: string };

export interface DispatchEnv {
  services: Services;
  commands: Map<string, CommandModule>;
  actor: Actor;
  channel: string;
  gateway: ChannelGateway;
}

const GUILD = 'console';

export async function dispatch(input: ConsoleInput, env: DispatchEnv): Promise<Reply | null> {
  const commands = [...env.commands.values()].map((m) => definitionOf(m.data));
  const base = { services: env.services, actor: env.actor, guildId: GUILD, channelId: env.channel, channels: env.gateway, commands };
  try {
    if (input.kind === 'command') {
      const module = env.commands.get(input.parsed.command)!;
      return await module.execute({ ...base, subcommand: input.parsed.subcommand, options: input.parsed.options });
    }
    if (input.kind === 'button') {
      const [name, ...args] = input.customId.split(':');
      const module = env.commands.get(name);
      if (!module?.component) return { ephemeral: true, content: 'That button no longer works. Run the command again.' };
      return await module.component({ ...base, args });
    }
    return await env.services.onMessage({ actor: env.actor, guildId: GUILD, channelId: env.channel, channels: env.gateway, content: input.content, messageId: input.messageId });
  } catch (err) {
    env.services.log.error({ err }, 'console command failed');
    return { ephemeral: true, content: 'Something went wrong with that command; it changed nothing. Try again, or report it.' };
  }
}
