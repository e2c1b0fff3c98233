/**
 * Persists debaters' ratings on each server (migration 6): the current Glicko-2 rating with wins and losses,
 * and each decided debate's change to it (stored once per debate and debater, so applying twice changes nothing).
 */
import type { Sql } from './sql.js';
import { INITIAL, type Rating } from '../core/rating/glicko2.js';
import type { RatingChange, RatingHistoryEntry, RatingRecord } from '../core/rating/debate-ratings.js';

export type { RatingHistoryEntry, RatingRecord };

// Ratings belong to a server; the console's debates have none and share one table key.
const key = (guildId: string | null): string => guildId ?? '';

const GET = 'SELECT * FROM ratings WHERE guild_id = ? AND user_id = ?';
const ALL = 'SELECT * FROM ratings WHERE guild_id = ?';
const UPSERT = `INSERT INTO ratings (guild_id, user_id, user_name, rating, rd, volatility, wins, losses, updated_at)
  VALUES (@guildId, @userId, @name, @rating, @rd, @volatility, @wins, @losses, @at)
  ON CONFLICT (guild_id, user_id) DO UPDATE SET user_name = excluded.user_name, rating = excluded.rating, rd = excluded.rd,
  volatility = excluded.volatility, wins = ratings.wins + excluded.wins, losses = ratings.losses + excluded.losses,
  updated_at = excluded.updated_at`;
const CHANGE = `INSERT INTO rating_changes (guild_id, user_id, debate_id, rating_before, rating_after, rd_after, won, at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`;
const HISTORY = 'SELECT * FROM rating_changes WHERE guild_id = ? AND user_id = ? ORDER BY id DESC LIMIT ?';
const RATED = 'SELECT 1 AS one FROM rating_changes WHERE debate_id = ? LIMIT 1';

interface RatingRow {
  user_id: string;
  user_name: string;
  rating: number;
  rd: number;
  volatility: number;
  wins: number;
  losses: number;
}

interface ChangeRow {
  debate_id: number | null;
  rating_before: number;
  rating_after: number;
  won: number;
  at: number;
}

function recordOf(r: RatingRow): RatingRecord {
  return { userId: r.user_id, name: r.user_name, rating: r.rating, rd: r.rd, volatility: r.volatility, wins: r.wins, losses: r.losses };
}

export class RatingsRepository {
  constructor(private readonly sql: Sql) {}

  /** A debater's rating on a server, or null before their first decided debate. */
  async get(guildId: string | null, userId: string): Promise<RatingRecord | null> {
    const r = await this.sql.get<RatingRow>(GET, [key(guildId), userId]);
    return r ? recordOf(r) : null;
  }

  /** The rating (or the starting one) to rate a debate from. */
  async current(guildId: string | null, userId: string): Promise<Rating> {
    const r = await this.get(guildId, userId);
    return r ? { rating: r.rating, rd: r.rd, volatility: r.volatility } : { ...INITIAL };
  }

  async all(guildId: string | null): Promise<RatingRecord[]> {
    return (await this.sql.all<RatingRow>(ALL, [key(guildId)])).map(recordOf);
  }

  /** Whether a debate's changes were applied already. */
  async rated(debateId: number): Promise<boolean> {
    return (await this.sql.get(RATED, [debateId])) !== undefined;
  }

  /** Applies a decided debate's changes, once: a debate already rated changes nothing. Returns whether it applied. */
  apply(guildId: string | null, debateId: number, changes: readonly RatingChange[], now: number): Promise<boolean> {
    return this.sql.exclusive(async () => {
      if (changes.length === 0 || (await this.rated(debateId))) return false;
      for (const c of changes) {
        await this.sql.run(CHANGE, [key(guildId), c.userId, debateId, c.before.rating, c.after.rating, c.after.rd, c.won ? 1 : 0, now]);
        await this.sql.run(UPSERT, { guildId: key(guildId), userId: c.userId, name: c.name, ...c.after, wins: c.won ? 1 : 0, losses: c.won ? 0 : 1, at: now });
      }
      return true;
    });
  }

  /** A debater's latest changes, newest first. */
  async history(guildId: string | null, userId: string, limit = 5): Promise<RatingHistoryEntry[]> {
    return (await this.sql.all<ChangeRow>(HISTORY, [key(guildId), userId, limit])).map((r) => ({
      debateId: r.debate_id,
      before: r.rating_before,
      after: r.rating_after,
      won: r.won === 1,
      at: r.at,
    }));
  }
}
