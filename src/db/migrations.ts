/**
 * Numbered schema migrations. Each runs in one transaction that also sets PRAGMA user_version, so a
 * database is always at exactly one version. To change the schema, append a migration with the next
 * version number; never edit one that has shipped. 1–5 are below; from 6 on, each has its own file
 * (migration-N-name.ts).
 */
import type Database from 'better-sqlite3';
import { checkNumbered, latestVersion as latestOf, refuseNewer, type Migration } from './migration.js';
import { decisions } from './migration-6-decisions.js';
import { library } from './migration-7-library.js';
import { leases } from './migration-8-leases.js';
import { hosts } from './migration-9-hosts.js';
import { joinOrder } from './migration-10-join-order.js';
import { decisionAndChallengeLeases } from './migration-11-claims.js';

export type { Migration };
export { DatabaseTooNewError } from './migration.js';

/** 1: debates, their sides, participants, turns, timer deadlines and the arguments made. */
const debates: Migration = {
  version: 1,
  name: 'debates',
  up(db) {
    db.exec(`
      CREATE TABLE debates (
        id                  INTEGER PRIMARY KEY,
        guild_id            TEXT,
        channel_id          TEXT NOT NULL,
        parent_channel_id   TEXT,
        host_id             TEXT NOT NULL,
        host_name           TEXT NOT NULL,
        motion              TEXT NOT NULL,
        format_id           TEXT NOT NULL,
        format_name         TEXT NOT NULL,
        status              TEXT NOT NULL CHECK (status IN ('open', 'running', 'paused', 'ended')),
        turn_index          INTEGER NOT NULL DEFAULT -1,
        clock_json          TEXT,
        poi_json            TEXT,
        grace_ms            INTEGER NOT NULL,
        card_message_id     TEXT,
        warning_message_id  TEXT,
        created_at          INTEGER NOT NULL,
        ended_at            INTEGER,
        end_reason          TEXT
      );
      -- At most one debate that has not ended per channel or thread.
      CREATE UNIQUE INDEX debates_one_live_per_channel ON debates (channel_id) WHERE status <> 'ended';
      CREATE INDEX debates_parent ON debates (parent_channel_id) WHERE status <> 'ended';

      CREATE TABLE sides (
        debate_id  INTEGER NOT NULL REFERENCES debates (id) ON DELETE CASCADE,
        side_id    TEXT NOT NULL,
        position   INTEGER NOT NULL,
        name       TEXT NOT NULL,
        capacity   INTEGER NOT NULL,
        PRIMARY KEY (debate_id, side_id)
      );

      CREATE TABLE participants (
        debate_id  INTEGER NOT NULL REFERENCES debates (id) ON DELETE CASCADE,
        user_id    TEXT NOT NULL,
        user_name  TEXT NOT NULL,
        side_id    TEXT NOT NULL,
        joined_at  INTEGER NOT NULL,
        PRIMARY KEY (debate_id, user_id),
        FOREIGN KEY (debate_id, side_id) REFERENCES sides (debate_id, side_id)
      );

      CREATE TABLE turns (
        debate_id        INTEGER NOT NULL REFERENCES debates (id) ON DELETE CASCADE,
        position         INTEGER NOT NULL,
        side_id          TEXT NOT NULL,
        role             TEXT NOT NULL,
        seconds          INTEGER NOT NULL,
        protected_start  INTEGER NOT NULL,
        protected_end    INTEGER NOT NULL,
        poi_allowed      INTEGER NOT NULL,
        slot             INTEGER NOT NULL,
        speaker_id       TEXT,
        speaker_name     TEXT,
        started_at       INTEGER,
        ended_at         INTEGER,
        allotted_ms      INTEGER,
        used_ms          INTEGER,
        overrun_ms       INTEGER,
        PRIMARY KEY (debate_id, position)
      );

      -- The timer: when each running debate next needs the scheduler. Never only in memory.
      CREATE TABLE deadlines (
        debate_id  INTEGER PRIMARY KEY REFERENCES debates (id) ON DELETE CASCADE,
        due_at     INTEGER NOT NULL
      );
      CREATE INDEX deadlines_due ON deadlines (due_at);

      CREATE TABLE arguments (
        id           INTEGER PRIMARY KEY,
        debate_id    INTEGER NOT NULL REFERENCES debates (id) ON DELETE CASCADE,
        turn_index   INTEGER NOT NULL,
        user_id      TEXT NOT NULL,
        user_name    TEXT NOT NULL,
        side_id      TEXT NOT NULL,
        text         TEXT NOT NULL,
        source       TEXT,
        channel_id   TEXT,
        message_id   TEXT,
        created_at   INTEGER NOT NULL
      );
      -- A thread post is stored once, however often it is edited or delivered.
      CREATE UNIQUE INDEX arguments_message ON arguments (channel_id, message_id) WHERE message_id IS NOT NULL;
      CREATE INDEX arguments_debate ON arguments (debate_id, id);
    `);
  },
};

