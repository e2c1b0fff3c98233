/** A fake clock with timers, a gateway recording posts and edits, and a silent logger. */
import pino from 'pino';
import type { ChannelGateway, Reply } from '../../src/seam/command.js';
import type { Timers } from '../../src/debate/scheduler.js';

export const silent = pino({ level: 'silent' });

export class FakeClock implements Timers {
  now: number;
  private timers: { at: number; fn: () => void; id: number }[] = [];
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
  /** Moves time forward, running each timer at its time, in order. */
  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const t = this.timers[0];
      if (!t || t.at > end) break;
      this.timers.shift();
      this.now = Math.max(this.now, t.at);
      t.fn();
    }
    this.now = end;
  }
}

export interface Sent {
  kind: 'post' | 'edit' | 'thread';
  channelId: string;
  messageId: string;
  reply: Reply;
  at: number;
}

export function fakeGateway(clock: { now: number }, opts: { threads?: boolean } = {}): ChannelGateway & { sent: Sent[]; texts(): string[] } {
  const sent: Sent[] = [];
  let n = 0;
  return {
    sent,
    texts: () => sent.map((s) => `${s.kind} ${s.messageId}: ${s.reply.content ?? s.reply.embeds?.[0]?.title ?? ''}`),
    async createThread(channelId, name) {
      if (opts.threads === false) return null;
      const id = `thread-${++n}`;
      sent.push({ kind: 'thread', channelId, messageId: id, reply: { content: name }, at: clock.now });
      return id;
    },
    async post(channelId, reply) {
      const id = `msg-${++n}`;
      sent.push({ kind: 'post', channelId, messageId: id, reply, at: clock.now });
      return id;
    },
    async edit(channelId, messageId, reply) {
      sent.push({ kind: 'edit', channelId, messageId, reply, at: clock.now });
    },
  };
}
