/**
 * Search speed as the corpus grows: 1×, 100× and 1,000× the seed texts (bench/generate.ts). For each size:
 *   - /quote as shipped: openCorpus (src/search-store.ts) on an empty data directory — parse, index, persist —
 *     then started again in fresh child processes from what it persisted: start-up, heap, p50/p99 over a fixed
 *     query mix. It picks MiniSearch below FTS_THRESHOLD units and SQLite FTS5 with champion lists above.
 *   - MiniSearch alone at every size (what /quote would be without the switch): build, persisted JSON (or,
 *     when one JSON string cannot hold it, the two files it would take), start-up, heap, p50/p99.
 *   - SQLite FTS5 bm25 over the same texts' paragraphs: the baseline, and the ratio of /quote's p99 to it.
 * Every start-up and latency figure is the best of 3 child processes (a shared 2-core machine).
 *
 *   npx tsx bench/scale.ts [--quick] [--sizes 1,100]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pino from 'pino';
import MiniSearch from 'minisearch';
import { buildCorpus } from '../../src/core/corpus/corpus.js';
import { INDEX_OPTIONS, INDEX_VERSION, createQuoteSearch, type QuoteSearch } from '../../src/core/search/search.js';
import type { ParsedDocument } from '../../src/core/types.js';
import { corpusHash, parseCorpusFiles, readCorpusFiles } from '../../src/store/corpus-files.js';
import { ftsPath, indexPath, openCorpus } from '../../src/store/search-store.js';
import { libraryOf } from '../../src/app/bootstrap.js';
import { sameName } from '../../src/core/check/attribution.js';
import type { Corpus } from '../../src/core/corpus/corpus.js';
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

// ---------------------------------------------------------------- child processes (a clean heap each)

/** MiniSearch alone and the paragraph baseline, built from one parse. */
interface AltBuild {
  parseMs: number;
  indexMs: number;
  persistMs: number;
  persisted: boolean;
  persistError: string | null;
  indexBytes: number;
  heapAfterBuildMB: number;
  units: number;
  quotations: number;
  passages: number;
  speakers: number;
  parasInsertMs: number;
  parasBytes: number;
  paragraphs: number;
}

function childAltBuild(corpusDir: string, dataDir: string, saveParsed: boolean): AltBuild {
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const hash = corpusHash(corpusDir);
  const t = performance.now();
  const docs = parseCorpusFiles(readCorpusFiles(corpusDir), silent);
  const parseMs = performance.now() - t;
  // bench/champions.ts builds its own indexes from these parsed texts.
  if (saveParsed) writeFileSync(join(dataDir, 'parsed.json'), JSON.stringify({ hash, parseMs, documents: docs }));
  const t1 = performance.now();
  const corpus = buildCorpus(docs, hash);
  const search = createQuoteSearch(corpus);
  const indexMs = performance.now() - t1;
  const heapAfterBuildMB = heapMB();

  // Persisted as src/search-store.ts writes it (its key line, then the JSON).
  const t2 = performance.now();
  let persisted = false;
  let persistError: string | null = null;
  let indexBytes: number;
  const json = join(dataDir, 'minisearch', 'search-index.json');
  mkdirSync(join(dataDir, 'minisearch'), { recursive: true });
  try {
    writeFileSync(json, `${INDEX_VERSION}:${hash}\n${JSON.stringify({ documents: corpus.documents, index: search })}`);
    persisted = true;
    indexBytes = statSync(json).size;
  } catch (err) {
    persistError = (err as Error).message;
    // One JSON string cannot hold it (V8 caps strings at ~512 MB): what two files would hold instead.
    const documents = JSON.stringify(corpus.documents);
    writeFileSync(join(dataDir, 'minisearch', 'documents.json'), documents);
    const index = JSON.stringify(search);
    writeFileSync(join(dataDir, 'minisearch', 'index.json'), index);
    indexBytes = Buffer.byteLength(documents) + Buffer.byteLength(index);
  }
  const persistMs = performance.now() - t2;

  const paras = paragraphsOf(corpusDir);
  const t4 = performance.now();
  const pdb = openDb(join(dataDir, 'paras.sqlite'));
  pdb.exec('CREATE VIRTUAL TABLE p USING fts5(text)');
  const ins = pdb.prepare('INSERT INTO p(text) VALUES (?)');
  pdb.transaction(() => paras.forEach((x) => ins.run(x)))();
  pdb.pragma('wal_checkpoint(TRUNCATE)');
  pdb.close();
  const parasInsertMs = performance.now() - t4;

  return {
    parseMs, indexMs, persistMs, persisted, persistError, indexBytes, heapAfterBuildMB,
    units: search.size, quotations: corpus.quotations.length, passages: corpus.passages.length, speakers: corpus.speakers().length,
    parasInsertMs, parasBytes: statSync(join(dataDir, 'paras.sqlite')).size, paragraphs: paras.length,
  };
}

