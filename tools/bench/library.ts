/**
 * Servers' own libraries at 100× (issue 14, "Speed"), through the real ServerLibraries (src/library/service.ts)
 * as built in dist/ (what `npm start` runs; its parsing worker too), over the 100× corpus (bench/generate.ts):
 *   - start-up with 100 added texts on each of 10 servers: open the database, the shared corpus and the
 *     libraries (then, after ready, the servers' indexes warmed one per turn of the event loop, and the parsing
 *     worker adds use started);
 *   - /quote p99 on one of those servers (searchFor(guild)) before, during and after adding a 250 KB book: during
 *     is the main thread's searches while the add is under way (it parses in a worker thread), with the longest
 *     the main thread went without answering;
 *   - the book added: from the add's start until a search on the server finds it; then removed: until it no
 *     longer does.
 * The servers' texts are the 100× corpus's 1,000 files, 100 to a server, stored once by a setup child; each
 * measuring child starts from its own copy of that database. Each figure is the best of `runs` children.
 *
 *   npx tsx tools/bench/library.ts   (builds dist/ first)
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { execFileSync, execSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import pino from 'pino';
import { generateCorpus } from './generate.js';
import { BOOK, realDevTexts } from './ingest.js';
import { SCALE_QUERIES } from './scale.js';

const HERE = fileURLToPath(import.meta.url);
const silent = pino({ level: 'silent' });
const SERVERS = 10;
const TEXTS_PER_SERVER = 100;
const guildOf = (i: number) => String(300000000000000000n + BigInt(i));
/** The server the book is added to (one with its 100 texts). */
const GUILD = guildOf(0);
const ADA = { id: '200000000000000001', name: 'ada' };
/** Words of the book a search must find once it is added (and not once it is removed). */
const BOOK_QUERY = 'Litvinov Chicherin';
const LIMITS = { maxTextBytes: 25 * 1048576, maxTexts: 200, maxBytes: 250 * 1048576, downloadTimeoutMs: 60_000 };

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};

// ---------------------------------------------------------------- the shipped code, from dist/

type Service = typeof import('../../src/library/service.js');
type Open = typeof import('../../src/db/open.js');
type SqliteSeam = typeof import('../../src/db/sql-sqlite.js');
type Bootstrap = typeof import('../../src/app/bootstrap.js');
type Ingest = typeof import('../../src/library/ingest.js');
type DeadlineTimer = typeof import('../../src/db/deadline-timer.js');

/** A module of src/ as `npm run build` compiled it (typed by its source). */
async function shipped<T>(path: string): Promise<T> {
  const file = resolve('dist', path.replace(/\.ts$/, '.js'));
  if (!existsSync(file)) throw new Error(`${file} is missing: run npm run build first`);
  return (await import(pathToFileURL(file).href)) as T;
}

async function open(corpusDir: string, dataDir: string, dbPath: string) {
  const [{ ServerLibraries }, { openDatabase }, { sqliteSql }, { openLibrary }] = await Promise.all([
    shipped<Service>('src/library/service.ts'),
    shipped<Open>('src/db/open.ts'),
    shipped<SqliteSeam>('src/db/sql-sqlite.ts'),
    shipped<Bootstrap>('src/app/bootstrap.ts'),
  ]);
  return (parse?: Ingest['ingestText']) => {
    const db = openDatabase(dbPath);
    const shared = openLibrary({ corpusDir, dataDir, log: silent });
    const libraries = new ServerLibraries({
      sql: sqliteSql(db), shared, limits: LIMITS, download: { hosts: [] }, now: Date.now, log: silent,
      ...(parse ? { eager: false, parse: async (input, log) => parse(input, log) } : {}),
    }).withLocalFiles();
    return { db, shared, libraries };
  };
}

// ---------------------------------------------------------------- child processes

/** The database file and its WAL: a run's WAL left behind would be replayed into the next run's copy. */
const removeDb = (dbPath: string) => ['', '-wal', '-shm'].forEach((x) => rmSync(`${dbPath}${x}`, { force: true }));

