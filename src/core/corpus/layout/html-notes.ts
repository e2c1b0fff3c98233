/**
 * Footnotes and endnotes of an HTML document, recognised by shape: a short label-shaped link ("[1]", "3",
 * "*") to an anchor further on whose block reads as a note (a footnote class, an id like fn3/_ftn2/cite_note,
 * a link back, or the marker standing in <sup>), and bare <sup>4</sup> markers when a notes section printing
 * that label exists. The reader writes noteRef(id) for each marker and a note block for each body.
 */
import {
  BLOCK, WS, closest, elements, findAll, findFirst, isAncestor, isEl, isText, nameParts, textOf,
  type Document, type Element, type ParentNode,
} from './html-dom.js';

/** A note's printed label: a number, a letter, a small roman numeral or a symbol, maybe bracketed. */
const LABEL = /^[[(]?\s*(\d{1,4}|[a-z]|[ivxlc]{1,7}|[*†‡§¶#]{1,3})\s*[\])]?[.:]?$/i;
const NUMERIC_LABEL = /^[[(]?\s*(\d{1,4}|[*†‡§¶]{1,3})\s*[\])]?$/;
/** Fragment or id names that say "note". */
const NOTE_NAME = /foot|note|^_?fn|fn_?\d|ftn|endn|cite|^n\d+$|^f\d+$|^r\d+$|^nt\d+/i;
const REF_HINT = /noteref|fnanchor|footnote-?ref|fnref|anote|endnote-?ref|footnote-?link|note-?ref|^reference$/;
const BACK_HINT = /back-?link|back-?ref|footnote-?back|fn-?back|^back$|return/;
const ARROW = /^(?:[↩↑⤴↵^⬆]\uFE0E?|back|return|top)$/i;
export const NOTES_HEADING = /^(?:(?:foot|end)?notes?|references|notes? (?:and|&) references)[.:]?$/i;

export interface NoteBody {
  id: number;
  label: string;
  el: Element;
  /** The body was found by its printed label only (no anchor): strip the label from its text. */
  labelled: boolean;
}

export interface NoteIndex {
  /** Marker links and bare <sup> markers → note id (0: a marker of a note that is not in the document). */
  refs: Map<Element, number>;
  bodies: Map<Element, NoteBody>;
  /** Links inside note bodies that lead back to the text. */
  backlinks: Set<Element>;
}

export function emptyNotes(): NoteIndex {
  return { refs: new Map(), bodies: new Map(), backlinks: new Set() };
}

function fragment(href: string | undefined): string | undefined {
  if (!href) return undefined;
  const i = href.indexOf('#');
  if (i < 0) return undefined;
  const f = href.slice(i + 1);
  try {
    return decodeURIComponent(f);
  } catch {
    return f;
  }
}

function hintOf(el: Element | null | undefined, re: RegExp): boolean {
  if (!el) return false;
  const parts = nameParts(el);
  if (parts.some((p) => re.test(p))) return true;
  const joined = `${el.attribs.class ?? ''} ${el.attribs.role ?? ''} ${el.attribs['epub:type'] ?? ''} ${el.attribs.rel ?? ''}`.toLowerCase();
  return joined.split(/\s+/).some((w) => w && re.test(w.replace(/^doc-/, '')));
}

export function labelOf(marker: string): string {
  return marker.replace(/^[[(]\s*|\s*[\])]?[.:]?$/g, '').trim();
}

function isBlock(el: Element): boolean {
  return BLOCK.has(el.name);
}

const TOO_BIG = new Set(['body', 'html', 'main', 'article', 'section', 'table', 'tbody', 'ol', 'ul', 'dl', 'blockquote']);
const NOTE_CONTAINER_TAGS = new Set(['div', 'aside', 'section', 'li', 'dd', 'p', 'span', 'td']);

function firstTextNodeParent(el: Element): Element | undefined {
  const holds = (d: Element) => d.children.some((c) => isText(c) && c.data.replace(WS, '') !== '');
  return holds(el) ? el : findFirst(el, holds);
}

/** Finds note markers and bodies in root (the whole document or the part that will be read). */
export function findNotes(doc: Document, order: Map<Element, number>): NoteIndex {
  const idx = emptyNotes();
  const ids = new Map<string, Element>();
  for (const el of elements(doc)) {
    const id = el.attribs.id;
    if (id && !ids.has(id)) ids.set(id, el);
    const name = el.name === 'a' ? el.attribs.name : undefined;
    if (name && !ids.has(name)) ids.set(name, el);
  }
  const pos = (el: Element) => order.get(el) ?? 0;

  interface Cand { link: Element; target: Element; label: string; strong: boolean; frag: string }
  const cands: Cand[] = [];
  const links = findAll(doc, (el) => el.name === 'a' && el.attribs.href !== undefined && el.attribs.href.includes('#'));
  for (const a of links) {
    const frag = fragment(a.attribs.href);
    if (!frag) continue;
    const text = textOf(a, 40);
    const parent = isEl(a.parent) ? a.parent : undefined;
    if (ARROW.test(text) || hintOf(a, BACK_HINT) || hintOf(parent, BACK_HINT)) continue;
    const sup = closest(a, (e) => e.name === 'sup', 3);
    const inSup = !!sup && textOf(sup, 40) === text;
    const strong = hintOf(a, REF_HINT) || hintOf(parent, REF_HINT) || a.attribs['epub:type'] === 'noteref';
    if (!LABEL.test(text) && !(strong && text.length > 0 && text.length <= 12)) continue;
    const target = ids.get(frag);
    if (!target) {
      const external = /^[a-z][a-z0-9+.-]*:/i.test(a.attribs.href ?? '');
      if (!external && (strong || inSup || NOTE_NAME.test(frag)) && !closest(a, isPagenum, 4)) idx.refs.set(a, 0);
      continue;
    }
    if (closest(target, isPagenum, 4) || closest(target, (e) => /^h[1-6]$/.test(e.name), 4)) continue;
    if (isAncestor(target, a)) continue;
    // A marker points forward to its note; a link pointing back is the note's way back to the text.
    if (pos(target) < pos(a) && !strong) continue;
    const noteish = strong || inSup || NOTE_NAME.test(frag) || NOTE_NAME.test(target.attribs.id ?? '') || hintOf(target, /note|foot/);
    cands.push({ link: a, target, label: labelOf(text), strong: noteish, frag });
  }

  // How many note targets lie under each element (to keep a note body from swallowing its neighbours).
  const targetCount = new Map<Element, number>();
  for (const c of cands) {
    for (let p: ParentNode | null = c.target; p && isEl(p); p = p.parent) targetCount.set(p, (targetCount.get(p) ?? 0) + 1);
  }
  const backTo = new Map<Element, Set<string>>();
  const linksBack = (body: Element): Set<string> => {
    let s = backTo.get(body);
    if (!s) {
      s = new Set();
      let n = 0;
      for (const el of elements(body)) {
        if (++n > 2000) break;
        if (el.name === 'a') {
          const f = fragment(el.attribs.href);
          if (f) s.add(f);
        }
      }
      backTo.set(body, s);
    }
    return s;
  };
  const bodyOf = new Map<Element, Element | null>();
  const bodyFor = (target: Element): Element | null => {
    if (bodyOf.has(target)) return bodyOf.get(target)!;
    let b: Element | undefined = isBlock(target) ? target : closest(target, isBlock);
    if (b && TOO_BIG.has(b.name) && !(b === target && b.name === 'section')) b = undefined;
    if (b && /^h[1-6]$/.test(b.name)) b = undefined;
    // Climb to a wrapper that is this note's box (div.footnote, li, aside[epub:type=footnote]) and starts with it.
    while (b && isEl(b.parent)) {
      const p: Element = b.parent;
      if (TOO_BIG.has(p.name) || !NOTE_CONTAINER_TAGS.has(p.name)) break;
      const noteBox = p.name === 'li' || p.name === 'dd' || hintOf(p, /^(?:foot|end)?notes?$|^fn$|^ftn\d*$|^footnote|^endnote|^note$/) || /footnote|endnote|rearnote/.test(p.attribs['epub:type'] ?? '') || /^(ftn|fn|note|footnote|endnote)[-_]?\d+$/i.test(p.attribs.id ?? '');
      if (!noteBox) break;
      if ((targetCount.get(p) ?? 0) > 1) break;
      const first = firstTextNodeParent(p);
      if (first && !isAncestor(b, first)) break;
      b = p;
    }
    const out = b ?? null;
    bodyOf.set(target, out);
    return out;
  };

  const found: { link: Element; body: Element; label: string }[] = [];
  for (const c of cands) {
    const body = bodyFor(c.target);
    if (!body || isAncestor(body, c.link)) continue;
    if (!c.strong) {
      // Otherwise only a note whose body links back to the marker (or the anchor beside it).
      const near = new Set<string>();
      for (const e of [c.link, c.link.parent, c.link.prev, c.link.prev?.prev, c.link.parent?.prev]) {
        if (isEl(e)) {
          if (e.attribs.id) near.add(e.attribs.id);
          if (e.attribs.name) near.add(e.attribs.name);
        }
      }
      const back = linksBack(body);
      if (![...near].some((n) => back.has(n))) continue;
    }
    found.push({ link: c.link, body, label: c.label });
  }
  // A body inside another body (an anchor within a note box) is that note.
  const bodies = new Map<Element, string>();
  for (const f of found) if (!bodies.has(f.body)) bodies.set(f.body, f.label);
  const outer = (b: Element): Element => {
    let o = b;
    for (let p = b.parent; p && isEl(p); p = p.parent) if (bodies.has(p)) o = p;
    return o;
  };
  const kept = found.map((f) => ({ ...f, body: outer(f.body) }));

  // Bare <sup>4</sup> markers, when a note printed "4" exists (from links, or a labelled notes section).
  const bare = findAll(doc, (el) => el.name === 'sup' && el.children.length > 0 && el.children.every(isText) && NUMERIC_LABEL.test(textOf(el, 20)));
  const labelled: { el: Element; label: string }[] = [];
  const bareOutside = bare.filter((s) => !closest(s, (e) => bodies.has(e)));
  if (bareOutside.length) labelled.push(...labelledNotes(doc, new Set(bodies.keys())));

  const all = new Map<Element, { label: string; labelled: boolean }>();
  for (const f of kept) if (!all.has(f.body)) all.set(f.body, { label: f.label, labelled: false });
  for (const l of labelled) if (!all.has(l.el)) all.set(l.el, { label: l.label, labelled: true });
  const sorted = [...all.keys()].sort((a, b) => pos(a) - pos(b));
  sorted.forEach((el, i) => idx.bodies.set(el, { id: i + 1, label: all.get(el)!.label, el, labelled: all.get(el)!.labelled }));
  for (const f of kept) idx.refs.set(f.link, idx.bodies.get(f.body)!.id);

  if (bareOutside.length && idx.bodies.size) {
    const byLabel = new Map<string, NoteBody[]>();
    for (const b of idx.bodies.values()) {
      const list = byLabel.get(b.label) ?? [];
      list.push(b);
      byLabel.set(b.label, list);
    }
    for (const s of bareOutside) {
      if (closest(s, (e) => idx.bodies.has(e))) continue;
      const list = byLabel.get(labelOf(textOf(s, 20)));
      if (!list) continue;
      const after = list.find((b) => pos(b.el) > pos(s)) ?? list[0];
      idx.refs.set(s, after.id);
    }
  }

  // Links inside a note body that lead out of it (the "↩" or "[1]" back to the text).
  for (const body of idx.bodies.keys()) {
    for (const a of findAll(body, (e) => e.name === 'a' && e.attribs.href !== undefined)) {
      const f = fragment(a.attribs.href);
      const t = f ? ids.get(f) : undefined;
      const text = textOf(a, 40);
      if (idx.refs.get(a) && !hintOf(a, BACK_HINT)) continue;
      if (hintOf(a, BACK_HINT) || (f !== undefined && ARROW.test(text)) || (t && !isAncestor(body, t) && (LABEL.test(text) || ARROW.test(text) || text === ''))) {
        idx.backlinks.add(a);
        idx.refs.delete(a);
      }
    }
  }
  return idx;
}

export function isPagenum(el: Element): boolean {
  const c = el.attribs.class;
  if (c && /(?:^|\s)(?:pagenum|pagenumber|page-number|pageno|page-num|pgnum|pb)(?:\s|$)/i.test(c)) return true;
  if (el.attribs['epub:type'] === 'pagebreak' || el.attribs.role === 'doc-pagebreak') return true;
  return false;
}

/**
 * Notes printed with their label and no anchor, under a "Notes"/"Footnotes" heading: the items of an <ol>
 * (numbered from its start), or paragraphs that begin with "1.", "[1]", "1)" or a <sup>1</sup>.
 */
function labelledNotes(doc: Document, known: Set<Element>): { el: Element; label: string }[] {
  const out: { el: Element; label: string }[] = [];
  for (const h of findAll(doc, (el) => /^h[1-6]$/.test(el.name))) {
    if (!NOTES_HEADING.test(textOf(h, 60))) continue;
    for (let s = h.next; s; s = s.next) {
      if (!isEl(s)) continue;
      if (/^h[1-6]$/.test(s.name)) break;
      const items = s.name === 'ol' || s.name === 'ul' ? s.children.filter((c): c is Element => isEl(c) && c.name === 'li') : [s];
      let n = Number(s.attribs.start ?? '1') || 1;
      for (const it of items) {
        if (known.has(it)) continue;
        const t = textOf(it, 30);
        const m = /^[[(]?(\d{1,3})[\]).:]?(?=\D|$)/.exec(t);
        if (s.name === 'ol') out.push({ el: it, label: m ? m[1] : String(n) });
        else if (m) out.push({ el: it, label: m[1] });
        n++;
      }
    }
  }
  return out;
}
