/**
 * PostgreSQL lost mid-run: a transaction whose connection is cut fails as "store unavailable" (the router's
 * "try again") with nothing of it written, and the next statement reconnects.
 */
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { openPostgres } from '../../src/db/pg/open.js';
import type { Pool } from '../../src/db/pg/pool.js';
import { postgresSql } from '../../src/db/pg/sql-postgres.js';
import { isStoreUnavailable } from '../../src/db/sql.js';
import { useTestDatabase } from '../helpers/postgres.js';

const url = useTestDatabase();
let pool: Pool | null = null;
afterAll(async () => {
  await pool?.end();
});

/** Cuts every connection to the test database but the caller's own, as a server restart or a network cut would. */
async function cutConnections(): Promise<void> {
  const admin = new pg.Client({ connectionString: url() });
  await admin.connect();
  await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
  await admin.end();
}

describe('PostgreSQL lost mid-run', () => {
  it('GIVEN a transaction whose connection is cut THEN it fails as unavailable, nothing of it is written, and the next statement reconnects', async () => {
    pool = await openPostgres(url());
    const sql = postgresSql(pool);
    await sql.run('CREATE TABLE lost_test (id INTEGER PRIMARY KEY)');
    let caught: unknown;
    await sql
      .exclusive(async () => {
        await sql.run('INSERT INTO lost_test (id) VALUES (1)');
        await cutConnections();
        await sql.run('INSERT INTO lost_test (id) VALUES (2)');
      })
      .catch((err: unknown) => (caught = err));
    expect(caught).toBeInstanceOf(Error);
    expect(isStoreUnavailable(caught)).toBe(true);
    expect(await sql.all('SELECT id FROM lost_test')).toEqual([]);
    await sql.run('INSERT INTO lost_test (id) VALUES (3)');
    expect(await sql.all('SELECT id FROM lost_test')).toEqual([{ id: 3 }]);
  });

  it('tells a mistake from an outage: a statement error is not "unavailable"', async () => {
    pool ??= await openPostgres(url());
    const err = await postgresSql(pool).run('SELECT * FROM no_such_table').catch((e: unknown) => e);
    expect(isStoreUnavailable(err)).toBe(false);
  });
});
