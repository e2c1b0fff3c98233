/**
 * The router and renderer through the real discord.js client, in-process, against the local fake Discord:
 * hand-made commands and Services, assertions on the REST calls the client makes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContextMenuCommandBuilder, SlashCommandBuilder } from '@discordjs/builders';
import { ApplicationCommandType, InteractionContextType } from 'discord.js';
import type { CommandModule } from '../../src/seam/command.js';
import type { Services } from '../../src/app/services.js';
import { loadConfig } from '../../src/app/config.js';
import { createLogger } from '../../src/app/logger.js';
import { intentsFor, startBot, type Bot } from '../../src/discord/run.js';
import { GatewayIntentBits } from 'discord.js';
import { DiscordChannels } from '../../src/discord/channels.js';
import { FakeDiscord, MEMBER_PERMISSIONS, MODERATOR_PERMISSIONS, nextId, type RestCall, type SentInteraction } from './fake-discord.js';
import * as sources from '../../commands/sources.js';
import { services as sourceServices } from '../commands/sources-fixture.js';
import { ELSEWHERE } from '../../src/seam/permissions.js';
import { refusalFor } from '../../src/seam/permissions.js';

const EPHEMERAL = 64;
/**
 * The slow command's handlers wait here until the test releases them: always past the deferral (60 ms below),
 * however busy the machine. `started` resolves when a handler is running.
 */
function gate() {
  let release!: () => void;
  let enter!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const started = new Promise<void>((r) => (enter = r));
  return { release, enter, released, started };
}
let slowGate = gate();
async function held(): Promise<void> {
  const g = slowGate;
  g.enter();
  await g.released;
}

function command(m: Omit<CommandModule, 'execute'> & { execute?: CommandModule['execute'] }): CommandModule {
  return { execute: async () => ({ content: 'ok' }), ...m } as CommandModule;
}

const seen: any[] = [];
const commands = new Map<string, CommandModule>([
  ['echo', command({
    data: new SlashCommandBuilder().setName('echo').setDescription('echo')
      .addStringOption((o) => o.setName('text').setDescription('t').setRequired(true).setMaxLength(50).setAutocomplete(true)),
    async execute(ctx) {
      seen.push(ctx);
      return {
        content: `echo ${ctx.options.text} <@123456789012345678>`,
        embeds: [{ title: 'T', description: 'D', fields: [{ name: 'f', value: 'v' }], footer: 'F', color: 0x336699 }],
        buttons: [[{ customId: 'echo:again:1', label: 'Again', style: 'primary' }]],
      };
    },
    async component(ctx) {
      seen.push(ctx);
      if (ctx.args[0] === 'private') return { content: 'only you', ephemeral: true };
      return { content: `page ${ctx.args.join(',')}` };
    },
    async autocomplete(ctx) {
      return [{ name: `${ctx.focused.name}=${ctx.focused.value}`, value: 'x' }, { name: 'y'.repeat(150), value: 'y' }];
    },
  })],
  ['debate', command({
    data: new SlashCommandBuilder().setName('debate').setDescription('d').setContexts(InteractionContextType.Guild)
      .addSubcommand((s) => s.setName('start').setDescription('s').addStringOption((o) => o.setName('motion').setDescription('m')))
      .addSubcommand((s) => s.setName('post').setDescription('p')),
    async execute(ctx) {
      seen.push(ctx);
      if (ctx.subcommand === 'post') {
        await ctx.channels.post('900000000000000666', { content: 'hello' });
        return { content: 'posted' };
      }
      const thread = await ctx.channels.createThread(ctx.channelId, `Debate: ${ctx.options.motion}`);
      return { content: `thread ${thread}`, allowedUserMentions: [ctx.actor.id] };
    },
  })],
  ['slow', command({
    data: new SlashCommandBuilder().setName('slow').setDescription('s').addBooleanOption((o) => o.setName('private').setDescription('p')),
    async execute(ctx) {
      await held();
      return { content: 'finally', ephemeral: ctx.options.private === true };
    },
    async component() {
      await held();
      return { content: 'slow update' };
    },
  })],
  ['working', command({
    data: new SlashCommandBuilder().setName('working').setDescription('w'),
    async execute(ctx) {
      await ctx.progress!({ content: 'reading… 1 of 2' });
      await ctx.progress!({ content: 'reading… 2 of 2' });
      await held();
      return { content: 'done: 2 read' };
    },
  })],
  ['transcript', command({
    data: new SlashCommandBuilder().setName('transcript').setDescription('t'),
    async execute() {
      return { content: 'attached', attachments: [{ name: 'debate.md', content: '# Motion\nThis house would…' }] };
    },
  })],
  ['boom', command({
    data: new SlashCommandBuilder().setName('boom').setDescription('b'),
    async execute() {
      throw new Error('kaboom at /secret/path.ts:12');
    },
    async autocomplete() {
      throw new Error('autocomplete kaboom');
    },
  })],
  // What a command sees when PostgreSQL drops mid-run: pg's own error (tests/db/sql-lost.test.ts shows it is this).
  ['storedown', command({
    data: new SlashCommandBuilder().setName('storedown').setDescription('s'),
    async execute() {
      throw new Error('Connection terminated unexpectedly');
    },
  })],
  // The real /sources, over the corpus of its own tests.
  ['sources', {
    data: sources.data,
    execute: (ctx) => sources.execute({ ...ctx, services: sourceServices }),
    component: (ctx) => sources.component({ ...ctx, services: sourceServices }),
  }],
  ['Cite this', command({
    data: new ContextMenuCommandBuilder().setName('Cite this').setType(ApplicationCommandType.Message),
    async execute(ctx) {
      seen.push(ctx);
      return { content: `cited ${ctx.targetMessage?.content}`, ephemeral: true };
    },
  })],
]);

