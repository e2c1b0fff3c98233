import pino from 'pino';
import type { CommandContext, ComponentContext } from '../../src/seam/command.js';
import type { ChannelGateway, Reply } from '../../src/seam/reply.js';
import type { Corpus } from '../../src/core/corpus/corpus.js';
import { createQuoteSearch } from '../../src/core/search/search.js';
import type { Services } from '../../src/app/services.js';

export function testServices(corpus: Corpus, now = () => 0): Services {
  return { corpus, search: createQuoteSearch(corpus), now, log: pino({ level: 'silent' }) };
}

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
    ...extra,
  };
}

export function componentContext(services: Services, customId: string): ComponentContext {
  const { subcommand: _s, options: _o, ...rest } = commandContext(services, {});
  return { ...rest, args: customId.split(':').slice(1) };
}
