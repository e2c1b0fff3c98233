/**
 * A text file's bytes → a string: the encoding from byte-order marks, from whether the bytes are valid UTF-8,
 * and from what the file declares (HTML <meta>, XML prolog). Node's built-in WHATWG TextDecoder (full ICU)
 * does the decoding. Pure: bytes in, string out. Line ends are left as they are (readers handle CRLF).
 */

/** How much of a file is sampled to tell binary from text. */
const SNIFF_BYTES = 8 * 1024;
/** How much of a file is scanned for a declared charset. */
const DECLARE_BYTES = 2 * 1024;
/** Above this share of invalid bytes, a file that is "mostly UTF-8" is read as windows-1252 instead. */
const MAX_INVALID_UTF8_SHARE = 0.01;

/** WHATWG single-byte encodings (canonical names), which decode any byte sequence. */
const SINGLE_BYTE = new Set([
  'ibm866',
  'iso-8859-2',
  'iso-8859-3',
  'iso-8859-4',
  'iso-8859-5',
  'iso-8859-6',
  'iso-8859-7',
  'iso-8859-8',
  'iso-8859-8-i',
  'iso-8859-10',
  'iso-8859-13',
  'iso-8859-14',
  'iso-8859-15',
  'iso-8859-16',
  'koi8-r',
  'koi8-u',
  'macintosh',
  'windows-874',
  'windows-1250',
  'windows-1251',
  'windows-1252',
  'windows-1253',
  'windows-1254',
  'windows-1255',
  'windows-1256',
  'windows-1257',
  'windows-1258',
  'x-mac-cyrillic',
]);

/** WHATWG legacy multi-byte encodings: used only when the file declares one and its bytes decode without error. */
const MULTI_BYTE = new Set(['gbk', 'gb18030', 'big5', 'euc-jp', 'iso-2022-jp', 'shift_jis', 'euc-kr']);

/** Magic numbers of formats that are not text, with what to call them in an error. */
const MAGIC: { bytes: number[]; offset?: number; what: string }[] = [
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], what: 'a PDF document' }, // %PDF-
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a zip archive (EPUB, DOCX, ODT or ZIP)' },
  { bytes: [0x50, 0x4b, 0x05, 0x06], what: 'a zip archive' },
  { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' }, // GIF8
  { bytes: [0x49, 0x49, 0x2a, 0x00], what: 'a TIFF image' },
  { bytes: [0x4d, 0x4d, 0x00, 0x2a], what: 'a TIFF image' },
  { bytes: [0x52, 0x49, 0x46, 0x46], what: 'a RIFF file (WebP image or WAV sound)' },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], what: 'a 7-Zip archive' },
  { bytes: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07], what: 'a RAR archive' }, // Rar!
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], what: 'an old Microsoft Office document (DOC)' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], what: 'a program (ELF)' },
  { bytes: [0x42, 0x4f, 0x4f, 0x4b, 0x4d, 0x4f, 0x42, 0x49], offset: 60, what: 'a Kindle/MOBI e-book' }, // BOOKMOBI
  { bytes: [0x00, 0x00, 0x01, 0x00], what: 'an icon image' },
];

function startsWith(bytes: Uint8Array, magic: number[], offset = 0): boolean {
  if (bytes.length < offset + magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[offset + i] !== magic[i]) return false;
  return true;
}

function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/** The UTF-16 byte order a BOM gives, if any. */
function utf16Bom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes.length < 2) return null;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/**
 * UTF-16 without a BOM: in a sample of mostly Latin-script text, one byte of every pair is NUL and the other
 * almost never is.
 */
function bomlessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, SNIFF_BYTES) & ~1;
  if (n < 8) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul > pairs * 0.6 && evenNul < pairs * 0.02) return 'utf-16le';
  if (evenNul > pairs * 0.6 && oddNul < pairs * 0.02) return 'utf-16be';
  return null;
}

/** Control characters that text files do not contain (tab, LF, VT, FF, CR, DOS EOF and ESC are allowed). */
function isStrayControl(c: number): boolean {
  return c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0b && c !== 0x0c && c !== 0x0d && c !== 0x1a && c !== 0x1b;
}

/** Why decoded UTF-16 text is not text after all, or null. */
function binaryText(text: string): string | null {
  const sample = text.slice(0, SNIFF_BYTES);
  let stray = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) return 'binary data (NUL characters)';
    if (isStrayControl(c)) stray++;
  }
  return stray >= 4 && stray > sample.length * 0.05 ? 'binary data (control characters)' : null;
}

