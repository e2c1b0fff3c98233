/**
 * A server's index while an add changes it in steps: the bot answers searches between them, from the texts as
 * they were; the add answers once its text is found; a text removed meanwhile leaves search at once.
 */
import { describe, expect, it, vi } from 'vitest';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { ADA, GUILD, LETTERS, fileIn, setup } from './fixtures.js';
import { IndexInSteps } from '../../src/library/server-index.js';

const SOVIETS = `---
title: Notes on the Soviets
author: Sam Roe
---

# The soviets

Julius Martov warned in 1920 that “the soviets have become a facade for the rule of one party”, and few listened.

Roe thinks the factory committees went the same way, a year earlier, with less noise.
`;

/** The letters with twenty paragraphs more: big enough that a short text added changes its index in place. */
const LONG_LETTERS = `${LETTERS}\n${Array.from({ length: 20 }, (_, i) => `In ${1900 + i} the trade unions and the factory committees argued over wages, hours and the ${i + 1}th congress.`).join('\n\n')}\n`;

const finds = (s: ReturnType<typeof setup>, query: string, title: string) => {
  const r = s.libraries.search(GUILD).search({ query, limit: 5 });
  if (!r.ok) throw new Error(r.error);
  return r.results.some((x) => x.document.title === title);
};

describe('a server\'s index while an add changes it', () => {
  it('GIVEN a server with a text WHEN a second is added THEN searches meanwhile answer from the first, and once the add answers both are found, as a fresh start finds them', async () => {
    const s = setup({}, undefined, { stepMs: 0 });
    expect((await s.libraries.add({ guildId: GUILD, actor: ADA, source: { path: fileIn(s.dir, 'letters.md', LONG_LETTERS) } })).ok).toBe(true);
    let done = false;
    const adding = s.libraries.add({ guildId: GUILD, actor: ADA, source: { path: fileIn(s.dir, 'soviets.md', SOVIETS) } }).then((out) => ((done = true), out));
    let meanwhile = 0;
    while (!done) {
      // Every turn, a member searching: answered, and the first text always there.
      expect(finds(s, 'luxemburg freedom party', 'Letters on Freedom')).toBe(true);
      meanwhile++;
      await nextTurn();
    }
    expect(meanwhile).toBeGreaterThan(1);
    expect((await adding).ok).toBe(true);
    expect(finds(s, 'martov soviets facade', 'Notes on the Soviets')).toBe(true);
    expect(finds(s, 'luxemburg freedom party', 'Letters on Freedom')).toBe(true);
    const query = { query: 'party soviets freedom', limit: 10 };
    const fresh = s.reopen();
    await fresh.ready(GUILD);
    expect(s.libraries.search(GUILD).search(query)).toEqual(fresh.search(GUILD).search(query));
  });

  it('GIVEN an add WHEN its text is stored THEN a search waiting is answered before the index is changed: storing and each step are turns of their own', async () => {
    const s = setup({}, undefined, { stepMs: 0 });
    expect((await s.libraries.add({ guildId: GUILD, actor: ADA, source: { path: fileIn(s.dir, 'letters.md', LONG_LETTERS) } })).ok).toBe(true);
    const order: string[] = [];
    const insert = s.libraries.repo.insert.bind(s.libraries.repo);
    vi.spyOn(s.libraries.repo, 'insert').mockImplementation(async (t) => {
      const text = await insert(t);
      setImmediate(() => order.push('search')); // a member's /quote, arrived while the text was stored
      return text;
    });
    const step = IndexInSteps.prototype.step;
    const steps = vi.spyOn(IndexInSteps.prototype, 'step').mockImplementation(function (this: IndexInSteps) {
      order.push('step');
      return step.call(this);
    });
    try {
      expect((await s.libraries.add({ guildId: GUILD, actor: ADA, source: { path: fileIn(s.dir, 'soviets.md', SOVIETS) } })).ok).toBe(true);
    } finally {
      steps.mockRestore();
    }
    expect(order[0]).toBe('search');
    expect(order.filter((x) => x === 'step').length).toBeGreaterThan(1);
  });

  it('GIVEN an add changing the index WHEN the other text is removed meanwhile THEN it leaves search at once, and the added text is found once the add answers', async () => {
    const s = setup({}, undefined, { stepMs: 0 });
    const first = await s.libraries.add({ guildId: GUILD, actor: ADA, source: { path: fileIn(s.dir, 'letters.md', LONG_LETTERS) } });
    if (!first.ok) throw new Error(first.error);
    let removing: Promise<boolean> | null = null;
    const out = await s.libraries.add({
      guildId: GUILD,
      actor: ADA,
      source: { path: fileIn(s.dir, 'soviets.md', SOVIETS) },
      // Stored in this turn; the index is changed in the turns after: the removal comes in the first of them.
      onProgress: (p) => {
        if (p.stage === 'indexing') {
          setImmediate(() => {
            removing = s.libraries.remove(GUILD, first.text.id, ADA).then((removed) => {
              expect(removed.ok).toBe(true);
              // Once the removal answers, searched no more.
              return finds(s, 'luxemburg freedom party', 'Letters on Freedom');
            });
          });
        }
      },
    });
    expect(out.ok).toBe(true);
    expect(removing).not.toBeNull();
    expect(await removing).toBe(false);
    expect(finds(s, 'luxemburg freedom party', 'Letters on Freedom')).toBe(false);
    expect(finds(s, 'martov soviets facade', 'Notes on the Soviets')).toBe(true);
  });

  it('GIVEN a server\'s index WHEN another process adds a text THEN once this one has looked at the store it finds it, reading back that text alone', async () => {
    const s = setup();
    expect((await s.libraries.add({ guildId: GUILD, actor: ADA, source: { path: fileIn(s.dir, 'letters.md', LONG_LETTERS) } })).ok).toBe(true);
    expect(finds(s, 'martov soviets facade', 'Notes on the Soviets')).toBe(false);
    expect((await s.reopen().add({ guildId: GUILD, actor: ADA, source: { path: fileIn(s.dir, 'soviets.md', SOVIETS) } })).ok).toBe(true);
    const every = vi.spyOn(s.libraries.repo, 'documents');
    const one = vi.spyOn(s.libraries.repo, 'document');
    await s.libraries.ready(GUILD);
    expect(finds(s, 'martov soviets facade', 'Notes on the Soviets')).toBe(true);
    expect(finds(s, 'luxemburg freedom party', 'Letters on Freedom')).toBe(true);
    expect(every).not.toHaveBeenCalled();
    expect(one).toHaveBeenCalledTimes(1);
  });
});
