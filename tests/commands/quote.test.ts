import { describe, expect, it } from 'vitest';
import * as quote from '../../commands/quote.js';
import { makeCorpus } from '../helpers/corpus.js';
import { commandContext, componentContext, testServices } from '../helpers/services.js';

const services = testServices(
  makeCorpus({
    author: 'Iain McKay',
    title: 'The Bureaucracy in Exile',
    quotes: [
      { text: 'the bureaucracy is the main enemy', speaker: 'Victor Serge', source: 'Memoirs of a Revolutionary, 1901–1941 (Oxford, 1967), 225' },
      { text: 'bureaucratic rule must end, @everyone <@123> <@&456>', speaker: 'Victor Serge' },
      { text: 'a bureaucratic caste rules', speaker: 'Victor Serge' },
      { text: 'the bureaucracy in exile', speaker: 'Leon Trotsky' },
    ],
  }),
);

describe('/quote', () => {
  it('GIVEN serge bureaucracy THEN shows the words, the speaker, the text and the original source', async () => {
    const reply = await quote.execute(commandContext(services, { query: 'serge bureaucracy main enemy', limit: 1 }));
    const embed = reply.embeds![0];
    expect(embed.description).toContain('the bureaucracy is the main enemy');
    expect(embed.description).toContain('Victor Serge');
    expect(embed.description).toContain('The Bureaucracy in Exile');
    expect(embed.description).toContain('Memoirs of a Revolutionary, 1901–1941 (Oxford, 1967), 225');
    expect(embed.footer).toMatch(/^1–1 of \d/);
    expect(reply.ephemeral).toBeFalsy();
  });

  it('GIVEN more results than fit THEN Next pages on and Previous comes back', async () => {
    const first = await quote.execute(commandContext(services, { query: 'serge bureaucracy', limit: 1 }));
    const next = first.buttons!.flat().find((b) => b.label.includes('Next'))!;
    const second = await quote.component!(componentContext(services, next.customId));
    expect(first.embeds![0].footer).toMatch(/^1–1 of 3/);
    expect(second.embeds![0].footer).toMatch(/^2–2 of 3/);
    expect(second.embeds![0].description).not.toEqual(first.embeds![0].description);
    const prev = second.buttons!.flat().find((b) => b.label.includes('Previous'))!;
    const back = await quote.component!(componentContext(services, prev.customId));
    expect(back.embeds![0].description).toEqual(first.embeds![0].description);
  });

  it('GIVEN a quotation holding mentions THEN nothing in it can ping', async () => {
    const reply = await quote.execute(commandContext(services, { query: 'bureaucratic rule must end', limit: 1 }));
    const d = reply.embeds![0].description!;
    expect(d).not.toMatch(/@everyone|<@123>|<@&456>/);
    expect(d).toContain('@\u200beveryone');
  });

  it('GIVEN nothing matching THEN says so, ephemerally', async () => {
    const reply = await quote.execute(commandContext(services, { query: 'zeppelins' }));
    expect(reply).toMatchObject({ ephemeral: true, content: expect.stringMatching(/Nothing found for “zeppelins”/) });
  });

  it('GIVEN a 6,000-character query THEN refuses ephemerally with the limit', async () => {
    const reply = await quote.execute(commandContext(services, { query: 'a'.repeat(6000) }));
    expect(reply).toMatchObject({ ephemeral: true, content: expect.stringMatching(/at most 300 characters/) });
  });

  it('GIVEN a stale or forged paging button THEN explains it expired', async () => {
    const reply = await quote.component!(componentContext(services, 'quote:page:x:y:#999'));
    expect(reply).toMatchObject({ ephemeral: true, content: expect.stringMatching(/expired/) });
  });

  it('GIVEN a long query THEN its paging buttons still fit Discord and work', async () => {
    const long = `serge ${'bureaucracy '.repeat(20)}`.trim();
    const first = await quote.execute(commandContext(services, { query: long, limit: 1 }));
    const next = first.buttons!.flat().find((b) => b.label.includes('Next'))!;
    expect(next.customId.length).toBeLessThanOrEqual(100);
    const second = await quote.component!(componentContext(services, next.customId));
    expect(second.embeds![0].footer).toMatch(/^2–2/);
  });

  it('GIVEN a partly typed speaker THEN autocomplete offers matching names', async () => {
    const { channels: _c, ...ctx } = commandContext(services, {});
    const choices = await quote.autocomplete!({ ...ctx, focused: { name: 'speaker', value: 'ser' } });
    expect(choices.map((c) => c.name)).toEqual(['Victor Serge']);
  });
});
