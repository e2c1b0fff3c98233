/**
 * A worker thread that parses one added text (ingest.ts's ingestOffThread starts it): a large book is read here,
 * while the bot's own thread goes on answering. One message in (what ingestText takes), one out (what it gives).
 */
import { parentPort } from 'node:worker_threads';
import pino from 'pino';
import { ingestText, type IngestInput } from './ingest.js';

// What parsing finds worth saying goes into the text's report; the main thread logs the add itself.
const log = pino({ level: 'silent' });
parentPort!.once('message', (input: IngestInput) => parentPort!.postMessage(ingestText(input, log)));
