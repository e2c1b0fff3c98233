/**
 * Web articles (marxists.org, libcom, Wikipedia-like pages, blogs): metadata from <meta>, the <h1>, a byline
 * and <time>; the text from the <article> or <main> element when there is one; navigation, share buttons,
 * sidebars, comment sections and similar furniture out.
 */
import {
  WS, closest, elements, findAll, findFirst, isAncestor, nameParts, textOf,
  type Document, type Element,
} from './html-dom.js';
import { personName } from './html-gutenberg.js';
import type { Block, FoundMeta } from './types.js';

/** Class or id words of page furniture. */
const FURNITURE = new Set([
  'nav', 'navbar', 'navigation', 'navbox', 'menu', 'menubar', 'share', 'sharing', 'sharedaddy', 'sharethis', 'social',
  'breadcrumb', 'breadcrumbs', 'sidebar', 'related', 'cookie', 'cookies', 'consent', 'gdpr', 'footer', 'advert',
  'advertisement', 'ads', 'adsbygoogle', 'sponsored', 'newsletter', 'subscribe', 'subscription', 'signup', 'skip',
  'toc', 'editsection', 'catlinks', 'printfooter', 'noprint', 'pagination', 'pager', 'comments', 'comment',
  'respond', 'disqus', 'popup', 'modal', 'masthead', 'topbar', 'toolbar', 'hatnote', 'infobox', 'ambox', 'metadata',
  'widget', 'tags', 'tagcloud', 'jump', 'banner', 'donate', 'donation', 'login', 'search', 'searchbox', 'mw-jump',
]);
/** Class names of the author/date line, read for metadata and not as text. */
const BYLINE = /^(?:byline|dateline|posted-?on|(?:post|entry|article)-?(?:meta|date|author|byline)|pubdate|authors?|author-?(?:name|info|link|wrap|box)|meta-?author)$/;

export function isFurniture(el: Element): boolean {
  if (el.name === 'body' || el.name === 'html' || el.name === 'main' || el.name === 'article') return false;
  if (el.name === 'form' || el.name === 'nav') return true;
  // The page's header and footer, not an article's own header or a quotation's footer (its attribution).
  if (el.name === 'footer') return !closest(el.parent ?? el, (a) => a.name === 'blockquote' || a.name === 'figure', 6);
  if (el.name === 'header') return !closest(el.parent ?? el, (a) => a.name === 'article' || a.name === 'main' || a.name === 'section', 8);
  if (el.name === 'aside' && !isQuoteAside(el)) return true;
  const role = el.attribs.role;
  if (role === 'navigation' || role === 'banner' || role === 'contentinfo' || role === 'search' || role === 'complementary') return true;
  return nameParts(el).some((p) => FURNITURE.has(p));
}

function isQuoteAside(el: Element): boolean {
  return nameParts(el).some((p) => p === 'quote' || p === 'pullquote' || p === 'blockquote') || !!findFirst(el, (e) => e.name === 'blockquote');
}

export function isByline(el: Element): boolean {
  if (el.attribs.rel === 'author' || el.attribs.itemprop === 'author') return true;
  const c = el.attribs.class;
  return !!c && c.toLowerCase().split(/\s+/).some((w) => BYLINE.test(w));
}

/** " | Site name", " - Site", " : r/sub" off a page title. */
export function stripSiteSuffix(t: string, site?: string): string {
  let s = t.replace(WS, ' ').trim();
  if (site) {
    const i = s.toLowerCase().lastIndexOf(site.toLowerCase());
    if (i > 0 && i + site.length === s.length) {
      const head = s.slice(0, i).replace(/\s*(?:\||–|—|-|::|·|•|»|:)\s*$/, '');
      if (head) return head.trim();
    }
  }
  const reddit = /^(.*\S)\s+:\s+r\/\w+$/.exec(s);
  if (reddit) return reddit[1];
  const pipe = /^(.*\S)\s+(?:\||::|·|•|»)\s+[^|]{1,60}$/.exec(s);
  if (pipe) return pipe[1];
  const dash = /^(.*\S)\s+[–—-]\s+([^–—-]{1,40})$/.exec(s);
  if (dash && dash[2].trim().split(/\s+/).length <= 5) s = dash[1];
  return s;
}

