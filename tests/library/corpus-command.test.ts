import { describe, expect, it } from 'vitest';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import * as corpusCommand from '../../commands/corpus.js';
import type { Services } from '../../src/app/services.js';
import type { Reply } from '../../src/seam/reply.js';
import { commandContext, componentContext, testServices } from '../helpers/services.js';
import { LETTERS, fileIn, sharedLibrary, tempDir } from './fixtures.js';

const MANAGER = { id: 'u-admin', name: 'admin', isModerator: false, permissions: PermissionFlagsBits.ManageGuild };
const MEMBER = { id: 'u-member', name: 'member', isModerator: false, permissions: PermissionFlagsBits.SendMessages };

/** The bot's services over the small shared corpus, its libraries reading local files as the console's do. */
function services(): Services {
  const s = testServices(sharedLibrary().corpus);
  return { ...s, libraries: s.libraries.withLocalFiles() };
}

const shown = (r: Reply) => [r.content ?? '', ...(r.embeds ?? []).flatMap((e) => [e.title ?? '', e.description ?? '', e.footer ?? ''])].join('\n');

async function run(s: Services, subcommand: string, options: Record<string, string>, actor = MANAGER, guildId: string | null = 'g1'): Promise<Reply> {
  return corpusCommand.execute(commandContext(s, options, { subcommand, actor, guildId }));
}

async function press(s: Services, customId: string, actor = MANAGER, guildId = 'g1'): Promise<Reply> {
  return corpusCommand.component({ ...componentContext(s, customId), actor, guildId });
}

