/**
 * 8: leases on deadlines, so that several processes (hosts) can share one store and each due deadline is fired
 * by exactly one of them (src/db/claims.ts). held_by names the host that claimed the row, lease_until when its
 * claim lapses (ms); both NULL when nobody holds it. A host that dies holding a row loses it when the lease
 * ends, and another claims it then.
 */
import type { Migration } from './migration.js';

export const leases: Migration = {
  version: 8,
  name: 'deadline leases',
  up(db) {
    db.exec(`
      ALTER TABLE deadlines ADD COLUMN held_by TEXT;
      ALTER TABLE deadlines ADD COLUMN lease_until INTEGER;
      -- When a row can next be claimed: once due and no lease holds it. Leased rows sit past "now" in this
      -- order, so a claim never scans the rows other hosts hold.
      CREATE INDEX deadlines_claimable ON deadlines (max(due_at, coalesce(lease_until, 0)));
    `);
  },
};
