/**
 * Reads corpus/: every text in a format the corpus reads (plain text, Markdown, HTML, EPUB), laid out by its
 * shape, with its metadata (a sidecar NAME.meta.json, or front matter, over what the text itself says). Every
 * other file is reported by name with the reason; nothing is skipped silently.
 */
import { createHash, type Hash } from 'node:crypto';
import { basename, extname } from 'node:path';
import { projectRoot } from '../app/paths.js';
import type { Logger } from 'pino';
import { buildCorpus, type Corpus } from '../core/corpus/corpus.js';
import { parseLaidOut } from '../core/corpus/parse.js';
import { layOut } from '../core/corpus/layout/index.js';
import type { FoundMeta, LaidOutText } from '../core/corpus/layout/types.js';
import type { DocumentKind, DocumentMeta, ParsedDocument } from '../core/types.js';
import { ingestionReport, type TextReport } from '../core/corpus/report.js';
import { LIMIT } from '../views/safe.js';
import { clip } from '../core/text.js';
import { scanCorpus, sidecarName, type ScannedText } from './corpus-entries.js';
import { codeFingerprintOf } from './code-fingerprint.js';

const META_KEYS = ['title', 'author', 'kind', 'publication', 'date'] as const;
const KINDS: readonly DocumentKind[] = ['article', 'forum'];

export interface CorpusFile {
  name: string;
  /** The file as stored; when absent (generated texts), `text` as UTF-8. */
  bytes?: Uint8Array;
  readonly text: string;
  sidecar: string | null;
  /** Why the entry was not read (a link out of corpus/, a directory, a pipe, too large…): reported, not parsed. */
  skipped?: string;
}

/** Loads, parses and hashes corpus/. */
export function loadCorpus(dir: string, log: Logger): Corpus {
  return buildCorpus(parseCorpusFiles(readCorpusFiles(dir), log), corpusHash(dir));
}

/** Parses each file; one that cannot be read is logged by name with the reason and left out. */
export function parseCorpusFiles(files: CorpusFile[], log: Logger): ParsedDocument[] {
  return ingestCorpusFiles(files, log).documents;
}

/** Parses each file and says what became of it: indexed (with what was found) or skipped (and why). */
export function ingestCorpusFiles(files: CorpusFile[], log: Logger): { documents: ParsedDocument[]; reports: TextReport[] } {
  const documents: ParsedDocument[] = [];
  const reports: TextReport[] = [];
  for (const file of files) {
    const skip = (reason: string) => {
      log.error({ file: file.name, reason }, `corpus text ${file.name} skipped: ${reason}`);
      reports.push({ file: file.name, status: 'skipped', reason });
    };
    if (file.skipped !== undefined) {
      skip(file.skipped);
      continue;
    }
    const laid = layOut(file.name, file.bytes ?? Buffer.from(file.text, 'utf8'));
    if ('error' in laid) {
      skip(laid.error);
      continue;
    }
    const { meta, warnings, problems } = metadataOf(file, laid);
    if (meta.kind === 'forum' && laid.rawText !== undefined) laid.layout = 'forum-text';
    for (const w of warnings) log.warn({ file: file.name }, w);
    for (const p of problems) log.warn({ file: file.name, sidecar: p.source, field: p.field }, p.message);
    const doc = parseLaidOut(meta, laid);
    for (const w of doc.warnings) log.debug({ file: file.name }, w); // parsing notes, for maintainers
    documents.push(doc);
    const report = ingestionReport(file.name, laid, doc);
    // Whoever wrote the sidecar reads the report: what in it was ignored, field by field.
    if (report.status === 'indexed' && problems.length) report.warnings = [...problems.map((p) => p.message), ...report.warnings];
    reports.push(report);
  }
  return { documents, reports };
}

/** The files of corpus/, sorted, each with its sidecar, and every entry that could not be read with the reason. */
export function readCorpusFiles(dir: string): CorpusFile[] {
  return [...scanCorpus(dir)].map(corpusFileOf);
}

/** An entry as read, as the parser takes it. */
export function corpusFileOf({ entry, sidecar }: ScannedText): CorpusFile {
  if ('skipped' in entry) return { name: entry.name, bytes: new Uint8Array(0), text: '', sidecar: null, skipped: entry.skipped };
  const bytes = Buffer.from(entry.bytes.buffer, entry.bytes.byteOffset, entry.bytes.length);
  return {
    name: entry.name,
    bytes,
    get text() {
      return bytes.toString('utf8');
    },
    sidecar,
  };
}

/** A metadata field that was given but cannot be used: where, which, and what was wrong. */
export interface MetaProblem {
  source: string;
  field: string | null;
  message: string;
}