describe('/corpus', () => {
  it('GIVEN a manager adding a text THEN the report says what was found, and /quote on that server finds it (never on another)', async () => {
    const s = services();
    const path = fileIn(tempDir(), 'Letters on Freedom.md', LETTERS);
    const reply = await run(s, 'add', { file: path });
    expect(reply.ephemeral).toBeFalsy();
    expect(shown(reply)).toMatch(/Added to this server's library: Letters on Freedom/);
    expect(shown(reply)).toMatch(/2 quotation\(s\), 100% with a speaker/);
    expect(shown(reply)).toMatch(/Layout: markdown/);
    const here = s.searchFor('g1').search({ query: 'luxemburg freedom' });
    expect(here.ok && here.results[0]?.speaker).toBe('Rosa Luxemburg');
    const there = s.searchFor('g2').search({ query: 'luxemburg freedom' });
    expect(there.ok && there.results.some((r) => r.speaker === 'Rosa Luxemburg')).toBe(false);
    expect(s.checkerFor('g1').check('Rosa Luxemburg wrote: “Freedom only for the supporters of the government, only for the members of one party – however numerous they may be – is no freedom at all.”').verdict).toBe('verified');
  });

  it('GIVEN a member without Manage Server THEN add and remove are refused naming the permission; nothing stored', async () => {
    const s = services();
    const reply = await run(s, 'add', { file: fileIn(tempDir(), 'l.md', LETTERS) }, MEMBER);
    expect(reply).toMatchObject({ ephemeral: true, content: expect.stringMatching(/Manage Server/) });
    expect((await s.libraries.repo.usage('g1')).texts).toBe(0);
    await run(s, 'add', { file: fileIn(tempDir(), 'l.md', LETTERS) });
    expect(await run(s, 'remove', { text: '1' }, MEMBER)).toMatchObject({ ephemeral: true, content: expect.stringMatching(/Manage Server/) });
    expect(await press(s, 'corpus:remove:1', MEMBER)).toMatchObject({ ephemeral: true, content: expect.stringMatching(/Manage Server/) });
    expect((await s.libraries.repo.usage('g1')).texts).toBe(1);
    // Listing and reading a report need nothing.
    expect(shown(await run(s, 'list', {}, MEMBER))).toMatch(/Letters on Freedom/);
    expect(shown(await run(s, 'info', { text: '1' }, MEMBER))).toMatch(/2 quotation/);
  });

  it('GIVEN the command\'s definition THEN Manage Server by default, servers only, and a file to attach', () => {
    const def = corpusCommand.data.toJSON();
    expect(def.default_member_permissions).toBe(String(PermissionFlagsBits.ManageGuild));
    expect(def.contexts).toEqual([0]);
    const add = def.options?.find((o) => o.name === 'add') as { options: { name: string; type: number; required?: boolean }[] };
    expect(add.options[0]).toMatchObject({ name: 'file', type: 11, required: true });
  });

  it('GIVEN a direct message THEN refused: a library belongs to a server', async () => {
    expect(await run(services(), 'list', {}, MANAGER, null)).toMatchObject({ ephemeral: true, content: expect.stringMatching(/belongs to a server/) });
  });

  it('GIVEN a text added THEN remove asks first; "Keep it" keeps it; the confirmation removes it from /quote at once', async () => {
    const s = services();
    await run(s, 'add', { file: fileIn(tempDir(), 'l.md', LETTERS) });
    const ask = await run(s, 'remove', { text: 'letters on freedom' });
    expect(shown(ask)).toMatch(/Remove #1 “Letters on Freedom” by Jane Doe/);
    expect(ask.buttons?.[0]?.map((b) => b.customId)).toEqual(['corpus:remove:1', 'corpus:keep']);
    expect(shown(await press(s, 'corpus:keep'))).toMatch(/Kept/);
    expect((await s.libraries.repo.usage('g1')).texts).toBe(1);
    expect(shown(await press(s, 'corpus:remove:1'))).toMatch(/Removed #1 “Letters on Freedom”/);
    const r = s.searchFor('g1').search({ query: 'luxemburg freedom' });
    expect(r.ok && r.results.some((x) => x.speaker === 'Rosa Luxemburg')).toBe(false);
    expect(shown(await press(s, 'corpus:remove:1'))).toMatch(/already removed/);
  });

  it('GIVEN another server\'s text THEN info and remove do not find it, and its button refuses', async () => {
    const s = services();
    await run(s, 'add', { file: fileIn(tempDir(), 'l.md', LETTERS) }, MANAGER, 'g2');
    expect(shown(await run(s, 'info', { text: '1' }))).toMatch(/no such text/);
    expect(shown(await run(s, 'remove', { text: 'Letters on Freedom' }))).toMatch(/no such text/);
    expect(shown(await press(s, 'corpus:remove:1'))).toMatch(/not in this server's library/);
    expect((await s.libraries.repo.usage('g2')).texts).toBe(1);
    expect(await corpusCommand.autocomplete!({ services: s, actor: MANAGER, guildId: 'g1', channelId: 'c', subcommand: 'info', options: {}, commands: [], focused: { name: 'text', value: 'letters' } })).toEqual([]);
  });

  it('GIVEN many texts THEN the list is paged with Previous and Next, and autocomplete names them by number', async () => {
    const s = services();
    const dir = tempDir();
    for (let i = 1; i <= 12; i++) await run(s, 'add', { file: fileIn(dir, `t${i}.md`, LETTERS.replace('Letters on Freedom', `Letters ${i}`)) });
    const first = await run(s, 'list', {});
    expect(first.embeds?.[0]?.title).toBe("This server's library: 12 text(s)");
    expect(first.buttons?.[0]?.map((b) => b.customId)).toEqual(['corpus:list:1']);
    const second = await press(s, 'corpus:list:1');
    expect(shown(second)).toMatch(/Letters 1\b/);
    expect(second.buttons?.[0]?.map((b) => b.customId)).toEqual(['corpus:list:0']);
    expect(shown(await press(s, 'corpus:list:9'))).toMatch(/Page 2 of 2/);
    const choices = await corpusCommand.autocomplete!({ services: s, actor: MANAGER, guildId: 'g1', channelId: 'c', subcommand: 'info', options: {}, commands: [], focused: { name: 'text', value: 'letters 1' } });
    expect(choices.map((c) => c.name)).toEqual(['#12 Letters 12 — Jane Doe', '#11 Letters 11 — Jane Doe', '#10 Letters 10 — Jane Doe', '#1 Letters 1 — Jane Doe']);
    expect(choices[0]!.value).toBe('12');
  });

  it('GIVEN a text whose title and author try to ping THEN nothing the report shows can ping', async () => {
    const s = services();
    const hostile = LETTERS.replace('title: Letters on Freedom', 'title: Read this @everyone <@123456789012345678>');
    const reply = await run(s, 'add', { file: fileIn(tempDir(), 'l.md', hostile), author: '@here' });
    const text = shown(reply);
    expect(text).not.toMatch(/@everyone|@here|<@\d+>/);
    expect(shown(await run(s, 'list', {}))).not.toMatch(/@everyone|@here|<@\d+>/);
  });

  it('GIVEN no file, or a link (not an attachment) THEN a refusal saying to attach the file', async () => {
    const s = services();
    expect(shown(await run(s, 'add', {}))).toMatch(/Attach the text to the command/);
    expect(shown(await run(s, 'add', { file: 'https://example.com/book.txt' }))).toMatch(/Only files attached on Discord/);
  });

  it('GIVEN an add that takes a while THEN its reply shows where it has got to, at most every 5 s, then what was found', async () => {
    const s = services();
    // Each reading of the clock is 3 s later: reading starts 3 s in (not shown, under 5 s), indexing 6 s in (shown).
    let t = 0;
    const slow: Services = { ...s, now: () => (t += 3000) };
    const shownProgress: string[] = [];
    const reply = await corpusCommand.execute(
      commandContext(slow, { file: fileIn(tempDir(), 'Letters on Freedom.md', LETTERS) }, { subcommand: 'add', actor: MANAGER, progress: async (r) => void shownProgress.push(shown(r)) }),
    );
    expect(shown(reply)).toMatch(/Added to this server's library/);
    expect(shownProgress).toEqual([expect.stringMatching(/^⏳ Indexing “Letters on Freedom\.md”: 2 quotation\(s\)/)]);

    // Quick work shows none.
    const quick: string[] = [];
    await corpusCommand.execute(commandContext(s, { file: fileIn(tempDir(), 'again.md', `${LETTERS}\nMore.`) }, { subcommand: 'add', actor: MANAGER, progress: async (r) => void quick.push(shown(r)) }));
    expect(quick).toEqual([]);
  });
});
