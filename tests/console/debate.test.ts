import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { place, startConsole } from './session.js';

/** The path a "(attachment … written to <path>, N characters)" line names. */
const writtenTo = (out: string, name: RegExp): string => {
  const m = new RegExp(`\\(attachment ${name.source} written to (\\S+), \\d+ characters\\)`).exec(out);
  expect(m, `no written attachment ${name} in:\n${out}`).not.toBeNull();
  return resolve(m![1]);
};

describe('a whole debate in the console', () => {
  it('GIVEN several people typing THEN every step runs as on Discord: buttons pressed by whoever may, a POI accepted, a challenge answered, a ruling, exports written', async () => {
    const at = place();
    const c = await startConsole(at);
    const opened = await c.type('/debate start motion:"This house believes the NEP should have continued" turn_seconds:120', /Debate opened in #(thread-\w+)/);
    const thread = /Debate opened in #(thread-\w+)/.exec(opened)![1];
    // The motion card is a post in the thread; its Join buttons are public, so anyone may press them.
    expect(opened).toMatch(new RegExp(`\\[#${thread}\\] == Motion ==[\\s\\S]*\\[1\\] Join For   \\[2\\] Join Against   .*\\(message 1: /press N, or /press 1 N\\)`));
    expect(await c.type('@alice /press 1', /\(only @alice can see this\)\nYou joined For\./)).toMatch(/For \(1\/3\): alice/);
    expect(await c.type('@bob /press 2', /\(only @bob can see this\)\nYou joined Against\./)).toMatch(/Against \(1\/3\): bob/);
    await c.type('@carol /press 1 1', /\(only @carol can see this\)\nYou joined For\./);
    await c.type('/debate begin', /Turn 1: Opening, alice speaking\./);

    const argued = await c.type('@alice /argue text:The NEP fed the towns source:Carr, The Bolshevik Revolution', /\(only @alice can see this\)/);
    expect(argued).toMatch(/-# Argument #1 · 📎 cited\n\[1\] Citation needed/);

    // A point of information: refused in protected time, offered after it, answered by the speaker's press.
    await c.type('@bob /debate poi', /The first 30 s of this speech are protected/);
    await at.clock.advance(31_000);
    const offered = await c.type('@bob /debate poi', /Your point of information is offered/);
    expect(offered).toMatch(/bob offers a point of information — @alice, will you take it\?\n\[1\] Accept   \[2\] Decline/);
    await c.type('@bob /press 1', /Only the speaker, alice, can answer a point of information\./);
    const accepted = await c.type('@alice /press 1', /You accepted bob's point of information\./);
    expect(accepted).toMatch(/alice accepts bob's point of information\./);

    // A challenge, its deadline as a reader sees it, and the author's answer.
    const challenged = await c.type('@bob /debate challenge argument:#1', /You questioned the source of argument #1/);
    expect(challenged).toMatch(/before 09:0\d:\d\d \(in 2 minutes\)/);
    expect(challenged).not.toMatch(/<t:/);
    const answered = await c.type('@alice /argue source:Carr, The Bolshevik Revolution, vol. 2, p. 280 argument:#1', /\(only @alice can see this\)/);
    expect(answered).toMatch(/-# Argument #1 · 📎 cited · citation needed — answered/);

    const ruled = await c.type('/verdict override message_id:#1 verdict:verified reason:Carr gives the figures', /\(only you can see this\)/);
    expect(ruled).toMatch(/argument #1 \(alice: “The NEP fed the towns”\) is now ✅ verified, was 📎 cited/);

    // The review's export and the transcript are written under the data directory, their paths printed.
    const reviewed = await c.type('/sources', /Export as Markdown/);
    // A reply only its reader sees: nobody else can press its buttons.
    const reviewNo = /\(message (\d+): \/press N/.exec(reviewed)![1];
    await c.type(`@bob /press ${reviewNo} 1`, new RegExp(`There is no message ${reviewNo} with buttons that you can see`));
    const exported = await c.type('/press 1', /written to/);
    const review = readFileSync(writtenTo(exported, /sources-thread-\w+\.md/), 'utf8');
    expect(review).toMatch(/alice/);
    expect(writtenTo(exported, /sources-thread-\w+\.md/).startsWith(resolve(at.dataDir, 'exports'))).toBe(true);

    await c.type('/debate end', /\[1\] End the debate   \[2\] Keep debating/);
    const ended = await c.type('/press 1', /The debate has ended/);
    const transcript = readFileSync(writtenTo(ended, /debate-\d+-transcript\.md/), 'utf8');
    expect(transcript).toMatch(/The NEP fed the towns/);

    const all = await c.end();
    expect(all).not.toMatch(/Something went wrong|no longer works|There is no such button/);
  });

  it('GIVEN a debate left open and the console restarted on the same database, even at the same clock time THEN the new thread is another and a new debate opens there', async () => {
    const at = place();
    const first = await startConsole(at);
    const a = await first.type('/debate start motion:"This house believes the NEP should have continued"', /Debate opened in #(thread-\w+)/);
    await first.end();
    const second = await startConsole(at);
    const b = await second.type('/debate start motion:"This house believes collectivisation was avoidable"', /Debate opened in|already open/);
    const threadOf = (out: string) => /Debate opened in #(thread-\w+)/.exec(out)?.[1];
    expect(b).not.toMatch(/already open/);
    expect(threadOf(b)).toBeDefined();
    expect(threadOf(b)).not.toBe(threadOf(a));
    await second.end();
  });
});
