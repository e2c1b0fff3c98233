/**
 * Watching corpus/ while the bot runs: a text dropped in, changed or removed there is picked up as at start-up
 * (the persisted index updated for what changed, and only that), and the new corpus handed on. A large corpus,
 * served from the FTS5 file, is updated off the main thread (fts-updater.ts): searches go on, on the state
 * before, until the new one is handed on; its champion lists are ranked again there a while after the last
 * change. A small one (MiniSearch, in memory) is updated here, at once (a few milliseconds).
 * fs.watch says something changed, soon (events are gathered for a moment: a copy writes a file in pieces);
 * it is unreliable on some filesystems (network mounts, some containers), so corpus/ is also listed every
 * while — only sizes and times, nothing read — and a difference there does the same.
 */
import { existsSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Timers } from '../db/deadline-timer.js';
import { statsChanged } from './corpus-state.js';
import { ftsUpdater, type FtsUpdater } from './fts-updater.js';
import { FTS_THRESHOLD, ftsPath, isBusy, openCorpus, servedFts, type OpenCorpusOptions, type OpenedCorpus } from './search-store.js';

/** How long after fs.watch's last event corpus/ is looked at (a file may still be being written). */
export const SETTLE_MS = 200;
/** The same when every event since the last look was of a file now gone: nothing is being written. */
export const GONE_SETTLE_MS = 20;
/** How often corpus/ is listed without an event. */
export const RESCAN_MS = 60_000;
/**
 * How long after the last update of the FTS5 file its champion lists are ranked again (4 s of work at 100×,
 * off the main thread; until then searches use the full query, exact but slower). A change meanwhile puts it off.
 */
export const CHAMPIONS_AFTER_MS = 30_000;
/**
 * How long after the FTS5 file is served anew its WAL is copied into it (off the main thread) and the served
 * corpus reads again, which lets the WAL be written over from its start rather than grow. A change meanwhile
 * goes first.
 */
export const WAL_AFTER_MS = 1_000;

export interface CorpusWatchOptions {
  corpusDir: string;
  dataDir: string;
  log: Logger;
  timers: Timers;
  /** What is served now; replaced by each update. */
  opened: OpenedCorpus;
  /** Told of each corpus opened after a change: it is what to serve from now on. */
  onChange: (opened: OpenedCorpus) => void;
  openOptions?: OpenCorpusOptions;
  /** fs.watch itself, or a test's stand-in (null: listing every rescanMs only); told the entry's name when known. */
  watchDir?: ((dir: string, onEvent: (name?: string | null) => void) => { close(): void }) | null;
  settleMs?: number;
  rescanMs?: number;
  championsAfterMs?: number;
  walAfterMs?: number;
}

export interface CorpusWatch {
  /**
   * Looks at corpus/ now: true when it changed. A corpus in memory is updated and handed on before it returns;
   * one in the FTS5 file is being updated off the main thread (idle() says when it is handed on). While an
   * update is under way: false, and corpus/ is looked at again after it.
   */
  check(): boolean;
  /** Resolves once no update is under way or waiting. */
  idle(): Promise<void>;
  stop(): void;
}

function fsWatch(dir: string, onEvent: (name?: string | null) => void): FSWatcher {
  return watch(dir, { persistent: false }, (_event, name) => onEvent(name));
}

