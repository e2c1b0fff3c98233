/**
 * The Sql seam (../sql.ts) on a PostgreSQL pool. A statement outside a transaction takes any pooled connection;
 * a transaction holds one connection from BEGIN to COMMIT and first takes a transaction-scoped advisory lock,
 * so that writers on every host queue as SQLite's BEGIN IMMEDIATE makes them queue: the services' load, decide
 * and save never interleave with another host's.
 */
import { bind, type Params, type RunResult, type Sql } from '../sql.js';
import { currentScope, savepoint, withinScope, type Scope } from '../transaction-scope.js';
import type { Pool, PoolClient } from './pool.js';

/** The advisory lock key every Rostrum writer takes (any fixed number; "RSTR" in ASCII). */
export const WRITER_LOCK = 0x52535452;

export class PostgresSql implements Sql {
  readonly engine = 'postgres';

  constructor(readonly pool: Pool) {}

  async all<T>(text: string, params?: Params): Promise<T[]> {
    return (await this.query(text, params)).rows as T[];
  }

  async get<T>(text: string, params?: Params): Promise<T | undefined> {
    return (await this.query(text, params)).rows[0] as T | undefined;
  }

  async run(text: string, params?: Params): Promise<RunResult> {
    return { changes: (await this.query(text, params)).rowCount ?? 0 };
  }

  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const scope = currentScope<PoolClient>(this);
    if (scope) return savepoint(scope as Scope<unknown>, (sql) => scope.conn.query(sql), fn);
    const client = await this.pool.connect();
    let broken: Error | undefined;
    // A connection cut between statements is reported as an event on the client, which would end the process
    // unheard; the next statement fails with it anyway, and the client is not reused.
    const onError = (err: Error) => void (broken = err);
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      try {
        await client.query('SELECT pg_advisory_xact_lock($1)', [WRITER_LOCK]);
        const out = await withinScope({ owner: this, conn: client, done: false, savepoints: 0 }, fn);
        await client.query('COMMIT');
        return out;
      } catch (err) {
        await client.query('ROLLBACK').catch((e: Error) => (broken = e));
        throw err;
      }
    } catch (err) {
      // A connection that failed mid-transaction is not handed to the next caller.
      broken ??= isConnectionError(err) ? (err as Error) : undefined;
      throw err;
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private query(text: string, params: Params | undefined) {
    const bound = bind(text, params, 'postgres');
    const scope = currentScope<PoolClient>(this);
    return (scope ? scope.conn : this.pool).query(bound.text, bound.values);
  }
}

/** Errors of the connection itself rather than of a statement (which carry a SQLSTATE code). */
function isConnectionError(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code) || code.startsWith('08') || code.startsWith('57P');
}

/** The Sql seam over a migrated pool (open.ts's openPostgres). */
export function postgresSql(pool: Pool): PostgresSql {
  return new PostgresSql(pool);
}
