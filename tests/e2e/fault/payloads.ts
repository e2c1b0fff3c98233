/**
 * Checks every payload the bot sent to the local Discord (FakeDiscord's REST log): no lone surrogate, no
 * masked link, no ping it did not mean, no control character in a name, no Discord limit broken. Lengths are
 * counted in UTF-16 units, the strictest reading of Discord's "characters".
 */
import type { RestCall } from '../../discord/fake-discord.js';

/** Discord's documented limits for what the bot sends. */
export const DISCORD = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  authorName: 256,
  embedTotal: 6000,
  rows: 5,
  perRow: 5,
  buttonLabel: 80,
  customId: 100,
  selectOptions: 25,
  optionText: 100,
  placeholder: 150,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  threadName: 100,
  modalTitle: 45,
} as const;

export type Problem = 'lone-surrogate' | 'masked-link' | 'ping' | 'raw-mention' | 'control-in-name' | 'limit' | 'empty-message';

export interface Finding {
  problem: Problem;
  call: string;
  detail: string;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** [text](url) as Discord renders it: a clickable masked link (Discord links only http(s) targets, and only with some text). */
const MASKED_LINK = /\[[^\]\n]*\S[^\]\n]*\]\(\s*<?(https?:\/\/[^\s)>]+)>?[^)\n]*\)/gi;
/** The bot's own masked links point at Discord messages (/sources "[message]"); anything else came from outside. */
const OWN_LINK = /^https:\/\/(?:\w+\.)?discord(?:app)?\.com\/channels\//i;
const RAW_EVERYONE = /(?<!\u200b)@(everyone|here)\b/i;
const USER_MENTION = /<@!?(\d+)>/g;
const ROLE_MENTION = /<@&(\d+)>/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

const len = (s: unknown): number => (typeof s === 'string' ? s.length : 0);

/** Every string inside a value, with where it was found. */
function* strings(v: unknown, at = ''): Generator<[string, string]> {
  if (typeof v === 'string') yield [at, v];
  else if (Array.isArray(v)) for (let i = 0; i < v.length; i++) yield* strings(v[i], `${at}[${i}]`);
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) yield* strings(x, at ? `${at}.${k}` : k);
}

/** The message payload a call carries, if any, and whether it is a new message (which can ping). */
function messageOf(c: RestCall): { msg: any; isNew: boolean } | null {
  if (!c.body || typeof c.body !== 'object') return null;
  if (/^\/interactions\/[^/]+\/[^/]+\/callback$/.test(c.path)) {
    const t = c.body.type;
    if (t === 4) return { msg: c.body.data ?? {}, isNew: true };
    if (t === 7) return { msg: c.body.data ?? {}, isNew: false };
    return null;
  }
  if (/^\/webhooks\/[^/]+\/[^/]+$/.test(c.path) && c.method === 'POST') return { msg: c.body, isNew: true };
  if (/^\/webhooks\/[^/]+\/[^/]+\/messages\/[^/]+$/.test(c.path) && c.method === 'PATCH') return { msg: c.body, isNew: false };
  if (/^\/channels\/[^/]+\/messages$/.test(c.path) && c.method === 'POST') return { msg: c.body, isNew: true };
  if (/^\/channels\/[^/]+\/messages\/[^/]+$/.test(c.path) && c.method === 'PATCH') return { msg: c.body, isNew: false };
  return null;
}

/**
 * The text Discord renders as Markdown in a message: content, embed title, description and fields. Embed
 * footers, author names and component labels are shown as plain text (no links, no mentions), so they are
 * left out (their lengths and surrogates are still checked).
 */
function visibleTexts(msg: any): string[] {
  const out: string[] = [];
  if (typeof msg.content === 'string') out.push(msg.content);
  for (const e of msg.embeds ?? []) {
    out.push(e.title ?? '', e.description ?? '');
    for (const f of e.fields ?? []) out.push(f.name ?? '', f.value ?? '');
  }
  return out.filter(Boolean);
}

function checkLimits(msg: any, add: (d: string) => void): void {
  if (len(msg.content) > DISCORD.content) add(`content ${len(msg.content)} > ${DISCORD.content}`);
  const embeds: any[] = msg.embeds ?? [];
  if (embeds.length > DISCORD.embeds) add(`${embeds.length} embeds`);
  let total = 0;
  for (const e of embeds) {
    if (len(e.title) > DISCORD.embedTitle) add(`embed title ${len(e.title)}`);
    if (len(e.description) > DISCORD.embedDescription) add(`embed description ${len(e.description)}`);
    if (len(e.footer?.text) > DISCORD.footer) add(`embed footer ${len(e.footer?.text)}`);
    if (len(e.author?.name) > DISCORD.authorName) add(`embed author ${len(e.author?.name)}`);
    const fields: any[] = e.fields ?? [];
    if (fields.length > DISCORD.embedFields) add(`${fields.length} embed fields`);
    for (const f of fields) {
      if (!len(f.name) || len(f.name) > DISCORD.fieldName) add(`field name ${len(f.name)}`);
      if (!len(f.value) || len(f.value) > DISCORD.fieldValue) add(`field value ${len(f.value)}`);
      total += len(f.name) + len(f.value);
    }
    total += len(e.title) + len(e.description) + len(e.footer?.text) + len(e.author?.name);
  }
  if (total > DISCORD.embedTotal) add(`embeds total ${total} > ${DISCORD.embedTotal}`);
  const rows: any[] = msg.components ?? [];
  if (rows.length > DISCORD.rows) add(`${rows.length} component rows`);
  for (const row of rows) {
    const items: any[] = row.components ?? [];
    if (items.length > DISCORD.perRow) add(`${items.length} components in a row`);
    for (const b of items) {
      if (b.custom_id !== undefined && (!len(b.custom_id) || len(b.custom_id) > DISCORD.customId)) add(`custom_id ${len(b.custom_id)}`);
      if (b.type === 2 && !b.emoji && (!len(b.label) || len(b.label) > DISCORD.buttonLabel)) add(`button label ${len(b.label)}`);
      if (len(b.placeholder) > DISCORD.placeholder) add(`placeholder ${len(b.placeholder)}`);
      const options: any[] = b.options ?? [];
      if (options.length > DISCORD.selectOptions) add(`${options.length} select options`);
      for (const o of options) for (const k of ['label', 'value', 'description']) if (len(o[k]) > DISCORD.optionText) add(`select ${k} ${len(o[k])}`);
    }
  }
}

