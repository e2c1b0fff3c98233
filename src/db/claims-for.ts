/** The deadline claims (claims.ts) of a store, on whichever engine it runs. */
import type { DeadlineClaims } from './claims.js';
import { sqliteDeadlineClaims } from './claims-sqlite.js';
import { pgDeadlineClaims } from './pg/claims.js';
import type { Sql } from './sql.js';

export function deadlineClaims(sql: Sql, host: string): DeadlineClaims {
  return sql.engine === 'postgres' ? pgDeadlineClaims(sql, host) : sqliteDeadlineClaims(sql, host);
}
