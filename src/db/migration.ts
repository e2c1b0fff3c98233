/** What a numbered schema migration is (src/db/migrations.ts lists them in order). */
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

/** What both engines' migration lists share: a number and a name. */
interface Numbered {
  version: number;
  name: string;
}

/** Throws unless the migrations are numbered 1, 2, 3… in order (a mistake in the code, not the database). */
export function checkNumbered(migrations: readonly Numbered[], what = 'Migration'): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`${what} "${m.name}" is numbered ${m.version}; expected ${i + 1}. Number migrations 1, 2, 3… in order.`);
  });
}

/** The schema version the migrations give. */
export const latestVersion = (migrations: readonly Numbered[]): number => (migrations.length === 0 ? 0 : migrations[migrations.length - 1].version);

/** The database was written by a newer Rostrum: refused, never downgraded. */
export class DatabaseTooNewError extends Error {
  override name = 'DatabaseTooNewError';
}

/** Refuses a schema at `current` when the code knows only up to `latest`; `instead` says what else to point at. */
export function refuseNewer(where: string, current: number, latest: number, instead: string): void {
  if (current > latest) {
    throw new DatabaseTooNewError(`${where} is at schema version ${current}, newer than this version of Rostrum understands (${latest}). Upgrade Rostrum, or ${instead}.`);
  }
}