export function articleMeta(doc: Document, root: Element | Document, metas: Map<string, string>, title: string | undefined): FoundMeta {
  const found: FoundMeta = {};
  const site = metas.get('og:site_name');
  // One pass: the first <h1>, byline and <time datetime>, preferring those inside the element read.
  const first = { h1: [] as Element[], by: [] as Element[], time: [] as Element[] };
  for (const el of elements(doc)) {
    const slot = el.name === 'h1' ? first.h1 : el.name === 'time' && el.attribs.datetime ? first.time : isByline(el) ? first.by : undefined;
    if (!slot || slot.length >= 2) continue;
    const inRoot = root === doc || isAncestor(root, el);
    if (!slot.length) slot.push(el);
    else if (inRoot && !(root === doc || isAncestor(root, slot[0]))) slot.unshift(el);
  }
  const h1El = first.h1[0];
  const h1 = h1El ? textOf(h1El, 400) : undefined;
  const t = metas.get('og:title') ?? metas.get('twitter:title') ?? metas.get('dc.title') ?? metas.get('citation_title') ?? (h1 && h1.length <= 300 ? h1 : undefined) ?? (title ? stripSiteSuffix(title, site) : undefined);
  if (t) found.title = t.replace(WS, ' ').trim();
  const metaAuthor = [metas.get('author'), metas.get('dc.creator'), metas.get('dcterms.creator'), metas.get('citation_author'), metas.get('article:author')]
    .find((a) => a && !/^https?:/i.test(a));
  let author = metaAuthor ? (metaAuthor.includes(',') && /\d{4}/.test(metaAuthor) ? personName(metaAuthor) : metaAuthor) : undefined;
  const by = first.by[0];
  if (!author && by) {
    const named = findFirst(by, (e) => e.attribs.itemprop === 'name' || e.attribs.rel === 'author');
    const text = textOf(named ?? by, 300);
    const clean = text.replace(/^(?:posted\s+|written\s+)?by[:\s]+/i, '').replace(/\s+(?:on|[|·•–—-])\s+.*$/i, '').trim();
    if (clean && clean.length <= 80) author = clean;
  }
  if (author) found.author = author;
  const time = first.time[0];
  const date = metas.get('article:published_time') ?? time?.attribs.datetime ?? metas.get('dc.date') ?? metas.get('citation_publication_date') ?? metas.get('date');
  if (date) found.date = date.trim();
  const pub = site ?? metas.get('citation_journal_title');
  if (pub) found.publication = pub;
  return found;
}

/** The <article> (the one with most text) or <main> element to read, or the whole body. */
export function chooseRoot(doc: Document, lengths: Map<Element, number>): Element | Document {
  const body = findFirst(doc, (e) => e.name === 'body');
  const total = body ? lengths.get(body) ?? 0 : 0;
  const articles = findAll(doc, (e) => e.name === 'article' && !closest(e.parent ?? e, (a) => a.name === 'article'));
  const mains = findAll(doc, (e) => e.name === 'main' || e.attribs.role === 'main');
  const best = articles.sort((a, b) => (lengths.get(b) ?? 0) - (lengths.get(a) ?? 0))[0];
  const main = mains.sort((a, b) => (lengths.get(b) ?? 0) - (lengths.get(a) ?? 0))[0];
  if (best && (lengths.get(best) ?? 0) > 0) {
    if (!main || (lengths.get(best) ?? 0) >= 0.5 * (lengths.get(main) ?? 0) || articles.length === 1) return best;
  }
  if (main && (lengths.get(main) ?? 0) > 0) return main;
  if (best && (lengths.get(best) ?? 0) >= 0.3 * total) return best;
  return body ?? doc;
}

/** Whether an element with furniture's name should go (not when it holds most of the text: a page wrapper). */
export function furnitureToDrop(lengths: Map<Element, number>, rootLen: number, keep: Set<Element>): (el: Element) => boolean {
  return (el: Element): boolean => {
    if (keep.has(el) || el.name === 'body' || el.name === 'html' || el.name === 'main' || el.name === 'article') return false;
    const len = lengths.get(el) ?? 0;
    const byline = isByline(el) && len < 200 && !closest(el.parent ?? el, (p) => p.name === 'p');
    if (!byline && !isFurniture(el)) return false;
    if (el.name !== 'nav' && len > 0.5 * rootLen) return false;
    return true;
  };
}

const WIKI_CHROME = /\s*\[(?:edit|citation needed|clarification needed|better source needed|according to whom\?|by whom\?|when\?|who\?|which\?|where\?|dubious\s*[–—-]\s*discuss|page needed|verification needed|failed verification|full citation needed|not in citation given|original research\?)\]/gi;

export function cleanArticleBlocks(blocks: Block[]): Block[] {
  const out: Block[] = [];
  for (const b of blocks) {
    const text = b.text.replace(WIKI_CHROME, '').trim();
    if (!text && b.type !== 'note') continue;
    out.push({ ...b, text });
  }
  return out;
}
