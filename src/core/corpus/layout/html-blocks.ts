/**
 * Turns a (cleaned) HTML tree into blocks: paragraphs from every paragraph-level element and from text that
 * stands directly in a <div>, headings, whole block quotations, notes where their bodies stand. Inline markup
 * only contributes its text; source line breaks are spaces, one <br> is a space and two end a paragraph;
 * <pre> and poems keep their lines. Page numbers vanish without splitting their sentence.
 */
import { BLOCK, WS, isEl, isText, nameParts, textOf, type AnyNode, type Element } from './html-dom.js';
import { isPagenum, type NoteIndex } from './html-notes.js';
import { noteRef, type Block } from './types.js';

/** A line break from <br> (or a line of <pre>); source newlines are plain whitespace. */
const LS = '\u2028';
const MAX_DEPTH = 400;
const SKIP = new Set([
  'script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'math', 'canvas', 'video', 'audio',
  'button', 'input', 'select', 'textarea', 'option', 'img', 'head', 'title', 'meta', 'link', 'wbr', 'map', 'area', 'rp',
]);
const HEADING = /^h([1-6])$/;
/** "CHAPTER IV", "Part 2", "BOOK III", "XII": a label that reads as "CHAPTER IV. TITLE" before its title. */
export const CHAPTER_LABEL = /^(?:(?:CHAPTER|Chapter|PART|Part|BOOK|Book|LETTER|Letter|SECTION|Section|CANTO|Canto)\s+(?:[IVXLC]+|\d+|[A-Z][A-Za-z-]+)|[IVXLC]+|\d{1,3})$/;
const PAGE_MARK = /^\[?\s*(?:Pg|Page|p\.)\s*[\dIVXLCivxlc]+\s*\]?$/;

export interface WalkOptions {
  notes: NoteIndex;
  /** Elements not to read at all (forum chrome, furniture). */
  skip?: (el: Element) => boolean;
  /** Forum mode: quote boxes are handed over instead of becoming quote blocks. */
  quoteBox?: (el: Element) => boolean;
  onQuote?: (el: Element) => void;
  /** Called for each note marker read whose note is not in the document (the marker is left out). */
  onMissingNote?: () => void;
}

/** Reads root (or, with inside set, only what root holds: root's own tag is then not a block of its own). */
export function renderBlocks(root: AnyNode, opts: WalkOptions, inside = false): Block[] {
  const w = new Writer(opts);
  if (inside && 'children' in root) for (const c of root.children) w.walk(c, 1);
  else w.walk(root, 0);
  w.flush();
  return w.blocks;
}

/** Splits collected inline text into paragraph texts: whitespace collapsed, two line breaks end a paragraph. */
function paragraphs(raw: string, keepLines: boolean): string[] {
  const out: string[] = [];
  const text = raw.replace(WS, ' ');
  for (const part of text.split(/(?: ?\u2028 ?){2,}/)) {
    let t: string;
    if (keepLines) {
      t = part.split(LS).map((l) => l.replace(/ +/g, ' ').trim()).filter(Boolean).join('\n');
    } else {
      t = part.replace(/\u2028/g, ' ').replace(/ {2,}/g, ' ').trim();
    }
    t = t.replace(/ +(?=\uE000)/g, '');
    if (t) out.push(t);
  }
  return out;
}

function isPoem(el: Element): boolean {
  return nameParts(el).some((p) => p === 'poem' || p === 'poetry' || p === 'verse' || p === 'stanza' || p === 'lyrics');
}

function stripLabel(text: string, label: string): string {
  const l = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(`^\\s*(?:\\^\\s*)?(?:\\[\\s*${l}\\s*\\]|\\(\\s*${l}\\s*\\)|${l}(?:[.):]|(?=\\s)))\\s*`), '').replace(/^[\s^↩↑]+/, '');
}

