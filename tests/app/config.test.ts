import { hostname } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkProxyConfig, ConfigError, DEFAULT_API_BASE, loadConfig } from '../../src/app/config.js';

const APP = '123456789012345678';

function error(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('GIVEN nothing THEN console mode with documented defaults', () => {
    expect(loadConfig({})).toEqual({
      discordToken: null,
      appId: null,
      guildId: null,
      apiBase: DEFAULT_API_BASE,
      databasePath: 'data/rostrum.sqlite',
      databaseUrl: null,
      dataDir: 'data',
      corpusDir: 'corpus',
      logLevel: 'info',
      commandsDir: null,
      messageContent: true,
      turnGraceSeconds: 30,
      shard: null,
      shardChild: false,
      hosting: { fixed: false, name: hostname(), leaseMs: 10_000 },
      backupIntervalHours: 24,
      backupKeep: 7,
      backupDir: 'data/backups',
      library: { maxTextBytes: 25 * 1048576, maxTexts: 200, maxBytes: 250 * 1048576, downloadTimeoutMs: 60_000 },
      proxy: { host: '127.0.0.1', port: 8080 },
    });
  });

  it('GIVEN HOST_SHARDS and TOTAL_SHARDS THEN this host runs those shards of that total, under its name and lease', () => {
    const c = loadConfig({ HOST_SHARDS: '0-1, 3', TOTAL_SHARDS: '4', HOST_NAME: 'host-b', LEASE_SECONDS: '5' });
    expect(c.shard).toEqual({ ids: [0, 1, 3], count: 4 });
    expect(c.hosting).toEqual({ fixed: true, name: 'host-b', leaseMs: 5_000 });
  });

  it('GIVEN a wrong host shard list THEN the variable at fault is named with what to set', () => {
    expect(() => loadConfig({ HOST_SHARDS: '0,1' })).toThrow(/TOTAL_SHARDS: expected HOST_SHARDS as shard ids such as 0,1 or 0-3/);
    expect(() => loadConfig({ TOTAL_SHARDS: '2' })).toThrow(/^HOST_SHARDS: expected/);
    expect(() => loadConfig({ HOST_SHARDS: '1,4', TOTAL_SHARDS: '4' })).toThrow(/HOST_SHARDS: .*each below TOTAL_SHARDS=4; "4" is not/);
    expect(() => loadConfig({ HOST_SHARDS: '3-1', TOTAL_SHARDS: '4' })).toThrow(/"3-1" is not/);
    expect(() => loadConfig({ HOST_SHARDS: '0', TOTAL_SHARDS: '2', SHARDS: '[0]', SHARD_COUNT: '2' })).toThrow(/cannot be set in a shard process/);
    expect(() => loadConfig({ HOST_NAME: 'a b' })).toThrow(/HOST_NAME: expected a name/);
    expect(() => loadConfig({ LEASE_SECONDS: '1' })).toThrow(/LEASE_SECONDS: expected whole seconds from 2 to 600/);
  });

  it('GIVEN library limits THEN they are read; a wrong one names its variable', () => {
    const c = loadConfig({ LIBRARY_MAX_TEXT_MB: '0.5', LIBRARY_MAX_TEXTS: '3', LIBRARY_MAX_MB: '10', LIBRARY_DOWNLOAD_SECONDS: '5' });
    expect(c.library).toEqual({ maxTextBytes: 524288, maxTexts: 3, maxBytes: 10 * 1048576, downloadTimeoutMs: 5000 });
    expect(() => loadConfig({ LIBRARY_MAX_TEXTS: '-1' })).toThrow(/LIBRARY_MAX_TEXTS: expected a whole number of texts/);
    expect(() => loadConfig({ LIBRARY_MAX_TEXT_MB: 'lots' })).toThrow(/LIBRARY_MAX_TEXT_MB: expected the largest text/);
    expect(() => loadConfig({ LIBRARY_DOWNLOAD_SECONDS: '0' })).toThrow(/LIBRARY_DOWNLOAD_SECONDS/);
  });

  it('GIVEN a full bot environment THEN every field is read', () => {
    const c = loadConfig({
      DISCORD_TOKEN: ' abc.def.ghi ',
      DISCORD_APP_ID: APP,
      DISCORD_GUILD_ID: '223456789012345678',
      DISCORD_API_BASE: 'http://127.0.0.1:9999/api/',
      DATABASE_PATH: '/tmp/x.sqlite',
      DATA_DIR: '/tmp/d',
      CORPUS_DIR: 'texts',
      LOG_LEVEL: 'DEBUG',
      MESSAGE_CONTENT_INTENT: 'off',
      TURN_GRACE_SECONDS: '0',
    });
    expect(c).toMatchObject({ discordToken: 'abc.def.ghi', appId: APP, guildId: '223456789012345678', apiBase: 'http://127.0.0.1:9999/api', databasePath: '/tmp/x.sqlite', dataDir: '/tmp/d', corpusDir: 'texts', logLevel: 'debug', messageContent: false, turnGraceSeconds: 0 });
  });

  it('GIVEN COMMANDS_DIR THEN commands load from there (resolved); GIVEN an entry point\'s default log level THEN LOG_LEVEL still wins', () => {
    expect(loadConfig({ COMMANDS_DIR: 'stand-in' }).commandsDir).toBe(path.resolve('stand-in'));
    expect(loadConfig({}, { logLevel: 'warn' }).logLevel).toBe('warn');
    expect(loadConfig({ LOG_LEVEL: 'debug' }, { logLevel: 'warn' }).logLevel).toBe('debug');
  });

  it('GIVEN SHARDING_MANAGER (set by discord.js in a forked shard) THEN a shard child', () => {
    expect(loadConfig({ SHARDING_MANAGER: 'true' }).shardChild).toBe(true);
  });

  it('GIVEN DATA_DIR only THEN the database lives under it', () => {
    expect(loadConfig({ DATA_DIR: 'var' }).databasePath).toBe('var/rostrum.sqlite');
  });

  it.each([
    [{ DISCORD_TOKEN: 'abc' }, 'DISCORD_APP_ID', /required when DISCORD_TOKEN is set/],
    [{ DISCORD_APP_ID: 'my-app' }, 'DISCORD_APP_ID', /numeric Discord id/],
    [{ DISCORD_GUILD_ID: '12' }, 'DISCORD_GUILD_ID', /numeric Discord id/],
    [{ DISCORD_TOKEN: 'Bot abc', DISCORD_APP_ID: APP }, 'DISCORD_TOKEN', /no spaces/],
    [{ DISCORD_API_BASE: 'discord.com' }, 'DISCORD_API_BASE', /http\(s\) URL/],
    [{ DISCORD_API_BASE: 'https://discord.com/api/v10' }, 'DISCORD_API_BASE', /without the version/],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', /one of fatal, error/],
    [{ MESSAGE_CONTENT_INTENT: 'maybe' }, 'MESSAGE_CONTENT_INTENT', /true or false/],
    [{ TURN_GRACE_SECONDS: '-3' }, 'TURN_GRACE_SECONDS', /whole number/],
  ])('GIVEN %o THEN the error names %s and says what is expected', (env, variable, expected) => {
    const e = error(env);
    expect(e.variable).toBe(variable);
    expect(e.message.startsWith(`${variable}: `)).toBe(true);
    expect(e.message).toMatch(expected);
  });

  it('GIVEN the backup settings THEN they are read; the folder follows DATA_DIR unless BACKUP_DIR is set', () => {
    expect(loadConfig({ BACKUP_INTERVAL_HOURS: '0', BACKUP_KEEP: '1' })).toMatchObject({ backupIntervalHours: 0, backupKeep: 1 });
    expect(loadConfig({ BACKUP_INTERVAL_HOURS: '0.5', BACKUP_KEEP: ' 30 ' })).toMatchObject({ backupIntervalHours: 0.5, backupKeep: 30 });
    expect(loadConfig({ DATA_DIR: 'var' }).backupDir).toBe('var/backups');
    expect(loadConfig({ DATA_DIR: 'var', BACKUP_DIR: '/mnt/safe' }).backupDir).toBe('/mnt/safe');
  });

  it.each([
    ['BACKUP_INTERVAL_HOURS', 'daily', /number of hours from 0.1 to 8760.*or 0 for no automatic backups, got "daily"/],
    ['BACKUP_INTERVAL_HOURS', '-1', /or 0 for no automatic backups, got "-1"/],
    ['BACKUP_INTERVAL_HOURS', '0.01', /from 0.1 to 8760/],
    ['BACKUP_INTERVAL_HOURS', '9000', /from 0.1 to 8760/],
    ['BACKUP_INTERVAL_HOURS', '0x18', /got "0x18"/],
    ['BACKUP_KEEP', '0', /whole number of backups to keep, from 1 to 1000, got "0"/],
    ['BACKUP_KEEP', '2.5', /whole number/],
    ['BACKUP_KEEP', 'all', /whole number/],
  ])('GIVEN %s=%s THEN a ConfigError says what is expected', (variable, value, expected) => {
    const e = error({ [variable]: value });
    expect(e.variable).toBe(variable);
    expect(e.message).toMatch(expected);
  });

  it('GIVEN the sharding manager variables THEN the shard ids and count', () => {
    expect(loadConfig({ SHARDS: '[1]', SHARD_COUNT: '2' }).shard).toEqual({ ids: [1], count: 2 });
    expect(loadConfig({ SHARDS: '0', SHARD_COUNT: '3' }).shard).toEqual({ ids: [0], count: 3 });
    expect(error({ SHARDS: '[4]', SHARD_COUNT: '2' }).variable).toBe('SHARDS');
  });

  it('GIVEN an invalid token THEN the error does not echo it', () => {
    expect(error({ DISCORD_TOKEN: 'Bot secret-value', DISCORD_APP_ID: APP }).message).not.toContain('secret-value');
  });
});

