/**
 * Persists debaters' ratings on each server (migration 6): the current Glicko-2 rating with wins and losses,
 * and each decided debate's change to it (stored once per debate and debater, so applying twice changes nothing).
 */
import type { Database } from './open.js';
import { INITIAL, type Rating } from '../core/rating/glicko2.js';
import type { RatingChange, RatingHistoryEntry, RatingRecord } from '../core/rating/debate-ratings.js';

export type { RatingHistoryEntry, RatingRecord };

// Ratings belong to a server; the console's debates have none and share one table key.
const key = (guildId: string | null): string => guildId ?? '';

function recordOf(r: Record<string, never>): RatingRecord {
  return { userId: r.user_id, name: r.user_name, rating: r.rating, rd: r.rd, volatility: r.volatility, wins: r.wins, losses: r.losses };
}

export class RatingsRepository {
  private readonly s;

  constructor(private readonly db: Database) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      get: p('SELECT * FROM ratings WHERE guild_id = ? AND user_id = ?'),
      all: p('SELECT * FROM ratings WHERE guild_id = ?'),
      upsert: p(`INSERT INTO ratings (guild_id, user_id, user_name, rating, rd, volatility, wins, losses, updated_at)
        VALUES (@guildId, @userId, @name, @rating, @rd, @volatility, @wins, @losses, @at)
        ON CONFLICT (guild_id, user_id) DO UPDATE SET user_name = excluded.user_name, rating = excluded.rating, rd = excluded.rd,
        volatility = excluded.volatility, wins = ratings.wins + excluded.wins, losses = ratings.losses + excluded.losses,
        updated_at = excluded.updated_at`),
      change: p(`INSERT OR IGNORE INTO rating_changes (guild_id, user_id, debate_id, rating_before, rating_after, rd_after, won, at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
      history: p('SELECT * FROM rating_changes WHERE guild_id = ? AND user_id = ? ORDER BY id DESC LIMIT ?'),
      rated: p('SELECT 1 FROM rating_changes WHERE debate_id = ? LIMIT 1'),
    };
  }

  /** A debater's rating on a server, or null before their first decided debate. */
  get(guildId: string | null, userId: string): RatingRecord | null {
    const r = this.s.get.get(key(guildId), userId) as Record<string, never> | undefined;
    return r ? recordOf(r) : null;
  }

  /** The rating (or the starting one) to rate a debate from. */
  current(guildId: string | null, userId: string): Rating {
    const r = this.get(guildId, userId);
    return r ? { rating: r.rating, rd: r.rd, volatility: r.volatility } : { ...INITIAL };
  }

  all(guildId: string | null): RatingRecord[] {
    return (this.s.all.all(key(guildId)) as Record<string, never>[]).map(recordOf);
  }

  /** Whether a debate's changes were applied already. */
  rated(debateId: number): boolean {
    return this.s.rated.get(debateId) !== undefined;
  }

  /** Applies a decided debate's changes, once: a debate already rated changes nothing. Returns whether it applied. */
  apply(guildId: string | null, debateId: number, changes: readonly RatingChange[], now: number): boolean {
    return this.db.transaction(() => {
      if (changes.length === 0 || this.rated(debateId)) return false;
      for (const c of changes) {
        this.s.change.run(key(guildId), c.userId, debateId, c.before.rating, c.after.rating, c.after.rd, c.won ? 1 : 0, now);
        this.s.upsert.run({ guildId: key(guildId), userId: c.userId, name: c.name, ...c.after, wins: c.won ? 1 : 0, losses: c.won ? 0 : 1, at: now });
      }
      return true;
    })();
  }

  /** A debater's latest changes, newest first. */
  history(guildId: string | null, userId: string, limit = 5): RatingHistoryEntry[] {
    return (this.s.history.all(key(guildId), userId, limit) as Record<string, never>[]).map((r) => ({
      debateId: r.debate_id,
      before: r.rating_before,
      after: r.rating_after,
      won: r.won === 1,
      at: r.at,
    }));
  }
}
