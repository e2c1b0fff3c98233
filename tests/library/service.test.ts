import { describe, expect, it, vi } from 'vitest';
import { setImmediate as nextTurn } from 'node:timers/promises';
import pino from 'pino';
import { constants, crc32, deflateRawSync } from 'node:zlib';
import { ADA, GUILD, LETTERS, LUXEMBURG_ARGUMENT, OTHER_GUILD, fileIn, setup } from './fixtures.js';
import { FakeClock } from '../debate/fakes.js';

const quoteLuxemburg = { query: 'luxemburg freedom party', limit: 5 };

describe('ServerLibraries: add', () => {
  it('GIVEN a text added on a server THEN /quote there finds it, marked as the server\'s, beside the shared corpus; another server never sees it', async () => {
    const s = setup();
    const out = await s.libraries.add({ guildId: GUILD, actor: ADA, source: { path: fileIn(s.dir, 'Letters on Freedom.md', LETTERS) } });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.text).toMatchObject({ guildId: GUILD, title: 'Letters on Freedom', author: 'Jane Doe', kind: 'article', quotations: 2, fileName: 'Letters on Freedom.md', addedBy: ADA });
    expect(out.report).toMatchObject({ status: 'indexed', layout: 'markdown', quotations: 2, withSpeaker: 1 });

    const here = s.libraries.search(GUILD).search(quoteLuxemburg);
    expect(here.ok && here.results[0]).toMatchObject({ speaker: 'Rosa Luxemburg', library: 'server', document: { title: 'Letters on Freedom' } });
    const shared = s.libraries.search(GUILD).search({ query: 'serge bureaucracy' });
    expect(shared.ok && shared.results[0]?.speaker).toBe('Victor Serge');
    expect(shared.ok && shared.results[0].library).toBeUndefined();

    const there = s.libraries.search(OTHER_GUILD).search(quoteLuxemburg);
    expect(there.ok && there.results.some((r) => r.speaker === 'Rosa Luxemburg')).toBe(false);
    expect(s.libraries.search(null)).toBe(s.shared.search);
    expect(s.libraries.search(GUILD).suggestSpeakers('ros')).toContain('Rosa Luxemburg');
    expect(s.libraries.search(OTHER_GUILD).suggestSpeakers('ros')).not.toContain('Rosa Luxemburg');
  });

  it('GIVEN a text added THEN an argument quoting it is verified on that server only; the shared corpus still verifies there', async () => {
    const s = setup();
    await s.libraries.add({ guildId: GUILD, actor: ADA, source: { path: fileIn(s.dir, 'letters.md', LETTERS) } });
    expect(s.libraries.checker(GUILD, s.shared.checker).check(LUXEMBURG_ARGUMENT).verdict).toBe('verified');
    expect(s.libraries.checker(OTHER_GUILD, s.shared.checker).check(LUXEMBURG_ARGUMENT).verdict).not.toBe('verified');
    expect(s.libraries.checker(GUILD, s.shared.checker).check('Victor Serge wrote that “The bureaucracy was strangling the revolution”.').verdict).toBe('verified');
    // Words of the added text credited to someone else are caught.
    expect(s.libraries.checker(GUILD, s.shared.checker).check('Lenin said “the dictatorship of the proletariat was a mere phrase”.').verdict).toBe('misattributed');
  });

  it('GIVEN the same bytes twice THEN the second is recognised and not stored or indexed again; another server may add them', async () => {
    const s = setup();
    const path = fileIn(s.dir, 'letters.md', LETTERS);
    const first = await s.libraries.add({ guildId: GUILD, actor: ADA, source: { path } });
    const again = await s.libraries.add({ guildId: GUILD, actor: ADA, source: { path: fileIn(s.dir, 'renamed.md', LETTERS) } });
    expect(again).toMatchObject({ ok: false, existing: { id: first.ok ? first.text.id : -1 } });
    expect(!again.ok && again.error).toMatch(/already in this server's library as #\d+ “Letters on Freedom”/);
    expect((await s.libraries.repo.usage(GUILD)).texts).toBe(1);
    expect((await s.libraries.add({ guildId: OTHER_GUILD, actor: ADA, source: { path } })).ok).toBe(true);
  });

  it('GIVEN the same file added twice at once THEN one is stored and the other told it is under way', async () => {
    const s = setup();
    const path = fileIn(s.dir, 'letters.md', LETTERS);
    const outs = await Promise.all([s.libraries.add({ guildId: GUILD, actor: ADA, source: { path } }), s.libraries.add({ guildId: GUILD, actor: ADA, source: { path } })]);
    expect(outs.filter((o) => o.ok)).toHaveLength(1);
    expect(outs.find((o) => !o.ok)).toMatchObject({ ok: false });
    expect((await s.libraries.repo.usage(GUILD)).texts).toBe(1);
  });

  it('GIVEN two processes adding the same bytes THEN the database stores it once and the second is told it is there', async () => {
    const s = setup();
    const other = s.reopen();
    const path = fileIn(s.dir, 'letters.md', LETTERS);
    // The other process checked for a duplicate before this one stored it: the unique index decides.
    const liveBySha = vi.spyOn(other.repo, 'liveBySha').mockResolvedValueOnce(null);
    expect((await s.libraries.add({ guildId: GUILD, actor: ADA, source: { path } })).ok).toBe(true);
    const second = await other.add({ guildId: GUILD, actor: ADA, source: { path } });
    liveBySha.mockRestore();
    expect(second).toMatchObject({ ok: false, existing: { title: 'Letters on Freedom' } });
    expect((await s.libraries.repo.usage(GUILD)).texts).toBe(1);
  });

  it('GIVEN title, author and kind given THEN they win over what the text says', async () => {
    const s = setup();
    const out = await s.libraries.add({ guildId: GUILD, actor: ADA, source: { path: fileIn(s.dir, 'l.md', LETTERS) }, given: { title: 'Freedom Letters', author: 'J. Doe' } });
    expect(out.ok && out.text).toMatchObject({ title: 'Freedom Letters', author: 'J. Doe' });
  });

  it.each([
    ['an image', 'cover.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), /not a format the library reads/],
    ['an executable', 'setup.exe', Buffer.from('MZ\x90\x00'), /not a format the library reads/],
    ['a program renamed .txt', 'notes.txt', Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), Buffer.alloc(600)]), /could not be read/],
    ['an empty file', 'empty.txt', Buffer.alloc(0), /is empty/],
    ['an EPUB that is not a zip', 'book.epub', Buffer.from('not a zip at all'), /could not be read/],
  ])('GIVEN %s THEN a clear refusal and nothing stored', async (_what, name, bytes, error) => {
    const s = setup();
    const out = await s.libraries.add({ guildId: GUILD, actor: ADA, source: { path: fileIn(s.dir, name, bytes) } });
    expect(out).toMatchObject({ ok: false, error: expect.stringMatching(error) });
    expect(await s.libraries.repo.usage(GUILD)).toEqual({ texts: 0, bytes: 0 });
  });

  it('GIVEN an EPUB that is a zip bomb THEN the reader refuses it and nothing is stored', async () => {
    const s = setup();
    // 200 MB of zeros deflated to about 200 KB: one fully flushed MB, 200 times, then an empty final block.
    const mb = Buffer.alloc(1048576);
    const block = deflateRawSync(mb, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
    const stream = Buffer.concat([...Array.from({ length: 200 }, () => block), Buffer.from([0x03, 0x00])]);
    let crc = 0;
    for (let i = 0; i < 200; i++) crc = crc32(mb, crc);
    const bomb = zip([
      ['mimetype', Buffer.from('application/epub+zip'), null],
      ['META-INF/container.xml', Buffer.from('<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>'), null],
      ['OEBPS/content.opf', Buffer.from('<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Bomb</dc:title></metadata><manifest><item id="c" href="chapter.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="c"/></spine></package>'), null],
      ['OEBPS/chapter.xhtml', stream, { size: 200 * 1048576, crc }],
    ]);
    const out = await s.libraries.add({ guildId: GUILD, actor: ADA, source: { path: fileIn(s.dir, 'bomb.epub', bomb) } });
    expect(out).toMatchObject({ ok: false, error: expect.stringMatching(/could not be read: .*(zip bomb|uncompressed)/) });
    expect((await s.libraries.repo.usage(GUILD)).texts).toBe(0);
  });

  it('GIVEN limits THEN a text too large, a server full of texts or of bytes is refused, saying what to do; nothing stored', async () => {
    const big = setup({ maxTextBytes: 100 });
    expect(await big.libraries.add({ guildId: GUILD, actor: ADA, source: { path: fileIn(big.dir, 'l.md', LETTERS) } })).toMatchObject({ ok: false, error: expect.stringMatching(/too large .* at most/) });
    const few = setup({ maxTexts: 1 });
    expect((await few.libraries.add({ guildId: GUILD, actor: ADA, source: { path: fileIn(few.dir, 'l.md', LETTERS) } })).ok).toBe(true);
    expect(await few.libraries.add({ guildId: GUILD, actor: ADA, source: { path: fileIn(few.dir, 'm.md', `${LETTERS}\nMore.`) } })).toMatchObject({ ok: false, error: expect.stringMatching(/library is full: it holds 1 texts.*\/corpus remove/) });
    expect((await few.libraries.add({ guildId: OTHER_GUILD, actor: ADA, source: { path: fileIn(few.dir, 'l.md', LETTERS) } })).ok).toBe(true);
    const small = setup({ maxBytes: Buffer.byteLength(LETTERS) + 10 });
    expect((await small.libraries.add({ guildId: GUILD, actor: ADA, source: { path: fileIn(small.dir, 'l.md', LETTERS) } })).ok).toBe(true);
    expect(await small.libraries.add({ guildId: GUILD, actor: ADA, source: { path: fileIn(small.dir, 'm.md', `${LETTERS}\nMore.`) } })).toMatchObject({ ok: false, error: expect.stringMatching(/room for .* more/) });
    expect((await small.libraries.repo.usage(GUILD)).texts).toBe(1);
  });

  it('GIVEN a file path from Discord (not the console) THEN refused without reading it', async () => {
    const s = setup();
    const discord = Object.getPrototypeOf(s.libraries) as typeof s.libraries;
    const out = await discord.add({ guildId: GUILD, actor: ADA, source: { path: fileIn(s.dir, 'l.md', LETTERS) } });
    expect(out).toMatchObject({ ok: false, error: expect.stringMatching(/only files attached on Discord/) });
  });

  it('GIVEN a link that is not Discord\'s CDN THEN refused and nothing fetched', async () => {
    const fetchSpy = vi.fn<typeof fetch>();
    const s = setup({}, fetchSpy);
    for (const url of ['https://example.com/letters.md', 'http://cdn.discordapp.com/a/b/letters.md', 'https://cdn.discordapp.com.evil.net/letters.md', 'file:///etc/passwd', 'https://user:pw@cdn.discordapp.com/x.md']) {
      expect(await s.libraries.add({ guildId: GUILD, actor: ADA, source: { url } })).toMatchObject({ ok: false, error: expect.stringMatching(/Only files attached on Discord/) });
    }
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('GIVEN no server (a DM) THEN refused', async () => {
    const s = setup();
    expect(await s.libraries.add({ guildId: null, actor: ADA, source: { path: fileIn(s.dir, 'l.md', LETTERS) } })).toMatchObject({ ok: false, error: expect.stringMatching(/belongs to a server/) });
  });
});

describe('ServerLibraries: parsing off the main thread', () => {
  it('GIVEN a text added THEN it is parsed in a worker thread, to the same document and report as parsing here', async () => {
    const s = setup({}, undefined, { worker: true });
    const ingest = await import('../../src/library/ingest.js');
    const bytes = new TextEncoder().encode(LETTERS);
    const here = ingest.ingestText({ fileName: 'l.md', bytes, hash: ingest.sha256(bytes) }, pino({ level: 'silent' }));
    const parse = vi.spyOn(ingest, 'ingestText');
    const out = await s.libraries.add({ guildId: GUILD, actor: ADA, source: { path: fileIn(s.dir, 'l.md', LETTERS) } });
    // Not parsed on this thread (the worker's fallback would be).
    expect(parse).not.toHaveBeenCalled();
    parse.mockRestore();
    expect(out.ok && out.report).toEqual(here.ok && here.report);
    expect((await s.libraries.repo.documents(GUILD))[0]?.document).toEqual(here.ok && JSON.parse(JSON.stringify(here.document)));
  });
});

describe('ServerLibraries: storage across restarts and processes', () => {
  it('GIVEN a restart THEN the server\'s texts are served from the database without parsing again', async () => {
    const s = setup();
    await s.libraries.add({ guildId: GUILD, actor: ADA, source: { path: fileIn(s.dir, 'l.md', LETTERS) } });
    const restarted = s.reopen();
    const ingest = await import('../../src/library/ingest.js');
    const parse = vi.spyOn(ingest, 'ingestText');
    await restarted.ready(GUILD);
    const found = restarted.search(GUILD).search(quoteLuxemburg);
    expect(found.ok && found.results[0]?.speaker).toBe('Rosa Luxemburg');
    expect(parse).not.toHaveBeenCalled();
    parse.mockRestore();
  });

  it('GIVEN a text stored by older parsing code THEN it is parsed again from its bytes, keeping what the member gave', async () => {
    const s = setup();
    const out = await s.libraries.add({ guildId: GUILD, actor: ADA, source: { path: fileIn(s.dir, 'l.md', LETTERS) }, given: { title: 'Given Title' } });
    const id = out.ok ? out.text.id : -1;
    s.db.prepare("UPDATE library_files SET parser = 'older', parsed = json_set(parsed, '$.quotations', json('[]')) WHERE text_id = ?").run(id);
    const restarted = s.reopen();
    await restarted.ready(GUILD);
    const found = restarted.search(GUILD).search(quoteLuxemburg);
    expect(found.ok && found.results[0]).toMatchObject({ speaker: 'Rosa Luxemburg', document: { title: 'Given Title' } });
    expect(s.db.prepare('SELECT parser FROM library_files WHERE text_id = ?').pluck().get(id)).not.toBe('older');
  });

  it('GIVEN another process adds or removes a text THEN searches here answer from memory (no query each) until ready() reads the change, which they then find', async () => {
    const s = setup();
    expect(s.libraries.search(GUILD)).toBe(s.shared.search);
    await s.libraries.settled(GUILD);
    const other = s.reopen();
    const out = await other.add({ guildId: GUILD, actor: ADA, source: { path: fileIn(s.dir, 'l.md', LETTERS) } });
    s.libraries.search(GUILD);
    await nextTurn();
    expect(s.libraries.search(GUILD)).toBe(s.shared.search);
    await s.libraries.ready(GUILD);
    const found = s.libraries.search(GUILD).search(quoteLuxemburg);
    expect(found.ok && found.results[0]?.speaker).toBe('Rosa Luxemburg');
    expect(s.libraries.removedText(GUILD, out.ok ? out.text.documentId : '')).toBeNull();
    await other.remove(GUILD, out.ok ? out.text.id : -1, ADA);
    await s.libraries.ready(GUILD);
    const gone = s.libraries.search(GUILD).search(quoteLuxemburg);
    expect(gone.ok && gone.results.some((r) => r.speaker === 'Rosa Luxemburg')).toBe(false);
    expect(s.libraries.removedText(GUILD, out.ok ? out.text.documentId : '')).toBe('Letters on Freedom');
  });

  it('GIVEN a search made inside a transaction (a check while a verdict is stored) THEN the look it starts waits for that transaction rather than joining it', async () => {
    const s = setup();
    await s.reopen().add({ guildId: GUILD, actor: ADA, source: { path: fileIn(s.dir, 'l.md', LETTERS) } });
    const finds = () => {
      const r = s.libraries.search(GUILD).search(quoteLuxemburg);
      return r.ok && r.results.some((x) => x.speaker === 'Rosa Luxemburg');
    };
    await s.libraries.repo.exclusive(async () => {
      expect(finds()).toBe(false);
      await nextTurn();
      // Had it joined, it would have read the text by now.
      expect(finds()).toBe(false);
    });
    await nextTurn();
    expect(finds()).toBe(true);
  });

  it('GIVEN a restart THEN each server with texts is indexed after start-up, one after another in steps, so its first search reads nothing more', async () => {
    const s = setup();
    await s.libraries.add({ guildId: GUILD, actor: ADA, source: { path: fileIn(s.dir, 'l.md', LETTERS) } });
    await s.libraries.add({ guildId: OTHER_GUILD, actor: ADA, source: { path: fileIn(s.dir, 'l.md', LETTERS) } });
    const restarted = s.reopen();
    const reads = vi.spyOn(restarted.repo, 'documents');
    const clock = new FakeClock();
    const warming = restarted.warm(clock, (g) => g !== OTHER_GUILD);
    expect(reads).not.toHaveBeenCalled();
    clock.advance(0);
    // Read a few texts at a time: only the server this process serves.
    await vi.waitFor(() => expect(reads).toHaveBeenCalled());
    expect(new Set(reads.mock.calls.map(([g]) => g))).toEqual(new Set([GUILD]));
    // Built in steps between which the bot answers; then the next turn finds the queue empty.
    await vi.waitFor(() => expect(clock.pending()).toBe(1));
    clock.advance(0);
    await warming.done;
    const read = reads.mock.calls.length;
    const found = restarted.search(GUILD).search(quoteLuxemburg);
    expect(found.ok && found.results[0]?.speaker).toBe('Rosa Luxemburg');
    expect(reads).toHaveBeenCalledTimes(read);
    expect(clock.pending()).toBe(0);
  });

  it('GIVEN storing fails half-way (the process dies in the transaction) THEN nothing of the text is stored', async () => {
    const s = setup();
    s.db.exec("CREATE TRIGGER die BEFORE INSERT ON library_files BEGIN SELECT RAISE(ABORT, 'killed'); END");
    await expect(s.libraries.add({ guildId: GUILD, actor: ADA, source: { path: fileIn(s.dir, 'l.md', LETTERS) } })).rejects.toThrow('killed');
    expect(s.db.prepare('SELECT count(*) FROM library_texts').pluck().get()).toBe(0);
    s.db.exec('DROP TRIGGER die');
    // Nothing is left marked as under way: the same file can be added.
    expect((await s.libraries.add({ guildId: GUILD, actor: ADA, source: { path: fileIn(s.dir, 'l.md', LETTERS) } })).ok).toBe(true);
  });
});

describe('ServerLibraries: list, find, remove', () => {
  it('GIVEN texts THEN listed newest first, found by number, id or title, suggested by what is typed; another server\'s never', async () => {
    const s = setup();
    const a = await s.libraries.add({ guildId: GUILD, actor: ADA, source: { path: fileIn(s.dir, 'l.md', LETTERS) } });
    s.now.t += 1000;
    const b = await s.libraries.add({ guildId: GUILD, actor: ADA, source: { path: fileIn(s.dir, 'm.md', LETTERS.replace('Letters on Freedom', 'Second Letters')) } });
    const c = await s.libraries.add({ guildId: OTHER_GUILD, actor: ADA, source: { path: fileIn(s.dir, 'n.md', LETTERS.replace('Letters on Freedom', 'Elsewhere')) } });
    if (!a.ok || !b.ok || !c.ok) throw new Error('not added');
    expect(await s.libraries.list(GUILD, 0, 10)).toMatchObject({ total: 2, texts: [{ title: 'Second Letters' }, { title: 'Letters on Freedom' }] });
    expect((await s.libraries.list(GUILD, 1, 1)).texts.map((t) => t.title)).toEqual(['Letters on Freedom']);
    expect((await s.libraries.find(GUILD, `#${a.text.id}`))?.title).toBe('Letters on Freedom');
    expect((await s.libraries.find(GUILD, a.text.documentId))?.id).toBe(a.text.id);
    expect((await s.libraries.find(GUILD, 'second letters'))?.id).toBe(b.text.id);
    expect(await s.libraries.find(GUILD, String(c.text.id))).toBeNull();
    expect((await s.libraries.suggest(GUILD, 'second')).map((t) => t.id)).toEqual([b.text.id]);
    expect(await s.libraries.suggest(GUILD, 'elsewhere')).toEqual([]);
    expect((await s.libraries.info(GUILD, String(a.text.id)))?.report).toMatchObject({ status: 'indexed', quotations: 2 });
  });

  it('GIVEN a text removed THEN its quotations leave search and checks at once; its row stays, marked removed, for verdicts already given', async () => {
    const s = setup();
    const out = await s.libraries.add({ guildId: GUILD, actor: ADA, source: { path: fileIn(s.dir, 'l.md', LETTERS) } });
    if (!out.ok) throw new Error(out.error);
    const quotationId = (() => {
      const r = s.libraries.search(GUILD).search(quoteLuxemburg);
      return r.ok ? r.results[0]!.id : '';
    })();
    expect(s.libraries.quotation(quotationId, GUILD)).toBeDefined();
    expect(s.libraries.quotation(quotationId, OTHER_GUILD)).toBeUndefined();
    s.now.t += 5000;
    expect(await s.libraries.remove(GUILD, out.text.id, ADA)).toMatchObject({ ok: true, text: { removedAt: s.now.t } });
    const r = s.libraries.search(GUILD).search(quoteLuxemburg);
    expect(r.ok && r.results.some((x) => x.speaker === 'Rosa Luxemburg')).toBe(false);
    expect(s.libraries.quotation(quotationId, GUILD)).toBeUndefined();
    expect(s.libraries.checker(GUILD, s.shared.checker).check(LUXEMBURG_ARGUMENT).verdict).not.toBe('verified');
    expect(s.libraries.removedText(GUILD, out.text.documentId)).toBe('Letters on Freedom');
    expect(s.libraries.removedText(OTHER_GUILD, out.text.documentId)).toBeNull();
    expect(await s.libraries.repo.file(out.text.id)).toBeNull();
    expect((await s.libraries.list(GUILD, 0, 10)).total).toBe(0);
    expect(await s.libraries.remove(GUILD, out.text.id, ADA)).toMatchObject({ ok: false, error: expect.stringMatching(/already removed/) });
    // Removed, the same bytes may be added again: then the text is there, not removed.
    expect((await s.libraries.add({ guildId: GUILD, actor: ADA, source: { path: fileIn(s.dir, 'l.md', LETTERS) } })).ok).toBe(true);
    expect(s.libraries.removedText(GUILD, out.text.documentId)).toBeNull();
  });

  it('GIVEN a remove of another server\'s text THEN refused as not in this library, and it stays', async () => {
    const s = setup();
    const out = await s.libraries.add({ guildId: OTHER_GUILD, actor: ADA, source: { path: fileIn(s.dir, 'l.md', LETTERS) } });
    if (!out.ok) throw new Error(out.error);
    expect(await s.libraries.remove(GUILD, out.text.id, ADA)).toMatchObject({ ok: false, error: expect.stringMatching(/not in this server's library/) });
    expect((await s.libraries.list(OTHER_GUILD, 0, 10)).total).toBe(1);
  });
});

/** A zip archive: stored entries, or deflated ones given as their stream with the size and CRC they inflate to. */
function zip(entries: [string, Buffer, { size: number; crc: number } | null][]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, body, deflated] of entries) {
    const nameBytes = Buffer.from(name);
    const crc = deflated ? deflated.crc : crc32(body);
    const size = deflated ? deflated.size : body.length;
    const method = deflated ? 8 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, body);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

describe('ServerLibraries: checks beside a large corpus', () => {
  it('GIVEN a shared corpus that gives each argument its own candidates (a large corpus\'s file) THEN the server\'s texts give theirs, with the verdicts a whole index gives', async () => {
    const s = setup();
    await s.libraries.add({ guildId: GUILD, actor: ADA, source: { path: fileIn(s.dir, 'l.md', LETTERS) } });
    const { buildCheckIndex } = await import('../../src/core/check/corpus-index.js');
    const { checkerOver } = await import('../../src/core/check/checker.js');
    const { combinedCheckSource } = await import('../../src/library/check-source.js');
    const shared = s.shared.checkSource();
    // As the FTS5 file does: a fresh index for every argument.
    const perArgument = { ...shared, indexFor: () => buildCheckIndex(s.shared.corpus) };
    const own = (s.libraries as unknown as { overlay(g: string): { own: { corpus: import('../../src/core/corpus/corpus.js').Corpus } } }).overlay(GUILD).own.corpus;
    const fromFile = checkerOver(combinedCheckSource(perArgument, own));
    const whole = s.libraries.checker(GUILD, s.shared.checker);
    const misquoted = LUXEMBURG_ARGUMENT.replace('no freedom at all', 'no liberty whatsoever');
    for (const text of [LUXEMBURG_ARGUMENT, misquoted, 'Lenin said “the dictatorship of the proletariat was a mere phrase”.', 'Victor Serge wrote that “The bureaucracy was strangling the revolution”.']) {
      expect(fromFile.check(text).verdict).toBe(whole.check(text).verdict);
    }
    expect(fromFile.check(LUXEMBURG_ARGUMENT).verdict).toBe('verified');
    expect(fromFile.check(misquoted).verdict).toBe('misquoted');
  });
});
