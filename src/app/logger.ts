/**
 * The one pino instance. It always writes to standard error (fd 2): standard output belongs to the CLI's
 * JSON and the console. The bot token never reaches a log line: known paths are redacted by pino, and every
 * serialized line is scrubbed of the literal token value as a last line of defence (an error message or a
 * URL that happens to contain it).
 */
import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from './config.js';

export const REDACT_PATHS = [
  'token',
  '*.token',
  'discordToken',
  '*.discordToken',
  'config.discordToken',
  'authorization',
  'headers.authorization',
  '*.headers.authorization',
  'req.headers.authorization',
  'DISCORD_TOKEN',
  '*.DISCORD_TOKEN',
];

const CENSOR = '[redacted]';

/** Wraps a destination so that `secret` is replaced in every line written through it. */
export function scrubbing(dest: DestinationStream, secrets: string[]): DestinationStream {
  const live = secrets.filter((s) => s.length >= 8);
  if (live.length === 0) return dest;
  return {
    write(line: string) {
      let out = line;
      for (const s of live) if (out.includes(s)) out = out.split(s).join(CENSOR);
      return dest.write(out);
    },
  };
}

export interface LoggerOptions {
  /** Where lines go; standard error unless a test captures them. */
  destination?: DestinationStream;
}

/** Creates the logger from the configuration. */
export function createLogger(
  config: Pick<Config, 'logLevel' | 'discordToken'>,
  opts: LoggerOptions = {},
): Logger {
  const dest = opts.destination ?? pino.destination({ dest: 2, sync: true });
  return pino(
    {
      level: config.logLevel,
      base: { pid: process.pid },
      redact: { paths: REDACT_PATHS, censor: CENSOR },
    },
    scrubbing(dest, config.discordToken ? [config.discordToken] : []),
  );
}
