import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseTooNewError, latestVersion } from '../../src/db/migrations.js';
import { openDatabase } from '../../src/db/open.js';
import { migratePostgres, PG_MIGRATIONS } from '../../src/db/pg/migrations.js';
import { openPostgres } from '../../src/db/pg/open.js';
import { openPool, type Pool } from '../../src/db/pg/pool.js';
import { createTestDatabase } from '../helpers/postgres.js';

const dropped: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const drop of dropped.splice(0)) await drop();
});

/** A new empty database and a pool on it (closed by the caller). */
async function emptyDatabase(): Promise<{ url: string; pool: Pool }> {
  const db = await createTestDatabase();
  dropped.push(db.drop);
  return { url: db.url, pool: await openPool(db.url, { max: 3 }) };
}

const versions = async (pool: Pool) => (await pool.query<{ version: number; name: string; applied_at: number }>('SELECT * FROM schema_version ORDER BY version')).rows;

describe('PostgreSQL migrations', () => {
  it('GIVEN the same number on both engines THEN PostgreSQL has as many migrations as SQLite', () => {
    expect(PG_MIGRATIONS.map((m) => m.version)).toEqual(Array.from({ length: latestVersion() }, (_, i) => i + 1));
  });

  it('GIVEN a fresh database THEN every migration applies, each recorded in schema_version; again THEN nothing changes', async () => {
    const { pool } = await emptyDatabase();
    try {
      expect(await migratePostgres(pool)).toBe(latestVersion());
      const first = await versions(pool);
      expect(first.map((v) => v.version)).toEqual(PG_MIGRATIONS.map((m) => m.version));
      expect(first.map((v) => v.name)).toEqual(PG_MIGRATIONS.map((m) => m.name));
      await pool.query(`INSERT INTO debates (channel_id, host_id, host_name, motion, format_id, format_name, status, grace_ms, created_at)
        VALUES ('t1', 'h', 'Host', 'Motion', 'oxford', 'Oxford', 'open', 10000, 1)`);

      expect(await migratePostgres(pool)).toBe(latestVersion());
      expect(await versions(pool)).toEqual(first);
      expect((await pool.query('SELECT motion FROM debates')).rows).toEqual([{ motion: 'Motion' }]);
    } finally {
      await pool.end();
    }
  });

  it('GIVEN a database newer than the code THEN refused with a clear message naming DATABASE_URL without its password, and left as it was', async () => {
    const { url, pool } = await emptyDatabase();
    try {
      await migratePostgres(pool);
      await pool.query("INSERT INTO schema_version VALUES ($1, 'from the future', 0)", [latestVersion() + 1]);
      const err = await openPostgres(url).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DatabaseTooNewError);
      const message = (err as Error).message;
      expect(message).toContain(`is at schema version ${latestVersion() + 1}, newer than this version of Rostrum understands (${latestVersion()}). Upgrade Rostrum`);
      expect(message).toMatch(/DATABASE_URL=postgres:\/\/postgres:\*\*\*@/);
      expect(message).not.toContain(new URL(url).password);
      expect((await versions(pool)).length).toBe(latestVersion() + 1);
    } finally {
      await pool.end();
    }
  });

  it('GIVEN a migration that fails THEN its transaction rolls back and the version stays', async () => {
    const { pool } = await emptyDatabase();
    try {
      const broken = { version: latestVersion() + 1, name: 'broken', sql: 'CREATE TABLE half_done (x INTEGER); SELECT 1 / 0;' };
      await expect(migratePostgres(pool, [...PG_MIGRATIONS, broken])).rejects.toThrow('division by zero');
      expect((await versions(pool)).at(-1)?.version).toBe(latestVersion());
      expect((await pool.query("SELECT to_regclass('half_done') AS t")).rows[0].t).toBeNull();
    } finally {
      await pool.end();
    }
  });

  it('GIVEN two hosts starting at once THEN the schema is migrated once, and both start', async () => {
    const { url, pool } = await emptyDatabase();
    const other = await openPool(url, { max: 2 });
    try {
      expect(await Promise.all([migratePostgres(pool), migratePostgres(other)])).toEqual([latestVersion(), latestVersion()]);
      expect((await versions(pool)).length).toBe(latestVersion());
    } finally {
      await Promise.all([pool.end(), other.end()]);
    }
  });

  it('GIVEN migrations numbered out of order THEN refused', async () => {
    const { pool } = await emptyDatabase();
    try {
      await expect(migratePostgres(pool, [{ version: 2, name: 'x', sql: '' }])).rejects.toThrow('expected 1');
    } finally {
      await pool.end();
    }
  });
});

// ---- The two engines' schemas, compared ----

interface Column {
  name: string;
  type: string;
  notNull: boolean;
  default: string | null;
}
interface Schema {
  tables: Record<string, { columns: Column[]; primaryKey: string[]; foreignKeys: string[] }>;
  indexes: Record<string, string>;
  views: string[];
}

/** A default as written, without PostgreSQL's casts and quotes: '-1'::integer and -1 are the same. */
const plainDefault = (d: string | null) => (d === null ? null : d.replace(/::[a-z ]+$/i, '').replace(/^'(.*)'$/, '$1').replace(/^\((.*)\)$/, '$1'));

