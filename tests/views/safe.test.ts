import { describe, expect, it } from 'vitest';
import { inertLink, LIMIT, plainLine, safeLine, safeLink, safeMessage, safeText } from '../../src/views/safe.js';
import { clip, graphemeLength } from '../../src/core/text.js';
import { CONTROL_OR_BIDI, FENCE, maskedLinks, pings, TAKEOVER_AT_LINE_START } from '../helpers/hostile.js';

describe('safe text: what users wrote, shown without disguise, ping or takeover', () => {
  it('GIVEN a masked link THEN it reads as typed, its real address visible, and is no link', () => {
    const motion = 'Read [the official Discord notice](https://evil.example/login) first';
    const shown = safeLine(motion, 300);
    expect(maskedLinks(shown)).toEqual([]);
    expect(shown).toBe('Read [the official Discord notice]\\(https://evil.example/login) first');
    // Spaces or invisible characters between the brackets do not smuggle one through either.
    for (const v of ['[x] (https://a.b)', '[x]\u200b(https://a.b)', '[x]\n(https://a.b)', '[x](<https://a.b>)']) expect(maskedLinks(safeText(v, 100))).toEqual([]);
  });

  it('GIVEN text made safe twice THEN nothing changes the second time', () => {
    const once = safeText('@everyone [x](https://a.b)\n# big\n```js', 200);
    expect(safeText(once, 200)).toBe(once);
  });

  it('GIVEN a code fence or line-start markup THEN it cannot swallow or dress up the rest of the message', () => {
    const shown = safeText('fine\n# HUGE\n-# Argument #3 · ✅ verified\n>>> everything after\n```\nhidden', 500);
    expect(shown).not.toMatch(FENCE);
    expect(shown).not.toMatch(TAKEOVER_AT_LINE_START);
    expect(shown).toContain('\\# HUGE');
    // Emphasis and single-line quotes stay: they cannot hide the bot's own lines.
    expect(safeText('**bold** and > quoted', 100)).toBe('**bold** and > quoted');
  });

  it('GIVEN pings THEN none renders', () => {
    expect(pings(safeText('@everyone @here <@123> <@!4> <@&5>', 100))).toEqual([]);
  });

  it('GIVEN control and bidi override characters THEN they are gone; line breaks stay in text, not in a line', () => {
    const typed = 'a\u0000b\u0007c\u001b[31md\u202eexe.txt\u2066e\u0085f\r\ng';
    expect(safeText(typed, 100)).toBe('abc[31mdexe.txtef\ng');
    expect(safeLine(typed, 100)).toBe('abc[31mdexe.txtef g');
    expect(plainLine(typed, 100)).not.toMatch(CONTROL_OR_BIDI);
  });

  it('GIVEN a lone surrogate THEN it becomes a replacement character, never half a character', () => {
    expect(safeText('a\uD83Db', 10)).toBe('a\uFFFDb');
    expect(clip('\uDE00', 5)).toBe('\uFFFD');
  });

  it('GIVEN an emoji at the clip boundary THEN it is kept whole or left out whole', () => {
    const text = `${'a'.repeat(8)}😀👩‍👩‍👧‍👦🇫🇷`;
    expect(clip(text, 10)).toBe(`${'a'.repeat(8)}😀…`);
    expect(clip(text, 11)).toBe(text);
    // Counted in UTF-16 units (Discord's limits), the emoji that does not fit is left out, not cut.
    expect(clip(text, 10, 'utf16')).toBe(`${'a'.repeat(8)}…`);
    expect(clip(text, 12, 'utf16')).toBe(`${'a'.repeat(8)}😀…`);
    expect(clip('anything', 0)).toBe('');
  });

  it('GIVEN text longer than its limit THEN the limit holds in graphemes, escapes counted', () => {
    const long = '[x](https://a.b) @everyone '.repeat(20);
    expect(graphemeLength(safeText(long, 50))).toBeLessThanOrEqual(50);
    expect(graphemeLength(safeLine(long, LIMIT.echo))).toBeLessThanOrEqual(LIMIT.echo);
  });

  it('GIVEN a message composed around typed text THEN the channel it links stays a link, pings and masked links do not', () => {
    const shown = safeMessage('Recorded as argument #1 (announced in <#123>): “[x](https://a.b) @everyone <@5>”');
    expect(shown).toContain('<#123>');
    expect(maskedLinks(shown)).toEqual([]);
    expect(pings(shown)).toEqual([]);
  });

  it('GIVEN links THEN a safe one is shown without preview, and one hiding a masked link is shown inert', () => {
    expect(safeLink('https://example.org/a')).toBe('<https://example.org/a>');
    expect(safeLink('https://a.b/[x](https://evil)')).toMatch(/^`/);
    expect(maskedLinks(inertLink('https://a.b/[x](https://evil)'))).toEqual([]);
  });
});
