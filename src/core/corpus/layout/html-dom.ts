/**
 * The DOM side of the HTML reader: parsing with htmlparser2 (a real, forgiving HTML parser; entities are
 * decoded by it, scripts are only ever text to it), and the small helpers the other html-* modules share.
 * Every traversal here is iterative or bounded, so a deep or large document costs linear time.
 */
import { Parser } from 'htmlparser2';
import { DomHandler, Element, Text, type AnyNode, type ChildNode, type Document, type ParentNode } from 'domhandler';

export { Element, Text };
export type { AnyNode, ChildNode, Document, ParentNode };

/** Elements that never hold readable text (or hold only code and widgets). */
const JUNK = new Set([
  'script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'math', 'canvas', 'video', 'audio',
  'button', 'input', 'select', 'textarea', 'option', 'nav', 'link', 'meta', 'map', 'area', 'dialog',
]);

/** Elements that end a paragraph: everything else is inline and contributes its text to the paragraph. */
export const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center', 'dd', 'details', 'dialog', 'dir', 'div',
  'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header',
  'hgroup', 'hr', 'html', 'legend', 'li', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table',
  'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul', 'xmp', 'listing', 'plaintext', 'noframes', 'frameset',
]);

/** Elements whose end tag may be left out: an implied close of these is not broken markup. */
const OPTIONAL_END = new Set([
  'p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'option', 'optgroup', 'rb', 'rt', 'rp', 'rtc',
  'colgroup', 'caption', 'html', 'head', 'body',
]);
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', 'basefont', 'bgsound', 'frame', 'keygen']);

/** The whitespace of HTML source (plus no-break and other spaces), not the line-break sentinel. */
export const WS = /[ \t\n\r\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\ufeff]+/g;

const MAX_DEPTH = 1_000;

/** Parses a document; counts elements that were never closed (broken markup) for a warning. */
export function parse(html: string): { doc: Document; unclosed: number } {
  let unclosed = 0;
  let depth = 0;
  const handler = new DomHandler(undefined, { withStartIndices: false });
  const cbs = {
    onparserinit: (p: Parser) => handler.onparserinit(p),
    onreset: () => handler.onreset(),
    onend: () => handler.onend(),
    onerror: (e: Error) => handler.onerror(e),
    onopentag: (name: string, attribs: Record<string, string>) => {
      // The parser's open-element stack costs its depth per tag: past a depth no page written by people reaches, stop.
      if (++depth > MAX_DEPTH) throw new Error(`elements nested more than ${MAX_DEPTH} deep: not a page a person wrote`);
      handler.onopentag(name, attribs);
    },
    onclosetag: (name: string, isImplied: boolean) => {
      depth--;
      if (isImplied && !OPTIONAL_END.has(name) && !VOID.has(name)) unclosed++;
      handler.onclosetag();
    },
    ontext: (t: string) => handler.ontext(t),
    oncomment: (t: string) => handler.oncomment(t),
    oncommentend: () => handler.oncommentend(),
    oncdatastart: () => handler.oncdatastart(),
    oncdataend: () => handler.oncdataend(),
    onprocessinginstruction: (name: string, data: string) => handler.onprocessinginstruction(name, data),
  };
  const parser = new Parser(cbs, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true });
  parser.end(html);
  return { doc: handler.root, unclosed };
}

export function isEl(n: AnyNode | null | undefined): n is Element {
  return !!n && n instanceof Element;
}

export function isText(n: AnyNode | null | undefined): n is Text {
  return !!n && n instanceof Text;
}

export function attr(el: Element, name: string): string | undefined {
  return el.attribs[name];
}

/** The element's class names, lower-cased. */
export function classes(el: Element): string[] {
  const c = el.attribs.class;
  return c ? c.toLowerCase().split(/\s+/).filter(Boolean) : [];
}

export function hasClass(el: Element, name: string): boolean {
  const c = el.attribs.class;
  if (!c) return false;
  return c.toLowerCase().split(/\s+/).includes(name.toLowerCase());
}

/** The parts of the element's class and id names ("share-buttons" → share, buttons), lower-cased. */
export function nameParts(el: Element): string[] {
  const { class: c, id } = el.attribs;
  if (!c && !id) return [];
  const raw = `${c ?? ''} ${id ?? ''}`;
  return raw.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase().split(/[\s_-]+/).filter(Boolean);
}

/** Elements in document order under root (root included when it is an element). */
export function elements(root: AnyNode): Element[] {
  const out: Element[] = [];
  const stack: AnyNode[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n instanceof Element) out.push(n);
    else if (!('children' in n)) continue;
    const kids = (n as Element).children;
    for (let i = kids.length - 1; i >= 0; i--) {
      const c = kids[i];
      if (c instanceof Element || 'children' in c) stack.push(c);
    }
  }
  return out;
}

export function findAll(root: AnyNode, pred: (el: Element) => boolean): Element[] {
  return elements(root).filter(pred);
}

/** The first descendant (not root itself) matching pred, in document order. */
export function findFirst(root: AnyNode, pred: (el: Element) => boolean): Element | undefined {
  const stack: AnyNode[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n !== root && n instanceof Element && pred(n)) return n;
    if (!('children' in n)) continue;
    const kids = (n as Element).children;
    for (let i = kids.length - 1; i >= 0; i--) {
      const c = kids[i];
      if (c instanceof Element || 'children' in c) stack.push(c);
    }
  }
  return undefined;
}

