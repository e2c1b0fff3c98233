/** What ingestion made of one corpus file, for `cli corpus` and for whoever added the text. */
import type { ParsedDocument } from '../types.js';
import type { LaidOutText } from './layout/types.js';

export type TextReport =
  | { file: string; status: 'skipped'; reason: string }
  | {
      file: string;
      status: 'indexed';
      id: string;
      layout: string;
      encoding: string;
      title: string;
      author: string | null;
      kind: string;
      sections: number;
      passages: number;
      quotations: number;
      /** Share of the quotations that have a speaker, 0..1. */
      withSpeaker: number;
      notesFound: number;
      notesLinked: number;
      warnings: string[];
    };

export function ingestionReport(file: string, laid: LaidOutText, doc: ParsedDocument): TextReport {
  const linked = new Set(doc.passages.flatMap((p) => p.notes));
  const noteIds = new Set(doc.notes.map((n) => n.number));
  const attributed = doc.quotations.filter((q) => q.speaker).length;
  return {
    file,
    status: 'indexed',
    id: doc.meta.id,
    layout: laid.layout,
    encoding: laid.encoding,
    title: doc.meta.title,
    author: doc.meta.author,
    kind: doc.meta.kind,
    sections: laid.blocks.filter((b) => b.type === 'heading').length,
    passages: doc.passages.length,
    quotations: doc.quotations.length,
    withSpeaker: doc.quotations.length ? attributed / doc.quotations.length : 0,
    notesFound: doc.notes.length,
    notesLinked: [...noteIds].filter((n) => linked.has(n)).length,
    warnings: doc.warnings,
  };
}

/** One line per text, for people. */
export function formatReport(r: TextReport): string {
  if (r.status === 'skipped') return `✗ ${r.file}: skipped — ${r.reason}`;
  const share = `${Math.round(r.withSpeaker * 100)}% with a speaker`;
  const head = `✓ ${r.file}: ${r.layout}, ${r.encoding}; “${r.title}”${r.author ? ` by ${r.author}` : ''} (${r.kind})`;
  const body = `  ${r.sections} sections, ${r.passages} passages, ${r.quotations} quotations (${share}), notes ${r.notesLinked} linked of ${r.notesFound}`;
  const warns = r.warnings.slice(0, 5).map((w) => `  ! ${w}`);
  if (r.warnings.length > 5) warns.push(`  ! … and ${r.warnings.length - 5} more`);
  return [head, body, ...warns].join('\n');
}
