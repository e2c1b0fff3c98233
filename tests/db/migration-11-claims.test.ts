/**
 * Migration 11 on an existing store, each engine: a store at version 10 with decisions and challenges keeps them,
 * held by no one, and hosts claim what is due.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { challengeClaims, decisionClaims } from '../../src/db/claims-for.js';
import { latestVersion, MIGRATIONS } from '../../src/db/migrations.js';
import { openDatabase } from '../../src/db/open.js';
import { migratePostgres, PG_MIGRATIONS } from '../../src/db/pg/migrations.js';
import { openPool } from '../../src/db/pg/pool.js';
import { postgresSql } from '../../src/db/pg/sql-postgres.js';
import type { Sql } from '../../src/db/sql.js';
import { sqliteSql } from '../../src/db/sql-sqlite.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { challengeDue, debatesWithArguments, decisionDue } from './deadline-rows.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});
afterAll(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** What version 10 held: two decisions (one with no timer) and two challenges (one answered). */
async function version10Rows(sql: Sql): Promise<void> {
  await debatesWithArguments(sql, [1, 2]);
  await decisionDue(sql, 1, 1_234);
  await decisionDue(sql, 2, null);
  await challengeDue(sql, 1, 2_000);
  await challengeDue(sql, 2, 1_000, 'answered');
}

/** The rows as they were, held by no one; then claimed as due. */
async function expectMigrated(sql: Sql): Promise<void> {
  expect(await sql.all('SELECT debate_id AS id, due_at AS due, held_by AS "heldBy", lease_until AS "leaseUntil" FROM decisions ORDER BY debate_id')).toEqual([
    { id: 1, due: 1_234, heldBy: null, leaseUntil: null },
    { id: 2, due: null, heldBy: null, leaseUntil: null },
  ]);
  expect(await sql.all('SELECT argument_id AS id, status, held_by AS "heldBy", lease_until AS "leaseUntil" FROM challenges ORDER BY argument_id')).toEqual([
    { id: 1, status: 'pending', heldBy: null, leaseUntil: null },
    { id: 2, status: 'answered', heldBy: null, leaseUntil: null },
  ]);
  expect(await decisionClaims(sql, 'a').claimDue(5_000, 10, 1_000)).toEqual([{ debateId: 1, dueAt: 1_234, leaseUntil: 6_000 }]);
  expect(await challengeClaims(sql, 'a').claimDue(5_000, 10, 1_000)).toEqual([{ argumentId: 1, dueAt: 2_000, leaseUntil: 6_000 }]);
}

describe('migration 11: decision and challenge leases', () => {
  it('GIVEN a SQLite file at version 10 with decisions and challenges THEN migration 11 keeps them, held by no one, and they are claimed when due', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rostrum-m11-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'rostrum.sqlite');
    const ten = sqliteSql(openDatabase(path, { migrations: MIGRATIONS.filter((m) => m.version <= 10) }));
    await version10Rows(ten);
    await ten.close();

    const db = openDatabase(path, { migrations: MIGRATIONS.filter((m) => m.version <= 11) });
    cleanups.push(() => void db.close());
    expect(db.pragma('user_version', { simple: true })).toBe(11);
    await expectMigrated(sqliteSql(db));
  });

  it('GIVEN a PostgreSQL database at version 10 with decisions and challenges THEN migration 11 keeps them, held by no one, and they are claimed when due', async () => {
    const made = await createTestDatabase();
    cleanups.push(made.drop);
    const pool = await openPool(made.url, { max: 2 });
    cleanups.unshift(() => pool.end());
    expect(await migratePostgres(pool, PG_MIGRATIONS.filter((m) => m.version <= 10))).toBe(10);
    const sql = postgresSql(pool);
    await version10Rows(sql);

    expect(await migratePostgres(pool, PG_MIGRATIONS.filter((m) => m.version <= 11))).toBe(11);
    expect((await pool.query('SELECT MAX(version) AS v FROM schema_version')).rows[0].v).toBe(11);
    await expectMigrated(sql);
  });

  it('GIVEN both engines THEN 11 is a migration of each, under one name', () => {
    expect(latestVersion()).toBeGreaterThanOrEqual(11);
    expect(MIGRATIONS[10].name).toBe(PG_MIGRATIONS[10].name);
  });
});
