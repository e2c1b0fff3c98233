/**
 * What the persisted index knows of each entry of corpus/ (its name, size and time, content hash, the texts it
 * gave and their speakers), so that a changed corpus/ is read and parsed only where it changed, and the index
 * updated only for the texts whose units changed.
 */
import type { Logger } from 'pino';
import { buildCorpus, speakerNames, speakersOf } from '../core/corpus/corpus.js';
import type { ParsedDocument } from '../core/types.js';
import { collectUnits, type UnitsOf } from '../core/search/search.js';
import { isSidecar, listCorpus } from './corpus-entries.js';
import { corpusFileOf, corpusHashOf, entryHash, ingestCorpusFiles } from './corpus-files.js';

/** One entry of corpus/ as the index was built from it. */
export interface FileState {
  name: string;
  /** Size and time of the entry and its sidecar: unchanged, the entry is not read again. */
  stat: string;
  /** Its content hash (entryHash): read again but unchanged (touched, copied back), it is not parsed again. */
  hash: string;
  /** The ids of the texts it gave: none when it was skipped. */
  documents: string[];
  /** Who its texts quote, as the texts name them (before the corpus completes surnames: speakerNames). */
  speakers: string[];
}

/** corpus/ against the state an index was built from. */
export interface CorpusScan {
  /** Every entry's state, in corpus/ order. */
  files: FileState[];
  /** The texts of entries new or changed, parsed, by entry name. */
  parsed: Map<string, ParsedDocument[]>;
  /** States of entries gone or changed, as they were. */
  replaced: FileState[];
  /** The corpus's hash (corpusHashOf). */
  hash: string;
}

/**
 * Lists corpus/ and reads, hashes and parses only the entries whose size or time differ from `previous`
 * (all of them when there is none).
 */
export function scanCorpusChanges(dir: string, previous: readonly FileState[], log: Logger): CorpusScan {
  const before = new Map(previous.map((f) => [f.name, f]));
  const files: FileState[] = [];
  const parsed = new Map<string, ParsedDocument[]>();
  const replaced: FileState[] = [];
  for (const listed of listCorpus(dir)) {
    const old = before.get(listed.name);
    before.delete(listed.name);
    if (old && old.stat === listed.stat) {
      files.push(old);
      continue;
    }
    const scanned = listed.read();
    if (!scanned) continue; // a readable sidecar: read with its text
    const hash = entryHash(scanned);
    if (old && old.hash === hash) {
      files.push({ ...old, stat: listed.stat });
      continue;
    }
    const documents = ingestCorpusFiles([corpusFileOf(scanned)], log).documents;
    if (old) replaced.push(old);
    parsed.set(listed.name, documents);
    files.push({ name: listed.name, stat: listed.stat, hash, documents: documents.map((d) => d.meta.id), speakers: speakersOf(documents) });
  }
  replaced.push(...before.values());
  return { files, parsed, replaced, hash: corpusHashOf(files.map((f) => f.hash)) };
}

/** Whether any entry of corpus/ was added, removed or written since `files` (by size and time: nothing is read). */
export function statsChanged(dir: string, files: readonly FileState[]): boolean {
  const listed = listCorpus(dir);
  const was = new Map(files.map((f) => [f.name, f.stat]));
  // A readable sidecar has no state of its own: its text's state holds its size and time.
  const entries = listed.filter((e) => was.has(e.name) || !isSidecar(e.name));
  return entries.length !== files.length || entries.some((e) => was.get(e.name) !== e.stat);
}

/** Whether anything in corpus/ changed. */
export function changed(scan: CorpusScan): boolean {
  return scan.parsed.size > 0 || scan.replaced.length > 0;
}

/**
 * Some texts' units as a whole corpus holds them whose names for its speakers are `names` (speakerNames), and
 * the texts so named (a copy: `documents` are left as parsed).
 */
export function unitsOfTexts(documents: readonly ParsedDocument[], names: Map<string, string>): UnitsOf & { texts: ParsedDocument[] } {
  const texts = structuredClone(documents) as ParsedDocument[];
  const corpus = buildCorpus(texts, '', names);
  return { corpus, units: collectUnits(corpus), texts };
}

/** How the corpus names its speakers (speakerNames) before `scan` and after it. */
export interface Renaming {
  was: Map<string, string>;
  now: Map<string, string>;
}

export function renamingOf(before: readonly FileState[], scan: CorpusScan): Renaming {
  return { was: speakerNames(before.flatMap((f) => f.speakers)), now: speakerNames(scan.files.flatMap((f) => f.speakers)) };
}

/**
 * The ids of the texts whose units change with `scan`: those of entries new, changed or gone, and those of
 * unchanged entries a speaker of which the corpus now names otherwise.
 */
export function touchedTexts(scan: CorpusScan, { was, now }: Renaming): Set<string> {
  const touched = new Set<string>();
  for (const f of scan.replaced) for (const id of f.documents) touched.add(id);
  for (const f of scan.files) if (scan.parsed.has(f.name)) for (const id of f.documents) touched.add(id);
  for (const f of scan.files) {
    if (f.speakers.some((s) => was.get(s) !== now.get(s))) for (const id of f.documents) touched.add(id);
  }
  return touched;
}
