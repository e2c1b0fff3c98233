/** What a numbered schema migration is (src/db/migrations.ts lists them in order). */
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}
