import { afterEach, describe, expect, it } from 'vitest';
import type { ComponentContext } from '../../src/seam/command.js';
import type { Actor } from '../../src/seam/reply.js';
import { openDatabase } from '../../src/db/open.js';
import { sqliteSql } from '../../src/db/sql-sqlite.js';
import { createDebateService, type DebateService } from '../../src/debate/service.js';
import type { Services } from '../../src/app/services.js';
import * as debate from '../../commands/debate.js';
import * as quote from '../../commands/quote.js';
import { FakeClock, fakeGateway, silent } from '../debate/fakes.js';
import { makeCorpus } from '../helpers/corpus.js';
import { testServices } from '../helpers/services.js';

const host: Actor = { id: 'host', name: 'Hosta', isModerator: true };
const ann: Actor = { id: 'ann', name: 'Ann', isModerator: false };
const dan: Actor = { id: 'dan', name: 'Dan', isModerator: false };

const opened: DebateService[] = [];
afterEach(() => opened.splice(0).forEach((s) => s.stop()));

async function debateInThread() {
  const clock = new FakeClock();
  const gateway = fakeGateway(clock);
  const debates = createDebateService({ sql: sqliteSql(openDatabase(':memory:')), now: clock.read, log: silent, timers: clock, gateway, formatsDir: '/nonexistent' });
  opened.push(debates);
  const corpus = makeCorpus({
    title: 'The Bureaucracy in Exile',
    quotes: [{ text: 'the greatest reach of boldness of the Left Opposition', speaker: 'Victor Serge', source: 'Memoirs of a Revolutionary, 225' }],
  });
  const services: Services = { ...testServices(corpus, clock.read), debates };
  const base = { services, commands: [], guildId: 'g1', channels: gateway };
  await debate.execute({ ...base, actor: host, channelId: 'c1', subcommand: 'start', options: { motion: 'This house regrets Stalin', format: 'open-floor', turn_seconds: 60 } });
  const thread = 'thread-1';
  await debate.execute({ ...base, actor: ann, channelId: thread, subcommand: 'join', options: { side: 'for' } });
  await debate.execute({ ...base, actor: dan, channelId: thread, subcommand: 'join', options: { side: 'against' } });
  const found = await quote.execute({ ...base, actor: ann, channelId: thread, subcommand: null, options: { query: 'serge boldness' } });
  const press = (actor: Actor, customId: string, channelId = thread) => {
    const ctx: ComponentContext = { ...base, actor, channelId, args: customId.split(':').slice(1) };
    return quote.component!(ctx);
  };
  return { base, thread, debates, found, press };
}

describe('"Use as argument" on a /quote result', () => {
  it('GIVEN the presser has the floor THEN the quotation is posted as their argument with its citation', async () => {
    const w = await debateInThread();
    const use = w.found.buttons!.flat().find((b) => b.label === 'Use 1 as argument')!;
    expect(use.customId).toMatch(/^quote:use:/);
    await debate.execute({ ...w.base, actor: host, channelId: w.thread, subcommand: 'begin', options: {} });
    const reply = await w.press(ann, use.customId);
    expect(reply.ephemeral).toBeFalsy();
    expect(reply.content).toContain('“the greatest reach of boldness of the Left Opposition” — Victor Serge');
    expect(reply.content).toContain('Source: Victor Serge, quoted in The Bureaucracy in Exile');
    expect(reply.content).toContain('original: Memoirs of a Revolutionary, 225');
    const id = (await w.debates.locate(w.thread)) as number;
    expect((await w.debates.arguments(id)).map((a) => a.text)).toEqual(['“the greatest reach of boldness of the Left Opposition” — Victor Serge']);
  });

  it('GIVEN it is not the presser’s turn, or no debate runs here THEN it refuses privately and records nothing', async () => {
    const w = await debateInThread();
    const use = w.found.buttons!.flat().find((b) => b.label === 'Use 1 as argument')!;
    await debate.execute({ ...w.base, actor: host, channelId: w.thread, subcommand: 'begin', options: {} });
    expect(await w.press(dan, use.customId)).toMatchObject({ ephemeral: true, content: expect.stringMatching(/not your turn/) });
    expect((await w.press(ann, use.customId, 'elsewhere')).ephemeral).toBe(true);
    expect(await w.press(ann, 'quote:use:no-such-id')).toMatchObject({ ephemeral: true, content: expect.stringMatching(/no longer in the corpus/) });
    const id = (await w.debates.locate(w.thread)) as number;
    expect(await w.debates.arguments(id)).toEqual([]);
  });
});

describe('an argument announced back to the channel', () => {
  it('GIVEN mentions and an unsafe link in it THEN nothing pings and the link is not clickable', async () => {
    const { argumentReply } = await import('../../src/views/argument.js');
    const w = await debateInThread();
    await debate.execute({ ...w.base, actor: host, channelId: w.thread, subcommand: 'begin', options: {} });
    const out = await w.debates.act(w.thread, ann, { kind: 'argue', text: '@everyone look <@&123> [click](javascript:alert(1))', source: 'javascript:alert(2)' });
    if (!out.ok) throw new Error(out.message);
    const content = argumentReply(out).content!;
    expect(content).not.toMatch(/@everyone|<@&123>|javascript:|\]\(/);
    expect(content).toContain('@\u200beveryone');
  });
});
