/**
 * One verdict per argument, stored and read everywhere (issue 11, item 1). One debate: Ann's misattribution
 * (#1) is ruled verified by a moderator; Ann's cited argument (#2) and Dan's unsourced post (#3) are challenged
 * and the challenges expire; Dan's misattribution (#4) stands, with why. Every view must then show the same
 * verdicts: the announcement, /score, /leaderboard, /sources and its export, "Check sources", the record and
 * transcript, /verdict show and the CLI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as checkSources from '../../commands/check-sources.js';
import * as leaderboard from '../../commands/leaderboard.js';
import * as score from '../../commands/score.js';
import * as sources from '../../commands/sources.js';
import * as verdict from '../../commands/verdict.js';
import type { Reply } from '../../src/seam/reply.js';
import { argumentsReport } from '../../src/cli/arguments.js';
import { readingGateway } from '../commands/sources-fixture.js';
import { ann, begun, dan, eve, host, mod, SERGE, world, type World } from './world.js';

/** A Discord message id sent at `ms`. */
const snowflakeAt = (ms: number): string => String((BigInt(ms) - 1_420_070_400_000n) << 22n);

let w: World;
let posts: { id: string; authorId: string; authorName: string; content: string }[];
let record: Reply;

const text = (r: Reply | null) => JSON.stringify(r);

beforeAll(async () => {
  w = world();
  await begun(w);
  await w.argueAs(ann, `Stalin wrote “${SERGE}”.`); // #1: misattributed by the check
  await w.argueAs(ann, 'Industry grew fast.', 'Deutscher, The Prophet Armed, p. 12'); // #2: cited
  await w.run(ann, 'next');
  await w.clock.advance(1000);
  posts = [
    { id: snowflakeAt(w.clock.now), authorId: dan.id, authorName: dan.name, content: 'Stalin built the factories.' },
    { id: snowflakeAt(w.clock.now + 1000), authorId: dan.id, authorName: dan.name, content: 'As Stalin said, “the party must plan the economy or the economy will plan the party”.' },
  ];
  await w.post(dan, posts[0]!.id, posts[0]!.content); // #3: unsourced
  await w.clock.advance(1000);
  await w.post(dan, posts[1]!.id, posts[1]!.content); // #4: misattributed (Trotsky's words)
  expect(await w.scores.argument(1)).toMatchObject({ number: 1, checkedVerdict: 'misattributed' });
  expect(await w.scores.argument(4)).toMatchObject({ number: 4, verdict: 'misattributed' });

  // A ruling on #1; challenges on #2 (sourced) and #3 (unsourced) that expire unanswered.
  expect(await w.scores.override(mod, 'g1', 'thread-1', '#1', 'verified', 'Serge quotes Stalin saying it, p. 12')).toMatchObject({ ok: true });
  expect((await w.run(dan, 'challenge', { argument: '#2' })).content).toContain('You questioned the source of argument #2');
  expect((await w.run(ann, 'challenge', { argument: '#3' })).content).toContain('You challenged argument #3');
  await w.clock.advance(121_000);
  expect(await w.scores.argument(2)).toMatchObject({ verdict: 'cited', challenge: { status: 'expired' } });
  expect(await w.scores.argument(3)).toMatchObject({ verdict: 'unsourced', challenge: { status: 'expired' } });
  await w.scores.idle();
});

afterAll(async () => {
  await w.close();
});

