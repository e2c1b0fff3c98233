/**
 * A local stand-in for Discord: REST v10 and gateway v10 on 127.0.0.1, enough for the real discord.js client
 * (see ../shared/notes/discord-testing.md). Every REST call is recorded for assertions; interactions are
 * dispatched over the gateway exactly as Discord would send them. Reusable by any end-to-end test: start it,
 * point DISCORD_API_BASE at `apiBase`, send interactions, await the bot's callbacks.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface RestCall {
  method: string;
  /** Decoded path after /api/v10, e.g. "/interactions/1/tok/callback". */
  path: string;
  query: string;
  /** JSON body (or the payload_json part of a multipart body); null when there is none. */
  body: any;
  /** Raw body, for multipart uploads (attachments). */
  raw: string;
  headers: http.IncomingHttpHeaders;
  at: number;
  /** The HTTP status answered (set when the answer is sent; later for a slow route). */
  status?: number;
  /** Set when an injected fault (see FakeDiscord.fault) answered or delayed this call. */
  faulted?: boolean;
}

/** A fault injected on matching REST calls: an error status, a slow answer, or both. */
export interface FaultSpec {
  /** The error to answer with: 403 (Missing Permissions), 404 (Unknown Channel), 429, 500… Omit for a slow but normal answer. */
  status?: number;
  /** For 429: the seconds Discord asks to wait (retry_after in the body and the Retry-After header; default 0.05). */
  retryAfter?: number;
  /** For 429: Discord's global rate limit (X-RateLimit-Global), which holds every route, not this one only. */
  global?: boolean;
  /** Milliseconds before answering. */
  delayMs?: number;
  /** How many matching calls it applies to (default: every one until cleared). */
  times?: number;
  /** The error body, when not Discord's usual one for the status (e.g. { message: 'Unknown interaction', code: 10062 }). */
  body?: unknown;
}

export interface Fault {
  /** Matching calls it has answered so far. */
  readonly hits: number;
  /** Whether it still applies (not cleared, calls left). */
  readonly active: boolean;
  clear(): void;
}

/** Discord's error bodies for the statuses a fault may answer with. */
const FAULT_BODIES: Record<number, { message: string; code: number }> = {
  400: { message: 'Invalid Form Body', code: 50035 },
  403: { message: 'Missing Permissions', code: 50013 },
  404: { message: 'Unknown Channel', code: 10003 },
  500: { message: 'Internal Server Error', code: 0 },
  502: { message: 'Bad Gateway', code: 0 },
  503: { message: 'Service Unavailable', code: 0 },
};

export interface FakeGuild {
  id: string;
  name: string;
  channels: { id: string; name: string; type: number }[];
}

export interface FakeUser {
  id: string;
  username: string;
  /** Permission bits of the member in the channel (decimal string), on top of MEMBER_PERMISSIONS. */
  permissions?: string;
}

export interface InteractionOptions {
  guildId?: string | null;
  channelId?: string;
  user?: FakeUser;
  /** What the command's options refer to, as Discord resolves it (attachments: see serveAttachment). */
  resolved?: any;
}

export interface SentInteraction {
  id: string;
  token: string;
  /** performance.now() just before the gateway dispatch. */
  sentAt: number;
  /** The bot's POST /interactions/:id/:token/callback. */
  callback(timeoutMs?: number): Promise<RestCall>;
}

/** One text field of a form the bot showed, as Discord would show it. */
export interface ShownField {
  id: string;
  label: string;
  /** 1: one line; 2: a paragraph. */
  style: number;
  required: boolean;
  minLength?: number;
  maxLength?: number;
  placeholder?: string;
  /** Pre-filled. */
  value?: string;
}

/** A form (modal) the bot answered an interaction with (callback type 9). */
export interface ShownForm {
  /** The interaction it answered (a button press or a command). */
  opener: SentInteraction;
  /** The bot's callback, as sent. */
  call: RestCall;
  customId: string;
  title: string;
  fields: ShownField[];
  /**
   * Submits it as a member would, through the gateway (MODAL_SUBMIT, type 5) by the member who opened it: `values`
   * by field id; a field not given is sent as shown (its pre-filled value, or blank). Throws, as Discord's client
   * would refuse to send it, when a value breaks the field's rules (required, lengths) or names no field.
   */
  submit(values?: Record<string, string>, o?: InteractionOptions): SentInteraction;
}