/**
 * What the bytes are when they are not text ("a PDF document", "binary data (NUL bytes)"), or null for text.
 * UTF-16 (with a BOM, or unmistakably without one) is text even though half its bytes are NUL.
 */
export function binaryKind(bytes: Uint8Array): string | null {
  for (const m of MAGIC) if (startsWith(bytes, m.bytes, m.offset)) return m.what;
  const bom16 = utf16Bom(bytes);
  if (bom16) return binaryText(new TextDecoder(bom16).decode(bytes.subarray(0, SNIFF_BYTES + 2)));
  const n = Math.min(bytes.length, SNIFF_BYTES);
  let nul = 0;
  let stray = 0;
  for (let i = 0; i < n; i++) {
    const c = bytes[i];
    if (c === 0) nul++;
    else if (isStrayControl(c)) stray++;
  }
  if (nul > 0) {
    const bare16 = bomlessUtf16(bytes);
    if (bare16) return binaryText(new TextDecoder(bare16).decode(bytes.subarray(0, SNIFF_BYTES)));
    return 'binary data (NUL bytes)';
  }
  return stray >= 4 && stray > n * 0.05 ? 'binary data (control characters)' : null;
}

/** True when the bytes are not text at all (NUL bytes, many control characters in the first 8 KB; PDF/zip/image magic numbers). */
export function looksBinary(bytes: Uint8Array): boolean {
  return binaryKind(bytes) !== null;
}

/** A charset label as written in a document, cleaned and lower-cased, or null when it is not a plausible label. */
function cleanLabel(raw: string): string | null {
  const label = raw.trim().replace(/^["']|["']$/g, '').trim().toLowerCase();
  return /^[a-z0-9][a-z0-9._:+-]{0,39}$/.test(label) ? label : null;
}

/** The attributes of one tag's text ("<meta charset=utf-8 …>"), names lower-cased. */
function attributesOf(tag: string): Map<string, string> {
  const attrs = new Map<string, string>();
  const re = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;
  let m: RegExpExecArray | null;
  const body = tag.replace(/^<[a-zA-Z]+/, '');
  while ((m = re.exec(body))) {
    const name = m[1].toLowerCase();
    if (!attrs.has(name)) attrs.set(name, m[2] ?? m[3] ?? m[4] ?? '');
  }
  return attrs;
}

/**
 * The charset an HTML/XHTML/XML document declares in its first 2 KB (<meta charset>, http-equiv content-type,
 * <?xml encoding?>), lower-cased, or null. Byte-level scan (as the HTML prescan does), no HTML parser needed.
 */
export function declaredCharset(bytes: Uint8Array): string | null {
  let start = hasUtf8Bom(bytes) ? 3 : 0;
  // Bytes as Latin-1: every byte is one character, so ASCII markup reads right whatever the real encoding.
  let head = '';
  const end = Math.min(bytes.length, start + DECLARE_BYTES);
  for (; start < end; start++) head += String.fromCharCode(bytes[start]);

  const prolog = /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*("([^"]*)"|'([^']*)')/i.exec(head);
  if (prolog) {
    const label = cleanLabel(prolog[2] ?? prolog[3] ?? '');
    if (label) return label;
  }
  const text = head.replace(/<!--[\s\S]*?(?:-->|$)/g, ' ');
  const metaRe = /<meta[\s/][^>]*>?/gi;
  let m: RegExpExecArray | null;
  while ((m = metaRe.exec(text))) {
    const attrs = attributesOf(m[0]);
    const charset = attrs.get('charset');
    if (charset !== undefined) {
      const label = cleanLabel(charset);
      if (label) return label;
    }
    if ((attrs.get('http-equiv') ?? '').trim().toLowerCase() === 'content-type') {
      const cm = /charset\s*=\s*["']?([^"';\s]+)/i.exec(attrs.get('content') ?? '');
      const label = cm ? cleanLabel(cm[1]) : null;
      if (label) return label;
    }
  }
  return null;
}

/** Counts of a UTF-8 scan: bytes that start no valid sequence, and valid multi-byte sequences. */
function utf8Scan(bytes: Uint8Array): { invalid: number; multi: number } {
  let invalid = 0;
  let multi = 0;
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need = 0;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    }
    let ok = need > 0 && i + need < n;
    if (ok) {
      for (let k = 1; k <= need; k++) {
        const c = bytes[i + k];
        const min = k === 1 ? lo : 0x80;
        const max = k === 1 ? hi : 0xbf;
        if (c < min || c > max) {
          ok = false;
          break;
        }
      }
    }
    if (ok) {
      multi++;
      i += need + 1;
    } else {
      invalid++;
      i++;
    }
  }
  return { invalid, multi };
}

