/** What a numbered PostgreSQL schema migration is (src/db/pg/migrations.ts lists them in order). */
export interface PgMigration {
  /** The same number as the SQLite migration it mirrors: version N is the same schema on both engines. */
  version: number;
  name: string;
  /** Statements run in one transaction. */
  sql: string;
}
