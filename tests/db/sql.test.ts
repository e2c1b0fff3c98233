/** The Sql seam's contract, one body on both engines: binding, rows, changes, and transactions. */
import { describe, expect, it } from 'vitest';
import { bind, debateKey, ratingsKey, type Sql } from '../../src/db/sql.js';
import { eachEngine } from '../helpers/engines.js';

const TABLE = 'CREATE TABLE IF NOT EXISTS seam_test (id INTEGER PRIMARY KEY, n INTEGER NOT NULL, label TEXT)';

describe('bind', () => {
  it('numbers placeholders for the engine, leaving quoted ? and @ alone', () => {
    const out = bind("SELECT '?', \"a?\" FROM t WHERE x = ? AND y = '@y' AND z = ? -- why?\n", [1, 2], 'postgres');
    expect(out).toEqual({ text: "SELECT '?', \"a?\" FROM t WHERE x = $1 AND y = '@y' AND z = $2 -- why?\n", values: [1, 2] });
  });

  it('binds a name used twice once, and a list as the engine takes one', () => {
    const text = 'x = @a OR y = @a OR z IN (@ids) OR w NOT IN ( @ids )';
    expect(bind(text, { a: 'v', ids: [3, 4] }, 'postgres')).toEqual({ text: 'x = $1 OR y = $1 OR z = ANY($2) OR w <> ALL($3 )', values: ['v', [3, 4], [3, 4]] });
    expect(bind(text, { a: 'v', ids: [3, 4] }, 'sqlite')).toEqual({ text: 'x = ? OR y = ? OR z IN (?, ?) OR w NOT IN ( ?, ? )', values: ['v', 'v', 3, 4, 3, 4] });
  });

  it('refuses a list anywhere but the whole of an IN list', () => {
    expect(() => bind('x = ?', [[1]], 'sqlite')).toThrow(/IN \(\?\)/);
    expect(() => bind('x IN (?, 2)', [[1]], 'postgres')).toThrow(/IN \(\?\)/);
  });

  it('refuses a statement whose placeholders and values disagree', () => {
    expect(() => bind('x = ? AND y = ?', [1], 'sqlite')).toThrow(/more \?/);
    expect(() => bind('x = ?', [1, 2], 'sqlite')).toThrow(/1 \? but 2 values/);
    expect(() => bind('x = @a', { b: 1 }, 'sqlite')).toThrow(/@a/);
  });
});

