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
  const sql = await openPostgresSql(url, log);
  try {
    return { sql, feed: await postgresChangeFeed(sql, url, log) };
  } catch (err) {
    await sql.close().catch(() => {});
    throw err;
  }
}

/** The store alone, for a reader that follows no changes (the CLI's reports). */
export async function openPostgresSql(url: string, log: Logger): Promise<Sql> {
  return postgresSql(await openPostgres(url, { log }));
}
