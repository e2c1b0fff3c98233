import { describe, expect, it } from 'vitest';
import { loadCommands } from '../../src/app/command-loader.js';
import { helpChoices, helpReply, ruleFor } from '../../src/views/help.js';
import type { CommandDefinition } from '../../src/seam/definition.js';
import { WHO_MAY } from '../../src/seam/permissions.js';

const definitions = async () => [...(await loadCommands()).values()].map((m) => m.data.toJSON() as CommandDefinition);
const embedSize = (e: { title?: string; description?: string; fields?: { name: string; value: string }[] }) =>
  (e.title ?? '').length + (e.description ?? '').length + (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);

describe('/help, from the command definitions', () => {
  it('GIVEN no command THEN every slash command is listed with its subcommands, and how to see one in full', async () => {
    const defs = await definitions();
    const reply = helpReply(defs, null);
    for (const d of defs.filter((x) => (x.type ?? 1) === 1)) expect(reply.content).toContain(`**/${d.name}**`);
    expect(reply.content).toMatch(/\/debate\*\* — .*\(start, .*join/);
    expect(reply.content).toContain('/help command:');
    expect(reply.ephemeral).toBe(true);
  });

  it('GIVEN /help debate THEN each subcommand shows its options with type, limits and whether required, an example and who may use it', async () => {
    const reply = helpReply(await definitions(), 'debate');
    const embed = reply.embeds![0]!;
    expect(embed.title).toBe('/debate');
    const start = embed.fields!.find((f) => f.name.startsWith('/debate start'))!;
    expect(start.value).toMatch(/`motion:` \(text, required/);
    expect(start.value).toMatch(/`turn_seconds:` \(whole number, optional, \d+–\d+/);
    expect(start.value).toContain('Example: `/debate start motion:…');
    expect(start.value).toContain('Who: everyone');
    const end = embed.fields!.find((f) => f.name.startsWith('/debate end'))!;
    expect(end.value).toContain('Who: the host, or a moderator (Manage Threads in the channel it is used in)');
    // Within Discord's limits for one embed.
    expect(embedSize(embed)).toBeLessThanOrEqual(6000);
    for (const f of embed.fields!) expect(f.value.length).toBeLessThanOrEqual(1024);
  });

  it('GIVEN every command in full THEN each fits one embed and names who may use each part', async () => {
    const defs = await definitions();
    for (const d of defs.filter((x) => (x.type ?? 1) === 1)) {
      const embed = helpReply(defs, d.name).embeds![0]!;
      expect(embedSize(embed), d.name).toBeLessThanOrEqual(6000);
      const text = [embed.description, ...(embed.fields ?? []).map((f) => f.value)].join('\n');
      expect(text, d.name).toContain('Who: ');
    }
  });

  it('GIVEN a name with a slash, odd case, or no such command THEN it is found, or the commands are listed', async () => {
    const defs = await definitions();
    expect(helpReply(defs, '/QUOTE').embeds![0]!.title).toBe('/quote');
    expect(helpReply(defs, 'dance').content).toMatch(/^There is no \/dance command\. Commands: \/.*\/quote/);
  });

  it('GIVEN typing in the command option THEN slash commands starting so are suggested', async () => {
    const defs = await definitions();
    expect(helpChoices(defs, 'de')).toEqual([{ name: '/debate', value: 'debate' }]);
    expect(helpChoices(defs, '').length).toBe(defs.filter((x) => (x.type ?? 1) === 1).length);
  });

  it('GIVEN the table of who may do what THEN every row resolves for the commands it names', () => {
    expect(ruleFor('debate', 'join')).toBe(WHO_MAY['/debate start, join, leave, poi, status, formats']);
    expect(ruleFor('leaderboard', null)).toBe(WHO_MAY['/score, /leaderboard, /rating, Check sources']);
    expect(ruleFor('verdict', 'override')).toBe(WHO_MAY['/verdict override']);
    expect(ruleFor('sources', null)).toBe(WHO_MAY['/sources, Export as Markdown']);
  });
});
