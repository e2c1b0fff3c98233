import { afterEach, describe, expect, it } from 'vitest';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import * as leaderboard from '../../commands/leaderboard.js';
import * as score from '../../commands/score.js';
import * as verdict from '../../commands/verdict.js';
import { commandContext, testServices } from '../helpers/services.js';
import { makeCorpus } from '../helpers/corpus.js';
import { ann, begun, dan, eve, mod, world, type World } from '../score/world.js';

const open: World[] = [];
afterEach(async () => {
  for (const w of open.splice(0)) await w.close();
});

async function debated(): Promise<World> {
  const w = world();
  open.push(w);
  await begun(w);
  await w.argueAs(ann, 'Industry grew fast.', 'https://example.org/plan');
  await w.argueAs(ann, 'Collectivisation starved the countryside.');
  await w.run(ann, 'next');
  await w.argueAs(dan, 'Stalin built the factories.', 'Deutscher, The Prophet Armed, p. 12');
  return w;
}

describe('/score, /leaderboard and /verdict with hand-made contexts', () => {
  it('GIVEN arguments THEN /score shows one\'s own tally privately, and another\'s by user: without pinging', async () => {
    const w = await debated();
    const mine = await w.command(score, ann);
    expect(mine.ephemeral).toBe(true);
    expect(mine.embeds![0].title).toBe('Score: Ann');
    expect(mine.embeds![0].description).toContain('All time: 2 arguments: 1 cited, 1 unsourced, 0 misquoted, 0 misattributed · 50% cited.');
    // The figures once: no fields repeating the summary.
    expect(mine.embeds![0].fields ?? []).toEqual([]);

    const his = await w.command(score, ann, { user: 'dan' });
    expect(his.embeds![0].title).toBe('Score: Dan @\u200beveryone');
    expect(his.embeds![0].description).toContain('All time: 1 argument: 1 cited, 0 unsourced');

    expect((await w.command(score, eve, { user: ann.id })).embeds![0].title).toBe('Score: Ann');
    const none = await w.command(score, ann, { user: 'eve' });
    expect(none).toEqual({ ephemeral: true, content: expect.stringContaining('That member has made no scored argument') });
  });

  it('GIVEN arguments over time THEN /leaderboard ranks by the share cited counting how many, with the counts beside; per period; names never ping', async () => {
    const w = await debated();
    const all = await w.command(leaderboard, eve);
    expect(all.ephemeral).toBeUndefined();
    const lines = all.embeds![0].description!.split('\n');
    expect(lines[0]).toBe('**1.** Dan @\u200beveryone — at least 21% cited (1 of 1, 100%)');
    expect(lines[1]).toBe('**2.** Ann — at least 9% cited (1 of 2, 50%), 1 unsourced');
    expect(all.embeds![0].title).toBe('Leaderboard: all time');
    expect(all.embeds![0].footer).toContain('the lower bound of its 95% Wilson interval');

    w.clock.now += 8 * 86_400_000;
    await w.run(dan, 'next');
    await w.argueAs(ann, 'The plan was rewritten yearly.', 'https://example.org/gosplan');
    const week = await w.command(leaderboard, eve, { period: 'week' });
    expect(week.embeds![0].description).toBe('**1.** Ann — at least 21% cited (1 of 1, 100%)');
    const month = await w.command(leaderboard, eve, { period: 'month' });
    expect(month.embeds![0].description!.split('\n')).toHaveLength(2);
    expect((await w.command(leaderboard, eve, { period: 'year' })).content).toBe('Choose a period: week, month or all.');
    expect((await w.command(leaderboard, eve, { order: 'loudest' })).content).toContain('Choose an order: share');
  });

  it('GIVEN 7 cited of 14 (3 misquoted) and 3 cited of 4 THEN by share 3 of 4 ranks first; order:count keeps the old order', async () => {
    const w = world();
    open.push(w);
    await begun(w);
    // Ann: 14 arguments, 7 cited, 3 misquoted, 4 unsourced.
    for (let i = 0; i < 7; i++) await w.argueAs(ann, `Point ${i} on industry.`, `https://example.org/ann-${i}`);
    // Three ruled misquoted (the ruling, not the checker, so the figures stand whatever the checker finds).
    for (let i = 0; i < 3; i++) {
      await w.argueAs(ann, `Quoted claim ${i}.`);
      expect(await w.scores.override(mod, 'g1', 'thread-1', `#${8 + i}`, 'misquoted', 'not what Serge wrote')).toMatchObject({ ok: true });
    }
    for (let i = 0; i < 4; i++) await w.argueAs(ann, `Unsourced point ${i}.`);
    await w.run(ann, 'next');
    // Dan: 4 arguments, 3 cited.
    for (let i = 0; i < 3; i++) await w.argueAs(dan, `Counterpoint ${i}.`, `Deutscher, The Prophet Armed, p. ${i + 10}`);
    await w.argueAs(dan, 'An assertion.');
    expect((await w.scores.tallyOf('g1', 'ann')).tally).toMatchObject({ arguments: 14, cited: 7, misquoted: 3, unsourced: 4 });
    const share = (await w.command(leaderboard, eve)).embeds![0].description!.split('\n');
    expect(share).toEqual([
      '**1.** Dan @\u200beveryone — at least 30% cited (3 of 4, 75%), 1 unsourced',
      '**2.** Ann — at least 27% cited (7 of 14, 50%), 4 unsourced, 3 misquoted',
    ]);
    const byCount = await w.command(leaderboard, eve, { order: 'count' });
    expect(byCount.embeds![0].description!.split('\n')).toEqual([
      '**1.** Ann — 7 cited of 14 (50%), 4 unsourced, 3 misquoted',
      '**2.** Dan @\u200beveryone — 3 cited of 4 (75%), 1 unsourced',
    ]);
    expect(byCount.embeds![0].footer).toContain('ranked by the number of arguments cited');
    expect(leaderboard.data.toJSON().options!.map((o) => o.name)).toEqual(['kind', 'period', 'order']);
  });

  it('GIVEN /verdict THEN moderator-only by default permission and by check; overriding by number moves the leaderboard', async () => {
    const w = await debated();
    const json = verdict.data.toJSON();
    expect(json.default_member_permissions).toBe(String(PermissionFlagsBits.ManageMessages));
    expect(json.options!.map((o) => o.name)).toEqual(['override', 'show']);
    expect((await w.command(verdict, ann, { message_id: '#3', verdict: 'misquoted', reason: 'no' }, 'override')).content).toContain('Only moderators');
    expect((await w.command(verdict, mod, { message_id: '#3', verdict: 'wrong', reason: 'x' }, 'override')).content).toContain('is not a verdict');
    const out = await w.command(verdict, mod, { message_id: '#3', verdict: 'misquoted', reason: 'Deutscher says the opposite on p. 12' }, 'override');
    expect(out.content).toContain('now ⚠️ misquoted, was 📎 cited');
    const board = await w.command(leaderboard, eve);
    expect(board.embeds![0].description!.split('\n')[0]).toBe('**1.** Ann — at least 9% cited (1 of 2, 50%), 1 unsourced');
    expect(board.embeds![0].description!.split('\n')[1]).toBe('**2.** Dan @\u200beveryone — at least 0% cited (0 of 1, 0%), 1 misquoted');
  });

  it('GIVEN a command outside a server THEN it says where to use it', async () => {
    const services = testServices(makeCorpus({}));
    for (const m of [score, leaderboard, verdict]) {
      const r = await m.execute(commandContext(services, {}, { subcommand: 'show', guildId: null }));
      expect(r.ephemeral).toBe(true);
      expect(r.content).toContain('in the server');
    }
  });
});