export function watchCorpus(opts: CorpusWatchOptions): CorpusWatch {
  const { corpusDir, dataDir, log, timers } = opts;
  const settleMs = opts.settleMs ?? SETTLE_MS;
  const rescanMs = opts.rescanMs ?? RESCAN_MS;
  const championsAfterMs = opts.championsAfterMs ?? CHAMPIONS_AFTER_MS;
  const walAfterMs = opts.walAfterMs ?? WAL_AFTER_MS;
  const threshold = opts.openOptions?.ftsThreshold ?? FTS_THRESHOLD;
  /** The FTS5 file, when the corpus is served from it (opened.ftsFile). */
  const fts = ftsPath(dataDir);
  let opened = opts.opened;
  let stopped = false;
  let settling: unknown = null;
  /** Whether an event since the last look may be of a file being written. */
  let writing = false;
  let rescan: unknown = null;
  let updater: FtsUpdater | null = opened.ftsFile ? ftsUpdater(log) : null;
  /** The job under way off the main thread, and whether corpus/ is to be looked at again after it. */
  let running: Promise<void> | null = null;
  let again = false;

  const serve = (next: OpenedCorpus) => {
    const before = opened;
    opened = next;
    opts.onChange(next);
    before.close?.();
  };
  const served = (began: number) =>
    log.info({ ms: Math.round(performance.now() - began), units: opened.search.size }, 'corpus/ changed while running: the new corpus is served');

  /** The update done here, in this turn of the event loop (the file served from is released first: it may be rebuilt). */
  const here = () => {
    opened.close?.();
    opened = openCorpus(corpusDir, dataDir, log, opts.openOptions);
    opts.onChange(opened);
  };

  /** Runs `task` as the one job under way; corpus/ is looked at again after it when a check came meanwhile. */
  const exclusive = (task: () => Promise<void>) => {
    running = task()
      .catch((err) => void (stopped || log.error({ err }, 'the search index could not be updated; tried again at the next change or rescan')))
      .finally(() => {
        running = null;
        if (again && !stopped) {
          again = false;
          safely();
        }
      });
  };

  /** `task` run as the one job under way `ms` after the last arm() (put off by each, and while another job runs). */
  const deferred = (ms: number, task: () => Promise<void>) => {
    let timer: unknown = null;
    const arm = () => {
      if (timer !== null) timers.clearTimeout(timer);
      timer = timers.setTimeout(() => {
        timer = null;
        if (running) arm();
        else exclusive(task);
      }, ms);
    };
    return { arm, clear: () => void (timer !== null && timers.clearTimeout(timer)) };
  };

  /** Serves the file's state after an update or a ranking; its WAL is seen to a while after. */
  const serveFile = () => {
    serve(servedFts(fts, log));
    tidy.arm();
  };
  const tidy = deferred(walAfterMs, async () => {
    await updater!.run({ kind: 'checkpoint', path: fts });
    // Read from the WAL until then; changed meanwhile by another process's update: opened again.
    if (!stopped && opened.renew && !opened.renew()) serveFile();
  });
  /** The champion lists ranked again a while after the last update. */
  const rank = deferred(championsAfterMs, async () => {
    await updater!.run({ kind: 'champions', path: fts });
    if (stopped) return;
    serveFile();
    log.info({ path: fts }, 'champion lists ranked again after an update');
  });

  const offThread = async (began: number) => {
    updater ??= ftsUpdater(log);
    let done: boolean;
    try {
      done = await updater.run({ kind: 'update', path: fts, corpusDir, threshold });
    } catch (err) {
      if (stopped) return;
      if (isBusy(err)) {
        log.warn({ path: fts }, 'another process is writing the search index; corpus/ is looked at again at the next change or rescan');
        return;
      }
      log.warn({ err: (err as Error).message }, 'the search index could not be updated off the main thread; corpus/ is opened here');
      done = false;
    }
    if (stopped) return;
    if (!done) {
      here(); // a full build: the corpus fell under the threshold, or the file is not this code's
      served(began);
      return;
    }
    serveFile();
    served(began);
    rank.arm();
  };

  const check = (): boolean => {
    if (stopped) return false;
    if (running) {
      again = true;
      return false;
    }
    if (opened.files && !statsChanged(corpusDir, opened.files)) return false;
    const began = performance.now();
    if (opened.ftsFile) {
      exclusive(() => offThread(began));
      return true;
    }
    here();
    served(began);
    return true;
  };
  const safely = () => {
    try {
      check();
    } catch (err) {
      log.error({ err }, 'corpus/ changed but could not be read; tried again at the next change or rescan');
    }
  };
  const armRescan = () => {
    rescan = timers.setTimeout(() => {
      safely();
      if (!stopped) armRescan();
    }, rescanMs);
  };

  let watcher: { close(): void } | null = null;
  const watchDir = opts.watchDir === undefined ? fsWatch : opts.watchDir;
  if (watchDir) {
    try {
      watcher = watchDir(corpusDir, (name) => {
        if (stopped) return;
        if (!name || existsSync(join(corpusDir, name))) writing = true;
        if (settling !== null) timers.clearTimeout(settling);
        settling = timers.setTimeout(() => {
          settling = null;
          writing = false;
          safely();
        }, writing ? settleMs : GONE_SETTLE_MS);
      });
    } catch (err) {
      log.warn({ corpusDir, err: (err as Error).message }, 'corpus/ cannot be watched here; it is listed every minute instead');
    }
  }
  armRescan();
  // The worker is started now: the first change need not wait for it to load.
  updater?.start();

  return {
    check,
    async idle() {
      while (running) await running;
    },
    stop() {
      stopped = true;
      watcher?.close();
      for (const t of [settling, rescan]) if (t !== null) timers.clearTimeout(t);
      tidy.clear();
      rank.clear();
      updater?.stop();
    },
  };
}
