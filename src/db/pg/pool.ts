/**
 * Opens the PostgreSQL pool DATABASE_URL names, refusing at once (one line, the URL shown without its password)
 * when the server cannot be reached, rather than failing on the first query.
 */
import pg from 'pg';
import type { Logger } from 'pino';
import { DatabaseUnreachableError, redactUrl } from './url.js';

export { DatabaseUnreachableError };

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

export interface PoolOptions {
  /** Connections at most (default 10, pg's own). */
  max?: number;
  /** How long one connection attempt may take before it counts as unreachable (default 5,000 ms). */
  connectTimeoutMs?: number;
  /** Told when an idle connection fails (the server restarted, the network dropped it). */
  log?: Logger;
}


const INT8 = 20;
const NUMERIC = 1700;

/** BIGINT as a JS number, as better-sqlite3 gives INTEGER: times in ms and ids stay far below 2^53. */
function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`a BIGINT of ${text} is beyond what Rostrum stores (2^53)`);
  return n;
}

/** NUMERIC (what SUM of BIGINT and AVG give) as a JS number, as SQLite's arithmetic gives one. */
const parseNumeric = (text: string): number => Number(text);

// pg's default hands BIGINT and NUMERIC back as strings; this pool's connections (not pg's global table) parse them.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    format === 'binary' ? pg.types.getTypeParser(oid, format)
    : oid === INT8 ? parseInt8
    : oid === NUMERIC ? parseNumeric
    : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/**
 * A pool over `url`, one connection already made to prove the server answers. Throws DatabaseUnreachableError
 * (naming DATABASE_URL, password removed) when it does not, with the pool closed.
 */
export async function openPool(url: string, options: PoolOptions = {}): Promise<Pool> {
  const pool = new pg.Pool({ connectionString: url, max: options.max, connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000, types });
  // Without a listener, an idle connection's error would end the process.
  pool.on('error', (err) => options.log?.warn({ err: err.message }, 'an idle PostgreSQL connection failed; the pool opens another when needed'));
  try {
    const client = await pool.connect();
    client.release();
  } catch (err) {
    await pool.end().catch(() => {});
    throw new DatabaseUnreachableError(
      `Cannot reach PostgreSQL at DATABASE_URL=${redactUrl(url)} (${reasonOf(err, url)}). Check that the server runs and the URL's host, port, user, password and database.`,
    );
  }
  return pool;
}

/** What went wrong in one line, without the URL's password should a message repeat it. */
function reasonOf(err: unknown, url: string): string {
  const e = err as Error & { code?: string; errors?: Error[] };
  // Node reports a refused host with several addresses as an AggregateError with an empty message.
  const inner = e.message ? e : (e.errors?.[0] ?? e);
  let reason = (inner.message || (inner as { code?: string }).code || String(err)).split('\n')[0];
  let password = '';
  try {
    password = decodeURIComponent(new URL(url).password);
  } catch {
    /* not a URL: nothing to hide beyond what redactUrl does */
  }
  if (password) reason = reason.split(password).join('***');
  return reason;
}
