/**
 * Forms in the console: the test command's form (tests/discord/form-command.ts, the one the Discord tests
 * submit as a modal) asked field by field under the rules Discord's modal keeps, then sent to the command as
 * Discord sends a submission: every field, "" for one left blank.
 */
import { describe, expect, it } from 'vitest';
import pino from 'pino';
import type { ComponentContext } from '../../src/seam/command.js';
import type { Services } from '../../src/app/services.js';
import { FormPrompt } from '../../src/console/form.js';
import { dispatch } from '../../src/console/dispatch.js';
import { proposalForm, proposeCommand } from '../discord/form-command.js';
import { place, startConsole } from './session.js';

const seen: ComponentContext[] = [];
const extra = () => new Map([['propose', proposeCommand({ seen })]]);

const MOTION = /Motion \(field 1 of 3, 10 to 200 characters, e\.g\. “This house believes…”\):\n$/;
const SIDE = /Your side \(for or against\) \(field 2 of 3, at most 7 characters\) — now “for”: an empty line keeps it:\n$/;
const REASON = /Why debate it \(field 3 of 3, optional, at most 500 characters, \\n for a new line\):\n$/;

describe('a form in the console', () => {
  it('GIVEN Propose pressed THEN each field is asked in turn, a short answer asked again, the pre-filled side kept, and the answer updates the message', async () => {
    const c = await startConsole(place(), extra());
    await c.type('/propose', /\[1\] Propose   \[2\] Propose \(slowly\)/);
    const opened = await c.type('/press 1', MOTION);
    expect(opened).toMatch(/^\[form for @you\] Propose a motion — 3 fields, one answer a line; \/cancel abandons it\n/);
    expect(await c.type('short', /Motion needs at least 10 characters \(5 given\); type it again\.\nMotion \(field 1/)).not.toMatch(/Your side/);
    await c.type('This house would keep the NEP', SIDE);
    await c.type('', REASON);
    const answered = await c.type('', /Motion proposed by/);
    expect(answered).toMatch(/^\[#console, edited\] Motion proposed by you \(for\): “This house would keep the NEP”\. Reason: none given\n$/);
    expect(seen.at(-1)!.args).toEqual(['submit', '1']);
    expect(seen.at(-1)!.fields).toEqual({ motion: 'This house would keep the NEP', side: 'for', reason: '' });
    await c.end();
  });

  it('GIVEN a form opened by a command THEN a required field left blank and a side too long are asked again; the answer is a new message', async () => {
    const c = await startConsole(place(), extra());
    await c.type('/propose form:true', MOTION);
    await c.type('', /Motion is required: type an answer, or \/cancel to abandon the form\.\nMotion \(field 1/);
    await c.type('This house regrets the Kronstadt repression', SIDE);
    await c.type('sometimes', /Your side \(for or against\) takes at most 7 characters \(9 given\); type it again\.\nYour side/);
    await c.type('against', REASON);
    const answered = await c.type('The sailors asked\\nfor soviets without parties', /Motion proposed/);
    expect(answered).toMatch(/^Motion proposed by you \(against\): “This house regrets the Kronstadt repression”\. Reason: The sailors asked\nfor soviets without parties\n$/);
    expect(seen.at(-1)!.fields!.reason).toBe('The sailors asked\nfor soviets without parties');
    expect(seen.at(-1)!.args).toEqual(['submit']);
    await c.end();
  });

  it('GIVEN another member presses THEN the form is theirs: "@name" before an answer is dropped, and a refusal reaches them alone', async () => {
    const c = await startConsole(place(), extra());
    await c.type('/propose', /\[1\] Propose/);
    await c.type('@alice /press 1', /\[form for @alice\] Propose a motion/);
    await c.type('@alice This house would keep the NEP', SIDE);
    await c.type('maybe', REASON);
    const refused = await c.type('', /Nothing was proposed/);
    expect(refused).toMatch(/^\(only @alice can see this\)\nYour side must be "for" or "against", not "maybe"\. Nothing was proposed: press Propose again\./);
    expect(seen.at(-1)!.actor.name).toBe('alice');
    await c.end();
  });

  it('GIVEN /cancel THEN the form is abandoned with nothing sent, and the next line is a command again', async () => {
    const c = await startConsole(place(), extra());
    await c.type('/propose form:true', MOTION);
    const before = seen.length;
    await c.type('This house would keep the NEP', SIDE);
    await c.type('/cancel', /^\(form abandoned: nothing was sent\)\n$/);
    expect(seen.length).toBe(before);
    await c.type('/propose', /Propose a motion for the next debate\./);
    await c.type('/press 1', MOTION);
    expect(await c.end()).toMatch(/\(form abandoned: the input ended before it was sent\)\n$/);
  });

  it('GIVEN a submission answered with another form, or a form with no field THEN a private message saying so, nothing asked', async () => {
    const c = await startConsole(place(), extra());
    await c.type('/propose', /\[1\] Propose/);
    await c.type('/press 3', MOTION); // Propose twice: its submission is answered with a form
    await c.type('This house would keep the NEP', SIDE);
    await c.type('', REASON);
    await c.type('', /\(only you can see this\)\nYour form was answered with another form, which Discord cannot show\. This is a bug; it has been logged\./);
    const empty = await c.type('/press 4', /only you can see this/);
    expect(empty).toMatch(/Something went wrong with that form; nothing was sent/);
    expect(empty).not.toMatch(/\[form/);
    await c.end();
  });
});

describe('the form prompt', () => {
  it('GIVEN a pre-filled optional field THEN an empty line keeps it and /clear empties it', () => {
    const form = { customId: 'x:y', title: 'T', fields: [{ id: 'a', label: 'A', required: false, value: 'kept' }, { id: 'b', label: 'B', required: false, value: 'gone' }] };
    const prompt = new FormPrompt(form);
    expect(prompt.start('you')).toMatch(/A \(field 1 of 2, optional\) — now “kept”: an empty line keeps it, \/clear empties it:$/);
    expect(prompt.answer('')).toEqual({ say: 'B (field 2 of 2, optional) — now “gone”: an empty line keeps it, /clear empties it:' });
    expect(prompt.answer('/clear')).toEqual({ submit: { a: 'kept', b: '' } });
  });

  it('GIVEN a pre-filled paragraph THEN its line breaks are shown as \\n, and \\n typed is a line break', () => {
    const prompt = new FormPrompt({ customId: 'x:y', title: 'T', fields: [{ id: 'scores', label: 'Scores', style: 'paragraph', value: 'alice: \nbob: ' }] });
    expect(prompt.start('you')).toMatch(/Scores \(field 1 of 1, \\n for a new line\) — now “alice: \\nbob: ”: an empty line keeps it:$/);
    expect(prompt.answer('alice: 75\\nbob: 72')).toEqual({ submit: { scores: 'alice: 75\nbob: 72' } });
  });

  it('GIVEN the test command\'s form THEN the console asks for what Discord shows (the same safe form)', () => {
    const prompt = new FormPrompt(proposalForm('propose:submit:1'));
    expect(prompt.customId).toBe('propose:submit:1');
    expect(prompt.start('you').split('\n')).toHaveLength(2);
  });

  it('GIVEN a form submitted for a command that no longer has buttons THEN "that form no longer works", nothing saved', async () => {
    const services = { log: pino({ level: 'silent' }) } as unknown as Services;
    const r = await dispatch({ kind: 'form', customId: 'vanished:submit', fields: { a: '' } }, { services, commands: new Map(), actor: { id: 'console:you', name: 'you', isModerator: true }, channel: 'console', gateway: {} as never });
    expect(r).toEqual({ ephemeral: true, content: 'That form no longer works, so nothing was saved. Run the command again.' });
  });
});
