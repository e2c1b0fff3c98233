/**
 * A forum thread exported as Markdown: posts between rules (---), each opening with its poster in bold
 * ("**Quillfeather** wrote:", "**Brannoc** · 2 Jan 2020"); a `>` block after "NAME wrote:" is NAME's quoted post.
 */
import type { LaidOutPost } from './types.js';

const RULE = /^\s*(?:[-*_]\s*){3,}$/;
/** The poster line: a bold name alone, or followed by a verb of posting or a date. */
const POSTER = /^\s*(?:#{1,6}\s*)?\*\*([^*\n]{2,40}?)\*\*\s*(?:(?:wrote|said|posted|replied)\b.*|[·|—–-]\s*\S.*|\(.*\)\s*)?$/i;
const QUOTE_BY = /^\s*(?:\*\*)?([^*\n]{2,40}?)(?:\*\*)?\s+(?:wrote|said):\s*$/i;

/** The posts of a Markdown thread, or null when the text is not one (fewer than three posts with posters). */
export function markdownThread(lines: string[], inline: (s: string) => string): LaidOutPost[] | null {
  const chunks: string[][] = [[]];
  for (const l of lines) {
    if (RULE.test(l)) chunks.push([]);
    else chunks[chunks.length - 1].push(l);
  }
  const posts: LaidOutPost[] = [];
  for (const c of chunks) {
    const first = c.findIndex((l) => l.trim());
    if (first < 0) continue;
    const head = POSTER.exec(c[first]);
    if (!head) {
      if (posts.length) return null; // a thread's every post shows its poster
      continue; // the thread's title or preamble
    }
    const post: LaidOutPost = { poster: head[1].trim(), paragraphs: [], quoted: [] };
    let para: string[] = [];
    let quote: string[] = [];
    let quotedBy: string | null = null;
    const flushPara = () => {
      if (para.length) post.paragraphs.push(inline(para.join(' ')));
      para = [];
    };
    const flushQuote = () => {
      if (quote.length) post.quoted.push({ poster: quotedBy, text: inline(quote.join(' ')) });
      quote = [];
      quotedBy = null;
    };
    for (const l of c.slice(first + 1)) {
      if (/^\s{0,3}>/.test(l)) {
        flushPara();
        quote.push(l.replace(/^\s{0,3}(?:>\s?)+/, ''));
        continue;
      }
      flushQuote();
      const by = QUOTE_BY.exec(l);
      if (by) {
        flushPara();
        quotedBy = by[1].trim();
        continue;
      }
      if (!l.trim()) flushPara();
      else para.push(l.trim());
    }
    flushPara();
    flushQuote();
    posts.push(post);
  }
  return posts.length >= 3 ? posts : null;
}
