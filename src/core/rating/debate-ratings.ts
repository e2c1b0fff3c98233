/**
 * Ratings from decided debates: each debate is one rating period for its debaters, in which every debater
 * beat each debater of a side placed below theirs and lost to each of a side placed above (level sides play no
 * game). The winning side's debaters record a win, everyone else a loss. Pure.
 */
import { rate, type Game, type Rating } from './glicko2.js';

/** A debater's standing on a server: their rating with its wins and losses. */
export interface RatingRecord extends Rating {
  userId: string;
  name: string;
  wins: number;
  losses: number;
}

/** What one decided debate did to a debater's rating. */
export interface RatingHistoryEntry {
  debateId: number | null;
  before: number;
  after: number;
  won: boolean;
  at: number;
}

export interface Debater {
  userId: string;
  name: string;
  sideId: string;
}

export interface RatingChange {
  userId: string;
  name: string;
  before: Rating;
  after: Rating;
  won: boolean;
}

/**
 * Every debater's new rating after a debate placed as `placing` (sides best first, level ones together; the
 * first group must be the winner alone). `current` gives each debater's rating before it.
 */
export function rateDebate(placing: readonly (readonly string[])[], debaters: readonly Debater[], current: (userId: string) => Rating): RatingChange[] {
  const place = new Map<string, number>();
  placing.forEach((group, i) => group.forEach((s) => place.set(s, i)));
  const winner = placing[0]?.length === 1 ? placing[0][0] : null;
  if (winner === null) return [];
  const before = new Map(debaters.map((d) => [d.userId, current(d.userId)]));
  return debaters
    .filter((d) => place.has(d.sideId))
    .map((d) => {
      const mine = place.get(d.sideId) as number;
      const games: Game[] = debaters
        .filter((o) => place.has(o.sideId) && place.get(o.sideId) !== mine)
        .map((o) => ({ opponent: before.get(o.userId) as Rating, score: (place.get(o.sideId) as number) > mine ? 1 : 0 }));
      const was = before.get(d.userId) as Rating;
      return { userId: d.userId, name: d.name, before: was, after: rate(was, games), won: d.sideId === winner };
    });
}
