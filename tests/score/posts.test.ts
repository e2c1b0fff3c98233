/**
 * Every recorded argument answered, and numbered per debate (issue 11, item 2): a thread post made on one's
 * turn gets a reply under it with its number, verdict and — when it accuses — why, and the Citation needed
 * button, like /argue; the reply follows the verdict as the post is edited or deleted. "#3" in a debate's
 * thread is that debate's third argument; a message link or id works anywhere on the server.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as argue from '../../commands/argue.js';
import * as debate from '../../commands/debate.js';
import * as quote from '../../commands/quote.js';
import * as verdict from '../../commands/verdict.js';
import type { CommandContext } from '../../src/seam/command.js';
import type { Actor, Reply } from '../../src/seam/reply.js';
import { ann, begun, dan, host, mod, SERGE, world, type World } from './world.js';

const open: World[] = [];
function make(): World {
  const w = world();
  open.push(w);
  return w;
}
afterEach(async () => {
  for (const w of open.splice(0)) await w.close();
});

const MSG = '123456789012345678';
const MSG2 = '223456789012345678';

/** Runs a command module as `actor` in `channelId`. */
const inChannel = (w: World, mod: { execute(ctx: CommandContext): Promise<Reply> }, actor: Actor, channelId: string, options: CommandContext['options'] = {}, sub: string | null = null) =>
  mod.execute({ services: w.services, commands: [], actor, guildId: 'g1', channelId, subcommand: sub, options, channels: w.gateway });

