/**
 * Forum threads saved from a browser: XenForo, phpBB, Discourse (also its no-JavaScript "crawler" view), old
 * and new Reddit. Each post gives its poster, its own paragraphs and the quote boxes it holds, credited to the
 * quoted poster (null when the box names nobody). A quote inside a quote is dropped: only the outer box is
 * quoted, so no words are credited to the wrong person. Signatures, edit stamps, reactions, user titles and
 * post footers are not read.
 */
import {
  closest, elements, findFirst, findFirstOutside, hasClass, isEl, textOf,
  type Document, type Element,
} from './html-dom.js';
import { renderBlocks } from './html-blocks.js';
import { emptyNotes } from './html-notes.js';
import { stripSiteSuffix } from './html-article.js';
import type { FoundMeta, LaidOutPost } from './types.js';

interface PostEl {
  el: Element;
  poster: string | null;
  content: Element | undefined;
}

export interface ForumPage {
  engine: 'xenforo' | 'phpbb' | 'discourse' | 'reddit';
  posts: PostEl[];
}

/** Post chrome, by exact class name (lower-cased). */
const CHROME = new Set([
  'message-signature', 'signature', 'message-lastedit', 'notice', 'reactionsbar', 'reactions-bar', 'usertitle',
  'message-attribution', 'message-footer', 'message-actionbar', 'js-selecttoquoteend', 'bbcodeblock-expandlink',
  'bbcodeblock-shrinklink', 'post-menu-area', 'post-controls', 'post-links-container', 'tagline', 'buttons',
  'editedreason', 'lastedit', 'post-buttons', 'quote-controls', 'usertext-edit', 'reaction-score', 'bbcodespoiler-button',
  'quoteexpand', 'messagemeta', 'likesummary', 'editdate',
]);
/** The title of a quote box ("NAME said:", "NAME wrote:", "NAME:"). */
const QUOTE_TITLE = new Set(['bbcodeblock-title', 'quote-title', 'title', 'bbcodeblock-sourcejump', 'attribution']);

function isChrome(el: Element): boolean {
  const c = el.attribs.class;
  return !!c && c.toLowerCase().split(/\s+/).some((w) => CHROME.has(w));
}

/** A quote box: <blockquote>, Discourse's <aside class="quote">, XenForo's bbCodeBlock--quote, a div.quote. */
function isQuoteBox(el: Element): boolean {
  if (el.name === 'blockquote') return true;
  if (el.name !== 'aside' && el.name !== 'div') return false;
  const c = (el.attribs.class ?? '').toLowerCase().split(/\s+/);
  return c.includes('quote') || c.includes('bbcodeblock--quote') || c.includes('bbcodequote') || c.includes('quotecontainer') || c.includes('bbcode_quote');
}

function outermost(list: Element[]): Element[] {
  const set = new Set(list);
  return list.filter((e) => !closest(e.parent ?? e, (a) => set.has(a)));
}

function username(raw: string | undefined): string | null {
  const t = (raw ?? '').replace(/\s+/g, ' ').trim().replace(/^@/, '');
  if (!t || /^\[deleted\]$|^\[removed\]$/i.test(t)) return null;
  return t;
}