eachEngine((store, engine) => {
  async function seeded() {
    const sql = await store();
    await sql.run(TABLE);
    await sql.run('DELETE FROM seam_test');
    for (const [id, n, label] of [[1, 10, 'a'], [2, 20, 'b'], [3, 30, null]] as const) {
      await sql.run('INSERT INTO seam_test (id, n, label) VALUES (?, ?, ?)', [id, n, label]);
    }
    return sql;
  }

  it('reads rows with mixed-case aliases kept, numbers as numbers', async () => {
    const sql = await seeded();
    const rows = await sql.all<{ rowId: number; total: number }>('SELECT id AS "rowId", n * 2 AS total FROM seam_test WHERE n >= ? ORDER BY id', [20]);
    expect(rows).toEqual([{ rowId: 2, total: 40 }, { rowId: 3, total: 60 }]);
    const sum = await sql.get<{ s: number; c: number }>('SELECT sum(n) AS s, count(*) AS c FROM seam_test');
    expect(sum).toEqual({ s: 60, c: 3 });
    expect(await sql.get('SELECT id FROM seam_test WHERE id = ?', [99])).toBeUndefined();
  });

  it('expands lists: IN an empty list matches nothing, NOT IN it everything', async () => {
    const sql = await seeded();
    const ids = async (where: string, list: number[]) =>
      (await sql.all<{ id: number }>(`SELECT id FROM seam_test WHERE ${where} ORDER BY id`, [list])).map((r) => r.id);
    expect(await ids('id IN (?)', [1, 3])).toEqual([1, 3]);
    expect(await ids('id IN (?)', [])).toEqual([]);
    expect(await ids('id NOT IN (?)', [])).toEqual([1, 2, 3]);
    expect(await ids('id NOT IN (?)', [2])).toEqual([1, 3]);
  });

  it('counts the rows a statement changed, and returns RETURNING rows', async () => {
    const sql = await seeded();
    expect(await sql.run('UPDATE seam_test SET n = n + 1 WHERE n < @limit', { limit: 25 })).toEqual({ changes: 2 });
    expect(await sql.get('INSERT INTO seam_test (id, n) VALUES (?, ?) RETURNING id, n', [4, 40])).toEqual({ id: 4, n: 40 });
    expect(await sql.run('INSERT INTO seam_test (id, n) VALUES (?, ?) ON CONFLICT DO NOTHING', [4, 41])).toEqual({ changes: 0 });
  });

  it('commits a transaction whole, and rolls it back whole when it throws', async () => {
    const sql = await seeded();
    await sql.exclusive(async () => {
      await sql.run('UPDATE seam_test SET n = 0 WHERE id = 1');
      await sql.run('DELETE FROM seam_test WHERE id = 2');
    });
    await expect(
      sql.exclusive(async () => {
        await sql.run('UPDATE seam_test SET n = -1 WHERE id = 3');
        throw new Error('decided against it');
      }),
    ).rejects.toThrow('decided against it');
    expect(await sql.all('SELECT id, n FROM seam_test ORDER BY id')).toEqual([{ id: 1, n: 0 }, { id: 3, n: 30 }]);
  });

  it('rolls a nested transaction back alone, keeping the outer one', async () => {
    const sql = await seeded();
    await sql.exclusive(async () => {
      await sql.run('UPDATE seam_test SET n = 11 WHERE id = 1');
      await sql.exclusive(async () => {
        await sql.run('UPDATE seam_test SET n = 12 WHERE id = 2');
        throw new Error('inner');
      }).catch(() => {});
      await sql.exclusive(async () => sql.run('UPDATE seam_test SET n = 33 WHERE id = 3'));
    });
    expect(await sql.all('SELECT id, n FROM seam_test ORDER BY id')).toEqual([{ id: 1, n: 11 }, { id: 2, n: 20 }, { id: 3, n: 33 }]);
  });

  it('runs transactions one at a time: read, wait, write never loses an update', async () => {
    const sql = await seeded();
    const bump = () =>
      sql.exclusive(async () => {
        const row = await sql.get<{ n: number }>('SELECT n FROM seam_test WHERE id = 1');
        await new Promise((r) => setTimeout(r, 2));
        await sql.run('UPDATE seam_test SET n = ? WHERE id = 1', [row!.n + 1]);
      });
    await Promise.all(Array.from({ length: 8 }, bump));
    expect(await sql.get('SELECT n FROM seam_test WHERE id = 1')).toEqual({ n: 18 });
  });

  it('keeps a statement made outside a transaction out of it: it is not rolled back with it', async () => {
    const sql = await seeded();
    let open!: () => void;
    const opened = new Promise<void>((r) => (open = r));
    // Made outside, as another interaction arriving while the transaction is open would be.
    const outside = opened.then(() => sql.run('UPDATE seam_test SET label = ? WHERE id = 2', ['kept']));
    await sql.exclusive(async () => {
      await sql.run('UPDATE seam_test SET n = 0 WHERE id = 1');
      open();
      await new Promise((r) => setTimeout(r, 5));
      throw new Error('roll back');
    }).catch(() => {});
    await outside;
    expect(await sql.all('SELECT id, n, label FROM seam_test WHERE id IN (?) ORDER BY id', [[1, 2]])).toEqual([
      { id: 1, n: 10, label: 'a' },
      { id: 2, n: 20, label: 'kept' },
    ]);
  });

  /** Starts a transaction that holds until let go; resolves `inside` once it is open. */
  function holding(sql: Sql, key?: string) {
    let letGo!: () => void;
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    const done = sql.exclusive(async () => {
      await sql.run('UPDATE seam_test SET n = n + 1 WHERE id = 1');
      entered();
      await new Promise<void>((r) => (letGo = r));
    }, key);
    return { inside, done, letGo: () => letGo() };
  }

  /** Whether a transaction of `key` finishes while `held` is open (within a generous wait). */
  async function passes(sql: Sql, key: string | undefined): Promise<boolean> {
    const t = sql.exclusive(() => sql.run('UPDATE seam_test SET n = n + 1 WHERE id = 2'), key).then(() => true);
    return Promise.race([t, new Promise<boolean>((r) => setTimeout(() => r(false), 300))]);
  }

  it('lets writers of different keys pass each other on PostgreSQL only; one key, or none, waits', async () => {
    const sql = await seeded();
    const a = holding(sql, debateKey(1));
    await a.inside;
    expect(await passes(sql, debateKey(2))).toBe(engine === 'postgres');
    expect(await passes(sql, debateKey(1))).toBe(false);
    expect(await passes(sql, undefined)).toBe(false);
    a.letGo();
    await a.done;
    const whole = holding(sql);
    await whole.inside;
    expect(await passes(sql, debateKey(3))).toBe(false);
    whole.letGo();
    await whole.done;
    // Every waiting writer got its turn once the holders let go: none lost.
    await new Promise((r) => setTimeout(r, 50));
    await sql.exclusive(async () => {});
    expect(await sql.all('SELECT id, n FROM seam_test WHERE id IN (?) ORDER BY id', [[1, 2]])).toEqual([{ id: 1, n: 12 }, { id: 2, n: 24 }]);
  });

  it('commits a redoable transaction whole; on PostgreSQL without waiting for the disk, the others still waiting', async () => {
    const sql = await seeded();
    const flushes = () => (engine === 'postgres' ? sql.get<{ synchronous_commit: string }>('SHOW synchronous_commit') : Promise.resolve(undefined));
    // The tests' server flushes nothing (tests/setup/postgres.ts): its connection is set to flush, as a durable server does.
    if (engine === 'postgres') await sql.exclusive(() => sql.run('SET synchronous_commit = on'));
    const seen = await sql.exclusive(async () => {
      await sql.run('UPDATE seam_test SET n = 5 WHERE id = 1');
      return flushes();
    }, debateKey(1), { redoable: true });
    const durable = await sql.exclusive(() => flushes(), debateKey(1));
    expect(await sql.get('SELECT n FROM seam_test WHERE id = 1')).toEqual({ n: 5 });
    if (engine === 'postgres') expect([seen?.synchronous_commit, durable?.synchronous_commit]).toEqual(['off', 'on']);
  });

  it('takes any text as a key, quotes and all, as text', async () => {
    const sql = await seeded();
    await sql.exclusive(() => sql.run('UPDATE seam_test SET n = 1 WHERE id = 1'), "g'1); DROP TABLE seam_test; --");
    expect(await sql.get('SELECT n FROM seam_test WHERE id = 1')).toEqual({ n: 1 });
  });

  it('makes a nested call naming another key wait for that key\'s writers too', async () => {
    const sql = await seeded();
    const ratings = holding(sql, ratingsKey('g1'));
    await ratings.inside;
    let nestedRan = false;
    const debate = sql.exclusive(async () => {
      await sql.run('UPDATE seam_test SET n = 0 WHERE id = 3');
      await sql.exclusive(async () => {
        nestedRan = true;
      }, ratingsKey('g1'));
    }, debateKey(7));
    await new Promise((r) => setTimeout(r, 150));
    expect(nestedRan).toBe(false);
    ratings.letGo();
    await Promise.all([ratings.done, debate]);
    expect(nestedRan).toBe(true);
  });

  it('runs afterCommit work once committed, never for a rollback or a rolled-back savepoint, at once outside', async () => {
    const sql = await seeded();
    const seen: string[] = [];
    sql.afterCommit(() => seen.push('outside'));
    expect(seen).toEqual(['outside']);
    await sql.exclusive(async () => {
      sql.afterCommit(() => seen.push('kept'));
      await sql.exclusive(async () => {
        sql.afterCommit(() => seen.push('savepoint undone'));
        throw new Error('inner');
      }).catch(() => {});
      // Before the commit, nothing has run.
      expect(seen).toEqual(['outside']);
    }, debateKey(1));
    await sql.exclusive(async () => {
      sql.afterCommit(() => seen.push('rolled back'));
      throw new Error('outer');
    }).catch(() => {});
    expect(seen).toEqual(['outside', 'kept']);
  });
});
