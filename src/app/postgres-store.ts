/**
 * The store when DATABASE_URL is set: the migrated PostgreSQL pool (refused in one line when unreachable or
 * newer than the code), its Sql seam, and the LISTEN/NOTIFY feed. Loaded only then, so that the SQLite default
 * never loads the PostgreSQL client.
 */
import type { Logger } from 'pino';
import { postgresChangeFeed } from '../db/pg/change-feed.js';
import { openPostgres } from '../db/pg/open.js';
import { postgresSql } from '../db/pg/sql-postgres.js';
import type { ChangeFeed } from '../db/change-feed.js';
import type { Sql } from '../db/sql.js';

export async function openPostgresStore(url: string, log: Logger): Promise<{ sql: Sql; feed: ChangeFeed }> {
  const pool = await openPostgres(url, { log });
  const sql = postgresSql(pool);
  try {
    return { sql, feed: await postgresChangeFeed(sql, url, log) };
  } catch (err) {
    await pool.end().catch(() => {});
    throw err;
  }
}
