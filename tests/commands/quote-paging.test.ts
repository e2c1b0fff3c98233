/** Crafted /quote paging buttons (issue 17, item 8): a sensible page or a clear refusal, never "-4–-2 of 14". */
import { describe, expect, it } from 'vitest';
import * as quote from '../../commands/quote.js';
import { makeCorpus } from '../helpers/corpus.js';
import { componentContext, testServices } from '../helpers/services.js';

const services = testServices(
  makeCorpus({
    title: 'The Bureaucracy in Exile',
    quotes: [
      { text: 'the bureaucracy is the main enemy', speaker: 'Victor Serge' },
      { text: 'a bureaucratic caste rules', speaker: 'Victor Serge' },
      { text: 'the bureaucracy in exile', speaker: 'Leon Trotsky' },
      { text: 'bureaucracy grows where the revolution ebbs', speaker: 'Leon Trotsky' },
    ],
  }),
);
const press = (customId: string) => quote.component!(componentContext(services, customId));
const EXPIRED = /These results have expired\. Run \/quote again/;

describe('/quote paging buttons', () => {
  it('GIVEN a negative, fractional or non-numeric page THEN a clear refusal, nothing shown', async () => {
    for (const offset of ['-5', '-1', '1.5', '1e3', '0x2', '', ' 2', 'NaN', 'Infinity']) {
      const r = await press(`quote:page:${offset}:1:|bureaucracy`);
      expect(r, offset).toMatchObject({ ephemeral: true, content: expect.stringMatching(EXPIRED) });
    }
    for (const limit of ['-1', 'x', '2.5']) expect((await press(`quote:page:0:${limit}:|bureaucracy`)).content).toMatch(EXPIRED);
  });

  it('GIVEN a limit out of range THEN the limit is explained', async () => {
    expect((await press('quote:page:0:0:|bureaucracy')).content).toMatch(/The limit is a number from 1 to/);
    expect((await press('quote:page:0:500:|bureaucracy')).content).toMatch(/The limit is a number from 1 to/);
  });

  it('GIVEN a page past the end THEN the last page, numbered as it is', async () => {
    const r = await press('quote:page:9000:2:|bureaucracy');
    const footer = r.embeds![0]!.footer!;
    const [, from, to, total] = /^(\d+)–(\d+) of (\d+)/.exec(footer)!.map(Number);
    expect(to).toBe(total);
    expect(from).toBeGreaterThanOrEqual(1);
    expect(from).toBeLessThanOrEqual(to!);
    expect(r.buttons!.flat().some((b) => b.label.includes('Next'))).toBe(false);
  });

  it('GIVEN every page number a button can carry THEN no footer ever counts below 1', async () => {
    for (const offset of ['0', '1', '2', '3', '4', '5', '99']) {
      const r = await press(`quote:page:${offset}:2:|bureaucracy`);
      if (r.embeds) expect(r.embeds[0]!.footer).toMatch(/^[1-9]\d*–[1-9]\d* of [1-9]/);
      else expect(r.ephemeral).toBe(true);
    }
  });
});
