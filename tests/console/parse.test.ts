import { describe, expect, it } from 'vitest';
import { SlashCommandBuilder } from '@discordjs/builders';
import type { CommandModule } from '../../src/seam/command.js';
import { parseLine } from '../../src/console/parse.js';

const quote: CommandModule = {
  data: new SlashCommandBuilder()
    .setName('quote')
    .setDescription('q')
    .addStringOption((o) => o.setName('query').setDescription('q').setRequired(true))
    .addStringOption((o) => o.setName('speaker').setDescription('s'))
    .addIntegerOption((o) => o.setName('limit').setDescription('l')),
  execute: async () => ({}),
};
const debate: CommandModule = {
  data: new SlashCommandBuilder()
    .setName('debate')
    .setDescription('d')
    .addSubcommand((s) => s.setName('join').setDescription('j').addStringOption((o) => o.setName('side').setDescription('s')))
    .addSubcommand((s) => s.setName('extend').setDescription('e').addIntegerOption((o) => o.setName('seconds').setDescription('s').setRequired(true))),
  execute: async () => ({}),
};
const commands = new Map([['quote', quote], ['debate', debate]]);

describe('console line parsing', () => {
  it('GIVEN free text THEN it fills the first string option', () => {
    expect(parseLine('/quote serge bureaucracy', commands)).toEqual({ user: null, channel: null, command: 'quote', subcommand: null, options: { query: 'serge bureaucracy' } });
  });

  it('GIVEN @user, named options and quoted values THEN each lands where it belongs', () => {
    expect(parseLine('@alice /quote query:"the party" speaker:Serge limit:3', commands)).toEqual({
      user: 'alice', channel: null, command: 'quote', subcommand: null, options: { query: 'the party', speaker: 'Serge', limit: 3 },
    });
  });

  it('GIVEN a subcommand THEN its own options are parsed', () => {
    expect(parseLine('@bob /debate join side:for', commands)).toMatchObject({ user: 'bob', subcommand: 'join', options: { side: 'for' } });
  });

  it('GIVEN bad input THEN it explains what to type', () => {
    expect(parseLine('hello', commands)).toEqual({ error: expect.stringMatching(/Type a command/) });
    expect(parseLine('/nope x', commands)).toEqual({ error: expect.stringMatching(/no \/nope command/) });
    expect(parseLine('/quote', commands)).toEqual({ error: expect.stringMatching(/Missing query/) });
    expect(parseLine('/debate extend seconds:ten', commands)).toEqual({ error: expect.stringMatching(/seconds must be a number/) });
    expect(parseLine('/debate dance', commands)).toEqual({ error: expect.stringMatching(/needs one of: join, extend/) });
  });
});

describe('quoted option values', () => {
  it('GIVEN \\" inside a quoted value THEN it is a quotation mark, and the value stays whole', async () => {
    const { splitWords } = await import('../../src/console/parse.js');
    expect(splitWords('text:"Trotsky wrote: \\"Not believing in force…\\"" source:"What Next?, 1932"')).toEqual([
      'text:Trotsky wrote: "Not believing in force…"',
      'source:What Next?, 1932',
    ]);
    expect(splitWords('a:"back\\\\slash" b')).toEqual(['a:back\\slash', 'b']);
  });
});
