/**
 * Forms end to end: the real bot process (run through tsx, as `npm start` runs edited sources, so that it can
 * load the tests' own command: COMMANDS_DIR names tests/e2e/discord/form-commands) against the local Discord.
 * A button press is answered with a modal, the modal submitted as Discord submits one (MODAL_SUBMIT over the
 * gateway), and the answer updates the message; everything the bot sent is within Discord's rules.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, modalProblems } from '../../discord/fake-discord.js';
import { PROJECT_ROOT, spawnBot, type BotProcess } from '../../discord/bot-process.js';
import { inspectCall } from '../fault/payloads.js';

const fake = new FakeDiscord();
let bot: BotProcess;

beforeAll(async () => {
  await fake.start();
  bot = spawnBot(fake, {
    args: ['exec', '--silent', '--', 'tsx', 'src/main.ts'],
    env: { COMMANDS_DIR: path.join(PROJECT_ROOT, 'tests/e2e/discord/form-commands') },
  });
  await bot.ready;
}, 60_000);

afterAll(async () => {
  bot?.signal('SIGTERM');
  await bot?.exited;
  await fake.stop();
});

describe('a form through the real bot', () => {
  it('GIVEN the stand-in command set THEN the bot is ready with that one command', async () => {
    expect((await bot.ready).commands).toBe(1);
  });

  it('GIVEN Propose pressed, the form filled in and submitted THEN a modal Discord accepts, then the message updated with what was typed', async () => {
    const posted = fake.message({ content: 'Propose a motion for the next debate.' });
    const form = await fake.pressForForm('propose:open:1', posted);
    expect(modalProblems(form.call.body.data)).toEqual([]);
    expect(form.fields.map((f) => [f.id, f.required])).toEqual([['motion', true], ['side', true], ['reason', false]]);
    const sent = form.submit({ motion: 'This house would keep the NEP @everyone', reason: 'The towns ate' });
    const call = await sent.callback();
    expect(call.body.type).toBe(7);
    expect(call.body.data.content).toMatch(/^Motion proposed by ada \(for\): “This house would keep the NEP @\u200beveryone”\. Reason: The towns ate$/);
    expect(call.at - sent.sentAt).toBeLessThan(3_000); // within Discord's deadline
  });

  it('GIVEN /propose form:true THEN the form opens at once and its submission is answered as a reply', async () => {
    const form = await fake.form(fake.slash('propose', [{ name: 'form', type: 5, value: true }]));
    const call = await form.submit({ motion: 'This house regrets the Kronstadt repression', side: 'against' }).callback();
    expect(call.body.type).toBe(4);
    expect(call.body.data.content).toMatch(/^Motion proposed by ada \(against\)/);
  });

  it('GIVEN everything the bot sent THEN no payload breaks a Discord rule or pings', () => {
    expect(fake.calls.flatMap((c) => inspectCall(c))).toEqual([]);
    expect(fake.calls.filter((c) => c.status !== undefined && c.status >= 400)).toEqual([]);
  });
});
