/**
 * End to end, each server's library (issue 14): the real bot (`npm start`) against the local Discord stand-in,
 * which serves the attachment as Discord's CDN would. A text is added from an attachment on one server, shown
 * in its list and report, quoted (/quote) and checked (Check sources) there only, and removed; a second server
 * never sees it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, shownText, type FakeUser } from '../../discord/fake-discord.js';
import { spawnBot, type BotProcess } from '../../discord/bot-process.js';
import { LETTERS, LUXEMBURG_ARGUMENT } from '../../library/fixtures.js';

const EPHEMERAL = 64;
const fake = new FakeDiscord();
const HERE = '900000000000000010';
const THERE = '900000000000000020';
/** Manage Server (1 << 5). */
const ADMIN: FakeUser = { id: '900000000000000050', username: 'librarian', permissions: String(1n << 5n) };
const MEMBER: FakeUser = { id: '900000000000000051', username: 'reader' };
let bot: BotProcess;

const shown = shownText;

const final = (sent: Parameters<FakeDiscord['finalReply']>[0]) => fake.finalReply(sent);

function addText(fileName: string, content: string, guildId: string, user = ADMIN) {
  const file = fake.serveAttachment(fileName, content, 'text/markdown; charset=utf-8');
  return fake.slash('corpus', [{ name: 'add', type: 1, options: [{ name: 'file', type: 11, value: file.id }] }], { guildId, user, resolved: file.resolved });
}

beforeAll(async () => {
  fake.guilds.push({ id: THERE, name: 'Other Club', channels: [{ id: '900000000000000021', name: 'general', type: 0 }] });
  await fake.start();
  bot = spawnBot(fake);
  await bot.ready;
}, 60_000);

afterAll(async () => {
  bot?.kill();
  await fake.stop();
});