/** The TextDecoder for a label, or null when the platform does not know it. */
function decoderFor(label: string, fatal = false): TextDecoder | null {
  try {
    return new TextDecoder(label, { fatal });
  } catch {
    return null;
  }
}

/**
 * windows-1252's characters for bytes 0x80–0x9F (WHATWG index; the five unassigned bytes stay C1 controls).
 * Node 20.18.3+ and 22.13.0+ decode windows-1252 as plain Latin-1, turning curly quotes into C1 controls
 * (nodejs/node#60888), so these are put right after decoding.
 */
const CP1252_C1 =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

function decodeWindows1252(bytes: Uint8Array): string {
  return new TextDecoder('windows-1252').decode(bytes).replace(/[\u0080-\u009F]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80]);
}

/** Decodes bytes known not to be UTF-8: with the declared charset when it can be trusted, else windows-1252. */
function decodeLegacy(bytes: Uint8Array, declared: string | null | undefined): { text: string; encoding: string } {
  const dec = declared ? decoderFor(declared) : null;
  // ISO-8859-1, latin1 and ascii labels already map to windows-1252 in the WHATWG decoder, as in browsers.
  if (dec && dec.encoding !== 'windows-1252' && SINGLE_BYTE.has(dec.encoding)) return { text: dec.decode(bytes), encoding: dec.encoding };
  if (dec && MULTI_BYTE.has(dec.encoding)) {
    const strict = decoderFor(dec.encoding, true);
    try {
      if (strict) return { text: strict.decode(bytes), encoding: strict.encoding };
    } catch {
      // Not really in the declared charset: fall through.
    }
  }
  return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
}

/**
 * Decodes a text file's bytes. `declared` is a charset the file itself declares (HTML meta, XML prolog), if any.
 * A UTF-8 BOM gives "utf-8 with BOM" (BOM stripped); a UTF-16 BOM gives UTF-16; valid UTF-8 gives "utf-8";
 * otherwise the declared single-byte charset (ISO-8859-1/latin1/ascii read as windows-1252, as browsers do), else
 * windows-1252. A file that is mostly UTF-8 with a few invalid bytes (at most ~1%) is decoded as UTF-8 with
 * U+FFFD replacement characters, for the caller to warn about. `error` only for binary input.
 */
export function decodeText(bytes: Uint8Array, declared?: string | null): { text: string; encoding: string } | { error: string } {
  const binary = binaryKind(bytes);
  if (binary) {
    return { error: `not a text file: it holds ${binary}; convert it to plain text (UTF-8), Markdown or HTML and add that instead` };
  }
  if (hasUtf8Bom(bytes)) {
    return { text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(3)), encoding: 'utf-8 with BOM' };
  }
  const utf16 = utf16Bom(bytes) ?? (bytes.includes(0) ? bomlessUtf16(bytes) : null);
  if (utf16) {
    const hasBom = utf16Bom(bytes) !== null;
    return { text: new TextDecoder(utf16, { ignoreBOM: true }).decode(bytes.subarray(hasBom ? 2 : 0)), encoding: utf16 };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // Not valid UTF-8: mostly UTF-8 with a few bad bytes, or a legacy single-byte encoding.
  }
  const declaredLabel = declared ? cleanLabel(declared) : null;
  const declaredDecoder = declaredLabel ? decoderFor(declaredLabel) : null;
  const claimsUtf8 = declaredDecoder?.encoding === 'utf-8';
  const { invalid, multi } = utf8Scan(bytes);
  const mostlyUtf8 =
    invalid <= Math.max(1, bytes.length * MAX_INVALID_UTF8_SHARE) && (claimsUtf8 || (multi > 0 && invalid <= multi));
  if (mostlyUtf8) return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8' };
  return decodeLegacy(bytes, claimsUtf8 ? null : declaredLabel);
}
