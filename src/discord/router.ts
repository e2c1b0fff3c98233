/**
 * The interaction router: every slash command, subcommand, context menu, button, select menu, modal and
 * autocomplete request is turned into a transport-neutral context, handed to its command module, and the
 * Reply rendered back. Three rules hold for every interaction:
 *  - it is answered: unknown, stale, refused and failed interactions get a clear ephemeral message;
 *  - a handler still running after `deferAfterMs` (1.5 s, half of Discord's 3 s deadline) is deferred and
 *    its reply sent later as an edit; a command reporting progress (ctx.progress) is deferred then, and each
 *    report edits the reply until the reply itself replaces it;
 *  - nothing a handler throws escapes: the user sees "Something went wrong" and the log gets the error.
 * A form (a modal) can only be the first answer to a command or a button: one that comes after the deferral is
 * replaced by "press again", and one answering a form's submission is a bug, said and logged; neither is lost
 * silently.
 */
import {
  ApplicationCommandOptionType,
  type AutocompleteInteraction,
  type BaseInteraction,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  type ContextMenuCommandInteraction,
  type Interaction,
  type MessageComponentInteraction,
  type ModalSubmitInteraction,
} from 'discord.js';
import type { Logger } from 'pino';
import type { Choice, CommandContext, CommandModule, ComponentContext, OptionValue } from '../seam/command.js';
import { definitionOf, type CommandDefinition } from '../seam/definition.js';
import type { Actor, ChannelGateway, Reply } from '../seam/reply.js';
import type { Services } from '../app/services.js';
import { isPermissionError, ChannelUnavailableError } from './channels.js';
import { renderChoices, renderForm, renderMessage, renderReply } from './render.js';
import { checkChannel } from '../seam/boundaries.js';
import { isStoreUnavailable } from '../db/sql.js';
import { channelAccessOf, channelOptions } from './channel-access.js';

export const MESSAGES = {
  unknownCommand: (name: string) =>
    `\`/${name}\` is not a command this bot knows any more — it may come from an older version. Type \`/\` to see the current commands.`,
  staleComponent:
    'This button belongs to something that no longer exists (an old message, or a bot update since). Run the command again for a fresh one.',
  staleForm:
    'This form belongs to something that no longer exists (an old message, or a bot update since), so nothing was saved. Run the command again for a fresh one.',
  formTooSlow: (what: 'button' | 'command') =>
    `This took too long to open its form, and Discord only shows a form straight away: ${what === 'button' ? 'press the button' : 'run the command'} again.`,
  formAfterForm: (ref: string) =>
    `Your form was answered with another form, which Discord cannot show. This is a bug on our side and has been logged (reference ${ref}).`,
  guildOnly: (name: string) => `\`/${name}\` only works in a server channel, not in direct messages.`,
  shuttingDown: 'Rostrum is restarting right now; please try again in a few seconds.',
  storeDown: 'Rostrum cannot reach its database right now, so nothing was changed. Please try again in a moment.',
  failed: (ref: string) => `Something went wrong on our side. It has been logged (reference ${ref}); please try again.`,
  noPermission:
    'I am not allowed to do that in this channel. A moderator can give me Send Messages, Send Messages in Threads, Create Public Threads, Embed Links and Attach Files here, or you can try another channel.',
  tooLong: (option: string, length: number, max: number) =>
    `The option \`${option}\` is ${length.toLocaleString('en')} characters long; the most it accepts is ${max.toLocaleString('en')}. Please shorten it and try again.`,
};

/** When a command declares no max_length for a string option, values longer than this are refused. */
export const DEFAULT_MAX_OPTION_LENGTH = 1000;

export interface RouterOptions {
  services: Services;
  commands: Map<string, CommandModule>;
  log: Logger;
  channels: ChannelGateway;
  /** Defer when the handler has not resolved within this many ms (default 1500). */
  deferAfterMs?: number;
  /** Autocomplete gets an empty answer after this many ms (default 2500): it cannot be deferred. */
  autocompleteTimeoutMs?: number;
}

