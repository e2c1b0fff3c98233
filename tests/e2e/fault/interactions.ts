/**
 * Seeded random interactions for the fuzz: slash commands (the real definitions, with hostile or mistyped
 * option values, unknown subcommands and commands), buttons and selects with crafted or replayed customIds,
 * modals, autocompletes with and without a focused option, message context menus — from random users, guilds
 * (known, unknown, none) and channels.
 */
import * as argue from '../../../commands/argue.js';
import * as checkSources from '../../../commands/check-sources.js';
import * as debate from '../../../commands/debate.js';
import * as leaderboard from '../../../commands/leaderboard.js';
import * as quote from '../../../commands/quote.js';
import * as score from '../../../commands/score.js';
import * as sources from '../../../commands/sources.js';
import * as verdict from '../../../commands/verdict.js';
import { MODERATOR_PERMISSIONS, nextId, type FakeDiscord, type FakeUser, type SentInteraction } from '../../discord/fake-discord.js';
import { hostileText, type Rng } from './random.js';

interface OptionJson {
  name: string;
  type: number;
  options?: OptionJson[];
  choices?: { value: string | number }[];
  autocomplete?: boolean;
}

const DEFINITIONS = [argue, debate, leaderboard, quote, score, sources, verdict].map((m) => m.data.toJSON() as { name: string; options?: OptionJson[] });
const CONTEXT_MENU = (checkSources.data.toJSON() as { name: string }).name;

export const FUZZ_USERS: FakeUser[] = [
  { id: '900000000000000002', username: 'ada', permissions: '0' },
  { id: '900000000000000004', username: 'bob', permissions: '0' },
  { id: '900000000000000005', username: 'mod', permissions: MODERATOR_PERMISSIONS },
  { id: '900000000000000006', username: '@everyone', permissions: '0' },
  { id: '900000000000000007', username: '👨‍👩‍👧‍👦[x](https://evil.example)', permissions: String((1n << 13n)) },
  { id: '900000000000000008', username: '\u202eevil\u0000', permissions: String((1n << 50n) - 1n) },
];

/** Where an interaction comes from: a known guild's channel or thread, an unknown guild, or a DM. */
function origin(fake: FakeDiscord, r: Rng): { guildId?: string | null; channelId?: string; user: FakeUser } {
  const user = r.pick(FUZZ_USERS);
  const roll = r.next();
  if (roll < 0.06) return { guildId: null, user };
  if (roll < 0.12) return { guildId: nextId(), channelId: nextId(), user };
  const guild = r.pick(fake.guilds);
  const threads = [...fake.threads.values()].filter((t) => t.guild_id === guild.id);
  if (threads.length > 0 && r.chance(0.55)) return { guildId: guild.id, channelId: r.pick(threads).id, user };
  if (r.chance(0.1)) {
    // A thread of another server, named from this one.
    const other = [...fake.threads.values()].filter((t) => t.guild_id !== guild.id);
    if (other.length > 0) return { guildId: guild.id, channelId: r.pick(other).id, user };
  }
  return { guildId: guild.id, channelId: r.pick(guild.channels).id, user };
}

/** Values that get past the first checks, so that debates open and run and the hostile text goes further. */
const PLAUSIBLE: Record<string, readonly unknown[]> = {
  format: ['oxford', 'open', 'Oxford'],
  sides: ['Aye, Nay', 'Trotsky, Stalin'],
  side: ['Aye', 'Nay', 'Trotsky', 'Stalin'],
  turn_seconds: [1, 2, 5, 60],
  seconds: [5, 30],
  argument: ['#1', '#2', '#3'],
  message_id: ['#1', '#2', '#3'],
};

/** A value for an option of `type`, usually of that type and hostile, sometimes of the wrong type. */
function value(opt: OptionJson, fake: FakeDiscord, r: Rng): unknown {
  if (opt.choices && r.chance(0.5)) return r.pick(opt.choices).value;
  const plausible = PLAUSIBLE[opt.name];
  if (plausible && r.chance(0.6)) return r.pick(plausible);
  if (r.chance(0.08)) return r.pick<unknown>([hostileText(r), 12, -3.5, true, 1e21, '', '   ', null]);
  switch (opt.type) {
    case 4:
    case 10:
      return r.pick([0, 1, 2, 3, -5, 5, 30, 3601, 2 ** 31, -(2 ** 53), 0.5]);
    case 5:
      return r.chance(0.5);
    case 6:
      return r.pick([...FUZZ_USERS.map((u) => u.id), nextId(), '0']);
    case 7: {
      const threads = [...fake.threads.keys()];
      return r.pick([...fake.guilds.flatMap((g) => g.channels.map((c) => c.id)), ...threads.slice(-5), nextId()]);
    }
    default:
      return hostileText(r);
  }
}

function optionsFor(list: OptionJson[] | undefined, fake: FakeDiscord, r: Rng): any[] {
  const out: any[] = [];
  for (const opt of list ?? []) if (r.chance(opt.name === 'format' ? 0.4 : 0.75)) out.push({ name: opt.name, type: opt.type, value: value(opt, fake, r) });
  if (r.chance(0.05)) out.push({ name: 'no_such_option', type: 3, value: hostileText(r) });
  return out;
}

/** The last slash command made, for figures ("debate start"). */
export let lastCommand = '';

