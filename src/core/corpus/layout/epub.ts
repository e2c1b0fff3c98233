/**
 * EPUB: a zip archive whose META-INF/container.xml names the OPF package file, whose metadata gives the book's
 * title, author and date and whose spine lists the XHTML chapters in reading order. The archive is treated as
 * hostile: sizes are bounded while inflating (not trusted from headers), encrypted or corrupt entries are
 * refused with an error, and entry names are only looked up, never used as paths. Pure: bytes in, no I/O.
 */
import { Inflate } from 'fflate';
import { isCDATA, isTag, isText, type AnyNode, type Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { decodeText, declaredCharset } from './decode.js';
import { NOTE_REF_RE, noteRef, type Block, type FoundMeta, type LaidOutText } from './types.js';

export interface EpubLimits {
  /** Most entries the archive may list. */
  maxEntries: number;
  /** Most bytes one entry may inflate to. */
  maxEntryBytes: number;
  /** Most bytes all the entries read may inflate to together. */
  maxTotalBytes: number;
}

export const EPUB_LIMITS: EpubLimits = {
  maxEntries: 2_000,
  maxEntryBytes: 20 * 1024 * 1024,
  maxTotalBytes: 60 * 1024 * 1024,
};

/**
 * DEFLATE's largest expansion (about 1032:1), which bounds what one step of inflation can produce: chunks of
 * compressed bytes are sized so that no step overshoots an entry's cap by more than about 1 MB.
 */
const MAX_DEFLATE_RATIO = 1032;
const MIN_CHUNK = 1024;
const MAX_CHUNK = 64 * 1024;

type Failure = { error: string };

class ZipError extends Error {}

function mb(n: number): string {
  return `${(n / 1048576).toFixed(n < 1048576 ? 2 : 1)} MB`;
}

// ---------------------------------------------------------------------------------------------------------
// Zip: central directory and bounded inflation
// ---------------------------------------------------------------------------------------------------------

interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  /** Uncompressed size as the central directory declares it (untrusted). */
  size: number;
  localOffset: number;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const CORRUPT = 'not a readable EPUB: the zip archive is truncated or corrupt';
const REDOWNLOAD = 'download or export the book again';

class Zip {
  private readonly view: DataView;
  private readonly byName = new Map<string, ZipEntry>();
  private readonly byLowerName = new Map<string, ZipEntry>();
  /** Bytes inflated so far, for the total limit. */
  private inflated = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly limits: EpubLimits,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.readCentralDirectory();
  }

  private u16(at: number): number {
    if (at < 0 || at + 2 > this.bytes.length) throw new ZipError(`${CORRUPT} (a record runs past the end of the file); ${REDOWNLOAD}`);
    return this.view.getUint16(at, true);
  }

  private u32(at: number): number {
    if (at < 0 || at + 4 > this.bytes.length) throw new ZipError(`${CORRUPT} (a record runs past the end of the file); ${REDOWNLOAD}`);
    return this.view.getUint32(at, true);
  }

  private u64(at: number): number {
    const lo = this.u32(at);
    const hi = this.u32(at + 4);
    if (hi > 0x1fffff) throw new ZipError(`${CORRUPT} (a size is impossibly large); ${REDOWNLOAD}`);
    return hi * 0x100000000 + lo;
  }

  /** Finds the end-of-central-directory record (within the last 64 KB + 22 bytes) and lists the entries. */
  private readCentralDirectory(): void {
    const b = this.bytes;
    const minEocd = Math.max(0, b.length - 22 - 0xffff);
    let eocd = -1;
    for (let i = b.length - 22; i >= minEocd; i--) {
      if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 0x05 && b[i + 3] === 0x06 && i + 22 + this.u16(i + 20) <= b.length) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) {
      const hint = b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b ? ' (no end-of-archive record: the file was cut short)' : ' (it is not a zip archive)';
      throw new ZipError(`${CORRUPT}${hint}; ${REDOWNLOAD}`);
    }
    let count = this.u16(eocd + 10);
    let cdSize = this.u32(eocd + 12);
    let cdOffset = this.u32(eocd + 16);
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      // Zip64: the locator sits just before the classic record and points at the Zip64 end record.
      const loc = eocd - 20;
      if (loc < 0 || this.u32(loc) !== 0x07064b50) throw new ZipError(`${CORRUPT} (a Zip64 record is missing); ${REDOWNLOAD}`);
      const z = this.u64(loc + 8);
      if (this.u32(z) !== 0x06064b50) throw new ZipError(`${CORRUPT} (a Zip64 record is damaged); ${REDOWNLOAD}`);
      count = this.u64(z + 32);
      cdSize = this.u64(z + 40);
      cdOffset = this.u64(z + 48);
    }
    if (count > this.limits.maxEntries) {
      throw new ZipError(`refused EPUB: the archive lists ${count} files, more than the ${this.limits.maxEntries} allowed; it is not an ordinary book`);
    }
    if (cdOffset + cdSize > eocd) throw new ZipError(`${CORRUPT} (the file list lies past its end); ${REDOWNLOAD}`);

    const decoder = new TextDecoder('utf-8');
    let p = cdOffset;
    const end = cdOffset + cdSize;
    let seen = 0;
    while (p < end) {
      if (this.u32(p) !== 0x02014b50) throw new ZipError(`${CORRUPT} (the file list is damaged); ${REDOWNLOAD}`);
      if (++seen > this.limits.maxEntries) {
        throw new ZipError(`refused EPUB: the archive holds more than ${this.limits.maxEntries} files; it is not an ordinary book`);
      }
      const flags = this.u16(p + 8);
      const method = this.u16(p + 10);
      const crc = this.u32(p + 16);
      let compressedSize = this.u32(p + 20);
      let size = this.u32(p + 24);
      const nameLen = this.u16(p + 28);
      const extraLen = this.u16(p + 30);
      const commentLen = this.u16(p + 32);
      let localOffset = this.u32(p + 42);
      const nameStart = p + 46;
      if (nameStart + nameLen + extraLen + commentLen > end) throw new ZipError(`${CORRUPT} (the file list is damaged); ${REDOWNLOAD}`);
      const name = decoder.decode(b.subarray(nameStart, nameStart + nameLen)).replace(/\\/g, '/');
      // Zip64 extended information: 8-byte values for the fields that hold 0xFFFFFFFF, in this order.
      let e = nameStart + nameLen;
      const extraEnd = e + extraLen;
      while (e + 4 <= extraEnd) {
        const id = this.u16(e);
        const len = this.u16(e + 2);
        if (id === 0x0001) {
          let q = e + 4;
          if (size === 0xffffffff) (size = this.u64(q)), (q += 8);
          if (compressedSize === 0xffffffff) (compressedSize = this.u64(q)), (q += 8);
          if (localOffset === 0xffffffff) localOffset = this.u64(q);
        }
        e += 4 + len;
      }
      const entry: ZipEntry = { name, flags, method, crc, compressedSize, size, localOffset };
      if (!this.byName.has(name)) this.byName.set(name, entry);
      if (!this.byLowerName.has(name.toLowerCase())) this.byLowerName.set(name.toLowerCase(), entry);
      p = extraEnd + commentLen;
    }
  }

  /** The entry of that name (exactly, else ignoring case, as some tools write hrefs in the wrong case). */
  find(name: string): ZipEntry | undefined {
    return this.byName.get(name) ?? this.byLowerName.get(name.toLowerCase());
  }

  /** The entry's bytes, inflated within the limits. Throws ZipError for anything hostile or broken. */
  read(entry: ZipEntry): Uint8Array {
    const name = entry.name;
    const limits = this.limits;
    if (entry.flags & 0x0001 || entry.method === 99) {
      throw new ZipError(`refused EPUB: "${name}" is encrypted (a password-protected zip); export the book again without a password`);
    }
    if (entry.method !== 0 && entry.method !== 8) {
      throw new ZipError(`not a readable EPUB: "${name}" uses compression method ${entry.method}, which EPUB does not allow (only stored or deflate); export the book again`);
    }
    if (entry.size > limits.maxEntryBytes) {
      throw new ZipError(`refused EPUB: "${name}" is ${mb(entry.size)} uncompressed, over the ${mb(limits.maxEntryBytes)} limit for one file; split the book or convert it to HTML or plain text`);
    }
    if (this.inflated + entry.size > limits.maxTotalBytes) {
      throw new ZipError(`refused EPUB: the book inflates to more than ${mb(limits.maxTotalBytes)}; split it or convert it to HTML or plain text`);
    }
    const lh = entry.localOffset;
    if (this.u32(lh) !== 0x04034b50) throw new ZipError(`${CORRUPT} ("${name}" is not where the file list says); ${REDOWNLOAD}`);
    const dataStart = lh + 30 + this.u16(lh + 26) + this.u16(lh + 28);
    const dataEnd = dataStart + entry.compressedSize;
    if (dataEnd > this.bytes.length) throw new ZipError(`${CORRUPT} ("${name}" runs past the end of the file); ${REDOWNLOAD}`);
    const compressed = this.bytes.subarray(dataStart, dataEnd);

    let out: Uint8Array;
    if (entry.method === 0) {
      if (entry.compressedSize !== entry.size) throw new ZipError(`${CORRUPT} ("${name}" has inconsistent sizes); ${REDOWNLOAD}`);
      out = compressed;
    } else {
      // The declared size caps the output: an entry that inflates past it is refused as soon as it does.
      const cap = entry.size;
      const parts: Uint8Array[] = [];
      let produced = 0;
      let over = false;
      const inflater = new Inflate((chunk) => {
        produced += chunk.length;
        if (produced > cap) over = true;
        else if (chunk.length) parts.push(chunk);
      });
      try {
        if (compressed.length === 0) inflater.push(compressed, true);
        for (let at = 0; at < compressed.length && !over; ) {
          const room = Math.floor((cap - produced) / MAX_DEFLATE_RATIO);
          const next = Math.min(at + Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, room)), compressed.length);
          inflater.push(compressed.subarray(at, next), next === compressed.length);
          at = next;
        }
      } catch (err) {
        throw new ZipError(`${CORRUPT} ("${name}" does not inflate: ${err instanceof Error ? err.message : String(err)}); ${REDOWNLOAD}`);
      }
      if (over) {
        throw new ZipError(
          `refused EPUB: "${name}" inflates to more than the ${mb(cap)} its header declares (a corrupt or hostile archive, such as a zip bomb); ${REDOWNLOAD} from a trusted source`,
        );
      }
      if (produced !== entry.size) throw new ZipError(`${CORRUPT} ("${name}" inflates to ${produced} bytes, not the ${entry.size} declared); ${REDOWNLOAD}`);
      out = new Uint8Array(produced);
      let at = 0;
      for (const part of parts) {
        out.set(part, at);
        at += part.length;
      }
    }
    if (crc32(out) !== entry.crc) throw new ZipError(`${CORRUPT} ("${name}" fails its checksum); ${REDOWNLOAD}`);
    this.inflated += out.length;
    return out;
  }
}

