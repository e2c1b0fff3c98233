/**
 * Starting a worker thread on one of the project's modules, whether the bot runs from the build (JavaScript) or
 * from the TypeScript sources (tsx, the tests).
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

const fromSources = import.meta.url.endsWith('.ts');

/** A worker running `module` (its built name, `new URL('./x-worker.js', import.meta.url)`); throws when it cannot start. */
export function startWorker(module: URL, options: WorkerOptions = {}): Worker {
  if (!fromSources) return new Worker(module, options);
  const file = new URL(module.href.replace(/\.js$/, '.ts'));
  // The worker registers tsx's loader first: a worker does not inherit the main thread's.
  return new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(file.href)}); });`, { ...options, eval: true });
}
