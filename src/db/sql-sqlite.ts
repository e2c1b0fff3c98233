/**
 * The Sql seam (sql.ts) on one better-sqlite3 connection. Statements run synchronously and are prepared once
 * per text. A transaction is BEGIN IMMEDIATE: other processes sharing the file wait (busy_timeout), and in this
 * process a mutex keeps every other statement out of it until it ends, since they share the connection.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Database } from './open.js';
import { bind, type Params, type RunResult, type Sql } from './sql.js';
import { afterCommit, committed, currentScope, Mutex, newScope, savepoint, withinScope, type Scope } from './transaction-scope.js';

// Statements whose text varies (a list's length) could grow the cache without end; past this it starts over.
const CACHE_LIMIT = 2_000;

export class SqliteSql implements Sql {
  readonly engine = 'sqlite';
  private readonly writer = new Mutex();
  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  constructor(readonly db: Database) {}

  all<T>(text: string, params?: Params): Promise<T[]> {
    return this.exec(text, params, (s, v) => s.all(...v) as T[]);
  }

  get<T>(text: string, params?: Params): Promise<T | undefined> {
    return this.exec(text, params, (s, v) => s.get(...v) as T | undefined);
  }

  run(text: string, params?: Params): Promise<RunResult> {
    return this.exec(text, params, (s, v) => ({ changes: s.run(...v).changes }));
  }

  /** One writer at a time whatever its key: SQLite has one. */
  async exclusive<T>(fn: () => Promise<T>, key?: string): Promise<T> {
    const scope = currentScope<Database>(this);
    if (scope) return savepoint(scope as Scope<unknown>, async (sql) => this.db.exec(sql), fn);
    const release = await this.writer.lock();
    try {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const scope = newScope(this, this.db, key);
        const out = await withinScope(scope, fn);
        this.db.exec('COMMIT');
        committed(scope as Scope<unknown>);
        return out;
      } catch (err) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw err;
      }
    } finally {
      release();
    }
  }

  afterCommit(fn: () => void): void {
    afterCommit(this, fn);
  }

  async close(): Promise<void> {
    this.db.close();
  }

  private async exec<R>(text: string, params: Params | undefined, step: (s: BetterSqlite3.Statement, values: unknown[]) => R): Promise<R> {
    // Inside this connection's transaction, or with none open: at once. Otherwise after the transaction.
    if (currentScope(this) || !this.writer.busy) return this.step(text, params, step);
    const release = await this.writer.lock();
    try {
      return this.step(text, params, step);
    } finally {
      release();
    }
  }

  private step<R>(text: string, params: Params | undefined, step: (s: BetterSqlite3.Statement, values: unknown[]) => R): R {
    const bound = bind(text, params, 'sqlite');
    let statement = this.statements.get(bound.text);
    if (!statement) {
      if (this.statements.size >= CACHE_LIMIT) this.statements.clear();
      statement = this.db.prepare(bound.text);
      this.statements.set(bound.text, statement);
    }
    return step(statement, bound.values);
  }
}

/** The Sql seam over an open (migrated) SQLite connection. */
export function sqliteSql(db: Database): SqliteSql {
  return new SqliteSql(db);
}
