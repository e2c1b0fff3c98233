/**
 * /quote and debate-action round trips through the local fake Discord: gateway INTERACTION_CREATE dispatch
 * → the bot's interaction callback arriving over REST, with the real bot started by `npm start`. Measures
 * one at a time and 100 in flight, and the time from spawn to ready. The debate actions run in a debate's
 * thread with its first turn under way: `/debate status` (anyone; reads the debate) and `/argue` by the
 * speaker (writes an argument in an IMMEDIATE transaction and checks it). Not a test: prints a table.
 *
 *   npx tsx bench/discord-roundtrip.ts [--runs 300]
 */
import { FakeDiscord, type FakeUser } from '../../tests/discord/fake-discord.js';
import { spawnBot } from '../../tests/discord/bot-process.js';

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
  /** /debate status in a running debate's thread. */
  debateStatus: { serial: { p50: number; p99: number; n: number }; concurrent: { p50: number; p99: number; n: number } };
  /** /argue by the speaker in a running debate's thread. */
  argue: { serial: { p50: number; p99: number; n: number }; concurrent: { p50: number; p99: number; n: number } };
  readyMs: number;
}

const HOST: FakeUser = { id: '900000000000000002', username: 'ada', permissions: '0' };
const RIVAL: FakeUser = { id: '900000000000000004', username: 'bob', permissions: '0' };
const ARGUMENTS = [
  'Serge saw the bureaucracy grow as the soviets emptied.',
  'As Trotsky wrote, "the bureaucracy has become an uncontrolled caste".',
  'The opposition asked for party democracy long before 1927.',
];

/** Opens a debate in a new thread of the first channel, two debaters joined, its first turn (ada's) begun. */
async function runningDebate(fake: FakeDiscord): Promise<string> {
  const general = fake.guilds[0]!.channels[0]!.id;
  const from = fake.calls.length;
  const start = await fake.subcommand('debate', 'start', { motion: 'A Trotskyist USSR would have been better than Stalin\'s USSR', sides: 'For, Against', turn_seconds: 3600 }, { user: HOST }).callback();
  const created = await fake.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${general}/threads`, 5000, from);
  const thread = [...fake.threads.values()].find((t) => t.name === created.body.name)?.id as string | undefined;
  if (!thread) throw new Error(`no debate thread: ${JSON.stringify(start.body)}`);
  for (const [user, side] of [[HOST, 'For'], [RIVAL, 'Against']] as const) {
    const joined = await fake.subcommand('debate', 'join', { side }, { user, channelId: thread }).callback();
    if (!/joined/.test(joined.body?.data?.content ?? '')) throw new Error(`join refused: ${JSON.stringify(joined.body)}`);
  }
  const begun = await fake.subcommand('debate', 'begin', {}, { user: HOST, channelId: thread }).callback();
  if (!/^Turn 1/.test(begun.body?.data?.content ?? '')) throw new Error(`begin refused: ${JSON.stringify(begun.body)}`);
  return thread;
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

    // Debate actions in a running debate's thread: warm up, then 1 at a time and 100 in flight.
    const thread = await runningDebate(fake);
    const status = () => fake.subcommand('debate', 'status', {}, { user: RIVAL, channelId: thread });
    const argue = (i: number) => fake.slash('argue', [{ name: 'text', type: 3, value: `${ARGUMENTS[i % ARGUMENTS.length]} (${i})` }], { user: HOST, channelId: thread });
    const statusCb = await status().callback();
    if (!statusCb.body?.data?.embeds?.length) throw new Error(`/debate status gave no status: ${JSON.stringify(statusCb.body)}`);
    const argueCb = await argue(0).callback();
    if (/not your turn|no debate|Only debaters/i.test(argueCb.body?.data?.content ?? '')) throw new Error(`/argue refused: ${argueCb.body.data.content}`);
    for (let i = 0; i < 20; i++) {
      await status().callback();
      await argue(i).callback();
    }
    const measure = async (send: (i: number) => ReturnType<typeof status>) => {
      const serial: number[] = [];
      for (let i = 0; i < runs; i++) {
        const sent = send(i);
        serial.push((await sent.callback()).at - sent.sentAt);
      }
      const concurrent: number[] = [];
      for (let round = 0; round < 3; round++) {
        const sent = Array.from({ length: 100 }, (_, i) => send(i));
        const cbs = await Promise.all(sent.map((x) => x.callback(30_000)));
        cbs.forEach((cb, i) => concurrent.push(cb.at - sent[i]!.sentAt));
      }
      return { serial, concurrent };
    };
    const debateStatus = await measure(() => status());
    const argued = await measure(argue);

    if (print) {
      console.log(`\n/quote and debate actions through the fake Discord (ms; node ${process.version})\n`);
      console.log(`${'measure'.padEnd(34)}${'n'.padStart(6)}${'p50'.padStart(8)}${'p90'.padStart(8)}${'p99'.padStart(8)}${'max'.padStart(8)}`);
      console.log(row('/quote, 1 at a time', serial));
      console.log(row('/quote, 100 in flight', concurrent));
      console.log(row('speaker autocomplete, 1 at a time', autocomplete));
      console.log(row('/debate status, 1 at a time', debateStatus.serial));
      console.log(row('/debate status, 100 in flight', debateStatus.concurrent));
      console.log(row('/argue (speaker), 1 at a time', argued.serial));
      console.log(row('/argue (speaker), 100 in flight', argued.concurrent));
      console.log(`\nspawn → IDENTIFY ${identifyMs.toFixed(0)} ms; spawn → ready ${readyMs.toFixed(0)} ms (process uptime at ready ${ready.uptimeMs} ms; ${ready.quotations} quotations indexed)`);
    }
    return {
      serial: summary(serial),
      concurrent: summary(concurrent),
      autocomplete: summary(autocomplete),
      debateStatus: { serial: summary(debateStatus.serial), concurrent: summary(debateStatus.concurrent) },
      argue: { serial: summary(argued.serial), concurrent: summary(argued.concurrent) },
      readyMs,
    };
  } finally {
    await bot.stop();
    await fake.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchDiscordRoundtrip();
}
