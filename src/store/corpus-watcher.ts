/**
 * Watching corpus/ while the bot runs: a text dropped in, changed or removed there is picked up as at start-up
 * (openCorpus updates the persisted index for what changed, and only that), and the new corpus handed on.
 * fs.watch says something changed, soon (events are gathered for a moment: a copy writes a file in pieces);
 * it is unreliable on some filesystems (network mounts, some containers), so corpus/ is also listed every
 * while — only sizes and times, nothing read — and a difference there does the same.
 */
import { watch, type FSWatcher } from 'node:fs';
import type { Logger } from 'pino';
import type { Timers } from '../db/deadline-timer.js';
import { statsChanged } from './corpus-state.js';
import { openCorpus, type OpenCorpusOptions, type OpenedCorpus } from './search-store.js';

/** How long after fs.watch's last event corpus/ is looked at. */
export const SETTLE_MS = 1_000;
/** How often corpus/ is listed without an event. */
export const RESCAN_MS = 60_000;

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
  /** fs.watch itself, or a test's stand-in (null: listing every rescanMs only). */
  watchDir?: ((dir: string, onEvent: () => void) => { close(): void }) | null;
  settleMs?: number;
  rescanMs?: number;
}

export interface CorpusWatch {
  /** Looks at corpus/ now: updates and hands on the corpus when it changed. True when it did. */
  check(): boolean;
  stop(): void;
}

function fsWatch(dir: string, onEvent: () => void): FSWatcher {
  return watch(dir, { persistent: false }, onEvent);
}

export function watchCorpus(opts: CorpusWatchOptions): CorpusWatch {
  const { corpusDir, dataDir, log, timers } = opts;
  const settleMs = opts.settleMs ?? SETTLE_MS;
  const rescanMs = opts.rescanMs ?? RESCAN_MS;
  let opened = opts.opened;
  let stopped = false;
  let settling: unknown = null;
  let rescan: unknown = null;

  const check = (): boolean => {
    if (stopped || (opened.files && !statsChanged(corpusDir, opened.files))) return false;
    const began = performance.now();
    // The file served from is released first: the update writes to it. Nothing is searched meanwhile (all
    // of this runs in one turn of the event loop).
    opened.close?.();
    opened = openCorpus(corpusDir, dataDir, log, opts.openOptions);
    opts.onChange(opened);
    log.info({ ms: Math.round(performance.now() - began), units: opened.search.size }, 'corpus/ changed while running: the new corpus is served');
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
      watcher = watchDir(corpusDir, () => {
        if (stopped) return;
        if (settling !== null) timers.clearTimeout(settling);
        settling = timers.setTimeout(() => {
          settling = null;
          safely();
        }, settleMs);
      });
    } catch (err) {
      log.warn({ corpusDir, err: (err as Error).message }, 'corpus/ cannot be watched here; it is listed every minute instead');
    }
  }
  armRescan();

  return {
    check,
    stop() {
      stopped = true;
      watcher?.close();
      if (settling !== null) timers.clearTimeout(settling);
      if (rescan !== null) timers.clearTimeout(rescan);
    },
  };
}
