/**
 * The HTML layout reader: one HTML or XHTML document (already decoded to a string) → blocks, or forum posts.
 * Three layouts, recognised by shape: a forum thread (XenForo, phpBB, Discourse, Reddit) → posts; Project
 * Gutenberg HTML (start/end markers, or its <title>) → the book between the markers without its apparatus;
 * anything else → an article (its <article>/<main> when there is one, without page furniture). Parsed with
 * htmlparser2, never with regular expressions over markup; scripts are dropped, never run. Never throws.
 */
import {
  elements, findFirst, isAncestor, isEl, isText, metaValues, orderOf, parse, removeJunk, removeWhere, textLengths, textOf,
  titleText, type AnyNode, type Document, type Element,
} from './html-dom.js';
import { findNotes, NOTES_HEADING, type NoteIndex } from './html-notes.js';
import { CHAPTER_LABEL, renderBlocks } from './html-blocks.js';
import { cleanGutenbergBlocks, isGutenbergHtml, removeApparatus, trimGutenberg } from './html-gutenberg.js';
import { articleMeta, chooseRoot, cleanArticleBlocks, furnitureToDrop } from './html-article.js';
import { findForum, readForum } from './html-forum.js';
import { NOTE_REF_RE, type Block, type FoundMeta, type LaidOutText, type LayoutName } from './types.js';

/** Reads one HTML/XHTML document (already decoded to a string) into blocks or forum posts. Never throws. */
export function readHtml(html: string, encoding: string): LaidOutText {
  try {
    return read(typeof html === 'string' ? html : String(html ?? ''), encoding);
  } catch (e) {
    return { layout: 'html-article', encoding, found: {}, blocks: [], warnings: [`the HTML could not be read: ${(e as Error)?.message ?? e}`] };
  }
}

function read(html: string, encoding: string): LaidOutText {
  const warnings: string[] = [];
  const { doc, unclosed } = parse(html);
  const metas = metaValues(doc);
  const title = titleText(doc);
  removeJunk(doc);
  const markup = unclosed > 0 ? [`unbalanced markup: ${unclosed} element${unclosed === 1 ? '' : 's'} never closed`] : [];

  const forum = findForum(doc);
  if (forum) {
    const r = readForum(doc, forum, metas, title);
    return { layout: 'forum-html', encoding, found: r.found, blocks: [], posts: r.posts, warnings: [...r.warnings, ...markup] };
  }

  let layout: LayoutName = 'html-article';
  let found: FoundMeta = {};
  if (isGutenbergHtml(doc, title)) {
    layout = 'gutenberg-html';
    const g = trimGutenberg(doc, title, metas);
    found = g.found;
    warnings.push(...g.warnings);
    removeApparatus(doc);
  }
  const notes = findNotes(doc, orderOf(doc));
  const lengths = textLengths(doc);
  let root: Element | Document = findFirst(doc, (e) => e.name === 'body') ?? doc;
  if (layout === 'html-article') {
    root = chooseRoot(doc, lengths);
    found = articleMeta(doc, root, metas, title);
    const keep = new Set<Element>();
    for (const b of notes.bodies.keys()) for (let p: AnyNode | null = b; p && isEl(p); p = p.parent) keep.add(p);
    const rootLen = isEl(root) ? lengths.get(root) ?? 0 : root.children.reduce((n, c) => n + (isEl(c) ? lengths.get(c) ?? 0 : isText(c) ? c.data.trim().length : 0), 0);
    removeWhere(doc, furnitureToDrop(lengths, rootLen, keep));
  } else if (!found.title) {
    const h1 = findFirst(root, (e) => e.name === 'h1');
    if (h1) found.title = textOf(h1, 300);
  }
  dropLinkLists(root, notes, lengths);

  const dangling = { n: 0 };
  const opts = { notes, onMissingNote: () => dangling.n++ };
  let blocks = renderBlocks(root, opts);
  // Notes outside the article element that it links to.
  if (root !== doc) {
    const wanted = new Set<number>();
    for (const [el, id] of notes.refs) if (id > 0 && isAncestor(root, el)) wanted.add(id);
    for (const body of notes.bodies.values()) {
      if (wanted.has(body.id) && !isAncestor(root, body.el) && attached(body.el, doc)) blocks.push(...renderBlocks(body.el, opts));
    }
  }
  blocks = layout === 'gutenberg-html' ? cleanGutenbergBlocks(blocks) : cleanArticleBlocks(blocks);
  blocks = tidy(blocks, dangling);
  if (dangling.n > 0) warnings.push(`${dangling.n} note marker${dangling.n === 1 ? ' has' : 's have'} no note`);
  if (!blocks.some((b) => b.type !== 'heading')) warnings.push('no body text found');
  return { layout, encoding, found, blocks, warnings: [...warnings, ...markup] };
}

function attached(el: Element, doc: Document): boolean {
  let top: AnyNode = el;
  while (top.parent) top = top.parent;
  return top === doc;
}