/** Why Discord would refuse this modal (callback type 9 data), or [] when it would show it. */
export function modalProblems(data: any): string[] {
  const out: string[] = [];
  const str = (v: unknown, min: number, max: number, what: string) => {
    if (typeof v !== 'string' || v.length < min || v.length > max) out.push(`${what}: ${typeof v === 'string' ? `${v.length} characters` : 'missing'}, must be ${min}-${max}`);
  };
  const int = (v: unknown, min: number, max: number, what: string) => {
    if (v !== undefined && (!Number.isInteger(v) || (v as number) < min || (v as number) > max)) out.push(`${what}: ${String(v)}, must be ${min}-${max}`);
  };
  str(data?.custom_id, 1, 100, 'custom_id');
  str(data?.title, 1, 45, 'title');
  const rows: any[] = Array.isArray(data?.components) ? data.components : [];
  if (rows.length < 1 || rows.length > 5) out.push(`${rows.length} components, must be 1-5`);
  const ids = new Set<string>();
  rows.forEach((row, n) => {
    // An action row holding one text input (its label on the input), or a label component around one.
    const input = row?.type === 1 && row.components?.length === 1 ? row.components[0] : row?.type === 18 ? row.component : null;
    if (!input || input.type !== 4) return void out.push(`components[${n}]: not one text input`);
    const at = `components[${n}]`;
    str(input.custom_id, 1, 100, `${at}.custom_id`);
    if (ids.has(input.custom_id)) out.push(`${at}.custom_id: ${input.custom_id} twice`);
    ids.add(input.custom_id);
    str(row.type === 18 ? row.label : input.label, 1, 45, `${at}.label`);
    if (input.style !== 1 && input.style !== 2) out.push(`${at}.style: ${input.style}`);
    int(input.min_length, 0, 4000, `${at}.min_length`);
    int(input.max_length, 1, 4000, `${at}.max_length`);
    if (input.min_length !== undefined && input.max_length !== undefined && input.min_length > input.max_length) out.push(`${at}: min_length over max_length`);
    if (input.placeholder !== undefined) str(input.placeholder, 0, 100, `${at}.placeholder`);
    if (input.value !== undefined) str(input.value, 0, Math.min(4000, input.max_length ?? 4000), `${at}.value`);
  });
  return out;
}

type Route = (call: RestCall, params: string[]) => { status: number; body?: unknown } | undefined;

export const BOT_USER = { id: '900000000000000001', username: 'Rostrum', discriminator: '0', bot: true, avatar: null, global_name: null };
export const DEFAULT_USER: FakeUser = { id: '900000000000000002', username: 'ada', permissions: '0' };
/** What every member has in a channel they use a command in, as Discord sends it: View Channel, Send Messages, Read Message History. */
export const MEMBER_PERMISSIONS = (1n << 10n) | (1n << 11n) | (1n << 16n);
/** ManageMessages | ManageThreads, as a decimal string. */
export const MODERATOR_PERMISSIONS = String((1n << 13n) | (1n << 34n));
const ALL_PERMISSIONS = String((1n << 50n) - 1n);

const DISCORD_EPOCH_MS = 1_420_070_400_000n;
let snowflake = 0n;
/** A snowflake as Discord makes them: the time (ms since 2015) in its top bits, so ids sort by when they were made. */
export const nextId = (): string => {
  const now = (BigInt(Date.now()) - DISCORD_EPOCH_MS) << 22n;
  snowflake = snowflake < now ? now : snowflake + 1n;
  return String(snowflake);
};

/** The text a reply shows: content plus embed titles, descriptions, fields and footers. */
export function shownText(body: any): string {
  const d = body?.data ?? body ?? {};
  const parts = [d.content ?? ''];
  for (const e of d.embeds ?? []) parts.push(e.title ?? '', e.description ?? '', ...(e.fields ?? []).flatMap((f: any) => [f.name, f.value]), e.footer?.text ?? '');
  return parts.join('\n');
}

