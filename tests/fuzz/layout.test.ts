/**
 * Property-based fuzzing of the corpus layout readers (issue 17, item 8): any file an operator drops into
 * corpus/ — random bytes, or text shaped like an HTML page, a Markdown thread or a Project Gutenberg book, in
 * any encoding — is either laid out or refused with its reason; it never crashes start-up. layOut never throws
 * (a refusal is its documented `{ error }`), and parsing what it laid out never throws. Fixed seed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FORMATS, layOut } from '../../src/core/corpus/layout/index.js';
import { parseLaidOut } from '../../src/core/corpus/parse.js';
import type { DocumentMeta } from '../../src/core/types.js';
import { hostileText } from '../helpers/hostile.js';

const RUNS = { seed: 17, numRuns: 250 };
const EXTENSIONS = [...Object.keys(FORMATS), '.pdf', '', '.TXT', '.Md'];
const words = fc.oneof(hostileText, fc.constantFrom('Serge wrote, “the bureaucracy is the main enemy.”', 'Trotsky: "We must plan."', 'He said that', 'ibid., 225.', '1', '¶', 'é', '\t'));

const shaped = (pieces: string[]) => fc.array(fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...pieces) }, { weight: 1, arbitrary: words }), { maxLength: 60 }).map((xs) => xs.join(''));

const HTML = shaped([
  '<!DOCTYPE html>', '<html>', '<head>', '<meta charset="windows-1252">', '<meta charset="x-unknown">', '<title>', '</title>', '</head>', '<body>',
  '<p>', '</p>', '<div class="post">', '<div class="postbody">', '</div>', '<blockquote>', '</blockquote>', '<h1>', '</h1>', '<h2>', '<br>',
  '<a href="#fn1">', '<sup>1</sup>', '</a>', '<ol>', '<li id="fn1">', '</li>', '</ol>', '<table><tr><td>', '</td></tr></table>', '<script>', '</script>',
  '<style>', '</style>', '<!--', '-->', '<![CDATA[', ']]>', '&amp;', '&#x1F600;', '&#99999999;', '&nbsp;', '&bogus;', '<', '>', '"', "'", '\n',
  '<span class="author">', '</span>', '<div id="chap01">', '<hr class="pg">', '*** START OF THE PROJECT GUTENBERG EBOOK X ***',
]);
const MARKDOWN = shaped([
  '---\ntitle: A\nauthor: B\n---\n', '---\n', '\n# ', '\n## ', '\n> ', '\n>> ', '[^1]', '\n[^1]: Serge, 225.', '\n---\n', '**', '_', '|a|b|\n|-|-|\n',
  '\n```\n', '\n- ', '\n1. ', '\n\n', '**Posted by Ann** on 3 May 2020\n', '\n### Reply from Dan\n', '[link](https://a.b)', '![img](x.png)', '<br>', '\\',
]);
const GUTENBERG = shaped([
  'The Project Gutenberg eBook of Memoirs, by Victor Serge\n', '*** START OF THE PROJECT GUTENBERG EBOOK MEMOIRS ***\n',
  '*** END OF THE PROJECT GUTENBERG EBOOK MEMOIRS ***\n', 'End of Project Gutenberg\'s Memoirs\n', '\nCHAPTER I\n', '\nCHAPTER II.\n',
  '[Illustration]', '[1]', '\n[1] Footnote.\n', '_italic_', '\r\n', '\n\n', 'Produced by volunteers\n', 'Title: Memoirs\nAuthor: Victor Serge\n',
]);

/** Text as bytes in an encoding a corpus file might come in. */
const encoded = (text: fc.Arbitrary<string>) =>
  fc.tuple(text, fc.constantFrom('utf8', 'utf8-bom', 'utf16le-bom', 'latin1')).map(([t, enc]) => {
    if (enc === 'utf8-bom') return new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t, 'utf8')]));
    if (enc === 'utf16le-bom') return new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]));
    return new Uint8Array(Buffer.from(t, enc as BufferEncoding));
  });

const bytes = fc.oneof(
  fc.uint8Array({ maxLength: 3000 }),
  fc.uint8Array({ maxLength: 3000 }).map((b) => new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...b])), // looks like a zip (EPUB)
  encoded(HTML),
  encoded(MARKDOWN),
  encoded(GUTENBERG),
);

const meta = (kind: DocumentMeta['kind']): DocumentMeta => ({ id: 'fuzzed', title: 'Fuzzed', author: null, kind, publication: null, date: null });

describe('fuzz: any file in corpus/ is laid out or refused, never a crash', () => {
  it('GIVEN any bytes under any corpus extension THEN layOut refuses with a reason or lays it out, and parsing it never throws', () => {
    fc.assert(
      fc.property(fc.constantFrom(...EXTENSIONS), bytes, fc.constantFrom('article' as const, 'forum' as const), (ext, data, kind) => {
        const laid = layOut(`fuzzed${ext}`, data);
        if ('error' in laid) {
          expect(typeof laid.error).toBe('string');
          expect(laid.error.length).toBeGreaterThan(0);
          return;
        }
        expect(Array.isArray(laid.blocks)).toBe(true);
        const doc = parseLaidOut(meta(kind), laid);
        expect(Array.isArray(doc.passages)).toBe(true);
        expect(Array.isArray(doc.quotations)).toBe(true);
      }),
      RUNS,
    );
  });

  it('GIVEN text shaped like each format THEN the reader for its extension lays it out or refuses it, never throws', () => {
    for (const [ext, text] of [['.html', HTML], ['.md', MARKDOWN], ['.txt', GUTENBERG], ['.txt', HTML], ['.htm', GUTENBERG]] as const) {
      fc.assert(
        fc.property(encoded(text), (data) => {
          const laid = layOut(`fuzzed${ext}`, data);
          if (!('error' in laid)) parseLaidOut(meta('article'), laid);
        }),
        RUNS,
      );
    }
  });
});