describe('/corpus through the real bot', () => {
  it('GIVEN an attachment on one server THEN it is fetched from the stand-in\'s CDN, parsed and reported; the list shows it there and not on the other server', async () => {
    const added = await final(addText('Letters on Freedom.md', LETTERS, HERE));
    expect(shown(added)).toMatch(/Added to this server's library: Letters on Freedom/);
    expect(shown(added)).toMatch(/2 quotation\(s\), 100% with a speaker/);
    expect(added.data.allowed_mentions).toMatchObject({ parse: [], users: [] });
    expect(fake.calls.some((c) => c.method === 'GET' && c.path.startsWith('/attachments/'))).toBe(true);

    const list = await final(fake.subcommand('corpus', 'list', {}, { guildId: HERE, user: MEMBER }));
    expect(list.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(shown(list)).toMatch(/#1 “Letters on Freedom” by Jane Doe/);
    expect(shown(await final(fake.subcommand('corpus', 'list', {}, { guildId: THERE, user: MEMBER })))).toMatch(/added no texts yet/);

    const choices = await fake.autocomplete('corpus', { text: 'letters' }, 'text', { guildId: HERE, user: MEMBER }).callback();
    expect(choices.body.data.choices).toEqual([{ name: '#1 Letters on Freedom — Jane Doe', value: '1' }]);
    const elsewhere = await fake.autocomplete('corpus', { text: 'letters' }, 'text', { guildId: THERE, user: MEMBER }).callback();
    expect(elsewhere.body.data.choices).toEqual([]);
  });

  it('GIVEN /quote on the server that added the text THEN its words come first, marked as this server\'s; the other server does not find them', async () => {
    const here = await final(fake.slash('quote', [{ name: 'query', type: 3, value: 'luxemburg freedom party' }], { guildId: HERE, user: MEMBER }));
    expect(here.data.embeds[0].description).toMatch(/— \*\*Rosa Luxemburg\*\* · .*this server's library/);
    const speakers = await fake.autocomplete('quote', { speaker: 'rosa' }, 'speaker', { guildId: HERE, user: MEMBER }).callback();
    expect(speakers.body.data.choices.map((c: any) => c.name)).toContain('Rosa Luxemburg');
    const there = await final(fake.slash('quote', [{ name: 'query', type: 3, value: 'luxemburg freedom party' }], { guildId: THERE, channelId: '900000000000000021', user: MEMBER }));
    expect(shown(there)).not.toMatch(/Rosa Luxemburg/);
  });

  it('GIVEN a message quoting the added text THEN Check sources verifies it on that server, against that text, and not on the other', async () => {
    const author = { id: '900000000000000052', username: 'cleo', discriminator: '0', avatar: null, global_name: null };
    const target = fake.message({ author, content: LUXEMBURG_ARGUMENT });
    const here = await final(fake.messageCommand('Check sources', target, { guildId: HERE, user: MEMBER }));
    expect(here.data.embeds[0].title).toBe('Sources: ✅ verified');
    expect(shown(here)).toMatch(/\*\*Rosa Luxemburg\*\*, \*Letters on Freedom/);
    const there = await final(fake.messageCommand('Check sources', { ...target, channel_id: '900000000000000021' }, { guildId: THERE, channelId: '900000000000000021', user: MEMBER }));
    expect(there.data.embeds[0].title).not.toBe('Sources: ✅ verified');
  });

  it('GIVEN the same file again, a member without Manage Server, or a link off Discord\'s CDN THEN each is refused, privately, and nothing stored', async () => {
    expect(shown(await final(addText('copy.md', LETTERS, HERE)))).toMatch(/already in this server's library as #1/);
    const refused = await final(addText('x.md', `${LETTERS}\nMore.`, HERE, MEMBER));
    expect(refused.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(shown(refused)).toMatch(/Manage Server/);
    const offCdn = { attachments: { '1': { id: '1', filename: 'x.md', size: 10, url: 'https://example.com/x.md', proxy_url: 'https://example.com/x.md', content_type: 'text/markdown' } } };
    const link = await final(fake.slash('corpus', [{ name: 'add', type: 1, options: [{ name: 'file', type: 11, value: '1' }] }], { guildId: HERE, user: ADMIN, resolved: offCdn }));
    expect(shown(link)).toMatch(/Only files attached on Discord/);
    const image = fake.serveAttachment('cover.png', Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'image/png');
    const png = await final(fake.slash('corpus', [{ name: 'add', type: 1, options: [{ name: 'file', type: 11, value: image.id }] }], { guildId: HERE, user: ADMIN, resolved: image.resolved }));
    expect(shown(png)).toMatch(/not a format the library reads/);
    expect(shown(await final(fake.subcommand('corpus', 'list', {}, { guildId: HERE })))).toMatch(/library: 1 text/);
  });

  it('GIVEN the text\'s report THEN /corpus info gives it in full; another server cannot read it', async () => {
    const info = await final(fake.subcommand('corpus', 'info', { text: '1' }, { guildId: HERE, user: MEMBER }));
    expect(shown(info)).toMatch(/Layout: markdown/);
    expect(shown(info)).toMatch(/document id `letters-on-freedom-[0-9a-f]{8}`/);
    expect(shown(await final(fake.subcommand('corpus', 'info', { text: '1' }, { guildId: THERE, user: MEMBER })))).toMatch(/no such text/);
  });

  it('GIVEN a remove THEN it asks first; a remove from the other server is refused; the confirmation removes it', async () => {
    expect(shown(await final(fake.subcommand('corpus', 'remove', { text: '1' }, { guildId: THERE, user: ADMIN })))).toMatch(/no such text/);
    const ask = await final(fake.subcommand('corpus', 'remove', { text: '1' }, { guildId: HERE, user: ADMIN }));
    expect(shown(ask)).toMatch(/Remove #1 “Letters on Freedom”/);
    const ids = ask.data.components[0].components.map((c: any) => c.custom_id);
    expect(ids).toEqual(['corpus:remove:1', 'corpus:keep']);
    const pressedElsewhere = await final(fake.button('corpus:remove:1', fake.message({}), { guildId: THERE, user: ADMIN }));
    expect(shown(pressedElsewhere)).toMatch(/not in this server's library/);
    const removed = await final(fake.button('corpus:remove:1', fake.message({}), { guildId: HERE, user: ADMIN }));
    expect(shown(removed)).toMatch(/Removed #1 “Letters on Freedom”/);
    expect(shown(await final(fake.subcommand('corpus', 'list', {}, { guildId: HERE })))).toMatch(/added no texts yet/);
    // Removed, the same bytes may be added again.
    expect(shown(await final(addText('Letters on Freedom.md', LETTERS, HERE)))).toMatch(/Added to this server's library/);
  });
});