type Kind = 'command' | 'component';
type Outcome = { reply: Reply } | { error: unknown };

export class InteractionRouter {
  private accepting = true;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly json = new Map<string, CommandDefinition>();
  private readonly deferAfterMs: number;
  private readonly autocompleteTimeoutMs: number;
  private refCounter = 0;

  constructor(private readonly opts: RouterOptions) {
    this.deferAfterMs = opts.deferAfterMs ?? 1500;
    this.autocompleteTimeoutMs = opts.autocompleteTimeoutMs ?? 2500;
    for (const [name, mod] of opts.commands) this.json.set(name, definitionOf(mod.data));
  }

  get pending(): number {
    return this.inFlight.size;
  }

  /** Handles one interaction; never rejects. */
  handle(interaction: Interaction): Promise<void> {
    const p = this.dispatch(interaction).catch((err) => {
      this.opts.log.error({ err, interactionId: interaction.id }, 'interaction router failed');
    });
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
    return p;
  }

  /** Stops taking new work: later interactions are told the bot is restarting. */
  stop(): void {
    this.accepting = false;
  }

  /** Waits for in-flight handlers, at most `timeoutMs`; returns whether all finished. */
  async drain(timeoutMs = 5000): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((r) => (timer = setTimeout(() => r(false), timeoutMs)));
    const done = Promise.allSettled([...this.inFlight]).then(() => true as const);
    const ok = await Promise.race([done, timeout]);
    clearTimeout(timer);
    return ok;
  }

  private async dispatch(i: Interaction): Promise<void> {
    if (i.isAutocomplete()) return this.onAutocomplete(i);
    if (!i.isRepliable()) return;
    if (!this.accepting) {
      await i.reply({ content: MESSAGES.shuttingDown, flags: 'Ephemeral' });
      return;
    }
    if (i.isChatInputCommand() || i.isContextMenuCommand()) return this.onCommand(i);
    if (i.isMessageComponent() || i.isModalSubmit()) return this.onComponent(i);
    await i.reply({ content: 'This kind of interaction is not supported.', flags: 'Ephemeral' });
  }

  // ---- commands -------------------------------------------------------------------------------------

  private async onCommand(i: ChatInputCommandInteraction | ContextMenuCommandInteraction): Promise<void> {
    const name = i.commandName;
    const mod = this.opts.commands.get(name);
    const log = this.opts.log.child({ command: name, interactionId: i.id, guildId: i.guildId });
    if (!mod) {
      log.warn('unknown command (stale registration?)');
      await i.reply({ content: MESSAGES.unknownCommand(name), flags: 'Ephemeral' });
      return;
    }
    if (!i.guildId && this.guildOnly(name)) {
      log.info('guild-only command used outside a server');
      await i.reply({ content: MESSAGES.guildOnly(name), flags: 'Ephemeral' });
      return;
    }
    const { subcommand, options } = flattenOptions(i.options.data);
    const tooLong = this.checkLengths(name, subcommand, options);
    if (tooLong) {
      log.info({ option: tooLong.option, length: tooLong.length }, 'option value too long');
      await i.reply({ content: MESSAGES.tooLong(tooLong.option, tooLong.length, tooLong.max), flags: 'Ephemeral' });
      return;
    }
    const resolved = channelOptions(i.options.data);
    const ctx: CommandContext = {
      ...this.base(i, resolved),
      subcommand,
      options,
    };
    if (i.isMessageContextMenuCommand()) {
      const m = i.targetMessage;
      ctx.targetMessage = {
        id: m.id,
        authorId: m.author.id,
        authorName: m.member?.displayName ?? m.author.globalName ?? m.author.username,
        content: m.content,
      };
    } else if (i.isUserContextMenuCommand()) {
      ctx.options = { ...ctx.options, user: i.targetUser.id };
    }
    // A channel option must be one of this server's, whatever command it is for.
    const checked = async (): Promise<Reply> => {
      for (const id of resolved.keys()) {
        const elsewhere = await checkChannel(ctx, id);
        if (elsewhere) {
          log.info({ channel: id }, 'channel option from another server refused');
          return elsewhere;
        }
      }
      return mod.execute(ctx);
    };
    await this.run(i, 'command', (progress) => {
      ctx.progress = progress;
      return checked();
    }, log);
  }

  // ---- buttons, selects, modals ---------------------------------------------------------------------

  private async onComponent(i: MessageComponentInteraction | ModalSubmitInteraction): Promise<void> {
    const [name = '', ...args] = i.customId.split(':');
    const mod = this.opts.commands.get(name);
    const log = this.opts.log.child({ command: name, customId: i.customId, interactionId: i.id, guildId: i.guildId });
    if (!mod?.component) {
      log.warn('stale or unknown component');
      await i.reply({ content: i.isModalSubmit() ? MESSAGES.staleForm : MESSAGES.staleComponent, flags: 'Ephemeral' });
      return;
    }
    if (!i.guildId && this.guildOnly(name)) {
      await i.reply({ content: MESSAGES.guildOnly(name), flags: 'Ephemeral' });
      return;
    }
    if (i.isAnySelectMenu()) args.push(...i.values);
    const ctx: ComponentContext = { ...this.base(i), args };
    if (i.isModalSubmit()) ctx.fields = fieldsOf(i);
    const component = mod.component.bind(mod);
    // A modal submitted from a slash command has no message to update: answer it like a command.
    const kind: Kind = i.isModalSubmit() && !i.isFromMessage() ? 'command' : 'component';
    await this.run(i, kind, () => component(ctx), log);
  }

  // ---- autocomplete ---------------------------------------------------------------------------------

  private async onAutocomplete(i: AutocompleteInteraction): Promise<void> {
    const mod = this.opts.commands.get(i.commandName);
    const log = this.opts.log.child({ command: i.commandName, interactionId: i.id });
    let choices: Choice[] = [];
    // Without a focused option there is nothing to complete: the answer is no choices, never silence.
    const focused = focusedOption(i.options.data);
    if (!focused) log.info('autocomplete without a focused option; answered with no choices');
    if (this.accepting && mod?.autocomplete && focused) {
      const { subcommand, options } = flattenOptions(i.options.data);
      const { channelAccess: _notHere, ...base } = this.base(i);
      const work = Promise.resolve().then(() => mod.autocomplete!({ ...base, subcommand, options, focused: { name: focused.name, value: String(focused.value ?? '') } }));
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), this.autocompleteTimeoutMs)));
      try {
        const out = await Promise.race([work, late]);
        if (out === 'late') log.warn('autocomplete too slow; answered with no choices');
        else choices = out;
      } catch (err) {
        log.error({ err }, 'autocomplete failed');
      } finally {
        clearTimeout(timer);
      }
    }
    await i.respond(renderChoices(choices));
  }

  // ---- shared ---------------------------------------------------------------------------------------

  private base(i: BaseInteraction, resolved: ReadonlyMap<string, bigint | null> = new Map()): Omit<CommandContext, 'subcommand' | 'options'> {
    return {
      services: this.opts.services,
      actor: actorOf(i),
      guildId: i.guildId,
      channelId: i.channelId ?? '',
      channels: this.opts.channels,
      commands: [...this.json.values()],
      channelAccess: channelAccessOf(i, resolved),
    };
  }

  private guildOnly(name: string): boolean {
    const json = this.json.get(name);
    if (!json) return false;
    if (json.dm_permission === false) return true;
    return Array.isArray(json.contexts) && json.contexts.length > 0 && !json.contexts.some((c) => c !== 0);
  }

  private checkLengths(
    name: string,
    subcommand: string | null,
    options: Record<string, OptionValue | undefined>,
  ): { option: string; length: number; max: number } | null {
    let declared = this.json.get(name)?.options ?? [];
    for (const part of subcommand?.split(' ') ?? []) declared = declared.find((o) => o.name === part)?.options ?? [];
    for (const [option, value] of Object.entries(options)) {
      if (typeof value !== 'string') continue;
      const max = declared.find((o) => o.name === option)?.max_length ?? DEFAULT_MAX_OPTION_LENGTH;
      if (value.length > max) return { option, length: value.length, max };
    }
    return null;
  }

  /** Runs a handler under the defer rule and sends its reply (or the failure message). */
  private async run(
    i: ChatInputCommandInteraction | ContextMenuCommandInteraction | MessageComponentInteraction | ModalSubmitInteraction,
    kind: Kind,
    handler: (progress: ((reply: Reply) => Promise<void>) | undefined) => Promise<Reply>,
    log: Logger,
  ): Promise<void> {
    const started = performance.now();
    let deferred = false;
    let deferring: Promise<void> | null = null;
    const defer = () =>
      (deferring ??= (async () => {
        deferred = true;
        if (kind === 'component' && i.isMessageComponent()) await i.deferUpdate();
        else if (kind === 'component' && i.isModalSubmit()) await i.deferUpdate();
        else await i.deferReply();
        log.debug('deferred');
      })());
    // A command's progress edits its deferred reply, one edit at a time, none after the reply itself.
    let finished = false;
    let edits: Promise<void> = Promise.resolve();
    const progress =
      kind === 'command'
        ? (reply: Reply): Promise<void> => {
            const edit = edits.then(async () => {
              if (finished) return;
              await defer();
              if (!finished) await i.editReply(renderMessage(reply));
            });
            edits = edit.catch(() => undefined);
            return edit;
          }
        : undefined;
    const work: Promise<Outcome> = Promise.resolve()
      .then(() => handler(progress))
      .then((reply) => ({ reply }), (error: unknown) => ({ error }));
    let timer: NodeJS.Timeout | undefined;
    const deferSignal = new Promise<'defer'>((r) => (timer = setTimeout(() => r('defer'), this.deferAfterMs)));
    let outcome = await Promise.race([work, deferSignal]);
    clearTimeout(timer);
    if (outcome === 'defer') {
      await defer();
      outcome = await work;
    }
    finished = true;
    await edits;
    if (deferring) await deferring;
    let reply: Reply;
    if ('error' in outcome) {
      reply = this.failureReply(outcome.error, log);
    } else if (outcome.reply.form && i.isModalSubmit()) {
      const ref = this.nextRef();
      log.error({ ref, form: outcome.reply.form.customId }, 'a form answered a form submission: Discord cannot show it');
      reply = { content: MESSAGES.formAfterForm(ref), ephemeral: true };
    } else if (outcome.reply.form && deferred) {
      log.warn({ ms: Math.round(performance.now() - started), form: outcome.reply.form.customId }, 'a form came after the deferral: Discord cannot show it now; asked to press again');
      reply = { content: MESSAGES.formTooSlow(i.isMessageComponent() ? 'button' : 'command'), ephemeral: true };
    } else {
      reply = outcome.reply;
    }
    try {
      await send(i, kind, deferred, reply);
    } catch (err) {
      log.error({ err }, 'sending the reply failed');
      if (!('error' in outcome)) await this.sendFailure(i, this.failureReply(err, log));
      return;
    }
    log.debug({ ms: Math.round(performance.now() - started), deferred }, 'answered');
  }

  private failureReply(err: unknown, log: Logger): Reply {
    if (isPermissionError(err) || err instanceof ChannelUnavailableError) {
      log.warn({ err }, 'not permitted in this channel');
      return { content: MESSAGES.noPermission, ephemeral: true };
    }
    if (isStoreUnavailable(err)) {
      log.warn({ err }, 'the store could not be reached; the interaction changed nothing');
      return { content: MESSAGES.storeDown, ephemeral: true };
    }
    const ref = this.nextRef();
    log.error({ err, ref }, 'handler failed');
    return { content: MESSAGES.failed(ref), ephemeral: true };
  }

  /** A reference the user can quote and the log holds. */
  private nextRef(): string {
    return `${Date.now().toString(36)}-${(++this.refCounter).toString(36)}`;
  }

  /** Last resort after a failed send: an ephemeral message by whatever route is still open. */
  private async sendFailure(i: Parameters<InteractionRouter['run']>[0], reply: Reply): Promise<void> {
    try {
      const payload = renderReply(reply, { ephemeral: true });
      if (i.replied || i.deferred) await i.followUp(payload);
      else await i.reply(payload);
    } catch (err) {
      this.opts.log.error({ err, interactionId: i.id }, 'could not even send the failure message');
    }
  }
}

