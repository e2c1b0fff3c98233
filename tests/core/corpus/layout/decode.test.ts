import { describe, expect, it } from 'vitest';
import { declaredCharset, decodeText, looksBinary } from '../../../../src/core/corpus/layout/decode.js';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
/** Bytes of a string whose characters are all below U+0100 (Latin-1), one byte each. */
const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (c) => {
  const code = c.charCodeAt(0);
  if (code > 0xff) throw new Error(`not Latin-1: ${c}`);
  return code;
});
const concat = (...parts: (Uint8Array | number[])[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const ok = (r: ReturnType<typeof decodeText>): { text: string; encoding: string } => {
  if ('error' in r) throw new Error(`unexpected error: ${r.error}`);
  return r;
};

describe('decodeText', () => {
  it('reads valid UTF-8 without a BOM as utf-8, leaving CRLF alone', () => {
    const r = ok(decodeText(utf8('Quelle sévérité, dit Örnulf —\r\nà Zürich.')));
    expect(r).toEqual({ text: 'Quelle sévérité, dit Örnulf —\r\nà Zürich.', encoding: 'utf-8' });
  });

  it('reads UTF-8 with a BOM as "utf-8 with BOM" and strips the BOM', () => {
    const r = ok(decodeText(concat([0xef, 0xbb, 0xbf], utf8('Brävik’s ledger'))));
    expect(r.encoding).toBe('utf-8 with BOM');
    expect(r.text).toBe('Brävik’s ledger');
    expect(r.text.charCodeAt(0)).not.toBe(0xfeff);
  });

  it('reads a Latin-1 file with é and ö as windows-1252', () => {
    const r = ok(decodeText(latin1('La dépêche du président Strömberg arriva à midi.\n')));
    expect(r.encoding).toBe('windows-1252');
    expect(r.text).toBe('La dépêche du président Strömberg arriva à midi.\n');
  });

  it('reads a long mostly-ASCII Latin-1 file with one accent as windows-1252, not UTF-8 with a replacement', () => {
    const text = `${'The assembly met at dawn and adjourned at dusk. '.repeat(100)}Café Velmont.`;
    const r = ok(decodeText(latin1(text)));
    expect(r.encoding).toBe('windows-1252');
    expect(r.text).toBe(text);
  });

  it('reads windows-1252 curly quotes (0x93/0x94), dashes and the euro sign, not C1 controls', () => {
    const bytes = concat(utf8('He wrote '), [0x93], utf8('never again'), [0x94, 0x20, 0x97, 0x20], utf8('and paid 5'), [0x80, 0x2e]);
    const r = ok(decodeText(bytes));
    expect(r.encoding).toBe('windows-1252');
    expect(r.text).toBe('He wrote “never again” — and paid 5€.');
    // All 256 bytes decode one for one, the five unassigned ones as themselves (WHATWG index-windows-1252).
    const all = ok(decodeText(Uint8Array.from({ length: 224 }, (_, i) => i + 32)));
    expect(all.text.length).toBe(224);
    expect([...all.text.slice(0x80 - 32, 0xa0 - 32)].filter((c) => c.charCodeAt(0) < 0xa0).map((c) => c.charCodeAt(0))).toEqual([0x81, 0x8d, 0x8f, 0x90, 0x9d]);
  });

  it('follows a declared single-byte charset that is not Latin-1 (windows-1251)', () => {
    // "Дума" in windows-1251.
    const bytes = concat(utf8('<p>'), [0xc4, 0xf3, 0xec, 0xe0], utf8('</p>'));
    const r = ok(decodeText(bytes, 'windows-1251'));
    expect(r.encoding).toBe('windows-1251');
    expect(r.text).toBe('<p>Дума</p>');
  });

  it('reads a page declared ISO-8859-1 as windows-1252 (as browsers do), so 0x93/0x94 are quotes', () => {
    const html = concat(
      latin1('<html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"><title>Kaldé</title></head><body><p>'),
      latin1('Der Bürgermeister sagte '),
      [0x93],
      utf8('genug'),
      [0x94],
      utf8('.</p></body></html>'),
    );
    const declared = declaredCharset(html);
    expect(declared).toBe('iso-8859-1');
    const r = ok(decodeText(html, declared));
    expect(r.encoding).toBe('windows-1252');
    expect(r.text).toContain('Der Bürgermeister sagte “genug”.');
    expect(r.text).toContain('<title>Kaldé</title>');
  });

  it('decodes UTF-16 LE and BE with a BOM', () => {
    const text = 'Ödön’s “memoir”, 1848\r\n';
    const le = new Uint8Array(2 + text.length * 2);
    const be = new Uint8Array(2 + text.length * 2);
    le.set([0xff, 0xfe]);
    be.set([0xfe, 0xff]);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      le[2 + i * 2] = c & 0xff;
      le[3 + i * 2] = c >> 8;
      be[2 + i * 2] = c >> 8;
      be[3 + i * 2] = c & 0xff;
    }
    expect(looksBinary(le)).toBe(false);
    expect(ok(decodeText(le))).toEqual({ text, encoding: 'utf-16le' });
    expect(ok(decodeText(be))).toEqual({ text, encoding: 'utf-16be' });
  });

  it('decodes a UTF-8 file with one invalid byte as utf-8 with a replacement character', () => {
    const bytes = concat(utf8('Les délégués de Vérone arrivèrent; '), [0xff], utf8(' la séance reprit après le déjeuner.'));
    const r = ok(decodeText(bytes));
    expect(r.encoding).toBe('utf-8');
    expect(r.text).toBe('Les délégués de Vérone arrivèrent; \uFFFD la séance reprit après le déjeuner.');
  });

  it('falls back to windows-1252 when a file declared UTF-8 has many invalid bytes', () => {
    const bytes = concat(utf8('<meta charset="utf-8"><p>'), latin1('Élise répondit: ça suffit, Müller! Très bien.'), utf8('</p>'));
    const declared = declaredCharset(bytes);
    expect(declared).toBe('utf-8');
    const r = ok(decodeText(bytes, declared));
    expect(r.encoding).toBe('windows-1252');
    expect(r.text).toContain('Élise répondit: ça suffit, Müller! Très bien.');
  });

  it('refuses binary input with an error that says what it is', () => {
    const nul = concat(utf8('header'), [0, 0, 0, 1, 2, 0, 0], utf8('more'));
    const png = concat([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0, 0, 0, 0x0d], utf8('IHDR'));
    const pdf = utf8('%PDF-1.7\n%âãÏÓ\n1 0 obj\n');
    const nulResult = decodeText(nul);
    expect('error' in nulResult && nulResult.error).toMatch(/^not a text file: .*NUL bytes.*convert/);
    const pngResult = decodeText(png);
    expect('error' in pngResult && pngResult.error).toMatch(/PNG image/);
    const pdfResult = decodeText(pdf);
    expect('error' in pdfResult && pdfResult.error).toMatch(/PDF document/);
  });
});

describe('looksBinary', () => {
  it('flags NUL bytes, control characters and magic numbers, not text', () => {
    expect(looksBinary(concat(utf8('abc'), [0], utf8('def')))).toBe(true);
    expect(looksBinary(Uint8Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 0x01 + (i % 7) : 0x61)))).toBe(true);
    expect(looksBinary(concat([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], utf8('text after the header')))).toBe(true);
    expect(looksBinary(concat([0x50, 0x4b, 0x03, 0x04], utf8('mimetypeapplication/epub+zip')))).toBe(true);
    expect(looksBinary(utf8('Plain prose.\r\n\tIndented, with a form feed\f.\n'))).toBe(false);
    expect(looksBinary(latin1('Göteborg, 1719.'))).toBe(false);
  });
});

