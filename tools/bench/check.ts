/**
 * Argument checking speed on this corpus: p50/p99 of checker.check over 200- and 2,000-character
 * arguments built from the corpus (verbatim, elided, altered and misattributed quotations, prose, links).
 * Goal: a 2,000-character argument checked in under 5 ms at p99.
 */
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';
import pino from 'pino';
import { loadCorpus } from '../../src/store/corpus-files.js';
import { createChecker } from '../../src/core/check/checker.js';
import type { Corpus } from '../../src/core/corpus/corpus.js';

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/** A small deterministic generator, so every run measures the same arguments. */
function rng(seed: number) {
  let x = seed >>> 0;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

const PROSE = [
  'The record of the early Soviet state is not in doubt on this point.',
  'Trotsky was a better military leader than any of Stalin’s generals, whatever his politics.',
  'Collectivisation would have happened anyway, and the famine with it.',
  'The Cheka executed about 250,000 people in 1918-20, according to a recent history of the KGB.',
  'See Avrich, Kronstadt 1921 (1970), pp. 211-2, on the use of chemical weapons.',
  'More on this at https://www.marxists.org/archive/trotsky/1920/terrcomm/ for anyone who doubts it.',
  'The opposition never broke with the one-party state, and that is the heart of the matter.',
];

/** Arguments of about `size` characters: quotations of the corpus mixed with prose. */
export function makeArguments(corpus: Corpus, size: number, count: number, seed = 7): string[] {
  const r = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const quotes = corpus.quotations.filter((q) => q.text.length > 40);
  const out: string[] = [];
  while (out.length < count) {
    let arg = '';
    while (arg.length < size) {
      const room = size - arg.length;
      if (r() < 0.45 && room > 60) {
        const q = pick(quotes);
        const words = q.text.split(/\s+/);
        const len = Math.min(words.length, Math.max(6, Math.floor((room / 7) * (0.3 + r() * 0.7))));
        const at = Math.floor(r() * Math.max(1, words.length - len));
        let piece = words.slice(at, at + len);
        const kind = r();
        if (kind < 0.2 && piece.length > 10) piece = [...piece.slice(0, 4), '…', ...piece.slice(7)];
        else if (kind < 0.4) piece[Math.floor(r() * piece.length)] = 'never';
        const name = kind > 0.8 ? 'Stalin' : (q.speaker ?? 'someone').split(' ').pop();
        arg += `${name} wrote "${piece.join(' ')}". `;
      } else {
        arg += `${pick(PROSE)} `;
      }
    }
    out.push(arg.slice(0, size));
  }
  return out;
}

export function benchCheck(rounds = 5, trials = 3) {
  const corpus = loadCorpus(resolve(process.env.CORPUS_DIR ?? 'corpus'), pino({ level: 'silent' }));
  const t0 = performance.now();
  const checker = createChecker(corpus);
  const buildMs = performance.now() - t0;
  const result: Record<string, { p50: number; p99: number; bestP99: number; cpuP99: number; n: number }> = {};
  for (const size of [200, 2000]) {
    const args = makeArguments(corpus, size, 200, size);
    // The longest passage of the corpus as one quotation: the worst case for alignment.
    if (size === 2000) {
      const longest = [...corpus.passages].sort((a, b) => b.text.length - a.text.length)[0];
      if (longest) args.push(`McKay wrote "${longest.text.slice(0, size - 20)}"`);
    }
    for (let w = 0; w < 3; w++) for (const a of args) checker.check(a); // warm up
    // Several trials: the raw figures over all of them, and the best trial's p99 (a busy machine's
    // scheduler pauses land in one trial, not in all).
    const all: number[] = [];
    const cpu: number[] = [];
    const p99s: number[] = [];
    for (let trial = 0; trial < trials; trial++) {
      const times: number[] = [];
      for (let i = 0; i < rounds; i++) {
        for (const a of args) {
          const c = process.cpuUsage();
          const t = performance.now();
          checker.check(a);
          times.push(performance.now() - t);
          const used = process.cpuUsage(c);
          cpu.push((used.user + used.system) / 1000);
        }
      }
      p99s.push(percentile(times, 99));
      all.push(...times);
    }
    result[size] = { p50: percentile(all, 50), p99: percentile(all, 99), bestP99: Math.min(...p99s), cpuP99: percentile(cpu, 99), n: all.length };
  }
  return { buildMs, result };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { buildMs, result } = benchCheck();
  console.log(`argument checker built in ${buildMs.toFixed(0)} ms`);
  for (const [size, r] of Object.entries(result)) {
    console.log(
      `check, ${size}-character arguments: p50 ${r.p50.toFixed(3)} ms  p99 ${r.p99.toFixed(3)} ms  best trial p99 ${r.bestP99.toFixed(3)} ms  CPU-time p99 ${r.cpuP99.toFixed(3)} ms (${r.n} checks; goal p99 < 5 ms)`,
    );
  }
}
