/**
 * Champion lists in the FTS5 /quote search (src/store/fts/): quality on the development set beside the
 * MiniSearch search and the full FTS5 query, and /quote p50/p99 with and without the lists at the sizes
 * bench/scale.ts has parsed (its bench/.corpora/data-x*: parsed.json, or at 1,000× minisearch/documents.json),
 * best of 3 child processes.
 *
 *   npx tsx bench/champions.ts [--sizes 1,100] [--reuse]   (--reuse: the index a previous run built, when the code's schema is the same)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { buildCorpus } from '../../src/core/corpus/corpus.js';
import type { ParsedDocument } from '../../src/core/types.js';
import { cliServices } from '../../src/cli/services.js';
import { mean, scoreQuery, type QueryCase } from '../eval/metrics.js';
import { buildFtsIndex } from '../../src/store/fts/build.js';
import { openFtsQuoteSearch } from '../../src/store/fts/search.js';
import { openServing } from '../../src/store/search-store.js';
import type { QuoteSearch } from '../../src/core/search/search.js';
import { SCALE_QUERIES } from './scale.js';

const HERE = fileURLToPath(import.meta.url);
const root = resolve('tools/bench/.corpora');

function quality(search: QuoteSearch, queries: QueryCase[]) {
  const s = queries.map((c) => {
    const r = search.search({ query: c.q, limit: 5 });
    return scoreQuery(c, r.ok ? r.results : []);
  });
  return { ndcg5: mean(s.map((x) => x.ndcg5)), success1: mean(s.map((x) => x.success1)) };
}

function docsOf(copies: number): ParsedDocument[] {
  const dir = join(root, `data-x${copies}`);
  const p = join(dir, 'parsed.json');
  if (existsSync(p)) return (JSON.parse(readFileSync(p, 'utf8')) as { documents: ParsedDocument[] }).documents;
  return JSON.parse(readFileSync(join(dir, 'minisearch', 'documents.json'), 'utf8')) as ParsedDocument[];
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

function childLatency(path: string, champions: boolean, rounds: number) {
  const t = performance.now();
  const db = openServing(path);
  const search = openFtsQuoteSearch(db, undefined, { champions })!;
  const loadMs = performance.now() - t;
  for (const q of SCALE_QUERIES) search.search({ query: q, limit: 5 });
  const times: number[] = [];
  const per = new Map<string, number>();
  for (let i = 0; i < rounds; i++) {
    for (const q of SCALE_QUERIES) {
      const t0 = performance.now();
      search.search({ query: q, limit: 5 });
      const d = performance.now() - t0;
      times.push(d);
      per.set(q, Math.max(per.get(q) ?? 0, d));
    }
  }
  const slowest = [...per].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([q, d]) => `${q} ${d.toFixed(1)}`).join(', ');
  return { loadMs, p50: pct(times, 50), p99: pct(times, 99), slowest };
}

function child(args: string[]) {
  const out = execFileSync(process.execPath, ['--import', 'tsx', HERE, '--champions-child', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').pop()!) as ReturnType<typeof childLatency>;
}

if (process.argv[2] === '--champions-child') {
  const [path, champions, rounds] = process.argv.slice(3);
  process.stdout.write(`\n${JSON.stringify(childLatency(path, champions === '1', Number(rounds)))}\n`);
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const queries = (JSON.parse(readFileSync(resolve(process.env.EVAL_SET ?? '../shared/eval/dev-set.json'), 'utf8')) as { queries: QueryCase[] }).queries;
  const { corpus, search } = cliServices();
  const db = new Database(':memory:');
  buildFtsIndex(corpus, db);
  const fmt = (q: { ndcg5: number; success1: number }) => `nDCG@5 ${q.ndcg5.toFixed(3)} success@1 ${q.success1.toFixed(3)}`;
  console.log(`quality, dev set: MiniSearch ${fmt(quality(search, queries))}`);
  console.log(`                  FTS5 full query ${fmt(quality(openFtsQuoteSearch(db, undefined, { champions: false })!, queries))}`);
  console.log(`                  FTS5 champion lists ${fmt(quality(openFtsQuoteSearch(db, undefined, { champions: true })!, queries))}`);
  const i = process.argv.indexOf('--sizes');
  const sizes = i > 0 ? process.argv[i + 1].split(',').map(Number) : [1, 100];
  for (const copies of sizes) {
    const path = join(root, `data-x${copies}`, 'fts-champions.sqlite');
    let buildS = NaN;
    if (!process.argv.includes('--reuse') || !existsSync(path)) {
      rmSync(path, { force: true });
      const docs = docsOf(copies);
      const t = performance.now();
      const fdb = new Database(path);
      buildFtsIndex(buildCorpus(docs, `x${copies}`), fdb);
      fdb.close();
      buildS = (performance.now() - t) / 1000;
    }
    const rounds = copies >= 1000 ? '10' : copies >= 100 ? '30' : '100';
    for (const champions of ['0', '1']) {
      const runs = [0, 1, 2].map(() => child([path, champions, rounds]));
      const best = (k: 'loadMs' | 'p50' | 'p99') => Math.min(...runs.map((r) => r[k]));
      console.log(
        `${copies}×: ${champions === '1' ? 'champion lists' : 'full query    '} build ${buildS.toFixed(1)} s; start-up ${best('loadMs').toFixed(0)} ms; p50 ${best('p50').toFixed(3)} ms p99 ${best('p99').toFixed(3)} ms (slowest: ${runs[0].slowest})`,
      );
    }
  }
}
