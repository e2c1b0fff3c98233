/**
 * What /corpus shows: an add's progress, the ingestion report of an added text, the library's list (paged), one text's full
 * report, and the removal's confirmation. Everything from a text or a member (titles, authors, names, file
 * names, warnings) goes through the one safe-text path: nothing can ping.
 */
import type { Reply } from '../seam/reply.js';
import type { LibraryText } from '../db/library-repo.js';
import type { TextReport } from '../core/corpus/report.js';
import { LIMIT, plainLine, safeLine, safeMessage } from '../views/safe.js';
import { clip } from '../core/text.js';
import { megabytes } from './download.js';
import type { AddProgress } from './service.js';

export const LIST_PAGE = 10;
const COLOR = 0x4f6d7a;

const when = (ms: number) => `<t:${Math.floor(ms / 1000)}:d>`;

/** "#3 “Memoirs of a Revolutionary” by Victor Serge" — how a text is named in a line. */
export function textName(t: LibraryText): string {
  return `#${t.id} “${safeLine(t.title, LIMIT.title)}”${t.author ? ` by ${safeLine(t.author, LIMIT.name)}` : ''}`;
}

/** The report's findings, one line each (the warnings after). */
function findings(r: Extract<TextReport, { status: 'indexed' }>, maxWarnings: number): string[] {
  const share = `${Math.round(r.withSpeaker * 100)}%`;
  const lines = [
    `Layout: ${safeLine(r.layout, 40)} (${safeLine(r.encoding, 20)}); kind: ${r.kind}`,
    `${r.quotations} quotation(s), ${share} with a speaker; ${r.passages} passage(s) in ${r.sections} section(s)`,
    `Notes: ${r.notesLinked} linked of ${r.notesFound}`,
  ];
  const warnings = r.warnings.slice(0, maxWarnings).map((w) => `⚠️ ${safeLine(w, 200)}`);
  if (r.warnings.length > maxWarnings) warnings.push(`… and ${r.warnings.length - maxWarnings} more warning(s) (/corpus info shows them all)`);
  return [...lines, ...warnings];
}

/** The answer to /corpus add: what was found in the text, now searchable on this server. */
export function addedReply(t: LibraryText, report: TextReport): Reply {
  const lines = report.status === 'indexed' ? findings(report, 3) : [];
  return {
    embeds: [
      {
        title: safeLine(`Added to this server's library: ${t.title}`, LIMIT.heading),
        description: [
          `${textName(t)} — ${safeLine(t.fileName, 100)}, ${megabytes(t.bytes)}`,
          ...lines,
          '',
          'Its quotations are in /quote and argument checks on this server from now on (other servers do not see it).',
        ].join('\n'),
        footer: plainLine(`Added by ${t.addedBy.name}`, 100),
        color: COLOR,
      },
    ],
  };
}

/** What a /corpus add shows while it works (its reply, edited at most every 5 s, until the outcome replaces it). */
export function progressReply(p: AddProgress): Reply {
  const line =
    p.stage === 'downloading'
      ? `⏳ Downloading the file from Discord: ${megabytes(p.received)}${p.declared ? ` of ${megabytes(p.declared)} (${Math.floor((100 * p.received) / p.declared)}%)` : ''}…`
      : p.stage === 'reading'
        ? `⏳ Reading “${safeLine(p.fileName, 100)}” (${megabytes(p.bytes)}): its layout, quotations, speakers and notes…`
        : `⏳ Indexing “${safeLine(p.fileName, 100)}”: ${p.quotations} quotation(s), ${p.passages} passage(s)…`;
  return { content: line };
}

/** /corpus list: one page of the server's texts, newest first, with Previous and Next. */
export function listReply(texts: LibraryText[], page: number, total: number): Reply {
  if (total === 0) {
    return { ephemeral: true, content: 'This server has added no texts yet: everyone sees the shared corpus only. Members with Manage Server can add one with /corpus add file:<attachment>.' };
  }
  const pages = Math.ceil(total / LIST_PAGE);
  const lines = texts.map(
    (t) => `**${textName(t)}** — ${t.kind}, ${t.quotations} quotation(s); added by ${safeLine(t.addedBy.name, LIMIT.name)} ${when(t.addedAt)}`,
  );
  const buttons = [];
  if (page > 0) buttons.push({ customId: `corpus:list:${page - 1}`, label: '◀ Previous', style: 'secondary' as const });
  if (page + 1 < pages) buttons.push({ customId: `corpus:list:${page + 1}`, label: 'Next ▶', style: 'secondary' as const });
  return {
    ephemeral: true,
    embeds: [{ title: `This server's library: ${total} text(s)`, description: lines.join('\n'), footer: `Page ${page + 1} of ${pages} · /corpus info text:<title> for one text's report`, color: COLOR }],
    ...(buttons.length ? { buttons: [buttons] } : {}),
  };
}

/** /corpus info: one text's full ingestion report. */
export function infoReply(t: LibraryText, report: TextReport | null): Reply {
  const lines = report?.status === 'indexed' ? findings(report, 20) : [];
  const description = [
    textName(t),
    `File: ${safeLine(t.fileName, 100)}, ${megabytes(t.bytes)}; document id \`${t.documentId}\``,
    `Added by ${safeLine(t.addedBy.name, LIMIT.name)} ${when(t.addedAt)}`,
    ...lines,
  ].join('\n');
  return { ephemeral: true, embeds: [{ title: safeLine(t.title, LIMIT.heading), description: clip(description, 4000), color: COLOR }] };
}

/** /corpus remove asks first. */
export function confirmRemoveReply(t: LibraryText): Reply {
  return {
    ephemeral: true,
    content: safeMessage(`Remove ${textName(t)} from this server's library? Its ${t.quotations} quotation(s) leave /quote and argument checks at once; arguments already checked against it keep their verdicts.`),
    buttons: [
      [
        { customId: `corpus:remove:${t.id}`, label: 'Remove the text', style: 'danger' },
        { customId: 'corpus:keep', label: 'Keep it', style: 'secondary' },
      ],
    ],
  };
}

export function removedReply(t: LibraryText): Reply {
  return { ephemeral: true, content: safeMessage(`Removed ${textName(t)} from this server's library. Its quotations are no longer searched or checked here.`) };
}

/** A refusal or a note: what was wrong and what to do, made safe (it may echo a file name or title). */
export function notice(message: string): Reply {
  return { ephemeral: true, content: safeMessage(message) };
}
