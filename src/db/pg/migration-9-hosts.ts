/** PostgreSQL's migration 9, mirroring src/db/migration-9-hosts.ts: the hosts sharing the store, and their shards. */
import type { PgMigration } from './migration.js';

export const hosts: PgMigration = {
  version: 9,
  name: 'hosts and their shards',
  sql: `
    CREATE TABLE hosts (
      name        TEXT PRIMARY KEY,
      shard_ids   TEXT NOT NULL,
      shard_count INTEGER NOT NULL CHECK (shard_count >= 1),
      started_at  BIGINT NOT NULL,
      lease_until BIGINT NOT NULL
    );
  `,
};
