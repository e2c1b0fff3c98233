/**
 * The local console: `npm start` without DISCORD_TOKEN. Each line is typed as in Discord
 * (`/quote serge bureaucracy`, `@alice /debate join side:for`); replies print below. Ends with its input.
 * It stands for Discord faithfully: buttons are pressed with /press by whoever Discord would let press them,
 * a form is asked field by field and sent as Discord sends a modal, attachments are written to files, markup
 * reads as Discord shows it, and ids never repeat across runs.
 */
import { createInterface } from 'node:readline';
import type { CommandModule } from '../seam/command.js';
import type { Attachment, ChannelGateway, Form, Reply } from '../seam/reply.js';
import type { Services } from '../app/services.js';
import { parseLine } from './parse.js';
import { renderText } from './render.js';
import { dispatch, type ConsoleUser } from './dispatch.js';
import { consoleIds } from './ids.js';
import { MessageBoard, type ShownMessage } from './messages.js';
import { saveAttachment } from './attachments.js';
import { FormPrompt } from './form.js';
import type { MarkupOptions } from './markup.js';

export interface ConsoleOptions {
  services: Services;
  commands: Map<string, CommandModule>;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** The data directory (the config's dataDir): attachments are written to its exports/ folder. */
  dataDir?: string;
  /** The time zone and locale timestamps are shown in (the system's by default). */
  timeZone?: string;
  locale?: string;
}

const DEFAULT_USER = 'you';
const MAIN_CHANNEL = 'console';
const USAGE = 'Type /press N to press button N of the latest message with buttons here, or /press <message> N for an earlier one (its number is shown beside its buttons).';

/** The @user and #channel written before a line's command or message, and the rest. */
function prefixes(line: string): { user: string | null; channel: string | null; rest: string } {
  let rest = line;
  let user: string | null = null;
  let channel: string | null = null;
  for (let m; (m = /^([@#])(\S+)\s+/.exec(rest)); rest = rest.slice(m[0].length)) {
    if (m[1] === '@') user = m[2];
    else channel = m[2];
  }
  return { user, channel, rest };
}

const flat = (reply: Reply) => (reply.buttons ?? []).flat();
const nameOfId = (id: string | null) => (id ?? '').replace(/^console:/, '');

export async function runConsole({ services: given, commands: loaded, input, output, dataDir, timeZone, locale }: ConsoleOptions): Promise<void> {
  // Whoever types here is at this machine: /corpus add file:<path> reads a file of it (Discord cannot).
  const services: Services = { ...given, libraries: given.libraries.withLocalFiles() };
  const write = (s: string) => output.write(`${s}\n`);
  // A command's progress (ctx.progress) prints as it comes, where Discord edits the reply; the reply follows.
  const commands = new Map<string, CommandModule>(
    [...loaded].map(([name, m]) => [name, { ...m, execute: (ctx) => m.execute({ ...ctx, progress: async (r) => void write(text(r, null, ctx.actor.name)) }) }]),
  );
  const markup: MarkupOptions = { now: services.now, timeZone, locale };
  const board = new MessageBoard();
  // A thread id is taken while the database holds a debate (or its arguments) there.
  const ids = consoleIds(services.now, async (id) => (await services.debates.repo.liveInChannel(id)) !== null || (await services.scores.repo.debateOfChannel(id)) !== null);
  let channel = MAIN_CHANNEL;

  const attachmentLine = (a: Attachment): string => {
    const size = `${a.content.length} characters`;
    if (!dataDir) return `(attachment ${a.name}, ${size}: not written, as this console was started without a data directory)`;
    try {
      return `(attachment ${a.name} written to ${saveAttachment(dataDir, a)}, ${size})`;
    } catch (err) {
      services.log.error({ err, name: a.name }, 'console could not write an attachment');
      return `(attachment ${a.name}, ${size}: could not be written to ${dataDir}; the log says why)`;
    }
  };
  const text = (reply: Reply, message: ShownMessage | null, shownTo?: string) =>
    renderText(reply, { markup, shownTo, messageNo: message?.no, attachment: attachmentLine });

  const gateway: ChannelGateway = {
    async createThread(parent, name) {
      const id = await ids.thread();
      channel = id;
      write(`(thread #${id} “${name}” created; you are now in it — type #${parent} to go back)`);
      return id;
    },
    async post(channelId, reply) {
      const id = ids.message();
      write(`[#${channelId}] ${text(reply, board.shown(channelId, null, flat(reply), id))}`);
      return id;
    },
    async edit(channelId, messageId, reply) {
      write(`[#${channelId}, edited] ${text(reply, board.edited(channelId, messageId, flat(reply)))}`);
    },
  };
  const userOf = (name: string | null): ConsoleUser => {
    const n = (name ?? DEFAULT_USER).toLowerCase();
    // The default user moderates, so a debate can be run alone; @others are ordinary members.
    return { id: `console:${n}`, name: n, isModerator: n === DEFAULT_USER };
  };
  /** A reply to `actor` in `where`: everyone's, or theirs alone when ephemeral; a form is opened for them. */
  const reply = (r: Reply | null, actor: ConsoleUser, where: string) => {
    if (!r) return;
    if (r.form) return openForm(r.form, actor, where, null);
    const owner = r.ephemeral ? actor.id : null;
    write(text(r, board.shown(where, owner, flat(r)), actor.name));
  };
  const refuse = (actor: ConsoleUser, content: string) => reply({ ephemeral: true, content }, actor, channel);

  /** As Discord, a reply to a button (or a form opened by one) that is not ephemeral updates the message it is on. */
  const answerOn = (message: ShownMessage, r: Reply, actor: ConsoleUser) => {
    if (r.ephemeral) return reply(r, actor, message.channel);
    message.buttons = flat(r);
    const shown = { ...r, ephemeral: message.ownerId !== null };
    write(`[#${message.channel}, edited] ${text(shown, message, nameOfId(message.ownerId))}`);
  };

  /** The form being filled in: every line answers it until it is sent or abandoned (a modal, on Discord). */
  let open: { prompt: FormPrompt; actor: ConsoleUser; channel: string; message: ShownMessage | null } | null = null;
  function openForm(form: Form, actor: ConsoleUser, where: string, message: ShownMessage | null): void {
    try {
      const prompt = new FormPrompt(form);
      open = { prompt, actor, channel: where, message };
      write(prompt.start(actor.name));
    } catch (err) {
      services.log.error({ err }, 'console could not show a form');
      refuse(actor, 'Something went wrong with that form; nothing was sent. Try again, or report it.');
    }
  }

  /** One line typed while a form is open: `@owner` before it is dropped, as the form is theirs alone. */
  async function answerForm(line: string): Promise<void> {
    const form = open!;
    const owner = new RegExp(`^@${form.actor.name.replace(/[^\w-]/g, '\\$&')}(?:\\s+|$)`, 'i');
    const step = form.prompt.answer(line.replace(owner, '').trim());
    if ('say' in step) {
      write(step.say);
      return;
    }
    open = null;
    if ('cancelled' in step) {
      write(step.cancelled);
      return;
    }
    const r = await dispatch({ kind: 'form', customId: form.prompt.customId, fields: step.submit }, { services, commands, actor: form.actor, channel: form.channel, gateway });
    if (!r) return;
    if (r.form) {
      services.log.error({ form: r.form.customId }, 'a form answered a form submission');
      return refuse(form.actor, 'Your form was answered with another form, which Discord cannot show. This is a bug; it has been logged.');
    }
    if (form.message) answerOn(form.message, r, form.actor);
    else reply(r, form.actor, form.channel);
  }

  /** `/press [message] N`: as Discord, a reply that is not ephemeral updates the message the button is on. */
  async function press(actor: ConsoleUser, args: string): Promise<void> {
    const nums = /^(\d{1,9})(?:\s+(\d{1,9}))?$/.exec(args.trim());
    if (!nums) return refuse(actor, USAGE);
    const [messageNo, buttonNo] = nums[2] === undefined ? [undefined, Number(nums[1])] : [Number(nums[1]), Number(nums[2])];
    const found = board.press(actor.id, channel, buttonNo, messageNo);
    if ('refusal' in found) return refuse(actor, found.refusal);
    const { message, button } = found;
    const r = await dispatch({ kind: 'button', customId: button.customId }, { services, commands, actor, channel: message.channel, gateway });
    if (!r) return;
    if (r.form) return openForm(r.form, actor, message.channel, message);
    answerOn(message, r, actor);
  }

  write(`Rostrum console — ${services.search.size} quotable passages from ${services.corpus.size.documents} texts. Try: /quote serge bureaucracy   (/help for commands; @name before a command acts as another user, #channel switches channel, /press N presses a button)`);
  await services.start(gateway);
  const lines = createInterface({ input, crlfDelay: Infinity, terminal: false });
  for await (const raw of lines) {
    const line = raw.trim();
    // An empty line answers a form too: it keeps a field's value, or leaves an optional one blank.
    if (open) {
      await answerForm(line);
      continue;
    }
    if (!line) continue;
    const switched = /^#(\S+)$/.exec(line);
    if (switched) {
      channel = switched[1];
      write(`(now in #${channel})`);
      continue;
    }
    const pre = prefixes(line);
    const pressed = /^\/press(?:\s+(.*))?$/is.exec(pre.rest);
    if (pressed) {
      if (pre.channel) channel = pre.channel;
      await press(userOf(pre.user), pressed[1] ?? '');
      continue;
    }
    if (!pre.rest.startsWith('/')) {
      if (pre.channel) channel = pre.channel;
      const actor = userOf(pre.user);
      reply(await dispatch({ kind: 'message', content: pre.rest, messageId: ids.message() }, { services, commands, actor, channel, gateway }), actor, channel);
      continue;
    }
    const parsed = parseLine(line, commands);
    if ('error' in parsed) { refuse(userOf(pre.user), parsed.error); continue; }
    if (parsed.channel) channel = parsed.channel;
    const actor = userOf(parsed.user);
    const where = channel;
    reply(await dispatch({ kind: 'command', parsed }, { services, commands, actor, channel, gateway }), actor, where);
  }
  if (open) write('(form abandoned: the input ended before it was sent)');
  await services.close();
}