function typeName(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/**
 * The usable fields of a sidecar or front matter: each of META_KEYS that is text (or null: not known), kind one
 * of KINDS. Every other value of those keys is a problem named by field and ignored; the other fields still apply.
 */
function checkedFields(source: string, raw: unknown): { fields: Record<string, unknown> | null; problems: MetaProblem[] } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { fields: null, problems: [{ source, field: null, message: `${source} should hold one JSON object ({"title": "…", "author": "…"}), not ${typeName(raw)}; ignored` }] };
  }
  const fields: Record<string, unknown> = {};
  const problems: MetaProblem[] = [];
  const given = raw as Record<string, unknown>;
  for (const key of META_KEYS) {
    if (!(key in given)) continue;
    const v = given[key];
    if (v !== null && typeof v !== 'string') {
      problems.push({ source, field: key, message: `${source}: "${key}" should be text, not ${typeName(v)}; ignored` });
    } else if (key === 'kind' && typeof v === 'string' && v.trim() && !KINDS.includes(v.trim() as DocumentKind)) {
      problems.push({ source, field: key, message: `${source}: "kind" should be ${KINDS.map((k) => `"${k}"`).join(' or ')}, not "${clip(v, LIMIT.echo)}"; ignored` });
    } else fields[key] = v;
  }
  return { fields, problems };
}

/**
 * Metadata from the sidecar, else from front matter, else from what the text itself says, else defaults with a
 * warning. `problems`: fields of the sidecar or front matter that were wrong and ignored, each by name.
 */
export function metadataOf(
  file: Pick<CorpusFile, 'name' | 'sidecar'>,
  laid: LaidOutText,
): { meta: DocumentMeta; warnings: string[]; problems: MetaProblem[] } {
  const id = basename(file.name, extname(file.name));
  let fields: Record<string, unknown> | null = null;
  const warnings: string[] = [];
  let problems: MetaProblem[] = [];
  if (file.sidecar !== null) {
    const source = sidecarName(file.name);
    try {
      ({ fields, problems } = checkedFields(source, JSON.parse(file.sidecar)));
    } catch (err) {
      problems = [{ source, field: null, message: `${source} is not valid JSON (${(err as Error).message}); indexing ${file.name} with the metadata its text gives` }];
    }
  } else if (laid.frontMatter) ({ fields, problems } = checkedFields(`the front matter of ${file.name}`, laid.frontMatter));
  const found: FoundMeta = laid.found;
  const str = (k: (typeof META_KEYS)[number]) => (typeof fields?.[k] === 'string' && (fields[k] as string).trim()) || null;
  const kindField = str('kind');
  const kind: DocumentKind = kindField === 'forum' || kindField === 'article' ? kindField : found.kind ?? 'article';
  const title = str('title') ?? found.title ?? null;
  if (!fields && !title && !problems.length) {
    warnings.push(`${file.name} has no metadata (add ${id}.meta.json or a --- header); indexed with its first line as title`);
  }
  const firstLine = firstText(laid) ?? id;
  return {
    meta: {
      id,
      title: title ?? firstLine,
      author: str('author') ?? (kind === 'forum' ? null : found.author ?? null),
      kind,
      publication: str('publication') ?? found.publication ?? null,
      date: str('date') ?? found.date ?? null,
    },
    warnings,
    problems,
  };
}

/** The text's first line once page furniture is gone (a first heading, else the first paragraph's first line). */
function firstText(laid: LaidOutText): string | null {
  for (const b of laid.blocks) if (b.type !== 'note') return clip(b.text.split('\n')[0].trim(), LIMIT.title);
  const line = laid.rawText?.split(/\r?\n/).find((l) => l.trim())?.trim();
  return line ? clip(line, LIMIT.title) : null;
}

/**
 * Content hash of corpus/ plus the code that turns it into an index, so either change rebuilds it. It reads
 * the files' bytes without decoding them, one at a time: at start-up this is all the work an unchanged corpus
 * costs. An entry that could not be read counts by its name and reason (made readable, it rebuilds the index).
 */
export function corpusHash(dir: string): string {
  const h = createHash('sha256');
  for (const scanned of scanCorpus(dir)) hashEntry(h, scanned);
  h.update(codeFingerprint());
  return h.digest('hex').slice(0, 16);
}

/** What corpusHash reads of one entry: its name, its bytes (or why it was not read) and its sidecar. */
function hashEntry(h: Hash, { entry, sidecar }: ScannedText): void {
  h.update(`${entry.name}\0`);
  if ('skipped' in entry) h.update(`skipped: ${entry.skipped}`);
  else h.update(entry.bytes);
  h.update('\0');
  if (sidecar !== null) h.update(sidecar);
  h.update('\0');
}

/** One entry's content hash, as corpusHash reads it: an entry whose hash is unchanged is not parsed again. */
export function entryHash(scanned: ScannedText): string {
  const h = createHash('sha256');
  hashEntry(h, scanned);
  return h.digest('hex');
}

/** The corpus's hash from its entries' hashes (entryHash, in corpus/ order) and the code that indexes it. */
export function corpusHashOf(entryHashes: readonly string[]): string {
  const h = createHash('sha256');
  for (const e of entryHashes) h.update(`${e}\0`);
  h.update(codeFingerprint());
  return h.digest('hex').slice(0, 16);
}

let fingerprint: string | null = null;
/** Every module whose output the persisted indexes hold, found from the modules that write them (code-fingerprint.ts). */
export function codeFingerprint(): string {
  fingerprint ??= codeFingerprintOf(projectRoot());
  return fingerprint;
}
