import { afterEach, describe, expect, it } from 'vitest';
import * as verdict from '../../commands/verdict.js';
import { readArgumentRef } from '../../src/score/input.js';
import { latestVersion } from '../../src/db/migrations.js';
import { ann, begun, cleanTemp, dan, eve, mod, SERGE, tempDb, world, type World } from './world.js';

const open: World[] = [];
function make(...args: Parameters<typeof world>): World {
  const w = world(...args);
  open.push(w);
  return w;
}
afterEach(async () => {
  for (const w of open.splice(0)) await w.close().catch(() => undefined);
  cleanTemp();
});

const MSG = '123456789012345678';
const tally = async (w: World, userId: string) => (await w.scores.tallyOf('g1', userId)).tally;

describe('the score', () => {
  it('GIVEN arguments by /argue, "Use as argument" ids and thread posts WHEN the bot restarts on the same file THEN the score is still there', async () => {
    const path = tempDb();
    const w = make(path);
    await begun(w);
    await w.argueAs(ann, `“${SERGE}” — Victor Serge`, 'Victor Serge, quoted in The Bureaucracy in Exile, ¶ q1 [doc:q1]');
    await w.argueAs(ann, 'Industry grew fast under the plan.');
    await w.run(ann, 'next');
    await w.post(dan, MSG, 'The factories came first.\nSource: https://example.org/first-five-year-plan');
    await w.close();

    const again = make(path, w.clock);
    await again.ready;
    expect(again.db.pragma('user_version', { simple: true })).toBe(latestVersion());
    expect(await tally(again, 'ann')).toEqual({ arguments: 2, verified: 1, cited: 0, unsourced: 1, misquoted: 0, misattributed: 0 });
    expect(await tally(again, 'dan')).toEqual({ arguments: 1, verified: 0, cited: 1, unsourced: 0, misquoted: 0, misattributed: 0 });
    expect((await again.scores.leaderboard('g1')).map((s) => s.userId)).toEqual(['dan', 'ann']);
    const stored = (await again.scores.repo.byMessage('thread-1', MSG))!;
    expect(stored.links).toEqual(['https://example.org/first-five-year-plan']);
    expect((await again.scores.argument(1))!.matches[0]).toMatchObject({ id: 'doc:q1', speaker: 'Victor Serge' });
    // Another server's score is its own.
    expect((await again.scores.tallyOf('g2', 'ann')).tally.arguments).toBe(0);
  });

  it('GIVEN a verdict WHEN a moderator overrides it THEN who, why and when are recorded, the score follows, and it survives a restart', async () => {
    const path = tempDb();
    const w = make(path);
    await begun(w);
    await w.argueAs(ann, 'Industry grew fast under the plan.');
    expect((await tally(w, 'ann')).unsourced).toBe(1);

    const refused = await w.command(verdict, eve, { message_id: '#1', verdict: 'cited', reason: 'I like it' }, 'override');
    expect(refused).toEqual({ ephemeral: true, content: expect.stringContaining('Only moderators') });
    expect(await w.scores.override(eve, 'g1', 'thread-1', '#1', 'cited', 'sneaky')).toMatchObject({ ok: false });
    expect((await w.command(verdict, mod, { message_id: '#1', verdict: 'cited', reason: '' }, 'override')).content).toContain('Say why');

    w.clock.now += 5_000;
    const done = await w.command(verdict, mod, { message_id: '#1', verdict: 'cited', reason: 'The figures are in the Deutscher volume she named aloud' }, 'override');
    expect(done.ephemeral).toBe(true);
    expect(done.content).toContain('now 📎 cited, was ❔ unsourced');
    expect(await tally(w, 'ann')).toMatchObject({ arguments: 1, cited: 1, unsourced: 0 });
    expect(await w.scores.repo.overrides(1)).toEqual([
      { verdict: 'cited', previous: 'unsourced', byId: 'mod', byName: 'Modra', reason: 'The figures are in the Deutscher volume she named aloud', at: w.clock.now },
    ]);
    await w.close();

    const again = make(path, w.clock);
    await again.ready;
    expect(await tally(again, 'ann')).toMatchObject({ cited: 1, unsourced: 0 });
    const shown = await again.command(verdict, mod, { message_id: '1' }, 'show');
    expect(shown.content).toContain('Counted as: 📎 cited (the check said ❔ unsourced)');
    expect(shown.content).toContain('Ruling by Modra');
    expect(shown.content).toContain('unsourced → cited');
  });

  it('GIVEN a thread post WHEN delivered twice and edited THEN one argument, its verdict replaced by the re-check', async () => {
    const w = make();
    await begun(w);
    await w.run(ann, 'next');
    await w.post(dan, MSG, 'Stalin built the factories.');
    await w.post(dan, MSG, 'Stalin built the factories.');
    expect(await tally(w, 'dan')).toMatchObject({ arguments: 1, unsourced: 1 });

    await w.edit(dan, MSG, 'Stalin built the factories.\nSource: https://example.org/magnitogorsk');
    expect(await tally(w, 'dan')).toMatchObject({ arguments: 1, unsourced: 0, cited: 1 });
    const a = (await w.scores.repo.byMessage('thread-1', MSG))!;
    expect(a).toMatchObject({ text: 'Stalin built the factories.', source: 'https://example.org/magnitogorsk', verdict: 'cited' });
    expect(await w.debates.arguments(a.debateId)).toHaveLength(1);

    // Edited again, into a misquotation: re-checked again, still one argument.
    await w.edit(dan, MSG, 'Serge wrote “the smallest reach of boldness of the Left Opposition”.');
    expect(await tally(w, 'dan')).toMatchObject({ arguments: 1, cited: 0, misquoted: 1 });
    // A post that made no argument (out of turn) is not scored when edited.
    await w.post(ann, '223456789012345678', 'Out of turn.');
    await w.edit(ann, '223456789012345678', 'Out of turn, with “quotes”.');
    expect((await tally(w, 'ann')).arguments).toBe(0);
  });

  it('GIVEN the same claim made three times by /argue, with and without its source THEN it counts once, the record says so, and rulings go to the first', async () => {
    const w = make();
    await begun(w);
    await w.argueAs(ann, 'Industry grew fast.', 'https://example.org/x');
    await w.argueAs(ann, 'Industry  grew fast. ', 'https://example.org/x');
    expect((await w.argueAs(ann, '“Industry grew fast”')).content).toBe('Recorded as argument #3: it repeats argument #1, so it counts once, there.');
    expect(await tally(w, 'ann')).toMatchObject({ arguments: 1, cited: 1, unsourced: 0 });
    expect((await w.scores.argument(2))!.duplicateOf).toBe(1);
    expect((await w.scores.argument(3))!.duplicateOf).toBe(1);
    expect(await w.scores.override(mod, 'g1', 'thread-1', '#2', 'misquoted', 'x')).toMatchObject({ ok: false, message: expect.stringContaining('repeats argument #1') });
    expect((await w.run(dan, 'challenge', { argument: '#2' })).content).toContain('repeats argument #1');
    await w.endAs(mod);
    await w.debates.idle();
    const rec = w.gateway.sent.find((s) => s.reply.embeds?.[0]?.title?.startsWith('Record:'))!;
    expect(rec.reply.embeds![0].fields![0].value).toBe('Speakers: Ann\n1 argument: 1 cited, 0 unsourced, 0 misquoted, 0 misattributed · 100% cited');
    expect(rec.reply.attachments![0].content).toContain('(made again (argument #1); counted once)');
  });

  it('GIVEN an override WHEN the post is edited THEN the moderator\'s ruling still stands over the re-check', async () => {
    const w = make();
    await begun(w);
    await w.run(ann, 'next');
    await w.post(dan, MSG, 'Stalin built the factories.');
    await w.scores.override(mod, 'g1', 'thread-1', MSG, 'misquoted', 'He quoted a speech that was never given');
    await w.edit(dan, MSG, 'Stalin built the factories.\nSource: https://example.org/magnitogorsk');
    expect(await w.scores.repo.byMessage('thread-1', MSG)).toMatchObject({ checkedVerdict: 'cited', verdict: 'misquoted' });
  });

  it('GIVEN a scored thread post WHEN it is deleted THEN it leaves the score and the record says so', async () => {
    const w = make();
    await begun(w);
    await w.argueAs(ann, 'Industry grew fast.', 'https://example.org/x');
    await w.run(ann, 'next');
    await w.post(dan, MSG, 'Stalin built the factories.');
    expect((await tally(w, 'dan')).arguments).toBe(1);
    await w.remove(MSG);
    await w.remove(MSG);
    expect((await tally(w, 'dan')).arguments).toBe(0);
    expect((await w.scores.leaderboard('g1')).map((s) => s.userId)).toEqual(['ann']);
    expect(await w.scores.override(mod, 'g1', 'thread-1', MSG, 'cited', 'x')).toMatchObject({ ok: false, message: expect.stringContaining('deleted') });

    await w.endAs(mod);
    await w.debates.idle();
    const rec = w.gateway.sent.find((s) => s.reply.embeds?.[0]?.title?.startsWith('Record:'))!;
    const fields = rec.reply.embeds![0].fields!;
    expect(fields[0].value).toBe('Speakers: Ann\n1 argument: 1 cited, 0 unsourced, 0 misquoted, 0 misattributed · 100% cited');
    expect(fields[1].value).toBe('Speakers: Dan @\u200beveryone\n0 arguments: 0 cited, 0 unsourced, 0 misquoted, 0 misattributed · 0% cited');
    expect(fields.find((f) => f.name === "Speakers' citations")!.value).toBe('Ann (For): 1 argument: 1 cited, 0 unsourced, 0 misquoted, 0 misattributed · 100% cited');
    const md = rec.reply.attachments![0].content;
    expect(md).toContain('Citation: https://example.org/x (📎 cited)');
    expect(md).toContain('Citation: none given (post deleted; not scored)');
  });

  it('GIVEN argument references THEN links, ids and numbers are read', () => {
    expect(readArgumentRef('https://discord.com/channels/111/222/333')).toMatchObject({ ok: true, value: { messageId: '333', channelId: '222', guildId: '111' } });
    expect(readArgumentRef('<https://ptb.discord.com/channels/111/222/333>')).toMatchObject({ ok: true, value: { messageId: '333', channelId: '222', guildId: '111' } });
    expect(readArgumentRef(MSG)).toMatchObject({ ok: true, value: { messageId: MSG, channelId: null, guildId: null } });
    expect(readArgumentRef('#12')).toMatchObject({ ok: true, value: { number: 12 } });
    expect(readArgumentRef('javascript:alert(1)')).toMatchObject({ ok: false, problem: 'ref-unreadable' });
  });
});

