/**
 * Issue 17, fault suite: thousands of seeded random interactions (tests/e2e/fault/interactions.ts) sent to the real
 * bot (`npm start`, one process) over the local Discord, a bounded number in flight. Then every payload the bot
 * sent is checked (tests/e2e/fault/payloads.ts): no lone surrogate, no masked link, no ping, no Discord limit broken,
 * no control character in a name; and the bot never crashed and answered every interaction.
 * FUZZ_INTERACTIONS sets the count (default 5,000), FAULT_SEED the seed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, type SentInteraction } from '../../discord/fake-discord.js';
import { spawnBot, type BotProcess } from '../../discord/bot-process.js';
import { inspectAll } from './payloads.js';
import { FAULT_SEED, HOSTILE_IDS, rng } from './random.js';
import { randomInteraction } from './interactions.js';

const COUNT = Number(process.env.FUZZ_INTERACTIONS ?? 5_000);
const IN_FLIGHT = 24;
/** Discord's deadline for the first answer to an interaction (answers later than this are counted as late). */
const DEADLINE_MS = 3_000;
/** How long an unanswered interaction is waited for before it counts as never answered. */
const GIVE_UP_MS = 10_000;

const fake = new FakeDiscord();
fake.guilds.push({ id: '900000000000000020', name: 'Other Server', channels: [{ id: '900000000000000021', name: 'lobby', type: 0 }, { id: '900000000000000022', name: 'voice', type: 2 }] });
let bot: BotProcess;

interface Outcome {
  kind: string;
  answeredMs: number | null;
  sent: SentInteraction;
}
const outcomes: Outcome[] = [];
let exitedEarly: number | null | undefined;
let wallMs = 0;

beforeAll(async () => {
  await fake.start();
  bot = spawnBot(fake, { env: { TURN_GRACE_SECONDS: '1' } });
  void bot.exited.then((code) => (exitedEarly ??= code));
  await bot.ready;
  const r = rng(FAULT_SEED);
  const t0 = performance.now();
  const slots = new Set<Promise<void>>();
  const all: Promise<void>[] = [];
  for (let n = 0; n < COUNT && exitedEarly === undefined; n++) {
    while (slots.size >= IN_FLIGHT) await Promise.race(slots);
    const { kind, sent } = randomInteraction(fake, r);
    const outcome: Outcome = { kind, answeredMs: null, sent };
    outcomes.push(outcome);
    const answered = sent.callback(GIVE_UP_MS).then(
      (c) => void (outcome.answeredMs = c.at - sent.sentAt),
      () => undefined,
    );
    all.push(answered);
    // A slot is free once answered (or given up on): a busy machine slows the fuzz down instead of flooding the bot.
    const slot: Promise<void> = answered.then(() => void slots.delete(slot));
    slots.add(slot);
  }
  await Promise.all(all);
  wallMs = performance.now() - t0;
}, 240_000);

afterAll(async () => {
  bot?.kill();
  await fake.stop();
});

const report = () => {
  const byKind: Record<string, { sent: number; unanswered: number; late: number }> = {};
  for (const o of outcomes) {
    const k = (byKind[o.kind] ??= { sent: 0, unanswered: 0, late: 0 });
    k.sent++;
    if (o.answeredMs === null) k.unanswered++;
    else if (o.answeredMs > DEADLINE_MS) k.late++;
  }
  return byKind;
};

describe(`fuzzed interactions (seed ${FAULT_SEED})`, () => {
  it('prints the figures', () => {
    const checked = inspectAll(fake.calls, new Set(HOSTILE_IDS));
    const logErrors = bot.stderr.filter((l) => /"level":(50|60)/.test(l));
    console.log(
      `fuzz: ${outcomes.length} interactions in ${(wallMs / 1000).toFixed(1)} s through one bot process (0 in-process); ` +
        `${checked.payloads} payloads checked (${fake.threads.size} threads made, ${fake.calls.filter((c) => c.method === 'POST' && /^\/channels\/\d+\/messages$/.test(c.path)).length} channel posts); by kind ${JSON.stringify(report())}; ` +
        `findings ${JSON.stringify(checked.counts)}; error log lines ${logErrors.length}; exited early: ${exitedEarly ?? 'no'}`,
    );
    for (const e of checked.examples) console.log(`  ${e.problem}: ${e.call} — ${e.detail}`);
    for (const l of logErrors.slice(0, 5)) console.log(`  log: ${l.slice(0, 300)}`);
    expect(outcomes.length).toBe(COUNT);
  });

  it('GIVEN thousands of hostile interactions THEN the bot never crashed', () => {
    expect(exitedEarly).toBeUndefined();
    expect(bot.stderr.filter((l) => /unhandled rejection|uncaught/i.test(l))).toEqual([]);
  });

  it('GIVEN slash commands, buttons, selects, modals and context menus THEN every one is answered', () => {
    const lost = outcomes.filter((o) => o.kind !== 'autocomplete' && o.answeredMs === null);
    expect(lost.map((o) => `${o.kind} ${o.sent.id}`)).toEqual([]);
  });

  it('GIVEN autocompletes, with and without a focused option THEN every one is answered', () => {
    const lost = outcomes.filter((o) => o.kind === 'autocomplete' && o.answeredMs === null);
    expect(lost.map((o) => `${o.kind} ${o.sent.id}`)).toEqual([]);
  });

  it('GIVEN lone surrogates and emoji cut anywhere THEN no payload carries a lone surrogate', () => {
    expect(inspectAll(fake.calls).counts['lone-surrogate']).toBe(0);
  });

  it('GIVEN [text](url) in every field THEN no payload carries a masked link', () => {
    expect(inspectAll(fake.calls).counts['masked-link']).toBe(0);
  });

  it('GIVEN @everyone, @here and <@id> in every field THEN nothing pings and no user-typed mention is posted raw', () => {
    const { counts } = inspectAll(fake.calls, new Set(HOSTILE_IDS));
    expect({ ping: counts.ping, raw: counts['raw-mention'] }).toEqual({ ping: 0, raw: 0 });
  });

  it('GIVEN very long values THEN no Discord limit is broken and no message is empty', () => {
    const { counts } = inspectAll(fake.calls);
    expect({ limit: counts.limit, empty: counts['empty-message'] }).toEqual({ limit: 0, empty: 0 });
  });

  it('GIVEN control characters in motions THEN no thread name or choice carries one', () => {
    expect(inspectAll(fake.calls).counts['control-in-name']).toBe(0);
  });
});
