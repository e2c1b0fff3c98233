/** PostgreSQL's migration 10, mirroring src/db/migration-10-join-order.ts: the order participants joined in. */
import type { PgMigration } from './migration.js';

export const joinOrder: PgMigration = {
  version: 10,
  name: 'participants join order',
  sql: `
    ALTER TABLE participants ADD COLUMN position BIGINT;
    UPDATE participants p SET position = o.n
    FROM (SELECT debate_id, user_id, row_number() OVER (PARTITION BY debate_id ORDER BY joined_at, ctid) AS n FROM participants) o
    WHERE p.debate_id = o.debate_id AND p.user_id = o.user_id;
  `,
};
