import { constants, crc32, deflateRawSync } from 'node:zlib';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { EPUB_LIMITS, readEpub, type EpubLimits } from '../../../../src/core/corpus/layout/epub.js';
import { noteRef, NOTE_REF_RE, type Block, type LaidOutText } from '../../../../src/core/corpus/layout/types.js';

// ------------------------------------------------------------------------------------------------------
// A stub HTML reader: <h1>, <p> (with <a class="ref">N</a> note references) and <aside data-note="N">.
// ------------------------------------------------------------------------------------------------------

interface StubCall {
  html: string;
  encoding: string;
}

function stubReader(): { read: (html: string, encoding: string) => LaidOutText; calls: StubCall[] } {
  const calls: StubCall[] = [];
  const read = (html: string, encoding: string): LaidOutText => {
    calls.push({ html, encoding });
    const blocks: Block[] = [];
    const re = /<(h1|p|aside)([^>]*)>([\s\S]*?)<\/\1>/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(html))) {
      const text = m[3].replace(/<a class="ref">(\d+)<\/a>/g, (_, n: string) => noteRef(Number(n))).replace(/<[^>]+>/g, '').trim();
      if (m[1] === 'h1') blocks.push({ type: 'heading', text, level: 1 });
      else if (m[1] === 'p') blocks.push({ type: 'paragraph', text });
      else {
        const id = Number(/data-note="(\d+)"/.exec(m[2])![1]);
        blocks.push({ type: 'note', id, label: String(id), text });
      }
    }
    const title = /<title>([^<]*)<\/title>/.exec(html)?.[1];
    return { layout: 'html-article', encoding, found: title ? { title } : {}, blocks, warnings: [] };
  };
  return { read, calls };
}

// ------------------------------------------------------------------------------------------------------
// EPUB builders
// ------------------------------------------------------------------------------------------------------

const CONTAINER = `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>`;

function xhtml(title: string, body: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
<head><title>${title}</title></head>
<body>${body}</body>
</html>`;
}

function opf(manifest: string, spine: string, extra = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="bookid">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">
    <dc:identifier id="bookid">urn:uuid:0000-test</dc:identifier>
    <dc:title id="t1">The Ledger of Vassar Kell</dc:title>
    <dc:title id="t2">Being an Account of the Salt Tax</dc:title>
    <meta refines="#t2" property="title-type">subtitle</meta>
    <dc:creator id="c1">Orsola Pendrake</dc:creator>
    <meta refines="#c1" property="role" scheme="marc:relators">aut</meta>
    <dc:creator opf:role="trl">Emmerich Daul</dc:creator>
    <dc:date>1852-03-01T00:00:00Z</dc:date>
    <meta property="dcterms:modified">2024-01-01T00:00:00Z</meta>
  </metadata>
  <manifest>${manifest}</manifest>
  <spine>${spine}</spine>
  ${extra}
</package>`;
}

/** An EPUB zipped in memory; files are added in the order given (mimetype first, stored). */
function epub(files: Record<string, string | Uint8Array>): Uint8Array {
  const zippable: Zippable = { mimetype: [strToU8('application/epub+zip'), { level: 0 }] };
  for (const [name, content] of Object.entries(files)) zippable[name] = typeof content === 'string' ? strToU8(content) : content;
  return zipSync(zippable);
}

/** A book whose zip entries and manifest run ch1, ch2, ch3 but whose spine reads ch3, ch1, ch2. */
function orderedBook(): Uint8Array {
  return epub({
    'META-INF/container.xml': CONTAINER,
    'OEBPS/text/ch1.xhtml': xhtml('One', '<h1>The Salt Roads</h1><p>Carts of salt left Varrow at dawn.</p>'),
    'OEBPS/text/ch2.xhtml': xhtml('Two', '<h1>The Toll Gate</h1><p>The gatekeeper counted every sack twice.</p>'),
    'OEBPS/text/ch 3.xhtml': xhtml('Three', '<h1>Preface</h1><p>This account was written in haste.</p>'),
    'OEBPS/images/map.svg': '<svg xmlns="http://www.w3.org/2000/svg"><text>MAP</text></svg>',
    'OEBPS/content.opf': opf(
      `<item id="ch1" href="text/ch1.xhtml" media-type="application/xhtml+xml"/>
       <item id="ch2" href="text/ch2.xhtml" media-type="application/xhtml+xml"/>
       <item id="ch3" href="text/ch%203.xhtml" media-type="application/xhtml+xml"/>
       <item id="map" href="images/map.svg" media-type="image/svg+xml"/>`,
      `<itemref idref="ch3"/><itemref idref="map"/><itemref idref="ch1"/><itemref idref="ch2"/>`,
    ),
  });
}

