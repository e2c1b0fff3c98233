import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCommands } from '../../src/app/command-loader.js';

const builderImport = `import { SlashCommandBuilder } from '@discordjs/builders';`;

function dirWith(files: Record<string, string>): string {
  // Inside the project so that imports of @discordjs/builders resolve.
  const base = path.resolve('node_modules/.cache');
  fs.mkdirSync(base, { recursive: true });
  const dir = fs.mkdtempSync(path.join(base, 'rostrum-commands-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('loadCommands', () => {
  it('GIVEN the project commands THEN /quote is loaded with its handlers', async () => {
    const commands = await loadCommands();
    expect(commands.get('quote')?.execute).toBeTypeOf('function');
    expect(commands.get('quote')?.autocomplete).toBeTypeOf('function');
  });

  it('GIVEN valid files THEN keyed by command name; tests and declarations skipped', async () => {
    const dir = dirWith({
      'a.ts': `${builderImport}\nexport const data = new SlashCommandBuilder().setName('alpha').setDescription('a');\nexport async function execute() { return { content: 'a' }; }`,
      'a.test.ts': 'throw new Error("not a command")',
      'b.d.ts': 'export {};',
      'notes.md': '#',
    });
    const commands = await loadCommands(dir);
    expect([...commands.keys()]).toEqual(['alpha']);
  });

  it.each([
    ['no-data.ts', `export async function execute() { return {}; }`, /no-data\.ts: missing export `data`/],
    ['no-exec.ts', `${builderImport}\nexport const data = new SlashCommandBuilder().setName('x').setDescription('x');`, /no-exec\.ts: missing export `execute/],
    ['not-builder.ts', `export const data = { name: 'x' };\nexport async function execute() { return {}; }`, /not-builder\.ts: `data` is not a builder/],
    ['broken.ts', `import '../does-not-exist.js';`, /broken\.ts: failed to import/],
  ])('GIVEN %s THEN it is refused by name', async (file, text, expected) => {
    await expect(loadCommands(dirWith({ [file]: text }))).rejects.toThrow(expected);
  });

  it('GIVEN two commands with one name THEN refused', async () => {
    const one = `${builderImport}\nexport const data = new SlashCommandBuilder().setName('same').setDescription('x');\nexport async function execute() { return {}; }`;
    await expect(loadCommands(dirWith({ 'a.ts': one, 'b.ts': one }))).rejects.toThrow(/b\.ts: a second command named "same"/);
  });
});
