import { describe, expect, it } from 'vitest';
import { SlashCommandBuilder } from '@discordjs/builders';
import type { CommandModule } from '../../src/seam/command.js';
import { place, startConsole } from '../console/session.js';
import { LETTERS, fileIn, tempDir } from './fixtures.js';

describe('the console\'s library', () => {
  it('GIVEN /corpus add file:<path> THEN the text is added to the console\'s server; list, info and remove (asked first) follow; a restart keeps it', async () => {
    const at = place();
    const path = fileIn(tempDir(), 'Letters on Freedom.md', LETTERS);
    const c = await startConsole(at);
    expect(await c.type(`/corpus add file:${path}`, /Added to this server's library/)).toMatch(/2 quotation\(s\)/);
    expect(await c.type(`/corpus add file:${path}`, /already in this server's library/)).toMatch(/#1 “Letters on Freedom”/);
    expect(await c.type('@bob /corpus add file:/etc/hostname', /Manage Server/)).not.toMatch(/Added/);
    await c.end();

    const again = await startConsole(at);
    expect(await again.type('/corpus list', /This server's library: 1 text/)).toMatch(/Letters on Freedom/);
    expect(await again.type('/corpus info text:1', /Layout: markdown/)).toMatch(/letters-on-freedom-[0-9a-f]{8}/);
    expect(await again.type('/corpus remove text:Letters on Freedom', /Remove #1/)).toMatch(/Remove the text/);
    expect(await again.type('/press 1', /Removed #1 “Letters on Freedom”/)).toBeTruthy();
    expect(await again.type('/corpus list', /added no texts yet/)).toBeTruthy();
    await again.end();
  });

  it('GIVEN a command reporting progress THEN each report prints as it comes, and its reply after them', async () => {
    const working: CommandModule = {
      data: new SlashCommandBuilder().setName('working').setDescription('Works a while'),
      async execute(ctx) {
        await ctx.progress?.({ content: 'reading… 1 of 2' });
        await ctx.progress?.({ content: 'reading… 2 of 2' });
        return { content: 'done: 2 read' };
      },
    };
    const c = await startConsole(place(), new Map([['working', working]]));
    const out = await c.type('/working', /done: 2 read/);
    expect(out.indexOf('reading… 1 of 2')).toBeGreaterThanOrEqual(0);
    expect(out.indexOf('reading… 1 of 2')).toBeLessThan(out.indexOf('reading… 2 of 2'));
    expect(out.indexOf('reading… 2 of 2')).toBeLessThan(out.indexOf('done: 2 read'));
    await c.end();
  });
});