describe('one stored verdict, the same in every view after a ruling and after challenges expire', () => {
  it('GIVEN the announcements THEN each was edited to the stored verdict, with the ruling, the challenge, and why an accusation stands', async () => {
    expect((await w.announcement(1))!.content).toBe(
      `**Ann** (For, Floor turn 1): Stalin wrote “${SERGE}”.\n-# Argument #1 · ✅ verified · ruled by Modra: “Serge quotes Stalin saying it, p. 12”`,
    );
    expect((await w.announcement(1))!.buttons).toBeUndefined();
    expect((await w.announcement(2))!.content).toContain('-# Argument #2 · 📎 cited · citation needed — no answer in time');
    const three = (await w.announcement(3))!;
    expect(three).toMatchObject({ content: '-# Argument #3 · ❔ unsourced · citation needed — no answer in time', replyTo: posts[0]!.id });
    const four = (await w.announcement(4))!;
    expect(four.content).toMatch(/^-# Argument #4 · ❌ misattributed\n-# Why: .*Leon Trotsky.*not Stalin/);
    expect(four.buttons![0]![0]!.label).toBe('Citation needed');
  });

  it('GIVEN /score THEN it counts the stored verdicts', async () => {
    expect((await w.command(score, eve, { user: 'ann' })).embeds![0]!.description).toContain('All time: 2 arguments: 2 cited (1 verified), 0 unsourced, 0 misquoted, 0 misattributed · 100% cited.');
    expect((await w.command(score, eve, { user: 'dan' })).embeds![0]!.description).toContain('All time: 2 arguments: 0 cited, 1 unsourced, 0 misquoted, 1 misattributed · 0% cited.');
  });

  it('GIVEN /leaderboard THEN it ranks by the stored verdicts', async () => {
    expect((await w.command(leaderboard, eve)).embeds![0]!.description!.split('\n')).toEqual([
      '**1.** Ann — at least 34% cited (2 of 2, 100%)',
      '**2.** Dan @\u200beveryone — at least 0% cited (0 of 2, 0%), 1 unsourced, 1 misattributed',
    ]);
  });

  it('GIVEN /sources and its Markdown export THEN recorded arguments show their stored verdicts and the tallies match /score', async () => {
    const ctx = { services: w.services, commands: [], actor: eve, guildId: 'g1', channelId: 'thread-1', subcommand: null, options: {}, channels: readingGateway(posts) };
    const r = await sources.execute(ctx);
    const [head, page] = r.embeds!;
    expect(head!.description).toContain('4 recorded arguments in <#thread-1>, with the verdicts the score holds.');
    expect(head!.description).toContain('**Ann** — 2 arguments: 2 cited (1 verified), 0 unsourced, 0 misquoted, 0 misattributed · 100% cited');
    expect(head!.description).toContain('**Dan @\u200beveryone** — 2 arguments: 0 cited, 1 unsourced, 0 misquoted, 1 misattributed · 0% cited');
    const body = page!.description!;
    expect(body).toContain('**#1 · Ann** — ✅ verified · ruled by Modra: “Serge quotes Stalin saying it, p. 12”');
    expect(body).toContain('**#2 · Ann** — 📎 cited · citation needed — no answer in time');
    expect(body).toContain('**#3 · Dan @\u200beveryone** — ❔ unsourced · citation needed — no answer in time');
    expect(body).toMatch(/\*\*#4 · Dan @\u200beveryone\*\* — ❌ misattributed · \[message\][^]*Why: .*Leon Trotsky/);
    const md = (await sources.component!({ ...ctx, args: ['export', 'thread-1'] })).attachments![0]!.content;
    expect(md).toContain('### #1 Ann — ✅ verified · ruled by Modra');
    expect(md).toContain('### #2 Ann — 📎 cited · citation needed — no answer in time');
    expect(md).toMatch(/### #4 Dan @\u200beveryone — ❌ misattributed[^]*- Why: .*Leon Trotsky/);
    expect(md).toContain('| Ann | 2 | 2 | 1 | 0 | 0 | 0 | 100% |');
  });

  it('GIVEN "Check sources" on a recorded post THEN the stored verdict, not a new check', async () => {
    const r = await checkSources.execute({ services: w.services, commands: [], actor: eve, guildId: 'g1', channelId: 'thread-1', subcommand: null, options: {}, channels: readingGateway([]), targetMessage: posts[1]! });
    expect(r.embeds![0]!.title).toBe('Sources: ❌ misattributed');
    expect(r.embeds![0]!.description).toContain('Recorded as argument #4 of its debate: the verdict the score holds.');
    expect(r.embeds![0]!.description).toMatch(/Why: .*Leon Trotsky/);
  });

  it('GIVEN /verdict show THEN the stored verdict, the check it overrides, why, and the ruling', async () => {
    const one = (await w.command(verdict, mod, { message_id: '#1' }, 'show')).content!;
    expect(one).toContain('Counted as: ✅ verified (the check said ❌ misattributed)');
    expect(one).toContain('Ruling by Modra');
    const two = (await w.command(verdict, mod, { message_id: '#2' }, 'show')).content!;
    expect(two).toContain('Counted as: 📎 cited\n');
    expect(two).toContain('Citation needed: challenged by Dan @\u200beveryone, expired.');
    const four = (await w.command(verdict, mod, { message_id: posts[1]!.id }, 'show')).content!;
    expect(four).toMatch(/Counted as: ❌ misattributed\nWhy: .*Leon Trotsky/);
  });

  it('GIVEN the CLI THEN each argument with its stored verdict and the tallies /score gives', async () => {
    const out = JSON.parse(await argumentsReport(w.scores.repo, { guildId: 'g1' }, true)) as { arguments: Record<string, unknown>[]; tallies: Record<string, unknown>[] };
    expect(out.arguments.map((a) => [a.number, a.verdict, a.checkedVerdict, a.challenge])).toEqual([
      [1, 'verified', 'misattributed', null],
      [2, 'cited', 'cited', 'expired'],
      [3, 'unsourced', 'unsourced', 'expired'],
      [4, 'misattributed', 'misattributed', null],
    ]);
    expect(out.arguments[0]).toMatchObject({ ruling: { verdict: 'verified', by: 'Modra' } });
    expect(out.arguments[3]!.explanation).toMatch(/Leon Trotsky/);
    expect(out.tallies).toEqual([
      { guild: 'g1', user: 'ann', name: 'Ann', arguments: 2, verified: 1, cited: 1, unsourced: 0, misquoted: 0, misattributed: 0 },
      { guild: 'g1', user: 'dan', name: 'Dan @everyone', arguments: 2, verified: 0, cited: 0, unsourced: 1, misquoted: 0, misattributed: 1 },
    ]);
    const human = await argumentsReport(w.scores.repo, { debateId: 1 }, false);
    expect(human).toContain('debate 1 #1 Ann — ✅ verified · ruled by Modra');
    expect(human).toContain('Ann (server g1): 2 arguments: 2 cited (1 verified), 0 unsourced, 0 misquoted, 0 misattributed · 100% cited');
  });

  it('GIVEN the debate ends THEN the record and transcript carry the same verdicts', async () => {
    await w.endAs(host);
    await w.debates.idle();
    record = w.gateway.sent.find((s) => s.reply.embeds?.[0]?.title?.startsWith('Record:'))!.reply;
    const fields = record.embeds![0]!.fields!;
    expect(fields[0]!.value).toBe('Speakers: Ann\n2 arguments: 2 cited (1 verified), 0 unsourced, 0 misquoted, 0 misattributed · 100% cited');
    expect(fields[1]!.value).toBe('Speakers: Dan @\u200beveryone\n2 arguments: 0 cited, 1 unsourced, 0 misquoted, 1 misattributed · 0% cited');
    const md = record.attachments![0]!.content;
    expect(md).toContain(`- **#1 Ann**: Stalin wrote “${SERGE}”.\n  - Citation: none given (✅ verified; moderator's ruling)`);
    expect(md).toContain('- **#2 Ann**: Industry grew fast.\n  - Citation: Deutscher, The Prophet Armed, p. 12 (📎 cited; citation needed, no answer in time)');
    expect(md).toContain('  - Citation: none given (❔ unsourced; citation needed, no answer in time)');
    expect(md).toMatch(/- \*\*#4 Dan @\u200beveryone\*\*: .*\n {2}- Citation: none given \(❌ misattributed\)\n {2}- Why: .*Leon Trotsky/);
    expect(text(record)).not.toMatch(/@everyone/);
  });
});
