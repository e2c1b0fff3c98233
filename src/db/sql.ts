/**
 * The one seam every repository talks to: statements in, rows out, on SQLite (sql-sqlite.ts) or PostgreSQL
 * (pg/sql-postgres.ts). Repositories are written once against it; each engine is an adapter.
 *
 * Statements use `?` for positional parameters or `@name` for named ones (not both in one statement). An array
 * is bound only as the whole of an `IN (?)` or `NOT IN (?)` list; an empty one makes `IN` false and `NOT IN`
 * true on both engines. Write SQL both engines read: `RETURNING` rather than
 * last-insert ids, `ON CONFLICT … DO NOTHING` rather than `INSERT OR IGNORE`, `coalesce`, and quote mixed-case
 * aliases (`AS "guildId"`), which PostgreSQL would otherwise fold to lower case.
 */

export type Params = readonly unknown[] | Readonly<Record<string, unknown>>;

export interface RunResult {
  /** Rows the statement inserted, updated or deleted. */
  changes: number;
}

export interface Sql {
  readonly engine: 'sqlite' | 'postgres';
  all<T>(text: string, params?: Params): Promise<T[]>;
  get<T>(text: string, params?: Params): Promise<T | undefined>;
  run(text: string, params?: Params): Promise<RunResult>;
  /**
   * Runs `fn` in one transaction, committed when `fn` resolves and rolled back when it throws, that other writers
   * (in this process or another host) wait for, so that load-decide-save never races. `key` names the one thing
   * `fn` changes (sql.ts's `debateKey`…): on PostgreSQL, writers of different keys run side by side, and a writer
   * without a key waits for every other and is waited for by every other; SQLite runs one writer at a time
   * either way. Statements `fn` makes through this Sql (directly or through repositories over it) join the
   * transaction; a nested call is a savepoint of it, which also waits for its own key's writers when it names
   * another key. Keep `fn` to the store: no network calls while other writers wait.
   *
   * `redoable`: what `fn` writes follows from what the store held before it (a timer's fire, done again from the
   * deadline should it be lost). PostgreSQL may then acknowledge the commit before its log reaches disk
   * (synchronous_commit off), sparing a disk flush per fire: a crash of the server may lose the last fraction of
   * a second of such commits, whole, never another transaction's. SQLite's commits skip that flush already
   * (open.ts: WAL with synchronous NORMAL, where only a power cut may lose the last of them). The outermost call
   * decides; a nested one joins the transaction as it is.
   */
  exclusive<T>(fn: () => Promise<T>, key?: string, how?: { redoable?: boolean }): Promise<T>;
  /**
   * Runs `fn` once the transaction the caller is inside has committed (never if it, or the savepoint around
   * the call, rolls back); at once outside a transaction. For work that must see the rows committed, such as
   * sending the posts a transaction wrote.
   */
  afterCommit(fn: () => void): void;
  close(): Promise<void>;
}

/** The key of a transaction that changes one debate (its state, turns, decision, posts), for `exclusive`. */
export const debateKey = (debateId: number): string => `debate:${debateId}`;

/** The key of a transaction that changes a server's ratings (read, computed from, then written), for `exclusive`. */
export const ratingsKey = (guildId: string | null): string => `ratings:${guildId ?? ''}`;

/**
 * Whether an error means the store could not be reached or used just now (PostgreSQL's connection dropped or
 * refused, the server shutting down; SQLite's file locked past busy_timeout), rather than a mistake: the
 * transaction was rolled back, and the same action may succeed in a moment.
 */
export function isStoreUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (/^(08|57P)/.test(code) || code === 'SQLITE_BUSY' || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND'].includes(code)) return true;
  return typeof e?.message === 'string' && /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect)/.test(e.message);
}

/** Whether an error is a unique or primary key refusing a second row, on either engine. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}

export type Dialect = 'sqlite' | 'postgres';

const LIST_BEFORE = /\b(NOT\s+)?IN\s*\(\s*$/i;

/**
 * Rewrites `text` for an engine: each placeholder becomes `?` (SQLite) or `$n` (PostgreSQL). A list is spread
 * into one placeholder per item on SQLite (whose `IN ()` may be empty), and bound as one array on PostgreSQL
 * (`= ANY($n)` / `<> ALL($n)`, typed by the column it is compared with). Returns the statement and its values
 * in order. Quoted strings, identifiers and comments are left alone.
 */
export function bind(text: string, params: Params | undefined, dialect: Dialect): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const mark = (n: number) => (dialect === 'sqlite' ? '?' : `$${n}`);
  const named = params !== undefined && !Array.isArray(params);
  const positional = (params ?? []) as readonly unknown[];
  const seen = new Map<string, string>();
  let next = 0;
  let out = '';
  let i = 0;
  const place = (value: unknown, end: number): string => {
    if (!Array.isArray(value)) {
      values.push(value);
      return mark(values.length);
    }
    const list = LIST_BEFORE.exec(out);
    if (!list || !/^\s*\)/.test(text.slice(end))) throw new RangeError(`a list binds only as the whole of IN (?): ${text.trim().slice(0, 80)}`);
    if (dialect === 'sqlite') {
      for (const v of value) values.push(v);
      return value.map(() => '?').join(', ');
    }
    out = out.slice(0, list.index) + (list[1] ? '<> ALL(' : '= ANY(');
    values.push(value);
    return mark(values.length);
  };
  while (i < text.length) {
    const c = text[i];
    if (c === "'" || c === '"') {
      const end = closing(text, i, c);
      out += text.slice(i, end);
      i = end;
    } else if (c === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? text.length : end;
      out += text.slice(i, stop);
      i = stop;
    } else if (c === '?' && !named) {
      if (next >= positional.length) throw new RangeError(`SQL has more ? than the ${positional.length} values given: ${text.trim().slice(0, 80)}`);
      const placed = place(positional[next++], i + 1); // before `out +=`: place may rewrite out
      out += placed;
      i++;
    } else if (c === '@' && named && /[A-Za-z_]/.test(text[i + 1] ?? '')) {
      let j = i + 1;
      while (j < text.length && /\w/.test(text[j])) j++;
      const name = text.slice(i + 1, j);
      if (!(name in (params as object))) throw new RangeError(`SQL names @${name}, which the values do not: ${text.trim().slice(0, 80)}`);
      const value = (params as Record<string, unknown>)[name];
      // On PostgreSQL a scalar named twice is bound once ($n twice); SQLite's ? takes it again.
      let placed = Array.isArray(value) || dialect === 'sqlite' ? undefined : seen.get(name);
      if (placed === undefined) {
        placed = place(value, j);
        if (!Array.isArray(value)) seen.set(name, placed);
      }
      out += placed;
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  if (!named && next !== positional.length) throw new RangeError(`SQL has ${next} ? but ${positional.length} values were given: ${text.trim().slice(0, 80)}`);
  return { text: out, values };
}

/** The index just past the quote that closes the one at `start` (a doubled quote is an escaped one). */
function closing(text: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === quote) {
      if (text[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return text.length;
}
