/**
 * Who may do what, through the commands, case by case; and server boundaries: crafted interactions naming
 * another server's channel, debate, argument or button are refused, saying so, with nothing changed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { CommandContext, ComponentContext } from '../../src/seam/command.js';
import type { Actor, ChannelAccess, Reply } from '../../src/seam/reply.js';
import { refusalFor, type Action } from '../../src/seam/permissions.js';
import { ELSEWHERE } from '../../src/seam/permissions.js';
import * as debate from '../../commands/debate.js';
import * as argue from '../../commands/argue.js';
import * as verdict from '../../commands/verdict.js';
import * as sources from '../../commands/sources.js';
import * as checkSources from '../../commands/check-sources.js';
import { ann, begun, dan, host, world, type World } from '../score/world.js';

const THREADS = PermissionFlagsBits.ManageThreads;
const MESSAGES = PermissionFlagsBits.ManageMessages;
const READ = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ReadMessageHistory;

/** A member as Discord describes them: their permissions in the channel used in, nothing assumed. */
const member = (id: string, permissions: bigint): Actor => ({ id, name: id, isModerator: false, permissions });
const threadsMod = member('tina', THREADS);
const messagesMod = member('mona', MESSAGES);

const worlds: World[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
});
const make = (): World => {
  const w = world();
  worlds.push(w);
  return w;
};

/** A context as a (possibly crafted) interaction makes it: any server, any channel, channelAccess as Discord would answer. */
function ctx(w: World, actor: Actor, o: { guildId?: string; channelId?: string; sub?: string | null; options?: CommandContext['options']; access?: Record<string, ChannelAccess> } = {}): CommandContext {
  const access = o.access;
  return {
    services: w.services,
    commands: [],
    actor,
    guildId: o.guildId ?? 'g1',
    channelId: o.channelId ?? 'thread-1',
    subcommand: o.sub ?? null,
    options: o.options ?? {},
    channels: w.gateway,
    ...(access ? { channelAccess: async (id: string) => access[id] ?? { guildId: null, permissions: null } } : {}),
  };
}
const press = (c: CommandContext, customId: string): ComponentContext => {
  const { subcommand: _s, options: _o, ...rest } = c;
  return { ...rest, args: customId.split(':').slice(1) };
};
/** The debate of thread-1 as stored (ended or not). */
const status = async (w: World) => (await w.debates.repo.load((await w.scores.repo.debateOfChannel('thread-1'))!))!;
const refused = (r: Reply, content: string) => expect(r).toEqual({ ephemeral: true, content });

