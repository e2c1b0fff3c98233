import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/app/logger.js';
import { loadConfig } from '../../src/app/config.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GabcDe.secret-token-value_0123456789';

function capture() {
  const lines: string[] = [];
  return { lines, destination: { write: (s: string) => void lines.push(s) } };
}

describe('logger', () => {
  it('GIVEN the token anywhere in a log call THEN no line contains it', () => {
    const config = loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_APP_ID: '123456789012345678', LOG_LEVEL: 'trace' });
    const { lines, destination } = capture();
    const log = createLogger(config, { destination });
    log.info({ token: TOKEN }, 'plain field');
    log.info({ config }, 'whole config');
    log.info({ headers: { authorization: `Bot ${TOKEN}` } }, 'headers');
    log.info({ req: { headers: { authorization: `Bot ${TOKEN}` } } }, 'request');
    log.warn(`token in the message ${TOKEN}`);
    log.error({ err: new Error(`failed with ${TOKEN}`) }, 'error');
    log.debug({ url: `https://x/${TOKEN}/callback` }, 'url');
    log.child({ token: TOKEN }).info('child bindings');
    expect(lines.length).toBe(8);
    for (const line of lines) {
      expect(line).not.toContain(TOKEN);
      expect(line).not.toContain('secret-token-value');
    }
    expect(lines.join('')).toContain('[redacted]');
  });

  it('GIVEN a level THEN lower levels are dropped', () => {
    const { lines, destination } = capture();
    const log = createLogger({ logLevel: 'warn', discordToken: null }, { destination });
    log.info('no');
    log.warn('yes');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!).msg).toBe('yes');
  });
});