/** The first descendant matching pred, not looking inside subtrees where stop(el) holds. */
export function findFirstOutside(root: Element, pred: (el: Element) => boolean, stop: (el: Element) => boolean): Element | undefined {
  const stack: ChildNode[] = [...root.children].reverse();
  while (stack.length) {
    const n = stack.pop()!;
    if (!isEl(n)) continue;
    if (stop(n)) continue;
    if (pred(n)) return n;
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
  return undefined;
}

/**
 * Raw concatenated text (entities already decoded), skipping junk elements. With a limit, stops after about
 * that many characters (and after a bounded number of nodes, so a deep empty subtree costs little).
 */
export function rawText(root: AnyNode, limit = Infinity): string {
  let out = '';
  const stack: AnyNode[] = [root];
  let budget = limit === Infinity ? Infinity : limit * 8 + 64;
  while (stack.length && out.length < limit && budget-- > 0) {
    const n = stack.pop()!;
    if (isText(n)) out += n.data;
    else if (isEl(n)) {
      if (JUNK.has(n.name)) continue;
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
    } else if ('children' in n) for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
  return out;
}

/** Text with whitespace collapsed. */
export function textOf(root: AnyNode, limit = Infinity): string {
  return rawText(root, limit).replace(WS, ' ').trim();
}

export function isAncestor(anc: AnyNode, n: AnyNode): boolean {
  for (let p: AnyNode | null = n; p; p = p.parent) if (p === anc) return true;
  return false;
}

/** The nearest ancestor-or-self matching pred, looking at most maxUp levels up. */
export function closest(n: AnyNode, pred: (el: Element) => boolean, maxUp = Infinity): Element | undefined {
  let k = 0;
  for (let p: AnyNode | null = n; p && k <= maxUp; p = p.parent, k++) if (isEl(p) && pred(p)) return p;
  return undefined;
}

export function removeNode(n: ChildNode): void {
  const p = n.parent;
  if (!p) return;
  const i = p.children.indexOf(n);
  if (i >= 0) p.children.splice(i, 1);
  if (n.prev) n.prev.next = n.next;
  if (n.next) n.next.prev = n.prev;
  n.parent = n.prev = n.next = null;
}

/** Removes every node matching pred (and its subtree) in one pass. */
export function removeWhere(root: ParentNode, pred: (el: Element) => boolean): number {
  let removed = 0;
  const stack: ParentNode[] = [root];
  while (stack.length) {
    const p = stack.pop()!;
    const kids = p.children;
    let keep: ChildNode[] | undefined;
    for (let i = 0; i < kids.length; i++) {
      const c = kids[i];
      if (c instanceof Element && pred(c)) {
        keep ??= kids.slice(0, i);
        c.parent = null;
        removed++;
        continue;
      }
      keep?.push(c);
      if (c instanceof Element && c.children.length) stack.push(c);
    }
    if (keep) relink(p, keep);
  }
  return removed;
}

function relink(p: ParentNode, kids: ChildNode[]): void {
  p.children = kids;
  for (let i = 0; i < kids.length; i++) {
    kids[i].prev = kids[i - 1] ?? null;
    kids[i].next = kids[i + 1] ?? null;
  }
}

/**
 * Removes everything before the node in document order (side 'before') or after it ('after'), and the node
 * itself unless keep is set.
 */
export function cutAt(n: ChildNode, side: 'before' | 'after', keep = false): void {
  let cur: ChildNode = n;
  for (let p = cur.parent; p; p = p.parent) {
    const i = p.children.indexOf(cur);
    const kids = side === 'before' ? p.children.slice(i + 1) : p.children.slice(0, i);
    if (cur !== n || keep) {
      if (side === 'before') kids.unshift(cur);
      else kids.push(cur);
    }
    relink(p, kids);
    cur = p as ChildNode;
  }
}

/** Removes script, style, forms' controls, navigation and similar from the whole tree. */
export function removeJunk(doc: Document): void {
  removeWhere(doc, (el) => JUNK.has(el.name) || el.attribs.hidden !== undefined || /display\s*:\s*none/i.test(el.attribs.style ?? '') || el.attribs['aria-hidden'] === 'true');
}

/** Document position of every element (pre-order), for "comes after" questions. */
export function orderOf(doc: AnyNode): Map<Element, number> {
  const m = new Map<Element, number>();
  let i = 0;
  for (const el of elements(doc)) m.set(el, i++);
  return m;
}

/** Length of each element's text, computed bottom-up in one pass. */
export function textLengths(root: AnyNode): Map<Element, number> {
  const m = new Map<Element, number>();
  const post = elements(root);
  for (let i = post.length - 1; i >= 0; i--) {
    const el = post[i];
    let n = 0;
    for (const c of el.children) {
      if (isText(c)) n += c.data.replace(WS, ' ').trim().length;
      else if (isEl(c)) n += m.get(c) ?? 0;
    }
    m.set(el, n);
  }
  return m;
}

/** `<meta name|property="…" content="…">` values, keys lower-cased, first occurrence wins. */
export function metaValues(doc: Document): Map<string, string> {
  const m = new Map<string, string>();
  for (const el of elements(doc)) {
    if (el.name !== 'meta') continue;
    const key = (el.attribs.name ?? el.attribs.property ?? el.attribs.itemprop ?? '').toLowerCase().trim();
    const v = (el.attribs.content ?? '').replace(WS, ' ').trim();
    if (key && v && !m.has(key)) m.set(key, v);
  }
  return m;
}

/** The document's <title> text (not an SVG title). */
export function titleText(doc: Document): string | undefined {
  const t = findFirst(doc, (el) => el.name === 'title' && !closest(el, (a) => a.name === 'svg'));
  const s = t ? textOf(t) : '';
  return s || undefined;
}