describe('each moderator action checks the permission its refusal names', () => {
  it('GIVEN /debate begin, pause, resume, extend, next, end THEN Manage Messages alone is refused naming Manage Threads; Manage Threads is allowed', async () => {
    const w = make();
    await w.run(host, 'start', { motion: 'This house regrets Stalin', format: 'open-floor', turn_seconds: 60 }, 'c1');
    await w.run(ann, 'join', { side: 'for' });
    await w.run(dan, 'join', { side: 'against' });
    const steps: [string, Action, CommandContext['options'], string][] = [
      ['begin', '/debate begin', {}, 'running'],
      ['pause', '/debate pause', {}, 'paused'],
      ['resume', '/debate resume', {}, 'running'],
      ['extend', '/debate extend', { seconds: 30 }, 'running'],
      ['next', '/debate next', {}, 'running'],
      ['end', '/debate end', {}, 'ended'],
    ];
    for (const [sub, action, options, after] of steps) {
      const before = JSON.stringify(await status(w));
      const no = await debate.execute(ctx(w, messagesMod, { sub, options }));
      refused(no, refusalFor(action));
      expect(no.content, sub).toContain('Manage Threads');
      expect(JSON.stringify(await status(w)), `${sub} refused changes nothing`).toBe(before);
      let yes = await debate.execute(ctx(w, threadsMod, { sub, options }));
      // Ending asks first: the permission is checked again when its button is pressed.
      const confirm = yes.buttons?.flat().find((b) => b.customId.endsWith(':confirm'));
      if (confirm) {
        refused(await debate.component(press(ctx(w, messagesMod), confirm.customId)), refusalFor(action));
        expect((await status(w)).status, `${sub} refused at the button changes nothing`).not.toBe(after);
        yes = await debate.component(press(ctx(w, threadsMod), confirm.customId));
      }
      expect(yes.content, sub).not.toMatch(/Only/);
      expect((await status(w)).status, sub).toBe(after);
    }
  });

  it('GIVEN an argument THEN /debate challenge and the Citation needed button refuse an outsider with Manage Messages alone, naming Manage Threads; Manage Threads may', async () => {
    const w = make();
    await begun(w);
    await w.argueAs(ann, 'Stalin was wrong about everything.');
    const id = (await w.scores.repo.byNumber((await w.scores.repo.debateOfChannel('thread-1'))!, 1))!.id;
    refused(await debate.execute(ctx(w, messagesMod, { sub: 'challenge', options: { argument: '#1' } })), refusalFor('/debate challenge, Citation needed'));
    refused(await verdict.component(press(ctx(w, messagesMod), `verdict:challenge:${id}`)), refusalFor('/debate challenge, Citation needed'));
    expect(refusalFor('/debate challenge, Citation needed')).toContain('Manage Threads');
    expect((await w.scores.argument(id))!.challenge).toBeNull();
    expect((await debate.execute(ctx(w, threadsMod, { sub: 'challenge', options: { argument: '#1' } }))).content).toMatch(/^You challenged argument #1/);
  });

  it('GIVEN /verdict override and show THEN Manage Threads alone is refused naming Manage Messages; Manage Messages may', async () => {
    const w = make();
    await begun(w);
    await w.argueAs(ann, 'Stalin was wrong about everything.');
    const options = { message_id: '#1', verdict: 'verified', reason: 'Checked the book' };
    refused(await verdict.execute(ctx(w, threadsMod, { sub: 'override', options })), refusalFor('/verdict override'));
    refused(await verdict.execute(ctx(w, threadsMod, { sub: 'show', options: { message_id: '#1' } })), refusalFor('/verdict show'));
    expect(refusalFor('/verdict override')).toContain('Manage Messages');
    expect(refusalFor('/verdict show')).toContain('Manage Messages');
    expect(await w.scores.repo.overrides(1)).toEqual([]);
    expect((await verdict.execute(ctx(w, messagesMod, { sub: 'override', options }))).content).toMatch(/^argument #1 .* is now ✅ verified/);
    expect(JSON.stringify(await verdict.execute(ctx(w, messagesMod, { sub: 'show', options: { message_id: '#1' } })))).toContain('Checked the book');
  });

  it('GIVEN /sources on a channel THEN without View Channel or Read Message History there it is refused, naming them; with both it is read', async () => {
    const w = make();
    const asked: string[] = [];
    w.gateway.fetchMessages = async (channelId) => (asked.push(channelId), []);
    const here = (permissions: bigint) => ({ 'thread-9': { guildId: 'g1', permissions } });
    for (const lacking of [PermissionFlagsBits.ViewChannel, PermissionFlagsBits.ReadMessageHistory]) {
      const r = await sources.execute(ctx(w, ann, { options: { thread: 'thread-9' }, access: here(READ & ~lacking) }));
      refused(r, refusalFor('/sources, Export as Markdown'));
    }
    expect(refusalFor('/sources, Export as Markdown')).toMatch(/View Channel and Read Message History/);
    expect(asked).toEqual([]);
    await sources.execute(ctx(w, ann, { options: { thread: 'thread-9' }, access: here(READ) }));
    expect(asked).toEqual(['thread-9']);
  });
});

describe('server boundaries', () => {
  it('GIVEN one server\'s id and another\'s thread THEN /debate end, status, a moderator action and /argue are refused; the debate runs on untouched', async () => {
    const w = make();
    await begun(w);
    const before = JSON.stringify(await status(w));
    const admin = member('root', PermissionFlagsBits.Administrator);
    for (const sub of ['end', 'status', 'pause', 'leave']) {
      refused(await debate.execute(ctx(w, admin, { guildId: 'g2', sub })), ELSEWHERE.debate);
    }
    refused(await argue.execute(ctx(w, ann, { guildId: 'g2', options: { text: 'Crossed over.' } })), ELSEWHERE.debate);
    expect(await debate.autocomplete({ ...ctx(w, ann, { guildId: 'g2' }), focused: { name: 'side', value: '' } })).toEqual([]);
    expect(JSON.stringify(await status(w))).toBe(before);
    expect(await w.debates.arguments((await status(w)).id)).toEqual([]);
  });

  it('GIVEN a Join button pressed from another server THEN refused and nobody joins', async () => {
    const w = make();
    await w.run(host, 'start', { motion: 'This house regrets Stalin', format: 'open-floor' }, 'c1');
    const id = (await status(w)).id;
    refused(await debate.component(press(ctx(w, ann, { guildId: 'g2', channelId: 'c9' }), `debate:join:${id}:for`)), ELSEWHERE.debate);
    refused(await debate.component(press(ctx(w, ann, { guildId: 'g2', channelId: 'c9' }), `debate:poi:${id}:accept`)), ELSEWHERE.debate);
    expect((await status(w)).participants).toEqual([]);
    expect((await debate.component(press(ctx(w, ann, { channelId: 'c1' }), `debate:join:${id}:for`))).content).toBe('You joined For.');
  });

  it('GIVEN /debate start in a channel Discord says is another server\'s THEN refused, no thread made', async () => {
    const w = make();
    const r = await debate.execute(ctx(w, host, { guildId: 'g2', channelId: 'c1', sub: 'start', options: { motion: 'Crossed' }, access: { c1: { guildId: 'g1', permissions: 0n } } }));
    refused(r, ELSEWHERE.channel);
    expect(w.gateway.sent).toEqual([]);
  });

  it('GIVEN an argument of one server THEN /verdict by number, by link and the Citation needed button from another server are refused, nothing recorded', async () => {
    const w = make();
    await begun(w);
    await w.post(ann, '223456789012345678', 'Stalin was wrong about everything.');
    const a = (await w.scores.repo.byNumber((await w.scores.repo.debateOfChannel('thread-1'))!, 1))!;
    const boss = member('boss', MESSAGES | THREADS);
    const rule = { verdict: 'verified', reason: 'Crossed' };
    refused(await verdict.execute(ctx(w, boss, { guildId: 'g2', sub: 'override', options: { message_id: '#1', ...rule } })), ELSEWHERE.argument);
    refused(await verdict.execute(ctx(w, boss, { guildId: 'g2', sub: 'show', options: { message_id: '#1' } })), ELSEWHERE.argument);
    const byId = await verdict.execute(ctx(w, boss, { guildId: 'g2', channelId: 'c9', sub: 'override', options: { message_id: '223456789012345678', ...rule } }));
    expect(byId.content).toMatch(/^No debate argument on this server was made by that message/);
    refused(await verdict.component(press(ctx(w, boss, { guildId: 'g2', channelId: 'c9' }), `verdict:challenge:${a.id}`)), ELSEWHERE.argument);
    const after = (await w.scores.argument(a.id))!;
    expect(after.override).toBeNull();
    expect(after.challenge).toBeNull();
  });

  it('GIVEN /sources thread:<another server\'s channel> THEN refused before anything is read, and its export button gives nothing', async () => {
    const w = make();
    const asked: string[] = [];
    w.gateway.fetchMessages = async (channelId) => (asked.push(channelId), [{ id: '1', authorId: 'x', authorName: 'x', content: 'secret words' }]);
    const access = { 'other-1': { guildId: 'g9', permissions: READ }, c1: { guildId: 'g1', permissions: READ } };
    refused(await sources.execute(ctx(w, ann, { channelId: 'c1', options: { thread: 'other-1' }, access })), ELSEWHERE.channel);
    // Its own channel, claimed by another server: refused too.
    refused(await sources.execute(ctx(w, ann, { guildId: 'g2', channelId: 'c1', access })), ELSEWHERE.channel);
    const exported = await sources.component(press(ctx(w, ann, { channelId: 'c1', access }), 'sources:export:other-1'));
    expect(exported.attachments).toBeUndefined();
    expect(asked).toEqual([]);
  });

  it('GIVEN a review kept for one person THEN another\'s crafted export of that channel is not handed it', async () => {
    const w = make();
    w.gateway.fetchMessages = async () => [{ id: '1', authorId: 'x', authorName: 'x', content: '"private words" said someone' }];
    const access = { 'thread-7': { guildId: 'g1', permissions: READ } };
    const mine = await sources.execute(ctx(w, ann, { channelId: 'c1', options: { thread: 'thread-7' }, access }));
    expect(mine.embeds).toBeDefined();
    expect((await sources.component(press(ctx(w, ann, { channelId: 'c1', access }), 'sources:export:thread-7'))).attachments).toHaveLength(1);
    // Dan pressing a button he was never shown: Discord tells nothing of his permissions in thread-7.
    const theirs = await sources.component(press(ctx(w, dan, { channelId: 'c1', access: { 'thread-7': { guildId: 'g1', permissions: null } } }), 'sources:export:thread-7'));
    expect(theirs.attachments).toBeUndefined();
    expect(theirs.content).toMatch(/Run \/sources again/);
  });

  it('GIVEN Check sources from another server on a recorded argument\'s message THEN the stored verdict is not shown there', async () => {
    const w = make();
    await begun(w);
    await w.post(ann, '223456789012345678', 'The Left Opposition was right.');
    const message = { id: '223456789012345678', authorId: 'ann', authorName: 'Ann', content: 'The Left Opposition was right.' };
    const here = await checkSources.execute({ ...ctx(w, dan), targetMessage: message });
    const there = await checkSources.execute({ ...ctx(w, dan, { guildId: 'g2' }), targetMessage: message });
    expect(JSON.stringify(here)).toContain('#1');
    expect(JSON.stringify(there)).not.toContain('#1');
  });
});
