/**
 * Project Gutenberg plain text: the book lies between a start and an end marker (three generations of them);
 * the header before it gives Title/Author/Translator lines, and everything outside is licence, never text.
 */
import type { FoundMeta } from './types.js';

const START = [
  /^\s*\*{3}\s*START OF (?:THE|THIS) PROJECT GUTENBERG.*$/im,
  /^\s*\*+\s*START\*+THE SMALL PRINT.*$/im,
];
const SMALL_PRINT_END = /^\s*\*END\*THE SMALL PRINT.*$/im;
const END = [
  /^\s*\*{3}\s*END OF (?:THE|THIS) PROJECT GUTENBERG.*$/im,
  /^\s*End of (?:the |this )?Project Gutenberg(?:'s|’s)?\b.*$/im,
];
const FIRST_LINE = /^\s*(?:The )?Project Gutenberg(?:'s|’s)? (?:E-?Text|E-?Book|Etext|eBook) (?:of|,)\s+(.+?),\s+by\s+(.+?)\s*$/im;

/** Recognises a Gutenberg file by its markers or its first line. */
export function isGutenberg(text: string): boolean {
  const head = text.slice(0, 20_000);
  return START.some((re) => re.test(head)) || FIRST_LINE.test(head.slice(0, 600));
}

/** Header fields, with continuation lines ("Title: Our Revolution\n       Essays on …"). */
function headerFields(header: string): FoundMeta {
  const found: FoundMeta = {};
  const lines = header.split('\n');
  const field = (name: string): string | undefined => {
    const i = lines.findIndex((l) => new RegExp(`^\\s*${name}:\\s*\\S`, 'i').test(l));
    if (i < 0) return undefined;
    let v = lines[i].replace(new RegExp(`^\\s*${name}:\\s*`, 'i'), '').trim();
    for (let k = i + 1; k < lines.length && /^\s{4,}\S/.test(lines[k]) && !/^\s*\w[\w ]*:\s/.test(lines[k]); k++) v += ` ${lines[k].trim()}`;
    return v || undefined;
  };
  found.title = field('Title');
  found.author = field('Author');
  found.translator = field('Translator');
  // "Release Date" is the ebook's, not the text's: it is not the document's date.
  if (!found.title || !found.author) {
    const m = FIRST_LINE.exec(header.slice(0, 600));
    if (m) {
      found.title ??= m[1].trim();
      found.author ??= m[2].trim();
    }
  }
  for (const k of Object.keys(found) as (keyof FoundMeta)[]) if (found[k] === undefined) delete found[k];
  return found;
}

export interface GutenbergBody {
  body: string;
  found: FoundMeta;
}

/** The book between the markers, and what the header says of it. `text` has LF line ends. */
export function gutenbergBody(text: string): GutenbergBody {
  let start = 0;
  let headerEnd = 0;
  for (const re of START) {
    const m = re.exec(text);
    if (m) {
      headerEnd = m.index;
      start = m.index + m[0].length;
      break;
    }
  }
  // 1990s files put the small print first: the book starts after its end line.
  const sp = SMALL_PRINT_END.exec(text);
  if (sp && sp.index >= start - 1) start = Math.max(start, sp.index + sp[0].length);
  let end = text.length;
  for (const re of END) {
    re.lastIndex = 0;
    const m = re.exec(text.slice(start));
    if (m) end = Math.min(end, start + m.index);
  }
  const found = headerFields(text.slice(0, headerEnd || Math.min(text.length, 3_000)));
  let body = text.slice(start, end);
  // "Produced by …" credits and "This etext was prepared by …" lines open the body.
  body = body.replace(/^\s*(?:This\s+)?(?:(?:E-?text|E-?book)\s+)?(?:was\s+)?(?:Produced|Prepared|Transcribed)\s+by[\s\S]*?\n[ \t]*\n/i, '\n');
  return { body, found };
}
