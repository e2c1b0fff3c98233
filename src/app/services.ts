/**
 * Everything a command handler may use, assembled once by the composition root (src/app/build.ts) and passed
 * in, so that handlers never reach for globals or the environment.
 */
import type { Logger } from 'pino';
import type { Corpus } from '../core/corpus/corpus.js';
import type { QuoteSearch } from '../core/search/search.js';
import type { Checker, CheckSource } from '../core/check/checker.js';
import type { DebateService } from '../debate/service.js';
import type { ScoreService } from '../score/service.js';
import type { ServerLibraries } from '../library/service.js';
import type { ChannelGateway, PostedMessage, Reply } from '../seam/reply.js';

/** The corpus and what reads it: all the CLI and the evaluation need, and the base of the bot's Services. */
export interface Library {
  corpus: Corpus;
  search: QuoteSearch;
  /** The argument checker, built on first call (indexing every passage takes a moment) and kept after. */
  checker: () => Checker;
  /** Where that checker reads the corpus (servers' own texts are checked beside it), built on first call. */
  checkSource: () => CheckSource;
  /** Milliseconds since the epoch; injected so tests can drive time. */
  now: () => number;
  log: Logger;
}

/** The bot's services: the console and Discord always have a database, so debates and the score are always here. */
export interface Services extends Library {
  /** Each server's own texts (/corpus): add, list, remove. */
  libraries: ServerLibraries;
  /** /quote's search on a server: the shared corpus and that server's texts (the shared corpus alone for null). */
  searchFor: (guildId: string | null) => QuoteSearch;
  /** The argument checker on a server: the shared corpus and that server's texts as one corpus. */
  checkerFor: (guildId: string | null) => Checker;
  debates: DebateService;
  /** Verdicts, the score and "citation needed" challenges. */
  scores: ScoreService;
  /** Called for each message posted where the bot reads; a Reply is shown to its author only. */
  onMessage: (message: PostedMessage) => Promise<Reply | null>;
  /** A message was edited (its new content): an argument it made is checked again. */
  onMessageEdit: (message: PostedMessage) => Promise<void>;
  /** A message was deleted: an argument it made leaves the score. */
  onMessageDelete: (channelId: string, messageId: string) => Promise<void>;
  /**
   * Before connecting to Discord: registers this process's shards among the hosts sharing the store (throws
   * HostConflictError when a live host runs one of them) and keeps its lease until close. Returns its name.
   */
  joinHosts: () => Promise<string>;
  /** The front end is ready and can post: timers start (overdue turns are announced now). */
  start: (gateway: ChannelGateway) => Promise<void>;
  /** Releases what the services hold (timers, the database); waits for queued posts. */
  close: () => Promise<void>;
}
