/**
 * 9: the hosts sharing one store, each with the shards it runs (src/db/hosts-repo.ts). A host's row lives while
 * it renews its lease; a host that starts with shards another live host runs, or a different shard total, is
 * refused, so that no guild is served twice and every host agrees on which shard a guild is on.
 */
import type { Migration } from './migration.js';

export const hosts: Migration = {
  version: 9,
  name: 'hosts and their shards',
  up(db) {
    db.exec(`
      CREATE TABLE hosts (
        name        TEXT PRIMARY KEY,
        shard_ids   TEXT NOT NULL,   -- JSON list of the shard ids it runs
        shard_count INTEGER NOT NULL CHECK (shard_count >= 1),
        started_at  INTEGER NOT NULL,
        lease_until INTEGER NOT NULL
      );
    `);
  },
};
