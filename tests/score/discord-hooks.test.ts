import { EventEmitter } from 'node:events';
import { Events, type Client } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { ChannelGateway } from '../../src/seam/reply.js';
import { wireEditsAndDeletes } from '../../src/discord/run.js';
import type { Services } from '../../src/app/services.js';
import type { PostedMessage } from '../../src/seam/reply.js';
import { silent } from '../debate/fakes.js';

function message(over: Record<string, unknown> = {}) {
  return {
    partial: false,
    id: 'm1',
    channelId: 't1',
    guildId: 'g1',
    content: 'Edited words\nSource: https://example.org/x',
    system: false,
    author: { id: 'u1', bot: false, username: 'ann', globalName: null },
    member: { displayName: 'Ann' },
    reference: { messageId: 'm0' },
    inGuild: () => true,
    ...over,
  };
}

describe('Discord edits and deletions reach the score hooks', () => {
  it('GIVEN messageUpdate, messageDelete and bulk deletes THEN onMessageEdit and onMessageDelete are called; bots and partial fetch failures are skipped', async () => {
    const client = new EventEmitter();
    const edits: PostedMessage[] = [];
    const deletes: string[] = [];
    const services = {
      onMessageEdit: async (m: PostedMessage) => void edits.push(m),
      onMessageDelete: async (c: string, id: string) => void deletes.push(`${c}/${id}`),
    } as unknown as Services;
    const channels = {} as ChannelGateway;
    wireEditsAndDeletes(client as unknown as Client, services, channels, silent);
    const settle = () => new Promise((r) => setTimeout(r, 0));

    client.emit(Events.MessageUpdate, null, message());
    client.emit(Events.MessageUpdate, null, message({ id: 'm2', author: { id: 'bot', bot: true, username: 'b' } }));
    client.emit(Events.MessageUpdate, null, { partial: true, id: 'm3', channelId: 't1', fetch: async () => message({ id: 'm3', content: 'fetched' }) });
    client.emit(Events.MessageUpdate, null, { partial: true, id: 'm4', channelId: 't1', fetch: async () => { throw new Error('gone'); } });
    await settle();
    expect(edits.map((e) => [e.messageId, e.content, e.actor.name, e.replyToMessageId])).toEqual([
      ['m1', 'Edited words\nSource: https://example.org/x', 'Ann', 'm0'],
      ['m3', 'fetched', 'Ann', 'm0'],
    ]);
    expect(edits[0]).toMatchObject({ guildId: 'g1', channelId: 't1', channels });

    client.emit(Events.MessageDelete, { id: 'm1', channelId: 't1', partial: true });
    client.emit(Events.MessageBulkDelete, new Map([['m5', { id: 'm5', channelId: 't1' }], ['m6', { id: 'm6', channelId: 't1' }]]));
    await settle();
    expect(deletes).toEqual(['t1/m1', 't1/m5', 't1/m6']);
  });
});
