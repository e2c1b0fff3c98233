/**
 * The arguments of a debate thread for /sources. History holds people's posts only: an argument made with
 * /argue or "Use as argument" is posted by the bot, so it is taken from the debate's stored arguments instead.
 */
import type { StoredArgument } from '../db/debates-repo.js';
import type { SourceMessage } from './sources.js';

const DISCORD_EPOCH_MS = 1_420_070_400_000;

/** When a Discord message was sent, read from its snowflake id; null for an id that is not one. */
export function sentAt(messageId: string): number | null {
  return /^\d{1,20}$/.test(messageId) ? Number(BigInt(messageId) >> 22n) + DISCORD_EPOCH_MS : null;
}

/** A stored argument as a message to review: its text and source, under the debater's name. */
export function argumentMessage(a: StoredArgument): SourceMessage {
  return {
    id: a.messageId ?? `argument-${a.id}`,
    authorId: a.userId,
    authorName: a.userName,
    content: a.source ? `${a.text}\nSource: ${a.source}` : a.text,
  };
}

/**
 * `history` (oldest first) with the stored arguments it cannot hold merged in by time, each once. An argument
 * stored from a post is keyed by that post's message id and never added: history shows the post as it reads
 * now, and a deleted post no longer counts.
 */
export function withStoredArguments(history: readonly SourceMessage[], stored: readonly StoredArgument[]): SourceMessage[] {
  const unposted = stored.filter((a) => a.messageId === null);
  const out: SourceMessage[] = [];
  let next = 0;
  for (const m of history) {
    const at = sentAt(m.id);
    while (at !== null && next < unposted.length && unposted[next]!.createdAt < at) out.push(argumentMessage(unposted[next++]!));
    out.push(m);
  }
  for (const a of unposted.slice(next)) out.push(argumentMessage(a));
  return out;
}