export class FakeDiscord {
  readonly calls: RestCall[] = [];
  readonly identifies: any[] = [];
  /** REST routes tests may add or override (checked first): [method, regex over the path, handler]. */
  readonly routes: [string, RegExp, Route][] = [];
  appId = '900000000000000003';
  /** Threads the bot created (POST /channels/:id/threads) or a test opened (openThread), by id. */
  readonly threads = new Map<string, any>();
  /** Messages per channel, oldest first: users' (userMessage) and the bot's posts; served by GET /channels/:id/messages. */
  readonly channelMessages = new Map<string, any[]>();
  /** Messages posted with enforce_nonce, by channel and nonce. */
  private readonly nonces = new Map<string, any>();
  recommendedShards = 1;
  guilds: FakeGuild[] = [
    { id: '900000000000000010', name: 'History Club', channels: [{ id: '900000000000000011', name: 'general', type: 0 }] },
  ];
  private server = http.createServer((req, res) => this.onRequest(req, res));
  private wss = new WebSocketServer({ noServer: true });
  private sockets = new Set<{ ws: WebSocket; seq: number; shard: [number, number] }>();
  private closeListeners: (() => void)[] = [];
  private waiters: { pred: (c: RestCall) => boolean; resolve: (c: RestCall) => void }[] = [];
  private readyWaiters: (() => void)[] = [];
  private faults: { method: string; path: RegExp; spec: FaultSpec; hits: number; cleared: boolean }[] = [];
  /** Attachments served by path (serveAttachment). */
  private files = new Map<string, { body: Buffer; contentType: string }>();
  /** Every interaction sent, by id: what a form's submission and the modal checks need to know of it. */
  private readonly sentInteractions = new Map<string, { type: number; o: InteractionOptions; extra: Record<string, unknown> }>();
  port = 0;