/** A slash command: a real one with random options, an unknown subcommand, or an unknown command. */
function slash(fake: FakeDiscord, r: Rng): SentInteraction {
  lastCommand = 'unknown';
  const o = origin(fake, r);
  if (r.chance(0.03)) return fake.slash(r.pick(['nuke', 'debate2', '']), [], o);
  const def = r.pick(DEFINITIONS);
  const subs = (def.options ?? []).filter((x) => x.type === 1);
  if (subs.length === 0) return fake.slash(def.name, optionsFor(def.options, fake, r), o);
  if (r.chance(0.04)) return fake.slash(def.name, [{ name: 'obliterate', type: 1, options: [] }], o);
  // /debate start and join are weighted up, so that debates, threads and arguments exist to act on.
  const favoured = def.name === 'debate' && r.chance(0.5) ? r.pick(['start', 'join', 'begin']) : null;
  const sub = subs.find((s) => s.name === favoured) ?? r.pick(subs);
  lastCommand = `${def.name} ${sub.name}`;
  return fake.slash(def.name, [{ name: sub.name, type: 1, options: optionsFor(sub.options, fake, r) }], o);
}

const CRAFTED_IDS = (r: Rng, fake: FakeDiscord): string[] => {
  const n = () => String(r.pick([0, 1, 2, 3, 7, -1, 99999, 2 ** 53]));
  const thread = r.pick([...fake.threads.keys(), nextId()]);
  return [
    `debate:join:${n()}:${r.pick(['a', 'b', 'side-1', hostileText(r).slice(0, 40)])}`,
    `debate:poi:${n()}:${r.pick(['accept', 'decline', 'maybe'])}`,
    `verdict:challenge:${n()}`,
    `verdict:challenge:abc`,
    `quote:page:-5:3:|war`,
    `quote:page:${n()}:${n()}:${hostileText(r).slice(0, 30)}|${hostileText(r).slice(0, 30)}`,
    `quote:page:0:3:#missing`,
    `quote:use:${hostileText(r).slice(0, 60)}`,
    `sources:page:${thread}:${n()}`,
    `sources:export:${thread}`,
    `sources:page:../../etc:0`,
    `nope:${n()}`,
    '',
    hostileText(r).slice(0, 100),
  ];
};

/** customIds the bot has sent in its own buttons so far: replayed from other users, guilds and channels. */
function replayedIds(fake: FakeDiscord): string[] {
  const ids = new Set<string>();
  for (const c of fake.calls.slice(-400)) {
    const msg = c.body?.data ?? c.body;
    for (const row of msg?.components ?? []) for (const b of row.components ?? []) if (typeof b.custom_id === 'string') ids.add(b.custom_id);
  }
  return [...ids];
}

function customId(fake: FakeDiscord, r: Rng): string {
  const replay = replayedIds(fake);
  return replay.length > 0 && r.chance(0.4) ? r.pick(replay) : r.pick(CRAFTED_IDS(r, fake));
}

function autocomplete(fake: FakeDiscord, r: Rng): SentInteraction {
  const o = origin(fake, r);
  const def = r.pick(DEFINITIONS);
  const subs = (def.options ?? []).filter((x) => x.type === 1);
  const sub = subs.length ? r.pick(subs) : null;
  const opts = optionsFor(sub ? sub.options : def.options, fake, r);
  const focusable = opts.filter((x) => typeof x.value === 'string' || typeof x.value === 'number');
  // One in ten has no focused option at all, as a crafted request may.
  if (focusable.length > 0 && r.chance(0.9)) r.pick(focusable).focused = true;
  const data = { id: nextId(), name: def.name, type: 1, options: sub ? [{ name: sub.name, type: 1, options: opts }] : opts };
  return fake.raw(4, data, o);
}

/** /debate start with a hostile motion in a server's text channel: debates open, so that later ones act on them. */
function debateStart(fake: FakeDiscord, r: Rng): SentInteraction {
  const guild = r.pick(fake.guilds);
  const channel = r.pick(guild.channels.filter((c) => c.type === 0));
  const values: Record<string, string | number> = { motion: hostileText(r) };
  if (r.chance(0.7)) values.sides = r.pick(PLAUSIBLE.sides!) as string;
  else if (r.chance(0.5)) values.sides = `${hostileText(r)}, ${hostileText(r)}`;
  if (r.chance(0.6)) values.turn_seconds = r.pick([1, 2, 3, 30]);
  return fake.subcommand('debate', 'start', values, { guildId: guild.id, channelId: channel.id, user: r.pick(FUZZ_USERS) });
}

/** One random interaction of any kind. */
export function randomInteraction(fake: FakeDiscord, r: Rng): { kind: string; sent: SentInteraction } {
  if (r.chance(0.05)) return { kind: 'slash', sent: debateStart(fake, r) };
  const roll = r.next();
  if (roll < 0.55) return { kind: 'slash', sent: slash(fake, r) };
  if (roll < 0.72) {
    const o = origin(fake, r);
    return { kind: 'button', sent: fake.button(customId(fake, r), fake.message({}, o.channelId), o) };
  }
  if (roll < 0.76) {
    const o = origin(fake, r);
    return { kind: 'select', sent: fake.select(customId(fake, r), [hostileText(r).slice(0, 100), '0'], fake.message({}, o.channelId), o) };
  }
  if (roll < 0.83) {
    const fields: Record<string, string> = {};
    for (let i = r.int(0, 3); i > 0; i--) fields[r.pick(['text', 'source', 'reason', hostileText(r).slice(0, 20)])] = hostileText(r).slice(0, 4000);
    return { kind: 'modal', sent: fake.modal(customId(fake, r), fields, origin(fake, r)) };
  }
  if (roll < 0.96) return { kind: 'autocomplete', sent: autocomplete(fake, r) };
  const o = origin(fake, r);
  const author = r.pick(FUZZ_USERS);
  const target = fake.message({ content: hostileText(r), author: { id: author.id, username: author.username, discriminator: '0', avatar: null, global_name: null } }, o.channelId);
  return { kind: 'context-menu', sent: fake.messageCommand(CONTEXT_MENU, target, o) };
}
