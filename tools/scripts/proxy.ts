/**
 * `npm run proxy`: one HTTP server that every bot process, on every host, sends its Discord REST calls to
 * (DISCORD_API_BASE=http://<proxy host>:<PROXY_PORT>/api). It forwards them to DISCORD_API_BASE (Discord's by
 * default) through one @discordjs/rest client, so they all share one view of Discord's rate limits: while a
 * route's limit or the global one is used up, it answers 429 with Retry-After itself, without calling Discord,
 * and the bots wait and retry (the settings of @discordjs/proxy's own container). SIGINT/SIGTERM: stop
 * accepting, let calls in flight finish (up to 5 s), exit 0.
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { populateSuccessfulResponse } from '@discordjs/proxy';
// From discord.js, not @discordjs/rest: the same (CommonJS) copy as the errors it throws, for instanceof below.
import { DiscordAPIError, HTTPError, RateLimitError, REST, RESTEvents, type RequestMethod, type RouteLike } from 'discord.js';
import type { Logger } from 'pino';
import { checkProxyConfig, ConfigError } from '../../src/app/config.js';
import { configFromProcess } from '../../src/app/env-file.js';
import { createLogger } from '../../src/app/logger.js';
import { setupErrorLine } from '../../src/app/setup-errors.js';

const FORWARDED_HEADERS = ['content-type', 'authorization', 'x-audit-log-reason'];

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/**
 * A failed call as the bot should see it: Discord's own error as sent, 429 with Retry-After while a shared
 * limit holds, 504 when Discord did not answer in time; false for anything else. (@discordjs/proxy's
 * populateErrorResponse does the same, but checks the ES-module copy of the error classes, never these.)
 */
function answerFailure(res: ServerResponse, err: unknown): boolean {
  if (err instanceof RateLimitError) {
    // Global: the bot then pauses all its calls, as after Discord's own global 429.
    res.writeHead(429, { 'retry-after': String(err.timeToReset / 1000), ...(err.global ? { 'x-ratelimit-global': 'true' } : {}) });
  } else if (err instanceof DiscordAPIError) {
    res.writeHead(err.status, { 'content-type': 'application/json' }).write(JSON.stringify(err.rawError));
  } else if (err instanceof HTTPError) {
    res.writeHead(err.status);
  } else if (err instanceof Error && err.name === 'AbortError') {
    res.writeHead(504, 'Upstream timed out');
  } else {
    return false;
  }
  return true;
}

/**
 * One call: the path after the API version, the bot's own headers, the body streamed through. Not
 * proxyRequests from @discordjs/proxy: on an upstream network failure it answers 200 with an empty body, which
 * a bot takes for success (a post it never made counted as sent); this answers 502, which the bot retries.
 */
function forwarder(rest: REST, token: string, log: Logger) {
  const expected = Buffer.from(`Bot ${token}`);
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    // REST appends /v10 to DISCORD_API_BASE: accept the base with /api (as Discord's) or without.
    const route = /^(?:\/api)?(?:\/v\d+)?(\/.*)$/.exec(url.pathname)?.[1] ?? '/';
    // Calls without a token (interaction callbacks, webhooks by token) pass; another bot's would spend this budget.
    const auth = req.headers.authorization === undefined ? undefined : Buffer.from(req.headers.authorization);
    if (auth !== undefined && !(auth.length === expected.length && timingSafeEqual(auth, expected))) {
      log.warn({ method: req.method, route }, 'refused a call authorized with another token');
      return json(res, 401, { message: '401: Unauthorized (this proxy relays one bot: its DISCORD_TOKEN)', code: 0 });
    }
    const headers: Record<string, string> = { via: '1.1 rostrum-proxy' }; // as HTTP asks of a proxy (RFC 9110 §7.6.3)
    for (const h of FORWARDED_HEADERS) if (typeof req.headers[h] === 'string') headers[h] = req.headers[h];
    try {
      const answer = await rest.queueRequest({
        fullRoute: route as RouteLike,
        method: req.method as RequestMethod,
        body: req,
        passThroughBody: true,
        auth: false, // the bot's own Authorization header is forwarded as is
        query: url.searchParams,
        headers,
      });
      await populateSuccessfulResponse(res, answer);
    } catch (err) {
      if (!res.headersSent && answerFailure(res, err)) return;
      log.warn({ err, method: req.method, route }, 'forwarding failed');
      if (res.headersSent) res.destroy();
      else json(res, 502, { message: `502: Bad Gateway (${(err as Error).message})`, code: 0 });
    } finally {
      if (!res.writableEnded && !res.destroyed) res.end();
    }
  };
}

/** A failure to listen, as the one line that says which setting to change. */
function listenError(err: NodeJS.ErrnoException, host: string, port: number): ConfigError | null {
  if (err.code === 'EADDRINUSE') return new ConfigError('PROXY_PORT', `port ${port} on ${host} is already in use; stop what holds it or choose another port`);
  if (err.code === 'EACCES') return new ConfigError('PROXY_PORT', `not allowed to listen on port ${port}; choose a port from 1024 to 65535`);
  if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') {
    return new ConfigError('PROXY_HOST', `cannot listen on "${host}" (${err.code}): use an address of this machine, such as 127.0.0.1 or 0.0.0.0`);
  }
  return null;
}

const config = configFromProcess(); // reads .env when present
try {
  checkProxyConfig(config);
  const log = createLogger(config);
  const rest = new REST({ api: config.apiBase, rejectOnRateLimit: () => true, retries: 0 });
  rest.on(RESTEvents.RateLimited, (d) => log.debug({ global: d.global, route: d.route, retryAfterMs: d.retryAfter }, 'rate limited: answering 429 until it resets'));
  const handle = forwarder(rest, config.discordToken!, log);
  const server = createServer((req, res) => void handle(req, res).catch((err) => log.error({ err }, 'proxy handler failed')));
  const { host, port } = config.proxy;
  await new Promise<void>((resolve, reject) => {
    const failed = (err: NodeJS.ErrnoException) => reject(listenError(err, host, port) ?? err);
    server.once('error', failed);
    server.listen(port, host, () => (server.off('error', failed), resolve()));
  });
  const actual = (server.address() as AddressInfo).port;
  log.info({ host, port: actual, upstream: config.apiBase }, `listening on http://${host}:${actual}; point each bot's DISCORD_API_BASE at http://<this host>:${actual}/api`);

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    server.close(() => {
      log.info('bye');
      process.exit(0);
    });
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 5000).unref();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
} catch (err) {
  const line = setupErrorLine(err);
  if (line === null) throw err;
  process.stderr.write(`${line}\n`);
  process.exit(1);
}
