/**
 * Search speed as the corpus grows: 1×, 100× and 1,000× the seed texts (bench/generate.ts). For each size:
 * corpus bytes; parse + index build time and throughput; the persisted index (data/search-index.json as
 * src/search-store.ts writes it) and its size; start-up with it (openCorpus in a fresh child process: time
 * and heapUsed after load); /quote p50/p99 over a fixed query mix. Beside it, in the same run: SQLite FTS5
 * bm25 over the same paragraphs (bench/quality.ts's ranker, on a file), and the FTS5 /quote prototype
 * (src/search-fts.ts) over the same units. Every time is the best of 3 child processes (a shared 2-core
 * machine), each child's latency p99 over all its searches.
 *
 * At 1,000× parsing alone would take ~20 minutes, so the 1,000× corpus is parsed at 100× for real and the
 * parsed documents replicated 10× (ids renamed); its parse time is the 100× one × 10 (documents are parsed
 * one by one, so parse time is linear in copies). Everything after parsing is measured at 1,000×.
 *
 *   npx tsx bench/scale.ts [--quick]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pino from 'pino';
import { buildCorpus } from '../src/core/corpus/corpus.js';
import MiniSearch from 'minisearch';
import { INDEX_OPTIONS, INDEX_VERSION, createQuoteSearch, type QuoteSearch } from '../src/core/search/search.js';
import type { ParsedDocument } from '../src/core/types.js';
import { corpusHash, parseCorpusFiles, readCorpusFiles } from '../src/corpus-files.js';
import { indexPath } from '../src/search-store.js';
import { buildFtsIndex, openFtsQuoteSearch } from '../src/search-fts.js';
import { generateCorpus } from './generate.js';

/** The fixed query mix: speaker-led queries, plain words, morphology, and typos (in a word and in names). */
export const SCALE_QUERIES = [
  'serge bureaucracy', 'trotsky party dictatorship', 'kronstadt', 'malatesta dictatorship', 'kolakowsky comintern',
  'collectivisation peasants', 'workers democracy', 'left opposition', 'stalin purge', 'radek kronstadt',
  'bureaucratic', 'spain cnt', 'nep', 'one-man management', 'verkhneuralsk notebooks', 'baltic states',
  'mett kronstadt', 'eastman workers democracy', 'stallin purges', 'peasnts grain', 'gorunin bureaucracy',
];

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const mb = (bytes: number) => bytes / 1e6;
const heapMB = () => {
  (globalThis as { gc?: () => void }).gc?.();
  (globalThis as { gc?: () => void }).gc?.();
  return mb(process.memoryUsage().heapUsed);
};
const silent = pino({ level: 'silent' });

/** p50/p99 over `rounds` passes of the mix, stopping early (between searches) once `budgetMs` is spent. */
function latency(run: (q: string) => unknown, rounds: number, budgetMs = 60_000): { p50: number; p99: number; n: number; slowest: string } {
  const start = performance.now();
  const byQuery = new Map<string, number>();
  for (const q of SCALE_QUERIES) {
    const t = performance.now();
    run(q); // warm up, and each query's first time
    byQuery.set(q, performance.now() - t);
    if (performance.now() - start > budgetMs) break;
  }
  const slowest = [...byQuery].sort((a, b) => b[1] - a[1])[0];
  const times: number[] = [];
  for (let i = 0; i < rounds && performance.now() - start < budgetMs; i++) {
    for (const q of SCALE_QUERIES) {
      if (performance.now() - start > budgetMs && times.length) break;
      const t = performance.now();
      run(q);
      times.push(performance.now() - t);
    }
  }
  if (!times.length) times.push(...byQuery.values());
  return { p50: pct(times, 50), p99: pct(times, 99), n: times.length, slowest: `${slowest[0]} ${slowest[1].toFixed(1)} ms` };
}

const quoteRunner = (s: QuoteSearch) => (q: string) => s.search({ query: q, limit: 5 });

