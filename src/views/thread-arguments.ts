/**
 * The messages of a debate thread for /sources, each joined to the argument it recorded. History holds people's
 * posts only: an argument made with /argue or "Use as argument" is posted by the bot, so it is taken from the
 * debate's stored arguments instead, in the order made.
 */
import type { ScoredArgument } from '../core/score/argument.js';
import type { SourceMessage } from './sources.js';

const DISCORD_EPOCH_MS = 1_420_070_400_000;

/** When a Discord message was sent, read from its snowflake id; null for an id that is not one. */
export function sentAt(messageId: string): number | null {
  return /^\d{1,20}$/.test(messageId) ? Number(BigInt(messageId) >> 22n) + DISCORD_EPOCH_MS : null;
}

/** A stored argument as a message to review: its text and source, under the debater's name, with its verdict. */
export function argumentMessage(a: ScoredArgument): SourceMessage {
  return {
    id: a.messageId ?? `argument-${a.id}`,
    authorId: a.userId,
    authorName: a.userName,
    content: a.source ? `${a.text}\nSource: ${a.source}` : a.text,
    argument: a,
  };
}

/**
 * `history` (oldest first), each post joined to the argument it recorded, with the stored arguments it cannot
 * hold (made by command) merged in by time, each once. A post shows as it reads now; a deleted post is not in
 * history and no longer counts.
 */
export function withStoredArguments(history: readonly SourceMessage[], stored: readonly ScoredArgument[]): SourceMessage[] {
  const byPost = new Map(stored.filter((a) => a.messageId !== null).map((a) => [a.messageId!, a]));
  const unposted = stored.filter((a) => a.messageId === null);
  const out: SourceMessage[] = [];
  let next = 0;
  for (const m of history) {
    const at = sentAt(m.id);
    while (at !== null && next < unposted.length && unposted[next]!.createdAt < at) out.push(argumentMessage(unposted[next++]!));
    const a = byPost.get(m.id);
    out.push(a ? { ...m, argument: a } : m);
  }
  for (const a of unposted.slice(next)) out.push(argumentMessage(a));
  return out;
}
