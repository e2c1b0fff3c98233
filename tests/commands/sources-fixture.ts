/** A small corpus and thread for the /sources and "Check sources" tests. */
import { makeCorpus } from '../helpers/corpus.js';
import { recordingGateway, testServices } from '../helpers/services.js';
import type { ChannelGateway } from '../../src/seam/reply.js';

export const services = testServices(
  makeCorpus({
    author: 'Victor Serge',
    title: 'Memoirs of a Revolutionary',
    prose: ['The bureaucracy grew fat on the revolution while the workers went hungry every single winter.'],
    quotes: [{ text: 'We have suppressed the Mensheviks and the SRs and they have disappeared', speaker: 'Leon Trotsky', source: 'Terrorism and Communism, 1920' }],
  }),
);

export const VERIFIED = 'As Trotsky wrote, "We have suppressed the Mensheviks and the SRs and they have disappeared."';
export const MISATTRIBUTED = 'Stalin said "We have suppressed the Mensheviks and the SRs and they have disappeared"';
export const MISQUOTED = 'Trotsky wrote "We have tolerated the Mensheviks and the SRs and they have flourished"';
export const VERIFIED_PROSE = 'Serge: "the bureaucracy grew fat on the revolution while the workers went hungry"';
export const HOSTILE = 'See https://example.org/book and javascript:alert(1) or [click](javascript:alert(1)) @everyone <@&123> <@456>';
export const UNSOURCED = 'Trotsky was right, obviously.';

export type Msg = { id: string; authorId: string; authorName: string; content: string };

export const msg = (n: number, authorName: string, content: string): Msg => ({ id: String(1000 + n), authorId: `id-${authorName}`, authorName, content });

/** A thread: ada verified twice, bob misattributed and misquoted, carol cited (with hostile text), dave unsourced. */
export const THREAD: Msg[] = [
  msg(1, 'ada', VERIFIED),
  msg(2, 'bob', MISATTRIBUTED),
  msg(3, 'carol', HOSTILE),
  msg(4, 'bob', MISQUOTED),
  msg(5, 'ada', VERIFIED_PROSE),
  msg(6, 'dave', UNSOURCED),
  msg(7, 'dave', ''),
];

/** A gateway that serves `messages` for any channel and records what it was asked. */
export function readingGateway(messages: Msg[]): ChannelGateway & { asked: { channelId: string; limit: number }[] } {
  const asked: { channelId: string; limit: number }[] = [];
  return {
    ...recordingGateway(),
    asked,
    async fetchMessages(channelId: string, limit: number) {
      asked.push({ channelId, limit });
      return messages.slice(-limit);
    },
  };
}