describe('"Citation needed"', () => {
  it('GIVEN a challenged argument with a source WHEN the bot is down past the deadline THEN on restart the challenge closes, announced, and it stays cited', async () => {
    const path = tempDb();
    const w = make(path);
    await begun(w);
    const argued = await w.argueAs(ann, 'Industry grew fast.', 'Deutscher, The Prophet Armed, p. 12');
    expect(argued).toEqual({ ephemeral: true, content: 'Recorded as argument #1 · 📎 cited.' });
    const shown = (await w.announcement(1))!;
    expect(shown.content).toBe('**Ann** (For, Floor turn 1): Industry grew fast.\n— Source: Deutscher, The Prophet Armed, p. 12\n-# Argument #1 · 📎 cited');
    const button = shown.buttons![0][0];
    expect(button).toEqual({ customId: 'verdict:challenge:1', label: 'Citation needed', style: 'secondary' });

    const pressed = await w.press(dan, button.customId, verdict);
    expect(pressed).toEqual({ ephemeral: true, content: expect.stringContaining('You questioned the source of argument #1') });
    expect(pressed.content).toContain('120 s');
    await w.scores.idle();
    const notice = w.gateway.sent.find((s) => s.reply.content?.includes('Citation needed'))!;
    expect(notice.channelId).toBe('thread-1');
    expect(notice.reply.content).toContain('Dan @\u200beveryone questions the source of argument #1');
    expect(notice.reply.content).toContain('“Deutscher, The Prophet Armed, p. 12”');
    expect(notice.reply.content).toContain('It stays 📎 cited unless a moderator rules otherwise');
    expect(notice.reply.allowedUserMentions).toEqual(['ann']);
    // The announcement follows: no button any more, the challenge shown.
    expect((await w.announcement(1))!).toMatchObject({ content: expect.stringContaining('📌 citation needed — awaiting an answer') });
    expect((await w.announcement(1))!.buttons).toBeUndefined();
    await w.close();

    w.clock.now += 3 * 60_000; // down for three minutes
    const again = make(path, w.clock);
    await again.ready;
    await again.scores.idle();
    expect(await again.scores.argument(1)).toMatchObject({ checkedVerdict: 'cited', verdict: 'cited', challenge: { status: 'expired' } });
    expect(await tally(again, 'ann')).toMatchObject({ cited: 1, unsourced: 0 });
    expect(again.gateway.sent.some((s) => s.reply.content?.startsWith('⌛ No answer came in time on the source of argument #1') && s.reply.content.includes('it stays 📎 cited'))).toBe(true);
  });

  it('GIVEN challenges WHEN the deadline passes while running THEN nothing is downgraded; an answer in time makes an unsourced argument cited', async () => {
    const w = make();
    await begun(w);
    await w.argueAs(ann, 'Industry grew fast.', 'Deutscher, The Prophet Armed, p. 12');
    await w.argueAs(ann, 'Collectivisation starved the countryside.');
    expect((await w.run(dan, 'challenge', { argument: '#1' })).content).toContain('You questioned the source of argument #1');
    expect((await w.run(dan, 'challenge', { argument: '#2' })).content).toContain('You challenged argument #2');

    // Ann answers #2 with /argue source: alone; a non-source is refused, nothing stored, and the challenge stays open.
    expect((await w.argueAs(ann, '', 'because I say so', { argument: '#2' })).content).toContain('names no author, work or link');
    expect(await w.scores.argument(2)).toMatchObject({ source: null, challenge: { status: 'pending' } });
    const answered = await w.argueAs(ann, '', 'Conquest, The Harvest of Sorrow, p. 300', { argument: '#2' });
    expect(answered).toEqual({ ephemeral: true, content: expect.stringContaining('Source added to argument #2') });
    expect(await w.scores.argument(2)).toMatchObject({ verdict: 'cited', source: 'Conquest, The Harvest of Sorrow, p. 300', challenge: { status: 'answered' } });

    await w.clock.advance(119_000);
    expect((await w.scores.argument(1))!.challenge!.status).toBe('pending');
    await w.clock.advance(2_000);
    expect(await w.scores.argument(1)).toMatchObject({ verdict: 'cited', challenge: { status: 'expired' } });
    expect(await tally(w, 'ann')).toMatchObject({ arguments: 2, cited: 2, unsourced: 0 });
  });

  it('GIVEN an unsourced argument challenged and left unanswered THEN it stays unsourced, and every view says so', async () => {
    const w = make();
    await begun(w);
    await w.argueAs(ann, 'Collectivisation starved the countryside.');
    expect((await w.run(dan, 'challenge', { argument: '#1' })).content).toBe('You challenged argument #1 (Ann: “Collectivisation starved the countryside.”). Its author has 120 s to add a source; until then it stays ❔ unsourced.');
    await w.clock.advance(121_000);
    expect(await w.scores.argument(1)).toMatchObject({ verdict: 'unsourced', challenge: { status: 'expired' } });
    await w.scores.idle();
    expect(w.gateway.sent.some((s) => s.reply.content === '⌛ No source came in time for argument #1 (Ann: “Collectivisation starved the countryside.”): it stays ❔ unsourced.')).toBe(true);
    expect((await w.announcement(1))!.content).toContain('-# Argument #1 · ❔ unsourced · citation needed — no answer in time');
  });

  it('GIVEN a challenged thread post THEN a reply "Source: …" or an edit adding one answers it', async () => {
    const w = make();
    await begun(w);
    await w.run(ann, 'next');
    await w.post(dan, MSG, 'Stalin built the factories.');
    await w.post(dan, '323456789012345678', 'And the railways.');
    expect((await w.run(ann, 'challenge', { argument: MSG })).content).toContain('You challenged');
    expect((await w.run(ann, 'challenge', { argument: '323456789012345678' })).content).toContain('You challenged');
    // A reply to the challenged post answers it (and is not a new argument).
    expect(await w.post(dan, '423456789012345678', 'https://example.org/magnitogorsk', MSG)).toBeNull();
    expect(await w.scores.repo.byMessage('thread-1', MSG)).toMatchObject({ verdict: 'cited', challenge: { status: 'answered' } });
    expect(await w.debates.arguments(1)).toHaveLength(2);
    // Editing the other post to add a source answers its challenge too.
    await w.edit(dan, '323456789012345678', 'And the railways.\nSource: Westwood, A History of Russian Railways, p. 220');
    expect(await w.scores.repo.byMessage('thread-1', '323456789012345678')).toMatchObject({ verdict: 'cited', challenge: { status: 'answered' } });
    await w.scores.idle();
    expect(w.gateway.sent.filter((s) => s.reply.content?.startsWith('✅ Dan @\u200beveryone added a source'))).toHaveLength(2);
  });

  it('GIVEN challenges nobody may make THEN refused, saying why', async () => {
    const w = make();
    await begun(w);
    await w.argueAs(ann, `“${SERGE}” — Victor Serge`, '[doc:q1]');
    await w.argueAs(ann, 'Industry grew fast.');
    expect((await w.run(ann, 'challenge', { argument: '#2' })).content).toContain('cannot challenge your own');
    expect((await w.run(eve, 'challenge', { argument: '#2' })).content).toContain('Only the debaters and moderators');
    expect((await w.run(dan, 'challenge', { argument: '#1' })).content).toContain('verified against the corpus');
    expect((await w.run(dan, 'challenge', { argument: '#9' })).content).toBe('This debate has no argument #9: its arguments are #1–#2.');
    expect((await w.run(dan, 'challenge', { argument: 'hello' })).content).toContain('cannot read');
    expect((await w.run(mod, 'challenge', { argument: '#2' })).content).toContain('You challenged');
    expect((await w.run(dan, 'challenge', { argument: '#2' })).content).toContain('already been challenged');
    expect((await w.argueAs(ann, `Serge wrote of “${SERGE}”.`, 'doc:q1')).content).toBe('Recorded as argument #3 · ✅ verified.');
    expect((await w.announcement(3))!.buttons).toBeUndefined();
  });
});
