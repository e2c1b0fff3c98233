import { mkdtempSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { ftsPath, openCorpus, type OpenedCorpus } from '../../src/store/search-store.js';
import { CHAMPIONS_AFTER_MS, RESCAN_MS, SETTLE_MS, WAL_AFTER_MS, watchCorpus } from '../../src/store/corpus-watcher.js';
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

  it('THEN a file dropped in is searchable once its events settle, updated in place, and one removed leaves search', async () => {
    const w = setUp();
    writeFileSync(join(w.corpusDir, 'dropped.txt'), DROPPED);
    w.event();
    w.clock.advance(SETTLE_MS / 2);
    w.event(); // a copy in pieces: one update, after the last event
    w.clock.advance(SETTLE_MS - 1);
    await w.watching.idle();
    expect(found(w.served(), 'famine officials')).toEqual([]);
    w.clock.advance(1);
    await w.watching.idle();
    expect(found(w.served(), 'famine officials')[0]).toMatch(/famine years/);
    expect(w.lines.filter((l) => l.msg === 'search index updated')).toEqual([expect.objectContaining({ read: ['dropped.txt'], gone: [] })]);
    expect(w.lines.filter((l) => /changed while running/.test(l.msg))).toHaveLength(1);
    expect(found(w.served(), 'bureaucracy devoured')[0]).toMatch(/devoured/);

    rmSync(join(w.corpusDir, 'dropped.txt'));
    w.event();
    w.clock.advance(SETTLE_MS);
    await w.watching.idle();
    expect(found(w.served(), 'famine officials')).toEqual([]);
    expect(w.served().corpus.size.documents).toBe(1);
    w.watching.stop();
  });

  it('THEN without any event, the periodic listing picks a change up; an unchanged corpus/ is not opened again; stopped, nothing is', async () => {
    const w = setUp();
    expect(w.watching.check()).toBe(false);
    writeFileSync(join(w.corpusDir, 'dropped.txt'), DROPPED);
    w.clock.advance(RESCAN_MS);
    await w.watching.idle();
    expect(found(w.served(), 'famine officials')[0]).toMatch(/famine years/);
    w.clock.advance(RESCAN_MS);
    await w.watching.idle();
    expect(w.lines.filter((l) => /changed while running/.test(l.msg))).toHaveLength(1);
    w.watching.stop();
    rmSync(join(w.corpusDir, 'dropped.txt'));
    w.clock.advance(RESCAN_MS * 2);
    expect(w.clock.pending()).toBe(0);
    expect(found(w.served(), 'famine officials')[0]).toMatch(/famine years/);
  });
});

describe('GIVEN a large corpus (FTS5) watched while the bot runs', () => {
  const FTS = { ftsThreshold: 1 };
  function setUp(dirs_: { root?: string } = {}) {
    const root = dirs_.root ?? mkdtempSync(join(tmpdir(), 'rostrum-watch-fts-'));
    if (!dirs_.root) {
      dirs.push(root);
      mkdirSync(join(root, 'corpus'));
      writeFileSync(join(root, 'corpus', 'essay.txt'), ESSAY);
    }
    const corpusDir = join(root, 'corpus');
    const dataDir = join(root, 'data');
    const { log, lines } = capture();
    const clock = new FakeClock();
    let served = openCorpus(corpusDir, dataDir, log, FTS);
    const events: (() => void)[] = [];
    const watching = watchCorpus({
      corpusDir, dataDir, log, timers: clock, opened: served, openOptions: FTS,
      onChange: (next) => void (served = next),
      watchDir: (_dir, onEvent) => (events.push(onEvent), { close: () => {} }),
    });
    const later = async (ms: number) => {
      clock.advance(ms);
      await watching.idle();
    };
    const changed = () => (events.forEach((e) => e()), later(SETTLE_MS));
    return { root, corpusDir, dataDir, lines, clock, watching, served: () => served, changed, later };
  }

  it('THEN the update runs off the main thread: until it is served, searches answer from the corpus before', async () => {
    const w = setUp();
    await w.watching.idle();
    writeFileSync(join(w.corpusDir, 'dropped.txt'), DROPPED);
    expect(w.watching.check()).toBe(true);
    // The check returned before the file was read: the corpus before still answers, whole.
    expect(found(w.served(), 'famine officials')).toEqual([]);
    expect(found(w.served(), 'bureaucracy devoured')[0]).toMatch(/devoured/);
    await w.watching.idle();
    expect(found(w.served(), 'famine officials')[0]).toMatch(/famine years/);
    expect(w.lines.filter((l) => l.msg === 'search index built')).toHaveLength(1); // at the start only
    // The worker did the job: it never fell back to the main thread.
    expect(w.lines.filter((l) => /on the main thread/.test(l.msg))).toEqual([]);
    w.watching.stop();
  });

  it('THEN the champion lists are ranked again a while after the last change, and searches find the same', async () => {
    const w = setUp();
    writeFileSync(join(w.corpusDir, 'dropped.txt'), DROPPED);
    await w.changed();
    const before = found(w.served(), 'famine officials');
    await w.later(CHAMPIONS_AFTER_MS - 1);
    expect(w.lines.filter((l) => /champion lists ranked again/.test(l.msg))).toHaveLength(0);
    await w.later(1);
    expect(w.lines.filter((l) => /champion lists ranked again/.test(l.msg))).toHaveLength(1);
    expect(found(w.served(), 'famine officials')).toEqual(before);
    w.watching.stop();
    expect(w.clock.pending()).toBe(0);
  });

  it('THEN the WAL is written over from its start again after each change, rather than grow', async () => {
    const w = setUp();
    const wal = () => statSync(`${ftsPath(w.dataDir)}-wal`).size;
    const sizes: number[] = [];
    for (let i = 0; i < 3; i++) {
      writeFileSync(join(w.corpusDir, 'dropped.txt'), `${DROPPED}\nAnd again, ${i}.\n`);
      await w.changed();
      await w.later(WAL_AFTER_MS);
      rmSync(join(w.corpusDir, 'dropped.txt'));
      await w.changed();
      await w.later(WAL_AFTER_MS);
      sizes.push(wal());
    }
    expect(sizes[2]).toBeLessThanOrEqual(sizes[0]);
    w.watching.stop();
  });

  it('THEN two watchers over the same files, each with its own connection and worker (as two shard processes have), both serve a change, written once, never rebuilt', async () => {
    const a = setUp();
    const b = setUp({ root: a.root });
    await Promise.all([a.watching.idle(), b.watching.idle()]);
    writeFileSync(join(a.corpusDir, 'dropped.txt'), DROPPED);
    expect(a.watching.check()).toBe(true);
    expect(b.watching.check()).toBe(true);
    await Promise.all([a.watching.idle(), b.watching.idle()]);
    for (const w of [a, b]) expect(found(w.served(), 'famine officials')[0]).toMatch(/famine years/);
    const all = [...a.lines, ...b.lines];
    expect(all.filter((l) => l.msg === 'search index updated')).toHaveLength(1);
    expect(all.filter((l) => l.msg === 'search index built')).toHaveLength(1); // the first start's
    a.watching.stop();
    b.watching.stop();
  });
});