describe('the REST proxy settings', () => {
  const bot = { DISCORD_TOKEN: 'abc.def.ghi', DISCORD_APP_ID: APP };
  const proxyError = (env: NodeJS.ProcessEnv): ConfigError => {
    try {
      checkProxyConfig(loadConfig(env));
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      return e as ConfigError;
    }
    throw new Error('expected a ConfigError');
  };

  it('GIVEN PROXY_HOST and PROXY_PORT THEN it listens there; 0 picks any free port', () => {
    expect(loadConfig({ PROXY_HOST: '0.0.0.0', PROXY_PORT: '9090' }).proxy).toEqual({ host: '0.0.0.0', port: 9090 });
    expect(loadConfig({ PROXY_PORT: '0' }).proxy.port).toBe(0);
  });

  it.each([
    ['PROXY_PORT', '65536', /port number from 1 to 65535.*or 0 for any free port, got "65536"/],
    ['PROXY_PORT', 'http', /port number/],
    ['PROXY_HOST', 'http://0.0.0.0', /host name or IP address to listen on/],
  ])('GIVEN %s=%s THEN a ConfigError says what is expected', (variable, value, expected) => {
    const e = error({ [variable]: value });
    expect(e.variable).toBe(variable);
    expect(e.message).toMatch(expected);
  });

  it('GIVEN the bot token and Discord upstream THEN the proxy may start', () => {
    expect(() => checkProxyConfig(loadConfig(bot))).not.toThrow();
    expect(() => checkProxyConfig(loadConfig({ ...bot, DISCORD_API_BASE: 'http://10.0.0.5:8080/api' }))).not.toThrow();
  });

  it('GIVEN no token THEN the proxy refuses to start, saying which token', () => {
    expect(proxyError({}).message).toMatch(/^DISCORD_TOKEN: required by the REST proxy/);
  });

  it.each(['http://127.0.0.1:8080/api', 'http://localhost:8080/api', 'http://[::1]:8080'])(
    'GIVEN DISCORD_API_BASE=%s (the proxy itself, as a bot on its host would have it) THEN refused, with the fix',
    (base) => {
      const e = proxyError({ ...bot, DISCORD_API_BASE: base });
      expect(e.variable).toBe('DISCORD_API_BASE');
      expect(e.message).toContain(`DISCORD_API_BASE=${DEFAULT_API_BASE} npm run proxy`);
    },
  );
});
