/**
 * What Discord tells of the channels an interaction names, for ctx.channelAccess: the server a channel belongs
 * to, asked of Discord itself, and the invoker's permissions there, as the interaction carries them.
 */
import {
  ApplicationCommandOptionType,
  DiscordAPIError,
  PermissionsBitField,
  Routes,
  type BaseInteraction,
  type CommandInteractionOption,
} from 'discord.js';
import type { ChannelAccess } from '../seam/reply.js';

/** The channel options of a command, with the invoker's permissions in each as Discord resolved them. */
export function channelOptions(data: readonly CommandInteractionOption[]): Map<string, bigint | null> {
  const out = new Map<string, bigint | null>();
  const walk = (list: readonly CommandInteractionOption[]) => {
    for (const o of list) {
      if (o.options) walk(o.options);
      if (o.type !== ApplicationCommandOptionType.Channel || typeof o.value !== 'string') continue;
      const p = (o.channel as { permissions?: unknown } | null | undefined)?.permissions;
      out.set(o.value, permissionBits(p));
    }
  };
  walk(data);
  return out;
}

function permissionBits(p: unknown): bigint | null {
  if (p instanceof PermissionsBitField) return p.bitfield;
  if (typeof p !== 'string' || !/^\d{1,25}$/.test(p)) return null;
  return BigInt(p);
}

/**
 * ctx.channelAccess over Discord: a channel's server is asked of Discord itself (the client's cache keeps what
 * a crafted interaction's resolved data put there); the invoker's permissions are those the interaction
 * carries — for its own channel, and for the channels its options resolved — and unknown elsewhere.
 */
export function channelAccessOf(i: BaseInteraction, resolved: ReadonlyMap<string, bigint | null>): (channelId: string) => Promise<ChannelAccess> {
  const asked = new Map<string, Promise<string | null>>();
  const guildOf = (channelId: string): Promise<string | null> => {
    let p = asked.get(channelId);
    if (!p) {
      p = /^\d{1,25}$/.test(channelId)
        ? i.client.rest.get(Routes.channel(channelId)).then(
            (raw) => (raw as { guild_id?: string }).guild_id ?? null,
            (err: unknown) => {
              if (err instanceof DiscordAPIError && (err.status === 403 || err.status === 404)) return null;
              throw err;
            },
          )
        : Promise.resolve(null);
      asked.set(channelId, p);
    }
    return p;
  };
  return async (channelId) => ({
    guildId: await guildOf(channelId),
    permissions: channelId === i.channelId ? (i.memberPermissions?.bitfield ?? null) : (resolved.get(channelId) ?? null),
  });
}