  get apiBase(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  async start(): Promise<this> {
    this.server.on('upgrade', (req, socket, head) => {
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.ws.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Resolves when a gateway session has been identified and sent READY (and its GUILD_CREATEs). */
  waitForIdentify(count = 1, timeoutMs = 15_000): Promise<void> {
    if (this.identifies.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no IDENTIFY #${count} within ${timeoutMs} ms`)), timeoutMs);
      const check = () => {
        if (this.identifies.length >= count) {
          clearTimeout(t);
          resolve();
        } else this.readyWaiters.push(check);
      };
      this.readyWaiters.push(check);
    });
  }

  /**
   * Makes REST calls matching `method` (or '*') and `path` (a regex over the path after /api/v10) fail with
   * `spec.status` and/or answer after `spec.delayMs`, for `spec.times` calls or until cleared. The newest
   * matching fault wins; calls are still recorded (with `faulted` set).
   */
  fault(method: string, path: RegExp, spec: FaultSpec): Fault {
    const f = { method, path, spec, hits: 0, cleared: false };
    this.faults.push(f);
    const active = () => !f.cleared && f.hits < (spec.times ?? Infinity);
    return {
      get hits() {
        return f.hits;
      },
      get active() {
        return active();
      },
      clear: () => {
        f.cleared = true;
      },
    };
  }

  /** Clears every injected fault. */
  clearFaults(): void {
    for (const f of this.faults) f.cleared = true;
    this.faults = [];
  }

  /** The fault that applies to `call` now (and counts it), or null. */
  private takeFault(call: RestCall): FaultSpec | null {
    for (let i = this.faults.length - 1; i >= 0; i--) {
      const f = this.faults[i]!;
      if (f.cleared || f.hits >= (f.spec.times ?? Infinity)) continue;
      if ((f.method === '*' || f.method === call.method) && f.path.test(call.path)) {
        f.hits++;
        return f.spec;
      }
    }
    return null;
  }

  /** Calls `listener` when the next gateway session closes (the bot disconnecting). */
  onGatewayClose(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  /** The first recorded call (past or future) matching `pred`. */
  /**
   * The reply a user finally sees to an interaction sent: the callback itself, or after a deferral the edit of
   * the original (public) or the follow-up that replaces it (ephemeral).
   */
  async finalReply(sent: { token: string; callback(): Promise<RestCall> }): Promise<{ type: number; data: any }> {
    const from = this.calls.length;
    const cb = await sent.callback();
    if (cb.body.type !== 5 && cb.body.type !== 6) return { type: cb.body.type, data: cb.body.data };
    const later = await this.waitForCall((c) => (c.method === 'PATCH' || c.method === 'POST') && c.path.includes(sent.token) && !c.path.endsWith('/callback'), 10_000, from);
    return { type: cb.body.type, data: later.body };
  }

  waitForCall(pred: (c: RestCall) => boolean, timeoutMs = 5_000, from = 0): Promise<RestCall> {
    const found = this.calls.slice(from).find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = { pred, resolve: (c: RestCall) => (clearTimeout(t), resolve(c)) };
      const t = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no matching REST call within ${timeoutMs} ms; calls so far:\n${this.calls.map(describeCall).join('\n')}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  // ---- interactions -------------------------------------------------------------------------------

  /** A slash command. `options` as Discord sends them: [{name, type, value}] or a subcommand [{name, type: 1, options}]. */
  slash(name: string, options: any[] = [], o: InteractionOptions = {}): SentInteraction {
    return this.interaction(2, { id: nextId(), name, type: 1, options, ...(o.resolved ? { resolved: o.resolved } : {}) }, o);
  }

  /** Convenience: a slash command with a subcommand and string/number/boolean options. */
  subcommand(name: string, sub: string, values: Record<string, string | number | boolean>, o: InteractionOptions = {}): SentInteraction {
    return this.slash(name, [{ name: sub, type: 1, options: toOptions(values) }], o);
  }

  /** An autocomplete request; `focused` names the option being typed. */
  autocomplete(name: string, values: Record<string, string | number>, focused: string, o: InteractionOptions = {}): SentInteraction {
    const options = toOptions(values).map((opt) => (opt.name === focused ? { ...opt, focused: true } : opt));
    return this.interaction(4, { id: nextId(), name, type: 1, options }, o);
  }

  /**
   * A file a member attaches to a command: served from this stand-in's host (as Discord's CDN serves them) under
   * /attachments/…, and returned as the option value and the `resolved` data a slash command carries.
   */
  serveAttachment(fileName: string, content: string | Buffer, contentType = 'text/plain; charset=utf-8'): { id: string; url: string; resolved: any } {
    const id = nextId();
    const path = `/attachments/${id}/${encodeURIComponent(fileName)}`;
    const body = Buffer.isBuffer(content) ? content : Buffer.from(content);
    this.files.set(path, { body, contentType });
    const url = `http://127.0.0.1:${this.port}${path}?ex=0&is=0`;
    const attachment = { id, filename: fileName, size: body.length, url, proxy_url: url, content_type: contentType };
    return { id, url, resolved: { attachments: { [id]: attachment } } };
  }

  /** A button press on `message` (a message object the bot sent earlier, or a minimal one). */
  button(customId: string, message: any = this.message({}), o: InteractionOptions = {}): SentInteraction {
    return this.interaction(3, { custom_id: customId, component_type: 2 }, o, { message });
  }

  /** A string select-menu choice. */
  select(customId: string, values: string[], message: any = this.message({}), o: InteractionOptions = {}): SentInteraction {
    return this.interaction(3, { custom_id: customId, component_type: 3, values }, o, { message });
  }

  /** A modal submission with text inputs. */
  modal(customId: string, fields: Record<string, string>, o: InteractionOptions = {}): SentInteraction {
    const components = Object.entries(fields).map(([k, v]) => ({ type: 1, components: [{ type: 4, custom_id: k, value: v }] }));
    return this.interaction(5, { custom_id: customId, components }, o);
  }

  /**
   * The form the bot answered `sent` with (its callback, type 9), ready to be submitted; throws when the bot
   * answered with anything else.
   */
  async form(sent: SentInteraction, timeoutMs = 5_000): Promise<ShownForm> {
    const call = await sent.callback(timeoutMs);
    if (call.body?.type !== 9) throw new Error(`expected a form (callback type 9), the bot answered with type ${call.body?.type}: ${describeCall(call)}`);
    const data = call.body.data;
    const fields: ShownField[] = (data.components as any[]).map((row) => {
      const input = row.type === 18 ? row.component : row.components[0];
      return {
        id: input.custom_id,
        label: row.type === 18 ? row.label : input.label,
        style: input.style,
        required: input.required ?? true,
        minLength: input.min_length,
        maxLength: input.max_length,
        placeholder: input.placeholder,
        value: input.value,
      };
    });
    const shown: ShownForm = {
      opener: sent,
      call,
      customId: data.custom_id,
      title: data.title,
      fields,
      submit: (values = {}, o) => this.submitForm(shown, values, o),
    };
    return shown;
  }

  /** Presses a button and returns the form it opens: "press button → get form", then `.submit(values)`. */
  pressForForm(customId: string, message: any = this.message({}), o: InteractionOptions = {}): Promise<ShownForm> {
    return this.form(this.button(customId, message, o));
  }

  private submitForm(form: ShownForm, values: Record<string, string>, o?: InteractionOptions): SentInteraction {
    for (const id of Object.keys(values)) if (!form.fields.some((f) => f.id === id)) throw new Error(`form ${form.customId} has no field ${id}`);
    const rows = form.fields.map((f) => {
      const value = values[f.id] ?? f.value ?? '';
      const what = `field ${f.id} (${f.label}) of form ${form.customId}`;
      if (f.required && value.length === 0) throw new Error(`Discord would not send ${what} blank: it is required`);
      if (value.length > 0 && value.length < (f.minLength ?? 0)) throw new Error(`Discord would not send ${what}: under ${f.minLength} characters`);
      if (value.length > (f.maxLength ?? 4000)) throw new Error(`Discord would not send ${what}: over ${f.maxLength ?? 4000} characters`);
      return { type: 1, components: [{ type: 4, custom_id: f.id, value }] };
    });
    const opened = this.sentInteractions.get(form.opener.id);
    // The member who opened it submits it, where they opened it; a form opened from a button carries its message.
    const from = { ...(opened?.o ?? {}), ...(o ?? {}) };
    const extra = opened?.type === 3 && opened.extra.message ? { message: opened.extra.message } : {};
    return this.interaction(5, { custom_id: form.customId, components: rows }, from, extra);
  }

  /** Discord's answer to a modal callback: refused after another answer, on a form's submission, or when malformed. */
  private modalAnswer(call: RestCall, interactionId: string): { status: number; body?: unknown } {
    const refuse = (message: string, code: number, errors?: string[]) => ({ status: 400, body: { message, code, ...(errors ? { errors } : {}) } });
    const type = this.sentInteractions.get(interactionId)?.type;
    if (type !== 2 && type !== 3) return refuse('Invalid Form Body', 50035, [`a modal cannot answer an interaction of type ${type}`]);
    const answered = this.calls.some((c) => c !== call && c.method === 'POST' && c.path === call.path && c.status !== undefined && c.status < 300);
    if (answered) return refuse('Interaction has already been acknowledged.', 40060);
    const problems = modalProblems(call.body.data);
    return problems.length ? refuse('Invalid Form Body', 50035, problems) : { status: 204 };
  }

  /** A message context-menu command on `target`. */
  messageCommand(name: string, target: any, o: InteractionOptions = {}): SentInteraction {
    const data = { id: nextId(), name, type: 3, target_id: target.id, resolved: { messages: { [target.id]: target } } };
    return this.interaction(2, data, o);
  }

  /** Any interaction, `data` exactly as given (crafted or malformed requests; autocompletes with subcommands). */
  raw(type: number, data: any, o: InteractionOptions = {}, extra: Record<string, unknown> = {}): SentInteraction {
    return this.interaction(type, data, o, extra);
  }

  /** A message object as Discord returns it. */
  message(fields: Partial<Record<string, any>>, channelId = this.guilds[0]!.channels[0]!.id): any {
    return {
      id: nextId(),
      channel_id: channelId,
      author: BOT_USER,
      content: '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      components: [],
      type: 0,
      flags: 0,
      pinned: false,
      tts: false,
      mention_everyone: false,
      ...fields,
    };
  }

  /** A plain message posted by a user in a server channel (MESSAGE_CREATE). */
  userMessage(content: string, o: InteractionOptions = {}): any {
    const guildId = o.guildId === undefined ? this.guilds[0]!.id : o.guildId;
    const user = o.user ?? DEFAULT_USER;
    const author = { id: user.id, username: user.username, discriminator: '0', avatar: null, global_name: null };
    const msg = this.message({ content, author, guild_id: guildId ?? undefined, member: guildId ? { roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 } : undefined }, o.channelId);
    this.remember(msg);
    this.dispatch('MESSAGE_CREATE', msg, guildId);
    return msg;
  }

  /** A public thread under `parentId` opened by someone else (THREAD_CREATE); returns its id. */
  openThread(name: string, parentId = this.guilds[0]!.channels[0]!.id): string {
    const guild = this.guilds.find((g) => g.channels.some((c) => c.id === parentId)) ?? this.guilds[0]!;
    const thread = { id: nextId(), type: 11, name, parent_id: parentId, guild_id: guild.id, owner_id: DEFAULT_USER.id, thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date().toISOString(), locked: false }, message_count: 0, member_count: 1, rate_limit_per_user: 0, flags: 0 };
    this.threads.set(thread.id, thread);
    this.dispatch('THREAD_CREATE', { ...thread, newly_created: true }, guild.id);
    return thread.id;
  }

  private remember(msg: any): void {
    const list = this.channelMessages.get(msg.channel_id) ?? [];
    list.push(msg);
    this.channelMessages.set(msg.channel_id, list);
  }

  /** Dispatches a gateway event to every connected session (or the one owning guildId). */
  dispatch(t: string, d: any, guildId?: string | null): void {
    for (const s of this.sockets) {
      if (guildId && s.shard[1] > 1 && Number((BigInt(guildId) >> 22n) % BigInt(s.shard[1])) !== s.shard[0]) continue;
      s.ws.send(JSON.stringify({ op: 0, t, s: ++s.seq, d }));
    }
  }

  private interaction(type: number, data: any, o: InteractionOptions, extra: Record<string, unknown> = {}): SentInteraction {
    const id = nextId();
    const token = `itoken-${id}`;
    const guildId = o.guildId === undefined ? this.guilds[0]!.id : o.guildId;
    const channelId = o.channelId ?? (guildId ? this.guilds.find((g) => g.id === guildId)?.channels[0]?.id : undefined) ?? '900000000000000099';
    const user = o.user ?? DEFAULT_USER;
    const u = { id: user.id, username: user.username, discriminator: '0', global_name: null, avatar: null };
    const permissions = String(MEMBER_PERMISSIONS | BigInt(user.permissions ?? '0'));
    const who = guildId
      ? { member: { user: u, roles: [], joined_at: new Date().toISOString(), nick: null, deaf: false, mute: false, flags: 0, permissions } }
      : { user: u };
    // As Discord does: a channel option comes resolved, with the member's permissions in that channel.
    const picked = type === 2 && !data.resolved ? channelOptionIds(data.options ?? []) : [];
    if (picked.length) {
      const channels = Object.fromEntries(picked.map((cid) => [cid, { id: cid, type: this.threads.has(cid) ? 11 : 0, name: 'channel', permissions }]));
      data = { ...data, resolved: { channels } };
    }
    this.sentInteractions.set(id, { type, o, extra });
    const from = this.calls.length;
    const sentAt = performance.now();
    this.dispatch(
      'INTERACTION_CREATE',
      {
        id,
        token,
        type,
        data,
        application_id: this.appId,
        guild_id: guildId ?? undefined,
        channel: this.threads.has(channelId)
          ? { id: channelId, type: 11, parent_id: this.threads.get(channelId).parent_id, guild_id: guildId }
          : { id: channelId, type: guildId ? 0 : 1 },
        channel_id: channelId,
        ...who,
        app_permissions: ALL_PERMISSIONS,
        locale: 'en-US',
        guild_locale: guildId ? 'en-US' : undefined,
        entitlements: [],
        authorizing_integration_owners: {},
        version: 1,
        ...extra,
      },
      guildId,
    );
    return {
      id,
      token,
      sentAt,
      callback: (timeoutMs = 5_000) =>
        this.waitForCall((c) => c.method === 'POST' && c.path === `/interactions/${id}/${token}/callback`, timeoutMs, from),
    };
  }

  // ---- gateway ------------------------------------------------------------------------------------

  private onSocket(ws: WebSocket): void {
    const session = { ws, seq: 0, shard: [0, 1] as [number, number] };
    this.sockets.add(session);
    ws.on('close', () => {
      this.sockets.delete(session);
      for (const l of this.closeListeners.splice(0)) l();
    });
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 } }));
    ws.on('message', (raw) => {
      const msg = JSON.parse(String(raw));
      if (msg.op === 1) ws.send(JSON.stringify({ op: 11 }));
      if (msg.op === 2) {
        session.shard = msg.d.shard ?? [0, 1];
        const mine = this.guilds.filter((g) => session.shard[1] === 1 || Number((BigInt(g.id) >> 22n) % BigInt(session.shard[1])) === session.shard[0]);
        const send = (t: string, d: unknown) => ws.send(JSON.stringify({ op: 0, t, s: ++session.seq, d }));
        send('READY', {
          v: 10,
          user: BOT_USER,
          application: { id: this.appId, flags: 0 },
          guilds: mine.map((g) => ({ id: g.id, unavailable: true })),
          session_id: `session-${nextId()}`,
          resume_gateway_url: `ws://127.0.0.1:${this.port}/gateway`,
          shard: session.shard,
        });
        for (const g of mine) send('GUILD_CREATE', guildCreate(g));
        this.identifies.push(msg.d);
        const waiting = this.readyWaiters.splice(0);
        for (const w of waiting) w();
      }
    });
  }

