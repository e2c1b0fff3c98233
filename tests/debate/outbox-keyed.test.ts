/**
 * Posts written in transactions on different debates (keyed by debate, sql.ts): each goes out once its own
 * transaction commits, whichever commits first. On PostgreSQL one debate's open transaction holds nothing of
 * another debate back; SQLite, with one writer, runs them one after the other.
 */
import pino from 'pino';
import { afterEach, expect, it } from 'vitest';
import { debateKey } from '../../src/db/sql.js';
import { createDebateService, type DebateService } from '../../src/debate/service.js';
import { host, user } from '../core/debate/helpers.js';
import { eachEngine } from '../helpers/engines.js';
import { FakeClock, fakeGateway, type FakeGateway } from './fakes.js';

const services: DebateService[] = [];
afterEach(() => {
  for (const s of services.splice(0)) s.stop();
});

async function begun(service: DebateService, gateway: FakeGateway, channelId: string) {
  const out = await service.start({ actor: host, guildId: 'g1', channelId, motion: `Motion in ${channelId}`, turnSeconds: 600 }, gateway);
  if (!out.ok) throw new Error(out.message);
  for (const [who, side] of [[user('ann'), 'for'], [user('dan'), 'against']] as const) expect((await service.actOn(out.state.id, who, { kind: 'join', side })).ok).toBe(true);
  return out.state;
}

const settled = (service: DebateService) => new Promise((r) => setTimeout(r, 50)).then(() => service.outbox.settle());

eachEngine((store, engine) => {
  it('GIVEN two debates\' posts written in transactions of their own THEN each goes out once its own commits, in whichever order', async () => {
    const sql = await store();
    const clock = new FakeClock();
    const gateway = fakeGateway(clock);
    const service = createDebateService({ sql, now: clock.read, log: pino({ level: 'silent' }), gateway, timers: clock, graceSeconds: 5, formatsDir: '/nonexistent' });
    services.push(service);
    const first = await begun(service, gateway, 'c1');
    const second = await begun(service, gateway, 'c2');
    await settled(service);
    const said = () => gateway.sent.map((s) => s.reply.content).filter((c) => c?.startsWith('Note'));
    const write = (d: typeof first, content: string) => service.outbox.add({ debateId: d.id, channelId: d.channelId, kind: 'post', reply: { content } });

    let commitFirst!: () => void;
    let firstWrote!: () => void;
    const wrote = new Promise<void>((r) => (firstWrote = r));
    const held = service.repo.exclusive(async () => {
      await write(first, 'Note in the first');
      firstWrote();
      await new Promise<void>((r) => (commitFirst = r));
    }, debateKey(first.id));
    await wrote;
    const secondDone = service.repo.exclusive(() => write(second, 'Note in the second'), debateKey(second.id));
    if (engine === 'postgres') {
      await secondDone;
      await settled(service);
      expect(said()).toEqual(['Note in the second']);
    }
    commitFirst();
    await Promise.all([held, secondDone]);
    await settled(service);
    expect(said().sort()).toEqual(['Note in the first', 'Note in the second']);
  });
});
