/**
 * A server's own texts in its debates: arguments quoting them are verified there, a quotation id of theirs is a
 * source ("Use as argument" writes one), /sources and Check sources read them; once the text is removed, the
 * verdicts already given stand and every view that shows them says the text was removed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as sources from '../../commands/sources.js';
import * as checkSources from '../../commands/check-sources.js';
import * as verdict from '../../commands/verdict.js';
import { ann, begun, cleanTemp, mod, world, type World } from '../score/world.js';
import { LETTERS, LUXEMBURG_ARGUMENT, fileIn, tempDir } from './fixtures.js';

afterEach(cleanTemp);

const GUILD = 'g1';

async function withLetters(w: World): Promise<{ textId: number; quotationId: string }> {
  const out = await w.services.libraries.withLocalFiles().add({ guildId: GUILD, actor: { id: 'mod', name: 'Modra' }, source: { path: fileIn(tempDir(), 'letters.md', LETTERS) } });
  if (!out.ok) throw new Error(out.error);
  const found = w.services.searchFor(GUILD).search({ query: 'luxemburg freedom party', limit: 1 });
  if (!found.ok || !found.results[0]) throw new Error('not found');
  return { textId: out.text.id, quotationId: found.results[0].id };
}

const text = (r: { content?: string; embeds?: { title?: string; description?: string }[] }) =>
  [r.content ?? '', ...(r.embeds ?? []).flatMap((e) => [e.title ?? '', e.description ?? ''])].join('\n');

describe('a server\'s own texts in its debates', () => {
  it('GIVEN a text the server added THEN an argument quoting it is verified, and its quotation id is a source there', async () => {
    const w = world();
    await begun(w);
    const { quotationId } = await withLetters(w);
    expect((await w.argueAs(ann, LUXEMBURG_ARGUMENT)).content).toMatch(/^Recorded as argument #1 · ✅ verified/);
    // As "Use as argument" writes it: the citation ending in the quotation's id.
    const used = await w.argueAs(ann, '“Freedom only for the supporters of the government … is no freedom at all.”', `Rosa Luxemburg, quoted in Letters on Freedom [${quotationId}]`);
    expect(used.content).toMatch(/^Recorded as argument #2 · ✅ verified/);
    expect(await w.scores.argument(2)).toMatchObject({ quotationId, verdict: 'verified' });
    await w.close();
  });

  it('GIVEN a server without the text THEN its quotation id is refused as unknown there', async () => {
    const w = world();
    await begun(w);
    const { quotationId } = await withLetters(w);
    await w.services.libraries.remove(GUILD, 1, { id: 'mod' });
    const out = await w.argueAs(ann, 'Freedom for one party is no freedom.', quotationId);
    expect(out.content).toContain(quotationId);
    expect(await w.scores.argument(1)).toBeNull();
    await w.close();
  });

  it('GIVEN an argument verified against a text later removed THEN it stays verified, and its announcement, /verdict show, /sources and Check sources say the text was removed', async () => {
    const w = world();
    await begun(w);
    const { textId } = await withLetters(w);
    await w.argueAs(ann, LUXEMBURG_ARGUMENT);
    expect((await w.announcement(1))!.content).not.toContain('removed');

    await w.services.libraries.remove(GUILD, textId, { id: 'mod' });
    expect(await w.scores.argument(1)).toMatchObject({ verdict: 'verified', textRemoved: 'Letters on Freedom' });
    // A new check no longer finds the words.
    expect(w.services.checkerFor(GUILD).check(LUXEMBURG_ARGUMENT).verdict).not.toBe('verified');

    const note = /checked against “Letters on Freedom”, since removed from this server's library — the verdict stands/i;
    await w.scores.refresh(1);
    expect((await w.announcement(1))!.content).toMatch(note);
    const shown = await w.command(verdict, mod, { message_id: '#1' }, 'show');
    expect(text(shown)).toMatch(note);
    expect(text(shown)).toContain('✅ verified');
    const review = await w.command(sources, ann, {});
    expect(text(review)).toMatch(note);
    const checked = await checkSources.execute({
      services: w.services, actor: ann, guildId: GUILD, channelId: 'thread-1', subcommand: null, options: {}, channels: w.gateway, commands: [],
      targetMessage: { id: 'x', authorId: 'ann', authorName: 'Ann', content: LUXEMBURG_ARGUMENT },
    });
    expect(text(checked)).not.toContain('removed');
    await w.close();
  });

  it('GIVEN /sources and Check sources on a server with a text THEN a message quoting it is verified there', async () => {
    const w = world();
    await begun(w);
    await withLetters(w);
    const checked = await checkSources.execute({
      services: w.services, actor: ann, guildId: GUILD, channelId: 'c1', subcommand: null, options: {}, channels: w.gateway, commands: [],
      targetMessage: { id: 'x', authorId: 'ann', authorName: 'Ann', content: LUXEMBURG_ARGUMENT },
    });
    expect(checked.embeds?.[0]?.title).toBe('Sources: ✅ verified');
    const elsewhere = await checkSources.execute({
      services: w.services, actor: ann, guildId: 'g2', channelId: 'c9', subcommand: null, options: {}, channels: w.gateway, commands: [],
      targetMessage: { id: 'y', authorId: 'ann', authorName: 'Ann', content: LUXEMBURG_ARGUMENT },
    });
    expect(elsewhere.embeds?.[0]?.title).not.toBe('Sources: ✅ verified');
    await w.close();
  });
});