async function send(
  i: ChatInputCommandInteraction | ContextMenuCommandInteraction | MessageComponentInteraction | ModalSubmitInteraction,
  kind: Kind,
  deferred: boolean,
  reply: Reply,
): Promise<void> {
  const ephemeral = reply.ephemeral === true;
  // run() lets a form through only as a first answer to a command or a button.
  if (reply.form && !deferred && !i.isModalSubmit()) {
    await i.showModal(renderForm(reply.form));
    return;
  }
  if (!deferred) {
    if (kind === 'component' && !ephemeral && (i.isMessageComponent() || (i.isModalSubmit() && i.isFromMessage()))) {
      await i.update(renderMessage(reply));
    } else {
      await i.reply(renderReply(reply));
    }
    return;
  }
  if (kind === 'component') {
    // deferUpdate: the message the button is on is edited; a private answer goes as an ephemeral follow-up.
    if (ephemeral) await i.followUp(renderReply(reply));
    else await i.editReply(renderMessage(reply));
    return;
  }
  // deferReply was public (the reply's visibility was not known yet): swap it for an ephemeral follow-up.
  if (ephemeral) {
    await i.deleteReply().catch(() => undefined);
    await i.followUp(renderReply(reply));
  } else {
    await i.editReply(renderMessage(reply));
  }
}

