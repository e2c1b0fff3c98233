import { describe, expect, it } from 'vitest';
import * as checkSources from '../../commands/check-sources.js';
import type { CommandContext } from '../../src/seam/command.js';
import { commandContext } from '../helpers/services.js';
import { HOSTILE, MISATTRIBUTED, MISQUOTED, services, UNSOURCED, VERIFIED } from './sources-fixture.js';

const on = (content: string, authorName = 'ada'): CommandContext =>
  commandContext(services, {}, { targetMessage: { id: '42', authorId: 'u42', authorName, content } });

/** Everything a reply shows, as one string. */
const shown = (r: Awaited<ReturnType<typeof checkSources.execute>>) => JSON.stringify(r);

describe('"Check sources" (message context menu)', () => {
  it('GIVEN the builder THEN it is a message command named "Check sources"', () => {
    expect(checkSources.data.toJSON()).toMatchObject({ name: 'Check sources', type: 3 });
  });

  it('GIVEN a verified quotation THEN privately: the verdict, the quotation, the matched words, speaker, text and source', async () => {
    const r = await checkSources.execute(on(VERIFIED));
    expect(r.ephemeral).toBe(true);
    const e = r.embeds![0]!;
    expect(e.title).toBe('Sources: ✅ verified');
    expect(e.description).toContain('**ada** wrote:');
    expect(e.description).toMatch(/• “We have suppressed the Mensheviks and the SRs and they have disappeared\.?” \(credited to Trotsky\): ✅ verified/);
    expect(e.description).toMatch(/↳ “We have suppressed the Mensheviks.*” — \*\*Leon Trotsky\*\*, \*Memoirs of a Revolutionary\*, ¶ q1 · Source: Terrorism and Communism, 1920/);
  });

  it('GIVEN words credited to the wrong person THEN misattributed, with who said them', async () => {
    const e = (await checkSources.execute(on(MISATTRIBUTED))).embeds![0]!;
    expect(e.title).toBe('Sources: ❌ misattributed');
    expect(e.description).toContain('found, but said by Leon Trotsky');
    expect(e.description).toContain('**Leon Trotsky**');
  });

  it('GIVEN a changed word THEN misquoted, with the nearest corpus words to compare', async () => {
    const e = (await checkSources.execute(on(MISQUOTED))).embeds![0]!;
    expect(e.title).toBe('Sources: ⚠️ misquoted');
    expect(e.description).toContain('Nearest in the corpus: “We have suppressed');
  });

  it('GIVEN no quotation, link or reference THEN unsourced, with a pointer to /quote', async () => {
    const e = (await checkSources.execute(on(UNSOURCED))).embeds![0]!;
    expect(e.title).toBe('Sources: ❔ unsourced');
    expect(e.description).toContain('/quote');
  });

  it('GIVEN pings and unsafe links in the message THEN none is echoed as a ping or a clickable link; safe links stay', async () => {
    const r = await checkSources.execute(on(HOSTILE, '@everyone'));
    const text = shown(r);
    expect(r.embeds![0]!.title).toBe('Sources: 📎 cited');
    expect(text).not.toMatch(/@everyone|@here|<@&?\d+>/);
    expect(text).not.toMatch(/javascript:/i);
    expect(text).not.toContain('](javascript');
    expect(text).toContain('<https://example.org/book>');
    expect(r.embeds![0]!.description).toMatch(/⛔ Unsafe links, not a source: `javascript/);
  });

  it('GIVEN a 4,000-character message THEN checked, clipped to fit; longer ones are refused clearly', async () => {
    const long = `${VERIFIED} ${'and so on '.repeat(400)}`.slice(0, 4000);
    const r = await checkSources.execute(on(long));
    expect(r.embeds![0]!.title).toBe('Sources: ✅ verified');
    expect(r.embeds![0]!.description!.length).toBeLessThan(4096);
    const longer = await checkSources.execute(on(`${long} more words`));
    expect(longer.embeds![0]!.description).toContain('Not checked: longer than 4,000 characters.');
    expect(longer.embeds![0]!.description!.length).toBeLessThan(4096);
  });

  it('GIVEN a message without text THEN an explanation', async () => {
    const r = await checkSources.execute(on('   '));
    expect(r).toMatchObject({ ephemeral: true, content: expect.stringContaining('no text to check') });
  });

  it('GIVEN no target message (a front end without message commands) THEN a hint how to use it', async () => {
    const r = await checkSources.execute(commandContext(services, {}));
    expect(r).toMatchObject({ ephemeral: true, content: expect.stringContaining('Apps → Check sources') });
  });
});
