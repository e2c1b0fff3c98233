/** `cli corpus`: every file of corpus/, indexed or skipped, with what ingestion found in it. */
import pino from 'pino';
import { resolve } from 'node:path';
import { ingestCorpusFiles, readCorpusFiles } from '../store/corpus-files.js';
import { formatReport } from '../core/corpus/report.js';

export function corpusReport(json: boolean): string {
  const dir = resolve(process.env.CORPUS_DIR ?? 'corpus');
  const log = pino({ level: process.env.LOG_LEVEL ?? 'silent' }, pino.destination(2));
  const { reports } = ingestCorpusFiles(readCorpusFiles(dir), log);
  if (json) return `${JSON.stringify(reports)}\n`;
  const indexed = reports.filter((r) => r.status === 'indexed').length;
  return `${reports.map(formatReport).join('\n')}\n${indexed} of ${reports.length} files indexed from ${dir}\n`;
}