/** Stores the 100× corpus's files as the servers' texts (100 to a server), parsed here: not timed. */
async function childSetup(corpusDir: string, dataDir: string, dbPath: string): Promise<{ texts: number; ms: number }> {
  const t = performance.now();
  removeDb(dbPath);
  const { ingestText } = await shipped<Ingest>('src/library/ingest.ts');
  const { db, libraries } = (await open(corpusDir, dataDir, dbPath))(ingestText);
  const files = readdirSync(corpusDir).filter((n) => !n.startsWith('.') && !n.endsWith('.meta.json')).sort();
  let texts = 0;
  // About 500 texts for 1,000 places: the later servers add the same files as the first (each its own copy).
  for (let i = 0; i < SERVERS * TEXTS_PER_SERVER; i++) {
    const file = files[i % files.length];
    const out = await libraries.add({ guildId: guildOf(Math.floor(i / TEXTS_PER_SERVER)), actor: ADA, source: { path: join(corpusDir, file) } });
    if (out.ok) texts++;
    else throw new Error(`setup: ${file} was not added: ${out.error}`);
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { texts, ms: performance.now() - t };
}

interface Searches {
  p50: number;
  p99: number;
  n: number;
  /** The longest the main thread went between two answers (a search's own time and whatever held the thread). */
  longestGapMs: number;
}

export interface LibraryRun {
  startupMs: number;
  /** After ready: every server's index built (warm), and the slowest turn of it. */
  warmMs: number;
  warmLongestTurnMs: number;
  /** Stored texts an older parser wrote (parsed again as they are indexed). */
  reparsed: number;
  /** On a server with no texts of its own: the shared search alone. */
  sharedOnly: Searches;
  before: Searches;
  during: Searches;
  after: Searches;
  /** From the add's start to a search finding the book; the add alone. */
  searchableMs: number;
  addMs: number;
  bookUnits: number;
  removedMs: number;
}

/**
 * Searches on the server back to back, each after a turn of the event loop (so that the worker's answer and
 * timers are served), until `until` says stop.
 */
async function searchLoop(search: () => void, until: (n: number) => boolean, pause: () => Promise<unknown> = yieldToLoop): Promise<Searches> {
  const own: number[] = [];
  let longestGapMs = 0;
  let last = performance.now();
  while (!until(own.length)) {
    await pause();
    const t = performance.now();
    search();
    const e = performance.now();
    own.push(e - t);
    longestGapMs = Math.max(longestGapMs, e - last);
    last = e;
  }
  return { p50: pct(own, 50), p99: pct(own, 99), n: own.length, longestGapMs };
}

async function childRun(corpusDir: string, dataDir: string, seededDb: string, dbPath: string, bookPath: string): Promise<LibraryRun> {
  removeDb(dbPath);
  copyFileSync(seededDb, dbPath);
  const make = await open(corpusDir, dataDir, dbPath);
  const { realTimers } = await shipped<DeadlineTimer>('src/db/deadline-timer.ts');

  const t0 = performance.now();
  const { libraries } = make();
  const startupMs = performance.now() - t0;
  // Texts an older parser stored are parsed again when indexed: none should be (the setup child stored them).
  const { parserFingerprint } = await shipped<Ingest>('src/library/ingest.ts');
  let reparsed = 0;
  for (const g of await libraries.repo.guilds()) reparsed += (await libraries.repo.documents(g)).filter((d) => d.parser !== parserFingerprint()).length;

  // Warm as build.ts does after start-up; the event loop's longest delay is how long a /quote meanwhile could wait.
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const t = performance.now();
  await libraries.warm(realTimers).done;
  const warmMs = performance.now() - t;
  loop.disable();
  const warmLongestTurnMs = loop.max / 1e6;

  let k = 0;
  const search = () => void libraries.search(GUILD).search({ query: SCALE_QUERIES[k++ % SCALE_QUERIES.length], limit: 5 });
  const rounds = SCALE_QUERIES.length * 40;
  let j = 0;
  const sharedOnly = await searchLoop(() => void libraries.search(guildOf(SERVERS)).search({ query: SCALE_QUERIES[j++ % SCALE_QUERIES.length], limit: 5 }), (n) => n >= rounds);
  const before = await searchLoop(search, (n) => n >= rounds);

  const finds = () => {
    const r = libraries.search(GUILD).search({ query: BOOK_QUERY, limit: 5 });
    return r.ok && r.results.some((x) => x.library === 'server' && x.document.id.startsWith('ransome-russia-in-1919'));
  };
  if (finds()) throw new Error(`“${BOOK_QUERY}” is found before the book is added: pick other words`);

  const ta = performance.now();
  let added: Awaited<ReturnType<typeof libraries.add>> | null = null;
  const adding = libraries.add({ guildId: GUILD, actor: ADA, source: { path: bookPath } }).then((out) => (added = out));
  const during = await searchLoop(search, () => added !== null);
  await adding;
  const addMs = performance.now() - ta;
  const out = added! as Awaited<ReturnType<typeof libraries.add>>;
  if (!out.ok) throw new Error(`the book was not added: ${out.error}`);
  while (!finds()) await yieldToLoop();
  const searchableMs = performance.now() - ta;

  const after = await searchLoop(search, (n) => n >= rounds);

  const tr = performance.now();
  const removed = await libraries.remove(GUILD, out.text.id, ADA);
  if (!removed.ok) throw new Error(`the book was not removed: ${removed.error}`);
  while (finds()) await yieldToLoop();
  const removedMs = performance.now() - tr;
  removeDb(dbPath);
  return { startupMs, warmMs, warmLongestTurnMs, reparsed, sharedOnly, before, during, after, searchableMs, addMs, bookUnits: out.text.quotations, removedMs };
}

/** Its own flag: ingest.ts and scale.ts, imported here, take `--child` as theirs. */
function child<T>(args: string[]): T {
  const out = execFileSync(process.execPath, ['--import', 'tsx', HERE, '--library-child', ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').pop()!) as T;
}

// ---------------------------------------------------------------- corpus/ watched while the bot runs

/**
 * A file of about 250 KB dropped into the operator's corpus/ at 100× and removed again while the bot runs, as
 * openLiveLibrary watches it (fs.watch, the FTS5 file updated off the main thread): from the file written until
 * a search finds it, from its removal until none does, and the main thread's searches meanwhile.
 */
export interface WatchRun {
  searchableMs: number;
  removedMs: number;
  /** Searches on the main thread from the drop until the file is gone again. */
  during: Searches;
}

/** Opens the 100× corpus's index in `dataDir` (built there when missing or stale): not timed. */
async function childWatchSetup(corpusDir: string, dataDir: string): Promise<{ ms: number }> {
  const t = performance.now();
  const { openCorpus } = await shipped<typeof import('../../src/store/search-store.js')>('src/store/search-store.ts');
  openCorpus(corpusDir, dataDir, silent).close?.();
  return { ms: performance.now() - t };
}

async function childWatch(corpusDir: string, dataDir: string, bookPath: string): Promise<WatchRun> {
  const [{ openCorpus }, { watchCorpus }, { realTimers }] = await Promise.all([
    shipped<typeof import('../../src/store/search-store.js')>('src/store/search-store.ts'),
    shipped<typeof import('../../src/store/corpus-watcher.js')>('src/store/corpus-watcher.ts'),
    shipped<DeadlineTimer>('src/db/deadline-timer.ts'),
  ]);
  // As openLiveLibrary watches corpus/ (its watcher itself, to know when it is idle).
  let served = openCorpus(corpusDir, dataDir, silent);
  const watching = watchCorpus({ corpusDir, dataDir, log: silent, timers: realTimers, opened: served, onChange: (next) => void (served = next) });
  await watching.idle();
  await new Promise((r) => setTimeout(r, 2000)); // the bot has been up a while: its index worker is loaded
  const id = basename(bookPath).replace(/\.[^.]+$/, '');
  const finds = () => {
    const r = served.search.search({ query: BOOK_QUERY, limit: 5 });
    return r.ok && r.results.some((x) => x.document.id.startsWith(id));
  };
  if (finds()) throw new Error(`“${BOOK_QUERY}” is found before the file is dropped in: pick other words`);
  let k = 0;
  const search = () => void served.search.search({ query: SCALE_QUERIES[k++ % SCALE_QUERIES.length], limit: 5 });
  await searchLoop(search, (n) => n >= SCALE_QUERIES.length * 10); // warm
  // A search every millisecond or so, as requests come (not back to back: the worker has a core of its own, as
  // in a bot not searching all the time); every other one looks for the file's words.
  let seen = false;
  let i = 0;
  const probe = () => (i++ % 2 ? search() : (seen = finds()));
  const paced = (until: () => boolean) => searchLoop(probe, until, () => new Promise((r) => setTimeout(r, 1)));
  const dropped = join(corpusDir, basename(bookPath));
  const t = performance.now();
  copyFileSync(bookPath, dropped);
  const adding = await paced(() => seen);
  const searchableMs = performance.now() - t;
  const tr = performance.now();
  rmSync(dropped);
  const removing = await paced(() => !seen);
  const removedMs = performance.now() - tr;
  watching.stop();
  const own = [adding, removing];
  return {
    searchableMs,
    removedMs,
    during: {
      p50: Math.max(adding.p50, removing.p50),
      p99: Math.max(adding.p99, removing.p99),
      n: adding.n + removing.n,
      longestGapMs: Math.max(...own.map((s) => s.longestGapMs)),
    },
  };
}

/** Each run from a copy of the 100× corpus and its index (what the watcher changes). */
export function benchCorpusWatch(log: (s: string) => void, bookPath: string, runs: number): WatchRun[] {
  const x100 = generateCorpus(100);
  const work = resolve('tools/bench/.corpora/watch');
  const data = join(work, 'data');
  // The scale section's index of the same corpus, when there is one (it is built here otherwise).
  const shippedIndex = resolve('tools/bench/.corpora/data-x100/shipped/search-fts.sqlite');
  mkdirSync(data, { recursive: true });
  if (!existsSync(join(data, 'search-fts.sqlite')) && existsSync(shippedIndex)) copyFileSync(shippedIndex, join(data, 'search-fts.sqlite'));
  log('library: corpus/ watched: opening the 100× index…');
  child(['watch-setup', x100.dir, data]);
  const out: WatchRun[] = [];
  for (let r = 0; r < runs; r++) {
    log(`library: corpus/ watched, run ${r + 1}…`);
    const run = join(work, 'run');
    rmSync(run, { recursive: true, force: true });
    cpSync(x100.dir, join(run, 'corpus'), { recursive: true, preserveTimestamps: true });
    cpSync(data, join(run, 'data'), { recursive: true });
    out.push(child<WatchRun>(['watch', join(run, 'corpus'), join(run, 'data'), bookPath]));
    rmSync(run, { recursive: true, force: true });
  }
  return out;
}

/** Its rows: each figure the best run's. */
export function corpusWatchRows(runs: WatchRun[], bookBytes: number): Array<[string, string, string, boolean | null]> {
  if (!runs.length) return [];
  const best = (of: (r: WatchRun) => number) => Math.min(...runs.map(of));
  const searchable = best((r) => r.searchableMs);
  const removed = best((r) => r.removedMs);
  return [
    [`a ${(bookBytes / 1000).toFixed(0)} KB file dropped into corpus/ at 100×: searchable`, `${searchable.toFixed(0)} ms`, '< 2000 ms', searchable < 2000],
    ['  removed from corpus/: gone', `${removed.toFixed(0)} ms`, '< 1000 ms', removed < 1000],
    [
      '  /quote on the main thread meanwhile (the update off it): p99, longest without an answer',
      `${best((r) => r.during.p99).toFixed(3)} ms, ${best((r) => r.during.longestGapMs).toFixed(1)} ms (${runs[0].during.n} searches)`,
      '',
      null,
    ],
  ];
}

// ---------------------------------------------------------------- the section

export interface LibraryResult {
  corpusBytes: number;
  book: { name: string; bytes: number };
  setup: { texts: number; ms: number };
  runs: LibraryRun[];
  /** corpus/ watched: a file dropped in and removed. */
  watch: WatchRun[];
}

export function benchLibrary(opts: { log?: (s: string) => void; runs?: number } = {}): LibraryResult {
  const log = opts.log ?? ((s: string) => console.error(s));
  const real = realDevTexts();
  if (!real || !existsSync(join(real, BOOK))) throw new Error(`the book ${BOOK} is not in ../shared/eval/real-dev/texts (or REAL_DEV/texts)`);
  const bookPath = join(real, BOOK);
  const x100 = generateCorpus(100);
  const work = resolve('tools/bench/.corpora/library');
  mkdirSync(work, { recursive: true });
  // The shared corpus's index as the scale section leaves it (built here if it is missing or stale).
  const dataDir = resolve('tools/bench/.corpora/data-x100/shipped');
  const seeded = join(work, 'seeded.sqlite');
  log(`library: storing ${SERVERS} servers × ${TEXTS_PER_SERVER} texts…`);
  const setup = child<{ texts: number; ms: number }>(['setup', x100.dir, dataDir, seeded]);
  const runs: LibraryRun[] = [];
  for (let i = 0; i < (opts.runs ?? 3); i++) {
    log(`library: run ${i + 1}…`);
    runs.push(child<LibraryRun>(['run', x100.dir, dataDir, seeded, join(work, 'run.sqlite'), bookPath]));
  }
  rmSync(work, { recursive: true, force: true });
  const watch = benchCorpusWatch(log, bookPath, opts.runs ?? 3);
  return { corpusBytes: x100.bytes, book: { name: BOOK, bytes: statSync(bookPath).size }, setup, runs, watch };
}

/** The rows of `npm run bench`'s table: [metric, value, goal, met]. Each figure is the best run's. */
export function libraryRows(r: LibraryResult): Array<[string, string, string, boolean | null]> {
  const f = (n: number, d = 0) => n.toFixed(d);
  const best = <K extends keyof LibraryRun>(k: K, of: (x: LibraryRun[K]) => number = (x) => x as number) => Math.min(...r.runs.map((x) => of(x[k])));
  const p99 = (s: Searches) => s.p99;
  const before = best('before', p99);
  const during = best('during', p99);
  const after = best('after', p99);
  const within = (x: number) => x <= before * 1.1;
  const kb = f(r.book.bytes / 1000);
  return [
    [`start-up at 100× with ${SERVERS} servers × ${TEXTS_PER_SERVER} added texts (${r.setup.texts}): database, corpus, libraries`, `${f(best('startupMs'))} ms`, '< 1000 ms', best('startupMs') < 1000],
    ['  then every server’s texts indexed (warm, after ready): all, slowest turn', `${f(best('warmMs'))} ms, ${f(best('warmLongestTurnMs'))} ms${r.runs.some((x) => x.reparsed) ? ` (${Math.max(...r.runs.map((x) => x.reparsed))} texts parsed again: the parser changed since setup)` : ''}`, '', null],
    [`a ${kb} KB book added (${r.book.name}, ${r.runs[0]?.bookUnits ?? 0} quotations): indexed and searchable`, `${f(best('searchableMs'))} ms (add ${f(best('addMs'))} ms)`, '< 2000 ms', best('searchableMs') < 2000],
    ['/quote p99 on a server with no texts of its own (the shared search alone)', `${f(best('sharedOnly', p99), 3)} ms (p50 ${f(best('sharedOnly', (s) => s.p50), 3)})`, '', null],
    [`/quote p99 on that server before the add (${r.runs[0]?.before.n ?? 0} searches)`, `${f(before, 3)} ms (p50 ${f(best('before', (s) => s.p50), 3)})`, '', null],
    ['/quote p99 during the add (main thread, parsing in a worker)', `${f(during, 3)} ms; longest without an answer ${f(best('during', (s) => s.longestGapMs), 1)} ms`, `≤ before + 10% (${f(before * 1.1, 3)})`, within(during)],
    ['/quote p99 after the add', `${f(after, 3)} ms`, `≤ before + 10% (${f(before * 1.1, 3)})`, within(after)],
    ['the book removed: until no search finds it', `${f(best('removedMs'))} ms`, '< 1000 ms', best('removedMs') < 1000],
    ...corpusWatchRows(r.watch ?? [], r.book.bytes),
  ];
}

if (process.argv[2] === '--library-child') {
  const [mode, ...a] = process.argv.slice(3);
  let out: unknown;
  if (mode === 'setup') out = await childSetup(a[0], a[1], a[2]);
  else if (mode === 'run') out = await childRun(a[0], a[1], a[2], a[3], a[4]);
  else if (mode === 'watch-setup') out = await childWatchSetup(a[0], a[1]);
  else if (mode === 'watch') out = await childWatch(a[0], a[1], a[2]);
  else throw new Error(`unknown child mode ${mode}`);
  process.stdout.write(`\n${JSON.stringify(out)}\n`);
  process.exit(0);
} else if (import.meta.url === `file://${process.argv[1]}`) {
  execSync('npm run build --silent', { stdio: 'inherit' });
  const r = benchLibrary({ runs: Number(process.env.RUNS ?? 2) });
  console.error(JSON.stringify(r.runs));
  for (const [metric, value, goal, met] of libraryRows(r)) console.log(`${metric}: ${value}${goal ? ` (goal ${goal}: ${met ? 'met' : 'NOT met'})` : ''}`);
}
