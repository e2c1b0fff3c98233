import { afterEach, describe, expect, it } from 'vitest';
import * as sources from '../../commands/sources.js';
import type { ComponentContext } from '../../src/seam/command.js';
import type { Actor, Reply } from '../../src/seam/reply.js';
import type { Services } from '../../src/app/services.js';
import { commandContext, componentContext } from '../helpers/services.js';
import { HOSTILE, msg, readingGateway, services, THREAD, UNSOURCED, VERIFIED, type Msg } from './sources-fixture.js';
import { ann, begun, dan, host, SERGE, world, type World } from '../score/world.js';

const review = (messages: Msg[], channelId: string, extra: Record<string, string> = {}, svc: Services = services) => {
  const channels = readingGateway(messages);
  return { channels, reply: sources.execute(commandContext(svc, extra, { channelId, channels })) };
};

const press = (customId: string, channels: ComponentContext['channels'], svc: Services = services): Promise<Reply> =>
  sources.component!({ ...componentContext(svc, customId), channels });

const buttons = (r: Reply) => (r.buttons ?? []).flat();

describe('/sources', () => {
  it('GIVEN a thread THEN privately: every message with its verdict and matched passage, and per-person tallies', async () => {
    const { channels, reply } = review(THREAD, 'thread-1');
    const r = await reply;
    expect(channels.asked).toEqual([{ channelId: 'thread-1', limit: 200 }]);
    expect(r.ephemeral).toBe(true);
    const [head, page] = r.embeds!;
    expect(head!.description).toContain('6 messages in <#thread-1>. None is a recorded debate argument: each is checked now, and none counts in a score.');
    expect(head!.description).toContain('**ada** — 2 arguments: 2 cited (2 verified), 0 unsourced, 0 misquoted, 0 misattributed · 100% cited');
    expect(head!.description).toContain('**bob** — 2 arguments: 0 cited, 0 unsourced, 1 misquoted, 1 misattributed · 0% cited');
    expect(head!.description).toContain('**carol** — 1 argument: 1 cited, 0 unsourced, 0 misquoted, 0 misattributed · 100% cited');
    expect(head!.description).toContain('**dave** — 1 argument: 0 cited, 1 unsourced, 0 misquoted, 0 misattributed · 0% cited');
    const body = page!.description!;
    expect(body).toContain('**1. ada** — ✅ verified · [message](https://discord.com/channels/g1/thread-1/1001)');
    expect(body).toMatch(/↳ “We have suppressed the Mensheviks.*” — \*\*Leon Trotsky\*\*, \*Memoirs of a Revolutionary\*, ¶ q1 · Source: Terrorism and Communism, 1920/);
    expect(body).toContain('**2. bob** — ❌ misattributed');
    expect(body).toContain('found, but said by Leon Trotsky');
    expect(body).toContain('**3. carol** — 📎 cited');
    expect(body).toContain('**4. bob** — ⚠️ misquoted');
    expect(body).toContain('Nearest in the corpus');
    expect(body).toContain('**5. ada** — ✅ verified');
    expect(page!.footer).toBe('Messages 1–5 of 6 · page 1 of 2');
    expect(buttons(r).map((b) => b.label)).toEqual(['Next ▶', 'Export as Markdown']);
  });

  it('GIVEN pings and unsafe links in the thread THEN nothing can ping and no unsafe link is clickable', async () => {
    const r = await review([msg(1, '@everyone', HOSTILE), msg(2, '<@&99>', `"${'@here '.repeat(3)}is what Trotsky wrote" <@123>`)], 'thread-2').reply;
    const text = JSON.stringify(r);
    expect(text).not.toMatch(/@everyone|@here|<@[!&]?\d+>/);
    expect(text).not.toMatch(/javascript:/i);
    expect(text).not.toContain('](javascript');
    expect(text).toContain('<https://example.org/book>');
    const md = (await press('sources:export:thread-2', readingGateway([]))).attachments![0]!.content;
    expect(md).not.toMatch(/@everyone|@here|<@[!&]?\d+>|javascript:/i);
  });

  it('GIVEN a long review THEN paged with Next and Previous, edited in place (not ephemeral), and exportable whole', async () => {
    const many = Array.from({ length: 23 }, (_, i) => msg(i + 1, ['ada', 'bob', 'carol'][i % 3]!, i % 2 ? UNSOURCED : VERIFIED));
    const { channels, reply } = review(many, 'thread-3');
    const first = await reply;
    expect(first.embeds![1]!.footer).toBe('Messages 1–5 of 23 · page 1 of 5');
    const next = buttons(first).find((b) => b.label === 'Next ▶')!;
    expect(next.customId).toBe('sources:page:thread-3:1');
    const second = await press(next.customId, channels);
    expect(second.ephemeral).toBeFalsy();
    expect(second.embeds![1]!.footer).toBe('Messages 6–10 of 23 · page 2 of 5');
    expect(second.embeds![1]!.description).toContain('**6. carol**');
    expect(buttons(second).map((b) => b.label)).toEqual(['◀ Previous', 'Next ▶', 'Export as Markdown']);
    const last = await press('sources:page:thread-3:4', channels);
    expect(last.embeds![1]!.footer).toBe('Messages 21–23 of 23 · page 5 of 5');
    expect(buttons(last).map((b) => b.label)).toEqual(['◀ Previous', 'Export as Markdown']);
    // The kept review answers the buttons: the thread is not read again.
    expect(channels.asked).toHaveLength(1);

    const exported = await press('sources:export:thread-3', channels);
    expect(exported.ephemeral).toBe(true);
    const file = exported.attachments![0]!;
    expect(file.name).toBe('sources-thread-3.md');
    expect(file.content).toContain('# Sources review');
    expect(file.content).toContain('| ada | 8 | 4 | 4 | 4 | 0 | 0 | 50% |');
    expect(file.content).toContain('| carol | 7 | 4 | 4 | 3 | 0 | 0 | 57% |');
    expect(file.content).toContain('### 23. bob — ✅ verified');
    expect(file.content).toContain('  - Matched: “We have suppressed the Mensheviks and the SRs and they have disappeared” — Leon Trotsky, *Memoirs of a Revolutionary*, ¶ q1. Source: Terrorism and Communism, 1920');
  });

  it('GIVEN the thread option THEN that thread is reviewed; a button after a restart rebuilds the review', async () => {
    const { channels, reply } = review(THREAD, 'here', { thread: 'thread-4' });
    const r = await reply;
    expect(channels.asked[0]!.channelId).toBe('thread-4');
    expect(r.embeds![0]!.description).toContain('<#thread-4>');
    const fresh = readingGateway(THREAD);
    const later = { ...services, now: () => 60 * 60_000 };
    const page = await press('sources:page:thread-4:1', fresh, later);
    expect(fresh.asked).toEqual([{ channelId: 'thread-4', limit: 200 }]);
    expect(page.embeds![1]!.footer).toBe('Messages 6–6 of 6 · page 2 of 2');
  });

  it('GIVEN 4,000-character messages THEN each is clipped and every page stays within Discord limits', async () => {
    const long = `${VERIFIED} ${'and so forth '.repeat(400)}`.slice(0, 4000);
    const r = await review(Array.from({ length: 6 }, (_, i) => msg(i + 1, 'ada', long)), 'thread-5').reply;
    const total = r.embeds!.reduce((n, e) => n + (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.length ?? 0), 0);
    expect(r.embeds![1]!.description!.length).toBeLessThanOrEqual(4096);
    expect(total).toBeLessThan(6000);
    expect(r.embeds![1]!.description).toContain('…');
  });

  it('GIVEN an empty thread, or messages without readable text (no Message Content) THEN a clear answer', async () => {
    expect(await review([], 'thread-6').reply).toMatchObject({ ephemeral: true, content: 'There are no messages to review in <#thread-6>.' });
    const noText = await review([msg(1, 'ada', ''), msg(2, 'bob', '')], 'thread-7').reply;
    expect(noText).toMatchObject({ ephemeral: true, content: expect.stringContaining('Message Content intent') });
    expect(noText.content).toContain('Check sources');
  });

  it('GIVEN a front end that cannot read history and no debate THEN it says it needs Discord', async () => {
    const r = await sources.execute(commandContext(services, {}, { channelId: 'console' }));
    expect(r).toMatchObject({ ephemeral: true, content: expect.stringContaining('only works on Discord') });
  });

  it('GIVEN a front end that cannot read history and a debate here THEN its recorded arguments are reviewed, with their stored verdicts', async () => {
    const w = world();
    try {
      await begun(w);
      await w.argueAs(ann, 'Industry grew fast under the plan.', 'Kotkin, Stalin, vol. 2, p. 40');
      await w.argueAs(ann, 'Collectivisation starved the countryside.');
      const r = await sources.execute({ services: w.services, commands: [], actor: dan, guildId: 'g1', channelId: 'thread-1', subcommand: null, options: {}, channels: { ...readingGateway([]), fetchMessages: undefined } });
      expect(r.embeds![0]!.description).toContain("2 recorded arguments in <#thread-1> (read from the debate's record, not the thread), with the verdicts the score holds.");
      expect(r.embeds![1]!.description).toContain('**#1 · Ann** — 📎 cited');
      expect(r.embeds![1]!.description).toContain('**#2 · Ann** — ❔ unsourced');
      expect(r.embeds![1]!.description).not.toContain('[message]');
    } finally {
      await w.close();
    }
  });

  it('GIVEN a stale or malformed button THEN an ephemeral explanation', async () => {
    expect(await press('sources:page', readingGateway([]))).toMatchObject({ ephemeral: true, content: expect.stringContaining('expired') });
    expect(await press('sources:delete:thread-1', readingGateway([]))).toMatchObject({ ephemeral: true });
  });
});

