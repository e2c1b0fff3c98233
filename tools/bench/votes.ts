/**
 * The audience's vote under load, through the local Discord stand-in against the real bot (`npm start`): an
 * Oxford debate's motion card, then `votes` members (1,000 by default) press its vote buttons all at once (every
 * button press in flight together), then all of them change their vote, again at once, then all press it once
 * more at a steady pace (one every 2 ms) for what a surge spread over two seconds meets. Round trip: the gateway
 * dispatch of the press → the bot's interaction callback over REST. Every vote must be counted once: each
 * voter's callback confirms their choice, and when the host begins, the totals the bot posts are the second
 * wave's choices, no more and no fewer. Not a test: prints a table (or returns the figures for run.ts).
 *
 *   npx tsx tools/bench/votes.ts [--votes 1000]
 */
import { FakeDiscord, type FakeUser, type RestCall, type SentInteraction } from '../../tests/discord/fake-discord.js';
import { spawnBot } from '../../tests/discord/bot-process.js';

const HOST: FakeUser = { id: '900000000000000002', username: 'ada', permissions: '0' };
const RIVAL: FakeUser = { id: '900000000000000004', username: 'bob', permissions: '0' };
/** Voters' ids: snowflake-shaped, none a debater's. */
const voter = (i: number): FakeUser => ({ id: String(910_000_000_000_000_000n + BigInt(i)), username: `voter${i}`, permissions: '0' });

/** The paced wave: one press every 2 ms, 500 a second (a steady surge rather than one instant). */
const PACE_MS = 2;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

export interface Wave {
  n: number;
  p50: number;
  p99: number;
  max: number;
  /** First press sent → last callback in (ms). */
  spanMs: number;
  /** Callbacks confirming the voter's choice (the rest were refused or missing). */
  confirmed: number;
}

export interface VotesBench {
  votes: number;
  /** Every voter's first vote, all in flight at once. */
  first: Wave;
  /** Every voter changes their vote, all in flight at once. */
  changed: Wave;
  /** Every voter presses their choice again, one press every PACE_MS. */
  paced: Wave;
  paceMs: number;
  /** The totals the bot posted when the vote closed, and whether they are exactly the votes cast (each counted once). */
  posted: string;
  countedOnce: boolean;
  readyMs: number;
}

function wave(sentAt: number[], calls: RestCall[], confirmed: number): Wave {
  const times = calls.map((c, i) => c.at - sentAt[i]!);
  const s = [...times].sort((a, b) => a - b);
  return { n: s.length, p50: pct(s, 50), p99: pct(s, 99), max: s.at(-1)!, spanMs: Math.max(...calls.map((c) => c.at)) - Math.min(...sentAt), confirmed };
}

/** `botArgs`: npm's arguments instead of `start` (to profile the bot: exec -- node --cpu-prof scripts/start.mjs). */
export async function benchVotes(votes = 1000, botArgs?: string[]): Promise<VotesBench> {
  const fake = await new FakeDiscord().start();
  const t0 = performance.now();
  // The project's data/ holds the built index, as after a first `npm start`.
  const bot = spawnBot(fake, { env: { DATA_DIR: 'data' }, args: botArgs });
  try {
    await bot.ready;
    const readyMs = performance.now() - t0;
    const general = fake.guilds[0]!.channels[0]!.id;
    const from = fake.calls.length;
    await fake.subcommand('debate', 'start', { motion: 'The NEP should have continued', format: 'oxford', turn_seconds: 3600 }, { user: HOST }).callback();
    const created = await fake.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${general}/threads`, 5000, from);
    const thread = [...fake.threads.values()].find((t) => t.name === created.body.name)!.id as string;
    const cardCall = await fake.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${thread}/messages` && c.body?.embeds?.[0]?.title === 'Motion', 5000, from);
    const card = fake.message({ embeds: cardCall.body.embeds, components: cardCall.body.components }, thread);
    const [joinFor, joinAgainst] = cardCall.body.components[0].components;
    await fake.button(joinFor.custom_id, card, { user: HOST, channelId: thread }).callback();
    await fake.button(joinAgainst.custom_id, card, { user: RIVAL, channelId: thread }).callback();
    // For, Against, Undecided, by their labels.
    const buttons = (cardCall.body.components[1].components as { custom_id: string; label: string }[]).map((b) => ({ id: b.custom_id, name: b.label.replace(/^Vote /, '') }));

    // No warm-up: the first wave is what a debate's first surge of voters meets.
    const press = (i: number, choice: number) => fake.button(buttons[choice]!.id, card, { user: voter(i), channelId: thread });
    const run = async (choiceOf: (i: number) => number, paceMs = 0): Promise<Wave> => {
      const sent: SentInteraction[] = [];
      const t = performance.now();
      for (let i = 0; i < votes; i++) {
        if (paceMs > 0) await sleep(t + i * paceMs - performance.now());
        sent.push(press(i, choiceOf(i)));
      }
      const calls = await Promise.all(sent.map((s) => s.callback(120_000)));
      const said = (i: number) => calls[i]!.body?.data?.content ?? '';
      const confirmed = calls.filter((_, i) => new RegExp(`^Your vote before the debate(:| is now| stays) \\*\\*${buttons[choiceOf(i)]!.name === 'Undecided' ? 'undecided' : buttons[choiceOf(i)]!.name}\\*\\*`).test(said(i))).length;
      return wave(sent.map((s) => s.sentAt), calls, confirmed);
    };
    const first = await run((i) => i % 3);
    // Everyone changes: For → Against → Undecided → For.
    const changed = await run((i) => (i + 1) % 3);
    // Everyone presses the same button again ("stays"), one press every `PACE_MS` rather than all at once.
    const paced = await run((i) => (i + 1) % 3, PACE_MS);

    const before = fake.calls.length;
    await fake.subcommand('debate', 'begin', {}, { user: HOST, channelId: thread }).callback();
    const closed = await fake.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${thread}/messages` && /vote before the debate is closed/.test(c.body?.content ?? ''), 10_000, before);
    const posted = closed.body.content as string;
    const expect = [0, 1, 2].map((c) => Array.from({ length: votes }, (_, i) => (i + 1) % 3).filter((x) => x === c).length);
    const counted = [...posted.matchAll(/\((\d+)\)/g)].map((m) => Number(m[1]));
    const countedOnce = counted.length === 3 && counted.every((n, i) => n === expect[i]) && posted.includes(`— ${votes} votes`);
    return { votes, first, changed, paced, paceMs: PACE_MS, posted, countedOnce, readyMs };
  } finally {
    await bot.stop();
    await fake.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf('--votes');
  const r = await benchVotes(at > 0 ? Number(process.argv[at + 1]) : 1000);
  const f = (n: number) => n.toFixed(1);
  console.log(`\n${r.votes} audience votes on one debate, all in flight at once, through the local Discord (ms)\n`);
  console.log('| wave | n | p50 | p99 | max | first sent → last answered | confirmed |');
  console.log('|---|---|---|---|---|---|---|');
  for (const [name, w] of [['first votes, all at once', r.first], ['every vote changed, all at once', r.changed], [`every vote again, one every ${r.paceMs} ms`, r.paced]] as const) {
    console.log(`| ${name} | ${w.n} | ${f(w.p50)} | ${f(w.p99)} | ${f(w.max)} | ${f(w.spanMs)} | ${w.confirmed} |`);
  }
  console.log(`\nposted when the vote closed: ${r.posted}\neach counted once: ${r.countedOnce ? 'yes' : 'NO'}; spawn → ready ${f(r.readyMs)} ms`);
}
