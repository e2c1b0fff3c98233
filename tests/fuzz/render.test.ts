/**
 * Property-based fuzzing of the last net (issue 17, items 4 and 5): any Reply a view could build — any text, any
 * length, too many embeds, fields or buttons — becomes a payload Discord accepts: no half character anywhere,
 * every string and count within Discord's limits, no masked link but the bot's own links to a message, and no
 * mention allowed to ping that the reply did not name. Fixed seed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Button, Embed, Reply } from '../../src/seam/reply.js';
import { DISCORD_LIMIT, renderChoices, renderMessage, renderReply } from '../../src/discord/render.js';
import { hasLoneSurrogate, hostileText, maskedLinks } from '../helpers/hostile.js';

/** Hostile text, sometimes repeated far past any limit. */
const anyText = fc.oneof(
  { weight: 4, arbitrary: hostileText },
  { weight: 1, arbitrary: fc.tuple(hostileText, fc.integer({ min: 1, max: 150 })).map(([s, n]) => s.repeat(n)) },
);
const embed: fc.Arbitrary<Embed> = fc.record(
  {
    title: anyText,
    description: anyText,
    footer: anyText,
    color: fc.oneof(fc.integer(), fc.double()),
    fields: fc.array(fc.record({ name: anyText, value: anyText, inline: fc.boolean() }, { requiredKeys: ['name', 'value'] }), { maxLength: 30 }),
  },
  { requiredKeys: [] },
);
const button: fc.Arbitrary<Button> = fc.record(
  { customId: anyText, label: anyText, style: fc.constantFrom('primary' as const, 'secondary' as const, 'success' as const, 'danger' as const), disabled: fc.boolean() },
  { requiredKeys: ['customId', 'label'] },
);
const reply: fc.Arbitrary<Reply> = fc.record(
  {
    content: anyText,
    embeds: fc.array(embed, { maxLength: 12 }),
    buttons: fc.array(fc.array(button, { maxLength: 7 }), { maxLength: 7 }),
    ephemeral: fc.boolean(),
    attachments: fc.array(fc.record({ name: anyText, content: anyText }), { maxLength: 2 }),
    allowedUserMentions: fc.array(fc.oneof(fc.stringMatching(/^\d{17,19}$/), hostileText), { maxLength: 3 }),
  },
  { requiredKeys: [] },
);

/** Every string in a JSON value. */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => strings(x, out));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => strings(x, out));
  return out;
}

type EmbedJson = { title?: string; description?: string; footer?: { text: string }; fields?: { name: string; value: string }[] };

describe('fuzz: a Reply becomes a payload Discord accepts', () => {
  it('GIVEN any Reply THEN the payload has no half character, keeps every limit, and holds no disguised link or unasked ping', () => {
    fc.assert(
      fc.property(reply, (r) => {
        const p = renderReply(r);
        const embeds = p.embeds.map((e) => e.toJSON() as EmbedJson);
        const rows = p.components.map((c) => c.toJSON() as unknown as { components: { label: string; custom_id: string }[] });
        for (const s of strings({ content: p.content, embeds, rows, users: p.allowedMentions.users })) expect(hasLoneSurrogate(s)).toBe(false);

        expect(p.content.length).toBeLessThanOrEqual(DISCORD_LIMIT.content);
        if (!embeds.length && !p.files.length) expect(p.content.trim()).not.toBe('');
        expect(embeds.length).toBeLessThanOrEqual(DISCORD_LIMIT.embeds);
        let total = 0;
        for (const e of embeds) {
          expect(e.title || e.description || e.footer || e.fields?.length).toBeTruthy();
          expect((e.title ?? '').length).toBeLessThanOrEqual(DISCORD_LIMIT.embedTitle);
          expect((e.description ?? '').length).toBeLessThanOrEqual(DISCORD_LIMIT.embedDescription);
          expect((e.footer?.text ?? '').length).toBeLessThanOrEqual(DISCORD_LIMIT.footer);
          expect((e.fields ?? []).length).toBeLessThanOrEqual(DISCORD_LIMIT.fields);
          total += (e.title ?? '').length + (e.description ?? '').length + (e.footer?.text ?? '').length;
          for (const f of e.fields ?? []) {
            expect(f.name.trim()).not.toBe('');
            expect(f.value.trim()).not.toBe('');
            expect(f.name.length).toBeLessThanOrEqual(DISCORD_LIMIT.fieldName);
            expect(f.value.length).toBeLessThanOrEqual(DISCORD_LIMIT.fieldValue);
            total += f.name.length + f.value.length;
            expect(maskedLinks(f.value)).toEqual([]);
          }
          expect(maskedLinks(`${e.title ?? ''}\n${e.description ?? ''}`)).toEqual([]);
        }
        expect(total).toBeLessThanOrEqual(DISCORD_LIMIT.embedsTotal);
        expect(maskedLinks(p.content)).toEqual([]);

        expect(rows.length).toBeLessThanOrEqual(DISCORD_LIMIT.rows);
        for (const row of rows) {
          expect(row.components.length).toBeGreaterThan(0);
          expect(row.components.length).toBeLessThanOrEqual(DISCORD_LIMIT.buttonsPerRow);
          for (const b of row.components) {
            expect(b.label.trim()).not.toBe('');
            expect(b.label.length).toBeLessThanOrEqual(DISCORD_LIMIT.buttonLabel);
            expect(b.custom_id.length).toBeGreaterThan(0);
            expect(b.custom_id.length).toBeLessThanOrEqual(DISCORD_LIMIT.customId);
          }
        }
        // Nothing pings but the users the reply named.
        expect(p.allowedMentions.parse).toEqual([]);
        for (const id of p.allowedMentions.users) expect(r.allowedUserMentions).toContain(id);
        expect(renderMessage(r)).not.toHaveProperty('flags');
      }),
      // endOnFailure: shrinking texts this long takes minutes; the failing case is reported as found. 60 runs
      // exceed each limit that 150 did (content, description, field, embed total, rows, buttons, label, custom id) 6
      // times or more.
      { seed: 17, numRuns: 60, endOnFailure: true },
    );
  });

  it("GIVEN the bot's own link to a message THEN the net leaves it a link", () => {
    const p = renderReply({ content: '**1. ada** — ✅ verified · [message](https://discord.com/channels/1/2/3) · [x](https://evil.example)' });
    expect(p.content).toContain('[message](https://discord.com/channels/1/2/3)');
    expect(p.content).toContain('[x]\\(https://evil.example)');
  });

  it('GIVEN any autocomplete choices THEN at most 25, each name and value within Discord\'s limits and whole', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ name: anyText, value: anyText }), { maxLength: 40 }), (choices) => {
        const out = renderChoices(choices);
        expect(out.length).toBeLessThanOrEqual(DISCORD_LIMIT.choices);
        for (const c of out) {
          expect(hasLoneSurrogate(c.name) || hasLoneSurrogate(c.value)).toBe(false);
          expect(c.name.length).toBeGreaterThan(0);
          expect(c.name.length).toBeLessThanOrEqual(DISCORD_LIMIT.choiceName);
          expect(c.value.length).toBeGreaterThan(0);
          expect(c.value.length).toBeLessThanOrEqual(DISCORD_LIMIT.choiceValue);
        }
      }),
      { seed: 17, numRuns: 300 },
    );
  });
});
