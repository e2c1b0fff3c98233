/**
 * `cli corpus`: every entry of corpus/, indexed or skipped, with what ingestion found in it — including entries
 * that are not readable files inside corpus/ (links out of it or to nothing, directories, pipes, unreadable or
 * oversized files), each with the reason.
 */
import pino, { type Logger } from 'pino';
import { ingestCorpusFiles, readCorpusFiles } from '../store/corpus-files.js';
import { formatReport } from '../core/corpus/report.js';

export function corpusReport(json: boolean, dir: string, log: Logger = pino({ level: 'silent' })): string {
  const { reports } = ingestCorpusFiles(readCorpusFiles(dir), log);
  if (json) return `${JSON.stringify(reports)}\n`;
  const indexed = reports.filter((r) => r.status === 'indexed').length;
  return `${reports.map(formatReport).join('\n')}\n${indexed} of ${reports.length} files indexed from ${dir}\n`;
}
