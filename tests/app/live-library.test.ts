import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openLiveLibrary } from '../../src/app/bootstrap.js';
import { RESCAN_MS } from '../../src/store/corpus-watcher.js';
import { FakeClock, silent } from '../debate/fakes.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const ESSAY = 'An Essay\n\nAs Leon Trotsky wrote, “the bureaucracy devoured the party and the revolution”.\n';
const DROPPED = 'Dropped In\n\nVictor Serge said: “the famine years taught the officials nothing at all”.\n';

describe('GIVEN the bot\'s library, watched', () => {
  it('THEN the search, corpus and checks taken at start-up see a text dropped into corpus/, and stop seeing it once removed', () => {
    const root = mkdtempSync(join(tmpdir(), 'rostrum-live-'));
    dirs.push(root);
    const corpusDir = join(root, 'corpus');
    mkdirSync(corpusDir);
    writeFileSync(join(corpusDir, 'essay.txt'), ESSAY);
    const library = openLiveLibrary({ corpusDir, dataDir: join(root, 'data'), log: silent });
    // What the Services and each server's merged search hold from start-up on.
    const { search, corpus } = library;
    const source = library.checkSource();
    const clock = new FakeClock();
    const stop = library.watch(clock);
    const texts = (query: string) => {
      const r = search.search({ query, limit: 5 });
      return r.ok ? r.results.map((x) => x.text) : [];
    };
    expect(texts('famine officials')).toEqual([]);

    writeFileSync(join(corpusDir, 'dropped.txt'), DROPPED);
    clock.advance(RESCAN_MS);
    expect(texts('famine officials')[0]).toMatch(/famine years/);
    expect(search.suggestSpeakers('serge')).toEqual(['Victor Serge']);
    expect(corpus.size.documents).toBe(2);
    expect(source.document('dropped')?.title).toBe('Dropped In');
    expect(source.names.known.has('serge')).toBe(true);

    rmSync(join(corpusDir, 'dropped.txt'));
    clock.advance(RESCAN_MS);
    expect(texts('famine officials')).toEqual([]);
    expect(source.document('dropped')).toBeUndefined();
    stop();
    expect(clock.pending()).toBe(0);
  });
});
