/**
 * Reads corpus/ entry by entry, trusting none: each must be a regular file inside corpus/ once links are
 * resolved, readable, and no larger than its format's limit before a byte of it is read. Anything else (a link
 * that loops or leads nowhere or out of corpus/, a directory, a named pipe, a socket, a file the bot may not
 * read) becomes a reason, kept by name, so that one odd entry is reported and never stops start-up.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { basename, extname, join, relative, isAbsolute } from 'node:path';
import { MAX_FILE_BYTES, formatOf } from '../core/corpus/layout/index.js';

/** One entry of corpus/: its bytes, or why it was not read. */
export type CorpusEntry = { name: string; bytes: Uint8Array } | { name: string; skipped: string };

/** A text and its sidecar, as read; a sidecar that could not be read is an entry of its own. */
export interface ScannedText {
  entry: CorpusEntry;
  sidecar: string | null;
}

// Opening a named pipe without it would wait for a writer forever; POSIX only (Windows has no pipes in a folder).
const O_NONBLOCK = constants.O_NONBLOCK ?? 0;
const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;

/** Sidecars and READMEs describe the corpus; they are not texts. */
export function isSidecar(name: string): boolean {
  return /\.meta\.json$/i.test(name);
}

function isDescription(name: string): boolean {
  return /^readme(?:\.|$)/i.test(name) || name.startsWith('.');
}

/** The sidecar a text's metadata is read from: NAME.meta.json beside NAME.txt. */
export function sidecarName(textName: string): string {
  return `${basename(textName, extname(textName))}.meta.json`;
}

/** What a non-file is, in the words of whoever put it there. */
function notAFile(st: Stats): string {
  if (st.isDirectory()) return 'a directory, not a file';
  if (st.isFIFO()) return 'a named pipe, not a file';
  if (st.isSocket()) return 'a socket, not a file';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device, not a file';
  return 'not a regular file';
}

function why(err: unknown, link: boolean): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ELOOP') return 'a symbolic link that loops: it never reaches a file';
  if (code === 'ENOENT') return link ? 'a symbolic link to nothing: its target does not exist' : 'gone while corpus/ was read';
  if (code === 'EACCES' || code === 'EPERM') return "unreadable (permission denied): let the bot's user read it";
  if (code === 'ENXIO') return 'a socket, not a file';
  return `could not be read (${code ?? (err as Error).message})`;
}

/**
 * Reads one entry of `dir` (its real path): the bytes of a regular file inside it, at most `maxBytes`, or why not.
 * `maxBytes` null checks it is such a file without reading it (a format corpus/ does not read).
 */
export function readEntry(dir: string, name: string, maxBytes: number | null): CorpusEntry {
  const path = join(dir, name);
  let link = false;
  let real: string;
  try {
    link = lstatSync(path).isSymbolicLink();
    real = realpathSync(path);
  } catch (err) {
    return { name, skipped: why(err, link) };
  }
  const inside = relative(dir, real);
  if (!inside || inside.startsWith('..') || isAbsolute(inside)) {
    return { name, skipped: `a link to ${real}, outside corpus/: copy the file into corpus/ instead` };
  }
  let fd: number | null = null;
  try {
    const st = lstatSync(real);
    if (!st.isFile()) return { name, skipped: notAFile(st) };
    fd = openSync(real, constants.O_RDONLY | O_NONBLOCK | O_NOFOLLOW);
    // What was opened, not what the name pointed to a moment ago.
    const opened = fstatSync(fd);
    if (!opened.isFile()) return { name, skipped: notAFile(opened) };
    if (maxBytes === null) return { name, bytes: new Uint8Array(0) };
    if (opened.size > maxBytes) {
      return { name, skipped: `too large (${(opened.size / 1048576).toFixed(1)} MB; the limit is ${maxBytes / 1048576} MB): split it or convert it to plain text` };
    }
    const bytes = Buffer.allocUnsafe(opened.size);
    let got = 0;
    while (got < bytes.length) {
      const n = readSync(fd, bytes, got, bytes.length - got, got);
      if (n === 0) break;
      got += n;
    }
    return { name, bytes: bytes.subarray(0, got) };
  } catch (err) {
    return { name, skipped: why(err, false) };
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** An entry of corpus/ before it is read: its name, its state on disk, and how to read it. */
export interface ListedEntry {
  name: string;
  /** Size and modification time of the entry and of its sidecar (when it has one): what changes when either is written. */
  stat: string;
  /** The entry as scanCorpus yields it, read now; null for a readable sidecar (read with its text, not a text). */
  read(): ScannedText | null;
}

/** Size and modification time of a path, or null when it cannot be stat'ed (it is read, to say why). */
function statOf(path: string): string | null {
  try {
    const st = statSync(path);
    return `${st.size}:${st.mtimeMs}`;
  } catch {
    return null;
  }
}

/**
 * The entries of corpus/, sorted by name, unread: whoever lists them reads only those whose stat changed.
 * READMEs and hidden files are passed over: they describe the corpus.
 */
export function listCorpus(dir: string): ListedEntry[] {
  let root: string;
  let names: string[];
  try {
    root = realpathSync(dir);
    names = readdirSync(root).sort();
  } catch {
    return []; // no corpus/ yet: an empty corpus
  }
  const present = new Set(names);
  const sidecars = new Map<string, CorpusEntry>();
  const sidecarOf = (name: string): CorpusEntry => {
    let e = sidecars.get(name);
    if (!e) sidecars.set(name, (e = readEntry(root, name, MAX_FILE_BYTES.text)));
    return e;
  };
  const listed: ListedEntry[] = [];
  for (const name of names) {
    if (isDescription(name)) continue;
    const side = !isSidecar(name) && present.has(sidecarName(name)) ? sidecarName(name) : null;
    // An entry that cannot be stat'ed gets a state never seen before: it is read again, and says why.
    const stat = `${statOf(join(root, name)) ?? `unknown ${Math.random()}`}${side ? ` ${statOf(join(root, side))}` : ''}`;
    listed.push({
      name,
      stat,
      read: () => {
        if (isSidecar(name)) {
          const e = sidecarOf(name);
          return 'skipped' in e ? { entry: e, sidecar: null } : null;
        }
        const format = formatOf(name);
        // A format corpus/ does not read is not read: layOut names the formats it does.
        const entry = readEntry(root, name, format ? MAX_FILE_BYTES[format] : null);
        const s = side ? sidecarOf(side) : null;
        return { entry, sidecar: s && 'bytes' in s ? Buffer.from(s.bytes.buffer, s.bytes.byteOffset, s.bytes.length).toString('utf8') : null };
      },
    });
  }
  return listed;
}

/**
 * The entries of corpus/, sorted by name, one at a time (hashing holds one file in memory, not the corpus):
 * each text with its sidecar's JSON, and each entry that could not be read, sidecars too, with the reason.
 */
export function* scanCorpus(dir: string): Generator<ScannedText> {
  for (const listed of listCorpus(dir)) {
    const scanned = listed.read();
    if (scanned) yield scanned;
  }
}
