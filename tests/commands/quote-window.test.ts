import { describe, expect, it } from 'vitest';
import * as quote from '../../commands/quote.js';
import { makeCorpus } from '../helpers/corpus.js';
import { commandContext, componentContext, testServices } from '../helpers/services.js';
import { windowText } from '../../src/core/search/window.js';

const filler = (s: string, n: number) => `${s} `.repeat(n);
const long = `${filler('Nothing of interest is said in this sentence at all.', 30)}The NEP fed the towns and calmed the peasants in 1922. ${filler('Another sentence follows here about something else.', 30)}`.trim();
const corpus = makeCorpus({
  prose: [long, 'A short passage about the NEP and its peasants.'],
  quotes: [{ text: 'the revolution betrayed its promise', speaker: 'Leon Trotsky', source: 'The Revolution Betrayed (London, 1937), 5' }],
});
const services = testServices(corpus, () => 0);
const press = (customId: string) => quote.component!(componentContext(services, customId));
const run = (options: Record<string, string>) => quote.execute(commandContext(services, options));

describe('GIVEN a /quote result longer than its room on the page', () => {
  it('THEN the page shows the window around the words asked about, and offers the whole passage', async () => {
    const reply = await run({ query: 'nep peasants' });
    const body = reply.embeds![0].description!;
    expect(body).toContain('…The NEP fed the towns and calmed the peasants in 1922.');
    expect(body.length).toBeLessThan(long.length);
    const buttons = reply.buttons!.flat();
    const whole = buttons.find((b) => /^Whole passage \d$/.test(b.label))!;
    expect(whole).toBeDefined();
    // The short passage is shown whole: no such button for it.
    expect(buttons.filter((b) => b.label.startsWith('Whole passage')).length).toBe(1);
    const shown = await press(whole.customId);
    expect(shown.ephemeral).toBe(true);
    expect(shown.embeds![0].description).toContain(long.slice(0, 200));
    expect(shown.embeds![0].description!.length).toBeLessThanOrEqual(4096);
  });

  it('THEN "Use as argument" carries the window in its custom id, within 100 characters', async () => {
    const reply = await run({ query: 'nep peasants' });
    const use = reply.buttons!.flat().filter((b) => b.label.startsWith('Use '));
    expect(use.some((b) => /^quote:use:doc:p1:\d+-\d+$/.test(b.customId))).toBe(true);
    for (const b of use) expect(b.customId.length).toBeLessThanOrEqual(100);
    // The window in the id gives exactly the words the page shows.
    const [, start, end] = /:(\d+)-(\d+)$/.exec(use.find((b) => b.customId.startsWith('quote:use:doc:p1:'))!.customId)!;
    expect(reply.embeds![0].description).toContain(`> ${windowText(long, { start: Number(start), end: Number(end) })}`);
  });

  it('THEN a crafted window that does not fit the passage is refused, nothing recorded', async () => {
    for (const id of ['quote:use:doc:p1:500-100', `quote:use:doc:p1:0-${long.length + 5}`, 'quote:use:doc:p1:0-99999']) {
      const r = await press(id);
      expect(r.ephemeral, id).toBe(true);
      expect(r.content, id).toMatch(/no longer matches the passage|Run \/quote again/);
    }
  });
});

describe('GIVEN the source option', () => {
  it('THEN it narrows to the work and autocompletes from the works cited', async () => {
    const reply = await run({ query: 'revolution', source: 'Revolution Betrayed' });
    expect(reply.embeds![0].title).toMatch(/The Revolution Betrayed/);
    const choices = await quote.autocomplete!({ ...commandContext(services, {}), focused: { name: 'source', value: 'revol' } });
    expect(choices.map((c) => c.name)).toEqual(['The Revolution Betrayed']);
    const refused = await run({ query: 'revolution', source: 'Das Kapital' });
    expect(refused.ephemeral).toBe(true);
    expect(refused.content).toMatch(/No work called “Das Kapital”/);
  });
});
