import { ChannelType, DiscordAPIError, PermissionFlagsBits, PermissionsBitField, type Client } from 'discord.js';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { ChannelUnavailableError, DiscordChannels } from '../../src/discord/channels.js';
import { failureKind } from '../../src/debate/outbox.js';

const apiError = (status: number, code: number) =>
  new DiscordAPIError({ code, message: 'x' }, code, status, 'GET', '/channels/1', { body: undefined, files: undefined });

/** A client whose channel cache is empty (after a restart) and whose fetch fails as given. */
const clientFailing = (err: unknown) =>
  ({ channels: { cache: new Map(), fetch: async () => Promise.reject(err) } }) as unknown as Client;

const post = (err: unknown) => new DiscordChannels(clientFailing(err), pino({ level: 'silent' })).post('1', { content: 'Turn 2' });

describe('a channel the bot must fetch before posting', () => {
  it('GIVEN Discord says the channel is unknown (404) THEN the post fails as gone, which halts the debate', async () => {
    const err = await post(apiError(404, 10003)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelUnavailableError);
    expect(failureKind(err, false)).toBe('gone');
  });

  it('GIVEN a 500 while fetching the channel THEN the failure stays transient, so the outbox retries instead of pausing', async () => {
    const err = await post(apiError(500, 0)).catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(ChannelUnavailableError);
    expect(failureKind(err, false)).toBe('transient');
  });
});

describe('a post with a nonce', () => {
  it('GIVEN the outbox\'s nonce THEN Discord is asked to enforce it, so a re-sent post is not shown twice', async () => {
    const sent: unknown[] = [];
    const channel = { id: '1', isTextBased: () => true, send: async (o: unknown) => (sent.push(o), { id: '99' }) };
    const client = { channels: { cache: new Map([['1', channel]]), fetch: async () => channel } } as unknown as Client;
    const channels = new DiscordChannels(client, pino({ level: 'silent' }));
    expect(await channels.post('1', { content: 'Turn 2' }, 'a.b')).toBe('99');
    await channels.post('1', { content: 'Turn 3' });
    expect(sent).toMatchObject([{ content: 'Turn 2', nonce: 'a.b', enforceNonce: true }, { content: 'Turn 3' }]);
    expect(sent[1]).not.toHaveProperty('nonce');
  });
});

describe('a thread for a debate', () => {
  /** A server text channel where the bot holds `allowed`, counting the threads it opens. */
  const channelAllowing = (allowed: bigint[]) => {
    const opened: string[] = [];
    const channel = {
      id: '1',
      type: ChannelType.GuildText,
      isTextBased: () => true,
      guild: { members: { me: { id: 'bot' } } },
      permissionsFor: () => new PermissionsBitField(allowed),
      threads: { create: async ({ name }: { name: string }) => (opened.push(name), { id: '2' }) },
    };
    const client = { channels: { cache: new Map([['1', channel]]), fetch: async () => channel } } as unknown as Client;
    return { channels: new DiscordChannels(client, pino({ level: 'silent' })), opened };
  };
  const { CreatePublicThreads, SendMessagesInThreads, EmbedLinks } = PermissionFlagsBits;

  it('GIVEN the bot may not embed links THEN no thread is opened (the motion card could not be posted in it)', async () => {
    const { channels, opened } = channelAllowing([CreatePublicThreads, SendMessagesInThreads]);
    expect(await channels.createThread('1', 'Motion')).toBeNull();
    expect(opened).toEqual([]);
  });

  it('GIVEN all the bot needs THEN the thread is opened', async () => {
    const { channels, opened } = channelAllowing([CreatePublicThreads, SendMessagesInThreads, EmbedLinks]);
    expect(await channels.createThread('1', 'Motion')).toBe('2');
    expect(opened).toEqual(['Motion']);
  });
});
