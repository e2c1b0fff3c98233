/**
 * /quote speed on this corpus: search p50/p99 over a fixed query mix, and the console's time to ready with
 * the index already built (a child `npm start` fed one line).
 */
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { cliServices } from '../src/cli/services.js';

const QUERIES = [
  'serge bureaucracy', 'trotsky party dictatorship', 'kronstadt', 'malatesta dictatorship', 'kolakowsky comintern',
  'collectivisation peasants', 'workers democracy', 'left opposition', 'stalin purge', 'radek kronstadt',
  'bureaucratic', 'spain cnt', 'nep', 'one-man management', 'verkhneuralsk notebooks', 'baltic states',
];

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

export function benchQuote(rounds = 200) {
  const { search } = cliServices();
  for (const q of QUERIES) search.search({ query: q, limit: 5 }); // warm up
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    for (const q of QUERIES) {
      const t = performance.now();
      search.search({ query: q, limit: 5 });
      times.push(performance.now() - t);
    }
  }
  return { p50: percentile(times, 50), p99: percentile(times, 99), n: times.length };
}

/** Wall time of `npm start` (console) answering one line and exiting, minus nothing: an upper bound on ready. */
export function benchConsoleReady(runs = 3) {
  const env = { ...process.env, DISCORD_TOKEN: '' };
  execFileSync('npm', ['start', '--silent'], { input: '/quote serge\n', env, stdio: ['pipe', 'ignore', 'ignore'] }); // builds the index once
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    execFileSync('npm', ['start', '--silent'], { input: '/quote serge bureaucracy\n', env, stdio: ['pipe', 'ignore', 'ignore'] });
    times.push(performance.now() - t);
  }
  return { median: percentile(times, 50) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const q = benchQuote();
  const c = benchConsoleReady();
  console.log(`/quote on the seed corpus: p50 ${q.p50.toFixed(3)} ms  p99 ${q.p99.toFixed(3)} ms (${q.n} searches; goal p99 < 2 ms)`);
  console.log(`console: start, answer one /quote, exit: ${c.median.toFixed(0)} ms median (goal ready < 1000 ms)`);
}