/**
 * A list or table of links to places in the page (a table of contents, a list of illustrations) is not text;
 * neither is a run of three or more paragraphs made of such links.
 */
function dropLinkLists(root: Element | Document, notes: NoteIndex, lengths: Map<Element, number>): void {
  const isLocal = (a: Element) => a.name === 'a' && (a.attribs.href ?? '').startsWith('#') && a.attribs.href.length > 1 && !notes.refs.has(a) && !notes.backlinks.has(a);
  // Bottom-up, in one pass: how many local links, how much of their text, how many note bodies under each element.
  const links = new Map<Element, number>();
  const linkText = new Map<Element, number>();
  const noteCount = new Map<Element, number>();
  const post = [...elements(root)];
  for (let i = post.length - 1; i >= 0; i--) {
    const el = post[i];
    let n = 0;
    let t = 0;
    let k = notes.bodies.has(el) ? 1 : 0;
    for (const c of el.children) {
      if (!isEl(c)) continue;
      n += links.get(c) ?? 0;
      t += linkText.get(c) ?? 0;
      k += noteCount.get(c) ?? 0;
    }
    if (isLocal(el)) {
      n++;
      t = lengths.get(el) ?? 0;
    }
    links.set(el, n);
    linkText.set(el, t);
    noteCount.set(el, k);
  }
  const rowsOf = (table: Element): Element[] => {
    const rows: Element[] = [];
    for (const c of table.children) {
      if (!isEl(c)) continue;
      if (c.name === 'tr') rows.push(c);
      else if (c.name === 'thead' || c.name === 'tbody' || c.name === 'tfoot') for (const r of c.children) if (isEl(r) && r.name === 'tr') rows.push(r);
    }
    return rows;
  };
  removeWhere(root, (el) => {
    if (el.name !== 'table' && el.name !== 'ul' && el.name !== 'ol') return false;
    if ((links.get(el) ?? 0) < 3 || (noteCount.get(el) ?? 0) > 0) return false;
    const items = el.name === 'table' ? rowsOf(el) : el.children.filter((c): c is Element => isEl(c) && c.name === 'li');
    if (items.length < 3) return false;
    const linked = items.filter((it) => (links.get(it) ?? 0) > 0).length;
    if (linked < 3 || linked < 0.6 * items.length) return false;
    return (lengths.get(el) ?? 0) / items.length <= 150;
  });
  const linkish = (el: Element): boolean => {
    if (el.name !== 'p' && el.name !== 'div' && el.name !== 'li' && el.name !== 'dt' && el.name !== 'dd') return false;
    const len = lengths.get(el) ?? 0;
    if (!len || len > 150 || (noteCount.get(el) ?? 0) > 0 || !(links.get(el) ?? 0)) return false;
    return (linkText.get(el) ?? 0) >= 0.7 * len;
  };
  const runs: Element[][] = [];
  const stack: (Element | Document)[] = [root];
  while (stack.length) {
    const p = stack.pop()!;
    let run: Element[] = [];
    for (const c of p.children) {
      if (!isEl(c)) {
        if (isText(c) && c.data.trim()) {
          if (run.length >= 3) runs.push(run);
          run = [];
        }
        continue;
      }
      if (c.name === 'br' || c.name === 'hr') continue;
      if (linkish(c)) {
        run.push(c);
        continue;
      }
      if (run.length >= 3) runs.push(run);
      run = [];
      stack.push(c);
    }
    if (run.length >= 3) runs.push(run);
  }
  const gone = new Set(runs.flat());
  if (gone.size) removeWhere(root, (el) => gone.has(el));
}

/**
 * Last touches: "CHAPTER IV" and its title as one heading, a FOOTNOTES: heading over notes dropped, heading
 * levels from 1, and note markers whose note was not emitted removed (counted in dangling).
 */
function tidy(blocks: Block[], dangling: { n: number }): Block[] {
  const out: Block[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i];
    const next = blocks[i + 1];
    if (b.type === 'heading' && next?.type === 'heading' && CHAPTER_LABEL.test(b.text) && next.level >= b.level && !CHAPTER_LABEL.test(next.text)) {
      out.push({ type: 'heading', text: `${b.text}. ${next.text}`, level: b.level });
      i++;
      continue;
    }
    if (b.type === 'heading' && next?.type === 'note' && NOTES_HEADING.test(b.text.trim())) continue;
    out.push(b);
  }
  const emitted = new Set(out.filter((b) => b.type === 'note').map((b) => (b as { id: number }).id));
  const min = Math.min(7, ...out.filter((b) => b.type === 'heading').map((b) => (b as { level: number }).level));
  return out.map((b) => {
    if (b.type === 'heading') b = { ...b, level: b.level - min + 1 };
    if (b.type === 'note' || !b.text.includes('\uE000')) return b;
    const text = b.text.replace(NOTE_REF_RE, (m, id: string) => {
      if (emitted.has(Number(id))) return m;
      dangling.n++;
      return '';
    });
    return { ...b, text };
  });
}
