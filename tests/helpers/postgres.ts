/**
 * A fresh PostgreSQL database per test file, on the server tests/setup/postgres.ts started for the run (or
 * DATABASE_URL's): CREATE DATABASE rostrum_test_<random> before the file's tests, dropped after them.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';

async function onServer<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('postgresUrl') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database; returns its URL and how to drop it. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `rostrum_test_${randomBytes(6).toString('hex')}`;
  await onServer((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(inject('postgresUrl'));
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    // FORCE: a pool a failed test left open must not keep the database.
    drop: () => onServer((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  };
}

/** In a test file's top level: this file's own empty database. Call the result (in a test) for its URL. */
export function useTestDatabase(): () => string {
  let db: Awaited<ReturnType<typeof createTestDatabase>> | null = null;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
    db = null;
  });
  return () => {
    if (!db) throw new Error('useTestDatabase(): the database exists only while the file\'s tests run (call the getter inside a test or hook)');
    return db.url;
  };
}
