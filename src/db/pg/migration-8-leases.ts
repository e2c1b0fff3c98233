/** PostgreSQL's migration 8, mirroring src/db/migration-8-leases.ts: who holds each deadline, and until when. */
import type { PgMigration } from './migration.js';

export const leases: PgMigration = {
  version: 8,
  name: 'deadline leases',
  sql: `
    ALTER TABLE deadlines ADD COLUMN held_by TEXT;
    ALTER TABLE deadlines ADD COLUMN lease_until BIGINT;
    -- When a row can next be claimed; leased rows sit past "now" in this order, so a claim skips them unread.
    CREATE INDEX deadlines_claimable ON deadlines (GREATEST(due_at, COALESCE(lease_until, 0)));
  `,
};
