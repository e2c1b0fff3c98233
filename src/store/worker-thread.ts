/**
 * Starting a worker thread on one of the project's modules, whether the bot runs from the build (JavaScript) or
 * from the TypeScript sources (tsx, the tests); and letting a worker give way to the bot's own thread.
 */
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { Worker, isMainThread, type WorkerOptions } from 'node:worker_threads';

const fromSources = import.meta.url.endsWith('.ts');

/** A worker running `module` (its built name, `new URL('./x-worker.js', import.meta.url)`); throws when it cannot start. */
export function startWorker(module: URL, options: WorkerOptions = {}): Worker {
  if (!fromSources) return new Worker(module, options);
  const file = new URL(module.href.replace(/\.js$/, '.ts'));
  // The worker registers tsx's loader first: a worker does not inherit the main thread's.
  return new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(file.href)}); });`, { ...options, eval: true });
}

/** How much lower a worker in the background runs than the thread that started it, in nice steps (19 at most). */
export const BACKGROUND_NICENESS = 10;

/**
 * Lowers the calling worker thread's scheduling priority, so that when it and the bot's thread want the same core,
 * the bot's wins: a book parsed at the same priority made /quote's p99 twice as slow on two cores (issue 14).
 * Linux only (a thread's own priority, found through /proc/thread-self); elsewhere, or should it be refused, nothing
 * changes. Returns whether it did.
 */
export function runInBackground(): boolean {
  if (isMainThread || process.platform !== 'linux') return false;
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(threadId) || threadId <= 0) return false;
    // A new thread starts at its parent's priority.
    setPriority(threadId, Math.min(19, getPriority(threadId) + BACKGROUND_NICENESS));
    return true;
  } catch {
    return false;
  }
}
