/**
 * Bad input (issue 11): a `source:` of 500 characters of noise, a reference that is only punctuation, an
 * argument made only of quotation marks, a ruling on an argument of another server, #0, #-1,
 * #99999999999999999999 — each gets a clear ephemeral refusal that says what was wrong and what to do, and
 * nothing is stored.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as argue from '../../commands/argue.js';
import * as debate from '../../commands/debate.js';
import * as verdict from '../../commands/verdict.js';
import type { Reply } from '../../src/seam/reply.js';
import { ann, begun, dan, mod, world, type World } from '../score/world.js';

const open: World[] = [];
afterEach(async () => {
  for (const w of open.splice(0)) await w.close();
});

/** A running debate with one argument (#1, unsourced) by Ann, and a snapshot of everything stored. */
async function debated(): Promise<{ w: World; stored: () => unknown }> {
  const w = world();
  open.push(w);
  await begun(w);
  await w.argueAs(ann, 'Industry grew fast.');
  const stored = () => ({
    arguments: w.db.prepare('SELECT * FROM arguments ORDER BY id').all(),
    verdicts: w.db.prepare('SELECT * FROM argument_verdicts ORDER BY argument_id').all(),
    rulings: w.db.prepare('SELECT * FROM verdict_overrides').all(),
    challenges: w.db.prepare('SELECT * FROM challenges').all(),
  });
  return { w, stored };
}

/** A clear refusal: private, saying what was wrong and what to do. */
function refused(r: Reply, wrong: RegExp, todo: RegExp): void {
  expect(r.ephemeral).toBe(true);
  expect(r.content).toMatch(wrong);
  expect(r.content).toMatch(todo);
  expect(r.content).not.toMatch(/@everyone|<@&?\d+>|javascript:/);
}

const NOISE = Array.from({ length: 500 }, (_, i) => 'qzxjkv#@!%wplm'[(i * 7) % 14]).join('');

describe('bad input is refused clearly, and nothing is stored', () => {
  it('GIVEN source: of 500 characters of noise THEN refused', async () => {
    const { w, stored } = await debated();
    const before = stored();
    refused(await w.argueAs(ann, 'The plan worked.', NOISE), /500 characters long: one reference is at most 300/, /Give a link .* a reference \(author, title, page/);
    refused(await w.argueAs(ann, '', NOISE), /500 characters long/, /Give a link/);
    refused(await w.argueAs(ann, 'The plan worked.', 'xqzvkj wpmlrt zzkqpx vvbnmq'), /does not read as a reference/, /Give a link/);
    expect(stored()).toEqual(before);
  });

  it('GIVEN a reference that is only punctuation THEN refused', async () => {
    const { w, stored } = await debated();
    const before = stored();
    refused(await w.argueAs(ann, 'The plan worked.', '!!! ... ;;;'), /has no words, only punctuation or numbers/, /Give a link/);
    refused(await w.argueAs(ann, '', '—'), /has no words/, /Give a link/);
    expect(stored()).toEqual(before);
  });

  it('GIVEN an argument made only of quotation marks THEN refused, by /argue and as a thread post', async () => {
    const { w, stored } = await debated();
    const before = stored();
    refused(await w.argueAs(ann, '""""'), /no words, only quotation marks or punctuation; nothing was recorded/, /Write what you put to the house/);
    refused(await w.argueAs(ann, '“ ” « » ‘’'), /no words/, /Write what you put/);
    const note = await w.post(ann, '123456789012345678', '" "');
    refused(note!, /no words/, /Write what you put/);
    expect(stored()).toEqual(before);
  });

  it('GIVEN a ruling on an argument of another server THEN refused', async () => {
    const { w, stored } = await debated();
    const before = stored();
    refused(
      await w.command(verdict, mod, { message_id: 'https://discord.com/channels/999/888/123456789012345678', verdict: 'misquoted', reason: 'no' }, 'override'),
      /on another server/,
      /this server's debates only/,
    );
    // The same argument by number, asked from another server, is refused there, saying whose it is.
    const elsewhere = await verdict.execute({ services: w.services, commands: [], actor: mod, guildId: 'g2', channelId: 'thread-1', subcommand: 'override', options: { message_id: '#1', verdict: 'misquoted', reason: 'no' }, channels: w.gateway });
    refused(elsewhere, /belongs to another server/, /this server's debates only/);
    expect(stored()).toEqual(before);
  });

  it.each([
    ['#0', /There is no argument #0: arguments are numbered from #1/],
    ['#-1', /“#-1” is not an argument number: numbers are whole numbers from #1/],
    ['#99999999999999999999', /“#99999999999999999999” is larger than any argument number/],
    ['99999999999999999999', /is not a Discord message id/],
    ['#', /I cannot read “#” as an argument/],
  ])('GIVEN %s as an argument THEN /verdict, /debate challenge and /argue argument: refuse it', async (ref, wrong) => {
    const { w, stored } = await debated();
    await w.run(ann, 'next');
    const before = stored();
    const todo = /Give its number as shown under it \(#3\) in the debate's thread, or its message link/;
    refused(await w.command(verdict, mod, { message_id: ref, verdict: 'cited', reason: 'x' }, 'override'), wrong, todo);
    refused(await w.command(verdict, mod, { message_id: ref }, 'show'), wrong, todo);
    refused(await w.command(debate, dan, { argument: ref }, 'challenge'), wrong, todo);
    refused(await w.command(argue, ann, { source: 'https://example.org/x', argument: ref }), wrong, todo);
    expect(stored()).toEqual(before);
  });
});
