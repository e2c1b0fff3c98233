/**
 * Start-up and /quote latency of openCorpus on a corpus (the FTS5 path above FTS_THRESHOLD units): run once to
 * build data, then again to load it. Prints the engine, start-up, heap after load (corpus kept) and p50/p99.
 *
 *   node --expose-gc --import tsx bench/fts-startup.ts bench/.corpora/x100 /tmp/rx100
 */
import pino from 'pino';
import { openCorpus } from '../src/search-store.js';
import { SCALE_QUERIES } from './scale.js';
const [corpusDir, dataDir] = process.argv.slice(2);
const t = performance.now();
const { corpus, search } = openCorpus(corpusDir, dataDir, pino({ level: process.env.LL ?? 'silent' }));
const loadMs = performance.now() - t;
(globalThis as { gc?: () => void }).gc?.();
const heap = process.memoryUsage().heapUsed / 1e6;
for (const q of SCALE_QUERIES) search.search({ query: q, limit: 5 });
const times: number[] = [];
for (let i = 0; i < 30; i++) for (const q of SCALE_QUERIES) { const a = performance.now(); search.search({ query: q, limit: 5 }); times.push(performance.now() - a); }
times.sort((a, b) => a - b);
console.log(JSON.stringify({ engine: search.toJSON(), units: search.size, docs: corpus.documents.length, loadMs: Math.round(loadMs), heapMB: Math.round(heap), p50: times[Math.floor(times.length * 0.5)].toFixed(3), p99: times[Math.floor(times.length * 0.99)].toFixed(3) }));
