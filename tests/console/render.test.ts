import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readable } from '../../src/console/markup.js';
import { saveAttachment, safeFileName } from '../../src/console/attachments.js';
import { consoleIds } from '../../src/console/ids.js';

const NOW = Date.UTC(2026, 0, 15, 9, 0, 0);
const markup = { now: () => NOW, timeZone: 'UTC', locale: 'en-GB' };
const at = (ms: number) => Math.floor(ms / 1000);

describe('Discord markup as a person reads it', () => {
  it('GIVEN timestamps in each style THEN local time text, relative ones against the clock', () => {
    const t = at(NOW + 150_000);
    expect(readable(`<t:${t}:T> (<t:${t}:R>)`, markup)).toBe('09:02:30 (in 3 minutes)');
    expect(readable(`<t:${at(NOW - 5000)}:R>`, markup)).toBe('5 seconds ago');
    expect(readable(`<t:${at(NOW)}:t> <t:${at(NOW)}:D>`, markup)).toBe('09:00 15 January 2026');
    expect(readable(`<t:${at(NOW)}>`, markup)).toMatch(/^15 January 2026.* 09:00$/);
  });

  it('GIVEN mentions and spoilers THEN names and shown text; code stays as typed', () => {
    expect(readable('<@console:alice> and <@!console:bob> in <#thread-abc>: ||the twist||', markup)).toBe('@alice and @bob in #thread-abc: the twist');
    expect(readable('<@42> `<@console:alice>`', { ...markup, nameOf: (id) => (id === '42' ? 'carol' : undefined) })).toBe('@carol `<@console:alice>`');
  });
});

describe('attachments written under the data directory', () => {
  it('GIVEN hostile names THEN files stay in exports/, names safe, nothing overwritten', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rostrum-attach-'));
    const paths = ['../../etc/passwd', '/abs/x.md', '..', 'a\u0000b:c?.md', 'a\u0000b:c?.md'].map((name) => saveAttachment(dir, { name, content: name }, '/elsewhere'));
    for (const p of paths) expect(p.startsWith(join(dir, 'exports') + '/')).toBe(true);
    expect(new Set(paths).size).toBe(paths.length);
    expect(readdirSync(join(dir, 'exports')).sort()).toEqual(['a-b-c-.md', 'a-b-c--2.md', 'abs-x.md', 'attachment', 'etc-passwd'].sort());
    expect(readFileSync(paths[0], 'utf8')).toBe('../../etc/passwd');
    expect(existsSync(join(dir, 'etc'))).toBe(false);
    expect(safeFileName('debate-1-transcript.md')).toBe('debate-1-transcript.md');
  });
});

describe('console ids', () => {
  it('GIVEN a clock that stands still or goes back THEN ids still never repeat, and taken threads are skipped', async () => {
    let now = 1000;
    const taken = new Set([`thread-${(1000).toString(36)}`]);
    const ids = consoleIds(() => now, (id) => taken.has(id));
    const seen = [await ids.thread(), ids.message(), await ids.thread()];
    now = 10;
    seen.push(await ids.thread(), ids.message());
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).not.toContain(`thread-${(1000).toString(36)}`);
  });
});