/** A Discord message id sent at `ms` (a snowflake: the time since 2015 in its top bits). */
const snowflakeAt = (ms: number): string => String((BigInt(ms) - 1_420_070_400_000n) << 22n);

describe('/sources in a debate thread', () => {
  const open: World[] = [];
  afterEach(async () => {
    for (const w of open.splice(0)) await w.close();
  });

  /** Ann posts on her turn, then argues with /argue; Dan chats out of turn. History has only the two posts. */
  async function debated(): Promise<{ w: World; history: Msg[] }> {
    const w = world();
    open.push(w);
    await begun(w);
    const post = async (actor: Actor, content: string): Promise<Msg> => {
      await w.clock.advance(1000);
      return { id: snowflakeAt(w.clock.now), authorId: actor.id, authorName: actor.name, content };
    };
    const onTurn = await post(ann, `Serge called it "${SERGE}".\nSource: Memoirs of a Revolutionary, 225`);
    expect(await w.post(ann, onTurn.id, onTurn.content)).toBeNull();
    await w.clock.advance(1000);
    await w.argueAs(ann, 'Industry grew fast under the plan.', 'https://example.org/plan');
    const chatter = await post(dan, 'Stalin built the factories.');
    expect(await w.post(dan, chatter.id, chatter.content)).toMatchObject({ content: expect.stringContaining('not your turn') });
    expect((await w.debates.arguments(1)).map((a) => a.messageId)).toEqual([onTurn.id, null]);
    return { w, history: [onTurn, chatter] };
  }

  const run = (w: World, history: Msg[], actor: Actor = ann) =>
    sources.execute({ services: w.services, commands: [], actor, guildId: 'g1', channelId: 'thread-1', subcommand: null, options: {}, channels: readingGateway(history) });

  it('GIVEN a post on one\'s turn, an /argue and chatter THEN each argument is reviewed once, by its number and stored verdict; the chatter is checked now and marked so', async () => {
    const { w, history } = await debated();
    const r = await run(w, history);
    expect(r.ephemeral).toBe(true);
    const [head, page] = r.embeds!;
    expect(head!.description).toContain('2 recorded arguments in <#thread-1>, with the verdicts the score holds; 1 other message checked now, not scored.');
    // The tallies count the recorded arguments as the score does: the chatter is not among them.
    expect(head!.description).toContain('**Ann** — 2 arguments: 2 cited (1 verified), 0 unsourced, 0 misquoted, 0 misattributed · 100% cited');
    expect(head!.description).not.toContain('**Dan');
    const body = page!.description!;
    expect(body).toContain(`**#1 · Ann** — ✅ verified · [message](https://discord.com/channels/g1/thread-1/${history[0]!.id})`);
    expect(body).toMatch(/\*\*#2 · Ann\*\* — 📎 cited\n> Industry grew fast under the plan\.\n> Source: https:\/\/example\.org\/plan/);
    expect(body).toContain('<https://example.org/plan>');
    expect(body).toMatch(/\*\*Dan @\u200beveryone\*\* — ❔ unsourced · not a recorded argument: checked now, not scored/);
    expect(body.match(/Serge called it/g)).toHaveLength(1);
    expect(page!.footer).toBe('Messages 1–3 of 3 · page 1 of 1');
    const md = (await sources.component!({ services: w.services, commands: [], actor: ann, guildId: 'g1', channelId: 'thread-1', channels: readingGateway([]), args: ['export', 'thread-1'] })).attachments![0]!.content;
    expect(md).toContain('### #2 Ann — 📎 cited');
    expect(md).toContain('### Dan @\u200beveryone — ❔ unsourced (not a recorded argument: checked now, not scored)');
    expect(md).toContain('| Ann | 2 | 2 | 1 | 0 | 0 | 0 | 100% |');
  });

  it('GIVEN the debate has ended or history is empty THEN its /argue arguments are still reviewed', async () => {
    const { w, history } = await debated();
    await w.endAs(host);
    expect(await w.debates.find('thread-1')).toMatchObject({ code: 'no-debate' });
    expect((await run(w, history, dan)).embeds![0]!.description).toContain('2 recorded arguments in <#thread-1>');
    const none = await run(w, []);
    expect(none.embeds![0]!.description).toContain('1 recorded argument in <#thread-1>, with the verdicts the score holds.');
    expect(none.embeds![1]!.description).toContain('**#2 · Ann** — 📎 cited');
  });

  it('GIVEN the debate has ended and history cannot be read (console, no Message Content) THEN its stored arguments are reviewed', async () => {
    const { w } = await debated();
    await w.endAs(host);
    const r = await sources.execute({ services: w.services, commands: [], actor: dan, guildId: 'g1', channelId: 'thread-1', subcommand: null, options: {}, channels: { ...readingGateway([]), fetchMessages: undefined } });
    expect(r.embeds![0]!.description).toContain("2 recorded arguments in <#thread-1> (read from the debate's record, not the thread)");
    expect(r.embeds![1]!.description).toMatch(/\*\*#1 · Ann\*\* — ✅ verified[\s\S]*\*\*#2 · Ann\*\* — 📎 cited/);
  });
});