describe('a thread post made on one\'s turn', () => {
  it('GIVEN a post on one\'s turn THEN a reply under it: its number, its verdict and the Citation needed button', async () => {
    const w = make();
    await begun(w);
    expect(await w.post(ann, MSG, 'Industry grew fast under the plan.')).toBeNull();
    const reply = (await w.announcement(1))!;
    expect(reply).toEqual({
      content: '-# Argument #1 · ❔ unsourced',
      buttons: [[{ customId: 'verdict:challenge:1', label: 'Citation needed', style: 'secondary' }]],
      replyTo: MSG,
    });
    // The reply goes to the thread, and pings nobody.
    const announcementId = (await w.scores.argument(1))!.announcementId;
    const sent = w.gateway.sent.find((s) => s.messageId === announcementId)!;
    expect(sent.channelId).toBe('thread-1');
    expect(sent.reply.allowedUserMentions).toBeUndefined();
  });

  it('GIVEN a post that accuses (misattributed) THEN the reply says why, naming the corpus wording and who said it', async () => {
    const w = make();
    await begun(w);
    await w.post(ann, MSG, `Stalin wrote “${SERGE}”.`);
    const reply = (await w.announcement(1))!;
    expect(reply.content).toMatch(/^-# Argument #1 · ❌ misattributed\n-# Why: .*Victor Serge.*/);
  });

  it('GIVEN the post is edited, then deleted THEN its reply follows: the new verdict, then "no longer counted"', async () => {
    const w = make();
    await begun(w);
    await w.post(ann, MSG, 'Industry grew fast under the plan.');
    await w.edit(ann, MSG, 'Industry grew fast under the plan.\nSource: https://example.org/plan');
    expect((await w.announcement(1))!.content).toBe('-# Argument #1 · 📎 cited');
    await w.remove(MSG);
    expect((await w.announcement(1))!).toMatchObject({ content: '-# Argument #1 · 📎 cited · post deleted — no longer counted' });
    expect((await w.announcement(1))!.buttons).toBeUndefined();
  });

  it('GIVEN a post out of turn or by an onlooker THEN no reply in the thread, and nothing recorded', async () => {
    const w = make();
    await begun(w);
    const before = w.gateway.sent.length;
    expect(await w.post(dan, MSG, 'Out of turn.')).toMatchObject({ ephemeral: true, content: expect.stringContaining('not your turn') });
    expect(await w.post({ id: 'zed', name: 'Zed', isModerator: false }, MSG2, 'Just watching.')).toBeNull();
    expect(w.gateway.sent.length).toBe(before);
    expect(await w.debates.arguments(1)).toEqual([]);
  });
});

describe('arguments made by command', () => {
  it('GIVEN "Use as argument" THEN the bot announces the quotation with its citation, number and verdict; the presser is told privately and the /quote results stay', async () => {
    const w = make();
    await begun(w);
    const r = await quote.component!({ services: w.services, commands: [], actor: ann, guildId: 'g1', channelId: 'thread-1', channels: w.gateway, args: ['use', 'doc:q1'] });
    expect(r).toEqual({ ephemeral: true, content: 'Recorded as argument #1 · ✅ verified.' });
    const shown = (await w.announcement(1))!;
    expect(shown.content).toBe(
      `**Ann** (For, Floor turn 1): “${SERGE}” — Victor Serge\n— Source: Victor Serge, quoted in The Bureaucracy in Exile, ¶ q1; original: Memoirs of a Revolutionary, 225 [doc:q1]\n-# Argument #1 · ✅ verified`,
    );
    expect(shown.buttons).toBeUndefined();
  });
});

describe('arguments numbered per debate', () => {
  /** A first debate in thread-1 with two arguments, ended; a second in another thread, begun. */
  async function twoDebates(w: World): Promise<string> {
    await begun(w);
    await w.argueAs(ann, 'First debate, first argument.');
    await w.post(ann, MSG, 'First debate, second argument.');
    await w.endAs(host);
    await inChannel(w, debate, host, 'c1', { motion: 'This house regrets the NEP', format: 'open-floor', turn_seconds: 60 }, 'start');
    const second = (await w.debates.repo.liveUnderParent('c1'))[0]!;
    const thread = (await w.debates.repo.load(second))!.channelId;
    await inChannel(w, debate, ann, thread, { side: 'for' }, 'join');
    await inChannel(w, debate, dan, thread, { side: 'against' }, 'join');
    await inChannel(w, debate, host, thread, {}, 'begin');
    return thread;
  }

  it('GIVEN a second debate THEN its arguments start again at #1, in the announcement and the store', async () => {
    const w = make();
    const thread = await twoDebates(w);
    expect(thread).not.toBe('thread-1');
    const first = await inChannel(w, argue, ann, thread, { text: 'Second debate, first argument.', source: 'https://example.org/nep' });
    expect(first).toEqual({ ephemeral: true, content: 'Recorded as argument #1 · 📎 cited.' });
    const a = (await w.scores.latestBy((await w.debates.repo.liveInChannel(thread))!, 'ann'))!;
    expect(a).toMatchObject({ number: 1, debateChannelId: thread });
    expect(a.id).toBe(3);
    expect((await w.announcement(a.id))!.content).toContain('-# Argument #1 · 📎 cited');
  });

  it('GIVEN "#1" in each debate\'s thread THEN it means that debate\'s first; under the channel, the only debate running there; a message link or id works anywhere', async () => {
    const w = make();
    const thread = await twoDebates(w);
    await inChannel(w, argue, ann, thread, { text: 'Second debate, first argument.' });
    // In the new debate's thread, "#1" is its own first argument.
    expect((await inChannel(w, debate, dan, thread, { argument: '#1' }, 'challenge')).content).toContain('You challenged argument #1 (Ann: “Second debate, first argument.”)');
    // In the ended debate's thread, "#1" is that debate's first.
    expect((await inChannel(w, verdict, mod, 'thread-1', { message_id: '#1' }, 'show')).content).toContain('argument #1 (Ann: “First debate, first argument.”)');
    expect((await inChannel(w, verdict, mod, 'thread-1', { message_id: '#2' }, 'show')).content).toContain('argument #2 (Ann: “First debate, second argument.”)');
    // Under the parent channel, the one debate running there.
    expect((await inChannel(w, verdict, mod, 'c1', { message_id: '#1' }, 'show')).content).toContain('Second debate, first argument.');
    // A message id or link names its post from anywhere on the server.
    expect((await inChannel(w, verdict, mod, 'elsewhere', { message_id: MSG }, 'show')).content).toContain('First debate, second argument.');
    expect((await inChannel(w, verdict, mod, 'elsewhere', { message_id: `https://discord.com/channels/999/222/${MSG}` }, 'show')).content).toBe(
      'That message is on another server: rulings and challenges apply to this server\'s debates only.',
    );
    // A number where no debate is held cannot mean anything.
    expect((await inChannel(w, verdict, mod, 'elsewhere', { message_id: '#1' }, 'show')).content).toBe(
      'Argument numbers count within each debate, and no debate is held here: use #1 in the debate\'s thread, or give the argument\'s message link (Copy Message Link).',
    );
    expect((await inChannel(w, verdict, mod, thread, { message_id: '#7' }, 'show')).content).toBe('This debate has no argument #7: its arguments are #1.');
  });
});
