/**
 * The FTS5 file's work while the bot runs (corpus-watcher.ts), off the main thread: an update (what changed in
 * corpus/ read, parsed and written: a second or more at 100×), the champion lists ranked again, the WAL copied
 * in. It runs in a worker thread, one job at a time, while the main thread goes on answering searches from the
 * state of the file before it (worker-thread.ts starts it). Should the worker not start or die, the job runs here
 * instead (logged).
 */
import type { Worker } from 'node:worker_threads';
import pino, { type Logger } from 'pino';
import { checkpointFts, refreshFtsChampions, updateFtsFile } from './search-store.js';
import { startWorker } from './worker-thread.js';

export type FtsJob =
  /** What changed in corpus/ written to the file: false when a full build must be made instead (updateFtsFile). */
  | { kind: 'update'; path: string; corpusDir: string; threshold: number }
  /** The champion lists an update left stale ranked again. */
  | { kind: 'champions'; path: string }
  /** The WAL copied into the file as far as its readers allow. */
  | { kind: 'checkpoint'; path: string };

/** Does a job, wherever it runs. */
export function runFtsJob(job: FtsJob, log: Logger): boolean {
  switch (job.kind) {
    case 'update':
      return updateFtsFile(job.path, job.corpusDir, job.threshold, log);
    case 'champions':
      refreshFtsChampions(job.path);
      return true;
    case 'checkpoint':
      checkpointFts(job.path);
      return true;
  }
}

/** Between the worker and the main thread. */
export type ToWorker = { id: number; job: FtsJob };
export type FromWorker = { log: string } | { id: number; done: boolean } | { id: number; error: { message: string; code?: unknown } };

export interface FtsUpdater {
  /** Starts the worker ahead of its first job (loading its modules takes a while). */
  start(): void;
  /** Runs a job off the main thread; rejects with the job's error (its SQLite code kept). */
  run(job: FtsJob): Promise<boolean>;
  /** Ends the worker (a job under way is abandoned: its transaction is not committed). */
  stop(): void;
}

export function ftsUpdater(log: Logger): FtsUpdater {
  let worker: Worker | null = null;
  const pending = new Map<number, { job: FtsJob; resolve: (done: boolean) => void; reject: (err: Error) => void }>();
  let next = 0;
  let stopped = false;

  /** A job the worker could not finish (it died): done here. */
  const here = (job: FtsJob): Promise<boolean> => new Promise((resolve) => resolve(runFtsJob(job, log)));

  const start = (): Worker => {
    const w = startWorker(new URL('./fts-update-worker.js', import.meta.url), { workerData: { level: log.level } });
    w.unref(); // held only while a job is under way
    w.on('message', (m: FromWorker) => {
      if ('log' in m) return relay(log, m.log);
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (!pending.size) w.unref();
      if ('error' in m) p.reject(Object.assign(new Error(m.error.message), { code: m.error.code }));
      else p.resolve(m.done);
    });
    const died = (err: Error) => {
      if (worker !== w) return;
      worker = null;
      if (stopped) return;
      const left = [...pending.values()];
      pending.clear();
      if (left.length) log.warn({ err: err.message }, 'the index worker died; its job is done on the main thread');
      for (const p of left) here(p.job).then(p.resolve, p.reject);
    };
    w.on('error', died);
    w.on('exit', (code) => died(new Error(`exited (${code})`)));
    return w;
  };

  /** The worker, started if need be; null when it cannot start (said once). */
  let unstartable = false;
  const started = (): Worker | null => {
    if (worker || unstartable || stopped) return worker;
    try {
      worker = start();
    } catch (err) {
      unstartable = true;
      log.warn({ err: (err as Error).message }, 'the index worker could not start; its jobs are done on the main thread');
    }
    return worker;
  };

  return {
    start: () => void started(),
    run(job) {
      if (stopped) return Promise.reject(new Error('the index worker is stopped'));
      const w = started();
      if (!w) return here(job);
      const id = next++;
      w.ref();
      return new Promise((resolve, reject) => {
        pending.set(id, { job, resolve, reject });
        w.postMessage({ id, job } satisfies ToWorker);
      });
    },
    stop() {
      stopped = true;
      const w = worker;
      worker = null;
      for (const p of pending.values()) p.reject(new Error('the index worker was stopped'));
      pending.clear();
      void w?.terminate();
    },
  };
}

/** A line the worker's logger wrote, logged here (as one logger, whatever thread said it). */
function relay(log: Logger, line: string): void {
  const { level, msg, time: _t, pid: _p, hostname: _h, ...fields } = JSON.parse(line) as { level: number; msg?: string; [k: string]: unknown };
  const label = pino.levels.labels[level] as 'info';
  log[label]?.(fields, msg);
}
