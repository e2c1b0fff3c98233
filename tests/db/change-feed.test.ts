/** The change feed: in one process (SQLite), and between hosts over LISTEN/NOTIFY (PostgreSQL). */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { localChangeFeed, type ChangeFeed } from '../../src/db/change-feed.js';
import { postgresChangeFeed } from '../../src/db/pg/change-feed.js';
import { openPostgres } from '../../src/db/pg/open.js';
import type { Pool } from '../../src/db/pg/pool.js';
import { postgresSql } from '../../src/db/pg/sql-postgres.js';
import { useTestDatabase } from '../helpers/postgres.js';

/** Resolves with what `feed` hears on `topic` until `count` notices, or after `ms` with what it heard. */
function hear(feed: ChangeFeed, topic: string, count: number, ms = 2_000): Promise<(string | null)[]> {
  const heard: (string | null)[] = [];
  return new Promise((resolve) => {
    const done = () => {
      stop();
      clearTimeout(timer);
      resolve(heard);
    };
    const stop = feed.subscribe(topic, (p) => {
      heard.push(p);
      if (heard.length >= count) done();
    });
    const timer = setTimeout(done, ms);
  });
}

describe('in one process', () => {
  it('GIVEN subscribers to two topics THEN a notice reaches its topic only, even when one listener throws', async () => {
    const errors: string[] = [];
    const feed = localChangeFeed((_err, topic) => errors.push(topic));
    feed.subscribe('library', () => {
      throw new Error('broken listener');
    });
    const library = hear(feed, 'library', 1);
    const rulings = hear(feed, 'rulings', 1, 50);
    await feed.publish('library', 'g1');
    expect(await library).toEqual(['g1']);
    expect(await rulings).toEqual([]);
    expect(errors).toEqual(['library']);
  });

  it('refuses a topic PostgreSQL would not take as a channel name', async () => {
    await expect(localChangeFeed().publish('Library; DROP', 'x')).rejects.toThrow(/lower-case/);
  });
});

describe('between hosts, on PostgreSQL', () => {
  const url = useTestDatabase();
  let pool: Pool | null = null;
  const feeds: ChangeFeed[] = [];
  afterEach(async () => {
    for (const f of feeds.splice(0)) await f.close();
  });
  afterAll(async () => {
    await pool?.end();
  });
  const host = async () => {
    pool ??= await openPostgres(url());
    const sql = postgresSql(pool);
    const feed = await postgresChangeFeed(sql, url());
    feeds.push(feed);
    return { sql, feed };
  };

  it('GIVEN two hosts THEN a notice one publishes reaches both', async () => {
    const a = await host();
    const b = await host();
    const atA = hear(a.feed, 'library', 1);
    const atB = hear(b.feed, 'library', 1);
    await Promise.all([a.feed.settled(), b.feed.settled()]);
    await a.feed.publish('library', 'g42');
    expect(await atB).toEqual(['g42']);
    expect(await atA).toEqual(['g42']);
  });

  it('GIVEN a notice inside a transaction THEN it is heard after the commit, and never when it rolls back', async () => {
    const a = await host();
    const b = await host();
    const heard = hear(b.feed, 'library', 2, 1_000);
    await b.feed.settled();
    await a.sql.exclusive(async () => {
      await a.feed.publish('library', 'rolled-back');
      throw new Error('changed my mind');
    }).catch(() => {});
    await a.sql.exclusive(async () => a.feed.publish('library', 'committed'));
    expect(await heard).toEqual(['committed']);
  });

  it('GIVEN the listening connection is cut THEN the host reconnects, tells its subscribers to reload (null), and hears notices again', async () => {
    const a = await host();
    const b = await host();
    const heard = hear(b.feed, 'rulings', 2, 6_000);
    await b.feed.settled();
    // Every connection listening on "rulings" is cut (b's listener); a's publishing goes through the pool.
    await pool!.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN rulings'");
    const reload = await new Promise<string | null>((resolve) => {
      const stop = b.feed.subscribe('rulings', (p) => {
        stop();
        resolve(p);
      });
    });
    expect(reload).toBeNull();
    await b.feed.settled();
    await a.feed.publish('rulings', 'after');
    expect(await heard).toEqual([null, 'after']);
  });
});
