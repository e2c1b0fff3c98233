import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlashCommandBuilder } from '@discordjs/builders';
import { InteractionContextType, PermissionFlagsBits } from 'discord.js';
import type { CommandModule } from '../../src/seam/command.js';
import { loadConfig } from '../../src/app/config.js';
import { createLogger } from '../../src/app/logger.js';
import { deployCommands } from '../../src/discord/deploy.js';
import { FakeDiscord } from './fake-discord.js';

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
});