function sqliteSchema(): Schema {
  const db = openDatabase(':memory:');
  try {
    const names = db.prepare("SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string; type: string }[];
    const schema: Schema = { tables: {}, indexes: {}, views: names.filter((n) => n.type === 'view').map((n) => n.name) };
    for (const { name } of names.filter((n) => n.type === 'table')) {
      const info = db.pragma(`table_info(${name})`) as { name: string; type: string; notnull: number; dflt_value: string | null; pk: number }[];
      const fks = db.pragma(`foreign_key_list(${name})`) as { id: number; table: string; from: string; to: string; on_delete: string }[];
      const byId = new Map<number, typeof fks>();
      for (const fk of fks) byId.set(fk.id, [...(byId.get(fk.id) ?? []), fk]);
      schema.tables[name] = {
        columns: info.map((c) => ({ name: c.name, type: c.type, notNull: c.notnull === 1 || c.pk > 0, default: plainDefault(c.dflt_value) })),
        primaryKey: info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name),
        foreignKeys: [...byId.values()].map((cols) => `(${cols.map((c) => c.from)}) → ${cols[0].table} (${cols.map((c) => c.to)}) ON DELETE ${cols[0].on_delete}`).sort(),
      };
    }
    for (const ix of db.prepare("SELECT name, tbl_name AS tbl FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").all() as { name: string; tbl: string }[]) {
      const flags = (db.pragma(`index_list(${ix.tbl})`) as { name: string; unique: number; partial: number }[]).find((i) => i.name === ix.name)!;
      schema.indexes[ix.name] = `${ix.tbl}${flags.unique ? ' unique' : ''}${flags.partial ? ' partial' : ''}`;
    }
    return schema;
  } finally {
    db.close();
  }
}

async function postgresSchema(pool: Pool): Promise<Schema> {
  const q = async <T extends object>(sql: string) => (await pool.query<T>(sql)).rows;
  const schema: Schema = { tables: {}, indexes: {}, views: (await q<{ n: string }>("SELECT table_name AS n FROM information_schema.views WHERE table_schema = 'public' ORDER BY 1")).map((r) => r.n) };
  const tables = await q<{ n: string }>("SELECT table_name AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'schema_version' ORDER BY 1");
  for (const { n } of tables) {
    const columns = await q<{ column_name: string; data_type: string; is_nullable: string; column_default: string | null }>(
      `SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '${n}' ORDER BY ordinal_position`,
    );
    const constraints = await q<{ contype: string; cols: string[]; ftable: string | null; fcols: string[] | null; deltype: string }>(`
      SELECT c.contype, c.confdeltype AS deltype, c.confrelid::regclass::text AS ftable,
        ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i)::text[] AS cols,
        ARRAY(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i)::text[] AS fcols
      FROM pg_constraint c WHERE c.conrelid = '${n}'::regclass AND c.contype IN ('p', 'f')`);
    const onDelete: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };
    schema.tables[n] = {
      columns: columns.map((c) => ({ name: c.column_name, type: c.data_type, notNull: c.is_nullable === 'NO', default: plainDefault(c.column_default) })),
      primaryKey: constraints.find((c) => c.contype === 'p')?.cols ?? [],
      foreignKeys: constraints.filter((c) => c.contype === 'f').map((c) => `(${c.cols}) → ${c.ftable} (${c.fcols}) ON DELETE ${onDelete[c.deltype]}`).sort(),
    };
  }
  // Indexes made for a primary key or UNIQUE constraint are SQLite's automatic ones (which have no SQL): left out on both sides.
  const indexes = await q<{ name: string; tbl: string; uniq: boolean; partial: boolean }>(`
    SELECT i.relname AS name, t.relname AS tbl, x.indisunique AS uniq, x.indpred IS NOT NULL AS partial
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace s ON s.oid = t.relnamespace
    WHERE s.nspname = 'public' AND t.relname <> 'schema_version' AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)`);
  for (const ix of indexes) schema.indexes[ix.name] = `${ix.tbl}${ix.uniq ? ' unique' : ''}${ix.partial ? ' partial' : ''}`;
  return schema;
}

/** The PostgreSQL types each SQLite declared type may become. */
const SAME_TYPE: Record<string, string[]> = { INTEGER: ['integer', 'bigint'], TEXT: ['text'], REAL: ['double precision'], BLOB: ['bytea'] };

describe('the schema on both engines', () => {
  it('GIVEN both migrated to the latest version THEN the same tables, columns (order, nullability, defaults, types), keys, indexes and views', async () => {
    const { pool } = await emptyDatabase();
    try {
      await migratePostgres(pool);
      const lite = sqliteSchema();
      const pg = await postgresSchema(pool);
      expect(Object.keys(pg.tables).sort()).toEqual(Object.keys(lite.tables).sort());
      expect(pg.views).toEqual(lite.views);
      expect(pg.indexes).toEqual(lite.indexes);
      for (const [name, table] of Object.entries(lite.tables)) {
        const other = pg.tables[name];
        expect(other.columns.map((c) => c.name), name).toEqual(table.columns.map((c) => c.name));
        expect(other.primaryKey, `${name} primary key`).toEqual(table.primaryKey);
        expect(other.foreignKeys, `${name} foreign keys`).toEqual(table.foreignKeys);
        table.columns.forEach((c, i) => {
          const o = other.columns[i];
          const where = `${name}.${c.name}`;
          expect(o.notNull, `${where} NOT NULL`).toBe(c.notNull);
          expect(o.default, `${where} DEFAULT`).toBe(c.default);
          expect(SAME_TYPE[c.type], `${where}: SQLite type ${c.type}`).toContain(o.type);
          // Times and durations in ms, and ids, outgrow 32 bits.
          if (c.type === 'INTEGER' && /(_at|_ms|_until|^id|_id|^bytes)$/.test(c.name)) expect(o.type, `${where} is BIGINT`).toBe('bigint');
        });
      }
    } finally {
      await pool.end();
    }
  });
});
