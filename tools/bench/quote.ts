/**
 * /quote speed on this corpus: search p50/p99 over a fixed query mix, and the console's time to ready with
 * the index already built (a child `npm start` fed one line).
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { cliServices } from '../../src/cli/services.js';

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
  // Warm up until the JIT has compiled the search path, as in a bot that has been answering for a while.
  for (let i = 0; i < 50; i++) for (const q of QUERIES) search.search({ query: q, limit: 5 });
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < rounds; i++) {
    for (const q of QUERIES) {
      const c = process.cpuUsage();
      const t = performance.now();
      search.search({ query: q, limit: 5 });
      times.push(performance.now() - t);
      const d = process.cpuUsage(c);
      cpu.push((d.user + d.system) / 1000);
    }
  }
  return { p50: percentile(times, 50), p99: percentile(times, 99), cpuP99: percentile(cpu, 99), n: times.length };
}

/** Time from spawning `npm start` (console) to its ready banner, the index already built; median of runs. */
export async function benchConsoleReady(runs = 5): Promise<{ median: number; best: number }> {
  const env = { ...process.env, DISCORD_TOKEN: '' };
  const once = () =>
    new Promise<number>((resolveReady, reject) => {
      const t = performance.now();
      const child = spawn('npm', ['start', '--silent'], { env, stdio: ['pipe', 'pipe', 'ignore'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('Rostrum console')) {
          resolveReady(performance.now() - t);
          child.stdin.end();
        }
      });
      child.on('error', reject);
      child.on('exit', () => reject(new Error('console exited before its banner')));
    });
  await once().catch(() => 0); // builds the index once if it is missing
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await once());
  return { median: percentile(times, 50), best: Math.min(...times) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const q = benchQuote();
  const c = await benchConsoleReady();
  console.log(`/quote on the seed corpus: p50 ${q.p50.toFixed(3)} ms  p99 ${q.p99.toFixed(3)} ms (CPU-time p99 ${q.cpuP99.toFixed(3)} ms; ${q.n} searches; goal p99 < 2 ms)`);
  console.log(`console: npm start to ready banner: ${c.median.toFixed(0)} ms median, ${c.best.toFixed(0)} ms best (goal < 1000 ms)`);
}