const logLines: string[] = [];
const fake = new FakeDiscord();
let bot: Bot;

/** A channel of a server the interaction does not come from (Discord knows it, and says whose it is). */
const FOREIGN_CHANNEL = '900000000000000555';
const FOREIGN_GUILD = '900000000000000050';

beforeAll(async () => {
  await fake.start();
  fake.routes.push(['GET', new RegExp(`^/channels/${FOREIGN_CHANNEL}$`), () => ({ status: 200, body: { id: FOREIGN_CHANNEL, type: 0, name: 'their-secrets', guild_id: FOREIGN_GUILD, permission_overwrites: [] } })]);
  fake.routes.push(['POST', /^\/channels\/900000000000000666\/messages$/, () => ({ status: 403, body: { message: 'Missing Permissions', code: 50013 } })]);
  const config = loadConfig({ DISCORD_TOKEN: 'test-token-for-router', DISCORD_APP_ID: fake.appId, DISCORD_API_BASE: fake.apiBase, LOG_LEVEL: 'debug' });
  const log = createLogger(config, { destination: { write: (s: string) => void logLines.push(s) } });
  const onMessage = async (m: any) => {
    seen.push(m);
    return m.content.startsWith('!') ? { content: `noted: ${m.content}` } : null;
  };
  const services = { corpus: { size: { documents: 1, quotations: 3 } }, now: Date.now, log, onMessage, joinHosts: async () => 'test-host' } as unknown as Services;
  bot = await startBot({ config, log, services, commands }, { deferAfterMs: 60 });
});

afterAll(async () => {
  await bot?.client.destroy();
  await fake.stop();
});

describe('intents', () => {
  it('GIVEN MESSAGE_CONTENT_INTENT off THEN only Guilds; on THEN guild messages and their content too', () => {
    expect(intentsFor({ messageContent: false })).toEqual([GatewayIntentBits.Guilds]);
    expect(intentsFor({ messageContent: true })).toEqual([GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent]);
  });
});

/** What the user sees of a reply: the callback's, or after a deferral the message that follows it. */
async function seenReply(sent: SentInteraction): Promise<any> {
  const from = fake.calls.length;
  const cb = await sent.callback();
  if (cb.body.type !== 5) return cb.body.data;
  // Past the deferral an ephemeral answer first deletes the deferred "thinking…": the answer is the call with a body.
  return (await fake.waitForCall((c) => c.path.includes(sent.token) && !c.path.endsWith('/callback') && c.method !== 'DELETE', 10_000, from)).body;
}

