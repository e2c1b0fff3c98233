/**
 * /quote round trip through the local fake Discord: gateway INTERACTION_CREATE dispatch → the bot's
 * interaction callback arriving over REST, with the real bot started by `npm start`. Measures one at a
 * time and 100 in flight, and the time from spawn to ready. Not a test: prints a table.
 *
 *   npx tsx bench/discord-roundtrip.ts [--runs 300]
 */
import { FakeDiscord } from '../tests/discord/fake-discord.js';
import { spawnBot } from '../tests/discord/bot-process.js';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 300;
const QUERIES = ['serge bureaucracy', 'trotsky party', 'kolakowski', 'dictatorship of the proletariat', 'stalin', 'opposition democracy'];

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function row(name: string, xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(2).padStart(8);
  return `${name.padEnd(34)}${String(xs.length).padStart(6)}${f(pct(s, 50))}${f(pct(s, 90))}${f(pct(s, 99))}${f(s.at(-1)!)}`;
}

export interface RoundtripFigures {
  serial: { p50: number; p99: number; n: number };
  concurrent: { p50: number; p99: number; n: number };
  autocomplete: { p50: number; p99: number; n: number };
  readyMs: number;
}

const summary = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: pct(s, 50), p99: pct(s, 99), n: xs.length };
};

/** The whole measurement; prints the table as before and returns the figures (for bench/run.ts). */
export async function benchDiscordRoundtrip(runs = RUNS, print = true): Promise<RoundtripFigures> {
  const fake = await new FakeDiscord().start();
  const t0 = performance.now();
  // The project's data/ holds the built index, as after a first `npm start`: ready time "with a built index".
  const bot = spawnBot(fake, { env: { DATA_DIR: 'data' } });
  let readyMs = 0;
  try {
    await fake.waitForIdentify(1, 60_000);
    const identifyMs = performance.now() - t0;
    await bot.ready;
    readyMs = performance.now() - t0;
    const ready = await bot.ready;

    const quote = (i: number) =>
      fake.slash('quote', [{ name: 'query', type: 3, value: QUERIES[i % QUERIES.length]! }]);

    // Warm-up: JIT, first search, REST connection pool.
    for (let i = 0; i < 30; i++) await quote(i).callback();

    const serial: number[] = [];
    for (let i = 0; i < runs; i++) {
      const sent = quote(i);
      const cb = await sent.callback();
      serial.push(cb.at - sent.sentAt);
    }

    const concurrent: number[] = [];
    for (let round = 0; round < 3; round++) {
      const sent = Array.from({ length: 100 }, (_, i) => quote(i));
      const cbs = await Promise.all(sent.map((s) => s.callback(30_000)));
      cbs.forEach((cb, i) => concurrent.push(cb.at - sent[i]!.sentAt));
    }

    const autocomplete: number[] = [];
    for (let i = 0; i < 100; i++) {
      const sent = fake.autocomplete('quote', { query: '', speaker: ['ser', 'tro', 'le', 'k'][i % 4]! }, 'speaker');
      autocomplete.push((await sent.callback()).at - sent.sentAt);
    }

    if (print) {
      console.log(`\n/quote through the fake Discord (ms; node ${process.version})\n`);
      console.log(`${'measure'.padEnd(34)}${'n'.padStart(6)}${'p50'.padStart(8)}${'p90'.padStart(8)}${'p99'.padStart(8)}${'max'.padStart(8)}`);
      console.log(row('/quote, 1 at a time', serial));
      console.log(row('/quote, 100 in flight', concurrent));
      console.log(row('speaker autocomplete, 1 at a time', autocomplete));
      console.log(`\nspawn → IDENTIFY ${identifyMs.toFixed(0)} ms; spawn → ready ${readyMs.toFixed(0)} ms (process uptime at ready ${ready.uptimeMs} ms; ${ready.quotations} quotations indexed)`);
    }
    return { serial: summary(serial), concurrent: summary(concurrent), autocomplete: summary(autocomplete), readyMs };
  } finally {
    bot.signal('SIGTERM');
    await Promise.race([bot.exited, new Promise((r) => setTimeout(r, 8000))]);
    bot.kill();
    await fake.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchDiscordRoundtrip();
}
