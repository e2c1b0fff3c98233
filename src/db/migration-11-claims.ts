/**
 * 11: leases on decision and "citation needed" deadlines, as migration 8 gave turn deadlines: any host sharing
 * the store claims a due vote closing, ballot deadline or challenge (src/db/claims.ts, claims-tables.ts) and
 * fires it once; a dead host's claims are taken over when their lease ends. Each index is on when a row can next
 * be claimed, partial on what makes a row a deadline (a timer set; a challenge pending).
 */
import type { Migration } from './migration.js';

export const decisionAndChallengeLeases: Migration = {
  version: 11,
  name: 'decision and challenge leases',
  up(db) {
    db.exec(`
      ALTER TABLE decisions ADD COLUMN held_by TEXT;
      ALTER TABLE decisions ADD COLUMN lease_until INTEGER;
      CREATE INDEX decisions_claimable ON decisions (max(due_at, coalesce(lease_until, 0))) WHERE due_at IS NOT NULL;
      ALTER TABLE challenges ADD COLUMN held_by TEXT;
      ALTER TABLE challenges ADD COLUMN lease_until INTEGER;
      CREATE INDEX challenges_claimable ON challenges (max(due_at, coalesce(lease_until, 0))) WHERE status = 'pending';
    `);
  },
};
