import { createServer, type Server } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/app/config.js';
import { DatabaseUnreachableError, openPool } from '../../src/db/pg/pool.js';
import { redactUrl } from '../../src/db/pg/url.js';
import { useTestDatabase } from '../helpers/postgres.js';

const databaseUrl = useTestDatabase();

describe('openPool', () => {
  it('GIVEN a running server THEN the pool answers, BIGINT read back as a number', async () => {
    const pool = await openPool(databaseUrl());
    try {
      const { rows } = await pool.query('SELECT 1700000000000::bigint AS at, count(*) AS n FROM pg_database');
      expect(rows[0].at).toBe(1_700_000_000_000);
      expect(typeof rows[0].n).toBe('number');
    } finally {
      await pool.end();
    }
  });

  describe('GIVEN nothing listens at the URL', () => {
    let closedPort = 0;
    beforeAll(async () => {
      // A port that was free a moment ago: nothing answers there.
      const probe: Server = createServer();
      await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
      closedPort = (probe.address() as { port: number }).port;
      await new Promise((r) => probe.close(r));
    });

    it('THEN one clear line naming DATABASE_URL without its password', async () => {
      const url = `postgres://rostrum:s3cret-pass@127.0.0.1:${closedPort}/rostrum`;
      const err = await openPool(url, { connectTimeoutMs: 2_000 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DatabaseUnreachableError);
      const message = (err as Error).message;
      expect(message).toContain(`DATABASE_URL=postgres://rostrum:***@127.0.0.1:${closedPort}/rostrum`);
      expect(message).toContain('ECONNREFUSED');
      expect(message).not.toContain('s3cret-pass');
      expect(message).not.toContain('\n');
    });
  });

  describe('GIVEN a server that refuses the password', () => {
    let wrong = '';
    beforeAll(() => {
      const u = new URL(databaseUrl());
      u.password = 'not-the-password';
      wrong = u.toString();
    });

    it('THEN the line says so, still without the password', async () => {
      const message = ((await openPool(wrong).catch((e: unknown) => e)) as Error).message;
      expect(message).toMatch(/^Cannot reach PostgreSQL at DATABASE_URL=postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/rostrum_test_\w+ \(password authentication failed/);
      expect(message).not.toContain('not-the-password');
    });
  });
});

describe('redactUrl', () => {
  it.each([
    ['postgres://rostrum:pw@db.example:5432/rostrum', 'postgres://rostrum:***@db.example:5432/rostrum'],
    ['postgresql://rostrum:p%40ss@[::1]/r?sslmode=require', 'postgresql://rostrum:***@[::1]/r?sslmode=require'],
    ['postgres://rostrum@host/db', 'postgres://rostrum@host/db'],
    ['not a url://user:pw@host', 'not a url://user:***@host'],
  ])('GIVEN %s THEN %s', (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
  });
});

describe('DATABASE_URL in the configuration', () => {
  it('GIVEN none THEN null: SQLite, as before', () => {
    expect(loadConfig({}).databaseUrl).toBeNull();
  });

  it('GIVEN a postgres URL THEN kept as given', () => {
    expect(loadConfig({ DATABASE_URL: ' postgres://rostrum:pw@db:5432/rostrum ' }).databaseUrl).toBe('postgres://rostrum:pw@db:5432/rostrum');
    expect(loadConfig({ DATABASE_URL: 'postgresql:///rostrum?host=/var/run/postgresql' }).databaseUrl).toBe('postgresql:///rostrum?host=/var/run/postgresql');
  });

  it('GIVEN something else THEN refused, naming the variable, without the password', () => {
    const err = (() => {
      try {
        loadConfig({ DATABASE_URL: 'mysql://rostrum:pw@db/rostrum' });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/^DATABASE_URL: expected a PostgreSQL URL/);
    expect((err as Error).message).toContain('mysql://rostrum:***@db/rostrum');
  });
});