/** Finds the posts of a forum page, or undefined when the page is not a thread. */
export function findForum(doc: Document): ForumPage | undefined {
  // One pass over the page for every engine's post shape.
  const xf: Element[] = [];
  const discourse: Element[] = [];
  const phpbbCand: Element[] = [];
  const reddit: Element[] = [];
  const shreddit: Element[] = [];
  for (const e of elements(doc)) {
    if (e.name === 'shreddit-post' || e.name === 'shreddit-comment') {
      if (e.attribs.author !== undefined) shreddit.push(e);
      continue;
    }
    const c = e.attribs.class;
    if (!c && !(e.name === 'article' && e.attribs['data-post-id'] !== undefined)) continue;
    const cl = (c ?? '').toLowerCase().split(/\s+/);
    if (cl.includes('message') && e.attribs['data-author'] !== undefined) xf.push(e);
    else if (cl.includes('topic-post') || cl.includes('crawler-post') || (e.name === 'article' && e.attribs['data-post-id'] !== undefined)) discourse.push(e);
    else if (e.name === 'div' && cl.includes('post')) phpbbCand.push(e);
    else if (cl.includes('thing') && (cl.includes('comment') || cl.includes('link')) && (e.attribs['data-author'] !== undefined || cl.includes('deleted'))) reddit.push(e);
  }
  if (xf.length) {
    return {
      engine: 'xenforo',
      posts: outermost(xf).map((el) => ({
        el,
        poster: username(el.attribs['data-author']),
        content:
          findFirst(el, (e) => hasClass(e, 'bbwrapper')) ??
          findFirst(el, (e) => hasClass(e, 'messagetext')) ??
          findFirst(el, (e) => hasClass(e, 'message-body')) ??
          findFirst(el, (e) => hasClass(e, 'message-content')),
      })),
    };
  }
  if (discourse.length && discourse.some((p) => findFirst(p, (e) => hasClass(e, 'cooked') || e.attribs.itemprop === 'text'))) {
    return {
      engine: 'discourse',
      posts: outermost(discourse).map((el) => {
        const card = findFirst(el, (e) => e.attribs['data-user-card'] !== undefined);
        const named = findFirst(el, (e) => e.attribs.itemprop === 'author');
        const nameEl = named && (findFirst(named, (e) => e.attribs.itemprop === 'name') ?? named);
        const user = findFirst(el, (e) => hasClass(e, 'username') && !closest(e, (q) => isQuoteBox(q)));
        return {
          el,
          poster: username(card?.attribs['data-user-card'] ?? (nameEl ? textOf(nameEl, 80) : undefined) ?? (user ? textOf(user, 80) : undefined)),
          content: findFirst(el, (e) => hasClass(e, 'cooked')) ?? findFirst(el, (e) => e.attribs.itemprop === 'text'),
        };
      }),
    };
  }
  const phpbb = phpbbCand.filter((e) => !!findFirst(e, (x) => hasClass(x, 'postbody')));
  if (phpbb.length) {
    return {
      engine: 'phpbb',
      posts: outermost(phpbb).map((el) => {
        const user = findFirst(el, (e) => (hasClass(e, 'username') || hasClass(e, 'username-coloured')) && !closest(e, isQuoteBox));
        let poster = user ? textOf(user, 80) : undefined;
        if (!poster) {
          const author = findFirst(el, (e) => hasClass(e, 'author'));
          const t = author ? textOf(author, 300) : '';
          const m = /\bby\s+(.+?)\s*»/.exec(t);
          poster = m ? m[1] : author ? textOf(findFirst(author, (e) => e.name === 'strong') ?? author, 80) : undefined;
        }
        return { el, poster: username(poster), content: findFirst(el, (e) => hasClass(e, 'content')) };
      }),
    };
  }
  if (reddit.length || shreddit.length) {
    const posts: PostEl[] = [];
    for (const el of reddit) {
      const stop = (e: Element) => hasClass(e, 'thing') || hasClass(e, 'child');
      const body = findFirstOutside(el, (e) => hasClass(e, 'usertext-body'), stop);
      posts.push({ el, poster: username(el.attribs['data-author']), content: body ? findFirst(body, (e) => hasClass(e, 'md')) ?? body : undefined });
    }
    for (const el of shreddit) {
      const stop = (e: Element) => e.name === 'shreddit-comment' || e.name === 'shreddit-post';
      const slot = el.name === 'shreddit-post' ? 'text-body' : 'comment';
      posts.push({ el, poster: username(el.attribs.author), content: findFirstOutside(el, (e) => e.attribs.slot === slot, stop) });
    }
    return { engine: 'reddit', posts };
  }
  return undefined;
}

/** Who a quote box quotes: data-quote / data-username, or its title "NAME said:", "NAME wrote:", "NAME:". */
function quotedPoster(box: Element): string | null {
  const attr = box.attribs['data-quote'] ?? box.attribs['data-username'] ?? box.attribs['data-author'];
  if (attr) return username(attr);
  const title = findFirst(box, (e) => e.name === 'cite' || (isEl(e) && (e.attribs.class ?? '').toLowerCase().split(/\s+/).some((w) => QUOTE_TITLE.has(w))));
  if (title) {
    const t = textOf(title, 200);
    const m = /^(.+?)\s+(?:said|wrote|posted|schrieb|a écrit)\s*:?/i.exec(t) ?? /^(.{1,60}?)\s*:$/.exec(t);
    if (m) return username(m[1]);
  }
  return null;
}

