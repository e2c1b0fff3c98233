import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlashCommandBuilder } from '@discordjs/builders';
import { InteractionContextType, PermissionFlagsBits } from 'discord.js';
import type { CommandModule } from '../../src/seam/command.js';
import { loadConfig } from '../../src/app/config.js';
import { createLogger } from '../../src/app/logger.js';
import { deployCommands } from '../../src/discord/deploy.js';
import { FakeDiscord } from './fake-discord.js';
import { spawnBot } from './bot-process.js';

const GUILD = '900000000000000010';
const fake = new FakeDiscord();
beforeAll(() => fake.start());
afterAll(() => fake.stop());

const silent = createLogger({ logLevel: 'silent', discordToken: null });

describe('deploy-commands', () => {
  it('GIVEN DISCORD_GUILD_ID THEN PUT to the guild route with each command body (contexts, default permissions kept)', async () => {
    const mod: CommandModule = {
      data: new SlashCommandBuilder().setName('close').setDescription('close a debate')
        .setContexts(InteractionContextType.Guild).setDefaultMemberPermissions(PermissionFlagsBits.ManageThreads),
      execute: async () => ({ content: 'x' }),
    };
    const config = loadConfig({ DISCORD_TOKEN: 'tok-deploy-1234', DISCORD_APP_ID: fake.appId, DISCORD_GUILD_ID: GUILD, DISCORD_API_BASE: fake.apiBase });
    const result = await deployCommands(config, new Map([['close', mod]]), silent);
    expect(result).toMatchObject({ scope: 'guild', names: ['close'] });
    const put = fake.calls.find((c) => c.method === 'PUT')!;
    expect(put.path).toBe(`/applications/${fake.appId}/guilds/${GUILD}/commands`);
    expect(put.headers.authorization).toBe('Bot tok-deploy-1234');
    expect(put.body[0]).toMatchObject({ name: 'close', contexts: [0], default_member_permissions: String(PermissionFlagsBits.ManageThreads) });
  });

  it('GIVEN `npm run deploy-commands` without a guild THEN the real command files are registered globally', async () => {
    const from = fake.calls.length;
    const run = spawnBot(fake, { args: ['run', '--silent', 'deploy-commands'] });
    expect(await run.exited).toBe(0);
    const put = fake.calls.slice(from).find((c) => c.method === 'PUT')!;
    expect(put.path).toBe(`/applications/${fake.appId}/commands`);
    const quote = put.body.find((c: any) => c.name === 'quote');
    expect(quote).toBeTruthy();
    expect(quote.options.map((o: any) => o.name)).toContain('query');
    expect(run.stderr.join('\n')).toMatch(/registered \d+ command/);
  }, 30_000);

  it('GIVEN no app id THEN a one-line configuration error and exit 1', async () => {
    const run = spawnBot(fake, { args: ['run', '--silent', 'deploy-commands'], env: { DISCORD_APP_ID: '' } });
    expect(await run.exited).toBe(1);
    expect(run.stderr.join('\n')).toMatch(/^Configuration error: DISCORD_APP_ID: required/m);
    expect(run.stderr.join('\n')).not.toMatch(/\n\s+at /);
  }, 30_000);
});