/** /quote as shipped, built from nothing: openCorpus on an empty data directory. */
interface ShippedBuild {
  engine: string;
  buildMs: number;
  fileBytes: number;
  units: number;
}

function openLogged(corpusDir: string, dataDir: string): { search: QuoteSearch; rebuilt: boolean } {
  let rebuilt = false;
  const log = pino({ level: 'info' }, { write: (l: string) => void (/"msg":"search index built"/.test(l) && (rebuilt = true)) });
  const { search } = openCorpus(corpusDir, dataDir, log);
  return { search, rebuilt };
}

const engineOf = (s: QuoteSearch) => ((s.toJSON() as { engine?: string }).engine === 'fts5' ? 'FTS5' : 'MiniSearch');

function childShippedBuild(corpusDir: string, dataDir: string): ShippedBuild {
  const dir = join(dataDir, 'shipped');
  rmSync(dir, { recursive: true, force: true });
  const t = performance.now();
  const { search } = openLogged(corpusDir, dir);
  const buildMs = performance.now() - t;
  const file = [ftsPath(dir), indexPath(dir)].find((p) => existsSync(p));
  return { engine: engineOf(search), buildMs, fileBytes: file ? statSync(file).size : 0, units: search.size };
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

/** Start-up as `npm start` does it: openCorpus on what the build persisted (hash corpus/, open the index). */
function childShippedLoad(corpusDir: string, dataDir: string, rounds: number): LoadResult {
  const t = performance.now();
  const { search, rebuilt } = openLogged(corpusDir, join(dataDir, 'shipped'));
  const loadMs = performance.now() - t;
  const heap = heapMB();
  return { loadMs, heapMB: heap, rebuilt, ...latency(quoteRunner(search), rounds) };
}

/** MiniSearch alone: openCorpus's load path for its JSON (hash corpus/, read and parse the file, build the corpus). */
function childLoadMiniSearch(corpusDir: string, dataDir: string, rounds: number): LoadResult {
  const dir = join(dataDir, 'minisearch');
  const t = performance.now();
  const hash = corpusHash(corpusDir);
  let search: QuoteSearch;
  const json = join(dir, 'search-index.json');
  if (existsSync(json)) {
    const text = readFileSync(json, 'utf8');
    const saved = JSON.parse(text.slice(text.indexOf('\n') + 1)) as { documents: ParsedDocument[]; index: unknown };
    search = createQuoteSearch(buildCorpus(saved.documents, hash), saved.index);
  } else {
    // Not persistable as one file: the start-up two files (documents, index) would give.
    const corpus = buildCorpus(JSON.parse(readFileSync(join(dir, 'documents.json'), 'utf8')) as ParsedDocument[], hash);
    search = createQuoteSearch(corpus, JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')));
  }
  const loadMs = performance.now() - t;
  const heap = heapMB();
  const quote = latency(quoteRunner(search), rounds);
  const engine = MiniSearch.loadJS(search.toJSON() as Parameters<typeof MiniSearch.loadJS>[0], INDEX_OPTIONS);
  return { loadMs, heapMB: heap, rebuilt: false, ...quote, engine: latency((q) => engine.search(q), rounds) };
}

/**
 * The argument checker as the bot gets it: its first use (in memory: the texts read and indexed; from an FTS5
 * file: nothing read yet), then checks of arguments made from the corpus's own quotations (their texts are
 * read after the timing): quoted faithfully by their speakers, credited to someone else, one word changed.
 */
type CheckKind = 'faithful' | 'other speaker' | 'changed word';
interface CheckAtScale {
  firstMs: number;
  heapMB: number;
  kinds: Record<CheckKind, {
    p50: number;
    p99: number;
    n: number;
    verdicts: Record<string, number>;
    /** Credited to another or changed, yet verified: how many the corpus really gives, as quoted, to the speaker named. */
    genuine?: number;
  }>;
}

/** Words compared as the checker reads them, near enough: lower case, letters and digits, single spaces. */
const plain = (s: string) => ` ${s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;

/**
 * Whether the corpus gives these words (each run between elisions) to someone the name names: in a quotation
 * credited to them, or in a passage of theirs outside the quotations standing in it.
 */
export function givenTo(corpus: Corpus, name: string, words: string): boolean {
  const runs = words.split(/\.\.\.|…|\[[^\]]*\]/).map(plain).filter((r) => r.trim());
  const holds = (text: string) => runs.every((r) => plain(text).includes(r));
  if (corpus.quotations.some((q) => q.speaker && sameName(name, q.speaker) && holds(q.text))) return true;
  const quotedIn = new Map<string, string[]>();
  for (const q of corpus.quotations) quotedIn.set(q.passageId, [...(quotedIn.get(q.passageId) ?? []), q.text]);
  return corpus.passages.some((p) => {
    if (!p.speaker || !sameName(name, p.speaker) || !holds(p.text)) return false;
    let rest = plain(p.text);
    for (const q of quotedIn.get(p.id) ?? []) rest = rest.replace(plain(q).trim(), ' ');
    return runs.every((r) => rest.includes(r));
  });
}

function childCheck(corpusDir: string, dataDir: string): CheckAtScale {
  const opened = openCorpus(corpusDir, join(dataDir, 'shipped'), silent);
  const t = performance.now();
  const checker = libraryOf(opened, { log: silent }).checker(); // as the bot gets it: from the FTS5 file for a large corpus
  const firstMs = performance.now() - t;
  const heap = heapMB();
  const quoted = opened.corpus.quotations.filter((q) => q.speaker && q.text.length > 40);
  const speakers = [...new Set(quoted.map((q) => q.speaker!))];
  const step = Math.max(1, Math.floor(quoted.length / 200));
  /** The argument, the name it credits and the words it quotes. */
  const argument = (kind: CheckKind, i: number): { text: string; name: string; words: string } => {
    const q = quoted[i];
    const words = q.text.length > 300 ? q.text.slice(0, q.text.lastIndexOf(' ', 300)) : q.text; // whole words
    if (kind === 'faithful') return { text: `As ${q.speaker} put it, “${words}”`, name: q.speaker!, words };
    if (kind === 'other speaker') {
      const name = speakers[(i * 7) % speakers.length];
      return { text: `${name} wrote: “${words}”`, name, words };
    }
    const changed = words.replace(/\b(\p{L}{6,})\b/u, 'revolution');
    return { text: `${q.speaker} said “${changed}”.`, name: q.speaker!, words: changed };
  };
  for (let i = 0; i < 20; i++) checker.check(argument('faithful', i).text); // warm up
  const kinds = {} as CheckAtScale['kinds'];
  for (const kind of ['faithful', 'other speaker', 'changed word'] as const) {
    const times: number[] = [];
    const verdicts: Record<string, number> = {};
    const passed: Array<{ name: string; words: string }> = [];
    for (let i = 0; i < quoted.length; i += step) {
      const a = argument(kind, i);
      const t0 = performance.now();
      const r = checker.check(a.text);
      times.push(performance.now() - t0);
      verdicts[r.verdict] = (verdicts[r.verdict] ?? 0) + 1;
      if (r.verdict === 'verified') passed.push(a);
    }
    kinds[kind] = { p50: pct(times, 50), p99: pct(times, 99), n: times.length, verdicts };
    // Never to pass unless the corpus really gives those words to that speaker too (told after the timing).
    if (kind !== 'faithful') kinds[kind].genuine = passed.filter((a) => givenTo(opened.corpus, a.name, a.words)).length;
  }
  return { firstMs, heapMB: heap, kinds };
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
  const least = (pick: (r: LoadResult) => number) => Math.min(...runs.map(pick));
  return {
    loadMs: least((r) => r.loadMs),
    heapMB: least((r) => r.heapMB),
    rebuilt: runs.some((r) => r.rebuilt),
    p50: least((r) => r.p50),
    p99: least((r) => r.p99),
    n: runs[0].n,
    slowest: runs[0].slowest,
    engine: runs[0].engine && {
      p50: least((r) => r.engine!.p50),
      p99: least((r) => r.engine!.p99),
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
  alt: AltBuild;
  shippedBuild: ShippedBuild;
  shipped: LoadResult;
  minisearch: LoadResult;
  paragraphs: LoadResult;
  check: CheckAtScale;
}

const ROUNDS: Record<number, number> = { 1: 100, 100: 30, 1000: 10 };

export function benchScale(opts: { quick?: boolean; sizes?: number[]; log?: (s: string) => void } = {}): ScaleRow[] {
  const log = opts.log ?? ((s: string) => console.error(s));
  const sizes = opts.sizes ?? (opts.quick ? [1, 100] : [1, 100, 1000]);
  const root = resolve('tools/bench/.corpora');
  const rows: ScaleRow[] = [];
  for (const copies of sizes) {
    const g = generateCorpus(copies, root);
    const dataDir = join(root, `data-x${copies}`);
    const rounds = String(ROUNDS[copies] ?? 10);
    log(`scale ${copies}×: ${(g.bytes / 1e6).toFixed(1)} MB; building MiniSearch alone and the paragraph baseline…`);
    const alt = child<AltBuild>(['alt-build', g.dir, dataDir, copies <= 100 ? 'save' : '-']);
    log(`scale ${copies}×: building /quote as shipped (openCorpus)…`);
    const shippedBuild = child<ShippedBuild>(['shipped-build', g.dir, dataDir]);
    log(`scale ${copies}×: loading, 3 runs each…`);
    const shipped = bestOf(3, ['shipped-load', g.dir, dataDir, rounds]);
    const minisearch = bestOf(3, ['load-minisearch', g.dir, dataDir, rounds]);
    const paragraphs = bestOf(3, ['paragraphs', dataDir, rounds]);
    log(`scale ${copies}×: argument checks…`);
    const check = child<CheckAtScale>(['check', g.dir, dataDir]);
    const row: ScaleRow = { size: `${copies}×`, copies, corpusBytes: g.bytes, alt, shippedBuild, shipped, minisearch, paragraphs, check };
    rows.push(row);
    log(formatScaleRow(row));
  }
  return rows;
}

/** Corpus megabytes per second of a build. */
export const throughput = (r: ScaleRow, ms: number) => mb(r.corpusBytes) / (ms / 1000);

/**
 * "faithful p50 … p99 … (verified 200)" for each kind of argument; a credited-to-another or changed one
 * verified says whether the corpus really gives those words to that speaker.
 */
export function formatChecks(c: CheckAtScale): string {
  const verdict = (k: CheckAtScale['kinds'][CheckKind], v: string, n: number) => {
    if (v !== 'verified' || k.genuine === undefined) return `${v} ${n}`;
    return k.genuine === n
      ? `${v} ${n} (all ${n} genuine: the corpus gives those words to that speaker too)`
      : `${v} ${n} (${n - k.genuine} not genuine)`;
  };
  return Object.entries(c.kinds)
    .map(([kind, k]) => `${kind} p50 ${k.p50.toFixed(2)} / p99 ${k.p99.toFixed(2)} ms (${Object.entries(k.verdicts).map(([v, n]) => verdict(k, v, n)).join(', ')})`)
    .join('; ');
}

export function formatScaleRow(r: ScaleRow): string {
  const a = r.alt;
  const s = r.shippedBuild;
  const f = (n: number, d = 2) => n.toFixed(d);
  return [
    `${r.size}: ${f(mb(r.corpusBytes), 1)} MB, ${a.units} units (${a.quotations} quotations, ${a.passages} passages, ${a.speakers} speakers)`,
    `  /quote as shipped (${s.engine}): build ${f(s.buildMs / 1000)} s = ${f(throughput(r, s.buildMs), 3)} MB/s, file ${f(mb(s.fileBytes), 1)} MB; start-up ${f(r.shipped.loadMs, 0)} ms${r.shipped.rebuilt ? ' (REBUILT, not loaded!)' : ''}, heap ${f(r.shipped.heapMB, 0)} MB; p50 ${f(r.shipped.p50, 3)} ms p99 ${f(r.shipped.p99, 3)} ms (n ${r.shipped.n}; slowest first run: ${r.shipped.slowest})`,
    `  MiniSearch alone: parse ${f(a.parseMs / 1000)} s + index ${f(a.indexMs / 1000)} s = ${f(throughput(r, a.parseMs + a.indexMs), 3)} MB/s; ${a.persisted ? `search-index.json ${f(mb(a.indexBytes), 1)} MB` : `NOT persistable (${a.persistError}); as two files ${f(mb(a.indexBytes), 1)} MB`}; start-up ${f(r.minisearch.loadMs, 0)} ms, heap ${f(r.minisearch.heapMB, 0)} MB; p50 ${f(r.minisearch.p50, 3)} ms p99 ${f(r.minisearch.p99, 3)} ms (slowest first run: ${r.minisearch.slowest})`,
    r.minisearch.engine ? `  MiniSearch engine alone (index.search): p50 ${f(r.minisearch.engine.p50, 3)} ms p99 ${f(r.minisearch.engine.p99, 3)} ms (slowest: ${r.minisearch.engine.slowest})` : '',
    `  FTS5 bm25 paragraphs: ${a.paragraphs} paragraphs, insert ${f(a.parasInsertMs / 1000)} s, file ${f(mb(a.parasBytes), 1)} MB; p50 ${f(r.paragraphs.p50, 3)} ms p99 ${f(r.paragraphs.p99, 3)} ms`,
    `  argument checker: first use ${f(r.check.firstMs / 1000)} s, heap ${f(r.check.heapMB, 0)} MB; ${formatChecks(r.check)}`,
    `  ratio p99 ÷ FTS5 bm25 paragraphs: /quote as shipped ${f(r.shipped.p99 / r.paragraphs.p99, 1)}×, MiniSearch alone ${f(r.minisearch.p99 / r.paragraphs.p99, 1)}×`,
  ].join('\n');
}

if (process.argv[2] === '--child') {
  const [mode, ...a] = process.argv.slice(3);
  let out: unknown;
  if (mode === 'alt-build') out = childAltBuild(a[0], a[1], a[2] === 'save');
  else if (mode === 'shipped-build') out = childShippedBuild(a[0], a[1]);
  else if (mode === 'shipped-load') out = childShippedLoad(a[0], a[1], Number(a[2]));
  else if (mode === 'load-minisearch') out = childLoadMiniSearch(a[0], a[1], Number(a[2]));
  else if (mode === 'check') out = childCheck(a[0], a[1]);
  else if (mode === 'paragraphs') out = childParagraphs(a[0], Number(a[1]));
  else throw new Error(`unknown child mode ${mode}`);
  process.stdout.write(`\n${JSON.stringify(out)}\n`);
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const only = process.argv.indexOf('--sizes');
  const sizes = only > 0 ? process.argv[only + 1].split(',').map(Number) : undefined;
  const rows = benchScale({ quick: process.argv.includes('--quick'), sizes });
  console.log(rows.map(formatScaleRow).join('\n'));
}
