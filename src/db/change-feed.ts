/**
 * How one host tells the others that something they hold in memory changed in the store: a server's library
 * (its index must be rebuilt from the store), a ruling. On PostgreSQL it is LISTEN/NOTIFY (pg/change-feed.ts);
 * on SQLite every process that serves a guild is the one that changed it, so the feed stays in the process.
 */

/** What a subscriber is told: the payload published, or null when notices may have been missed (reload all). */
export type ChangeListener = (payload: string | null) => void;

export interface ChangeFeed {
  /** Tells every subscriber to `topic`, on every host and this one, of `payload` (a short id, not data). */
  publish(topic: string, payload: string): Promise<void>;
  /** Calls `listener` on each notice of `topic` from now on; the result stops it. */
  subscribe(topic: string, listener: ChangeListener): () => void;
  /** Resolves once every subscription made so far hears notices (PostgreSQL's LISTEN is a round trip). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/** Topics: lower-case words and underscores (PostgreSQL channel names, unquoted). */
export const TOPIC = /^[a-z_]{1,40}$/;

export function checkTopic(topic: string): void {
  if (!TOPIC.test(topic)) throw new RangeError(`a change topic is lower-case letters and underscores, got "${topic}"`);
}

/** Listeners by topic, shared by both feeds: one place that calls them and keeps one's error from the others. */
export class Listeners {
  private readonly byTopic = new Map<string, Set<ChangeListener>>();

  constructor(private readonly onError: (err: unknown, topic: string) => void) {}

  add(topic: string, listener: ChangeListener): () => void {
    checkTopic(topic);
    let set = this.byTopic.get(topic);
    if (!set) this.byTopic.set(topic, (set = new Set()));
    set.add(listener);
    return () => void set.delete(listener);
  }

  topics(): string[] {
    return [...this.byTopic.keys()];
  }

  tell(topic: string, payload: string | null): void {
    for (const listener of this.byTopic.get(topic) ?? []) {
      try {
        listener(payload);
      } catch (err) {
        this.onError(err, topic);
      }
    }
  }

  tellAll(payload: null): void {
    for (const topic of this.byTopic.keys()) this.tell(topic, payload);
  }
}

/** The feed of one process (SQLite): a notice reaches this process's subscribers on the next turn of the loop. */
export function localChangeFeed(onError: (err: unknown, topic: string) => void = () => {}): ChangeFeed {
  const listeners = new Listeners(onError);
  return {
    async publish(topic, payload) {
      checkTopic(topic);
      // Not synchronously: a publisher inside a transaction has its notice read after it, as NOTIFY's would be.
      setImmediate(() => listeners.tell(topic, payload));
    },
    subscribe: (topic, listener) => listeners.add(topic, listener),
    async settled() {},
    async close() {},
  };
}