describe('declaredCharset', () => {
  it('finds <meta charset>, http-equiv content-type and the XML prolog, lower-cased', () => {
    expect(declaredCharset(utf8('<!DOCTYPE html><html><head><meta charset="Windows-1250"></head>'))).toBe('windows-1250');
    expect(declaredCharset(utf8("<html><head><META CHARSET=KOI8-R></head>"))).toBe('koi8-r');
    expect(declaredCharset(utf8('<meta content="text/html; charset=ISO-8859-2" http-equiv="content-type">'))).toBe('iso-8859-2');
    expect(declaredCharset(utf8("<?xml version='1.0' encoding='UTF-8'?><html/>"))).toBe('utf-8');
    expect(declaredCharset(concat([0xef, 0xbb, 0xbf], utf8('<?xml version="1.0" encoding="iso-8859-15"?>')))).toBe('iso-8859-15');
  });

  it('returns null when nothing is declared, when the declaration is commented out, or past the first 2 KB', () => {
    expect(declaredCharset(utf8('<html><head><title>No charset</title></head></html>'))).toBeNull();
    expect(declaredCharset(utf8('<!-- <meta charset="windows-1251"> --><p>x</p>'))).toBeNull();
    expect(declaredCharset(utf8(`<html><head>${' '.repeat(3000)}<meta charset="windows-1251"></head>`))).toBeNull();
  });
});