/** Whom a new message would notify, beyond the users the bot named in allowed_mentions.users. */
function unintendedPings(msg: any): string[] {
  const content = typeof msg.content === 'string' ? msg.content : '';
  const am = msg.allowed_mentions;
  const parse: string[] = am ? (am.parse ?? []) : ['everyone', 'users', 'roles'];
  const out: string[] = [];
  if (parse.includes('everyone') && RAW_EVERYONE.test(content)) out.push('@everyone/@here');
  if (parse.includes('roles') && ROLE_MENTION.test(content)) out.push('a role');
  if (parse.includes('users')) for (const m of content.matchAll(USER_MENTION)) out.push(`<@${m[1]}>`);
  return out;
}

/** Everything wrong in one REST call the bot made. `hostileIds`: ids only ever written by users, never by the bot. */
export function inspectCall(c: RestCall, hostileIds: ReadonlySet<string> = new Set()): Finding[] {
  const found: Finding[] = [];
  const where = `${c.method} ${c.path}`;
  const add = (problem: Problem) => (detail: string) => found.push({ problem, call: where, detail });
  for (const [at, s] of strings(c.body)) if (LONE_SURROGATE.test(s)) add('lone-surrogate')(`${at}: ${JSON.stringify(s.slice(0, 60))}`);

  if (c.method === 'POST' && /^\/channels\/[^/]+\/threads$/.test(c.path)) {
    const name = c.body?.name;
    if (!len(name) || len(name) > DISCORD.threadName) add('limit')(`thread name ${len(name)}`);
    if (typeof name === 'string' && CONTROL.test(name)) add('control-in-name')(`thread name ${JSON.stringify(name.slice(0, 60))}`);
  }
  if (/\/callback$/.test(c.path) && c.body?.type === 8) {
    const choices: any[] = c.body.data?.choices ?? [];
    if (choices.length > DISCORD.choices) add('limit')(`${choices.length} choices`);
    for (const ch of choices) {
      if (!len(ch.name) || len(ch.name) > DISCORD.choiceName) add('limit')(`choice name ${len(ch.name)}`);
      if (typeof ch.value === 'string' && len(ch.value) > DISCORD.choiceValue) add('limit')(`choice value ${len(ch.value)}`);
      if (typeof ch.name === 'string' && CONTROL.test(ch.name)) add('control-in-name')(`choice ${JSON.stringify(ch.name.slice(0, 60))}`);
    }
  }
  if (/\/callback$/.test(c.path) && c.body?.type === 9 && len(c.body.data?.title) > DISCORD.modalTitle) add('limit')(`modal title ${len(c.body.data.title)}`);

  const m = messageOf(c);
  if (!m) return found;
  const { msg, isNew } = m;
  checkLimits(msg, add('limit'));
  const hasAttachment = Array.isArray(msg.attachments) && msg.attachments.length > 0;
  if (isNew && !len(msg.content) && !(msg.embeds ?? []).length && !(msg.components ?? []).length && !hasAttachment) add('empty-message')('no content, embed, component or file');
  for (const shown of visibleTexts(msg)) {
    // Inside code, links and mentions are shown as typed, never rendered.
    const text = shown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
    for (const link of text.matchAll(MASKED_LINK)) if (!OWN_LINK.test(link[1]!)) add('masked-link')(JSON.stringify(link[0].slice(0, 100)));
    if (RAW_EVERYONE.test(text)) add('raw-mention')(`@everyone/@here in ${JSON.stringify(text.slice(0, 80))}`);
    if (ROLE_MENTION.test(text)) add('raw-mention')(`a role mention in ${JSON.stringify(text.slice(0, 80))}`);
    for (const u of text.matchAll(USER_MENTION)) if (hostileIds.has(u[1]!)) add('raw-mention')(`<@${u[1]}> typed by a user`);
  }
  if (isNew) for (const p of unintendedPings(msg)) add('ping')(p);
  return found;
}

/** Counts by problem over many calls, with the first few examples of each. */
export function inspectAll(calls: readonly RestCall[], hostileIds?: ReadonlySet<string>): { counts: Record<Problem, number>; examples: Finding[]; payloads: number } {
  const counts: Record<Problem, number> = { 'lone-surrogate': 0, 'masked-link': 0, ping: 0, 'raw-mention': 0, 'control-in-name': 0, limit: 0, 'empty-message': 0 };
  const examples: Finding[] = [];
  let payloads = 0;
  for (const c of calls) {
    if (c.method === 'GET' || c.body == null || /^\/applications\//.test(c.path)) continue;
    payloads++;
    for (const f of inspectCall(c, hostileIds)) {
      counts[f.problem]++;
      if (examples.filter((e) => e.problem === f.problem).length < 3) examples.push(f);
    }
  }
  return { counts, examples, payloads };
}