/**
 * A form's submission as field id → value: every text field Discord sent, "" for one left blank (Discord may
 * send no value, or null, for it).
 */
export function fieldsOf(i: ModalSubmitInteraction): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const f of i.fields.fields.values()) {
    if (typeof f.customId !== 'string') continue;
    fields[f.customId] = 'value' in f && typeof f.value === 'string' ? f.value : '';
  }
  return fields;
}

/** Flattens Discord's nested options into the subcommand path and a name → value map. */
export function flattenOptions(data: readonly CommandInteractionOption[]): {
  subcommand: string | null;
  options: Record<string, OptionValue | undefined>;
} {
  const path: string[] = [];
  const options: Record<string, OptionValue | undefined> = {};
  const walk = (list: readonly CommandInteractionOption[]) => {
    for (const o of list) {
      if (o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup) {
        path.push(o.name);
        walk(o.options ?? []);
      } else if (o.type === ApplicationCommandOptionType.Attachment) {
        options[o.name] = o.attachment?.url ?? (o.value as string | undefined);
      } else {
        options[o.name] = o.value as OptionValue | undefined;
      }
    }
  };
  walk(data);
  return { subcommand: path.length ? path.join(' ') : null, options };
}

/**
 * Who is acting, with the member's permissions in the channel as Discord sent them (none outside a server).
 * What they allow is decided per action by the one table, src/seam/permissions.ts.
 */
export function actorOf(i: BaseInteraction): Actor {
  const m = i.member as { nickname?: string | null; nick?: string | null } | null;
  const name = m?.nickname ?? m?.nick ?? i.user.globalName ?? i.user.username;
  return { id: i.user.id, name, isModerator: false, permissions: i.memberPermissions?.bitfield ?? 0n };
}

/** The option Discord marks as being typed, at any depth; null when none is (a malformed request). */
export function focusedOption(data: readonly CommandInteractionOption[]): CommandInteractionOption | null {
  for (const o of data) {
    if (o.focused) return o;
    const inner = o.options ? focusedOption(o.options) : null;
    if (inner) return inner;
  }
  return null;
}