  // ---- REST ---------------------------------------------------------------------------------------

  private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://x');
      const call: RestCall = {
        method: req.method ?? 'GET',
        path: decodeURIComponent(url.pathname).replace(/^\/api\/v\d+/, ''),
        query: url.search,
        body: parseBody(raw, String(req.headers['content-type'] ?? '')),
        raw,
        headers: req.headers,
        at: performance.now(),
      };
      this.calls.push(call);
      const fault = this.takeFault(call);
      if (fault) call.faulted = true;
      const answer = () => {
        if (fault?.status) return this.faultAnswer(res, call, fault);
        const file = req.method === 'GET' ? this.files.get(url.pathname) : undefined;
        if (file) return void res.writeHead(200, { 'content-type': file.contentType, 'content-length': file.body.length }).end(file.body);
        const out = this.route(call) ?? { status: 404, body: { message: 'Unknown route', code: 0 } };
        call.status = out.status;
        if (out.status === 204) res.writeHead(204).end();
        else res.writeHead(out.status, { 'content-type': 'application/json' }).end(JSON.stringify(out.body ?? {}));
      };
      if (fault?.delayMs) setTimeout(() => (res.destroyed ? undefined : answer()), fault.delayMs);
      else answer();
      for (const w of this.waiters.slice()) {
        if (w.pred(call)) {
          this.waiters = this.waiters.filter((x) => x !== w);
          w.resolve(call);
        }
      }
    });
  }

  private faultAnswer(res: http.ServerResponse, call: RestCall, fault: FaultSpec): void {
    const status = fault.status!;
    call.status = status;
    if (status === 429) {
      const retryAfter = fault.retryAfter ?? 0.05;
      res
        .writeHead(429, { 'content-type': 'application/json', 'retry-after': String(retryAfter), 'x-ratelimit-scope': fault.global ? 'global' : 'user', ...(fault.global ? { 'x-ratelimit-global': 'true' } : {}) })
        .end(JSON.stringify({ message: 'You are being rate limited.', retry_after: retryAfter, global: fault.global ?? false }));
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(fault.body ?? FAULT_BODIES[status] ?? { message: `Error ${status}`, code: 0 }));
  }

  private route(call: RestCall): { status: number; body?: unknown } | undefined {
    const routes: [string, RegExp, Route][] = [
      ...this.routes,
      ['GET', /^\/gateway\/bot$/, () => ({
        status: 200,
        body: { url: `ws://127.0.0.1:${this.port}/gateway`, shards: this.recommendedShards, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } },
      })],
      ['GET', /^\/gateway$/, () => ({ status: 200, body: { url: `ws://127.0.0.1:${this.port}/gateway` } })],
      ['GET', /^\/users\/@me$/, () => ({ status: 200, body: BOT_USER })],
      ['POST', /^\/users\/@me\/channels$/, (c) => ({ status: 200, body: { id: nextId(), type: 1, recipients: [{ id: c.body?.recipient_id, username: 'someone', discriminator: '0', avatar: null, global_name: null }], last_message_id: null } })],
      ['POST', /^\/interactions\/([^/]+)\/[^/]+\/callback$/, (c, [id]) => (c.body?.type === 9 ? this.modalAnswer(c, id!) : { status: 204 })],
      ['PATCH', /^\/webhooks\/[^/]+\/[^/]+\/messages\/[^/]+$/, (c) => ({ status: 200, body: this.message(c.body ?? {}) })],
      ['GET', /^\/webhooks\/[^/]+\/[^/]+\/messages\/[^/]+$/, () => ({ status: 200, body: this.message({}) })],
      ['DELETE', /^\/webhooks\/[^/]+\/[^/]+\/messages\/[^/]+$/, () => ({ status: 204 })],
      ['POST', /^\/webhooks\/[^/]+\/[^/]+$/, (c) => ({ status: 200, body: this.message({ ...(c.body ?? {}), flags: c.body?.flags ?? 0 }) })],
      ['POST', /^\/channels\/([^/]+)\/messages$/, (c, [ch]) => {
        // As Discord: with enforce_nonce, a nonce already used in the channel answers with that message, posting nothing.
        const nonce = c.body?.enforce_nonce && c.body?.nonce ? `${ch}/${c.body.nonce}` : null;
        const earlier = nonce ? this.nonces.get(nonce) : undefined;
        if (earlier) return { status: 200, body: earlier };
        const msg = this.message(c.body ?? {}, ch);
        if (nonce) this.nonces.set(nonce, msg);
        this.remember(msg);
        return { status: 200, body: msg };
      }],
      // Newest first, as Discord answers: ?limit (1-100, default 50) and ?before=<message id>.
      ['GET', /^\/channels\/([^/]+)\/messages$/, (c, [ch]) => {
        const q = new URLSearchParams(c.query);
        const limit = Math.min(100, Math.max(1, Number(q.get('limit') ?? 50)));
        const before = q.get('before');
        const list = (this.channelMessages.get(ch!) ?? []).filter((m) => !before || BigInt(m.id) < BigInt(before));
        return { status: 200, body: list.slice(-limit).reverse() };
      }],
      ['PATCH', /^\/channels\/([^/]+)\/messages\/([^/]+)$/, (c, [ch, id]) => ({ status: 200, body: this.message({ ...(c.body ?? {}), id, edited_timestamp: new Date().toISOString() }, ch) })],
      ['POST', /^\/channels\/([^/]+)\/threads$/, (c, [ch]) => {
        const guild = this.guilds.find((g) => g.channels.some((x) => x.id === ch));
        if (!guild) return { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
        const thread = { id: nextId(), type: 11, name: c.body?.name, parent_id: ch, guild_id: guild.id, owner_id: BOT_USER.id, thread_metadata: { archived: false, auto_archive_duration: c.body?.auto_archive_duration ?? 1440, archive_timestamp: new Date().toISOString(), locked: false }, message_count: 0, member_count: 1, member: { id: BOT_USER.id, user_id: BOT_USER.id, join_timestamp: new Date().toISOString(), flags: 0 }, rate_limit_per_user: 0, flags: 0 };
        this.threads.set(thread.id, thread);
        // Discord also announces the new thread over the gateway.
        setImmediate(() => this.dispatch('THREAD_CREATE', { ...thread, newly_created: true }, guild.id));
        return { status: 201, body: thread };
      }],
      ['GET', /^\/channels\/([^/]+)$/, (_c, [ch]) => {
        const thread = this.threads.get(ch!);
        if (thread) return { status: 200, body: thread };
        for (const g of this.guilds) {
          const found = g.channels.find((x) => x.id === ch);
          if (found) return { status: 200, body: { ...found, guild_id: g.id, permission_overwrites: [] } };
        }
        return { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
      }],
      ['PUT', /^\/applications\/[^/]+(\/guilds\/[^/]+)?\/commands$/, (c) => ({
        status: 200,
        body: (Array.isArray(c.body) ? c.body : []).map((cmd: any) => ({ ...cmd, id: nextId(), application_id: this.appId, version: '1' })),
      })],
    ];
    for (const [method, re, handler] of routes) {
      if (method !== call.method) continue;
      const m = re.exec(call.path);
      if (m) {
        const out = handler(call, m.slice(1));
        if (out) return out;
      }
    }
    return undefined;
  }
}

