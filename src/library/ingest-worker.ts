/**
 * A worker thread that parses added texts (ingest.ts starts it: for one text, or kept between texts): a large book
 * is read here, while the bot's own thread goes on answering. Per text, one message in (what ingestText takes), one
 * out (what it gives).
 */
import { parentPort } from 'node:worker_threads';
import pino from 'pino';
import { ingestText, type IngestInput } from './ingest.js';
import { runInBackground } from '../store/worker-thread.js';

// The bot's thread answers /quote while this one parses: it gets the core first.
runInBackground();
// What parsing finds worth saying goes into the text's report; the main thread logs the add itself.
const log = pino({ level: 'silent' });
parentPort!.on('message', (input: IngestInput) => parentPort!.postMessage(ingestText(input, log)));
