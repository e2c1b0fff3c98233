import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ContextMenuCommandBuilder, SlashCommandBuilder } from '@discordjs/builders';
import { ApplicationCommandType } from 'discord-api-types/v10';
import { OptionMisuse, optionsOf, type OptionKind } from '../../src/seam/options.js';
import { OPTION, definitionOf, type OptionDefinition } from '../../src/seam/definition.js';
import { defaultCommandsDir, loadCommands } from '../../src/app/command-loader.js';
import type { OptionValue } from '../../src/seam/command.js';

const every = new SlashCommandBuilder()
  .setName('every')
  .setDescription('One option of each type')
  .addStringOption((o) => o.setName('motion').setDescription('d').setRequired(true))
  .addStringOption((o) => o.setName('side').setDescription('d'))
  .addIntegerOption((o) => o.setName('limit').setDescription('d'))
  .addNumberOption((o) => o.setName('share').setDescription('d'))
  .addBooleanOption((o) => o.setName('public').setDescription('d'))
  .addUserOption((o) => o.setName('user').setDescription('d'))
  .addChannelOption((o) => o.setName('thread').setDescription('d'));

const debating = new SlashCommandBuilder()
  .setName('debating')
  .setDescription('Subcommands')
  .addSubcommand((s) => s.setName('start').setDescription('d').addStringOption((o) => o.setName('motion').setDescription('d').setRequired(true)))
  .addSubcommand((s) => s.setName('extend').setDescription('d').addIntegerOption((o) => o.setName('seconds').setDescription('d').setRequired(true)))
  .addSubcommand((s) => s.setName('leave').setDescription('d'));

const read = (options: Record<string, OptionValue | undefined>, subcommand: string | null = null) => optionsOf(every, { subcommand, options });

describe('optionsOf: typed reads checked against the definition', () => {
  it('GIVEN each type of option THEN its getter gives the value sent', () => {
    const o = read({ motion: 'This house regrets Stalin', side: 'for', limit: 5, share: 0.5, public: false, user: '123', thread: '456' });
    expect(o.requiredString('motion')).toBe('This house regrets Stalin');
    expect(o.string('side')).toBe('for');
    expect(o.integer('limit')).toBe(5);
    expect(o.number('share')).toBe(0.5);
    expect(o.boolean('public')).toBe(false);
    expect(o.user('user')).toBe('123');
    expect(o.channel('thread')).toBe('456');
  });

  it('GIVEN options left out THEN absent, and a required string reads as ""', () => {
    const o = read({});
    expect([o.string('side'), o.integer('limit'), o.number('share'), o.boolean('public'), o.user('user'), o.channel('thread')]).toEqual(Array(6).fill(undefined));
    expect(o.requiredString('motion')).toBe('');
  });

  it('GIVEN values of the wrong type (a crafted interaction) THEN they read as absent', () => {
    const o = read({ motion: 7, side: true, limit: '5', share: Number.NaN, public: 'true', user: '', thread: 42 });
    expect([o.string('side'), o.integer('limit'), o.number('share'), o.boolean('public'), o.user('user'), o.channel('thread')]).toEqual(Array(6).fill(undefined));
    expect(o.requiredString('motion')).toBe('');
    expect(read({ limit: 2.5 }).integer('limit')).toBeUndefined();
    expect(read({ share: 2.5 }).number('share')).toBe(2.5);
  });

  it('GIVEN an option the definition lacks THEN a programming error naming the command and the option', () => {
    expect(() => read({ motoin: 'x' }).string('motoin')).toThrow(OptionMisuse);
    expect(() => read({}).string('motoin')).toThrow('/every reads option "motoin", which its definition lacks (its options: motion, side, limit, share, public, user, thread)');
  });

  it('GIVEN an option asked for as another type THEN a programming error naming the type the definition gives', () => {
    expect(() => read({ limit: 5 }).string('limit')).toThrow('/every reads option "limit" as string, but its definition gives integer');
    expect(() => read({}).integer('share')).toThrow('its definition gives number');
    expect(() => read({}).string('user')).toThrow('its definition gives user');
    expect(() => read({ side: 'for' }).requiredString('side')).toThrow('/every reads option "side" as required, but its definition leaves it optional');
  });

  it('GIVEN subcommands THEN each reads only its own options, and the error names the subcommand', () => {
    expect(optionsOf(debating, { subcommand: 'extend', options: { seconds: 30 } }).integer('seconds')).toBe(30);
    expect(() => optionsOf(debating, { subcommand: 'start', options: { seconds: 30 } }).integer('seconds')).toThrow('/debating start reads option "seconds", which its definition lacks (its options: motion)');
    expect(() => optionsOf(debating, { subcommand: 'leave', options: {} }).string('motion')).toThrow('(its options: none)');
  });

  it('GIVEN an unknown subcommand (a crafted one) THEN every read is absent, and a misspelt name still throws', () => {
    const o = optionsOf(debating, { subcommand: 'obliterate', options: { motion: 'x', seconds: 5 } });
    expect(o.requiredString('motion')).toBe('');
    expect(o.integer('seconds')).toBeUndefined();
    expect(() => o.string('motoin')).toThrow('/debating reads option "motoin"');
    expect(() => o.string('seconds')).toThrow('its definition gives integer');
  });

  it('GIVEN a user menu THEN its target reads as the user option the router passes', () => {
    const menu = new ContextMenuCommandBuilder().setName('Score of').setType(ApplicationCommandType.User);
    expect(optionsOf(menu, { subcommand: null, options: { user: '99' } }).user('user')).toBe('99');
  });
});

