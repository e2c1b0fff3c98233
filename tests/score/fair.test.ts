/**
 * Challenges, repeats and sources that are fair (issue 11, item 5 of the issue, item 3 of this work): the same
 * claim counts once however it was made; a "Source: …" post adds a source instead of counting as an argument;
 * a reference as a `source:` is cited, a quotation id the corpus lacks is refused, a paraphrase citing a
 * quotation id is cited and said to be one; a quotation the corpus does not hold is shown as such.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as quote from '../../commands/quote.js';
import * as sources from '../../commands/sources.js';
import * as verdict from '../../commands/verdict.js';
import { readingGateway } from '../commands/sources-fixture.js';
import { ann, begun, dan, mod, SERGE, world, type World } from './world.js';

const open: World[] = [];
function make(): World {
  const w = world();
  open.push(w);
  return w;
}
afterEach(async () => {
  for (const w of open.splice(0)) await w.close();
});

const tally = async (w: World, userId: string) => (await w.scores.tallyOf('g1', userId)).tally;
const MSG = '123456789012345678';
const MSG2 = '223456789012345678';
const MSG3 = '323456789012345678';

describe('the same claim counts once, however it was made', () => {
  it('GIVEN a quotation posted, then made again with "Use as argument" and with /argue THEN one argument counts; the repeats say so', async () => {
    const w = make();
    await begun(w);
    await w.post(ann, MSG, `“${SERGE}” — Victor Serge`);
    const use = await quote.component!({ services: w.services, commands: [], actor: ann, guildId: 'g1', channelId: 'thread-1', channels: w.gateway, args: ['use', 'doc:q1'] });
    expect(use).toEqual({ ephemeral: true, content: 'Recorded as argument #2: it repeats argument #1, so it counts once, there.' });
    await w.argueAs(ann, `"${SERGE}" - Victor Serge.`, 'Memoirs of a Revolutionary, 225');
    expect(await w.debates.arguments(1)).toHaveLength(3);
    expect((await tally(w, 'ann')).arguments).toBe(1);
    expect(await w.scores.argument(2)).toMatchObject({ duplicateOf: 1, duplicateOfNumber: 1 });
    expect(await w.scores.argument(3)).toMatchObject({ duplicateOf: 1 });
    expect((await w.announcement(2))!.content).toContain('-# Argument #2 · repeats argument #1 — counted once, there');
    expect((await w.announcement(2))!.buttons).toBeUndefined();
  });

  it('GIVEN a claim posted without a source, then made again with /argue and a source THEN it counts once, and the first takes the source', async () => {
    const w = make();
    await begun(w);
    await w.post(ann, MSG, 'Industry grew fast under the plan.');
    expect(await tally(w, 'ann')).toMatchObject({ arguments: 1, unsourced: 1 });
    await w.argueAs(ann, 'Industry grew fast under the plan', 'Davies, The Industrialisation of Soviet Russia, vol. 1, p. 40');
    expect(await tally(w, 'ann')).toMatchObject({ arguments: 1, cited: 1, unsourced: 0 });
    expect(await w.scores.argument(1)).toMatchObject({ verdict: 'cited', source: 'Davies, The Industrialisation of Soviet Russia, vol. 1, p. 40' });
    expect((await w.announcement(1))!.content).toBe('-# Argument #1 · 📎 cited');
    expect(w.gateway.sent.some((s) => s.reply.content?.startsWith('✅ Ann added a source to argument #1'))).toBe(true);
  });

  it('GIVEN the same words by two debaters THEN each counts for its own debater', async () => {
    const w = make();
    await begun(w);
    await w.argueAs(ann, 'The plan was rewritten every year.');
    await w.run(ann, 'next');
    await w.argueAs(dan, 'The plan was rewritten every year.');
    expect((await tally(w, 'ann')).arguments).toBe(1);
    expect((await tally(w, 'dan')).arguments).toBe(1);
  });
});

describe('"Source: …" posts', () => {
  it('GIVEN a "Source: …" post with no challenge open THEN the source goes to the author\'s latest argument, which is checked again; no new argument', async () => {
    const w = make();
    await begun(w);
    await w.argueAs(ann, 'Collectivisation starved the countryside.');
    await w.post(ann, MSG, 'The towns went hungry too.');
    expect(await w.post(ann, MSG2, 'Source: https://example.org/famine-in-the-towns')).toBeNull();
    expect(await w.debates.arguments(1)).toHaveLength(2);
    expect(await w.scores.argument(2)).toMatchObject({ verdict: 'cited', source: 'https://example.org/famine-in-the-towns' });
    expect(await w.scores.argument(1)).toMatchObject({ verdict: 'unsourced' });
    expect(await tally(w, 'ann')).toMatchObject({ arguments: 2, cited: 1, unsourced: 1 });
    expect((await w.announcement(2))!.content).toBe('-# Argument #2 · 📎 cited');
    // A reply "Source: …" to an earlier argument's post goes to that one.
    await w.post(ann, MSG3, 'And the plan failed its targets.');
    expect(await w.post(ann, '423456789012345678', 'Source: Nove, An Economic History of the USSR, p. 190', MSG)).toBeNull();
    expect((await w.scores.argument(2))!.source).toBe('https://example.org/famine-in-the-towns; Nove, An Economic History of the USSR, p. 190');
    expect((await w.scores.argument(3))!.source).toBeNull();
  });

  it('GIVEN a "Source: …" post by a debater with no argument yet, or one that is no source THEN a private note, nothing stored', async () => {
    const w = make();
    await begun(w);
    expect(await w.post(ann, MSG, 'Source: https://example.org/x')).toEqual({ ephemeral: true, content: expect.stringContaining('You have made no argument in this debate yet') });
    await w.post(ann, MSG2, 'Industry grew fast.');
    expect(await w.post(ann, MSG3, 'Source: trust me')).toEqual({ ephemeral: true, content: expect.stringContaining('names no author, work or link') });
    expect(await w.debates.arguments(1)).toHaveLength(1);
    expect(await w.scores.argument(1)).toMatchObject({ source: null, verdict: 'unsourced' });
  });
});

describe('what a source is worth', () => {
  it('GIVEN source:"Memoirs of a Revolutionary, 225" THEN cited', async () => {
    const w = make();
    await begun(w);
    expect((await w.argueAs(ann, 'Serge saw the Opposition lose its nerve.', 'Memoirs of a Revolutionary, 225')).content).toBe('Recorded as argument #1 · 📎 cited.');
    expect((await w.scores.argument(1))!.references.join(' ')).toContain('Memoirs of a Revolutionary');
  });

  it('GIVEN a quotation id the corpus lacks THEN refused with what to do, nothing stored', async () => {
    const w = make();
    await begun(w);
    const refused = await w.argueAs(ann, 'Serge said so.', 'doc#q9999');
    expect(refused).toEqual({ ephemeral: true, content: expect.stringContaining('There is no quotation “doc#q9999” in the corpus. Find one with /quote') });
    const short = await w.argueAs(ann, 'Serge said so.', '#q9999');
    expect(short).toEqual({ ephemeral: true, content: expect.stringContaining('“#q9999” is not a whole quotation id') });
    expect(await w.debates.arguments(1)).toEqual([]);
  });

  it('GIVEN a paraphrase citing a quotation id THEN cited, and said to be a paraphrase', async () => {
    const w = make();
    await begun(w);
    const r = await w.argueAs(ann, 'Serge thought the Left Opposition was at its boldest then.', 'doc:q1');
    expect(r.content).toContain('Recorded as argument #1 · 📎 cited — a paraphrase of the corpus.');
    expect(r.content).toContain("Why: A paraphrase of Victor Serge's words in The Bureaucracy in Exile, ¶ q1 [doc:q1]");
    expect(await w.scores.argument(1)).toMatchObject({ verdict: 'cited', paraphraseOf: 'doc:q1' });
    expect((await w.announcement(1))!.content).toContain('-# Argument #1 · 📎 cited — a paraphrase of the corpus');
  });

  it('GIVEN a genuine quotation the corpus does not hold, with a reference, or without THEN cited or unsourced by its sourcing, shown as not in the corpus, never accused', async () => {
    const w = make();
    await begun(w);
    const quoted = 'Trotsky wrote: "Not believing in force is the same thing as not believing in gravitation."';
    expect((await w.argueAs(ann, `${quoted} (Trotsky, What Next?, 1932)`)).content).toBe('Recorded as argument #1 · 📎 cited — quotation not in the corpus.');
    expect(await w.scores.argument(1)).toMatchObject({ verdict: 'cited', notInCorpus: true, explanation: null });
    expect((await w.announcement(1))!.content).toContain('-# Argument #1 · 📎 cited — quotation not in the corpus');
    await w.run(ann, 'next');
    expect((await w.argueAs(dan, quoted)).content).toBe('Recorded as argument #2 · ❔ unsourced — quotation not in the corpus.');
    expect(await w.scores.argument(2)).toMatchObject({ verdict: 'unsourced', notInCorpus: true });
  });
});

describe('an accusation says why, wherever it is shown', () => {
  it('GIVEN a misquotation THEN the maker is told why, and /verdict show and /sources give the corpus wording word by word', async () => {
    const w = make();
    await begun(w);
    const r = await w.argueAs(ann, 'Serge wrote “the smallest reach of boldness of the Left Opposition”.');
    expect(r.content).toMatch(/^Recorded as argument #1 · ⚠️ misquoted\. Why: .*greatest/);
    expect((await w.announcement(1))!.content).toMatch(/-# Argument #1 · ⚠️ misquoted\n-# Why: .*greatest/);
    const show = (await w.command(verdict, mod, { message_id: '#1' }, 'show')).content!;
    expect(show).toContain('Against the corpus: the ~~smallest~~ → **greatest** reach of boldness of the Left Opposition');
    expect(show).toMatch(/Why: .*greatest/);
    const review = await sources.execute({ services: w.services, commands: [], actor: ann, guildId: 'g1', channelId: 'thread-1', subcommand: null, options: {}, channels: readingGateway([]) });
    expect(review.embeds![1]!.description).toContain('Against the corpus: the ~~smallest~~ → **greatest** reach');
  });
});