/** /sources thread:<channelId> as Discord sends it: the channel resolved, with the invoker's permissions in it. */
function sourcesOf(channelId: string, type: number, permissions: string): SentInteraction {
  const resolved = { channels: { [channelId]: { id: channelId, type, name: 'picked', permissions } } };
  return (fake as any).interaction(2, { id: nextId(), name: 'sources', type: 1, options: [{ name: 'thread', type: 7, value: channelId }], resolved }, {});
}

const READ = String((1n << 10n) | (1n << 16n));
const VIEW_ONLY = String(1n << 10n);
const readsOf = (channelId: string, from: number) => fake.calls.slice(from).filter((c) => c.method === 'GET' && c.path === `/channels/${channelId}/messages`);

describe('server boundaries and permissions over the real client', () => {
  it('GIVEN /sources thread:<a channel of another server> THEN refused privately, its messages never read', async () => {
    const from = fake.calls.length;
    const reply = await seenReply(sourcesOf(FOREIGN_CHANNEL, 0, READ));
    expect(reply.flags).toBe(EPHEMERAL);
    expect(reply.content).toBe(ELSEWHERE.channel);
    expect(readsOf(FOREIGN_CHANNEL, from)).toEqual([]);
    expect(fake.calls.slice(from).some((c) => c.path === `/channels/${FOREIGN_CHANNEL}`)).toBe(true); // asked of Discord
  });

  it('GIVEN /sources thread:<a thread of this server> THEN without Read Message History there refused naming it; with it, read', async () => {
    const thread = fake.openThread('Debate: the NEP');
    let from = fake.calls.length;
    const no = await seenReply(sourcesOf(thread, 11, VIEW_ONLY));
    expect(no.flags).toBe(EPHEMERAL);
    expect(no.content).toBe(refusalFor('/sources, Export as Markdown'));
    expect(no.content).toContain('Read Message History');
    expect(readsOf(thread, from)).toEqual([]);
    from = fake.calls.length;
    const yes = await seenReply(sourcesOf(thread, 11, READ));
    expect(yes.content ?? '').not.toBe(refusalFor('/sources, Export as Markdown'));
    expect(readsOf(thread, from).length).toBeGreaterThan(0);
  });

  it('GIVEN a crafted sources export button for another server\'s channel THEN nothing of it is attached or read', async () => {
    const from = fake.calls.length;
    const reply = await seenReply(fake.button(`sources:export:${FOREIGN_CHANNEL}`));
    expect(reply.flags).toBe(EPHEMERAL);
    expect(reply.attachments ?? []).toEqual([]);
    expect(reply.content).toMatch(/Run \/sources again/);
    expect(readsOf(FOREIGN_CHANNEL, from)).toEqual([]);
  });

  it('GIVEN an autocomplete with no focused option THEN answered at once with no choices, the handler not called', async () => {
    const sent = (fake as any).interaction(4, { id: nextId(), name: 'echo', type: 1, options: [{ name: 'text', type: 3, value: 'tro' }] }, {}) as SentInteraction;
    const call = await sent.callback();
    expect(call.body).toEqual({ type: 8, data: { choices: [] } });
  });
});