function ok(r: LaidOutText | { error: string }): LaidOutText {
  if ('error' in r) throw new Error(`unexpected error: ${r.error}`);
  return r;
}

function err(r: LaidOutText | { error: string }): string {
  if (!('error' in r)) throw new Error(`expected an error, got a book of ${r.blocks.length} blocks`);
  return r.error;
}

const texts = (blocks: Block[]): string[] => blocks.map((b) => b.text);

// ------------------------------------------------------------------------------------------------------
// A raw zip writer, for entries whose headers lie (fflate's zipSync always tells the truth)
// ------------------------------------------------------------------------------------------------------

interface RawEntry {
  name: string;
  /** The bytes stored in the archive (already deflated when method is 8). */
  stored: Uint8Array;
  method: 0 | 8;
  /** Uncompressed size the headers declare. */
  size: number;
  crc: number;
  flags?: number;
}

function rawEntry(name: string, content: string | Uint8Array, overrides: Partial<RawEntry> = {}): RawEntry {
  const data = typeof content === 'string' ? strToU8(content) : content;
  return { name, stored: deflateRawSync(data), method: 8, size: data.length, crc: crc32(data), ...overrides };
}

function rawZip(entries: RawEntry[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = strToU8(e.name);
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, e.flags ?? 0, true);
    lv.setUint16(8, e.method, true);
    lv.setUint32(14, e.crc, true);
    lv.setUint32(18, e.stored.length, true);
    lv.setUint32(22, e.size, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const cd = new Uint8Array(46 + name.length);
    const cv = new DataView(cd.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, e.flags ?? 0, true);
    cv.setUint16(10, e.method, true);
    cv.setUint32(16, e.crc, true);
    cv.setUint32(20, e.stored.length, true);
    cv.setUint32(24, e.size, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    cd.set(name, 46);
    chunks.push(local, e.stored);
    central.push(cd);
    offset += local.length + e.stored.length;
  }
  const cdSize = central.reduce((n, c) => n + c.length, 0);
  const eocd = new Uint8Array(22);
  const ev = new DataView(eocd.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  const all = [...chunks, ...central, eocd];
  const out = new Uint8Array(all.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of all) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** The container, an OPF with one chapter, and that chapter as given. */
function oneChapterBook(chapter: RawEntry, more: RawEntry[] = []): Uint8Array {
  const items = [chapter, ...more]
    .map((e, i) => `<item id="c${i}" href="${e.name.replace('OEBPS/', '')}" media-type="application/xhtml+xml"/>`)
    .join('');
  const refs = [chapter, ...more].map((_, i) => `<itemref idref="c${i}"/>`).join('');
  return rawZip([rawEntry('META-INF/container.xml', CONTAINER), rawEntry('OEBPS/content.opf', opf(items, refs)), chapter, ...more]);
}

// ------------------------------------------------------------------------------------------------------

describe('readEpub: metadata and reading order', () => {
  it('takes title, author, translator and date from the OPF and reads the spine in order, not the zip order', () => {
    const { read, calls } = stubReader();
    const book = ok(readEpub(orderedBook(), read));
    expect(book.layout).toBe('epub');
    expect(book.encoding).toBe('utf-8');
    expect(book.found).toEqual({
      title: 'The Ledger of Vassar Kell',
      author: 'Orsola Pendrake',
      translator: 'Emmerich Daul',
      date: '1852-03-01',
    });
    expect(texts(book.blocks)).toEqual([
      'Preface',
      'This account was written in haste.',
      'The Salt Roads',
      'Carts of salt left Varrow at dawn.',
      'The Toll Gate',
      'The gatekeeper counted every sack twice.',
    ]);
    // The SVG in the spine is not (X)HTML: never handed to the HTML reader.
    expect(calls.map((c) => /<title>(\w+)/.exec(c.html)?.[1])).toEqual(['Three', 'One', 'Two']);
    expect(calls.every((c) => c.encoding === 'utf-8')).toBe(true);
    expect(book.warnings).toEqual([]);
  });

  it('passes on the encoding a chapter declares', () => {
    const latin = Uint8Array.from(
      `<?xml version="1.0" encoding="iso-8859-1"?><html><head><title>Alt</title></head><body><p>Le r\u00e9gent s'enfuit \u00e0 Br\u00fcgge.</p></body></html>`,
      (c) => c.charCodeAt(0),
    );
    const { read, calls } = stubReader();
    const book = ok(
      readEpub(
        epub({
          'META-INF/container.xml': CONTAINER,
          'OEBPS/content.opf': opf('<item id="a" href="a.xhtml" media-type="application/xhtml+xml"/>', '<itemref idref="a"/>'),
          'OEBPS/a.xhtml': latin,
        }),
        read,
      ),
    );
    expect(calls[0].encoding).toBe('windows-1252');
    expect(book.encoding).toBe('windows-1252');
    expect(texts(book.blocks)).toEqual(["Le régent s'enfuit à Brügge."]);
  });
});

describe('readEpub: cover and navigation pages', () => {
  it('skips the nav document, the guide cover and toc pages, and EPUB 3 landmark covers', () => {
    const nav = xhtml(
      'Nav',
      `<nav epub:type="toc"><ol><li><a href="text/body.xhtml">NAVLINK</a></li></ol></nav>
       <nav epub:type="landmarks"><ol><li><a epub:type="cover" href="text/frontispiece.xhtml">Cover</a></li></ol></nav>
       <p>NAV PAGE TEXT</p>`,
    );
    const bytes = epub({
      'META-INF/container.xml': CONTAINER,
      'OEBPS/nav.xhtml': nav,
      'OEBPS/text/frontispiece.xhtml': xhtml('Front', '<p>LANDMARK COVER TEXT</p>'),
      'OEBPS/text/jacket.xhtml': xhtml('Jacket', '<p>GUIDE COVER TEXT</p>'),
      'OEBPS/text/listing.xhtml': xhtml('Listing', '<p>GUIDE TOC TEXT</p>'),
      'OEBPS/text/body.xhtml': xhtml('Body', '<p>The harbour froze in the winter of the famine.</p>'),
      'OEBPS/content.opf': opf(
        `<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
         <item id="front" href="text/frontispiece.xhtml" media-type="application/xhtml+xml"/>
         <item id="jacket" href="text/jacket.xhtml" media-type="application/xhtml+xml"/>
         <item id="listing" href="text/listing.xhtml" media-type="application/xhtml+xml"/>
         <item id="body" href="text/body.xhtml" media-type="application/xhtml+xml"/>`,
        `<itemref idref="jacket"/><itemref idref="front"/><itemref idref="nav"/><itemref idref="listing"/><itemref idref="body"/>`,
        `<guide><reference type="cover" href="text/jacket.xhtml" title="Cover"/><reference type="toc" href="text/listing.xhtml#top" title="Contents"/></guide>`,
      ),
    });
    const book = ok(readEpub(bytes, stubReader().read));
    expect(texts(book.blocks)).toEqual(['The harbour froze in the winter of the famine.']);
  });
});

describe('readEpub: notes', () => {
  it('renumbers note ids across chapters that both start at note 1, rewriting the references', () => {
    const ch1 = xhtml('One', '<p>The tax rose<a class="ref">1</a> in spring.</p><aside data-note="1">Kell, ledger, folio 3.</aside>');
    const ch2 = xhtml(
      'Two',
      '<p>The guild protested<a class="ref">1</a> and struck<a class="ref">2</a>.</p><aside data-note="1">Guild minutes, 1851.</aside><aside data-note="2">Pendrake, letters, 44.</aside>',
    );
    const bytes = epub({
      'META-INF/container.xml': CONTAINER,
      'OEBPS/ch1.xhtml': ch1,
      'OEBPS/ch2.xhtml': ch2,
      'OEBPS/content.opf': opf(
        '<item id="a" href="ch1.xhtml" media-type="application/xhtml+xml"/><item id="b" href="ch2.xhtml" media-type="application/xhtml+xml"/>',
        '<itemref idref="a"/><itemref idref="b"/>',
      ),
    });
    const book = ok(readEpub(bytes, stubReader().read));
    const notes = book.blocks.filter((b): b is Extract<Block, { type: 'note' }> => b.type === 'note');
    expect(notes.map((n) => [n.id, n.label, n.text])).toEqual([
      [1, '1', 'Kell, ledger, folio 3.'],
      [2, '1', 'Guild minutes, 1851.'],
      [3, '2', 'Pendrake, letters, 44.'],
    ]);
    const paras = book.blocks.filter((b) => b.type === 'paragraph').map((b) => b.text);
    expect(paras).toEqual([`The tax rose${noteRef(1)} in spring.`, `The guild protested${noteRef(2)} and struck${noteRef(3)}.`]);
    // Every reference resolves to a note, and no id is used twice.
    const refs = paras.flatMap((p) => [...p.matchAll(NOTE_REF_RE)].map((m) => Number(m[1])));
    expect(refs.every((r) => notes.some((n) => n.id === r))).toBe(true);
    expect(new Set(notes.map((n) => n.id)).size).toBe(notes.length);
  });
});

describe('readEpub: broken and hostile archives', () => {
  it('refuses a truncated EPUB with an error, not a throw', () => {
    const whole = orderedBook();
    for (const cut of [Math.floor(whole.length / 2), whole.length - 10, 100]) {
      const r = readEpub(whole.subarray(0, cut), stubReader().read);
      expect(err(r)).toMatch(/truncated or corrupt/);
    }
  });

  it('refuses an entry whose compressed bytes are damaged', () => {
    const chapter = rawEntry('OEBPS/ch.xhtml', xhtml('C', '<p>' + 'The assessors quarrelled over the rolls. '.repeat(200) + '</p>'));
    const damaged = Uint8Array.from(chapter.stored);
    for (let i = 10; i < damaged.length - 10; i += 7) damaged[i] ^= 0x5a;
    expect(err(readEpub(oneChapterBook({ ...chapter, stored: damaged }), stubReader().read))).toMatch(/truncated or corrupt/);
  });

  it('refuses an EPUB without META-INF/container.xml', () => {
    const bytes = epub({
      'OEBPS/content.opf': opf('<item id="a" href="a.xhtml" media-type="application/xhtml+xml"/>', '<itemref idref="a"/>'),
      'OEBPS/a.xhtml': xhtml('A', '<p>Words.</p>'),
    });
    expect(err(readEpub(bytes, stubReader().read))).toMatch(/META-INF\/container\.xml is missing/);
  });

  describe('a zip bomb (200 MB of zeros deflated to ~200 KB)', () => {
    const MB = 1024 * 1024;
    const ZEROS = 200 * MB;
    let bomb: Uint8Array;
    let bombCrc = 0;
    beforeAll(() => {
      // Deflating 200 MB takes seconds; one fully flushed MB is a self-contained run of blocks, so 200 copies of it
      // and an empty final block (0x03 0x00) are the same stream in milliseconds.
      const mb = new Uint8Array(MB);
      const block = deflateRawSync(mb, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
      bomb = Buffer.concat([...Array.from({ length: ZEROS / MB }, () => block), Buffer.from([0x03, 0x00])]);
      for (let i = 0; i < ZEROS / MB; i++) bombCrc = crc32(mb, bombCrc);
    });
    const small: EpubLimits = { maxEntries: 100, maxEntryBytes: 4 * 1024 * 1024, maxTotalBytes: 8 * 1024 * 1024 };

    it('is refused at once when its header tells the truth', () => {
      expect(bomb.length).toBeLessThan(300 * 1024);
      const bytes = oneChapterBook({ name: 'OEBPS/ch.xhtml', stored: bomb, method: 8, size: ZEROS, crc: bombCrc });
      expect(err(readEpub(bytes, stubReader().read, small))).toMatch(/"OEBPS\/ch\.xhtml" is 200\.0 MB uncompressed, over the 4\.0 MB limit/);
    });

    it('is refused while inflating, just past the size its header claims, when that size is a lie', () => {
      const bytes = oneChapterBook({ name: 'OEBPS/ch.xhtml', stored: bomb, method: 8, size: 3 * 1024 * 1024, crc: bombCrc });
      expect(err(readEpub(bytes, stubReader().read, small))).toMatch(/inflates to more than the 3\.0 MB its header declares/);
    });
  });

  it('refuses an entry declared small that inflates large, even within the per-file limit', () => {
    const big = xhtml('Big', '<p>' + 'The salt wardens met again and adjourned. '.repeat(25_000) + '</p>');
    const entry = rawEntry('OEBPS/ch.xhtml', big, { size: 2_000 });
    expect(strToU8(big).length).toBeGreaterThan(1_000_000);
    expect(strToU8(big).length).toBeLessThan(EPUB_LIMITS.maxEntryBytes);
    expect(err(readEpub(oneChapterBook(entry), stubReader().read))).toMatch(/"OEBPS\/ch\.xhtml" inflates to more than the 0\.00 MB its header declares/);
  });

  it('refuses a book whose chapters together inflate past the total limit', () => {
    const limits: EpubLimits = { maxEntries: 100, maxEntryBytes: 2 * 1024 * 1024, maxTotalBytes: 4 * 1024 * 1024 };
    const chapter = (i: number): RawEntry => rawEntry(`OEBPS/ch${i}.xhtml`, xhtml(`C${i}`, '<p>' + `Chapter ${i} of the rolls. `.repeat(60_000) + '</p>'));
    const bytes = oneChapterBook(chapter(1), [chapter(2), chapter(3)]);
    expect(err(readEpub(bytes, stubReader().read, limits))).toMatch(/the book inflates to more than 4\.0 MB/);
    // The same book is read with the default limits.
    expect(ok(readEpub(bytes, stubReader().read)).blocks).toHaveLength(3);
  });

  it('refuses an archive that lists more entries than allowed', () => {
    const files: Record<string, string> = { 'META-INF/container.xml': CONTAINER };
    for (let i = 0; i < 12; i++) files[`OEBPS/f${i}.css`] = `p { margin: ${i}px }`;
    files['OEBPS/content.opf'] = opf('<item id="a" href="f0.css" media-type="text/css"/>', '<itemref idref="a"/>');
    const limits: EpubLimits = { ...EPUB_LIMITS, maxEntries: 10 };
    expect(err(readEpub(epub(files), stubReader().read, limits))).toMatch(/lists 15 files, more than the 10 allowed/);
  });

  it('refuses an encrypted (password-protected) entry', () => {
    const chapter = rawEntry('OEBPS/ch.xhtml', xhtml('C', '<p>Secret minutes of the salt board.</p>'), { flags: 0x0001 });
    expect(err(readEpub(oneChapterBook(chapter), stubReader().read))).toMatch(/"OEBPS\/ch\.xhtml" is encrypted/);
    // The same entry without the flag is read.
    expect(texts(ok(readEpub(oneChapterBook({ ...chapter, flags: 0 }), stubReader().read)).blocks)).toEqual(['Secret minutes of the salt board.']);
  });

  it('refuses DRM-encrypted chapters but reads a book whose only "encryption" is font obfuscation', () => {
    const encryption = (algorithm: string, uri: string): string => `<?xml version="1.0"?>
<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#">
  <enc:EncryptedData><enc:EncryptionMethod Algorithm="${algorithm}"/><enc:CipherData><enc:CipherReference URI="${uri}"/></enc:CipherData></enc:EncryptedData>
</encryption>`;
    const book = (enc: string): Uint8Array =>
      epub({
        'META-INF/container.xml': CONTAINER,
        'META-INF/encryption.xml': enc,
        'OEBPS/content.opf': opf('<item id="a" href="a.xhtml" media-type="application/xhtml+xml"/>', '<itemref idref="a"/>'),
        'OEBPS/a.xhtml': xhtml('A', '<p>Open words.</p>'),
      });
    expect(err(readEpub(book(encryption('http://www.w3.org/2001/04/xmlenc#aes128-cbc', 'OEBPS/a.xhtml')), stubReader().read))).toMatch(/DRM/);
    expect(texts(ok(readEpub(book(encryption('http://www.idpf.org/2008/embedding', 'OEBPS/fonts/f.otf')), stubReader().read)).blocks)).toEqual([
      'Open words.',
    ]);
  });
});
