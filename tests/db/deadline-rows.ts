/** Rows of decision and challenge deadlines, written the same on both engines (for the claims tests). */
import type { Sql } from '../../src/db/sql.js';

/** Debates `ids`, each with an argument of the same id (by Ann). */
export async function debatesWithArguments(sql: Sql, ids: readonly number[]): Promise<void> {
  for (const id of ids) {
    await sql.run(`INSERT INTO debates (id, channel_id, host_id, host_name, motion, format_id, format_name, status, grace_ms, created_at)
      VALUES (?, ?, 'h', 'Host', 'M', 'oxford', 'Oxford', 'running', 0, 0)`, [id, `c${id}`]);
    await sql.run(`INSERT INTO arguments (id, debate_id, turn_index, user_id, user_name, side_id, text, created_at, number)
      VALUES (?, ?, 0, 'ann', 'Ann', 'for', 'Words', 0, 1)`, [id, id]);
  }
}

/** A decision row due at `due` (null: no timer set). */
export const decisionDue = (sql: Sql, debateId: number, due: number | null) =>
  sql.run("INSERT INTO decisions (debate_id, decided_by, state_json, due_at) VALUES (?, 'audience', '{}', ?)", [debateId, due]);

/** A challenge of argument `id` due at `due`. */
export const challengeDue = (sql: Sql, id: number, due: number, status = 'pending') =>
  sql.run(`INSERT INTO challenges (argument_id, guild_id, channel_id, challenger_id, challenger_name, challenged_at, due_at, status)
    VALUES (?, NULL, 'c', 'dan', 'Dan', 0, ?, ?)`, [id, due, status]);
