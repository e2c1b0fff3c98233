/**
 * Fuzzed interactions through the command handlers (issue 17, items 4 and 5): debates opened, joined, argued,
 * ruled on, quoted and reviewed by people with hostile names typing hostile text. Every reply and every post the
 * bot makes, as the Discord payload it would send, holds no half character and no disguised link, pings only
 * whom it names, and every thread name is one clean line. Counts the interactions run; the issue's 5,000 are sent
 * to the real bot by tests/e2e/fault/fuzz-interactions.test.ts, so this unit run keeps fewer, whole debates long.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Actor, Reply } from '../../src/seam/reply.js';
import { renderPost, renderReply } from '../../src/discord/render.js';
import * as leaderboard from '../../commands/leaderboard.js';
import * as quote from '../../commands/quote.js';
import * as score from '../../commands/score.js';
import * as sources from '../../commands/sources.js';
import * as verdict from '../../commands/verdict.js';
import { currentTurn } from '../../src/core/debate/state.js';
import { cleanTemp, world, type World } from '../score/world.js';
import { CONTROL_OR_BIDI, hasLoneSurrogate, hostileText, maskedLinks } from '../helpers/hostile.js';

const RUNS = 15;
const STEPS = 90;
let interactions = 0;
let payloads = 0;
let threads = 0;
let argumentsRecorded = 0;
let messageIds = 0;
afterAll(() => {
  cleanTemp();
  console.log(`fuzzed interactions: ${interactions} (${threads} debates opened, ${argumentsRecorded} arguments recorded); payloads checked: ${payloads}; lone surrogates: 0; masked links: 0`);
});

type Step = (w: World, who: Actor, people: Actor[]) => Promise<Reply | null>;
const text = hostileText;
const ref = fc.oneof(fc.constantFrom('#1', '#2', '#3'), text);
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.tuple(text, fc.constantFrom('open-floor', 'oxford'), fc.option(text)).map(([motion, format, sides]): Step => (w, who) => w.run(who, 'start', { motion, format, ...(sides ? { sides } : {}) }, 'c1')),
  fc.option(fc.oneof(fc.constantFrom('for', 'against'), text)).map((side): Step => (w, who) => w.run(who, 'join', side ? { side } : {})),
  fc.constantFrom('begin', 'next', 'status', 'poi', 'pause', 'resume', 'leave', 'end', 'formats').map((sub): Step => (w, who) => w.run(who, sub)),
  fc.tuple(text, fc.option(text)).map(([t, s]): Step => (w, who) => w.argueAs(who, t, s ?? undefined)),
  // Whoever has the floor argues (or posts in the thread), so that arguments are recorded, checked and announced.
  fc.tuple(text, fc.option(text), fc.boolean()).map(([t, s, post]): Step => async (w, who, people) => {
    const state = await w.debates.find('thread-1');
    const speaker = 'ok' in state ? null : currentTurn(state)?.speakerId;
    const actor = people.find((p) => p.id === speaker) ?? who;
    const words = `${t} ${s ? `Source: ${s}` : ''}`;
    return post ? w.post(actor, String(1_400_000_000_000_000_000n + BigInt(++messageIds)), words) : w.argueAs(actor, t, s ?? undefined);
  }),
  fc.tuple(ref).map(([r]): Step => (w, who) => w.run(who, 'challenge', { argument: r })),
  ref.map((r): Step => (w, who) => w.command(verdict, who, { message_id: r }, 'show')),
  fc.tuple(ref, fc.constantFrom('verified', 'cited', 'unsourced', 'misquoted'), text).map(([r, v, reason]): Step => (w, who) => w.command(verdict, who, { message_id: r, verdict: v, reason }, 'override')),
  fc.tuple(text, fc.option(text)).map(([q, s]): Step => (w, who) => w.command(quote, who, { query: q, ...(s ? { speaker: s } : {}) })),
  text.map((tail): Step => (w, who) => w.press(who, `quote:page:${tail}`, quote)),
  text.map((body): Step => (w, who) => w.post(who, String(1_300_000_000_000_000_000n + BigInt(++messageIds)), body)),
  fc.constant<Step>((w, who) => w.command(sources, who)),
  fc.constant<Step>((w, who) => w.command(score, who)),
  fc.constant<Step>((w, who) => w.command(leaderboard, who)),
  fc.constant<Step>(Object.assign(async (w: World) => {
    await w.clock.advance(61_000);
    return null;
  }, { tick: true })),
);

/** Every string of a message's text and embeds (where Markdown is read). */
function messageStrings(p: ReturnType<typeof renderPost>): string[] {
  const out = [p.content];
  for (const e of p.embeds) {
    const d = e.data;
    out.push(d.title ?? '', d.description ?? '', d.footer?.text ?? '', ...(d.fields ?? []).flatMap((f) => [f.name, f.value]));
  }
  return out;
}