function isQuoteTitle(el: Element, box: Element): boolean {
  if (el.name === 'cite' && closest(el, isQuoteBox) === box) return true;
  const c = (el.attribs.class ?? '').toLowerCase().split(/\s+/);
  return c.some((w) => QUOTE_TITLE.has(w)) && closest(el, isQuoteBox) === box;
}

const CLICK = /\s*Click to (?:expand|shrink)\.{0,3}\s*$/i;

function quoteText(box: Element): string {
  // Discourse <aside class="quote"><div class="title">…</div><blockquote>…</blockquote></aside>, XenForo 1
  // <div class="bbCodeQuote"><aside>…<blockquote class="quoteContainer">…: the box's own blockquote is its body.
  const own = box.name !== 'blockquote' ? findFirst(box, (e) => e.name === 'blockquote') : undefined;
  const inner = own && closest(own.parent ?? own, isQuoteBox) === box ? own : undefined;
  const root = inner ?? box;
  const skip = (el: Element) => isChrome(el) || isQuoteTitle(el, box) || (el !== root && el !== box && isQuoteBox(el));
  const blocks = renderBlocks(root, { notes: emptyNotes(), skip }, true);
  return blocks.map((b) => b.text).join('\n\n').replace(CLICK, '').trim();
}

function readPost(p: PostEl): LaidOutPost {
  const quoted: LaidOutPost['quoted'] = [];
  const paragraphs: string[] = [];
  if (p.content) {
    const blocks = renderBlocks(p.content, {
      notes: emptyNotes(),
      skip: isChrome,
      quoteBox: (el) => el !== p.content && isQuoteBox(el),
      onQuote: (box) => {
        let poster = quotedPoster(box);
        let text = quoteText(box);
        // A title the markup did not mark: "NAME said:" / "NAME wrote:" opening the box.
        const m = /^(\S.{0,40}?)\s+(?:said|wrote):\s*/.exec(text);
        if (m && (poster === null || username(m[1]) === poster)) {
          poster = username(m[1]);
          text = text.slice(m[0].length);
        }
        if (text) quoted.push({ poster, text });
      },
    }, true);
    for (const b of blocks) {
      const t = b.text.replace(CLICK, '').trim();
      if (t) paragraphs.push(t);
    }
  }
  return { poster: p.poster, paragraphs, quoted };
}

export function readForum(doc: Document, page: ForumPage, metas: Map<string, string>, title: string | undefined): { found: FoundMeta; posts: LaidOutPost[]; warnings: string[] } {
  const warnings: string[] = [];
  const posts = page.posts.map(readPost).filter((p) => p.paragraphs.length || p.quoted.length);
  const found: FoundMeta = { kind: 'forum' };
  const heading =
    findFirst(doc, (e) => hasClass(e, 'p-title-value')) ??
    findFirst(doc, (e) => hasClass(e, 'topic-title')) ??
    findFirst(doc, (e) => e.attribs.id === 'topic-title') ??
    findFirst(doc, (e) => hasClass(e, 'fancy-title')) ??
    findFirst(doc, (e) => e.name === 'a' && hasClass(e, 'title') && !!closest(e, (t) => hasClass(t, 'link'))) ??
    findFirst(doc, (e) => e.name === 'h1' && e.attribs.slot === 'title');
  const h1 = findFirst(doc, (e) => e.name === 'h1');
  const t =
    (heading && textOf(heading, 400)) ||
    metas.get('og:title') ||
    (h1 && textOf(h1, 400)) ||
    (title ? stripSiteSuffix(title, metas.get('og:site_name')) : undefined);
  if (t) found.title = t;
  const first = page.posts.find((p) => p.poster);
  if (first?.poster) found.author = first.poster;
  const time = page.posts[0] && findFirst(page.posts[0].el, (e) => e.name === 'time' && !!e.attribs.datetime);
  if (time) found.date = time.attribs.datetime;
  else if (page.posts[0]?.el.attribs.created_timestamp) found.date = page.posts[0].el.attribs.created_timestamp;
  if (!posts.length) warnings.push('forum page with no post text');
  const empty = page.posts.length - posts.length;
  if (empty > 0 && posts.length) warnings.push(`${empty} post${empty === 1 ? '' : 's'} with no text`);
  return { found, posts, warnings };
}
