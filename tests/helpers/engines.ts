/**
 * One test body, both engines: `eachEngine((store) => { it(...) })` runs the body's tests once on SQLite and
 * once on PostgreSQL. `store()` (inside a test or hook) is a fresh, empty, migrated store of that engine: a new
 * in-memory SQLite database, or this file's PostgreSQL database with every table emptied.
 */
import { afterAll, afterEach, describe } from 'vitest';
import { openDatabase } from '../../src/db/open.js';
import { openPostgres } from '../../src/db/pg/open.js';
import type { Pool } from '../../src/db/pg/pool.js';
import { postgresSql } from '../../src/db/pg/sql-postgres.js';
import type { Sql } from '../../src/db/sql.js';
import { sqliteSql } from '../../src/db/sql-sqlite.js';
import { useTestDatabase } from './postgres.js';

export type Engine = Sql['engine'];
export type OpenStore = () => Promise<Sql>;

/** Runs `body` in a describe per engine, named after it. */
export function eachEngine(body: (store: OpenStore, engine: Engine) => void): void {
  describe('on SQLite', () => {
    const open: Sql[] = [];
    afterEach(async () => {
      for (const s of open.splice(0)) await s.close();
    });
    body(async () => {
      const sql = sqliteSql(openDatabase(':memory:'));
      open.push(sql);
      return sql;
    }, 'sqlite');
  });
  describe('on PostgreSQL', () => {
    const url = useTestDatabase();
    let pool: Pool | null = null;
    afterAll(async () => {
      await pool?.end();
      pool = null;
    });
    body(async () => {
      pool ??= await openPostgres(url());
      await emptyTables(pool);
      const sql = postgresSql(pool);
      // The pool is the file's: a test closing its store must not end it for the next test.
      sql.close = async () => {};
      return sql;
    }, 'postgres');
  });
}

/** Every table of the public schema emptied and its ids started over (the schema's version table kept). */
async function emptyTables(pool: Pool): Promise<void> {
  const { rows } = await pool.query<{ name: string }>(
    "SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_version'",
  );
  if (rows.length) await pool.query(`TRUNCATE ${rows.map((r) => r.name).join(', ')} RESTART IDENTITY CASCADE`);
}
