/**
 * `npm run eval`: scores /quote ranking, quotation attribution and argument verdicts on the development
 * set (../shared/eval/dev-set.json, or EVAL_SET), printing the figures the issues name; then the real-text
 * development figures of ../shared/eval/real-dev (or REAL_DEV), as its score.py computes them (tools/eval/real-dev.ts).
 */
import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { cliServices } from '../../src/cli/services.js';
import { mean, scoreAttribution, scoreQuery, type AttributionCase, type QueryCase } from './metrics.js';

const setPath = resolve(process.env.EVAL_SET ?? '../shared/eval/dev-set.json');
if (!existsSync(setPath)) {
  process.stderr.write(`No development set at ${setPath}; set EVAL_SET to its path.\n`);
  process.exit(2);
}
const set = JSON.parse(readFileSync(setPath, 'utf8')) as {
  queries: QueryCase[];
  attribution: AttributionCase[];
  checks: { a: string; v: string }[];
};
const verbose = process.argv.includes('--verbose');
const { corpus, search } = cliServices();

const queryScores = set.queries.map((c) => {
  const r = search.search({ query: c.q, limit: 5 });
  const results = r.ok ? r.results : [];
  const s = scoreQuery(c, results);
  if (verbose) {
    console.log(`\n[${s.ndcg5.toFixed(2)}] ${c.q}${c.speaker ? ` (speaker ${c.speaker})` : ''}`);
    for (const x of results) console.log(`   - ${x.speaker ?? '∅'} | ${x.text.slice(0, 110).replace(/\s+/g, ' ')}`);
  }
  return s;
});
const sp = queryScores.map((s) => s.speakerPrecision5).filter((x): x is number => x !== null);

const quotations = corpus.quotations;
const attr = set.attribution.map((c) => {
  const s = scoreAttribution(c, quotations);
  if (verbose && (!s.rightSpeaker || s.rightSource === false)) {
    console.log(`\nattribution miss: ${c.frag} (want ${c.speaker.join('/')}; ${c.source?.join('/') ?? 'no source'}) found=${s.found}`);
  }
  return s;
});
const withSource = attr.filter((a) => a.rightSource !== null);

const lines = [
  `quote ranking (${set.queries.length} queries): nDCG@5 ${mean(queryScores.map((s) => s.ndcg5)).toFixed(3)}  success@1 ${mean(queryScores.map((s) => s.success1)).toFixed(3)}  speaker precision@5 ${mean(sp).toFixed(3)}`,
  `attribution (${attr.length} quotations, ${quotations.length} extracted): found ${mean(attr.map((a) => (a.found ? 1 : 0))).toFixed(3)}  speaker recall ${mean(attr.map((a) => (a.rightSpeaker ? 1 : 0))).toFixed(3)}  source recall ${mean(withSource.map((a) => (a.rightSource ? 1 : 0))).toFixed(3)} (of ${withSource.length} with a source)`,
];

try {
  const { createChecker } = await import('../../src/core/check/checker.js');
  const { scoreChecks } = await import('./checks.js');
  const checker = createChecker(corpus);
  const s = scoreChecks(checker, set.checks);
  lines.push(`argument checks (${set.checks.length}): verdicts right ${s.accuracy.toFixed(3)}  misquotes/misattributions called verified ${s.falseVerified}`);
  // The same checks as a corpus above the FTS5 threshold is checked: passage by passage from its file.
  const { default: Database } = await import('better-sqlite3');
  const { checkerOver } = await import('../../src/core/check/checker.js');
  const { ftsCheckSource, writeCheckTables } = await import('../../src/store/fts/check-source.js');
  const { buildFtsIndex } = await import('../../src/store/fts/build.js');
  const file = new Database(':memory:');
  writeCheckTables(corpus, file);
  buildFtsIndex(corpus, file);
  const f = scoreChecks(checkerOver(ftsCheckSource(file)), set.checks);
  lines.push(`  the same, read from the FTS5 file (large corpora): verdicts right ${f.accuracy.toFixed(3)}  called verified ${f.falseVerified}`);
  // Genuine quotations the corpus does not hold, and near misses it does (tools/eval/outside.ts).
  const { formatOutside } = await import('./outside.js');
  lines.push(...formatOutside([{ label: 'in memory', checker }, { label: 'read from the FTS5 file', checker: checkerOver(ftsCheckSource(file)) }], undefined, verbose));
} catch (err) {
  lines.push(`argument checks: not available (${(err as Error).message.split('\n')[0]})`);
}

// The real-text development set (../shared/eval/real-dev, or REAL_DEV): score.py's figures, in-process.
{
  const { formatRealDev, formatRealDevMisses, realDevDir, realDevPresent, runRealDev } = await import('./real-dev.js');
  const where = realDevDir();
  if (!realDevPresent(where)) {
    lines.push(`real texts: no set at ${resolve(where)} (set REAL_DEV to its folder); skipped`);
  } else {
    try {
      const f = await runRealDev(where);
      if (verbose) console.log(formatRealDevMisses(f).join('\n'));
      lines.push(...formatRealDev(f, where));
    } catch (err) {
      lines.push(`real texts (${where}): could not be scored (${(err as Error).message.split('\n')[0]})`);
    }
  }
}
console.log(lines.join('\n'));
