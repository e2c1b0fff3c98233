/**
 * Project Gutenberg HTML: the book lies between the "*** START OF …" and "*** END OF …" markers (in a <p>,
 * <pre>, <div> or <span>); the header gives Title/Author lines and the <title> "The Project Gutenberg eBook
 * of X, by Y". Inside the book: contents, list of illustrations, illustrations, transcriber's notes, the index
 * and the producers' credits are apparatus, not the author's text.
 */
import {
  BLOCK, WS, cutAt, isEl, isText, nameParts, removeWhere, textOf,
  type AnyNode, type Document, type Element, type Text,
} from './html-dom.js';
import type { Block, FoundMeta } from './types.js';

const START = /\*{3}\s*START OF (?:THE|THIS) PROJECT GUTENBERG/i;
const SMALL_PRINT_END = /\*END\*\s*THE SMALL PRINT/i;
const END = /\*{3}\s*END OF (?:THE|THIS) PROJECT GUTENBERG|^\s*End of (?:the |this )?Project Gutenberg(?:'s|’s)?\s/i;
const TITLE_FORMS: RegExp[] = [
  /^\s*The Project Gutenberg e-?book,?\s+(?:of\s+)?(.+),\s+by\s+(.+?)\.?\s*$/i,
  /^\s*(.+),\s+by\s+(.+?)\s*[—–-]+\s*A Project Gutenberg e-?book\.?\s*$/i,
  /^\s*(.+?)\s+by\s+(.+?)\s*[|—–-]+\s*Project Gutenberg\s*$/i,
  /^\s*The Project Gutenberg e-?book,?\s+(?:of\s+)?(.+?)\.?\s*$/i,
];
const CREDITS = /\b(?:produced by|prepared by|transcribed (?:by|from)|e-?text prepared|distributed proofread|pgdp\.net|internet archive|images (?:of the original pages|generously made available)|html version by)\b/i;
const CONTENTS = /^(?:(?:table of )?contents|list of illustrations|illustrations|list of plates)\.?$/i;
const TRANSCRIBER = /^\[?\s*transcriber(?:'s|’s|s)?\s+notes?\b/i;
const INDEX = /^(?:general )?index\.?$/i;
const ILLUSTRATION = /\[Illustration(?:[:.][^\]]{0,2000})?\]/g;

/** Recognises Project Gutenberg HTML by its start marker or its <title>. */
export function isGutenbergHtml(doc: Document, title: string | undefined): boolean {
  if (title && /Project Gutenberg(?:'s|’s)? e-?(?:book|text)/i.test(title)) return true;
  return !!findMarker(doc, START, 200_000) || !!findMarker(doc, SMALL_PRINT_END, 200_000);
}

function* textNodes(root: AnyNode): Generator<Text> {
  const stack: AnyNode[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (isText(n)) yield n;
    else if ('children' in n) {
      if (isEl(n) && (n.name === 'script' || n.name === 'style')) continue;
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
    }
  }
}

function findMarker(root: AnyNode, re: RegExp, within = Infinity, after?: Text): Text | undefined {
  let seen = 0;
  let on = !after;
  for (const t of textNodes(root)) {
    if (!on) {
      if (t === after) on = true;
      continue;
    }
    if (re.test(t.data)) return t;
    seen += t.data.length;
    if (seen > within) return undefined;
  }
  return undefined;
}

/** The nearest paragraph-level element round a text node (not the body or a big wrapper). */
function markerBlock(t: Text): Element | undefined {
  for (let p = t.parent; p && isEl(p); p = p.parent) {
    if (p.name === 'body' || p.name === 'html' || p.name === 'main' || p.name === 'article') return undefined;
    if (BLOCK.has(p.name) || p.name === 'span') {
      if (p.name === 'pre' || textOf(p, 3000).length > 2000) return undefined;
      return p;
    }
  }
  return undefined;
}

/** Lines of text before a node, as a browser would lay them out (blocks and <br> end a line). */
function linesBefore(root: AnyNode, stop: AnyNode, limit = 60_000): string[] {
  let out = '';
  const stack: (AnyNode | '\n')[] = [root];
  while (stack.length && out.length < limit) {
    const n = stack.pop()!;
    if (n === '\n') {
      out += '\n';
      continue;
    }
    if (n === stop) break;
    if (isText(n)) out += n.data.replace(/\r\n?/g, '\n');
    else if (isEl(n)) {
      if (n.name === 'script' || n.name === 'style' || n.name === 'head') continue;
      if (n.name === 'br') out += '\n';
      if (BLOCK.has(n.name)) stack.push('\n');
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
      if (BLOCK.has(n.name)) out += '\n';
    } else if ('children' in n) for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
  return out.split('\n').map((l) => l.replace(WS, ' ').trim());
}

/** "Goldman, Emma, 1869-1940" → "Emma Goldman". */
export function personName(creator: string): string {
  let s = creator.replace(/,?\s*\(?\d{3,4}\s*[-–]\s*(?:\d{3,4})?\)?\.?$/, '').trim();
  const m = /^([^,]+),\s*([^,]+)$/.exec(s);
  if (m) s = `${m[2].trim()} ${m[1].trim()}`;
  return s;
}

/**
 * Cuts the document down to the book between the markers and returns what the header and <title> say.
 * Returns warnings for a missing start or end marker.
 */
export function trimGutenberg(doc: Document, title: string | undefined, metas: Map<string, string>): { found: FoundMeta; warnings: string[] } {
  const warnings: string[] = [];
  const found: FoundMeta = {};
  const start = findMarker(doc, START) ?? findMarker(doc, SMALL_PRINT_END);
  if (start) {
    const m = START.exec(start.data) ?? SMALL_PRINT_END.exec(start.data);
    const header = [...linesBefore(doc, start), ...start.data.slice(0, m?.index ?? 0).split(/\r?\n/).map((l) => l.replace(WS, ' ').trim())];
    const field = (name: string): string | undefined => {
      const re = new RegExp(`^${name}:\\s*(\\S.*)$`, 'i');
      for (const l of header) {
        const m = re.exec(l);
        if (m) return m[1].trim();
      }
      return undefined;
    };
    found.title = field('Title');
    found.author = field('Author') ?? field('Authors');
    found.translator = field('Translator');
  }
  if (title) {
    for (const re of TITLE_FORMS) {
      const m = re.exec(title.replace(WS, ' '));
      if (m) {
        found.title ??= m[1].trim();
        if (m[2]) found.author ??= m[2].trim();
        break;
      }
    }
  }
  const dcTitle = metas.get('dc.title') ?? metas.get('dcterms.title');
  const dcCreator = metas.get('dc.creator') ?? metas.get('dcterms.creator');
  if (dcTitle) found.title ??= dcTitle;
  if (dcCreator) found.author ??= personName(dcCreator);
  for (const k of Object.keys(found) as (keyof FoundMeta)[]) if (found[k] === undefined) delete found[k];

  if (start) {
    const b = markerBlock(start);
    if (b) cutAt(b, 'before');
    else {
      const m = START.exec(start.data) ?? SMALL_PRINT_END.exec(start.data)!;
      const nl = start.data.indexOf('\n', m.index);
      start.data = nl < 0 ? '' : start.data.slice(nl + 1);
      cutAt(start, 'before', true);
    }
  } else warnings.push('no Project Gutenberg start marker: the whole page is read');
  const end = findMarker(doc, END);
  if (end) {
    const b = markerBlock(end);
    if (b) cutAt(b, 'after');
    else {
      const m = END.exec(end.data)!;
      const nl = end.data.lastIndexOf('\n', m.index);
      end.data = nl < 0 ? '' : end.data.slice(0, nl);
      cutAt(end, 'after', true);
    }
  } else if (start) warnings.push('no Project Gutenberg end marker');
  removeWhere(doc, (el) => nameParts(el).some((p) => p === 'boilerplate') || /^pg-(?:header|footer|machine-header|start-separator|end-separator)$/.test(el.attribs.id ?? ''));
  return { found, warnings };
}

const APPARATUS_CLASS = new Set(['figcenter', 'figleft', 'figright', 'figure', 'illustration', 'illus', 'transnote', 'tnote', 'transcriber', 'transcribers', 'tnbox', 'toc', 'caption']);

/** Illustrations and their captions, transcriber's note boxes, contents boxes. */
export function removeApparatus(root: Element | Document): void {
  removeWhere(root, (el) => el.name === 'figure' || el.name === 'img' || classWords(el).some((c) => APPARATUS_CLASS.has(c)) || (el.name === 'table' && /contents/i.test(el.attribs.summary ?? '')));
}

function classWords(el: Element): string[] {
  const c = el.attribs.class;
  return c ? c.toLowerCase().split(/\s+/) : [];
}

/** Apparatus that only shows in the blocks: sections under CONTENTS/INDEX headings, credits, "[Illustration]". */
export function cleanGutenbergBlocks(blocks: Block[]): Block[] {
  const out: Block[] = [];
  const n = blocks.length;
  for (let i = 0; i < n; i++) {
    const b = blocks[i];
    if (b.type === 'heading') {
      const t = b.text.replace(/\uE000\d+\uE001/g, '').trim();
      let kind: 'contents' | 'transcriber' | 'index' | undefined;
      if (CONTENTS.test(t)) kind = 'contents';
      else if (TRANSCRIBER.test(t)) kind = 'transcriber';
      else if (INDEX.test(t) && i >= n * 0.6) kind = 'index';
      if (kind) {
        let j = i + 1;
        for (; j < n; j++) {
          const c = blocks[j];
          if (c.type === 'heading' && c.level <= b.level) break;
          if (kind === 'contents' && c.type !== 'heading' && c.text.length > 300) break;
          if (c.type === 'note' && kind !== 'transcriber') break;
        }
        i = j - 1;
        continue;
      }
    }
    if (b.type !== 'note' && i < 15 && CREDITS.test(b.text) && b.text.length < 600) continue;
    if (b.type === 'note') {
      out.push(b);
      continue;
    }
    const text = b.text.replace(ILLUSTRATION, '').replace(/ {2,}/g, ' ').trim();
    if (!text) continue;
    out.push({ ...b, text });
  }
  return out;
}
