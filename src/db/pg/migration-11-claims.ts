/** PostgreSQL's migration 11, mirroring src/db/migration-11-claims.ts: who holds each decision and challenge deadline, and until when. */
import type { PgMigration } from './migration.js';

export const decisionAndChallengeLeases: PgMigration = {
  version: 11,
  name: 'decision and challenge leases',
  sql: `
    ALTER TABLE decisions ADD COLUMN held_by TEXT;
    ALTER TABLE decisions ADD COLUMN lease_until BIGINT;
    CREATE INDEX decisions_claimable ON decisions (GREATEST(due_at, COALESCE(lease_until, 0))) WHERE due_at IS NOT NULL;
    ALTER TABLE challenges ADD COLUMN held_by TEXT;
    ALTER TABLE challenges ADD COLUMN lease_until BIGINT;
    CREATE INDEX challenges_claimable ON challenges (GREATEST(due_at, COALESCE(lease_until, 0))) WHERE status = 'pending';
  `,
};