describe('interaction router over the real client', () => {
  it('GIVEN ready THEN one health line names servers and indexed quotations', () => {
    const health = logLines.map((l) => JSON.parse(l)).find((l) => /^ready/.test(l.msg));
    expect(health).toMatchObject({ servers: 1, quotations: 3, commands: 9 });
  });

  it('GIVEN a slash command THEN it answers type 4 with embed, button and no parsed mentions', async () => {
    const call = await fake.slash('echo', [{ name: 'text', type: 3, value: 'hi' }]).callback();
    expect(call.body.type).toBe(4);
    expect(call.body.data.content).toContain('echo hi');
    expect(call.body.data.allowed_mentions).toMatchObject({ parse: [], users: [] });
    expect(call.body.data.embeds[0]).toMatchObject({ title: 'T', description: 'D', footer: { text: 'F' }, color: 0x336699 });
    expect(call.body.data.components[0].components[0]).toMatchObject({ custom_id: 'echo:again:1', label: 'Again', style: 1 });
    expect(call.body.data.flags ?? 0).toBe(0);
    const ctx = seen.at(-1);
    expect(ctx.actor).toMatchObject({ id: '900000000000000002', name: 'ada', isModerator: false, permissions: MEMBER_PERMISSIONS });
    expect(ctx.guildId).toBe(fake.guilds[0]!.id);
    expect(ctx.channelId).toBe(fake.guilds[0]!.channels[0]!.id);
  });

  it('GIVEN a reply with an attachment THEN a multipart upload carrying the file', async () => {
    const call = await fake.slash('transcript').callback();
    expect(String(call.headers['content-type'])).toMatch(/^multipart\/form-data/);
    expect(call.body.data.attachments[0]).toMatchObject({ id: '0' });
    expect(call.raw).toContain('filename="debate.md"');
    expect(call.raw).toContain('# Motion\nThis house would…');
  });

  it('GIVEN a subcommand from a moderator THEN ctx has subcommand, options, their permissions and a thread is created', async () => {
    const call = await fake.subcommand('debate', 'start', { motion: 'Trotsky' }, { user: { id: '900000000000000005', username: 'mod', permissions: MODERATOR_PERMISSIONS } }).callback();
    const ctx = seen.at(-1);
    expect(ctx.subcommand).toBe('start');
    expect(ctx.options).toEqual({ motion: 'Trotsky' });
    expect(ctx.actor.permissions).toBe(BigInt(MODERATOR_PERMISSIONS) | MEMBER_PERMISSIONS);
    expect(ctx.actor.isModerator).toBe(false); // the table decides per action (src/seam/permissions.ts)
    const thread = await fake.waitForCall((c) => c.method === 'POST' && /\/threads$/.test(c.path));
    expect(thread.body.name).toBe('Debate: Trotsky');
    expect(call.body.data.content).toMatch(/^thread \d+$/);
    expect(call.body.data.allowed_mentions.users).toEqual(['900000000000000005']);
  });

  it('GIVEN a guild-only command from a DM THEN a clear ephemeral refusal', async () => {
    const call = await fake.subcommand('debate', 'start', { motion: 'x' }, { guildId: null }).callback();
    expect(call.body.data.flags).toBe(EPHEMERAL);
    expect(call.body.data.content).toMatch(/only works in a server/);
  });

  it('GIVEN the bot lacks permission in a channel THEN an ephemeral explanation', async () => {
    const call = await fake.subcommand('debate', 'post', {}).callback();
    expect(call.body.data.flags).toBe(EPHEMERAL);
    expect(call.body.data.content).toMatch(/not allowed to do that in this channel/);
  });

  it('GIVEN an unknown command THEN an ephemeral explanation and a log line', async () => {
    const call = await fake.slash('vanished').callback();
    expect(call.body.data.flags).toBe(EPHEMERAL);
    expect(call.body.data.content).toMatch(/`\/vanished` is not a command/);
    expect(logLines.some((l) => l.includes('unknown command') && l.includes('vanished'))).toBe(true);
  });

  it('GIVEN an option over its declared max length THEN an ephemeral refusal', async () => {
    const call = await fake.slash('echo', [{ name: 'text', type: 3, value: 'x'.repeat(6000) }]).callback();
    expect(call.body.data.flags).toBe(EPHEMERAL);
    expect(call.body.data.content).toContain('6,000 characters');
    expect(call.body.data.content).toContain('the most it accepts is 50');
  });

  it('GIVEN a handler that throws THEN ephemeral "Something went wrong" without the stack, and an error log', async () => {
    const call = await fake.slash('boom').callback();
    expect(call.body.data.flags).toBe(EPHEMERAL);
    expect(call.body.data.content).toMatch(/^Something went wrong/);
    expect(call.raw).not.toContain('kaboom');
    expect(call.raw).not.toContain('secret/path');
    expect(logLines.some((l) => l.includes('kaboom') && l.includes('"level":50'))).toBe(true);
  });

  it('GIVEN the database unreachable mid-run THEN ephemeral "try again in a moment", saying nothing changed, and a warning log', async () => {
    const call = await fake.slash('storedown').callback();
    expect(call.body.data.flags).toBe(EPHEMERAL);
    expect(call.body.data.content).toBe('Rostrum cannot reach its database right now, so nothing was changed. Please try again in a moment.');
    expect(logLines.some((l) => l.includes('Connection terminated') && l.includes('"level":40'))).toBe(true);
  });

  it('GIVEN a slow handler THEN it defers (type 5) and edits the original', async () => {
    slowGate = gate();
    const sent = fake.slash('slow');
    const from = fake.calls.length;
    const call = await sent.callback();
    expect(call.body.type).toBe(5);
    slowGate.release();
    const edit = await fake.waitForCall((c) => c.method === 'PATCH' && c.path.endsWith(`/${sent.token}/messages/@original`), 5000, from);
    expect(edit.body.content).toBe('finally');
  });

  it('GIVEN a slow handler with an ephemeral result THEN the deferred reply is replaced by an ephemeral follow-up', async () => {
    slowGate = gate();
    const sent = fake.slash('slow', [{ name: 'private', type: 5, value: true }]);
    const from = fake.calls.length;
    expect((await sent.callback()).body.type).toBe(5);
    slowGate.release();
    const follow = await fake.waitForCall((c) => c.method === 'POST' && c.path === `/webhooks/${fake.appId}/${sent.token}`, 5000, from);
    expect(follow.body.flags).toBe(EPHEMERAL);
    await fake.waitForCall((c) => c.method === 'DELETE' && c.path.includes(sent.token), 5000, from); // the deferred "thinking…" goes
  });

  it('GIVEN a handler reporting progress THEN the reply is deferred, edited with each report in order, and the reply itself comes last', async () => {
    slowGate = gate();
    const sent = fake.slash('working');
    const from = fake.calls.length;
    expect((await sent.callback()).body.type).toBe(5);
    const original = (c: RestCall) => c.method === 'PATCH' && c.path.endsWith(`/${sent.token}/messages/@original`);
    await fake.waitForCall((c) => original(c) && c.body.content === 'reading… 2 of 2', 5000, from);
    slowGate.release();
    await fake.waitForCall((c) => original(c) && c.body.content === 'done: 2 read', 5000, from);
    expect(fake.calls.slice(from).filter(original).map((c) => c.body.content)).toEqual(['reading… 1 of 2', 'reading… 2 of 2', 'done: 2 read']);
  });

  it('GIVEN a button THEN the component handler gets args and the message is updated (type 7)', async () => {
    const call = await fake.button('echo:again:2:x').callback();
    expect(call.body.type).toBe(7);
    expect(call.body.data.content).toBe('page again,2,x');
    expect(seen.at(-1).args).toEqual(['again', '2', 'x']);
  });

  it('GIVEN a button whose answer is private THEN an ephemeral reply, not an update', async () => {
    const call = await fake.button('echo:private').callback();
    expect(call.body.type).toBe(4);
    expect(call.body.data.flags).toBe(EPHEMERAL);
  });

  it('GIVEN a slow button THEN deferUpdate (type 6) then an edit', async () => {
    slowGate = gate();
    const sent = fake.button('slow:x');
    const from = fake.calls.length;
    expect((await sent.callback()).body.type).toBe(6);
    slowGate.release();
    const edit = await fake.waitForCall((c) => c.method === 'PATCH' && c.path.includes(sent.token), 5000, from);
    expect(edit.body.content).toBe('slow update');
  });

  it('GIVEN a select menu THEN the chosen values follow the custom id args', async () => {
    const call = await fake.select('echo:side', ['for']).callback();
    expect(call.body.type).toBe(7);
    expect(seen.at(-1).args).toEqual(['side', 'for']);
  });

  it('GIVEN a modal submitted from a command THEN its fields reach the handler and it is answered as a reply', async () => {
    const call = await fake.modal('echo:motion', { motion: 'This house would' }).callback();
    expect(call.body.type).toBe(4);
    expect(seen.at(-1).args).toEqual(['motion']);
    expect(seen.at(-1).fields).toEqual({ motion: 'This house would' });
  });

  it('GIVEN a stale button THEN a clear ephemeral explanation', async () => {
    for (const id of ['gone:page:1', 'boom:x']) {
      const call = await fake.button(id).callback();
      expect(call.body.data.flags).toBe(EPHEMERAL);
      expect(call.body.data.content).toMatch(/no longer exists/);
    }
  });

  it('GIVEN autocomplete THEN choices (clamped to 100 characters); a failing one answers no choices', async () => {
    const call = await fake.autocomplete('echo', { text: 'tro' }, 'text').callback();
    expect(call.body.type).toBe(8);
    expect(call.body.data.choices[0]).toEqual({ name: 'text=tro', value: 'x' });
    expect(call.body.data.choices[1].name.length).toBe(100);
    const failed = await fake.autocomplete('boom', { q: 'a' }, 'q').callback();
    expect(failed.body.data.choices).toEqual([]);
  });

  it('GIVEN a message context menu THEN ctx.targetMessage carries the message', async () => {
    const target = fake.message({ content: 'Serge said so', author: { id: '900000000000000007', username: 'victor', discriminator: '0', avatar: null, global_name: null } });
    const call = await fake.messageCommand('Cite this', target).callback();
    expect(call.body.data.content).toBe('cited Serge said so');
    expect(seen.at(-1).targetMessage).toEqual({ id: target.id, authorId: '900000000000000007', authorName: 'victor', content: 'Serge said so' });
  });

  it('GIVEN a plain post THEN services.onMessage sees it and its answer goes to the author by DM', async () => {
    const from = fake.calls.length;
    const posted = fake.userMessage('!argument with a citation');
    const dm = await fake.waitForCall((c) => c.method === 'POST' && c.path === '/users/@me/channels', 5000, from);
    expect(dm.body.recipient_id).toBe('900000000000000002');
    const sent = await fake.waitForCall((c) => c.method === 'POST' && /^\/channels\/\d+\/messages$/.test(c.path) && c.body?.content?.startsWith('noted'), 5000, from);
    expect(sent.body.content).toBe('noted: !argument with a citation');
    expect(seen.find((x) => x.messageId === posted.id)).toMatchObject({ content: '!argument with a citation', actor: { id: '900000000000000002' } });
  });

  it('GIVEN edits of one message in quick succession THEN they are coalesced to one per interval', async () => {
    // A clock that stands still: however long the first edit's REST call takes, the next three fall in its interval.
    const at = Date.now();
    const channels = new DiscordChannels(bot.client, bot.router['opts'].log, () => at, 300);
    const ch = fake.guilds[0]!.channels[0]!.id;
    const from = fake.calls.length;
    const edits = (c: RestCall) => c.method === 'PATCH' && c.path.endsWith('/messages/900000000000000777');
    for (const n of [1, 2, 3, 4]) await channels.edit(ch, '900000000000000777', { content: `tick ${n}` });
    // Queued edits do not keep the caller waiting: all four returned with only the first one sent.
    expect(fake.calls.slice(from).filter(edits).map((c) => c.body.content)).toEqual(['tick 1']);
    const last = await fake.waitForCall((c) => edits(c) && c.body.content === 'tick 4', 5000, from);
    expect(fake.calls.slice(from).filter(edits).map((c) => c.body.content)).toEqual(['tick 1', 'tick 4']);
    // The queued edit waits out the interval (300 ms on a real timer): a lower bound, which no slow machine can break.
    expect(last.at - fake.calls.slice(from).find(edits)!.at).toBeGreaterThanOrEqual(250);
  });

  it('GIVEN the router is stopping THEN new interactions are told to retry, in-flight ones finish', async () => {
    slowGate = gate();
    const inflight = fake.slash('slow');
    await slowGate.started;
    bot.router.stop();
    const late = await fake.slash('echo', [{ name: 'text', type: 3, value: 'x' }]).callback();
    expect(late.body.data.content).toMatch(/restarting/);
    expect((await inflight.callback()).body.type).toBe(5);
    const drained = bot.router.drain(10_000);
    slowGate.release();
    expect(await drained).toBe(true);
    await fake.waitForCall((c) => c.method === 'PATCH' && c.path.endsWith(`/${inflight.token}/messages/@original`) && c.body.content === 'finally');
  });
});

