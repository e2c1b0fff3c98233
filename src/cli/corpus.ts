/**
 * `cli corpus`: every entry of corpus/, indexed or skipped, with what ingestion found in it — including entries
 * that are not readable files inside corpus/ (links out of it or to nothing, directories, pipes, unreadable or
 * oversized files), each with the reason.
 */
import pino from 'pino';
import { resolve } from 'node:path';
import { ingestCorpusFiles, readCorpusFiles } from '../store/corpus-files.js';
import { formatReport } from '../core/corpus/report.js';

export function corpusReport(json: boolean, dir = resolve(process.env.CORPUS_DIR ?? 'corpus')): string {
  const log = pino({ level: process.env.LOG_LEVEL ?? 'silent' }, pino.destination(2));
  const { reports } = ingestCorpusFiles(readCorpusFiles(dir), log);
  if (json) return `${JSON.stringify(reports)}\n`;
  const indexed = reports.filter((r) => r.status === 'indexed').length;
  return `${reports.map(formatReport).join('\n')}\n${indexed} of ${reports.length} files indexed from ${dir}\n`;
}
