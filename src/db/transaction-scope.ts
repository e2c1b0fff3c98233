/**
 * Which transaction the running code is inside, for both engines' adapters. Repositories are built once over
 * the root Sql and never handed a transaction: a statement made while `exclusive`'s function runs finds its
 * transaction here (AsyncLocalStorage follows awaits), and one made anywhere else waits for the writer.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface Scope<C> {
  /** The adapter the transaction belongs to (two stores in one process keep theirs apart). */
  owner: object;
  /** The engine's handle for the transaction: its connection. */
  conn: C;
  /** Set once committed or rolled back: a timer created inside inherits the scope but must not use it. */
  done: boolean;
  savepoints: number;
  /** The keys whose writers it waits for (sql.ts's `exclusive`); null: every writer's. */
  keys: Set<string> | null;
  /** What runs once it commits (sql.ts's `afterCommit`). */
  committed: (() => void)[];
}

/** A new transaction's scope on `conn`, waiting for `key`'s writers (or every writer's, without one). */
export function newScope<C>(owner: object, conn: C, key: string | undefined): Scope<C> {
  return { owner, conn, done: false, savepoints: 0, keys: key === undefined ? null : new Set([key]), committed: [] };
}

/** Whether a nested call naming `key` must wait for writers its transaction does not wait for yet. */
export function widens(scope: Scope<unknown>, key: string | undefined): key is string {
  return scope.keys !== null && key !== undefined && !scope.keys.has(key);
}

/** `fn` after the commit of `owner`'s transaction the caller is inside, or at once outside one. Must not throw. */
export function afterCommit(owner: object, fn: () => void): void {
  const scope = currentScope(owner);
  if (scope) scope.committed.push(fn);
  else fn();
}

/** Runs what waited for `scope`'s commit (call right after COMMIT). */
export function committed(scope: Scope<unknown>): void {
  for (const fn of scope.committed.splice(0)) fn();
}

const scopes = new AsyncLocalStorage<Scope<unknown>>();

/** The live transaction of `owner` the caller runs inside, or undefined. */
export function currentScope<C>(owner: object): Scope<C> | undefined {
  const s = scopes.getStore();
  return s && s.owner === owner && !s.done ? (s as Scope<C>) : undefined;
}

/** Runs `fn` inside `scope`, marking it done when `fn` settles. */
export async function withinScope<C, T>(scope: Scope<C>, fn: () => Promise<T>): Promise<T> {
  try {
    return await scopes.run(scope as Scope<unknown>, fn);
  } finally {
    scope.done = true;
  }
}

/**
 * A savepoint of the live transaction: `fn` rolled back alone when it throws (and the error passed on), as a
 * nested better-sqlite3 transaction does.
 */
export async function savepoint<T>(scope: Scope<unknown>, exec: (sql: string) => Promise<unknown>, fn: () => Promise<T>): Promise<T> {
  const name = `rostrum_sp${++scope.savepoints}`;
  const hooks = scope.committed.length;
  await exec(`SAVEPOINT ${name}`);
  try {
    const out = await fn();
    await exec(`RELEASE SAVEPOINT ${name}`);
    return out;
  } catch (err) {
    scope.committed.length = hooks;
    await exec(`ROLLBACK TO SAVEPOINT ${name}`);
    await exec(`RELEASE SAVEPOINT ${name}`);
    throw err;
  }
}

/** One holder at a time, in the order asked: a connection's writer. */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();
  private held = false;

  get busy(): boolean {
    return this.held;
  }

  /** Resolves when the caller holds it; call the result to let the next one in. */
  async lock(): Promise<() => void> {
    let release!: () => void;
    const prev = this.tail;
    this.tail = new Promise<void>((r) => (release = r));
    await prev;
    this.held = true;
    return () => {
      this.held = false;
      release();
    };
  }
}