class Writer {
  blocks: Block[] = [];
  private buf: string[] = [];
  /** Inside <pre>: source newlines are lines. */
  private pre = 0;
  /** Inside <pre> or a poem: line breaks are kept as "\n". */
  private lines = 0;
  /** Inside a poem: a line-level block is a line, not a paragraph. */
  private poem = 0;
  /** Inside a heading: block boundaries are parts of the heading, not new blocks. */
  private heading = 0;
  private blockMemo = new Map<Element, boolean>();

  constructor(private opts: WalkOptions) {}

  flush(): void {
    if (!this.buf.length) return;
    const raw = this.buf.join('');
    this.buf = [];
    for (const t of paragraphs(raw, this.lines > 0)) this.blocks.push({ type: 'paragraph', text: t });
  }

  /** A boundary between blocks: a new paragraph, or a new line inside a heading or a poem's stanza. */
  private boundary(el?: Element): void {
    if (this.heading) this.buf.push(LS);
    else if (this.poem && el && !(el.name === 'p' || el.name === 'blockquote' || nameParts(el).includes('stanza') || el.name === 'table' || isPoem(el))) {
      if (this.buf.length && this.buf[this.buf.length - 1] !== LS) this.buf.push(LS);
    } else this.flush();
  }

  /** Runs fn with a fresh block list and returns what it produced. */
  private capture(fn: () => void): Block[] {
    this.flush();
    const saved = this.blocks;
    const savedBuf = this.buf;
    this.blocks = [];
    this.buf = [];
    fn();
    this.flush();
    const got = this.blocks;
    this.blocks = saved;
    this.buf = savedBuf;
    return got;
  }

  private children(el: AnyNode, depth: number): void {
    if ('children' in el) for (const c of el.children) this.walk(c, depth + 1);
  }

  walk(n: AnyNode, depth: number): void {
    if (isText(n)) {
      let t = n.data.replace(/\u2028|\u2029/g, ' ').replace(/[\uE000\uE001]/g, '');
      if (this.pre) t = t.replace(/\r\n?/g, '\n').replace(/\n/g, LS);
      this.buf.push(t);
      return;
    }
    if (!isEl(n)) {
      if (n.type === 'root') this.children(n, depth);
      return;
    }
    const el = n;
    if (depth > MAX_DEPTH) {
      this.buf.push(` ${textOf(el)} `);
      return;
    }
    const name = el.name;
    if (SKIP.has(name) || isPagenum(el)) return;
    if (this.opts.skip?.(el)) return;
    const notes = this.opts.notes;
    const ref = notes.refs.get(el);
    if (ref !== undefined) {
      if (ref > 0) this.buf.push(noteRef(ref));
      else this.opts.onMissingNote?.();
      return;
    }
    if (notes.backlinks.has(el)) return;
    const body = notes.bodies.get(el);
    if (body) {
      const got = this.capture(() => this.children(el, depth));
      let text = got.map((b) => b.text).filter(Boolean).join('\n\n');
      text = stripLabel(text, body.label);
      this.blocks.push({ type: 'note', id: body.id, label: body.label, text });
      return;
    }
    if ((name === 'span' || name === 'a') && (el.attribs.id ?? el.attribs.name ?? el.attribs.class ?? '').match(/^(?:page|pg)/i) && PAGE_MARK.test(textOf(el, 30))) return;
    if (this.opts.quoteBox?.(el)) {
      this.flush();
      this.opts.onQuote?.(el);
      return;
    }
    if (name === 'br') {
      this.buf.push(LS);
      return;
    }
    if (name === 'q') {
      this.buf.push('“');
      this.children(el, depth);
      this.buf.push('”');
      return;
    }
    const h = HEADING.exec(name);
    if (h && !this.heading) {
      this.flush();
      this.blocks.push(...this.headingBlock(el, Number(h[1]), depth));
      return;
    }
    if (name === 'blockquote' && !this.heading) {
      const got = this.capture(() => this.children(el, depth));
      const text = got.filter((b) => b.type !== 'note').map((b) => b.text).join('\n\n');
      if (text) this.blocks.push({ type: 'quote', text });
      this.blocks.push(...got.filter((b) => b.type === 'note'));
      return;
    }
    if (name === 'table' && !this.heading) {
      this.flush();
      this.table(el, depth);
      this.flush();
      return;
    }
    if (name === 'pre' || name === 'xmp' || name === 'listing' || name === 'plaintext') {
      this.boundary(el);
      this.pre++;
      this.lines++;
      this.children(el, depth);
      this.boundary(el);
      this.pre--;
      this.lines--;
      return;
    }
    if (BLOCK.has(name) && !this.heading && !this.poem && isPoem(el)) {
      this.flush();
      this.poem++;
      this.lines++;
      this.children(el, depth);
      this.flush();
      this.poem--;
      this.lines--;
      return;
    }
    if (BLOCK.has(name)) {
      this.boundary(el);
      this.children(el, depth);
      this.boundary(el);
      return;
    }
    this.children(el, depth);
  }

