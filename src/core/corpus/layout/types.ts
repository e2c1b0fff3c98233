/**
 * The shape every file format is read into before quotations are sought. A layout reader (plain text,
 * Gutenberg, Markdown, HTML, forum pages, EPUB) turns one file into a LaidOutText; the article and forum
 * parsers never see markup, encodings or page furniture. Pure: no I/O.
 */
import type { DocumentKind } from '../../types.js';

/** Which layout a reader recognised, reported per text ("gutenberg-text", "markdown", "forum-html" …). */
export type LayoutName =
  | 'plain-text'
  | 'gutenberg-text'
  | 'markdown'
  | 'html-article'
  | 'gutenberg-html'
  | 'forum-html'
  | 'forum-text'
  | 'epub';

/** Metadata the text itself gives: Gutenberg's Title/Author lines, HTML <title>, a Markdown H1. */
export interface FoundMeta {
  title?: string;
  author?: string;
  translator?: string;
  date?: string;
  publication?: string;
  kind?: DocumentKind;
}

/**
 * One block of an article or book, in reading order. Paragraph and quote text is plain prose: hard-wrapped
 * lines joined with single spaces, paragraphs of one block quotation joined by a blank line, markup and
 * page numbers removed, and every note reference written with noteRef(id).
 */
export type Block =
  /** A chapter or section heading; level 1 is the outermost the text uses. */
  | { type: 'heading'; text: string; level: number }
  | { type: 'paragraph'; text: string }
  /** An indented, `>` or <blockquote> block quotation, whole. */
  | { type: 'quote'; text: string }
  /** A footnote or endnote; `id` is unique in the document (readers renumber notes that restart per chapter). */
  | { type: 'note'; id: number; label: string; text: string };

/** One post of a forum thread. */
export interface LaidOutPost {
  poster: string | null;
  /** The post's own paragraphs (quote boxes, signatures, reactions and edit stamps removed). */
  paragraphs: string[];
  /** Quote boxes of earlier posts ("X said: …"): credited to the quoted poster, not re-indexed as this post's. */
  quoted: { poster: string | null; text: string }[];
}

export interface LaidOutText {
  layout: LayoutName;
  /** How the bytes were decoded ("utf-8", "utf-8 with BOM", "windows-1252"). */
  encoding: string;
  found: FoundMeta;
  /** Articles and books. Empty for a forum thread. */
  blocks: Block[];
  /** Forum threads (layout forum-html). Absent for articles and books. */
  posts?: LaidOutPost[];
  /** The decoded text of a plain-text file, for a sidecar that says it is a forum thread (posts are found from its lines). */
  rawText?: string;
  /** Front matter fields (Markdown `---` header), which override everything else like a sidecar. */
  frontMatter?: Record<string, string>;
  warnings: string[];
}

/**
 * How a note reference stands in block text: private-use characters round the note's id, which no real
 * text contains, so a marker is never confused with a bracketed number the author wrote.
 */
export function noteRef(id: number): string {
  return `\uE000${id}\uE001`;
}

/** Finds note references written by noteRef. */
export const NOTE_REF_RE = /\uE000(\d+)\uE001/g;
