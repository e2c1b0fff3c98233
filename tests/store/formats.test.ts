import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { zipSync, strToU8 } from 'fflate';
import { ingestCorpusFiles, readCorpusFiles } from '../../src/store/corpus-files.js';
import { corpusReport } from '../../src/cli/corpus.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function corpusOf(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(join(tmpdir(), 'rostrum-formats-'));
  dirs.push(root);
  const dir = join(root, 'corpus');
  mkdirSync(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

const silent = pino({ level: 'silent' });
const ingest = (dir: string) => ingestCorpusFiles(readCorpusFiles(dir), silent);

const LATIN1 = Buffer.from('Title: Caf\xe9 Notes\nAuthor: Jos\xe9 M\xf6ller\n\nJos\xe9 M\xf6ller wrote: \x93the caf\xe9 was full of wardens and their salt\x94.\n', 'latin1');

const ARTICLE_HTML = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>The Salt Roads | Marsh Review</title>
<meta name="author" content="Oda Venn"><script>document.write("never indexed")</script></head>
<body><nav><a href="/">Home</a> <a href="/about">About</a></nav><article><h1>The Salt Roads</h1>
<p>As Quill Aster put it, “the roads belong to those who walk them in the thaw”.<sup><a href="#fn1">1</a></sup></p>
<ol class="footnotes"><li id="fn1">Quill Aster, <i>The Toll Book</i> (Varn: Reed Press, 1901), 14.</li></ol></article></body></html>`;

function epub(chapter: string): Uint8Array {
  return zipSync({
    mimetype: strToU8('application/epub+zip'),
    'META-INF/container.xml': strToU8('<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/book.opf" media-type="application/oebps-package+xml"/></rootfiles></container>'),
    'OEBPS/book.opf': strToU8('<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Marsh Letters</dc:title><dc:creator>Pim Harl</dc:creator></metadata><manifest><item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="c1"/></spine></package>'),
    'OEBPS/c1.xhtml': strToU8(chapter),
  });
}

describe('GIVEN texts in the formats people have', () => {
  it('THEN Latin-1 text, an HTML article and an EPUB are each indexed with the metadata they carry', () => {
    const dir = corpusOf({
      'cafe-8.txt': LATIN1,
      'salt-roads.htm': ARTICLE_HTML,
      'letters.epub': epub('<html xmlns="http://www.w3.org/1999/xhtml"><body><h1>Letter I</h1><p>Pim Harl wrote to his brother: “the marsh is wider every year and the wardens older”.</p></body></html>'),
    });
    const { documents, reports } = ingest(dir);
    expect(reports.map((r) => [r.file, r.status])).toEqual([['cafe-8.txt', 'indexed'], ['letters.epub', 'indexed'], ['salt-roads.htm', 'indexed']]);
    const byId = new Map(documents.map((d) => [d.meta.id, d]));
    expect(byId.get('cafe-8')!.meta).toMatchObject({ title: 'Café Notes', author: 'José Möller' });
    expect(byId.get('cafe-8')!.quotations[0]).toMatchObject({ text: 'the café was full of wardens and their salt', speaker: 'José Möller' });
    expect(byId.get('salt-roads')!.meta).toMatchObject({ title: 'The Salt Roads', author: 'Oda Venn' });
    const q = byId.get('salt-roads')!.quotations[0];
    expect(q).toMatchObject({ speaker: 'Quill Aster' });
    expect(q.source).toContain('The Toll Book');
    expect(byId.get('salt-roads')!.passages.map((p) => p.text).join(' ')).not.toMatch(/never indexed|Home|About/);
    expect(byId.get('letters')!.meta).toMatchObject({ title: 'Marsh Letters', author: 'Pim Harl' });
    expect(byId.get('letters')!.quotations[0].text).toBe('the marsh is wider every year and the wardens older');
    const report = reports.find((r) => r.file === 'cafe-8.txt')!;
    expect(report).toMatchObject({ status: 'indexed', encoding: 'windows-1252', layout: 'plain-text', quotations: 1, withSpeaker: 1 });
  });

  it('THEN bad files are reported by name with the reason and skipped, and the rest are still indexed', () => {
    const noContainer = zipSync({ mimetype: strToU8('application/epub+zip'), 'OEBPS/c1.xhtml': strToU8('<html><body><p>words</p></body></html>') });
    const good = epub('<html><body><p>Pim Harl wrote: “the marsh is wide and the wardens old, older than the roads”.</p></body></html>');
    const dir = corpusOf({
      'binary.txt': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
      'cut.epub': good.slice(0, Math.floor(good.length / 2)),
      'no-container.epub': noContainer,
      'scan.pdf': Buffer.from('%PDF-1.4 not a corpus format'),
      'huge.html': Buffer.alloc(21 * 1024 * 1024, 0x61),
      'nested.html': '<div>'.repeat(50_000) + 'words' + '</div>'.repeat(50_000),
      'fine.md': '# Fine\n\nQuill Aster said: “the wardens keep the book of tolls”.\n',
    });
    const { documents, reports } = ingest(dir);
    expect(documents.map((d) => d.meta.id)).toEqual(['fine']);
    const reason = (f: string) => {
      const r = reports.find((x) => x.file === f);
      return r?.status === 'skipped' ? r.reason : `indexed: ${JSON.stringify(r)}`;
    };
    expect(reason('binary.txt')).toMatch(/not a text file/i);
    expect(reason('cut.epub')).toMatch(/truncated|corrupt|not a zip|damaged|end of central directory/i);
    expect(reason('no-container.epub')).toMatch(/container|not an EPUB/i);
    expect(reason('scan.pdf')).toMatch(/not a corpus format/);
    expect(reason('huge.html')).toMatch(/too large/);
    expect(reason('nested.html')).toMatch(/no text found.*nested more than/);
    expect(reports).toHaveLength(7);
  });

  it('THEN a thread saved as text (posts between lines holding only spaces) is read as a forum without a sidecar', () => {
    const thread = ['The Salt Toll Thread', '', 'Quillfeather', 'Donor', '', 'I think the toll was never needed at all.', ' ', 'Brannoc', 'Banned', '', 'The wardens needed every coin of it.', ' ', 'Quillfeather', 'Donor', '', 'Then show me the book of tolls.', ' ', 'Oda', 'Member', '', 'Nobody has seen that book since the thaw.'].join('\n');
    const article = 'An Essay\n\nThe first paragraph of the essay.\n \nThe second paragraph of the essay.\n';
    const { documents, reports } = ingest(corpusOf({ 'thread.txt': thread, 'essay.txt': article }));
    const byId = new Map(documents.map((d) => [d.meta.id, d]));
    expect(byId.get('thread')!.meta.kind).toBe('forum');
    expect(byId.get('thread')!.passages.map((p) => p.speaker)).toEqual(['Quillfeather', 'Brannoc', 'Quillfeather', 'Oda']);
    expect(reports.find((r) => r.file === 'thread.txt')).toMatchObject({ layout: 'forum-text' });
    expect(byId.get('essay')!.meta.kind).toBe('article');
  });

  // In-process: the spawned `npm run cli -- corpus --json` is tests/e2e/cli/corpus.test.ts.
  it('THEN `cli corpus --json` and `cli corpus` report every file', () => {
    const dir = corpusOf({ 'fine.md': '# Fine\n\nQuill Aster said: “the wardens keep the book of tolls”.\n', 'scan.pdf': Buffer.from('%PDF-1.4') });
    const json = JSON.parse(corpusReport(true, dir)) as { file: string; status: string }[];
    expect(json.map((r) => [r.file, r.status])).toEqual([['fine.md', 'indexed'], ['scan.pdf', 'skipped']]);
    const text = corpusReport(false, dir);
    expect(text).toMatch(/fine\.md: markdown, utf-8; “Fine”/);
    expect(text).toMatch(/scan\.pdf: skipped — not a corpus format/);
    expect(text).toMatch(/1 of 2 files indexed/);
  });
});