const VERDICTS = "('verified', 'misattributed', 'misquoted', 'cited', 'unsourced')";

/**
 * 2: the score. Each argument's checked verdict (with its matched passages, links and references), a
 * moderator's override (the latest stands; every one is kept in verdict_overrides), the "citation needed"
 * challenges with their deadlines, and a view giving each argument the verdict the score counts.
 */
const scores: Migration = {
  version: 2,
  name: 'scores',
  up(db) {
    db.exec(`
      CREATE TABLE argument_verdicts (
        argument_id        INTEGER PRIMARY KEY REFERENCES arguments (id) ON DELETE CASCADE,
        guild_id           TEXT,
        user_id            TEXT NOT NULL,
        user_name          TEXT NOT NULL,
        argued_at          INTEGER NOT NULL,
        checked_verdict    TEXT NOT NULL CHECK (checked_verdict IN ${VERDICTS}),
        quotation_id       TEXT,
        matches_json       TEXT NOT NULL DEFAULT '[]',
        links_json         TEXT NOT NULL DEFAULT '[]',
        references_json    TEXT NOT NULL DEFAULT '[]',
        checked_at         INTEGER NOT NULL,
        override_verdict   TEXT CHECK (override_verdict IS NULL OR override_verdict IN ${VERDICTS}),
        override_by_id     TEXT,
        override_by_name   TEXT,
        override_reason    TEXT,
        override_at        INTEGER,
        -- The message was deleted: the argument leaves the score (kept for the record).
        removed_at         INTEGER
      );
      CREATE INDEX argument_verdicts_guild ON argument_verdicts (guild_id, argued_at) WHERE removed_at IS NULL;
      CREATE INDEX argument_verdicts_user ON argument_verdicts (guild_id, user_id) WHERE removed_at IS NULL;

      CREATE TABLE verdict_overrides (
        id              INTEGER PRIMARY KEY,
        argument_id     INTEGER NOT NULL REFERENCES arguments (id) ON DELETE CASCADE,
        verdict         TEXT NOT NULL CHECK (verdict IN ${VERDICTS}),
        previous        TEXT NOT NULL,
        moderator_id    TEXT NOT NULL,
        moderator_name  TEXT NOT NULL,
        reason          TEXT NOT NULL,
        at              INTEGER NOT NULL
      );
      CREATE INDEX verdict_overrides_argument ON verdict_overrides (argument_id, id);

      -- "Citation needed": the author must add a source before due_at, or the argument is scored unsourced.
      CREATE TABLE challenges (
        argument_id      INTEGER PRIMARY KEY REFERENCES arguments (id) ON DELETE CASCADE,
        guild_id         TEXT,
        channel_id       TEXT NOT NULL,
        challenger_id    TEXT NOT NULL,
        challenger_name  TEXT NOT NULL,
        challenged_at    INTEGER NOT NULL,
        due_at           INTEGER NOT NULL,
        status           TEXT NOT NULL CHECK (status IN ('pending', 'answered', 'expired')),
        resolved_at      INTEGER
      );
      CREATE INDEX challenges_due ON challenges (due_at) WHERE status = 'pending';

      -- The verdict the score counts: a moderator's override, else unsourced for a cited argument whose
      -- challenge expired, else the checked verdict.
      CREATE VIEW scored_arguments AS
        SELECT v.*, c.status AS challenge_status,
          COALESCE(v.override_verdict,
            CASE WHEN c.status = 'expired' AND v.checked_verdict IN ('cited', 'verified') THEN 'unsourced' ELSE v.checked_verdict END
          ) AS verdict
        FROM argument_verdicts v LEFT JOIN challenges c ON c.argument_id = v.argument_id;
    `);
  },
};

/**
 * 3: the same argument made twice (the same words and source by the same debater in one debate, e.g. a
 * double-submitted /argue) counts once: the repeat points to the first and stays out of the score.
 */
const repeats: Migration = {
  version: 3,
  name: 'repeated arguments',
  up(db) {
    db.exec(`
      ALTER TABLE argument_verdicts ADD COLUMN duplicate_of INTEGER REFERENCES arguments (id) ON DELETE SET NULL;
      DROP INDEX argument_verdicts_guild;
      DROP INDEX argument_verdicts_user;
      CREATE INDEX argument_verdicts_guild ON argument_verdicts (guild_id, argued_at) WHERE removed_at IS NULL AND duplicate_of IS NULL;
      CREATE INDEX argument_verdicts_user ON argument_verdicts (guild_id, user_id) WHERE removed_at IS NULL AND duplicate_of IS NULL;
      -- Made again so that the view plainly carries duplicate_of.
      DROP VIEW scored_arguments;
      CREATE VIEW scored_arguments AS
        SELECT v.*, c.status AS challenge_status,
          COALESCE(v.override_verdict,
            CASE WHEN c.status = 'expired' AND v.checked_verdict IN ('cited', 'verified') THEN 'unsourced' ELSE v.checked_verdict END
          ) AS verdict
        FROM argument_verdicts v LEFT JOIN challenges c ON c.argument_id = v.argument_id;
    `);
  },
};