/** Button labels and ids: shown as typed, never as Markdown. */
function buttonStrings(p: ReturnType<typeof renderPost>): string[] {
  return p.components.flatMap((row) => row.components.flatMap((c) => [String((c.data as { label?: string }).label ?? ''), String((c.data as { custom_id?: string }).custom_id ?? '')]));
}

function check(p: ReturnType<typeof renderPost>, reply: Reply): void {
  payloads++;
  for (const s of buttonStrings(p)) expect(hasLoneSurrogate(s)).toBe(false);
  for (const s of messageStrings(p)) {
    expect(hasLoneSurrogate(s)).toBe(false);
    expect(maskedLinks(s), JSON.stringify(s.slice(Math.max(0, s.search(/\]\s*\(/) - 80), s.search(/\]\s*\(/) + 40))).toEqual([]);
  }
  expect(p.allowedMentions.parse).toEqual([]);
  for (const id of p.allowedMentions.users) expect(reply.allowedUserMentions).toContain(id);
}

describe('fuzz: hostile people and text through every command', () => {
  it('GIVEN debates run by people with hostile names typing hostile text THEN nothing the bot sends has a half character, a disguised link or an unasked ping', async () => {
    await fc.assert(
      fc.asyncProperty(text, fc.array(text, { minLength: 4, maxLength: 4 }), fc.array(fc.tuple(step, fc.nat(3)), { minLength: STEPS, maxLength: STEPS }), async (motion, names, steps) => {
        const w = world();
        const people: Actor[] = names.map((name, i) => ({ id: `9000000000000000${i}`, name, isModerator: i === 3 }));
        // A debate under way, opened and joined by people with hostile names, then anything at all.
        const prelude: [Step, number][] = [
          [(w2, who) => w2.run(who, 'start', { motion: `M ${[...motion].slice(0, 200).join('')}`, format: 'open-floor', turn_seconds: 60 }, 'c1'), 0],
          [(w2, who) => w2.run(who, 'join', { side: 'for' }), 1],
          [(w2, who) => w2.run(who, 'join', { side: 'against' }), 2],
          [(w2, who) => w2.run(who, 'begin'), 0],
        ];
        try {
          for (const [run, who] of [...prelude, ...steps]) {
            const actor = people[who]!;
            const before = w.gateway.sent.length;
            if (!('tick' in run)) interactions++;
            const reply = await run(w, actor, people);
            if (reply) check(renderReply(reply), reply);
            await w.scores.idle();
            for (const s of w.gateway.sent.slice(before)) {
              if (s.kind === 'thread') {
                threads++;
                const name = s.reply.content ?? '';
                expect(hasLoneSurrogate(name)).toBe(false);
                expect(name).not.toMatch(CONTROL_OR_BIDI);
                expect(name).not.toMatch(/[\r\n]/);
              } else check(renderPost(s.reply), s.reply);
            }
          }
          argumentsRecorded += (w.db.prepare('SELECT COUNT(*) AS n FROM arguments').get() as { n: number }).n;
        } finally {
          await w.close();
        }
      }),
      { seed: 17, numRuns: RUNS, endOnFailure: true },
    );
  });
});
