/**
 * Reads corpus/: every .txt or .md text with its metadata (a sidecar NAME.meta.json, or a front-matter
 * header between --- lines). A text without metadata still indexes, with a warning naming it; a text that
 * cannot be parsed is reported by name and skipped.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { projectRoot } from './paths.js';
import type { Logger } from 'pino';
import { buildCorpus, type Corpus } from './core/corpus/corpus.js';
import { parseDocument, parseLaidOut } from './core/corpus/parse.js';
import { readMarkdown } from './core/corpus/layout/markdown.js';
import type { DocumentKind, DocumentMeta, ParsedDocument } from './core/types.js';

const TEXT_EXTENSIONS = new Set(['.txt', '.md']);
const META_KEYS = ['title', 'author', 'kind', 'publication', 'date'] as const;

export interface CorpusFile {
  name: string;
  text: string;
  sidecar: string | null;
}

/** Loads, parses and hashes corpus/. */
export function loadCorpus(dir: string, log: Logger): Corpus {
  return buildCorpus(parseCorpusFiles(readCorpusFiles(dir), log), corpusHash(dir));
}

/** Parses each file; one that cannot be parsed is logged by name and left out. */
export function parseCorpusFiles(files: CorpusFile[], log: Logger): ParsedDocument[] {
  const documents: ParsedDocument[] = [];
  for (const file of files) {
    try {
      if (/\u0000/.test(file.text) || (file.text.match(/\uFFFD/g)?.length ?? 0) > 8) {
        throw new Error('not a UTF-8 text file');
      }
      const { meta, text, warning } = metadataOf(file);
      if (warning) log.warn({ file: file.name }, warning);
      const doc = /\.md$/i.test(file.name) && meta.kind !== 'forum' ? parseLaidOut(meta, readMarkdown(text, 'utf-8')) : parseDocument(meta, text);
      for (const w of doc.warnings) log.debug({ file: file.name }, w); // parsing notes, for maintainers
      documents.push(doc);
    } catch (err) {
      log.error({ file: file.name, err: (err as Error).message }, `corpus text ${file.name} could not be parsed; skipped`);
    }
  }
  return documents;
}

/** The texts of corpus/ (README excepted), sorted, each with its sidecar's path if it has one. */
function corpusEntries(dir: string): Array<{ name: string; path: string; sidecarPath: string | null }> {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => TEXT_EXTENSIONS.has(extname(n).toLowerCase()) && !/^readme\./i.test(n))
    .sort()
    .map((name) => {
      const sidecarPath = join(dir, `${basename(name, extname(name))}.meta.json`);
      return { name, path: join(dir, name), sidecarPath: existsSync(sidecarPath) ? sidecarPath : null };
    });
}

export function readCorpusFiles(dir: string): CorpusFile[] {
  return corpusEntries(dir).map((e) => ({
    name: e.name,
    text: readFileSync(e.path, 'utf8'),
    sidecar: e.sidecarPath ? readFileSync(e.sidecarPath, 'utf8') : null,
  }));
}

/** Metadata from the sidecar, else from front matter, else defaults with a warning. */
export function metadataOf(file: CorpusFile): { meta: DocumentMeta; text: string; warning: string | null } {
  const id = basename(file.name, extname(file.name));
  let text = file.text.replace(/^\uFEFF/, '');
  let fields: Record<string, unknown> | null = null;
  let warning: string | null = null;
  if (file.sidecar !== null) {
    try {
      fields = JSON.parse(file.sidecar) as Record<string, unknown>;
    } catch (err) {
      warning = `${id}.meta.json is not valid JSON (${(err as Error).message}); indexing ${file.name} without metadata`;
    }
  } else {
    const fm = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(text);
    if (fm) {
      fields = {};
      for (const line of fm[1].split(/\r?\n/)) {
        const m = /^(\w+)\s*:\s*(.*)$/.exec(line.trim());
        if (m) fields[m[1].toLowerCase()] = m[2].trim() || null;
      }
      text = text.slice(fm[0].length);
    } else {
      warning = `${file.name} has no metadata (add ${id}.meta.json or a --- header); indexed with its first line as title`;
    }
  }
  const str = (k: (typeof META_KEYS)[number]) => (typeof fields?.[k] === 'string' && (fields[k] as string).trim()) || null;
  const kind: DocumentKind = str('kind') === 'forum' ? 'forum' : 'article';
  const firstLine = text.split(/\r?\n/).find((l) => l.trim())?.trim().slice(0, 120) ?? id;
  return {
    meta: { id, title: str('title') ?? firstLine, author: str('author'), kind, publication: str('publication'), date: str('date') },
    text,
    warning,
  };
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
