/** A fake clock with timers, a gateway recording posts and edits, and a silent logger. */
import pino from 'pino';
import type { ChannelGateway, Reply } from '../../src/seam/reply.js';
import type { Timers } from '../../src/debate/scheduler.js';

export const silent = pino({ level: 'silent' });

export class FakeClock implements Timers {
  now: number;
  private timers: { at: number; fn: () => unknown; id: number }[] = [];
  private nextId = 1;
  constructor(start = 1_700_000_000_000) {
    this.now = start;
  }
  read = (): number => this.now;
  setTimeout(fn: () => void, ms: number): unknown {
    const t = { at: this.now + ms, fn, id: this.nextId++ };
    this.timers.push(t);
    return t.id;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }
  pending(): number {
    return this.timers.length;
  }
  /**
   * Moves time forward, running each timer at its time, in order. A timer whose callback returns a promise (the
   * deadline timers' look at the store) is awaited, with whatever it set going, before the next one runs: await
   * the result then. With callbacks that return nothing, all of it happens before this returns.
   */
  advance(ms: number): Promise<void> {
    const end = this.now + ms;
    for (let t = this.due(end); t; t = this.due(end)) {
      const out: unknown = t.fn();
      if (out instanceof Promise) return this.advanceAwaiting(out, end);
    }
    this.now = end;
    return Promise.resolve();
  }

  private async advanceAwaiting(running: Promise<unknown>, end: number): Promise<void> {
    await running;
    await settled();
    for (let t = this.due(end); t; t = this.due(end)) {
      await t.fn();
      await settled();
    }
    this.now = end;
  }

  /** The next timer due by `end`, taken off the list, the clock moved to its time. */
  private due(end: number): { at: number; fn: () => unknown } | undefined {
    this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
    const t = this.timers[0];
    if (!t || t.at > end) return undefined;
    this.timers.shift();
    this.now = Math.max(this.now, t.at);
    return t;
  }
}

/** Lets promise callbacks run until none is left (the store's statements included: SQLite answers at once). */
export const settled = (): Promise<void> => new Promise((r) => setImmediate(r));

export interface Sent {
  kind: 'post' | 'edit' | 'thread';
  channelId: string;
  messageId: string;
  reply: Reply;
  at: number;
}

/** Discord's answers the fake gateway can fail with (status and code as DiscordAPIError carries them). */
export const DISCORD_ERRORS = {
  403: { message: 'Missing Permissions', code: 50013 },
  404: { message: 'Unknown Channel', code: 10003 },
  500: { message: 'Internal Server Error', code: 0 },
} as const;

export type FailStatus = keyof typeof DISCORD_ERRORS;

export function discordError(status: FailStatus): Error & { status: number; code: number } {
  const e = DISCORD_ERRORS[status];
  return Object.assign(new Error(e.message), { name: 'DiscordAPIError', status, code: e.code });
}

export interface Failure {
  status: FailStatus;
  /** Only posts and edits in this channel fail (default: all). */
  channelId?: string;
  /** Only this many calls fail (default: until `recover()`). */
  times?: number;
}

export type FakeGateway = ChannelGateway & {
  sent: Sent[];
  texts(): string[];
  /** Calls refused so far, oldest first. */
  refused: { kind: 'post' | 'edit'; channelId: string; status: FailStatus }[];
  /** Posts and edits fail like Discord would, from now on. */
  fail(f: Failure): void;
  recover(): void;
  /** Posts and edits never answer from now on (a process about to be killed); `recover()` ends that too. */
  hang(): void;
  /** Posts are taken (shown, their nonce kept) but the answer never comes back: a crash right after Discord's answer. */
  loseAnswers(): void;
};

export function fakeGateway(clock: { now: number }, opts: { threads?: boolean } = {}): FakeGateway {
  const sent: Sent[] = [];
  const refused: FakeGateway['refused'] = [];
  let failure: Failure | null = null;
  let hanging = false;
  let losing = false;
  let n = 0;
  /** As Discord: a nonce already posted in the channel answers with that message. */
  const nonces = new Map<string, string>();
  const check = (kind: 'post' | 'edit', channelId: string): Promise<void> | void => {
    if (hanging) return new Promise(() => {});
    if (!failure || (failure.channelId && failure.channelId !== channelId)) return;
    if (failure.times !== undefined && failure.times-- <= 0) {
      failure = null;
      return;
    }
    refused.push({ kind, channelId, status: failure.status });
    throw discordError(failure.status);
  };
  return {
    sent,
    refused,
    fail: (f) => void (failure = { ...f }),
    recover: () => void ((failure = null), (hanging = false), (losing = false)),
    hang: () => void (hanging = true),
    loseAnswers: () => void (losing = true),
    texts: () => sent.map((s) => `${s.kind} ${s.messageId}: ${s.reply.content ?? s.reply.embeds?.[0]?.title ?? ''}`),
    async createThread(channelId, name) {
      if (opts.threads === false) return null;
      const id = `thread-${++n}`;
      sent.push({ kind: 'thread', channelId, messageId: id, reply: { content: name }, at: clock.now });
      return id;
    },
    async post(channelId, reply, nonce) {
      await check('post', channelId);
      const earlier = nonce === undefined ? undefined : nonces.get(`${channelId}/${nonce}`);
      if (earlier) return earlier;
      const id = `msg-${++n}`;
      sent.push({ kind: 'post', channelId, messageId: id, reply, at: clock.now });
      if (nonce !== undefined) nonces.set(`${channelId}/${nonce}`, id);
      if (losing) return new Promise<string>(() => {});
      return id;
    },
    async edit(channelId, messageId, reply) {
      await check('edit', channelId);
      sent.push({ kind: 'edit', channelId, messageId, reply, at: clock.now });
    },
  };
}