// ---------------------------------------------------------------------------------------------------------
// XML helpers (container.xml, OPF, encryption.xml, nav document)
// ---------------------------------------------------------------------------------------------------------

/** An element's name without its namespace prefix, lower-cased ("dc:title" → "title"). */
function localName(el: Element): string {
  const n = el.name;
  return n.slice(n.indexOf(':') + 1).toLowerCase();
}

/** An attribute by local name, ignoring its prefix and case ("opf:role" and "role" alike). */
function attr(el: Element, name: string): string | undefined {
  if (el.attribs[name] !== undefined) return el.attribs[name];
  for (const [k, v] of Object.entries(el.attribs)) if (k.slice(k.indexOf(':') + 1).toLowerCase() === name) return v;
  return undefined;
}

function elements(nodes: AnyNode[], name: string, out: Element[] = []): Element[] {
  for (const node of nodes) {
    if (!isTag(node)) continue;
    if (localName(node) === name) out.push(node);
    elements(node.children, name, out);
  }
  return out;
}

function textOf(node: AnyNode): string {
  if (isText(node)) return node.data;
  if (isTag(node) || isCDATA(node)) return node.children.map(textOf).join('');
  return '';
}

function cleanText(node: AnyNode): string {
  return textOf(node).replace(/\s+/g, ' ').trim();
}

