/** The deadline claims (claims.ts) of a store, on whichever engine it runs. */
import type { Claims, ClaimTable, DeadlineClaims } from './claims.js';
import { sqliteClaims } from './claims-sqlite.js';
import { CHALLENGE_DEADLINES, DECISION_DEADLINES, TURN_DEADLINES } from './claims-tables.js';
import { pgClaims } from './pg/claims.js';
import type { Sql } from './sql.js';

/** Claims of `table`'s deadlines over `sql` on behalf of `host`. */
export function claimsFor<K extends string>(sql: Sql, host: string, table: ClaimTable<K>): Claims<K> {
  return sql.engine === 'postgres' ? pgClaims(sql, host, table) : sqliteClaims(sql, host, table);
}

/** Turn deadlines (table `deadlines`). */
export const deadlineClaims = (sql: Sql, host: string): DeadlineClaims => claimsFor(sql, host, TURN_DEADLINES);

/** Decision deadlines: votes closing, ballots due (table `decisions`). */
export const decisionClaims = (sql: Sql, host: string): Claims<'debateId'> => claimsFor(sql, host, DECISION_DEADLINES);

/** "Citation needed" deadlines (table `challenges`). */
export const challengeClaims = (sql: Sql, host: string): Claims<'argumentId'> => claimsFor(sql, host, CHALLENGE_DEADLINES);
