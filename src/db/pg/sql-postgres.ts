/**
 * The Sql seam (../sql.ts) on a PostgreSQL pool. A statement outside a transaction takes any pooled connection;
 * a transaction holds one connection from BEGIN to COMMIT and first takes transaction-scoped advisory locks, so
 * that writers of one key (one debate) on every host queue as SQLite's BEGIN IMMEDIATE makes them queue: the
 * services' load, decide and save never interleave with another host's. A writer without a key holds the
 * writer lock alone; one with a key shares it with the others and holds its key's lock alone.
 */
import { bind, type Params, type RunResult, type Sql } from '../sql.js';
import { afterCommit, committed, currentScope, newScope, savepoint, widens, withinScope, type Scope } from '../transaction-scope.js';
import type { Pool, PoolClient } from './pool.js';

/** The advisory lock every Rostrum writer takes, shared or alone (any fixed number; "RSTR" in ASCII). */
export const WRITER_LOCK = 0x52535452;

// A key's lock is in the two-number space, apart from WRITER_LOCK's; two keys of one hash merely queue together.
const KEY_LOCK = `SELECT pg_advisory_xact_lock(${WRITER_LOCK}, hashtext($1))`;
/** BEGIN, how it commits and the locks in one round trip (a simple query: the key, quoted by the client, is written in). */
const begin = (quotedKey: string | undefined, redoable: boolean): string =>
  `BEGIN; ${redoable ? 'SET LOCAL synchronous_commit = off; ' : ''}` +
  (quotedKey === undefined
    ? `SELECT pg_advisory_xact_lock(${WRITER_LOCK})`
    : `SELECT pg_advisory_xact_lock_shared(${WRITER_LOCK}), pg_advisory_xact_lock(${WRITER_LOCK}, hashtext(${quotedKey}))`);

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

  async exclusive<T>(fn: () => Promise<T>, key?: string, how: { redoable?: boolean } = {}): Promise<T> {
    const scope = currentScope<PoolClient>(this);
    if (scope) return savepoint(scope as Scope<unknown>, (sql) => scope.conn.query(sql), widens(scope as Scope<unknown>, key) ? () => this.widen(scope, key!, fn) : fn);
    const client = await this.pool.connect();
    let broken: Error | undefined;
    // A connection cut between statements is reported as an event on the client, which would end the process
    // unheard; the next statement fails with it anyway, and the client is not reused.
    const onError = (err: Error) => void (broken = err);
    client.on('error', onError);
    try {
      try {
        await client.query(begin(key === undefined ? undefined : client.escapeLiteral(key), how.redoable === true));
        const scope = newScope(this, client, key);
        const out = await withinScope(scope, fn);
        await client.query('COMMIT');
        committed(scope as Scope<unknown>);
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

  afterCommit(fn: () => void): void {
    afterCommit(this, fn);
  }

  /** `fn` in a savepoint that also waits for `key`'s writers (a lock a rolled-back savepoint lets go). */
  private async widen<T>(scope: Scope<PoolClient>, key: string, fn: () => Promise<T>): Promise<T> {
    await scope.conn.query(KEY_LOCK, [key]);
    scope.keys!.add(key);
    try {
      return await fn();
    } catch (err) {
      scope.keys!.delete(key);
      throw err;
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
