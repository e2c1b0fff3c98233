/**
 * Search quality side by side on the development queries: Rostrum's /quote, SQLite FTS5 bm25 over
 * paragraphs, and MiniSearch with default options (prefix, fuzzy 0.2) over paragraphs — same texts, same
 * scoring. Paragraphs are the texts split at blank lines, as the eval README's anchors were measured.
 */
import Database from 'better-sqlite3';
import MiniSearch from 'minisearch';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { cliServices } from '../../src/cli/services.js';
import { readCorpusFiles } from '../../src/store/corpus-files.js';
import { mean, scoreQuery, type QueryCase, type RankedResult } from '../eval/metrics.js';

type Ranker = (q: string) => RankedResult[];

export function paragraphs(corpusDir = resolve('corpus')): string[] {
  return readCorpusFiles(corpusDir).flatMap((f) => f.text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean));
}

export function fts5Ranker(paras: string[]): Ranker {
  const db = new Database(':memory:');
  db.exec('CREATE VIRTUAL TABLE p USING fts5(text)');
  const ins = db.prepare('INSERT INTO p(text) VALUES (?)');
  db.transaction(() => paras.forEach((t) => ins.run(t)))();
  const q = db.prepare('SELECT text FROM p WHERE p MATCH ? ORDER BY bm25(p) LIMIT 5');
  return (query) => {
    const terms = query.split(/[^\p{L}\p{N}]+/u).filter(Boolean).map((t) => `"${t}"`);
    if (!terms.length) return [];
    return (q.all(terms.join(' OR ')) as { text: string }[]).map((r) => ({ text: r.text, speaker: null }));
  };
}

export function miniSearchDefaultRanker(paras: string[]): Ranker {
  const ms = new MiniSearch<{ id: number; text: string }>({ fields: ['text'], storeFields: ['text'] });
  ms.addAll(paras.map((text, id) => ({ id, text })));
  return (query) =>
    ms.search(query, { prefix: true, fuzzy: 0.2 }).slice(0, 5).map((r) => ({ text: r.text as string, speaker: null }));
}

export function rostrumRanker(): Ranker {
  const { search } = cliServices();
  return (query) => {
    const r = search.search({ query, limit: 5 });
    return r.ok ? r.results : [];
  };
}

export function scoreRanker(rank: Ranker, queries: QueryCase[]) {
  const s = queries.map((c) => scoreQuery(c, rank(c.q)));
  const sp = s.map((x) => x.speakerPrecision5).filter((x): x is number => x !== null);
  return { ndcg5: mean(s.map((x) => x.ndcg5)), success1: mean(s.map((x) => x.success1)), speakerPrecision5: mean(sp) };
}

export function qualityTable(setPath = resolve(process.env.EVAL_SET ?? '../shared/eval/dev-set.json')) {
  const queries = (JSON.parse(readFileSync(setPath, 'utf8')) as { queries: QueryCase[] }).queries;
  const paras = paragraphs();
  return [
    { system: 'Rostrum /quote', ...scoreRanker(rostrumRanker(), queries) },
    { system: 'FTS5 bm25, paragraphs', ...scoreRanker(fts5Ranker(paras), queries) },
    { system: 'MiniSearch defaults, paragraphs', ...scoreRanker(miniSearchDefaultRanker(paras), queries) },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of qualityTable()) {
    console.log(`${row.system.padEnd(34)} nDCG@5 ${row.ndcg5.toFixed(3)}  success@1 ${row.success1.toFixed(3)}  speaker P@5 ${row.speakerPrecision5.toFixed(3)}`);
  }
}
