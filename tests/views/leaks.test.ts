/**
 * The four disguised-link leaks of issue 17, each through its command handler, and what a debate's thread is
 * named: every path a user's words take to a message goes through the one safe-text path.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/seam/reply.js';
import { renderPost, renderReply } from '../../src/discord/render.js';
import * as quote from '../../commands/quote.js';
import * as verdict from '../../commands/verdict.js';
import { ann, begun, cleanTemp, host, mod, world, type World } from '../score/world.js';
import { CONTROL_OR_BIDI, hasLoneSurrogate, maskedLinks, pings } from '../helpers/hostile.js';

const EVIL = 'Read [the official Discord notice](https://evil.example/login) first';

/** Every string a reply would put in front of a reader, as sent to Discord. */
function shown(reply: Reply): string[] {
  const p = renderReply(reply);
  return [
    p.content,
    ...p.embeds.flatMap((e) => {
      const d = e.data;
      return [d.title, d.description, d.footer?.text, ...(d.fields ?? []).flatMap((f) => [f.name, f.value])];
    }),
    ...p.components.flatMap((row) => row.components.map((c) => ('label' in c.data ? String(c.data.label) : ''))),
  ].filter((s): s is string => typeof s === 'string');
}

/** The reply's text as the handler built it (before the render's last net). */
function built(reply: Reply): string[] {
  return [reply.content ?? '', ...(reply.embeds ?? []).flatMap((e) => [e.title ?? '', e.description ?? '', e.footer ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value])])];
}

function expectNoLink(reply: Reply): void {
  for (const s of [...built(reply), ...shown(reply)]) {
    expect(maskedLinks(s), s).toEqual([]);
    expect(pings(s), s).toEqual([]);
  }
}

let w: World;
afterEach(async () => {
  await w?.close();
  cleanTemp();
});

describe('a masked link typed by a user is never posted as a link', () => {
  it('GIVEN /debate start with a masked link in the motion THEN the reply and the motion card show it as typed, not as a link', async () => {
    w = world();
    const reply = await w.run(host, 'start', { motion: EVIL, format: 'open-floor' }, 'c1');
    expect(reply.content).toContain('[the official Discord notice]\\(https://evil.example/login)');
    expectNoLink(reply);
    const card = w.gateway.sent.find((s) => s.reply.buttons)!;
    expect(card.reply.embeds![0]!.description).toContain('https://evil.example/login');
    expectNoLink(card.reply);
    expect(maskedLinks(renderPost(card.reply).embeds[0]!.data.description!)).toEqual([]);
  });

  it('GIVEN /argue with a masked link as its source THEN /verdict show gives the source as typed, not as a link', async () => {
    w = world();
    await begun(w);
    await w.argueAs(ann, 'The Left Opposition had an industrial plan.', '[Deutscher, The Prophet Armed](https://evil.example/login)');
    const show = await w.command(verdict, mod, { message_id: '#1' }, 'show');
    expect(show.content).toContain('Source given:');
    expect(show.content).toContain('https://evil.example/login');
    expectNoLink(show);
  });

  it('GIVEN /verdict override on an argument whose words hold a masked link THEN the echo names it without a link', async () => {
    w = world();
    await begun(w);
    await w.argueAs(ann, '[Serge agrees](https://evil.example/login) with me.');
    const echo = await w.command(verdict, mod, { message_id: '#1', verdict: 'verified', reason: 'see [the ruling](https://evil.example/r)' }, 'override');
    expect(echo.content).toMatch(/is now ✅ verified/);
    expect(echo.content).toContain('[Serge agrees]\\(https://evil.example/login)');
    expectNoLink(echo);
    // The ruling's reason, shown by /verdict show, is as safe.
    expectNoLink(await w.command(verdict, mod, { message_id: '#1' }, 'show'));
  });

  it('GIVEN /quote with a masked link as the speaker THEN "No one called …" echoes it as typed, not as a link', async () => {
    w = world();
    const reply = await w.command(quote, ann, { query: 'boldness', speaker: '[Victor Serge](https://evil.example/login)' });
    expect(reply.content).toMatch(/^No one called “\[Victor Serge\]\\\(https:\/\/evil\.example\/login\)”/);
    expectNoLink(reply);
    // And nothing found for a query that is a masked link echoes it the same way.
    expectNoLink(await w.command(quote, ann, { query: '[zzzq](https://evil.example/login)' }));
  });
});

describe("a debate thread's name", () => {
  it('GIVEN an emoji where the motion is cut THEN the thread name keeps it whole', async () => {
    w = world();
    const motion = `${'a'.repeat(88)}😀${'b'.repeat(50)}`;
    await w.run(host, 'start', { motion, format: 'open-floor' }, 'c1');
    const name = w.gateway.sent.find((s) => s.kind === 'thread')!.reply.content!;
    expect(hasLoneSurrogate(name)).toBe(false);
    expect(name).toBe(`${'a'.repeat(88)}😀…`);
  });

  it('GIVEN control characters, a bidi override and line breaks in the motion THEN the thread name has none of them', async () => {
    w = world();
    await w.run(host, 'start', { motion: 'Free\u0000 speech\nfor\u202e all\r\nnow\u0007', format: 'open-floor' }, 'c1');
    const name = w.gateway.sent.find((s) => s.kind === 'thread')!.reply.content!;
    expect(name).toBe('Free speech for all now');
    expect(name).not.toMatch(CONTROL_OR_BIDI);
    expect(name).not.toMatch(/[\r\n]/);
  });
});