/** The FTS5 bm25 paragraph ranker of bench/quality.ts, on a file so that its size can be told. */
function paragraphsOf(dir: string): string[] {
  return readCorpusFiles(dir).flatMap((f) => f.text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean));
}
function paragraphQuery(db: Database.Database) {
  const q = db.prepare('SELECT text FROM p WHERE p MATCH ? ORDER BY bm25(p) LIMIT 5');
  return (query: string) => {
    const terms = query.split(/[^\p{L}\p{N}]+/u).filter(Boolean).map((t) => `"${t}"`);
    return terms.length ? q.all(terms.join(' OR ')) : [];
  };
}

function openDb(path: string, readonly = false): Database.Database {
  const db = new Database(path, { readonly });
  if (!readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
  }
  return db;
}

/** Replicates parsed documents `times` times under new ids (the 1,000× corpus from the 100× parse). */
function replicate(docs: ParsedDocument[], times: number): ParsedDocument[] {
  const out: ParsedDocument[] = [];
  for (let r = 0; r < times; r++) {
    for (const d of docs) {
      const id = r === 0 ? d.meta.id : `${d.meta.id}~r${r}`;
      const re = (s: string) => (r === 0 ? s : s.replace(`${d.meta.id}#`, `${id}#`));
      out.push({
        ...d,
        meta: { ...d.meta, id },
        passages: d.passages.map((p) => ({ ...p, id: re(p.id), documentId: id })),
        quotations: d.quotations.map((q) => ({ ...q, id: re(q.id), documentId: id, passageId: re(q.passageId) })),
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------- child processes (a clean heap each)

interface BuildResult {
  parseMs: number;
  parseExtrapolated: boolean;
  parseCached: boolean;
  indexMs: number;
  persistMs: number;
  persisted: boolean;
  persistError: string | null;
  indexBytes: number;
  splitBytes: { documents: number; index: number } | null;
  heapAfterBuildMB: number;
  units: number;
  passages: number;
  quotations: number;
  speakers: number;
  ftsBuildMs: number;
  ftsBytes: number;
  parasInsertMs: number;
  parasBytes: number;
  paragraphs: number;
}

function childBuild(corpusDir: string, dataDir: string, replicateFrom: string | null, times: number, saveParsed: boolean): BuildResult {
  const files = readCorpusFiles(corpusDir);
  const hash = corpusHash(corpusDir);
  // A parse of this very corpus by this very code (same hash) is reused: it is the slow part, and it was timed.
  const parsedPath = join(dataDir, 'parsed.json');
  const cached = existsSync(parsedPath) ? (JSON.parse(readFileSync(parsedPath, 'utf8')) as { hash?: string; parseMs: number; documents: ParsedDocument[] }) : null;
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  let docs: ParsedDocument[];
  let parseMs: number;
  let parseCached = false;
  if (replicateFrom) {
    const saved = JSON.parse(readFileSync(join(replicateFrom, 'parsed.json'), 'utf8')) as { parseMs: number; documents: ParsedDocument[] };
    docs = replicate(saved.documents, times);
    parseMs = saved.parseMs * times;
  } else if (cached?.hash === hash) {
    docs = cached.documents;
    parseMs = cached.parseMs;
    parseCached = true;
  } else {
    const t = performance.now();
    docs = parseCorpusFiles(files, silent);
    parseMs = performance.now() - t;
  }
  if (saveParsed) writeFileSync(parsedPath, JSON.stringify({ hash, parseMs, documents: docs }));
  const t1 = performance.now();
  const corpus = buildCorpus(docs, hash);
  const search = createQuoteSearch(corpus);
  const indexMs = performance.now() - t1;
  const heapAfterBuildMB = heapMB();

  // Persist exactly as src/search-store.ts does (its key line, then the JSON), so openCorpus loads it.
  const t2 = performance.now();
  let persisted = false;
  let persistError: string | null = null;
  let splitBytes: BuildResult['splitBytes'] = null;
  try {
    writeFileSync(indexPath(dataDir), `${INDEX_VERSION}:${hash}\n${JSON.stringify({ documents: corpus.documents, index: search })}`);
    persisted = true;
  } catch (err) {
    persistError = (err as Error).message;
    // One JSON string cannot hold it (V8 caps strings at ~512 MB): what two files would hold instead.
    const documents = JSON.stringify(corpus.documents);
    writeFileSync(join(dataDir, 'documents.json'), documents);
    const index = JSON.stringify(search);
    writeFileSync(join(dataDir, 'index.json'), index);
    splitBytes = { documents: Buffer.byteLength(documents), index: Buffer.byteLength(index) };
  }
  const persistMs = performance.now() - t2;
  const indexBytes = persisted ? statSync(indexPath(dataDir)).size : splitBytes!.documents + splitBytes!.index;

  const t3 = performance.now();
  const fdb = openDb(join(dataDir, 'fts.sqlite'));
  buildFtsIndex(corpus, fdb);
  fdb.pragma('wal_checkpoint(TRUNCATE)');
  fdb.close();
  const ftsBuildMs = performance.now() - t3;

  const paras = paragraphsOf(corpusDir);
  const t4 = performance.now();
  const pdb = openDb(join(dataDir, 'paras.sqlite'));
  pdb.exec('CREATE VIRTUAL TABLE p USING fts5(text)');
  const ins = pdb.prepare('INSERT INTO p(text) VALUES (?)');
  pdb.transaction(() => paras.forEach((t) => ins.run(t)))();
  pdb.pragma('wal_checkpoint(TRUNCATE)');
  pdb.close();
  const parasInsertMs = performance.now() - t4;

  return {
    parseMs, parseExtrapolated: !!replicateFrom, parseCached, indexMs, persistMs, persisted, persistError, indexBytes, splitBytes, heapAfterBuildMB,
    units: search.size, passages: corpus.passages.length, quotations: corpus.quotations.length, speakers: corpus.speakers().length,
    ftsBuildMs, ftsBytes: statSync(join(dataDir, 'fts.sqlite')).size, parasInsertMs, parasBytes: statSync(join(dataDir, 'paras.sqlite')).size,
    paragraphs: paras.length,
  };
}

interface LoadResult {
  loadMs: number;
  heapMB: number;
  rebuilt: boolean;
  p50: number;
  p99: number;
  n: number;
  slowest: string;
  /** MiniSearch alone (index.search, no speaker filter, no result assembly): where /quote's time goes. */
  engine?: { p50: number; p99: number; n: number; slowest: string };
}

/**
 * Start-up as the bot does it: openCorpus's load path (read and hash corpus/, read the file, parse the JSON,
 * build the corpus, load the index) — step by step rather than through openCorpus, whose key also hashes the
 * code of src/core, which other work in this tree may change between the build and the load.
 */
function childLoadMiniSearch(corpusDir: string, dataDir: string, rounds: number): LoadResult {
  const t = performance.now();
  let search: QuoteSearch;
  const hash = corpusHash(corpusDir);
  if (existsSync(indexPath(dataDir))) {
    const text = readFileSync(indexPath(dataDir), 'utf8');
    const saved = JSON.parse(text.slice(text.indexOf('\n') + 1)) as { documents: ParsedDocument[]; index: unknown };
    search = createQuoteSearch(buildCorpus(saved.documents, hash), saved.index);
  } else {
    // Not persistable as one file: the start-up two files (documents, index) would give.
    const corpus = buildCorpus(JSON.parse(readFileSync(join(dataDir, 'documents.json'), 'utf8')) as ParsedDocument[], hash);
    search = createQuoteSearch(corpus, JSON.parse(readFileSync(join(dataDir, 'index.json'), 'utf8')));
  }
  const loadMs = performance.now() - t;
  const heap = heapMB();
  const quote = latency(quoteRunner(search), rounds);
  const engine = MiniSearch.loadJS(search.toJSON() as Parameters<typeof MiniSearch.loadJS>[0], INDEX_OPTIONS);
  return { loadMs, heapMB: heap, rebuilt: false, ...quote, engine: latency((q) => engine.search(q), rounds) };
}

/** Start-up of the FTS5 prototype: read and hash corpus/ (as openCorpus does), open the database. */
function childLoadFts(corpusDir: string, dataDir: string, rounds: number): LoadResult {
  const t = performance.now();
  corpusHash(corpusDir); // as openCorpus does (the stamp is not compared: see above)
  const db = new Database(join(dataDir, 'fts.sqlite'), { readonly: true });
  db.pragma('locking_mode = EXCLUSIVE'); // as src/search-store.ts opens it
  const search = openFtsQuoteSearch(db);
  const loadMs = performance.now() - t;
  const heap = heapMB();
  if (!search) throw new Error('FTS5 index missing or stale');
  return { loadMs, heapMB: heap, rebuilt: false, ...latency(quoteRunner(search), rounds) };
}

function childParagraphs(dataDir: string, rounds: number): LoadResult {
  const t = performance.now();
  const db = new Database(join(dataDir, 'paras.sqlite'), { readonly: true });
  const run = paragraphQuery(db);
  run('warm');
  const loadMs = performance.now() - t;
  return { loadMs, heapMB: heapMB(), rebuilt: false, ...latency(run, rounds) };
}

const HERE = fileURLToPath(import.meta.url);

function child<T>(args: string[]): T {
  const out = execFileSync(process.execPath, ['--expose-gc', '--max-old-space-size=12000', '--import', 'tsx', HERE, '--child', ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').pop()!) as T;
}

/** The best of `n` child runs: least start-up time, least p50/p99 (each from its own run). */
function bestOf(n: number, args: string[]): LoadResult {
  const runs = Array.from({ length: n }, () => child<LoadResult>(args));
  return {
    loadMs: Math.min(...runs.map((r) => r.loadMs)),
    heapMB: Math.min(...runs.map((r) => r.heapMB)),
    rebuilt: runs.some((r) => r.rebuilt),
    p50: Math.min(...runs.map((r) => r.p50)),
    p99: Math.min(...runs.map((r) => r.p99)),
    n: runs[0].n,
    slowest: runs[0].slowest,
    engine: runs[0].engine && {
      p50: Math.min(...runs.map((r) => r.engine!.p50)),
      p99: Math.min(...runs.map((r) => r.engine!.p99)),
      n: runs[0].engine.n,
      slowest: runs[0].engine.slowest,
    },
  };
}

// ---------------------------------------------------------------- the section

export interface ScaleRow {
  size: string;
  copies: number;
  corpusBytes: number;
  build: BuildResult;
  buildMBs: number;
  minisearch: LoadResult;
  fts: LoadResult;
  paragraphs: LoadResult;
}

const ROUNDS: Record<number, number> = { 1: 100, 100: 30, 1000: 10 };

export function benchScale(opts: { quick?: boolean; sizes?: number[]; log?: (s: string) => void } = {}): ScaleRow[] {
  const log = opts.log ?? ((s: string) => console.error(s));
  const sizes = opts.sizes ?? (opts.quick ? [1, 100] : [1, 100, 1000]);
  const root = resolve('bench/.corpora');
  const rows: ScaleRow[] = [];
  for (const copies of sizes) {
    const g = generateCorpus(copies, root);
    const dataDir = join(root, `data-x${copies}`);
    const replicateFrom = copies === 1000 ? join(root, 'data-x100') : null;
    if (replicateFrom && !existsSync(join(replicateFrom, 'parsed.json'))) throw new Error('the 1,000× size needs the 100× run first');
    log(`scale ${copies}×: ${(g.bytes / 1e6).toFixed(1)} MB; building…`);
    const build = child<BuildResult>(['build', g.dir, dataDir, replicateFrom ?? '-', replicateFrom ? '10' : '1', copies <= 100 ? 'save' : '-']);
    const rounds = String(ROUNDS[copies] ?? 10);
    log(`scale ${copies}×: built (${(build.parseMs / 1000).toFixed(1)} s parse, ${(build.indexMs / 1000).toFixed(1)} s index); loading, 3 runs each…`);
    const minisearch = bestOf(3, ['load-minisearch', g.dir, dataDir, rounds]);
    const fts = bestOf(3, ['load-fts', g.dir, dataDir, rounds]);
    const paragraphs = bestOf(3, ['paragraphs', dataDir, rounds]);
    const row: ScaleRow = {
      size: `${copies}×`, copies, corpusBytes: g.bytes, build, buildMBs: mb(g.bytes) / ((build.parseMs + build.indexMs) / 1000), minisearch, fts, paragraphs,
    };
    rows.push(row);
    log(formatScaleRow(row));
  }
  return rows;
}

export function formatScaleRow(r: ScaleRow): string {
  const b = r.build;
  const f = (n: number, d = 2) => n.toFixed(d);
  return [
    `${r.size}: ${f(mb(r.corpusBytes), 1)} MB, ${b.units} units (${b.quotations} quotations, ${b.passages} passages, ${b.speakers} speakers)`,
    `  build: parse ${f(b.parseMs / 1000)} s${b.parseExtrapolated ? ' (extrapolated from 100×)' : b.parseCached ? ' (timed at an earlier run of the same corpus and code)' : ''} + index ${f(b.indexMs / 1000)} s = ${f(r.buildMBs, 3)} MB/s; persist ${f(b.persistMs / 1000)} s; heap after build ${f(b.heapAfterBuildMB, 0)} MB`,
    `  persisted: ${b.persisted ? `search-index.json ${f(mb(b.indexBytes), 1)} MB` : `NOT persistable (${b.persistError}); as two files ${f(mb(b.indexBytes), 1)} MB`}`,
    `  MiniSearch /quote: start-up ${f(r.minisearch.loadMs, 0)} ms, heap ${f(r.minisearch.heapMB, 0)} MB${r.minisearch.rebuilt ? ' (REBUILT, not loaded!)' : ''}; p50 ${f(r.minisearch.p50, 3)} ms p99 ${f(r.minisearch.p99, 3)} ms (n ${r.minisearch.n}; slowest first run: ${r.minisearch.slowest})`,
    r.minisearch.engine ? `  MiniSearch engine alone (index.search): p50 ${f(r.minisearch.engine.p50, 3)} ms p99 ${f(r.minisearch.engine.p99, 3)} ms (slowest: ${r.minisearch.engine.slowest})` : '',
    `  FTS5 /quote prototype: build ${f(b.ftsBuildMs / 1000)} s, file ${f(mb(b.ftsBytes), 1)} MB, start-up ${f(r.fts.loadMs, 0)} ms, heap ${f(r.fts.heapMB, 0)} MB; p50 ${f(r.fts.p50, 3)} ms p99 ${f(r.fts.p99, 3)} ms (n ${r.fts.n}; slowest: ${r.fts.slowest})`,
    `  FTS5 bm25 paragraphs: ${b.paragraphs} paragraphs, insert ${f(b.parasInsertMs / 1000)} s, file ${f(mb(b.parasBytes), 1)} MB; p50 ${f(r.paragraphs.p50, 3)} ms p99 ${f(r.paragraphs.p99, 3)} ms`,
    `  ratio p99 MiniSearch /quote ÷ FTS5 paragraphs ${f(r.minisearch.p99 / r.paragraphs.p99, 1)}×; FTS5 /quote ÷ FTS5 paragraphs ${f(r.fts.p99 / r.paragraphs.p99, 1)}×`,
  ].join('\n');
}

if (process.argv[2] === '--child') {
  const [mode, ...a] = process.argv.slice(3);
  let out: unknown;
  if (mode === 'build') out = childBuild(a[0], a[1], a[2] === '-' ? null : a[2], Number(a[3]), a[4] === 'save');
  else if (mode === 'load-minisearch') out = childLoadMiniSearch(a[0], a[1], Number(a[2]));
  else if (mode === 'load-fts') out = childLoadFts(a[0], a[1], Number(a[2]));
  else if (mode === 'paragraphs') out = childParagraphs(a[0], Number(a[1]));
  else throw new Error(`unknown child mode ${mode}`);
  process.stdout.write(`\n${JSON.stringify(out)}\n`);
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const only = process.argv.indexOf('--sizes');
  const sizes = only > 0 ? process.argv[only + 1].split(',').map(Number) : undefined;
  const rows = benchScale({ quick: process.argv.includes('--quick'), sizes });
  console.log(rows.map(formatScaleRow).join('\n'));
}
