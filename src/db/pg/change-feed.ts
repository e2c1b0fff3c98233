/**
 * The change feed (../change-feed.ts) over PostgreSQL's LISTEN/NOTIFY. NOTIFY inside a transaction is sent when
 * it commits (and never if it rolls back). One connection listens for this host; when it drops, the feed
 * reconnects (1 s, doubling to 30 s) and tells every subscriber null: notices sent meanwhile are lost, so each
 * reloads what it holds.
 */
import pg from 'pg';
import type { Logger } from 'pino';
import { checkTopic, Listeners, type ChangeFeed } from '../change-feed.js';
import type { Sql } from '../sql.js';

const FIRST_RETRY_MS = 1_000;
const LAST_RETRY_MS = 30_000;

/** A feed publishing through `sql` (so a notice in a transaction waits for its commit), listening on its own connection to `url`. */
export async function postgresChangeFeed(sql: Sql, url: string, log?: Logger): Promise<ChangeFeed> {
  const listeners = new Listeners((err, topic) => log?.error({ err, topic }, 'a change listener failed'));
  let client: pg.Client | null = null;
  let closed = false;
  let retryMs = FIRST_RETRY_MS;
  let retry: NodeJS.Timeout | null = null;
  let listening: Promise<unknown> = Promise.resolve();

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (n) => listeners.tell(n.channel, n.payload ?? ''));
    c.on('error', (err) => {
      log?.warn({ err: err.message }, 'the PostgreSQL change feed lost its connection; reconnecting');
      lost(c);
    });
    c.on('end', () => lost(c));
    await c.connect();
    for (const topic of listeners.topics()) await c.query(`LISTEN ${topic}`);
    client = c;
  };

  const lost = (c: pg.Client) => {
    if (client !== c || closed) return;
    client = null;
    c.end().catch(() => {});
    schedule();
  };

  const schedule = () => {
    if (retry || closed) return;
    retry = setTimeout(() => {
      retry = null;
      connect().then(
        () => {
          retryMs = FIRST_RETRY_MS;
          listeners.tellAll(null);
        },
        () => {
          retryMs = Math.min(retryMs * 2, LAST_RETRY_MS);
          schedule();
        },
      );
    }, retryMs);
    retry.unref();
  };

  await connect();
  return {
    async publish(topic, payload) {
      checkTopic(topic);
      await sql.run('SELECT pg_notify(?, ?)', [topic, payload]);
    },
    subscribe(topic, listener) {
      const isNew = !listeners.topics().includes(topic);
      const stop = listeners.add(topic, listener);
      if (isNew && client) {
        listening = client.query(`LISTEN ${topic}`).catch((err: Error) => log?.warn({ err: err.message, topic }, 'LISTEN failed; the feed will listen again when it reconnects'));
      }
      return stop;
    },
    async settled() {
      await listening;
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      await client?.end().catch(() => {});
      client = null;
    },
  };
}
