/**
 * 6: what decides a debate.
 * - decisions: one per debate opened from now on — how it is decided, its state (the audience's rounds, the
 *   judges, the ballots' deadline, the result once drawn) as JSON, and when its timer next needs it (due_at).
 *   A debate from before this migration has none and is not decided.
 * - audience_votes: one vote per member and round, changeable until the round closes (only totals are shown).
 * - ballots: one per judge and debate, never changed once sent.
 * - ratings and rating_changes: each debater's Glicko-2 rating on a server, and what each decided debate did to
 *   it (once per debate and debater), for the trend.
 */
import type { Migration } from './migration.js';

export const decisions: Migration = {
  version: 6,
  name: 'decisions',
  up(db) {
    db.exec(`
      CREATE TABLE decisions (
        debate_id   INTEGER PRIMARY KEY REFERENCES debates (id) ON DELETE CASCADE,
        decided_by  TEXT NOT NULL CHECK (decided_by IN ('audience', 'judges', 'both', 'none')),
        state_json  TEXT NOT NULL,
        -- The decision timer: when a round closes, the judges are reminded or the ballots close. Never only in memory.
        due_at      INTEGER,
        decided_at  INTEGER
      );
      CREATE INDEX decisions_due ON decisions (due_at) WHERE due_at IS NOT NULL;

      CREATE TABLE audience_votes (
        debate_id  INTEGER NOT NULL REFERENCES debates (id) ON DELETE CASCADE,
        round      TEXT NOT NULL CHECK (round IN ('before', 'after')),
        voter_id   TEXT NOT NULL,
        -- A side id, or 'undecided'.
        choice     TEXT NOT NULL,
        voted_at   INTEGER NOT NULL,
        PRIMARY KEY (debate_id, round, voter_id)
      );

      CREATE TABLE ballots (
        debate_id     INTEGER NOT NULL REFERENCES debates (id) ON DELETE CASCADE,
        judge_id      TEXT NOT NULL,
        judge_name    TEXT NOT NULL,
        ranking_json  TEXT NOT NULL,
        scores_json   TEXT NOT NULL,
        reason        TEXT NOT NULL,
        submitted_at  INTEGER NOT NULL,
        PRIMARY KEY (debate_id, judge_id)
      );

      CREATE TABLE ratings (
        guild_id    TEXT NOT NULL,
        user_id     TEXT NOT NULL,
        user_name   TEXT NOT NULL,
        rating      REAL NOT NULL,
        rd          REAL NOT NULL,
        volatility  REAL NOT NULL,
        wins        INTEGER NOT NULL DEFAULT 0,
        losses      INTEGER NOT NULL DEFAULT 0,
        updated_at  INTEGER NOT NULL,
        PRIMARY KEY (guild_id, user_id)
      );

      CREATE TABLE rating_changes (
        id             INTEGER PRIMARY KEY,
        guild_id       TEXT NOT NULL,
        user_id        TEXT NOT NULL,
        debate_id      INTEGER REFERENCES debates (id) ON DELETE SET NULL,
        rating_before  REAL NOT NULL,
        rating_after   REAL NOT NULL,
        rd_after       REAL NOT NULL,
        won            INTEGER NOT NULL,
        at             INTEGER NOT NULL,
        UNIQUE (debate_id, user_id)
      );
      CREATE INDEX rating_changes_user ON rating_changes (guild_id, user_id, id);
    `);
  },
};
