/**
 * Forms (Discord modals) through the real discord.js client and the router, in-process, against the local
 * Discord stand-in: a button or a command answered with a form shows a modal Discord accepts, its submission
 * reaches the command with every field, and a form Discord cannot show (too late, or answering a form) is
 * said to the member and logged rather than lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandModule, ComponentContext } from '../../src/seam/command.js';
import type { Services } from '../../src/app/services.js';
import { loadConfig } from '../../src/app/config.js';
import { createLogger } from '../../src/app/logger.js';
import { startBot, type Bot } from '../../src/discord/run.js';
import { MESSAGES } from '../../src/discord/router.js';
import { FakeDiscord, modalProblems, type SentInteraction } from './fake-discord.js';
import { proposeCommand } from './form-command.js';

const EPHEMERAL = 64;

/** The slow button's handler waits here until the test releases it: always past the deferral, however busy the machine. */
let release: () => void = () => undefined;
let started: Promise<void> = Promise.resolve();
function hold(): void {
  let enter!: () => void;
  started = new Promise<void>((r) => (enter = r));
  const released = new Promise<void>((r) => (release = r));
  heldNow = async () => {
    enter();
    await released;
  };
}
let heldNow = async (): Promise<void> => undefined;

const seen: ComponentContext[] = [];
const commands = new Map<string, CommandModule>([['propose', proposeCommand({ seen, held: () => heldNow() })]]);
const logLines: string[] = [];
const fake = new FakeDiscord();
let bot: Bot;

beforeAll(async () => {
  await fake.start();
  const config = loadConfig({ DISCORD_TOKEN: 'test-token-for-forms', DISCORD_APP_ID: fake.appId, DISCORD_API_BASE: fake.apiBase, LOG_LEVEL: 'debug' });
  const log = createLogger(config, { destination: { write: (s: string) => void logLines.push(s) } });
  const services = { corpus: { size: { documents: 0, quotations: 0 } }, now: Date.now, log, joinHosts: async () => 'test-host', start: async () => undefined, close: async () => undefined } as unknown as Services;
  // Fast handlers answer well within 500 ms; the slow one is held by the test, not timed.
  bot = await startBot({ config, log, services, commands }, { deferAfterMs: 500 });
});

afterAll(async () => {
  await bot?.client.destroy();
  await fake.stop();
});

const logged = (msg: RegExp) => logLines.map((l) => JSON.parse(l)).filter((l) => msg.test(l.msg));

/** The message the Propose buttons are on, as the bot posted it. */
const proposal = () => fake.message({ content: 'Propose a motion for the next debate.' });

describe('a form opened by a button', () => {
  it('GIVEN Propose pressed THEN a modal Discord accepts: its title, one row per field with label, style, lengths, placeholder and pre-filled value', async () => {
    const form = await fake.pressForForm('propose:open:1', proposal());
    expect(form.call.status).toBe(204);
    expect(modalProblems(form.call.body.data)).toEqual([]);
    expect(form.customId).toBe('propose:submit:1');
    expect(form.title).toBe('Propose a motion');
    expect(form.fields).toEqual([
      { id: 'motion', label: 'Motion', style: 1, required: true, minLength: 10, maxLength: 200, placeholder: 'This house believes…', value: undefined },
      { id: 'side', label: 'Your side (for or against)', style: 1, required: true, minLength: undefined, maxLength: 7, placeholder: undefined, value: 'for' },
      { id: 'reason', label: 'Why debate it', style: 2, required: false, minLength: undefined, maxLength: 500, placeholder: undefined, value: undefined },
    ]);
  });

  it('GIVEN the form submitted with the reason left blank THEN the command gets its args and every field ("" for the blank one), and the message is updated', async () => {
    const form = await fake.pressForForm('propose:open:1', proposal());
    const call = await form.submit({ motion: 'This house would keep the NEP' }).callback();
    expect(seen.at(-1)!.args).toEqual(['submit', '1']);
    expect(seen.at(-1)!.fields).toEqual({ motion: 'This house would keep the NEP', side: 'for', reason: '' });
    expect(call.body.type).toBe(7); // a form from a message: its answer updates that message, as a button's does
    expect(call.body.data.content).toBe('Motion proposed by ada (for): “This house would keep the NEP”. Reason: none given');
  });

  it('GIVEN a submission the command refuses THEN an ephemeral refusal saying what to do', async () => {
    const form = await fake.pressForForm('propose:open:1', proposal());
    const call = await form.submit({ motion: 'This house would keep the NEP', side: 'maybe' }).callback();
    expect(call.body.type).toBe(4);
    expect(call.body.data.flags).toBe(EPHEMERAL);
    expect(call.body.data.content).toMatch(/must be "for" or "against", not "maybe"\. Nothing was proposed: press Propose again\./);
  });

  it('GIVEN hostile text typed into the form THEN the answer pings nobody', async () => {
    const form = await fake.pressForForm('propose:open:1', proposal());
    const call = await form.submit({ motion: '@everyone <@&123> [login](https://evil.example)', reason: '<@900000000000000002> @here' }).callback();
    expect(call.body.data.allowed_mentions).toMatchObject({ parse: [] });
    expect(call.body.data.content).not.toMatch(/(?<!\u200b)@(everyone|here)|<@&?\d+>/);
  });
});

describe('a form opened by a command', () => {
  it('GIVEN /propose form:true THEN a modal; its submission (from no message) is answered as a new reply', async () => {
    const form = await fake.form(fake.slash('propose', [{ name: 'form', type: 5, value: true }]));
    expect(form.customId).toBe('propose:submit');
    const call = await form.submit({ motion: 'This house regrets the Kronstadt repression', side: 'against' }).callback();
    expect(call.body.type).toBe(4);
    expect(call.body.data.flags ?? 0).toBe(0);
    expect(call.body.data.content).toMatch(/^Motion proposed by ada \(against\)/);
  });
});

