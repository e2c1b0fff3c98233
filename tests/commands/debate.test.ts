import { afterEach, describe, expect, it } from 'vitest';
import type { CommandContext, ComponentContext } from '../../src/seam/command.js';
import type { Actor, Reply } from '../../src/seam/reply.js';
import { openDatabase } from '../../src/db/open.js';
import { sqliteSql } from '../../src/db/sql-sqlite.js';
import { createDebateService, type DebateService } from '../../src/debate/service.js';
import type { Services } from '../../src/app/services.js';
import * as argue from '../../commands/argue.js';
import * as debate from '../../commands/debate.js';
import { FakeClock, fakeGateway, silent } from '../debate/fakes.js';
import { makeCorpus } from '../helpers/corpus.js';
import { testServices } from '../helpers/services.js';

const host: Actor = { id: 'host', name: 'Hosta', isModerator: false };
const mod: Actor = { id: 'mod', name: 'Modra', isModerator: true };
const ann: Actor = { id: 'ann', name: 'Ann', isModerator: false };
const dan: Actor = { id: 'dan', name: 'Dan', isModerator: false };

const opened: DebateService[] = [];
afterEach(() => opened.splice(0).forEach((s) => s.stop()));

async function world() {
  const clock = new FakeClock();
  const gateway = fakeGateway(clock);
  const debates = createDebateService({ sql: sqliteSql(openDatabase(':memory:')), now: clock.read, log: silent, timers: clock, gateway, formatsDir: '/nonexistent' });
  opened.push(debates);
  await debates.startScheduler();
  const services: Services = { ...testServices(makeCorpus({}), clock.read), debates };
  let channelId = 'c1';
  const run = (actor: Actor, subcommand: string, options: CommandContext['options'] = {}, where = channelId): Promise<Reply> =>
    debate.execute({ services, commands: [], actor, guildId: 'g1', channelId: where, subcommand, options, channels: gateway });
  const press = (actor: Actor, customId: string): Promise<Reply> => {
    const ctx: ComponentContext = { services, commands: [], actor, guildId: 'g1', channelId, channels: gateway, args: customId.split(':').slice(1) };
    return debate.component(ctx);
  };
  const argueAs = (actor: Actor, text: string, source?: string): Promise<Reply> =>
    argue.execute({ services, commands: [], actor, guildId: 'g1', channelId, subcommand: null, options: { text, source }, channels: gateway });
  return { clock, gateway, debates, services, run, press, argueAs, moveTo: (id: string) => (channelId = id) };
}

