/**
 * The worker thread that does the FTS5 file's jobs (fts-updater.ts starts it): one message in per job, its
 * answer out; what the job logs goes out first, line by line, for the main thread's logger.
 */
import { parentPort, workerData } from 'node:worker_threads';
import pino from 'pino';
import { runFtsJob, type FromWorker, type ToWorker } from './fts-updater.js';

const port = parentPort!;
const send = (m: FromWorker) => port.postMessage(m);
const log = pino({ level: (workerData as { level?: string } | null)?.level ?? 'info' }, { write: (line: string) => send({ log: line }) });

port.on('message', ({ id, job }: ToWorker) => {
  try {
    send({ id, done: runFtsJob(job, log) });
  } catch (err) {
    send({ id, error: { message: (err as Error).message, code: (err as { code?: unknown }).code } });
  }
});
