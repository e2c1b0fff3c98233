/** `npm run deploy-commands` as an operator runs it, in its own process, against the local fake Discord. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../../discord/fake-discord.js';
import { spawnBot } from '../../discord/bot-process.js';

const fake = new FakeDiscord();
beforeAll(() => fake.start());
afterAll(() => fake.stop());

describe('npm run deploy-commands', () => {
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
