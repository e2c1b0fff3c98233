import pino, { type Logger } from 'pino';
import { ingestText, type IngestInput, type Ingested } from '../../src/library/ingest.js';
import type { CommandContext, ComponentContext } from '../../src/seam/command.js';
import type { ChannelGateway, Reply } from '../../src/seam/reply.js';
import type { Corpus } from '../../src/core/corpus/corpus.js';
import type { Checker } from '../../src/core/check/checker.js';
import { createQuoteSearch } from '../../src/core/search/search.js';
import type { Services } from '../../src/app/services.js';
import { loadConfig, type Config } from '../../src/app/config.js';
import { build } from '../../src/app/build.js';
import { libraryOf } from '../../src/app/bootstrap.js';
import { openDatabase, type Database } from '../../src/db/open.js';
import { FakeClock } from '../debate/fakes.js';

/**
 * A configuration for tests: the defaults, except no automatic backups and a 10 s turn grace (the debate
 * service's own default, which the tests' timings count on); `env` overrides either.
 */
export function testConfig(env: NodeJS.ProcessEnv = {}): Config {
  return loadConfig({ BACKUP_INTERVAL_HOURS: '0', TURN_GRACE_SECONDS: '10', ...env });
}

export interface TestServicesOptions {
  /** The database (default: a new in-memory one). */
  db?: Database;
  /** The argument checker (default: one over `corpus`, built on first use). */
  checker?: () => Checker;
  challengeSeconds?: number;
}

/**
 * The bot's Services as the composition root builds them, over `corpus`, a database (in memory unless given)
 * and a fake clock: a FakeClock's timers fire as the test advances it; with a bare `now`, they never fire.
 * Custom debate formats stay out (formats/ is the project's, not the test's).
 */
export function testServices(corpus: Corpus, clock: (() => number) | FakeClock = () => 0, opts: TestServicesOptions = {}): Services {
  const log = pino({ level: 'silent' });
  const now = typeof clock === 'function' ? clock : clock.read;
  const library = libraryOf({ corpus, search: createQuoteSearch(corpus) }, { log, now });
  return build({
    config: testConfig(),
    log,
    clock: now,
    timers: typeof clock === 'function' ? new FakeClock() : clock,
    db: opts.db ?? openDatabase(':memory:'),
    library: opts.checker ? { ...library, checker: opts.checker } : library,
    formatsDir: '/nonexistent',
    challengeSeconds: opts.challengeSeconds,
    parseAddedText: parseHere,
  });
}

/** Texts added to a server's library parsed on this thread: a worker loads the sources anew each time (~0.6 s). */
export const parseHere = async (input: IngestInput, log: Logger): Promise<Ingested> => ingestText(input, log);

/** A gateway that records what would have been posted. */
export function recordingGateway(): ChannelGateway & { posts: { channelId: string; reply: Reply }[] } {
  const posts: { channelId: string; reply: Reply }[] = [];
  let n = 0;
  return {
    posts,
    async createThread() { return `thread-${++n}`; },
    async post(channelId, reply) { posts.push({ channelId, reply }); return `m${posts.length}`; },
    async edit(channelId, _id, reply) { posts.push({ channelId, reply }); },
  };
}

export function commandContext(services: Services, options: CommandContext['options'], extra: Partial<CommandContext> = {}): CommandContext {
  return {
    services,
    actor: { id: 'u1', name: 'alice', isModerator: false },
    guildId: 'g1',
    channelId: 'c1',
    subcommand: null,
    options,
    channels: recordingGateway(),
    commands: [],
    ...extra,
  };
}

export function componentContext(services: Services, customId: string): ComponentContext {
  const { subcommand: _s, options: _o, ...rest } = commandContext(services, {});
  return { ...rest, args: customId.split(':').slice(1) };
}