describe('/debate and /argue with a hand-made CommandContext', () => {
  it('GIVEN a short debate THEN start, join by button and command, begin, argue, poi, pause, extend, next, status, end', async () => {
    const w = await world();
    const started = await w.run(host, 'start', { motion: 'This house believes a Trotskyist USSR would have been better', format: 'open-floor', sides: 'Trotsky, Stalin', turn_seconds: 90 });
    expect(started.ephemeral).toBeUndefined();
    expect(started.content).toContain('Debate opened in <#thread-1> (Open floor)');
    w.moveTo('thread-1');
    const card = w.gateway.sent.find((s) => s.reply.buttons)!;
    const [joinTrotsky] = card.reply.buttons![0];
    expect(joinTrotsky.label).toBe('Join Trotsky');
    expect(await w.press(ann, joinTrotsky.customId)).toEqual({ ephemeral: true, content: 'You joined Trotsky.' });
    expect(await w.run(dan, 'join', { side: 'stalin' })).toEqual({ ephemeral: true, content: 'You joined Stalin.' });
    expect((await w.run(dan, 'join', { side: 'trotsky' })).content).toBe('You have already joined Stalin. Use /debate leave first to change sides.');

    expect(await w.run(ann, 'begin')).toEqual({ ephemeral: true, content: 'Only the host or a moderator (Manage Threads) can begin the debate.' });
    expect((await w.run(host, 'begin')).content).toBe('Turn 1: Floor turn 1, Ann speaking.');
    const announce = w.gateway.sent.at(-1)!;
    expect(announce.channelId).toBe('thread-1');
    expect(announce.reply.allowedUserMentions).toEqual(['ann']);

    expect(await w.argueAs(dan, 'Out of turn')).toEqual({ ephemeral: true, content: 'It is not your turn: the current speaker is Ann. Wait for your turn to argue.' });
    const argued = await w.argueAs(ann, 'The Left Opposition had an industrial plan.', 'Deutscher');
    expect(argued).toEqual({ content: '**Ann** (Trotsky, Floor turn 1): The Left Opposition had an industrial plan.\n— Source: Deutscher' });

    expect((await w.run(dan, 'poi')).content).toBe('Points of information are not taken during the Floor turn 1 (Open floor).');
    expect((await w.run(dan, 'pause')).content).toBe('Only the host or a moderator (Manage Threads) can pause the debate.');
    await w.clock.advance(30_000);
    expect((await w.run(mod, 'pause')).content).toBe('Paused with 1:00 left.');
    expect((await w.run(mod, 'extend', { seconds: 30 })).content).toBe('Added 30 s to the turn.');
    const status = await w.run(dan, 'status');
    expect(status.ephemeral).toBe(true);
    expect(status.embeds?.[0].description).toBe('Paused: turn 1 of 10, Floor turn 1 (Trotsky), Ann speaking, 1:30 left.');
    expect((await w.run(host, 'resume')).content).toBe('Resumed.');
    expect((await w.run(ann, 'next')).content).toBe('Turn 1 closed after 0:30. Turn 2: Floor turn 2, Dan speaking.');

    expect((await w.run(ann, 'end')).content).toBe('Only the host or a moderator (Manage Threads) can end the debate.');
    // Ending asks first; "Keep debating" changes nothing, and someone else cannot press "End" for the host.
    const asked = await w.run(host, 'end');
    expect(asked.ephemeral).toBe(true);
    expect(asked.content).toMatch(/^End the debate “This house .*” now\? Its turns stop and its record is posted in the thread\.$/);
    const [endButton, keepButton] = asked.buttons![0];
    expect([endButton.label, keepButton.label]).toEqual(['End the debate', 'Keep debating']);
    expect((await w.press(host, keepButton.customId)).content).toBe('The debate goes on.');
    expect((await w.run(dan, 'status')).embeds?.[0].description).toMatch(/^Running/);
    expect((await w.press(ann, endButton.customId)).content).toBe('Only the host or a moderator (Manage Threads) can end the debate.');
    expect((await w.press(host, endButton.customId)).content).toBe('Turn 2 closed after 0:00. The debate has ended; its record is posted in the thread.');
    const rec = w.gateway.sent.at(-1)!;
    expect(rec.reply.attachments?.[0].content).toContain('The Left Opposition had an industrial plan.');
    expect((await w.run(host, 'pause')).content).toBe('There is no debate open here. Start one with /debate start, or use the command in the debate\'s thread.');
  });

  /** An Oxford debate in thread-1, Ann speaking for and Dan against, its first speech begun. */
  async function oxfordBegun() {
    const w = await world();
    await w.run(host, 'start', { motion: 'Oxford motion' });
    w.moveTo('thread-1');
    await w.run(ann, 'join', { side: 'for' });
    await w.run(dan, 'join', { side: 'against' });
    await w.run(host, 'begin');
    return w;
  }

  it('GIVEN an Oxford debate THEN the speaker gets Accept/Decline buttons for a POI and only they can press them', async () => {
    const w = await oxfordBegun();
    expect((await w.run(dan, 'poi')).content).toBe('The first 60 s of this speech are protected: try again in 60 s.');
    await w.clock.advance(61_000);
    expect((await w.run(dan, 'poi')).content).toBe('Your point of information is offered; the speaker will accept or decline it.');
    const offer = w.gateway.sent.at(-1)!;
    expect(offer.reply.allowedUserMentions).toEqual(['ann']);
    const [accept] = offer.reply.buttons![0];
    expect((await w.press(dan, accept.customId)).content).toBe('Only the speaker, Ann, can answer a point of information.');
    expect((await w.press(ann, accept.customId)).content).toBe("You accepted Dan's point of information.");
    expect(w.gateway.sent.at(-1)?.reply.content).toBe("Ann accepts Dan's point of information.");
    // The offer itself now says what became of it, and has no buttons left to press.
    const closed = w.gateway.sent.find((s) => s.kind === 'edit' && s.messageId === offer.messageId);
    expect(closed?.reply).toEqual({ content: "✋ Dan's point of information: accepted by Ann.", buttons: [] });
  });

  it('GIVEN a POI still waiting when the speech ends THEN its offer says so and loses its buttons', async () => {
    const w = await oxfordBegun();
    await w.clock.advance(61_000);
    await w.run(dan, 'poi');
    const offer = w.gateway.sent.at(-1)!;
    await w.run(host, 'next');
    const closed = w.gateway.sent.find((s) => s.kind === 'edit' && s.messageId === offer.messageId);
    expect(closed?.reply).toEqual({ content: "✋ Dan's point of information: the speech ended before it was answered.", buttons: [] });
    // A press that was already in flight finds nothing to answer.
    expect((await w.press(dan, offer.reply.buttons![0][0].customId)).content).toBe('There is no point of information waiting for an answer.');
  });

  it('GIVEN bad input THEN each refusal is ephemeral and says what to do', async () => {
    const w = await world();
    const cases: [CommandContext['options'], string][] = [
      [{ motion: 'x'.repeat(301) }, 'The motion is 301 characters long; shorten it to at most 300.'],
      [{ motion: 'ok', format: 'cage-match' }, 'There is no format "cage-match". Pick one of: oxford, lincoln-douglas, british-parliamentary, open-floor.'],
      [{ motion: 'ok', turn_seconds: 0 }, 'A turn must last from 1 to 3600 whole seconds (an hour); 0 is not allowed.'],
      [{ motion: 'ok', turn_seconds: -30 }, 'A turn must last from 1 to 3600 whole seconds (an hour); -30 is not allowed.'],
      [{ motion: 'ok', turn_seconds: 7200 }, 'A turn must last from 1 to 3600 whole seconds (an hour); 7200 is not allowed.'],
      [{ motion: 'ok', sides: 'One' }, 'The Oxford format has 2 sides: give 2 different names of at most 50 characters, separated by commas.'],
    ];
    for (const [options, message] of cases) expect(await w.run(host, 'start', options)).toEqual({ ephemeral: true, content: message });
    expect(w.gateway.sent).toEqual([]);
    expect(await w.run(ann, 'join')).toEqual({ ephemeral: true, content: 'There is no debate open here. Start one with /debate start, or use the command in the debate\'s thread.' });
    expect((await w.press(ann, 'debate:join:nope:for')).content).toBe('That button no longer works. Use /debate status to see the debate.');
  });

  it('GIVEN a debate started in a thread-less channel THEN a second start there is refused', async () => {
    const w = await world();
    await w.run(host, 'start', { motion: 'First' });
    w.moveTo('thread-1');
    expect((await w.run(host, 'start', { motion: 'Second' })).content).toContain('A debate is already open here');
  });

  it('GIVEN commands from the parent channel THEN they reach the debate in its thread', async () => {
    const w = await world();
    await w.run(host, 'start', { motion: 'From the parent' });
    expect(await w.run(ann, 'join', { side: 'for' })).toEqual({ ephemeral: true, content: 'You joined For.' });
  });

  it('GIVEN a DM THEN a clear refusal', async () => {
    const w = await world();
    const dm = await debate.execute({ services: w.services, commands: [], actor: ann, guildId: null, channelId: 'dm', subcommand: 'status', options: {}, channels: w.gateway });
    expect(dm.content).toBe('Debates run in a server channel, not in direct messages.');
  });

  it('GIVEN autocomplete THEN formats and the debate\'s sides are offered', async () => {
    const w = await world();
    const base = { services: w.services, commands: [], actor: ann, guildId: 'g1', channelId: 'c1', subcommand: 'start', options: {} };
    expect(await debate.autocomplete({ ...base, focused: { name: 'format', value: 'brit' } })).toEqual([{ name: 'British Parliamentary', value: 'british-parliamentary' }]);
    await w.run(host, 'start', { motion: 'm', format: 'british-parliamentary' });
    expect((await debate.autocomplete({ ...base, channelId: 'thread-1', focused: { name: 'side', value: 'opp' } })).map((c) => c.value)).toEqual(['oo', 'co']);
  });

  it('GIVEN the command data THEN guild-only with every subcommand', () => {
    const json = debate.data.toJSON();
    expect(json.contexts).toEqual([0]);
    expect(json.options?.map((o) => o.name)).toEqual(['start', 'join', 'leave', 'begin', 'next', 'pause', 'resume', 'extend', 'poi', 'status', 'challenge', 'end', 'formats', 'judge']);
    expect(argue.data.toJSON().contexts).toEqual([0]);
  });
});