function parseXml(bytes: Uint8Array, what: string): AnyNode[] {
  const decoded = decodeText(bytes, declaredCharset(bytes));
  if ('error' in decoded) throw new ZipError(`not a readable EPUB: ${what} is not text; export the book again`);
  return parseDocument(decoded.text, { xmlMode: true }).children;
}

/** An archive path resolved against a base folder ("OEBPS/"), without ever leaving the archive's root. */
function resolvePath(baseDir: string, href: string): string {
  let h = href.replace(/[#?].*$/s, '').trim();
  try {
    h = decodeURIComponent(h);
  } catch {
    // A stray % in a file name: use the href as written.
  }
  const parts = (h.startsWith('/') ? [] : baseDir.split('/')).filter(Boolean);
  for (const seg of h.split('/')) {
    if (!seg || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/');
}

function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash + 1);
}

// ---------------------------------------------------------------------------------------------------------
// OPF package: metadata, manifest, spine
// ---------------------------------------------------------------------------------------------------------

interface ManifestItem {
  id: string;
  path: string;
  mediaType: string;
  properties: string[];
}

interface Package {
  found: FoundMeta;
  manifest: Map<string, ManifestItem>;
  spine: ManifestItem[];
  /** Archive paths of the contents and cover pages the guide names. */
  guideSkip: Set<string>;
}

function joinNames(names: string[]): string | undefined {
  if (names.length === 0) return undefined;
  if (names.length === 1) return names[0];
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function cleanDate(raw: string): string | undefined {
  const d = raw.trim();
  if (!d || /^0101-01-01/.test(d)) return undefined; // calibre writes 0101-01-01 for "no date"
  const day = /^(\d{4}(?:-\d{2}(?:-\d{2})?)?)T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?$/.exec(d);
  return day ? day[1] : d;
}

function readPackage(root: AnyNode[], opfPath: string): Package {
  const pkg = elements(root, 'package')[0];
  if (!pkg) throw new ZipError(`not a readable EPUB: "${opfPath}" is not an OPF package file; export the book again`);
  const metadata = elements(pkg.children, 'metadata')[0] ?? pkg;

  // EPUB 3 refinements: <meta refines="#id" property="role">aut</meta>, property="title-type".
  const refined = new Map<string, Map<string, string>>();
  for (const meta of elements(metadata.children, 'meta')) {
    const target = attr(meta, 'refines');
    const property = attr(meta, 'property');
    if (!target?.startsWith('#') || !property) continue;
    const props = refined.get(target.slice(1)) ?? new Map<string, string>();
    props.set(property.toLowerCase(), cleanText(meta).toLowerCase());
    refined.set(target.slice(1), props);
  }
  const refinement = (el: Element, property: string): string | undefined => {
    const id = attr(el, 'id');
    return id ? refined.get(id)?.get(property) : undefined;
  };

  const found: FoundMeta = {};
  const titles = elements(metadata.children, 'title').filter((t) => cleanText(t));
  const title = titles.find((t) => refinement(t, 'title-type') === 'main') ?? titles.find((t) => refinement(t, 'title-type') !== 'subtitle') ?? titles[0];
  if (title) found.title = cleanText(title);

  const authors: string[] = [];
  const translators: string[] = [];
  const people = [...elements(metadata.children, 'creator'), ...elements(metadata.children, 'contributor')];
  for (const person of people) {
    const name = cleanText(person);
    if (!name) continue;
    const role = (attr(person, 'role') ?? refinement(person, 'role') ?? '').trim().toLowerCase();
    if (role === 'trl') translators.push(name);
    else if ((role === 'aut' || role === '') && localName(person) === 'creator') authors.push(name);
  }
  found.author = joinNames(authors);
  found.translator = joinNames(translators);

  const dates = elements(metadata.children, 'date');
  const date =
    dates.find((d) => (attr(d, 'event') ?? '').toLowerCase() === 'publication') ??
    dates.find((d) => !/modification|creation/i.test(attr(d, 'event') ?? ''));
  found.date = date ? cleanDate(cleanText(date)) : undefined;
  for (const key of Object.keys(found) as (keyof FoundMeta)[]) if (found[key] === undefined) delete found[key];

  const base = dirOf(opfPath);
  const manifest = new Map<string, ManifestItem>();
  for (const manifestEl of elements(pkg.children, 'manifest')) {
    for (const item of elements(manifestEl.children, 'item')) {
      const id = attr(item, 'id');
      const href = attr(item, 'href');
      if (!id || !href || manifest.has(id)) continue;
      manifest.set(id, {
        id,
        path: resolvePath(base, href),
        mediaType: (attr(item, 'media-type') ?? '').trim().toLowerCase(),
        properties: (attr(item, 'properties') ?? '').toLowerCase().split(/\s+/).filter(Boolean),
      });
    }
  }

  const spine: ManifestItem[] = [];
  const spineEl = elements(pkg.children, 'spine')[0];
  if (spineEl) {
    for (const ref of elements(spineEl.children, 'itemref')) {
      const item = manifest.get(attr(ref, 'idref') ?? '');
      if (item) spine.push(item);
    }
  }

  const guideSkip = new Set<string>();
  for (const guide of elements(pkg.children, 'guide')) {
    for (const ref of elements(guide.children, 'reference')) {
      const type = (attr(ref, 'type') ?? '').toLowerCase();
      const href = attr(ref, 'href');
      if (href && (type === 'cover' || type === 'toc')) guideSkip.add(resolvePath(base, href));
    }
  }
  return { found, manifest, spine, guideSkip };
}

/** Archive paths of the cover and contents pages an EPUB 3 navigation document's landmarks name. */
function landmarkSkips(navBytes: Uint8Array, navPath: string): Set<string> {
  const skip = new Set<string>();
  const decoded = decodeText(navBytes, declaredCharset(navBytes));
  if ('error' in decoded) return skip;
  const doc = parseDocument(decoded.text, { xmlMode: true });
  for (const nav of elements(doc.children, 'nav')) {
    if (!/\blandmarks\b/.test(attr(nav, 'type') ?? '')) continue;
    for (const a of elements(nav.children, 'a')) {
      const type = attr(a, 'type') ?? '';
      const href = attr(a, 'href');
      if (href && /\b(?:cover|toc)\b/.test(type)) skip.add(resolvePath(dirOf(navPath), href));
    }
  }
  return skip;
}

/** Archive paths that META-INF/encryption.xml says are encrypted, other than obfuscated fonts. */
function encryptedPaths(bytes: Uint8Array): Set<string> {
  const FONT_OBFUSCATION = new Set(['http://www.idpf.org/2008/embedding', 'http://ns.adobe.com/pdf/enc#rc']);
  const paths = new Set<string>();
  for (const data of elements(parseXml(bytes, 'META-INF/encryption.xml'), 'encrypteddata')) {
    const method = elements(data.children, 'encryptionmethod')[0];
    if (FONT_OBFUSCATION.has((method ? attr(method, 'algorithm') ?? '' : '').toLowerCase())) continue;
    for (const ref of elements(data.children, 'cipherreference')) {
      const uri = attr(ref, 'uri');
      if (uri) paths.add(resolvePath('', uri));
    }
  }
  return paths;
}

const HTML_TYPES = new Set(['application/xhtml+xml', 'text/html', 'text/x-oeb1-document']);

/** Why a spine item is not read as a chapter, or null when it is one. */
function skipReason(item: ManifestItem, skip: Set<string>): string | null {
  const isHtml = HTML_TYPES.has(item.mediaType) || (!item.mediaType && /\.x?html?$/i.test(item.path));
  if (!isHtml) return `not (X)HTML (${item.mediaType || 'no media type'})`;
  if (item.properties.includes('nav')) return 'the navigation document';
  if (skip.has(item.path)) return 'a cover or contents page';
  const stem = item.path.slice(item.path.lastIndexOf('/') + 1).replace(/\.[^.]*$/, '');
  if (/^(?:cover(?:page)?|toc|nav)$/i.test(stem) || /^(?:cover(?:page)?|toc|nav)$/i.test(item.id)) return 'a cover or contents page';
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// The book
// ---------------------------------------------------------------------------------------------------------

/** Gives the notes of one chapter ids after those already used, rewriting the chapter's note references. */
function renumberNotes(blocks: Block[], nextId: number): { blocks: Block[]; nextId: number } {
  const map = new Map<number, number>();
  for (const b of blocks) if (b.type === 'note' && !map.has(b.id)) map.set(b.id, nextId++);
  // References to notes this chapter does not hold still get ids of their own, so they never collide.
  for (const b of blocks) {
    for (const m of b.text.matchAll(NOTE_REF_RE)) {
      const id = Number(m[1]);
      if (!map.has(id)) map.set(id, nextId++);
    }
  }
  const rewrite = (text: string): string => text.replace(NOTE_REF_RE, (_, id: string) => noteRef(map.get(Number(id))!));
  const out = blocks.map((b): Block => (b.type === 'note' ? { ...b, id: map.get(b.id)!, text: rewrite(b.text) } : { ...b, text: rewrite(b.text) }));
  return { blocks: out, nextId };
}

/** Reads an EPUB: container.xml → OPF → metadata (dc:title, dc:creator, dc:date) and the spine's XHTML files in reading order. */
export function readEpub(
  bytes: Uint8Array,
  readHtml: (html: string, encoding: string) => LaidOutText,
  limits: EpubLimits = EPUB_LIMITS,
): LaidOutText | Failure {
  try {
    return readBook(bytes, readHtml, limits);
  } catch (err) {
    if (err instanceof ZipError) return { error: err.message };
    return { error: `not a readable EPUB (${err instanceof Error ? err.message : String(err)}); export the book again or convert it to HTML` };
  }
}

function readBook(bytes: Uint8Array, readHtml: (html: string, encoding: string) => LaidOutText, limits: EpubLimits): LaidOutText | Failure {
  const zip = new Zip(bytes, limits);

  const containerEntry = zip.find('META-INF/container.xml');
  if (!containerEntry) {
    return { error: 'not a readable EPUB: META-INF/container.xml is missing, so the book\'s package file cannot be found; export the book again as EPUB' };
  }
  const rootfiles = elements(parseXml(zip.read(containerEntry), 'META-INF/container.xml'), 'rootfile');
  const rootfile =
    rootfiles.find((r) => (attr(r, 'media-type') ?? '').toLowerCase() === 'application/oebps-package+xml' && attr(r, 'full-path')) ??
    rootfiles.find((r) => attr(r, 'full-path'));
  if (!rootfile) return { error: 'not a readable EPUB: META-INF/container.xml names no package (OPF) file; export the book again as EPUB' };
  const opfPath = resolvePath('', attr(rootfile, 'full-path')!);
  const opfEntry = zip.find(opfPath);
  if (!opfEntry) return { error: `not a readable EPUB: its package file "${opfPath}" is missing from the archive; export the book again as EPUB` };
  const pkg = readPackage(parseXml(zip.read(opfEntry), opfPath), opfPath);

  const encryptionEntry = zip.find('META-INF/encryption.xml');
  const encrypted = encryptionEntry ? encryptedPaths(zip.read(encryptionEntry)) : new Set<string>();
  const skip = new Set(pkg.guideSkip);
  const nav = [...pkg.manifest.values()].find((i) => i.properties.includes('nav'));
  const navEntry = nav && !encrypted.has(nav.path) ? zip.find(nav.path) : undefined;
  if (navEntry) for (const p of landmarkSkips(zip.read(navEntry), nav!.path)) skip.add(p);

  const warnings: string[] = [];
  const blocks: Block[] = [];
  const encodings: string[] = [];
  let firstFound: FoundMeta | undefined;
  let nextId = 1;
  let chapters = 0;
  const done = new Set<string>();
  if (pkg.spine.length === 0) return { error: 'not a readable EPUB: its package file lists no chapters (an empty spine); export the book again as EPUB' };

  for (const item of pkg.spine) {
    if (done.has(item.path)) continue;
    done.add(item.path);
    if (skipReason(item, skip)) continue;
    if (encrypted.has(item.path)) {
      return { error: `refused EPUB: its chapters are encrypted (DRM, "${item.path}"); only DRM-free books can be read: use a DRM-free edition or convert it to HTML or plain text` };
    }
    const entry = zip.find(item.path);
    if (!entry) {
      warnings.push(`${item.path}: listed in the spine but missing from the archive; skipped`);
      continue;
    }
    const raw = zip.read(entry);
    const decoded = decodeText(raw, declaredCharset(raw));
    if ('error' in decoded) {
      warnings.push(`${item.path}: ${decoded.error}; skipped`);
      continue;
    }
    const bad = decoded.text.match(/\uFFFD/g)?.length ?? 0;
    if (bad > 0) warnings.push(`${item.path}: ${bad} bytes could not be decoded as ${decoded.encoding}`);
    let laid: LaidOutText;
    try {
      laid = readHtml(decoded.text, decoded.encoding);
    } catch (err) {
      warnings.push(`${item.path}: could not be read (${err instanceof Error ? err.message : String(err)}); skipped`);
      continue;
    }
    chapters++;
    firstFound ??= laid.found;
    if (!encodings.includes(laid.encoding || decoded.encoding)) encodings.push(laid.encoding || decoded.encoding);
    const renumbered = renumberNotes(laid.blocks, nextId);
    nextId = renumbered.nextId;
    blocks.push(...renumbered.blocks);
    for (const w of laid.warnings) warnings.push(`${item.path}: ${w}`);
  }
  if (chapters === 0) return { error: 'not a readable EPUB: none of the files its spine lists is a readable (X)HTML chapter; convert the book to HTML or plain text' };

  const found: FoundMeta = { ...pkg.found };
  if (!found.title && firstFound?.title) found.title = firstFound.title;
  if (!found.author && firstFound?.author) found.author = firstFound.author;
  return { layout: 'epub', encoding: encodings.join(', ') || 'utf-8', found, blocks, warnings };
}