/** One line per call for failure messages: method, path and the start of the text sent. */
function describeCall(c: RestCall): string {
  const data = c.body?.data;
  const text = typeof c.body?.content === 'string' ? c.body.content : typeof data?.content === 'string' ? data.content : c.body?.type === 9 ? `form: ${data?.title}` : '';
  return `${c.method} ${c.path}${text ? ` ${JSON.stringify(text.slice(0, 80))}` : ''}`;
}

function channelOptionIds(options: any[]): string[] {
  return options.flatMap((o) => (o.type === 7 ? [String(o.value)] : channelOptionIds(o.options ?? [])));
}

function toOptions(values: Record<string, string | number | boolean>): any[] {
  return Object.entries(values).map(([name, value]) => ({
    name,
    value,
    type: typeof value === 'string' ? 3 : typeof value === 'boolean' ? 5 : Number.isInteger(value) ? 4 : 10,
  }));
}

function guildCreate(g: FakeGuild): unknown {
  return {
    id: g.id,
    name: g.name,
    icon: null,
    owner_id: DEFAULT_USER.id,
    unavailable: false,
    member_count: 2,
    roles: [{ id: g.id, name: '@everyone', permissions: ALL_PERMISSIONS, position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 }],
    members: [{ user: BOT_USER, roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 }],
    channels: g.channels.map((c, i) => ({ ...c, guild_id: g.id, position: i, permission_overwrites: [] })),
    threads: [],
    emojis: [],
    stickers: [],
    features: [],
    voice_states: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    joined_at: new Date().toISOString(),
    large: false,
    premium_tier: 0,
    preferred_locale: 'en-US',
  };
}

function parseBody(raw: string, type: string): any {
  if (!raw) return null;
  if (type.startsWith('multipart/form-data')) {
    const m = /name="payload_json"[^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*?)\r\n--/.exec(raw);
    return m ? JSON.parse(m[1]!) : null;
  }
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
