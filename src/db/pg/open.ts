/**
 * Opens the PostgreSQL store DATABASE_URL names: the pool (refused at once when unreachable, pool.ts), with the
 * schema brought up to date (refusing one newer than the code). PostgreSQL's counterpart of src/db/open.ts.
 */
import { migratePostgres, PG_MIGRATIONS, type PgMigration } from './migrations.js';
import { openPool, type Pool, type PoolOptions } from './pool.js';
import { redactUrl } from './url.js';

export interface OpenPostgresOptions extends PoolOptions {
  /** The migrations to apply; all of them unless a test wants an older schema. */
  migrations?: readonly PgMigration[];
}

/** The migrated pool over `url`. Throws DatabaseUnreachableError or DatabaseTooNewError, with the pool closed. */
export async function openPostgres(url: string, options: OpenPostgresOptions = {}): Promise<Pool> {
  const pool = await openPool(url, options);
  try {
    await migratePostgres(pool, options.migrations ?? PG_MIGRATIONS, `The PostgreSQL database at DATABASE_URL=${redactUrl(url)}`);
  } catch (err) {
    await pool.end().catch(() => {});
    throw err;
  }
  return pool;
}