  private headingBlock(el: Element, level: number, depth: number): Block[] {
    // Parts: spans standing side by side ("<span>CHAPTER I</span> <span>DEPORTATION</span>"), or lines split by <br>.
    const kids = el.children.filter((c) => !(isText(c) && !c.data.replace(WS, '')));
    const sideBySide = kids.length >= 2 && kids.every((c) => isEl(c) && !SKIP.has(c.name));
    this.flush();
    const savedBuf = this.buf;
    const before = this.blocks.length;
    this.buf = [];
    this.heading++;
    for (const c of el.children) {
      if (sideBySide && isEl(c)) this.buf.push(LS);
      this.walk(c, depth + 1);
    }
    this.heading--;
    const raw = this.buf.join('').replace(WS, ' ');
    this.buf = savedBuf;
    // Notes whose bodies stood inside the heading come after it.
    const notesInside = this.blocks.splice(before);
    const parts = raw.split(/\u2028|\n/).map((p) => p.trim()).filter(Boolean);
    if (!parts.length) return notesInside;
    let text = parts[0];
    for (let i = 1; i < parts.length; i++) text += i === 1 && CHAPTER_LABEL.test(parts[0]) ? `. ${parts[i]}` : ` ${parts[i]}`;
    return [{ type: 'heading', text: text.replace(/ +(?=\uE000)/g, ''), level }, ...notesInside];
  }

  /** True when the element holds paragraph-level elements (memoised, so a table costs linear time). */
  private hasBlocks(el: Element): boolean {
    const m = this.blockMemo.get(el);
    if (m !== undefined) return m;
    let r = false;
    for (const c of el.children) {
      if (isEl(c) && ((BLOCK.has(c.name) && c.name !== 'hr') || this.hasBlocks(c))) {
        r = true;
        break;
      }
    }
    this.blockMemo.set(el, r);
    return r;
  }

  /** A row of short cells is one paragraph (cells joined by " | "); cells holding paragraphs are read as blocks. */
  private table(el: Element, depth: number): void {
    for (const c of el.children) {
      if (!isEl(c)) continue;
      if (c.name === 'thead' || c.name === 'tbody' || c.name === 'tfoot') {
        this.table(c, depth + 1);
      } else if (c.name === 'tr') {
        const cells = c.children.filter((x): x is Element => isEl(x) && (x.name === 'td' || x.name === 'th'));
        if (cells.some((x) => this.hasBlocks(x) || this.opts.notes.bodies.has(x))) {
          for (const x of cells) {
            this.flush();
            this.walk(x, depth + 2);
            this.flush();
          }
        } else {
          const texts: string[] = [];
          for (const x of cells) {
            const got = this.capture(() => this.children(x, depth + 2));
            const t = got.map((b) => b.text).join(' ').trim();
            if (t) texts.push(t);
          }
          if (texts.length) this.blocks.push({ type: 'paragraph', text: texts.join(' | ') });
        }
      } else {
        this.flush();
        this.walk(c, depth + 1);
        this.flush();
      }
    }
  }
}
