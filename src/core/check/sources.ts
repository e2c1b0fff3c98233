/**
 * Sources an argument points to outside the corpus: links (http and https only; other schemes are
 * reported as unsafe and never returned as links) and bibliographic references (references.ts).
 */
import { clip } from '../text.js';
import { findReferences } from './references.js';

export { findReferences, readsAsReference } from './references.js';

export interface Sources {
  links: string[];
  /** Links with a scheme that must not be rendered clickable (javascript:, data:, …), defanged. */
  unsafeLinks: string[];
  references: string[];
}

const UNSAFE_SCHEME = /\b(javascript|data|vbscript|file|blob|about|chrome|jar|livescript|mocha|ms-\w+)\s*:(?!\/\/\S*\.)\S*/gi;
const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>"'`]+/gi;

/** The links of an argument, safe ones as written (www. given https://), unsafe ones defanged. */
export function findLinks(text: string): { links: string[]; unsafe: string[] } {
  const links: string[] = [];
  const unsafe: string[] = [];
  for (const m of text.matchAll(URL_RE)) {
    let url = m[0].replace(/[.,;:!?)\]}>*_]+$/, '');
    // Keep a closing bracket that belongs to the address ("…/Kronstadt_(1921)").
    const opens = (url.match(/\(/g) ?? []).length;
    const closes = (url.match(/\)/g) ?? []).length;
    if (opens > closes && m[0].slice(url.length).startsWith(')')) url += ')';
    if (/^www\./i.test(url)) url = `https://${url}`;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      continue;
    }
    if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || !/\.[a-z]{2,}$/i.test(parsed.hostname) || parsed.username || parsed.password) {
      unsafe.push(defang(url));
      continue;
    }
    // "@everyone" in a path must not ping where the link is shown; %40 is the same address.
    const href = parsed.href.replace(/@/g, '%40');
    if (!links.includes(href)) links.push(href);
  }
  // A scheme inside an http(s) address ("https://x.org/javascript:…") is part of that address.
  for (const m of text.replace(URL_RE, (u) => ' '.repeat(u.length)).matchAll(UNSAFE_SCHEME)) {
    // "data: 1918" in prose is not a link; a scheme glued to its payload is.
    if (/^\w+\s*:\s/.test(m[0]) && !/^(javascript|vbscript)/i.test(m[0])) continue;
    if (/^(about|data)\s*:\s*$/i.test(m[0])) continue;
    unsafe.push(defang(m[0]));
  }
  return { links, unsafe };
}

/** Renders a link unclickable and inert: "javascript[:]alert(1)". */
export function defang(s: string): string {
  return clip(s.replace(/:/, '[:]').replace(/[<>`]/g, ''), 200, 'utf16');
}

/** Links, unsafe links and references of an argument. */
export function findSources(text: string): Sources {
  const { links, unsafe } = findLinks(text);
  // Addresses are not references (a page number inside a URL, an italic path).
  const bare = text.replace(URL_RE, ' ').replace(UNSAFE_SCHEME, ' ');
  return { links, unsafeLinks: unsafe, references: findReferences(bare) };
}