/**
 * 4: one stored verdict per argument, and arguments numbered per debate.
 * - arguments.number: #1, #2 … within its debate (existing ones numbered in the order made);
 *   arguments.announcement_id: the bot's message announcing it (edited when its verdict changes).
 * - argument_verdicts.verdict: the verdict that counts, stored (no longer computed by a view): a moderator's
 *   ruling, else the check. An expired challenge no longer turns a sourced argument unsourced, so existing
 *   rows take the verdict this rule gives. With it, what the check found that views show: whether the quotation
 *   is not in the corpus, why an accusation was made, and the details (quotations, nearest words, unsafe links).
 * The view scored_arguments is dropped: every reader reads the stored verdict.
 */
const storedVerdicts: Migration = {
  version: 4,
  name: 'stored verdicts and per-debate numbers',
  up(db) {
    db.exec(`
      ALTER TABLE arguments ADD COLUMN number INTEGER;
      UPDATE arguments SET number = (SELECT COUNT(*) FROM arguments b WHERE b.debate_id = arguments.debate_id AND b.id <= arguments.id);
      CREATE UNIQUE INDEX arguments_number ON arguments (debate_id, number);
      ALTER TABLE arguments ADD COLUMN announcement_id TEXT;

      DROP VIEW scored_arguments;
      ALTER TABLE argument_verdicts ADD COLUMN verdict TEXT NOT NULL DEFAULT 'unsourced' CHECK (verdict IN ${VERDICTS});
      UPDATE argument_verdicts SET verdict = COALESCE(override_verdict, checked_verdict);
      ALTER TABLE argument_verdicts ADD COLUMN not_in_corpus INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE argument_verdicts ADD COLUMN explanation TEXT;
      ALTER TABLE argument_verdicts ADD COLUMN paraphrase_of TEXT;
      ALTER TABLE argument_verdicts ADD COLUMN detail_json TEXT NOT NULL DEFAULT '{}';
    `);
  },
};

/**
 * 5: the outbox. What the bot must post in a debate's channel (turns, warnings, notices, the record, argument
 * announcements and their edits) is written here in the transaction of the change that causes it, and marked
 * sent once Discord took it (src/debate/outbox.ts). debates.posting_halted: the channel is gone or forbids
 * the bot, so its posts wait (and a running debate was paused) until the host acts again.
 */
const outbox: Migration = {
  version: 5,
  name: 'outbox',
  up(db) {
    db.exec(`
      CREATE TABLE outbox (
        id           INTEGER PRIMARY KEY,
        debate_id    INTEGER NOT NULL REFERENCES debates (id) ON DELETE CASCADE,
        channel_id   TEXT NOT NULL,
        kind         TEXT NOT NULL,
        -- The argument an announcement or its edit is about (rendered when sent, from what is stored then).
        argument_id  INTEGER REFERENCES arguments (id) ON DELETE CASCADE,
        reply_json   TEXT,
        created_at   INTEGER NOT NULL,
        attempts     INTEGER NOT NULL DEFAULT 0,
        -- When to try next; NULL once the attempts ran out (tried again at start or with the channel's next post).
        next_at      INTEGER,
        sent_at      INTEGER,
        message_id   TEXT,
        -- posted, edited, superseded, skipped, message-gone, unreachable
        outcome      TEXT
      );
      CREATE INDEX outbox_pending ON outbox (channel_id, id) WHERE sent_at IS NULL;
      CREATE INDEX outbox_debate ON outbox (debate_id, id) WHERE sent_at IS NULL;
      ALTER TABLE debates ADD COLUMN posting_halted TEXT CHECK (posting_halted IS NULL OR posting_halted IN ('gone', 'forbidden'));
    `);
  },
};

/** Every migration, in order. Append new ones here. */
export const MIGRATIONS: readonly Migration[] = [debates, scores, repeats, storedVerdicts, outbox, decisions, library, leases, hosts, joinOrder, decisionAndChallengeLeases];

/** Schema version this code writes. */
export const latestVersion = (migrations: readonly Migration[] = MIGRATIONS): number => latestOf(migrations);

/**
 * Applies the migrations the database has not had. Refuses a database newer than `migrations` know,
 * rather than writing to a schema this code does not understand.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS, where = 'the database'): number {
  checkNumbered(migrations);
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = latestVersion(migrations);
  refuseNewer(where, current, latest, 'point it at another database file');
  for (const m of migrations.slice(current)) {
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return latest;
}
