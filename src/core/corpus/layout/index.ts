/**
 * One corpus file's bytes → its laid-out text: the format from the extension, the encoding from the bytes
 * (and what the file declares), the layout from the text's shape. Pure: the caller reads the file.
 */
import { decodeText, declaredCharset, looksBinary } from './decode.js';
import { readEpub } from './epub.js';
import { readHtml } from './html.js';
import { readMarkdown } from './markdown.js';
import { readPlainText } from './plain.js';
import type { LaidOutText } from './types.js';

/** The file extensions corpus/ reads, by format. */
export const FORMATS: Record<string, 'text' | 'markdown' | 'html' | 'epub'> = {
  '.txt': 'text',
  '.text': 'text',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.epub': 'epub',
};

/** Largest file read, by format: bigger ones are reported and skipped (bounded time and memory per file). */
export const MAX_FILE_BYTES: Record<'text' | 'markdown' | 'html' | 'epub', number> = {
  text: 20 * 1024 * 1024,
  markdown: 20 * 1024 * 1024,
  html: 20 * 1024 * 1024,
  epub: 30 * 1024 * 1024,
};

export function formatOf(fileName: string): 'text' | 'markdown' | 'html' | 'epub' | null {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? null : FORMATS[fileName.slice(dot).toLowerCase()] ?? null;
}

/** Front matter between --- lines at the top of a text or Markdown file. */
function frontMatter(text: string): { fields: Record<string, string>; rest: string } | null {
  const fm = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(text);
  if (!fm) return null;
  const fields: Record<string, string> = {};
  for (const line of fm[1].split(/\r?\n/)) {
    const m = /^(\w+)\s*:\s*(.*)$/.exec(line.trim());
    if (m && m[2].trim()) fields[m[1].toLowerCase()] = m[2].trim().replace(/^["']|["']$/g, '');
  }
  return { fields, rest: text.slice(fm[0].length) };
}

/** A page or book in which nothing could be read is reported, with what the reader said, not indexed empty. */
function withText(laid: LaidOutText): LaidOutText | { error: string } {
  if (laid.blocks.some((b) => b.type === 'paragraph' || b.type === 'quote') || laid.posts?.some((p) => p.paragraphs.length)) return laid;
  return { error: `no text found in it${laid.warnings.length ? ` (${laid.warnings.slice(0, 2).join('; ')})` : ''}` };
}

/** Reads one file. An error says what is wrong with the file and what to do. Never throws. */
export function layOut(fileName: string, bytes: Uint8Array): LaidOutText | { error: string } {
  const format = formatOf(fileName);
  if (!format) return { error: `not a corpus format (use ${Object.keys(FORMATS).join(', ')})` };
  const max = MAX_FILE_BYTES[format];
  if (bytes.length > max) return { error: `too large (${(bytes.length / 1048576).toFixed(1)} MB; the limit for ${format} is ${max / 1048576} MB): split it or convert it to plain text` };
  try {
    if (format === 'epub') {
      const book = readEpub(bytes, readHtml);
      return 'error' in book ? book : withText(book);
    }
    if (looksBinary(bytes)) return { error: `not a text file: it holds binary data; save it as ${format === 'html' ? 'HTML' : 'plain text'} (UTF-8)` };
    const decoded = decodeText(bytes, format === 'html' ? declaredCharset(bytes) : null);
    if ('error' in decoded) return decoded;
    let text = decoded.text.replace(/^\uFEFF/, '');
    const sniffHtml = format === 'text' && /^\s*(?:<!DOCTYPE html|<html[\s>])/i.test(text.slice(0, 1024));
    if (format === 'html' || sniffHtml) return withText(readHtml(text, decoded.encoding));
    const fm = frontMatter(text);
    if (fm) text = fm.rest;
    const laid = format === 'markdown' ? readMarkdown(text, decoded.encoding) : readPlainText(text, decoded.encoding);
    laid.rawText = text;
    if (fm) laid.frontMatter = fm.fields;
    if ((text.match(/\uFFFD/g)?.length ?? 0) > 0) laid.warnings.push(`${text.match(/\uFFFD/g)!.length} bytes could not be decoded as ${decoded.encoding}`);
    return laid;
  } catch (err) {
    return { error: `could not be read (${err instanceof Error ? err.message : String(err)})` };
  }
}
