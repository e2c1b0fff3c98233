/**
 * The local console: `npm start` without DISCORD_TOKEN. Each line is typed as in Discord
 * (`/quote serge bureaucracy`, `@alice /debate join side:for`); replies print below. Ends with its input.
 */
import { createInterface } from 'node:readline';
import type { CommandModule } from '../seam/command.js';
import type { Button, ChannelGateway, Reply } from '../seam/reply.js';
import type { Services } from '../app/services.js';
import { parseLine } from './parse.js';
import { renderText } from './render.js';
import { dispatch, type ConsoleUser } from './dispatch.js';

export interface ConsoleOptions {
  services: Services;
  commands: Map<string, CommandModule>;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

const DEFAULT_USER = 'you';

export async function runConsole({ services, commands, input, output }: ConsoleOptions): Promise<void> {
  const write = (s: string) => output.write(`${s}\n`);
  let channel = 'console';
  let threads = 0;
  const lastButtons = new Map<string, Button[]>();
  const gateway: ChannelGateway = {
    async createThread(_parent, name) {
      const id = `thread-${++threads}`;
      channel = id;
      write(`(thread #${id} “${name}” created; you are now in it — type #console to go back)`);
      return id;
    },
    async post(channelId, reply) {
      write(`[#${channelId}] ${renderText(reply)}`);
      return `msg-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    },
    async edit(channelId, _id, reply) {
      write(`[#${channelId}, edited] ${renderText(reply)}`);
    },
  };
  const userOf = (name: string | null): ConsoleUser => {
    const n = (name ?? DEFAULT_USER).toLowerCase();
    // The default user moderates, so a debate can be run alone; @others are ordinary members.
    return { id: `console:${n}`, name: n, isModerator: n === DEFAULT_USER };
  };

  write(`Rostrum console — ${services.search.size} quotable passages from ${services.corpus.size.documents} texts. Try: /quote serge bureaucracy   (/help for commands)`);
  services.start?.(gateway);
  const lines = createInterface({ input, crlfDelay: Infinity, terminal: false });
  for await (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    const switched = /^#(\S+)$/.exec(line);
    if (switched) {
      channel = switched[1];
      write(`(now in #${channel})`);
      continue;
    }
    const press = /^(?:@(\S+)\s+)?\/press\s+(\d+)$/i.exec(line);
    if (press) {
      const actor = userOf(press[1] ?? null);
      const button = lastButtons.get(actor.id)?.[Number(press[2]) - 1];
      if (!button) { write('(only you can see this)\nThere is no such button on your last reply.'); continue; }
      const reply = await dispatch({ kind: 'button', customId: button.customId }, { services, commands, actor, channel, gateway });
      show(reply, actor.id);
      continue;
    }
    if (/^\/help\b/i.test(line)) {
      write(helpText(commands));
      continue;
    }
    if (!line.startsWith('/') && !/^[@#]\S+\s+\//.test(line)) {
      const m = /^@(\S+)\s+(.*)$/s.exec(line);
      const actor = userOf(m ? m[1] : null);
      const reply = await dispatch({ kind: 'message', content: m ? m[2] : line }, { services, commands, actor, channel, gateway });
      if (reply) show(reply, actor.id);
      continue;
    }
    const parsed = parseLine(line, commands);
    if ('error' in parsed) { write(`(only you can see this)\n${parsed.error}`); continue; }
    if (parsed.channel) channel = parsed.channel;
    const actor = userOf(parsed.user);
    const reply = await dispatch({ kind: 'command', parsed }, { services, commands, actor, channel, gateway });
    show(reply, actor.id);
  }
  await services.close?.();

  function show(reply: Reply | null, actorId: string) {
    if (!reply) return;
    write(renderText(reply));
    lastButtons.set(actorId, (reply.buttons ?? []).flat());
  }
}

function helpText(commands: Map<string, CommandModule>): string {
  // Message context-menu commands (type 3) need a message to act on, which the console has not.
  const lines = [...commands.values()]
    .map((c) => c.data.toJSON() as { name: string; description?: string; type?: number })
    .filter((j) => (j.type ?? 1) === 1)
    .map((j) => `/${j.name} — ${j.description ?? ''}`);
  return [...lines, '@name before a command acts as another user; #channel switches channel; /press N presses a button.'].join('\n');
}