const GETTER = /\.(string|requiredString|integer|number|boolean|user|channel|attachment)\(\s*'([^']*)'\s*\)/g;
const TYPE: Record<OptionKind, number> = OPTION;
/** Every option a definition declares, across its subcommands. */
const leaves = (os: OptionDefinition[] = []): OptionDefinition[] => os.flatMap((o) => (o.type === OPTION.subcommand ? leaves(o.options) : [o]));

describe('every command in commands/ reads only the options its definition has', async () => {
  const commands = await loadCommands();
  const dir = defaultCommandsDir();
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
  const handlers = await Promise.all(
    files.map(async (file) => {
      const mod = (await import(pathToFileURL(join(dir, file)).href)) as { data: { name: string } };
      const source = readFileSync(join(dir, file), 'utf8');
      const reads = [...source.matchAll(GETTER)].map((m) => ({ kind: (m[1] === 'requiredString' ? 'string' : m[1]) as OptionKind, name: m[2], required: m[1] === 'requiredString' }));
      const focused = [...source.matchAll(/focused\.name\s*[!=]==?\s*'([^']+)'/g)].map((m) => m[1]);
      return { file, source, reads, focused, options: leaves(definitionOf(commands.get(mod.data.name)!.data).options) };
    }),
  );

  it('GIVEN the command files THEN each is a loaded command, and none reads ctx.options by hand', () => {
    expect(handlers.length).toBe(commands.size);
    for (const h of handlers) expect(h.source, h.file).not.toMatch(/ctx\.options|typeof \w+\.options/);
  });

  it('GIVEN each getter call in a handler THEN its definition has that option, of that type (required where asked)', () => {
    for (const h of handlers) {
      for (const r of h.reads) {
        const spec = h.options.find((o) => o.name === r.name && o.type === TYPE[r.kind]);
        expect(spec, `${h.file} reads ${r.kind} "${r.name}"`).toBeDefined();
        if (r.required) expect(spec?.required, `${h.file} reads "${r.name}" as required`).toBe(true);
      }
      for (const name of h.focused) expect(h.options.find((o) => o.name === name)?.autocomplete, `${h.file} autocompletes "${name}"`).toBe(true);
    }
  });

  it('GIVEN each option a definition offers THEN its handler reads it (none offered and ignored)', () => {
    for (const h of handlers) {
      const read = new Set(h.reads.map((r) => r.name));
      expect(h.options.map((o) => o.name).filter((n) => !read.has(n)), h.file).toEqual([]);
    }
  });
});
