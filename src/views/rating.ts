/** How a rating reads: /rating's card — the rating, how sure it is, wins, losses and the trend. Nothing pings. */
import type { Reply } from '../seam/reply.js';
import type { RatingHistoryEntry, RatingRecord } from '../core/rating/debate-ratings.js';
import { LIMIT, safeLine } from './safe.js';

const signed = (n: number): string => `${n >= 0 ? '+' : '−'}${Math.abs(Math.round(n))}`;

/** "1612 ± 140": the rating and two deviations (the range it lies in, about 95% of the time). */
export const ratingText = (r: Pick<RatingRecord, 'rating' | 'rd'>): string => `${Math.round(r.rating)} ± ${Math.round(2 * r.rd)}`;

/** /rating: a debater's rating on this server, wins and losses, and the trend over their latest decided debates. */
export function ratingReply(name: string, self: boolean, record: RatingRecord | null, history: readonly RatingHistoryEntry[]): Reply {
  const who = safeLine(name, LIMIT.name);
  if (!record) {
    return {
      ephemeral: true,
      content: `${self ? 'You have' : `${who} has`} no rating on this server yet: a rating starts with a debater's first decided debate (one ended early by the host, or without a decision, does not count).`,
    };
  }
  const oldest = history[history.length - 1];
  const trend = history.length === 0
    ? 'no change yet'
    : `${signed(record.rating - oldest.before)} over the last ${history.length} decided debate${history.length === 1 ? '' : 's'} (${[...history].reverse().map((h) => `${signed(h.after - h.before)} ${h.won ? 'W' : 'L'}`).join(', ')})`;
  return {
    ephemeral: true,
    embeds: [
      {
        title: `Rating: ${who}`,
        description: `**${ratingText(record)}**\nWins: ${record.wins} · Losses: ${record.losses}\nTrend: ${trend}.`,
        footer: 'Glicko-2, from decided debates on this server: a win against each debater of a side placed below, a loss against each above. ± is two deviations: it narrows as more debates are decided.',
        color: 0x5865f2,
      },
    ],
  };
}
