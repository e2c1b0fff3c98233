/**
 * Property-based fuzzing of forms: any form a command could build — hostile titles, labels, placeholders, ids
 * and pre-filled values, any length, nonsense lengths, too many fields — becomes a modal Discord accepts (the
 * stand-in's checks of Discord's rules), with no half character and nothing that could ping in what it shows;
 * the console asks for the same form and sends only what Discord's modal would let through; and hostile
 * answers come back from the test command's reply pinging nobody. Fixed seed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ComponentContext } from '../../src/seam/command.js';
import type { Form, FormField } from '../../src/seam/reply.js';
import { renderForm, renderReply } from '../../src/discord/render.js';
import { FormPrompt } from '../../src/console/form.js';
import { FORM_LIMIT, safeForm, withoutControls } from '../../src/views/safe.js';
import { modalProblems } from '../discord/fake-discord.js';
import { proposeCommand } from '../discord/form-command.js';
import { CONTROL_OR_BIDI, hasLoneSurrogate, hostileText, maskedLinks, pings } from '../helpers/hostile.js';

const RUNS = { seed: 17, numRuns: 80 };

/** Hostile text, sometimes repeated far past any limit. */
const anyText = fc.oneof(
  { weight: 4, arbitrary: hostileText },
  { weight: 1, arbitrary: fc.tuple(hostileText, fc.integer({ min: 1, max: 400 })).map(([s, n]) => s.repeat(n)) },
);
const anyLength = fc.oneof(fc.integer({ min: -10, max: 5000 }), fc.double(), fc.constantFrom(0, 1, 4000, 4001, NaN, Infinity));
const field: fc.Arbitrary<FormField> = fc.record(
  {
    id: fc.oneof(fc.constantFrom('motion', 'side', 'reason', ''), anyText),
    label: anyText,
    style: fc.constantFrom('line' as const, 'paragraph' as const),
    required: fc.boolean(),
    minLength: anyLength,
    maxLength: anyLength,
    placeholder: anyText,
    value: anyText,
  },
  { requiredKeys: ['id', 'label'] },
);
const form: fc.Arbitrary<Form> = fc.record({ customId: anyText, title: anyText, fields: fc.array(field, { maxLength: 8 }) });

/** The modal's text inputs as Discord gets them. */
const inputsOf = (json: any): any[] => json.components.map((row: any) => row.components[0]);

describe('fuzz: forms', () => {
  it('GIVEN any form THEN Discord accepts the modal, and what it shows has no half character, no control character and nothing that pings', () => {
    let shown = 0;
    fc.assert(
      fc.property(form, (f) => {
        let json: any;
        try {
          json = renderForm(f).toJSON();
        } catch (err) {
          // Only a form with no field to show is refused, and that by safeForm, before Discord sees it.
          expect(String(err)).toMatch(/has no field to show/);
          expect(f.fields.every((x) => withoutControls(x.id) === '')).toBe(true);
          return;
        }
        shown++;
        expect(modalProblems(json)).toEqual([]);
        expect(json.components.length).toBeLessThanOrEqual(FORM_LIMIT.fields);
        const texts = [json.title, ...inputsOf(json).flatMap((i) => [i.label, i.placeholder ?? ''])];
        for (const t of texts) {
          expect(hasLoneSurrogate(t)).toBe(false);
          expect(t).not.toMatch(CONTROL_OR_BIDI);
          expect(t).not.toMatch(/\n/);
          expect(pings(t)).toEqual([]);
        }
        for (const i of inputsOf(json)) {
          expect(hasLoneSurrogate(i.value ?? '')).toBe(false);
          expect(i.value ?? '').not.toMatch(CONTROL_OR_BIDI);
          if (i.style === 1) expect(i.value ?? '').not.toMatch(/\n/);
        }
      }),
      RUNS,
    );
    expect(shown).toBeGreaterThan(RUNS.numRuns / 2);
  });

  it('GIVEN any form and any answers typed in the console THEN it asks for what Discord shows and sends only what Discord\'s modal would let through', () => {
    fc.assert(
      fc.property(form, fc.array(fc.oneof(anyText, fc.constant(''), fc.constant('/clear')), { minLength: 1, maxLength: 20 }), (f, answers) => {
        let prompt: FormPrompt;
        try {
          prompt = new FormPrompt(f);
        } catch {
          return; // no field to show: refused as on Discord
        }
        const safe = safeForm(f);
        const start = prompt.start('you');
        expect(start).toContain(safe.title);
        expect(start).toContain(safe.fields[0]!.label);
        for (const a of answers) {
          const step = prompt.answer(a.trim());
          if ('say' in step) continue;
          if ('cancelled' in step) return;
          // Submitted: every field, each as Discord's modal would allow it.
          expect(Object.keys(step.submit)).toEqual(safe.fields.map((x) => x.id));
          for (const x of safe.fields) {
            const v = step.submit[x.id]!;
            if (v === '') expect(x.required).toBe(false);
            else {
              expect(v.length).toBeGreaterThanOrEqual(x.minLength ?? 0);
              expect(v.length).toBeLessThanOrEqual(x.maxLength ?? FORM_LIMIT.value);
            }
          }
          return;
        }
      }),
      RUNS,
    );
  });

  it('GIVEN hostile answers submitted THEN the reply built from them pings nobody and disguises no link', async () => {
    const command = proposeCommand();
    const ctx = (fields: Record<string, string>) =>
      ({ args: ['submit', '1'], fields, actor: { id: '1', name: 'ada', isModerator: false }, guildId: 'g', channelId: 'c' }) as unknown as ComponentContext;
    await fc.assert(
      fc.asyncProperty(anyText, fc.oneof(fc.constantFrom('for', 'against'), anyText), anyText, async (motion, side, reason) => {
        const reply = await command.component!(ctx({ motion, side, reason }));
        const p = renderReply(reply);
        expect(p.allowedMentions).toMatchObject({ parse: [], users: [] });
        expect(pings(p.content)).toEqual([]);
        expect(maskedLinks(p.content)).toEqual([]);
        expect(hasLoneSurrogate(p.content)).toBe(false);
      }),
      RUNS,
    );
  });
});
