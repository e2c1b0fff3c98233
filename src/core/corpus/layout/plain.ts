/**
 * Plain text, with or without Project Gutenberg's wrapping: header fields, contents and index out, headings,
 * paragraphs (hard-wrapped lines joined), indented block quotations whole, and notes wherever the text
 * puts them ("[1] …" after the paragraph, under FOOTNOTES:, at the end, "[Footnote 1: …]", or a numbered
 * list after a "Notes" heading whose markers are glued to the words).
 */
import { isHeadingLike, isSeparatorLine, wordCount } from '../text.js';
import { gutenbergBody, isGutenberg } from './gutenberg.js';
import { assignNotes, superscriptDigits, type NoteDraft } from './notes-in-text.js';
import type { Block, FoundMeta, LaidOutText } from './types.js';

const HEADER_FIELD = /^(Title|Subtitle|Author|Authors|Date|Source|Notes|URL|Tags|Topics|Publisher|Translator):\s*(.*)$/;
/** A line of share buttons a saved web page leaves ("Facebook Twitter Share"). */
export const SOCIAL = /^(?:(?:Facebook|Twitter|Instagram|YouTube|LinkedIn|Reddit|Email|WhatsApp|Telegram|Share|Tweet|Print)\s*)+$/i;
/** A bare date line of a web page's header. */
export const DATE_LINE = /^(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2},\s+\d{4}|\d{1,2}\s+\w+\s+\d{4}|\d{4}-\d{2}-\d{2})$/;
/** A chapter label: "CHAPTER IV", "Part II.", "BOOK 3", or a roman numeral alone. */
export const CHAPTER_LABEL = /^(?:(?:CHAPTER|Chapter|PART|Part|BOOK|Book|LETTER|Letter)\s+(?:[IVXLC]+|\d+|[A-Z][A-Z-]+)|[IVXLC]+)\.?$/;
/** Headings of sections that are apparatus, not the author's prose. */
const CONTENTS = /^(?:(?:TABLE OF )?CONTENTS|Contents|Table of Contents|(?:LIST OF )?ILLUSTRATIONS|List of Illustrations)\.?$/;
const INDEX = /^(?:INDEX|Index)\.?$/;
const NOTES_HEADING = /^(?:(?:EXPLANATORY |EDITORIAL |TRANSLATOR'S |TRANSLATOR’S )?NOTES?|(?:Explanatory |Editorial )?Notes|FOOTNOTES?|Footnotes?|ENDNOTES|Endnotes|References)[.:]?$/;
const TRANSCRIBER = /^\[?\s*Transcriber(?:'s|’s|s)? Notes?\b/i;

interface RawPara {
  lines: string[];
  indent: number;
}

/** Removes [Illustration …] blocks and page numbers ("[Pg 48]", "{48}") without splitting the text round them. */
function dropInlineFurniture(text: string): string {
  return text
    .replace(/\[Illustration(?:[:.][^\]]{0,2000})?\]/g, '')
    .replace(/[ \t]*\[(?:Pg|Page|p\.)\s*[\dIVXLCivxlc]+\][ \t]*/g, ' ')
    .replace(/[ \t]*\{(?:Pg\s*)?\d{1,4}\}[ \t]*/g, ' ');
}

/** "Title: …" lines at the top of a text. */
function headerBlock(lines: string[]): { found: FoundMeta; skip: number } {
  const found: FoundMeta = {};
  let h = 0;
  while (h < lines.length) {
    const m = HEADER_FIELD.exec(lines[h]);
    if (m) {
      const v = m[2].trim();
      if (v && m[1] === 'Title') found.title = v;
      else if (v && (m[1] === 'Author' || m[1] === 'Authors')) found.author = v;
      else if (v && m[1] === 'Date') found.date = v;
      else if (v && m[1] === 'Translator') found.translator = v;
      h++;
    } else if (h > 0 && !lines[h].trim() && HEADER_FIELD.test(lines[h + 1] ?? '')) h++;
    else break;
  }
  return { found, skip: h };
}

/** A contents line: words, then a page number after a run of spaces or dots. */
function isContentsLine(l: string): boolean {
  const t = l.trim();
  return !t || /\S(?:\s{2,}|\s*\.{3,}\s*)[\dIVXLCivxlc]+$/.test(t) || /^(?:PAGE|Page|_?Facing Page_?|CHAPTER|Chapter)$/.test(t) || isHeadingLike(t, 12);
}

/** Most lines of a hard-wrapped text are 45–80 characters and paragraphs run over several lines. */
function isHardWrapped(paras: RawPara[]): boolean {
  const lens = paras.flatMap((p) => p.lines.map((l) => l.trimEnd().length)).filter((n) => n > 0);
  if (lens.length < 20) return paras.filter((p) => p.lines.length > 1).length > paras.length / 2 && Math.max(...lens, 0) <= 100;
  const wrapped = lens.filter((n) => n <= 80).length / lens.length;
  const multi = paras.filter((p) => p.lines.length > 1).length / Math.max(1, paras.length);
  return wrapped > 0.9 && multi > 0.4;
}

function isAllCaps(t: string): boolean {
  const letters = t.replace(/[^\p{L}]/gu, '');
  return letters.length >= 2 && letters === letters.toUpperCase() && letters !== letters.toLowerCase();
}

/** A heading in a hard-wrapped book: a short all-capitals paragraph, or a chapter label. */
function isBookHeading(p: RawPara): boolean {
  if (p.lines.length > 3) return false;
  const t = p.lines.map((l) => l.trim()).join(' ');
  if (wordCount(t) > 14 || t.length > 100) return false;
  if (CHAPTER_LABEL.test(t) || /^(?:CHAPTER|Chapter|PART|Part)\s+[\dIVXLC]+[.:]?\s+\S/.test(t)) return true;
  return isAllCaps(t) && !/[,;]$/.test(t) && /\p{L}{2}/u.test(t);
}

/** Prose: a sentence long enough that it is no title page, contents line or heading. */
function isProse(p: RawPara): boolean {
  const t = p.lines.join(' ');
  return wordCount(t) >= 15 && /[.!?:;,]/.test(t) && !isAllCaps(t);
}

function toRawParas(text: string): RawPara[] {
  const out: RawPara[] = [];
  for (const chunk of text.split(/\n[ \t]*\n/)) {
    const lines = chunk.split('\n').filter((l) => l.trim());
    if (!lines.length) continue;
    const indent = Math.min(...lines.map((l) => /^[ \t]*/.exec(l)![0].replace(/\t/g, '    ').length));
    out.push({ lines, indent });
  }
  return out;
}

/** Numbered notes after a "Notes" heading ("1 …" lines): the markers in the prose are then glued to the words. */
function numberedNotesList(lines: string[]): { bodyLines: string[]; notes: NoteDraft[]; dropped: number } | null {
  for (let i = 0; i < lines.length; i++) {
    if (!/^(?:Notes|Footnotes|Endnotes|References)\s*$/i.test(lines[i].trim())) continue;
    let j = i + 1;
    while (j < lines.length && (!lines[j].trim() || /^(?:Notes|Footnotes|Endnotes)\s*$/i.test(lines[j].trim()))) j++;
    if (!/^1\s+\S/.test(lines[j] ?? '')) continue;
    const notes: NoteDraft[] = [];
    let expect = 1;
    while (j < lines.length) {
      const m = /^(\d{1,3})\s+(\S.*)$/.exec(lines[j]);
      if (m && Number(m[1]) === expect) {
        notes.push({ label: String(expect), text: m[2].trim(), at: Number.MAX_SAFE_INTEGER });
        expect++;
        j++;
      } else if (!lines[j].trim()) j++;
      else break;
    }
    return { bodyLines: lines.slice(0, i), notes, dropped: lines.length - j };
  }
  return null;
}

/** Reads a plain-text file (LF or CRLF; already decoded). */
export function readPlainText(input: string, encoding: string): LaidOutText {
  const warnings: string[] = [];
  let text = input.replace(/\r\n?/g, '\n');
  let found: FoundMeta = {};
  const gutenberg = isGutenberg(text);
  if (gutenberg) {
    const g = gutenbergBody(text);
    text = g.body;
    found = g.found;
  }
  text = dropInlineFurniture(text);
  let lines = text.split('\n');
  const header = headerBlock(lines);
  if (header.skip) {
    found = { ...header.found, ...found };
    lines = lines.slice(header.skip);
  }
  // A table of contents: a run of indented short lines (a web page's), which also names the headings.
  const toc: string[] = [];
  if (!gutenberg) {
    const kept: string[] = [];
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i];
      if (/^\s{2,}\S/.test(l) && isHeadingLike(l) && toc.length < 60) {
        const near = lines.slice(Math.max(0, i - 3), i + 4).filter((x) => /^\s{2,}\S/.test(x) && isHeadingLike(x)).length;
        if (near >= 2) { toc.push(l.trim()); continue; }
      }
      kept.push(l);
    }
    lines = kept;
  }
  let listed: NoteDraft[] = [];
  let glued = false;
  const nn = numberedNotesList(lines);
  if (nn) {
    lines = nn.bodyLines;
    listed = nn.notes;
    glued = true;
    if (nn.dropped > 0) warnings.push(`dropped ${nn.dropped} lines of page furniture after the notes`);
  }
  lines = lines.filter((l) => !(SOCIAL.test(l.trim()) || DATE_LINE.test(l.trim())));
  const paras = toRawParas(lines.join('\n'));
  const wrapped = gutenberg || isHardWrapped(paras);
  const baseIndent = mostCommon(paras.filter((p) => p.lines.length > 1).map((p) => p.indent)) ?? 0;
  const tocKeys = new Set(toc.map((t) => t.toLowerCase()));

  const blocks: Block[] = [];
  const notes: NoteDraft[] = [...listed];
  const gluedSmall = new Set([...text.matchAll(/[\p{L}.,;:!?”"’)](?:\((\d{1,3})\)|([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}))/gu)].map((m) => m[1] ?? superscriptDigits(m[2])));
  let started = false;
  let section: 'body' | 'contents' | 'notes' | 'index' | 'transcriber' = 'body';
  let pendingChapter: string | null = null;
  let beforeProse: string | null = null;
  const join = (p: RawPara) => {
    const t = wrapped ? p.lines.map((l) => l.trim()).join(' ') : p.lines.join('\n').trim();
    return gutenberg ? unItalic(t) : t;
  };
  for (let i = 0; i < paras.length; i++) {
    const p = paras[i];
    const flat = p.lines.map((l) => l.trim()).join(' ');
    // "[1] …", "[Footnote 1: …]": a note wherever it stands.
    const fn = /^\[Footnote\s+([\w*]+):\s*([\s\S]*?)\]?$/.exec(flat) ?? /^\[(\d{1,4}|[*†‡])\]\s+([\s\S]+)$/.exec(flat);
    if (fn && (gutenberg || wrapped || /^\d+$/.test(fn[1]))) {
      notes.push({ label: fn[1], text: gutenberg ? unItalic(fn[2].trim()) : fn[2].trim(), at: blocks.length });
      continue;
    }
    // "(3) …" or "³ …": a note only when the text has that marker glued to its words somewhere.
    const small = /^(?:\((\d{1,3})\)|([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}))\s+(\S[\s\S]*)$/u.exec(flat);
    if (small && gluedSmall.has(small[1] ?? superscriptDigits(small[2]))) {
      notes.push({ label: small[1] ?? superscriptDigits(small[2]), text: small[3].trim(), at: blocks.length });
      continue;
    }
    if (TRANSCRIBER.test(flat)) { section = 'transcriber'; continue; }
    if (section === 'transcriber') {
      if (!isProse(p) || p.indent > baseIndent) continue;
      section = 'body';
    }
    const heading = wrapped ? isBookHeading(p) : isPlainHeading(flat, p, tocKeys, started);
    if (heading) {
      const h = flat.replace(/[.:]$/, '').trim();
      if (CONTENTS.test(h)) { section = 'contents'; continue; }
      if (INDEX.test(h) && i > paras.length * 0.6) { section = 'index'; continue; }
      if (NOTES_HEADING.test(h) && !/^(?:Notes|Footnotes|Endnotes|References)$/.test(h)) { section = 'notes'; }
      else if (section !== 'index') section = 'body';
      if (section === 'index') continue;
      if (/^FOOTNOTES?$/i.test(h)) continue;
      if (CHAPTER_LABEL.test(h)) { pendingChapter = h; continue; }
      const text = pendingChapter ? `${pendingChapter}. ${h}` : h;
      pendingChapter = null;
      if (started || !gutenberg) blocks.push({ type: 'heading', text, level: 1 });
      else beforeProse = text; // the last heading before the book's first prose opens it
      continue;
    }
    if (section === 'index') continue;
    if (section === 'contents') {
      if (p.lines.every(isContentsLine)) continue;
      section = 'body';
    }
    if (pendingChapter) {
      blocks.push({ type: 'heading', text: pendingChapter, level: 1 });
      pendingChapter = null;
    }
    // A book's title page, dedication and credits come before its first prose.
    if (gutenberg && !started && !isProse(p)) continue;
    if (!started && beforeProse) blocks.push({ type: 'heading', text: beforeProse, level: 1 });
    started = true;
    const t = join(p);
    if (!t) continue;
    const indented = wrapped && p.indent >= baseIndent + 2 && section !== 'notes' && wordCount(t) >= 6;
    const last = blocks[blocks.length - 1];
    if (indented && last?.type === 'quote' && lastWasQuote(paras, i)) last.text += `\n\n${t}`;
    else blocks.push({ type: indented ? 'quote' : 'paragraph', text: t });
  }
  // A thread saved as text: posts between lines that hold only spaces (as a browser's copy of a forum page gives).
  if (!gutenberg && input.split(/\r?\n/).filter(isSeparatorLine).length >= 3) found.kind = 'forum';
  const { blocks: out, warnings: noteWarnings } = assignNotes(blocks, notes, glued);
  warnings.push(...noteWarnings);
  const layout = gutenberg ? 'gutenberg-text' : 'plain-text';
  return { layout, encoding, found, blocks: out, warnings };
}

/** Gutenberg marks italics with underscores ("_Germany in 1848_"): a reader sees the words. */
function unItalic(t: string): string {
  return t.replace(/(^|[^\p{L}\d_])_(?=\S)([^_]{1,400}?\S)_(?![\p{L}\d_])/gu, '$1$2');
}

function lastWasQuote(paras: RawPara[], i: number): boolean {
  return i > 0 && paras[i - 1].indent === paras[i].indent;
}

function isPlainHeading(flat: string, p: RawPara, tocKeys: Set<string>, started: boolean): boolean {
  if (tocKeys.size) return tocKeys.has(flat.toLowerCase());
  return started && p.lines.length === 1 && isHeadingLike(flat, 8) && /^\p{Lu}/u.test(flat);
}

function mostCommon(xs: number[]): number | null {
  const count = new Map<number, number>();
  for (const x of xs) count.set(x, (count.get(x) ?? 0) + 1);
  let best: number | null = null;
  for (const [x, n] of count) if (best === null || n > count.get(best)!) best = x;
  return best;
}

