/**
 * npm run bench [-- --quick] [-- --only "timers,audience votes"]: every benchmark section that exists, one after
 * the other, each in its own try/catch (a failing section is reported and the rest still run); one table
 * (section, metric, value, goal, met?) on standard output and bench/results.json. --quick skips the 1,000×
 * corpus; --only runs the sections named and leaves results.json as it was. Not part of npm test.
 */
import { execSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import os from 'node:os';

interface Row {
  section: string;
  metric: string;
  value: string;
  goal: string;
  met: 'yes' | 'NO' | '—' | 'ERROR';
}

const quick = process.argv.includes('--quick');
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt > 0 ? new Set((process.argv[onlyAt + 1] ?? '').split(',').map((n) => n.trim())) : null;
// `npm start` runs dist/ when it is current, as after `npm ci`; measure that, not the tsx fallback.
execSync('npm run build --silent', { stdio: 'inherit' });
const rows: Row[] = [];
const raw: Record<string, unknown> = {};
const f = (n: number, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : String(n));
const add = (section: string, metric: string, value: string, goal = '', met: boolean | null = null) =>
  rows.push({ section, metric, value, goal: goal || '—', met: met === null ? '—' : met ? 'yes' : 'NO' });
const log = (s: string) => console.error(s);

async function section(name: string, fn: () => Promise<void> | void): Promise<void> {
  if (only && !only.has(name)) return;
  const t = performance.now();
  log(`— ${name} …`);
  try {
    await fn();
    log(`— ${name}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  } catch (err) {
    const e = err as Error;
    log(`— ${name} FAILED: ${e.stack ?? e.message}`);
    rows.push({ section: name, metric: 'section failed', value: e.message.split('\n')[0].slice(0, 120), goal: '—', met: 'ERROR' });
    raw[name] = { error: e.message };
  }
}

await section('quality', async () => {
  const q = await import('./quality.js');
  const table = q.qualityTable();
  // /quote's FTS5 engine (what openCorpus uses from FTS_THRESHOLD units) on the same queries and scoring.
  const { cliServices } = await import('../../src/cli/services.js');
  const { createFtsQuoteSearch } = await import('../../src/store/fts/search.js');
  const setPath = resolve(process.env.EVAL_SET ?? '../shared/eval/dev-set.json');
  const queries = (JSON.parse(readFileSync(setPath, 'utf8')) as { queries: Parameters<typeof q.scoreRanker>[1] }).queries;
  const fts = createFtsQuoteSearch(cliServices().corpus, new Database(':memory:'));
  const ftsRow = { system: 'Rostrum /quote, FTS5 engine (large corpora)', ...q.scoreRanker((query) => { const r = fts.search({ query, limit: 5 }); return r.ok ? r.results : []; }, queries) };
  const all = [...table, ftsRow];
  raw.quality = all;
  const rostrum = table[0];
  const bm25 = table.find((r) => r.system.startsWith('FTS5 bm25'))!;
  for (const r of all) {
    // Both of /quote's engines are held to the goals: which one runs depends on the corpus's size.
    const own = r === rostrum || r === ftsRow;
    add('quality', `${r.system}: nDCG@5`, f(r.ndcg5, 3), own ? `≥ 0.85 and ≥ FTS5 bm25 + 0.25 (${f(bm25.ndcg5 + 0.25, 3)})` : '', own ? r.ndcg5 >= 0.85 && r.ndcg5 >= bm25.ndcg5 + 0.25 : null);
    add('quality', `${r.system}: success@1`, f(r.success1, 3));
    add('quality', `${r.system}: speaker P@5`, f(r.speakerPrecision5, 3), own ? '≥ 0.95' : '', own ? r.speakerPrecision5 >= 0.95 : null);
  }
});

await section('/quote speed', async () => {
  const q = await import('./quote.js');
  const s = q.benchQuote() as { p50: number; p99: number; n: number };
  add('/quote speed', `/quote p50 (seed corpus, ${s.n} searches)`, `${f(s.p50, 3)} ms`);
  add('/quote speed', '/quote p99 (seed corpus)', `${f(s.p99, 3)} ms`, '≤ 2 ms', s.p99 <= 2);
  // Sync or async, with or without a best run, as bench/quote.ts has it at the time.
  const c = (await Promise.resolve(q.benchConsoleReady() as unknown)) as { median: number; best?: number };
  add('/quote speed', 'console start-up, index built (median of runs)', `${f(c.median, 0)} ms${c.best !== undefined ? ` (best ${f(c.best, 0)} ms)` : ''}`, '< 1000 ms', c.median < 1000);
  raw.quote = { search: s, console: c };
});

await section('scale', async () => {
  const { benchScale, throughput } = await import('./scale.js');
  const scale = benchScale({ quick, log });
  raw.scale = scale;
  const p99Goal: Record<number, number> = { 1: 2, 100: 3, 1000: 10 };
  const startGoal: Record<number, number> = { 100: 1000, 1000: 3000 };
  for (const r of scale) {
    const a = r.alt;
    const s = r.shippedBuild;
    const S = `scale ${r.size}`;
    const sg = startGoal[r.copies];
    const pg = p99Goal[r.copies];
    add(S, 'corpus', `${f(r.corpusBytes / 1e6, 1)} MB, ${a.units} units, ${a.speakers} speakers`);
    add(S, `/quote (${s.engine}): build from nothing, throughput`, `${f(s.buildMs / 1000, 1)} s, ${f(throughput(r, s.buildMs), 2)} MB/s`);
    add(S, `/quote (${s.engine}): persisted index`, `${f(s.fileBytes / 1e6, 1)} MB`);
    add(S, `/quote (${s.engine}): start-up with it`, `${f(r.shipped.loadMs, 0)} ms${r.shipped.rebuilt ? ' (REBUILT, not loaded)' : ''}`, sg ? `≤ ${sg} ms` : '', sg ? r.shipped.loadMs <= sg && !r.shipped.rebuilt : null);
    add(S, `/quote (${s.engine}): heap after start-up`, `${f(r.shipped.heapMB, 0)} MB`, r.copies === 100 ? '≤ 200 MB' : '', r.copies === 100 ? r.shipped.heapMB <= 200 : null);
    add(S, `/quote (${s.engine}): p50 / p99`, `${f(r.shipped.p50, 3)} / ${f(r.shipped.p99, 3)} ms`, `p99 ≤ ${pg} ms`, r.shipped.p99 <= pg);
    add(S, 'FTS5 bm25 paragraphs: insert, file, p50 / p99', `${f(a.parasInsertMs / 1000, 2)} s, ${f(a.parasBytes / 1e6, 1)} MB, ${f(r.paragraphs.p50, 3)} / ${f(r.paragraphs.p99, 3)} ms`);
    add(S, 'ratio p99 /quote ÷ FTS5 bm25 paragraphs', `${f(r.shipped.p99 / r.paragraphs.p99, 1)}×`);
    add(S, 'argument checker: first use, heap', `${f(r.check.firstMs / 1000, 2)} s, ${f(r.check.heapMB, 0)} MB`);
    for (const [kind, k] of Object.entries(r.check.kinds)) {
      const verdicts = Object.entries(k.verdicts).map(([v, n]) => `${v} ${n}`).join(', ');
      add(S, `argument check p50 / p99: corpus quotations, ${kind} (${k.n})`, `${f(k.p50, 2)} / ${f(k.p99, 2)} ms; ${verdicts}`);
    }
    add(S, 'MiniSearch alone: parse + index, throughput', `${f((a.parseMs + a.indexMs) / 1000, 1)} s (parse ${f(a.parseMs / 1000, 1)} s), ${f(throughput(r, a.parseMs + a.indexMs), 2)} MB/s`);
    add(S, 'MiniSearch alone: persisted index', a.persisted ? `${f(a.indexBytes / 1e6, 1)} MB` : `one JSON cannot hold it (${f(a.indexBytes / 1e6, 0)} MB as two files)`);
    add(S, 'MiniSearch alone: start-up, heap', `${f(r.minisearch.loadMs, 0)} ms, ${f(r.minisearch.heapMB, 0)} MB`);
    add(S, 'MiniSearch alone: p50 / p99', `${f(r.minisearch.p50, 3)} / ${f(r.minisearch.p99, 3)} ms`);
  }
});

await section('ingestion', async () => {
  const { benchIngest, ingestRows } = await import('./ingest.js');
  const r = benchIngest({ log });
  raw.ingestion = r;
  for (const [metric, value, goal, met] of ingestRows(r)) add('ingestion', metric, value, goal, met);
});

await section('library', async () => {
  const { benchLibrary, libraryRows } = await import('./library.js');
  const r = benchLibrary({ log });
  raw.library = r;
  for (const [metric, value, goal, met] of libraryRows(r)) add('library', metric, value, goal, met);
});

await section('argument checks', async () => {
  const { benchCheck } = await import('./check.js');
  const c = benchCheck() as { buildMs: number; result: Record<string, { p50: number; p99: number; n: number; bestP99?: number }> };
  raw.check = c;
  for (const [size, r] of Object.entries(c.result)) {
    const p99 = r.bestP99 ?? r.p99;
    add('argument checks', `${size}-character argument p50 / p99${r.bestP99 !== undefined ? ' (best trial p99)' : ''}`, `${f(r.p50, 3)} / ${f(p99, 3)} ms`, 'p99 ≤ 5 ms', p99 <= 5);
  }
});

await section('timers', async () => {
  const { benchDebates } = await import('./debates.js');
  const d = await benchDebates(1000, 20);
  raw.timers = d;
  add('timers', `${d.debates} debates, ${d.events} turn events: lateness p50 / p99 / max`, `${d.p50} / ${d.p99} / ${d.max} ms`, 'p99 ≤ 250 ms', d.p99 <= 250);
  add('timers', `kill -9 and restart: ${d.overdue} overdue debates all announced after ready`, `${f(d.restartMs, 0)} ms`, '≤ 2000 ms', d.restartMs <= 2000);
  const lost = (d as { argumentsLost?: number }).argumentsLost;
  if (lost !== undefined) add('timers', 'arguments lost in the kill', String(lost), '0', lost === 0);
  const { benchDecidedDebates } = await import('./debates.js');
  const v = await benchDecidedDebates(1000);
  raw.decidedTimers = v;
  const all = v.decided === v.debates && v.byJudges === v.debates && v.overdue === v.debates && v.ballots === v.debates;
  add('timers', `${v.debates} decided debates (audience votes, 2 judges, ballot deadlines), ${v.events} turn events: lateness p50 / p99 / max`, `${v.p50} / ${v.p99} / ${v.max} ms`, 'p99 ≤ 250 ms', v.p99 <= 250);
  add('timers', `the same: ${v.deadlines} vote and ballot deadlines, lateness p99 / max`, `${v.deadlineP99} / ${v.deadlineMax} ms`);
  add('timers', 'the same: votes stored (refused, closed), ballots, debates decided by the judges with one overdue', `${v.votes} (${v.votesRefused}), ${v.ballots}, ${v.byJudges} of ${v.debates}`, 'every debate', all);
});

await section('discord round trip', async () => {
  const { benchDiscordRoundtrip } = await import('./discord-roundtrip.js');
  const r = await benchDiscordRoundtrip(300, false);
  raw.discord = r;
  add('discord round trip', `/quote one at a time p50 / p99 (${r.serial.n})`, `${f(r.serial.p50)} / ${f(r.serial.p99)} ms`, 'p99 ≤ 20 ms', r.serial.p99 <= 20);
  add('discord round trip', `/quote 100 in flight p50 / p99 (${r.concurrent.n})`, `${f(r.concurrent.p50)} / ${f(r.concurrent.p99)} ms`);
  const actions = r as Partial<Record<'debateStatus' | 'argue', { serial: { p50: number; p99: number; n: number }; concurrent: { p50: number; p99: number; n: number } }>>;
  for (const [name, a] of [['/debate status', actions.debateStatus], ['/argue', actions.argue]] as const) {
    if (!a) continue;
    add('discord round trip', `${name} one at a time p50 / p99 (${a.serial.n})`, `${f(a.serial.p50)} / ${f(a.serial.p99)} ms`, 'p99 ≤ 20 ms', a.serial.p99 <= 20);
    add('discord round trip', `${name} 100 in flight p50 / p99 (${a.concurrent.n})`, `${f(a.concurrent.p50)} / ${f(a.concurrent.p99)} ms`);
  }
  add('discord round trip', `speaker autocomplete p50 / p99 (${r.autocomplete.n})`, `${f(r.autocomplete.p50)} / ${f(r.autocomplete.p99)} ms`);
  add('discord round trip', 'spawn → ready (built index)', `${f(r.readyMs, 0)} ms`);
});

await section('audience votes', async () => {
  const { benchVotes } = await import('./votes.js');
  const r = await benchVotes(1000);
  raw.votes = r;
  const f1 = (n: number) => f(n, 1);
  add('audience votes', `${r.votes} votes on one debate, all in flight at once: p50 / p99 / max`, `${f1(r.first.p50)} / ${f1(r.first.p99)} / ${f1(r.first.max)} ms`, 'p99 < 50 ms', r.first.p99 < 50);
  add('audience votes', `${r.votes} changed votes, all in flight at once: p50 / p99 / max`, `${f1(r.changed.p50)} / ${f1(r.changed.p99)} / ${f1(r.changed.max)} ms`, 'p99 < 50 ms', r.changed.p99 < 50);
  add('audience votes', `${r.votes} votes again, one every ${r.paceMs} ms: p50 / p99 / max`, `${f1(r.paced.p50)} / ${f1(r.paced.p99)} / ${f1(r.paced.max)} ms`);
  const { httpFloor } = await import('./http-floor.js');
  const floor = await httpFloor(r.votes);
  raw.votesFloor = floor;
  add('audience votes', `the floor: ${floor.n} bare HTTP POSTs at once from one process to a local server (each vote's callback, with no bot): p50 / p99`, `${f1(floor.p50)} / ${f1(floor.p99)} ms`);
  const confirmed = r.first.confirmed + r.changed.confirmed + r.paced.confirmed;
  add('audience votes', 'every vote confirmed to its voter, and counted once in the totals posted', `${confirmed} of ${3 * r.votes}; ${r.countedOnce ? 'counted once' : `NOT: ${r.posted}`}`, 'all, once', confirmed === 3 * r.votes && r.countedOnce);
});

await section('claims', async () => {
  const { benchClaims, claimsRows } = await import('./claims.js');
  const r = await benchClaims({ log });
  raw.claims = r;
  for (const [metric, value, goal, met] of claimsRows(r)) add('claims', metric, value, goal, met);
});

await section('hosts', async () => {
  const { benchHosts, hostsRows } = await import('./hosts.js');
  const r = await benchHosts({ quick, log });
  raw.hosts = r;
  for (const [metric, value, goal, met] of hostsRows(r)) add('hosts', metric, value, goal, met);
});

const widths = (['section', 'metric', 'value', 'goal', 'met'] as const).map((k) => Math.max(k.length, ...rows.map((r) => r[k].length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(line(['section', 'metric', 'value', 'goal', 'met?']));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line([r.section, r.metric, r.value, r.goal, r.met]));
const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${f(os.totalmem() / 2 ** 30, 0)} GiB, node ${process.version}`;
console.log(`\n${machine}; ${quick ? 'quick (no 1,000×); ' : ''}times in the scale section are the best of 3 child processes.`);
if (only) log('--only: tools/bench/results.json left as it was');
else {
  writeFileSync(resolve('tools/bench/results.json'), `${JSON.stringify({ date: new Date().toISOString(), machine, quick, rows, raw }, null, 2)}\n`);
  log('wrote bench/results.json');
}