describe('a form Discord cannot show', () => {
  it('GIVEN a button whose form comes after the deferral THEN an ephemeral "press the button again", a warning logged, and no modal sent', async () => {
    hold();
    const sent = fake.button('propose:slow', proposal());
    const from = fake.calls.length;
    expect((await sent.callback()).body.type).toBe(6); // deferUpdate: past the deferral, the answer was not yet known
    await started;
    release();
    const follow = await fake.waitForCall((c) => c.method === 'POST' && c.path === `/webhooks/${fake.appId}/${sent.token}`, 5000, from);
    expect(follow.body.flags).toBe(EPHEMERAL);
    expect(follow.body.content).toBe(MESSAGES.formTooSlow('button'));
    expect(follow.body.content).toMatch(/press the button again/);
    expect(fake.calls.slice(from).filter((c) => c.body?.type === 9)).toEqual([]);
    expect(logged(/a form came after the deferral/).filter((l) => l.form === 'propose:submit:slow')).toHaveLength(1);
  });

  it('GIVEN a command whose form comes after the deferral THEN its "thinking…" goes and an ephemeral "run the command again" follows', async () => {
    hold();
    const sent = fake.slash('propose', [{ name: 'slowly', type: 5, value: true }]);
    const from = fake.calls.length;
    expect((await sent.callback()).body.type).toBe(5);
    await started;
    release();
    const follow = await fake.waitForCall((c) => c.method === 'POST' && c.path === `/webhooks/${fake.appId}/${sent.token}`, 5000, from);
    expect(follow.body.flags).toBe(EPHEMERAL);
    expect(follow.body.content).toBe(MESSAGES.formTooSlow('command'));
    await fake.waitForCall((c) => c.method === 'DELETE' && c.path.includes(sent.token), 5000, from);
  });

  it('GIVEN a form submission answered with another form THEN an ephemeral message naming a bug with a reference, and an error logged', async () => {
    const form = await fake.pressForForm('propose:open:twice', proposal());
    const call = await form.submit({ motion: 'This house would keep the NEP' }).callback();
    expect(call.body.type).toBe(4);
    expect(call.body.data.flags).toBe(EPHEMERAL);
    expect(call.body.data.content).toMatch(/^Your form was answered with another form, which Discord cannot show\. This is a bug on our side and has been logged \(reference [\w-]+\)\.$/);
    const [line] = logged(/a form answered a form submission/);
    expect(line).toMatchObject({ level: 50, form: 'propose:submit:again' });
    expect(call.body.data.content).toContain(line.ref);
  });

  it('GIVEN a form with no field THEN "Something went wrong" privately and an error logged; Discord never gets the empty modal', async () => {
    const sent = fake.button('propose:empty', proposal());
    const call = await sent.callback();
    expect(call.body.type).toBe(4);
    expect(call.body.data.flags).toBe(EPHEMERAL);
    expect(call.body.data.content).toMatch(/^Something went wrong/);
    expect(logLines.some((l) => l.includes('has no field to show'))).toBe(true);
  });
});

describe('submissions', () => {
  it('GIVEN a submission for a command that no longer exists, or has no buttons THEN the stale-form answer, privately', async () => {
    for (const id of ['vanished:submit:1', 'nothing']) {
      const call = await fake.modal(id, { motion: 'x' }).callback();
      expect(call.body.data.flags).toBe(EPHEMERAL);
      expect(call.body.data.content).toBe(MESSAGES.staleForm);
    }
  });

  it('GIVEN a submission whose field comes without a value, or with null THEN that field is ""', async () => {
    const components = [
      { type: 1, components: [{ type: 4, custom_id: 'motion', value: 'This house would keep the NEP' }] },
      { type: 1, components: [{ type: 4, custom_id: 'side', value: 'for' }] },
      { type: 1, components: [{ type: 4, custom_id: 'reason' }] },
      { type: 18, id: 4, component: { type: 4, custom_id: 'note', value: null } },
    ];
    const sent: SentInteraction = fake.raw(5, { custom_id: 'propose:submit', components });
    await sent.callback();
    expect(seen.at(-1)!.fields).toEqual({ motion: 'This house would keep the NEP', side: 'for', reason: '', note: '' });
  });

  it('GIVEN the stand-in THEN it refuses a modal Discord would refuse (a malformed one, one answering a form, one after another answer)', async () => {
    expect(modalProblems({ custom_id: 'x', title: 'y'.repeat(46), components: [] })).toEqual(['title: 46 characters, must be 1-45', '0 components, must be 1-5']);
    const input = { type: 4, custom_id: 'a', label: 'A', style: 1, max_length: 3, value: 'four' };
    expect(modalProblems({ custom_id: 'x', title: 'y', components: [{ type: 1, components: [input] }] })).toEqual(['components[0].value: 4 characters, must be 0-3']);
    const modal = { type: 9, data: { custom_id: 'x', title: 'y', components: [{ type: 1, components: [{ ...input, value: 'ok' }] }] } };
    const answer = async (sent: SentInteraction) => {
      await sent.callback();
      const res = await fetch(`${fake.apiBase}/v10/interactions/${sent.id}/${sent.token}/callback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(modal) });
      return { status: res.status, body: (await res.json()) as { code: number } };
    };
    expect(await answer(fake.modal('vanished:x', {}))).toMatchObject({ status: 400, body: { code: 50035 } });
    expect(await answer(fake.button('propose:open:1', proposal()))).toMatchObject({ status: 400, body: { code: 40060 } });
  });
});
