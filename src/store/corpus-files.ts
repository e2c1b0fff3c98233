/**
 * Reads corpus/: every text in a format the corpus reads (plain text, Markdown, HTML, EPUB), laid out by its
 * shape, with its metadata (a sidecar NAME.meta.json, or front matter, over what the text itself says). Every
 * other file is reported by name with the reason; nothing is skipped silently.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { projectRoot } from '../app/paths.js';
import type { Logger } from 'pino';
import { buildCorpus, type Corpus } from '../core/corpus/corpus.js';
import { parseLaidOut } from '../core/corpus/parse.js';
import { layOut } from '../core/corpus/layout/index.js';
import type { FoundMeta, LaidOutText } from '../core/corpus/layout/types.js';
import type { DocumentKind, DocumentMeta, ParsedDocument } from '../core/types.js';
import { ingestionReport, type TextReport } from '../core/corpus/report.js';

const META_KEYS = ['title', 'author', 'kind', 'publication', 'date'] as const;

export interface CorpusFile {
  name: string;
  /** The file as stored; when absent (generated texts), `text` as UTF-8. */
  bytes?: Uint8Array;
  readonly text: string;
  sidecar: string | null;
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
    const laid = layOut(file.name, file.bytes ?? Buffer.from(file.text, 'utf8'));
    if ('error' in laid) {
      skip(laid.error);
      continue;
    }
    const { meta, warning } = metadataOf(file, laid);
    if (meta.kind === 'forum' && laid.rawText !== undefined) laid.layout = 'forum-text';
    if (warning) log.warn({ file: file.name }, warning);
    const doc = parseLaidOut(meta, laid);
    for (const w of doc.warnings) log.debug({ file: file.name }, w); // parsing notes, for maintainers
    documents.push(doc);
    reports.push(ingestionReport(file.name, laid, doc));
  }
  return { documents, reports };
}

/** Sidecars and READMEs describe the corpus; they are not texts. */
function isCorpusText(name: string): boolean {
  return !/\.meta\.json$/i.test(name) && !/^readme(?:\.|$)/i.test(name) && !name.startsWith('.');
}

/** The files of corpus/ (sidecars, READMEs and hidden files excepted), sorted, each with its sidecar's path if it has one. */
function corpusEntries(dir: string): Array<{ name: string; path: string; sidecarPath: string | null }> {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => isCorpusText(n) && statSync(join(dir, n)).isFile())
    .sort()
    .map((name) => {
      const sidecarPath = join(dir, `${basename(name, extname(name))}.meta.json`);
      return { name, path: join(dir, name), sidecarPath: existsSync(sidecarPath) ? sidecarPath : null };
    });
}

export function readCorpusFiles(dir: string): CorpusFile[] {
  return corpusEntries(dir).map((e) => {
    const bytes = readFileSync(e.path);
    return {
      name: e.name,
      bytes,
      get text() {
        return bytes.toString('utf8');
      },
      sidecar: e.sidecarPath ? readFileSync(e.sidecarPath, 'utf8') : null,
    };
  });
}

/** Metadata from the sidecar, else from front matter, else from what the text itself says, else defaults with a warning. */
export function metadataOf(file: Pick<CorpusFile, 'name' | 'sidecar'>, laid: LaidOutText): { meta: DocumentMeta; warning: string | null } {
  const id = basename(file.name, extname(file.name));
  let fields: Record<string, unknown> | null = null;
  let warning: string | null = null;
  if (file.sidecar !== null) {
    try {
      fields = JSON.parse(file.sidecar) as Record<string, unknown>;
    } catch (err) {
      warning = `${id}.meta.json is not valid JSON (${(err as Error).message}); indexing ${file.name} with the metadata its text gives`;
    }
  } else if (laid.frontMatter) fields = laid.frontMatter;
  const found: FoundMeta = laid.found;
  const str = (k: (typeof META_KEYS)[number]) => (typeof fields?.[k] === 'string' && (fields[k] as string).trim()) || null;
  const kindField = str('kind');
  const kind: DocumentKind = kindField === 'forum' || kindField === 'article' ? kindField : found.kind ?? 'article';
  const title = str('title') ?? found.title ?? null;
  if (!fields && !title) warning ??= `${file.name} has no metadata (add ${id}.meta.json or a --- header); indexed with its first line as title`;
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
    warning,
  };
}

/** The text's first line once page furniture is gone (a first heading, else the first paragraph's first line). */
function firstText(laid: LaidOutText): string | null {
  for (const b of laid.blocks) if (b.type !== 'note') return b.text.split('\n')[0].trim().slice(0, 120);
  return laid.rawText?.split(/\r?\n/).find((l) => l.trim())?.trim().slice(0, 120) ?? null;
}

/**
 * Content hash of corpus/ plus the code that turns it into an index, so either change rebuilds it. It reads
 * the files' bytes without decoding them: at start-up this is all the work an unchanged corpus costs.
 */
export function corpusHash(dir: string): string {
  const h = createHash('sha256');
  for (const e of corpusEntries(dir)) {
    h.update(`${e.name}\0`);
    h.update(readFileSync(e.path));
    h.update('\0');
    if (e.sidecarPath) h.update(readFileSync(e.sidecarPath));
    h.update('\0');
  }
  h.update(codeFingerprint());
  return h.digest('hex').slice(0, 16);
}

let fingerprint: string | null = null;
/** Every module whose output the persisted index holds: layouts, parsing, search keys, check names. */
const INDEXED_CODE = ['src/core/corpus', 'src/core/search', 'src/core/check', 'src/core/text.ts', 'src/core/types.ts'];

function codeFingerprint(): string {
  if (fingerprint) return fingerprint;
  const h = createHash('sha256');
  // The TypeScript sources, so that running compiled or through tsx gives the same key.
  const visit = (path: string) => {
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) for (const n of readdirSync(path).sort()) visit(join(path, n));
    else {
      h.update(`${path.slice(projectRoot().length)}\0`);
      h.update(readFileSync(path));
    }
  };
  for (const sub of INDEXED_CODE) visit(join(projectRoot(), sub));
  fingerprint = h.digest('hex');
  return fingerprint;
}
