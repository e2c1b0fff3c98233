import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { openCorpus, type OpenedCorpus } from '../../src/store/search-store.js';
import { RESCAN_MS, SETTLE_MS, watchCorpus } from '../../src/store/corpus-watcher.js';
import { FakeClock } from '../debate/fakes.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function capture() {
  const lines: { msg: string; read?: string[]; gone?: string[] }[] = [];
  const log = pino({ level: 'debug' }, { write: (l: string) => void lines.push(JSON.parse(l)) });
  return { log, lines };
}

const ESSAY = 'An Essay\n\nAs Leon Trotsky wrote, “the bureaucracy devoured the party and the revolution”.\n\nThe Kronstadt years are another story.\n';
const DROPPED = 'Dropped In\n\nVictor Serge said: “the famine years taught the officials nothing at all”.\n';

const found = (opened: OpenedCorpus, query: string) => {
  const r = opened.search.search({ query, limit: 5 });
  return r.ok ? r.results.map((x) => x.text) : [];
};

describe.each([
  ['MiniSearch', {}],
  ['FTS5', { ftsThreshold: 1 }],
])('GIVEN corpus/ watched while the bot runs (%s)', (_engine, openOptions) => {
  function setUp() {
    const root = mkdtempSync(join(tmpdir(), 'rostrum-watch-'));
    dirs.push(root);
    const corpusDir = join(root, 'corpus');
    mkdirSync(corpusDir);
    writeFileSync(join(corpusDir, 'essay.txt'), ESSAY);
    const dataDir = join(root, 'data');
    const { log, lines } = capture();
    const clock = new FakeClock();
    let served = openCorpus(corpusDir, dataDir, log, openOptions);
    const events: (() => void)[] = [];
    const watching = watchCorpus({
      corpusDir, dataDir, log, timers: clock, opened: served, openOptions,
      onChange: (next) => void (served = next),
      watchDir: (_dir, onEvent) => (events.push(onEvent), { close: () => {} }),
    });
    return { corpusDir, lines, clock, watching, served: () => served, event: () => events.forEach((e) => e()) };
  }

  it('THEN a file dropped in is searchable once its events settle, updated in place, and one removed leaves search', () => {
    const w = setUp();
    writeFileSync(join(w.corpusDir, 'dropped.txt'), DROPPED);
    w.event();
    w.clock.advance(SETTLE_MS / 2);
    w.event(); // a copy in pieces: one update, after the last event
    w.clock.advance(SETTLE_MS - 1);
    expect(found(w.served(), 'famine officials')).toEqual([]);
    w.clock.advance(1);
    expect(found(w.served(), 'famine officials')[0]).toMatch(/famine years/);
    expect(w.lines.filter((l) => l.msg === 'search index updated')).toEqual([expect.objectContaining({ read: ['dropped.txt'], gone: [] })]);
    expect(w.lines.filter((l) => /changed while running/.test(l.msg))).toHaveLength(1);
    expect(found(w.served(), 'bureaucracy devoured')[0]).toMatch(/devoured/);

    rmSync(join(w.corpusDir, 'dropped.txt'));
    w.event();
    w.clock.advance(SETTLE_MS);
    expect(found(w.served(), 'famine officials')).toEqual([]);
    expect(w.served().corpus.size.documents).toBe(1);
    w.watching.stop();
  });

  it('THEN without any event, the periodic listing picks a change up; an unchanged corpus/ is not opened again; stopped, nothing is', () => {
    const w = setUp();
    expect(w.watching.check()).toBe(false);
    writeFileSync(join(w.corpusDir, 'dropped.txt'), DROPPED);
    w.clock.advance(RESCAN_MS);
    expect(found(w.served(), 'famine officials')[0]).toMatch(/famine years/);
    w.clock.advance(RESCAN_MS);
    expect(w.lines.filter((l) => /changed while running/.test(l.msg))).toHaveLength(1);
    w.watching.stop();
    rmSync(join(w.corpusDir, 'dropped.txt'));
    w.clock.advance(RESCAN_MS * 2);
    expect(w.clock.pending()).toBe(0);
    expect(found(w.served(), 'famine officials')[0]).toMatch(/famine years/);
  });
});
