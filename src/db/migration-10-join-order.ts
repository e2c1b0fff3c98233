/**
 * 10: the order participants joined in, as a column. Two who join in the same millisecond were told apart by
 * SQLite's rowid, which PostgreSQL lacks (its ctid moves when a row is rewritten). Existing rows get their rowid.
 */
import type { Migration } from './migration.js';

export const joinOrder: Migration = {
  version: 10,
  name: 'participants join order',
  up(db) {
    db.exec(`
      ALTER TABLE participants ADD COLUMN position INTEGER;
      UPDATE participants SET position = rowid;
    `);
  },
};
