/**
 * Everything a command handler may use, assembled once at start-up (src/main.ts) and passed in, so that
 * handlers never reach for globals or the environment.
 */
import type { Logger } from 'pino';
import type { Corpus } from '../core/corpus/corpus.js';
import type { QuoteSearch } from '../core/search/search.js';
import type { CheckSource } from '../core/check/checker.js';
import type { DebateService } from '../debate/service.js';
import type { ScoreService } from '../score/service.js';
import type { ChannelGateway, PostedMessage, Reply } from '../seam/reply.js';

export interface Services {
  corpus: Corpus;
  search: QuoteSearch;
  /** Where argument checks read a corpus held in a file (FTS5); absent, they index the corpus in memory. */
  checkSource?: () => CheckSource;
  /** Milliseconds since the epoch; injected so tests can drive time. */
  now: () => number;
  log: Logger;
  /** Structured debates (issue 4); absent where no database is open. */
  debates?: DebateService;
  /** Verdicts, the score and "citation needed" challenges (issue 5); absent where no database is open. */
  scores?: ScoreService;
  /** Called for each message posted where the bot reads; a Reply is shown to its author only. */
  onMessage?: (message: PostedMessage) => Promise<Reply | null>;
  /** A message was edited (its new content): an argument it made is checked again. */
  onMessageEdit?: (message: PostedMessage) => Promise<void>;
  /** A message was deleted: an argument it made leaves the score. */
  onMessageDelete?: (channelId: string, messageId: string) => Promise<void>;
  /** The front end is ready and can post: timers start (overdue turns are announced now). */
  start?: (gateway: ChannelGateway) => void;
  /** Releases what the services hold (timers, the database); waits for queued posts. */
  close?: () => void | Promise<void>;
}
