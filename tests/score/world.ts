/** A debate with the score attached, over a database file that can be closed and reopened (a restart). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandContext, ComponentContext } from '../../src/seam/command.js';
import type { Actor, Reply } from '../../src/seam/reply.js';
import { createChecker, type Checker } from '../../src/core/check/checker.js';
import { openDatabase, type Database } from '../../src/db/open.js';
import type { DebateService } from '../../src/debate/service.js';
import type { ScoreService } from '../../src/score/service.js';
import type { Services } from '../../src/app/services.js';
import type { PostedMessage } from '../../src/seam/reply.js';
import * as argue from '../../commands/argue.js';
import * as debate from '../../commands/debate.js';
import { FakeClock, fakeGateway, type FakeGateway } from '../debate/fakes.js';
import { makeCorpus } from '../helpers/corpus.js';
import { testServices } from '../helpers/services.js';

export const host: Actor = { id: 'host', name: 'Hosta', isModerator: false };
export const mod: Actor = { id: 'mod', name: 'Modra', isModerator: true };
export const ann: Actor = { id: 'ann', name: 'Ann', isModerator: false };
export const dan: Actor = { id: 'dan', name: 'Dan @everyone', isModerator: false };
export const eve: Actor = { id: 'eve', name: 'Eve', isModerator: false };

export const SERGE = 'the greatest reach of boldness of the Left Opposition';
export const corpus = makeCorpus({
  title: 'The Bureaucracy in Exile',
  author: 'Ann Author',
  prose: ['The industrialisation debate of the twenties divided the party between the Left Opposition and the majority.'],
  quotes: [
    { text: SERGE, speaker: 'Victor Serge', source: 'Memoirs of a Revolutionary, 225' },
    { text: 'the party must plan the economy or the economy will plan the party', speaker: 'Leon Trotsky' },
  ],
});

const dirs: string[] = [];
export function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rostrum-score-'));
  dirs.push(dir);
  return join(dir, 'rostrum.sqlite');
}
export function cleanTemp(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export interface World {
  clock: FakeClock;
  gateway: FakeGateway;
  db: Database;
  debates: DebateService;
  scores: ScoreService;
  services: Services;
  /** Resolves once the services have started; each method below waits for it (read the store directly after it). */
  ready: Promise<void>;
  run(actor: Actor, sub: string, options?: CommandContext['options'], channelId?: string): Promise<Reply>;
  /** /debate end, then its confirmation button pressed: what the button answers. */
  endAs(actor: Actor): Promise<Reply>;
  argueAs(actor: Actor, text: string, source?: string, extra?: CommandContext['options']): Promise<Reply>;
  press(actor: Actor, customId: string, module: { component?: (ctx: ComponentContext) => Promise<Reply> }): Promise<Reply>;
  command(mod: { execute(ctx: CommandContext): Promise<Reply> }, actor: Actor, options?: CommandContext['options'], sub?: string | null): Promise<Reply>;
  post(actor: Actor, messageId: string, content: string, replyTo?: string): Promise<Reply | null>;
  edit(actor: Actor, messageId: string, content: string): Promise<void>;
  remove(messageId: string): Promise<void>;
  /** What the announcement of argument `id` (its stored id) shows now: its post, or its latest edit. */
  announcement(id: number): Promise<Reply | null>;
  /** Stops timers, waits for queued posts and closes the database (a restart is `world(path, clock)` again). */
  close(): Promise<void>;
}

export const checker = createChecker(corpus);

/** Services as the composition root builds them, over `path` (":memory:" by default) and a fake clock, started. */
export function world(path = ':memory:', clock = new FakeClock(), opts: { challengeSeconds?: number; checker?: () => Checker; gateway?: FakeGateway } = {}): World {
  const gateway = opts.gateway ?? fakeGateway(clock);
  const db = openDatabase(path);
  const services = testServices(corpus, clock, { db, checker: opts.checker ?? (() => checker), challengeSeconds: opts.challengeSeconds });
  const { debates, scores } = services;
  // Every step below waits for the start (overdue posts, checks and challenges done), as the bot answers nothing before.
  const ready = services.start(gateway);
  const after = <A extends unknown[], R>(fn: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
    await ready;
    return fn(...args);
  };
  const thread = 'thread-1';
  const ctxOf = (actor: Actor, options: CommandContext['options'] = {}, sub: string | null = null, channelId = thread): CommandContext => ({
    services, actor, guildId: 'g1', channelId, subcommand: sub, options, channels: gateway, commands: [],
  });
  const message = (actor: Actor, messageId: string, content: string, replyTo?: string): PostedMessage => ({
    actor, guildId: 'g1', channelId: thread, messageId, content, channels: gateway, replyToMessageId: replyTo ?? null,
  });
  return {
    clock, gateway, db, debates, scores, services, ready,
    run: after((actor, sub, options = {}, channelId = thread) => debate.execute(ctxOf(actor, options, sub, channelId))),
    endAs: after(async (actor) => {
      const asked = await debate.execute(ctxOf(actor, {}, 'end'));
      const confirm = asked.buttons?.flat().find((b) => b.customId.endsWith(':confirm'));
      if (!confirm) return asked;
      return debate.component({ services, commands: [], actor, guildId: 'g1', channelId: thread, channels: gateway, args: confirm.customId.split(':').slice(1) });
    }),
    argueAs: after((actor: Actor, text: string, source?: string, extra: CommandContext['options'] = {}) => argue.execute(ctxOf(actor, { text, source, ...extra }))),
    press: after((actor: Actor, customId: string, module: { component?: (ctx: ComponentContext) => Promise<Reply> }) =>
      module.component!({ services, commands: [], actor, guildId: 'g1', channelId: thread, channels: gateway, args: customId.split(':').slice(1) })),
    command: after((m: { execute(ctx: CommandContext): Promise<Reply> }, actor: Actor, options: CommandContext['options'] = {}, sub: string | null = null) => m.execute(ctxOf(actor, options, sub))),
    post: after((actor: Actor, id: string, content: string, replyTo?: string) => services.onMessage(message(actor, id, content, replyTo))),
    edit: after((actor: Actor, id: string, content: string) => services.onMessageEdit(message(actor, id, content))),
    remove: after((id: string) => services.onMessageDelete(thread, id)),
    announcement: after(async (id: number) => {
      await scores.idle();
      const messageId = (await scores.argument(id))?.announcementId;
      return (messageId && gateway.sent.filter((s) => s.messageId === messageId).at(-1)?.reply) || null;
    }),
    close: async () => {
      await ready.catch(() => undefined);
      await services.close();
    },
  };
}

/** Opens a debate in thread-1 (open floor, 60 s turns) with Ann (For) and Dan (Against), and begins it: Ann speaks. */
export async function begun(w: World): Promise<void> {
  await w.run(host, 'start', { motion: 'This house regrets Stalin', format: 'open-floor', turn_seconds: 60 }, 'c1');
  await w.run(ann, 'join', { side: 'for' });
  await w.run(dan, 'join', { side: 'against' });
  await w.run(host, 'begin');
}
