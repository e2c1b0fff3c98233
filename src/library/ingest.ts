/**
 * One added text's bytes → its parsed document and ingestion report, through the same reader as corpus/
 * (src/store/corpus-files.ts): the layout by its shape, metadata from the text, with the title, author and kind
 * given to /corpus add winning as a sidecar's would. Its document id is made from the file name and the bytes'
 * hash, so it is stable across restarts and cannot take a shared text's id.
 */
import { createHash } from 'node:crypto';
import type { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { extname } from 'node:path';
import { ingestCorpusFiles, metadataOf } from '../store/corpus-files.js';
import { layOut } from '../core/corpus/layout/index.js';
import { codeFingerprintOf } from '../store/code-fingerprint.js';
import { startWorker } from '../store/worker-thread.js';
import { projectRoot } from '../app/paths.js';
import type { DocumentKind, DocumentMeta, ParsedDocument } from '../core/types.js';
import type { TextReport } from '../core/corpus/report.js';

/** What the member said of the text (each wins over what the text says of itself). */
export interface GivenMeta {
  title?: string;
  author?: string;
  kind?: DocumentKind;
}

export type Ingested =
  | { ok: true; document: ParsedDocument; report: Extract<TextReport, { status: 'indexed' }> }
  | { ok: false; error: string };

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** "Memoirs of a Revolutionary.epub" and its hash → "memoirs-of-a-revolutionary-3f2a1b9c". */
export function documentIdFor(fileName: string, hash: string): string {
  const stem = fileName.slice(0, fileName.length - extname(fileName).length);
  const slug = stem
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return `${slug || 'text'}-${hash.slice(0, 8)}`;
}

/** What parsing one text takes. */
export interface IngestInput {
  fileName: string;
  bytes: Uint8Array;
  hash: string;
  given?: GivenMeta;
}

/** Parses one text; an error says why it cannot be added (not a text, no quotable content…). */
export function ingestText(input: IngestInput, log: Logger): Ingested {
  const id = documentIdFor(input.fileName, input.hash);
  const given = Object.fromEntries(Object.entries(input.given ?? {}).filter(([, v]) => typeof v === 'string' && v.trim()));
  const bytes = Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.length);
  const name = `${id}${extname(input.fileName).toLowerCase()}`;
  let sidecar: string | null = null;
  if (Object.keys(given).length) {
    // A sidecar replaces front matter whole: what the text says of itself is kept for the fields not given.
    const laid = layOut(name, bytes);
    const own = 'error' in laid ? {} : metadataOf({ name, sidecar: null }, laid).meta;
    const { id: _id, ...fields } = own as Partial<DocumentMeta>;
    sidecar = JSON.stringify({ ...fields, ...given });
  }
  const { documents, reports } = ingestCorpusFiles(
    [
      {
        // The reader takes the id from the name and the format from its extension.
        name,
        bytes,
        get text() {
          return bytes.toString('utf8');
        },
        sidecar,
      },
    ],
    log,
  );
  const report = reports[0];
  if (!report || report.status !== 'indexed' || !documents[0]) {
    return { ok: false, error: `“${input.fileName}” could not be read: ${report?.status === 'skipped' ? report.reason : 'nothing in it was understood'}.` };
  }
  const document = documents[0];
  if (document.quotations.length === 0 && document.passages.length === 0) {
    return { ok: false, error: `“${input.fileName}” holds no quotable text (no paragraphs, posts or quotations were found in it). Check it is the text itself, not a cover or a contents page.` };
  }
  return { ok: true, document, report: { ...report, file: input.fileName } };
}

let parser: string | null = null;
/** Which parsing code reads added texts: stored with each, so that a newer one parses it again. */
export function parserFingerprint(): string {
  parser ??= codeFingerprintOf(projectRoot(), ['src/store/corpus-files.ts']).slice(0, 16);
  return parser;
}

/**
 * ingestText in a worker thread (worker-thread.ts), so that parsing a large text (a second or more) does not hold
 * up the bot: one started for this text and ended after it. Should the worker not start or die, the text is parsed
 * here instead (logged).
 */
export function ingestOffThread(input: IngestInput, log: Logger): Promise<Ingested> {
  let worker: Worker;
  try {
    worker = startParsingWorker();
  } catch (err) {
    return parsedHere(input, log, err);
  }
  return answerOf(worker, input, log).finally(() => void worker.terminate());
}

/** Parses texts off the main thread as ingestOffThread does, in a worker kept between texts until stop(). */
export interface KeptParser {
  parse(input: IngestInput, log: Logger): Promise<Ingested>;
  stop(): void;
}

/**
 * A parsing worker started now and kept (the bot starts it after start-up): a fresh worker loads and compiles the
 * parser before it reads a word, as much work again as a book's parse, on the cores the bot answers from. One text at
 * a time: another added meanwhile has a worker of its own (ingestOffThread); one that dies is started again at the
 * next text.
 */
export function keptParser(log: Logger): KeptParser {
  let worker: Worker | null = null;
  let busy = false;
  let stopped = false;
  const started = (): Worker | null => {
    if (worker || stopped) return worker;
    try {
      const w = startParsingWorker();
      w.unref(); // held only while it parses
      // A text being parsed hears of its failure itself (answerOf); an idle one is started again at the next text.
      w.on('error', () => {});
      w.on('exit', () => {
        if (worker === w) worker = null;
      });
      worker = w;
    } catch (err) {
      log.warn({ err }, 'the parsing worker could not start; each text is parsed in a worker of its own');
    }
    return worker;
  };
  started();
  return {
    async parse(input, textLog) {
      const w = busy ? null : started();
      if (!w) return ingestOffThread(input, textLog);
      busy = true;
      w.ref();
      try {
        return await answerOf(w, input, textLog);
      } finally {
        busy = false;
        w.unref();
      }
    },
    stop() {
      stopped = true;
      void worker?.terminate();
      worker = null;
    },
  };
}

const startParsingWorker = () => startWorker(new URL('./ingest-worker.js', import.meta.url));

/** The worker's answer for one text; the text parsed here should the worker fail first. */
function answerOf(worker: Worker, input: IngestInput, log: Logger): Promise<Ingested> {
  return new Promise<Ingested>((resolve, reject) => {
    const onMessage = (out: Ingested) => {
      off();
      resolve(out);
    };
    const onFailure = (err: unknown) => {
      off();
      parsedHere(input, log, err).then(resolve, reject);
    };
    const onExit = (code: number) => onFailure(new Error(`the parsing worker exited (${code}) without an answer`));
    const off = () => {
      worker.off('message', onMessage);
      worker.off('error', onFailure);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', onFailure);
    worker.on('exit', onExit);
    worker.postMessage(input);
  });
}

async function parsedHere(input: IngestInput, log: Logger, err: unknown): Promise<Ingested> {
  log.warn({ err }, 'parsing off the main thread failed; parsing here');
  return ingestText(input, log);
}
