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
    expect(parseLine('/debate extend seconds:ten', commands)).toEqual({ error: 'seconds: takes a whole number, not "ten".' });
    expect(parseLine('/debate dance', commands)).toEqual({ error: expect.stringMatching(/needs one of: join, extend/) });
  });
});

describe('option values as Discord sends them', () => {
  const argue: CommandModule = {
    data: new SlashCommandBuilder()
      .setName('argue')
      .setDescription('a')
      .addStringOption((o) => o.setName('text').setDescription('t').setRequired(true))
      .addStringOption((o) => o.setName('source').setDescription('s'))
      .addIntegerOption((o) => o.setName('limit').setDescription('l').setMinValue(1).setMaxValue(10))
      .addStringOption((o) => o.setName('period').setDescription('p').addChoices({ name: 'This week', value: 'week' }, { name: 'All time', value: 'all' })),
    execute: async () => ({}),
  };
  const cmds = new Map([...commands, ['argue', argue]]);
  const options = (line: string) => {
    const out = parseLine(line, cmds);
    return 'error' in out ? out : out.options;
  };

  it('GIVEN unquoted values THEN each runs to the next option name of the command', () => {
    expect(options('/argue text:The NEP was the best policy source:Carr, The Bolshevik Revolution')).toEqual({
      text: 'The NEP was the best policy',
      source: 'Carr, The Bolshevik Revolution',
    });
    expect(options('/quote speaker:victor serge query:bureaucracy')).toEqual({ speaker: 'victor serge', query: 'bureaucracy' });
  });

  it('GIVEN a word ending in ":" that names no option THEN it stays in the value', () => {
    expect(options('/argue text:Trotsky wrote: the party decides')).toEqual({ text: 'Trotsky wrote: the party decides' });
  });

  it('GIVEN quotation marks inside a value THEN the value stays whole, quotes and all', () => {
    expect(options('/argue text:Stalin wrote that the Opposition "itself belonged to the ruling bureaucracy" source:Pravda')).toEqual({
      text: 'Stalin wrote that the Opposition "itself belonged to the ruling bureaucracy"',
      source: 'Pravda',
    });
    expect(options('/argue text:He said \\"no\\" to it')).toEqual({ text: 'He said "no" to it' });
  });

  it('GIVEN a quoted value THEN it ends at its closing quote, even around an option name', () => {
    expect(options('/argue text:"the source: was Carr" source:"What Next?, 1932"')).toEqual({ text: 'the source: was Carr', source: 'What Next?, 1932' });
    expect(options('/argue text:"Trotsky wrote: \\"Not believing in force…\\"" source:x')).toEqual({ text: 'Trotsky wrote: "Not believing in force…"', source: 'x' });
  });

  it('GIVEN a value the option cannot take THEN the error names the option and what it takes', () => {
    expect(options('/argue text:x limit:11')).toEqual({ error: 'limit: takes a number from 1 to 10, not "11".' });
    expect(options('/argue text:x limit:2.5')).toEqual({ error: 'limit: takes a whole number, not "2.5".' });
    expect(options('/argue text:x period:yearly')).toEqual({ error: 'period: takes one of: week, all, not "yearly".' });
    expect(options('/argue text:x text:y')).toEqual({ error: 'text: is given twice; give each option once.' });
  });

  it('GIVEN a choice typed by its name or value THEN Discord\'s value is sent', () => {
    expect(options('/argue text:x period:All time')).toEqual({ text: 'x', period: 'all' });
    expect(options('/argue text:x period:WEEK')).toEqual({ text: 'x', period: 'week' });
  });
});
