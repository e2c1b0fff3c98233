/**
 * Who may do what: the one table. Each action names the Discord permissions it needs (all of them) and the
 * refusal that names them; every command that checks reads it, /verdict's default member permissions come
 * from it, and the README's table is tested against it. An action needing nothing is open to everyone.
 */
import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { Actor } from './reply.js';

export type Permission = 'Manage Threads' | 'Manage Messages' | 'View Channel' | 'Read Message History' | 'Manage Server';

const BITS: Record<Permission, bigint> = {
  'Manage Threads': PermissionFlagsBits.ManageThreads,
  'Manage Messages': PermissionFlagsBits.ManageMessages,
  'View Channel': PermissionFlagsBits.ViewChannel,
  'Read Message History': PermissionFlagsBits.ReadMessageHistory,
  'Manage Server': PermissionFlagsBits.ManageGuild,
};

export interface Rule {
  /** Who may, in words (the README's table). */
  who: string;
  /** The Discord permissions it needs, all of them; empty: everyone. */
  needs: readonly Permission[];
  /** Where they are needed. */
  where: 'the channel it is used in' | 'the channel reviewed' | 'the server';
  /** What whoever lacks them is told; it names them. */
  refusal: string;
}

const everyone = (who = 'everyone'): Rule => ({ who, needs: [], where: 'the channel it is used in', refusal: '' });
const hostOrModerator = (what: string): Rule => ({
  who: 'the host, or a moderator',
  needs: ['Manage Threads'],
  where: 'the channel it is used in',
  refusal: `Only the host or a moderator (Manage Threads) can ${what} the debate.`,
});
const reader: Rule = {
  who: 'whoever can read the channel reviewed',
  needs: ['View Channel', 'Read Message History'],
  where: 'the channel reviewed',
  refusal: 'You can review only a channel whose history you can read there (View Channel and Read Message History).',
};
const verdictRule = (refusal: string): Rule => ({ who: 'moderators', needs: ['Manage Messages'], where: 'the channel it is used in', refusal });

/** The table, in the order the README shows it. */
export const WHO_MAY = {
  '/quote, /help': everyone(),
  '/debate start, join, leave, poi, status, formats': everyone(),
  '/argue': everyone('the speaker, on their turn; a debater adding a source to their own argument'),
  '/debate begin': hostOrModerator('begin'),
  '/debate next': {
    who: 'the host, the speaker, or a moderator',
    needs: ['Manage Threads'],
    where: 'the channel it is used in',
    refusal: 'Only the host, the current speaker or a moderator (Manage Threads) can end this turn.',
  },
  '/debate pause': hostOrModerator('pause'),
  '/debate resume': hostOrModerator('resume'),
  '/debate extend': hostOrModerator('extend a turn in'),
  '/debate end': hostOrModerator('end'),
  '/debate judge': hostOrModerator('name or remove the judges of'),
  '/debate challenge, Citation needed': {
    who: 'the debaters, or a moderator',
    needs: ['Manage Threads'],
    where: 'the channel it is used in',
    refusal: 'Only the debaters and moderators (Manage Threads) can challenge an argument.',
  },
  '/verdict override': verdictRule('Only moderators (Manage Messages) can rule on verdicts. To dispute an argument in a running debate, use /debate challenge.'),
  '/verdict show': verdictRule('Only moderators (Manage Messages) can use /verdict show. An argument\'s verdict is shown under it in the debate\'s thread, and in /sources.'),
  '/sources, Export as Markdown': reader,
  '/score, /leaderboard, /rating, Check sources': everyone(),
  '/corpus list, info': everyone(),
  // A server's library is the server's: who may change it is a server-wide permission.
  '/corpus add, remove': {
    who: 'whoever manages the server',
    needs: ['Manage Server'],
    where: 'the server',
    refusal: 'Only members who can manage the server (Manage Server) can add texts to its library or remove them. /corpus list shows what it holds.',
  },
} satisfies Record<string, Rule>;

export type Action = keyof typeof WHO_MAY;

const ADMINISTRATOR = PermissionFlagsBits.Administrator;

/** The bits an action needs. */
export function bitsFor(action: Action): bigint {
  return (WHO_MAY[action] as Rule).needs.reduce((all, p) => all | BITS[p], 0n);
}

/**
 * Whether permissions allow an action. `permissions` as Discord sends them (an Administrator holds all);
 * undefined where the front end knows none (the console), which then trusts `fallback`.
 */
export function allows(action: Action, permissions: bigint | null | undefined, fallback = false): boolean {
  const need = bitsFor(action);
  if (need === 0n) return true;
  if (permissions === undefined) return fallback;
  if (permissions === null) return false;
  return (permissions & ADMINISTRATOR) !== 0n || (permissions & need) === need;
}

/**
 * The actor for one action: isModerator says whether they hold the moderator permission it needs in the
 * channel used in (never for an action open to everyone, which grants no moderator's powers).
 */
export function actingAs(actor: Actor, action: Action): Actor {
  return { ...actor, isModerator: bitsFor(action) !== 0n && allows(action, actor.permissions, actor.isModerator) };
}

/** What whoever lacks an action's permissions is told. */
export function refusalFor(action: Action): string {
  return (WHO_MAY[action] as Rule).refusal;
}

/** What whoever names a channel, debate or argument of another server is told (src/seam/boundaries.ts checks). */
export const ELSEWHERE = {
  channel: 'That channel is not on this server (or I cannot see it): pick a channel or thread of this server.',
  debate: 'That debate belongs to another server: use the debate commands in a debate of this server.',
  argument: 'That argument belongs to another server\'s debate: rulings and challenges apply to this server\'s debates only.',
} as const;
