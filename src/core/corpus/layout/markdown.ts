/**
 * Markdown: `#` headings, `>` block quotations (consecutive ones, nested `> >` included, read as one
 * quotation), `[^N]` footnotes, emphasis and links reduced to their words, lines of a paragraph joined.
 * Front matter is taken off before (corpus-files reads it like a sidecar).
 */
import { wordCount } from '../text.js';
import { markdownThread } from './markdown-thread.js';
import type { Block, FoundMeta, LaidOutText } from './types.js';
import { noteRef } from './types.js';

/** Emphasis, links, images and code marks reduced to the words a reader sees. */
export function plainInline(s: string): string {
  return s
    // An emphasised quotation (_"…"_, as generated Markdown prints them) has its outer marks made curly, so the
    // straight ones it holds pair up inside it instead of across it.
    .replace(/(^|[\s(\[—–-])(?:_|\*)"(?=\S)/g, '$1“')
    .replace(/(\S)"(?:_|\*)(?=$|[\s)\].,;:!?—–-])/g, '$1”')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]^][^\]]*)\]\((?:[^()\s]|\([^()]*\))*(?:\s+"[^"]*")?\)/g, '$1')
    .replace(/<(https?:\/\/[^>\s]+)>/g, '$1')
    .replace(/\*\*|__/g, '')
    .replace(/(^|[\s(\["“‘'—–-])[*_](?=\S)/g, '$1')
    .replace(/(\S)[*_](?=$|[\s)\].,;:!?"”’'—–-])/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\\([\\`*_{}\[\]()#+\-.!>])/g, '$1')
    .replace(/[ \t]+/g, ' ')
    .replace(/ ([,.;:!?])(?=\s|$)/g, '$1')
    .trim();
}

interface Chunk {
  kind: 'para' | 'quote' | 'heading' | 'fence';
  lines: string[];
  level?: number;
}

/** Reads a Markdown text (front matter already removed). */
export function readMarkdown(input: string, encoding: string): LaidOutText {
  const lines = input.replace(/\r\n?/g, '\n').split('\n');
  const found: FoundMeta = {};
  const thread = markdownThread(lines, plainInline);
  if (thread) {
    const title = lines.map((l) => /^#\s+(.*)$/.exec(l)?.[1]).find((t) => t);
    return { layout: 'forum-text', encoding, found: { kind: 'forum', ...(title ? { title: plainInline(title) } : {}), ...(thread[0].poster ? { author: thread[0].poster } : {}) }, blocks: [], posts: thread, warnings: [] };
  }
  const chunks: Chunk[] = [];
  const defs = new Map<string, string>();
  let cur: Chunk | null = null;
  let fence = false;
  let blankSinceQuote = false;
  const flush = () => {
    if (cur && cur.lines.length) chunks.push(cur);
    cur = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^\s*(?:```|~~~)/.test(line)) {
      flush();
      fence = !fence;
      continue;
    }
    if (fence) continue; // code is not prose to quote
    const def = /^\[\^([^\]]+)\]:\s*(.*)$/.exec(line);
    if (def) {
      flush();
      let body = def[2];
      while (i + 1 < lines.length && /^(?: {2,}|\t)\S/.test(lines[i + 1])) body += ' ' + lines[++i].trim();
      defs.set(def[1], body.trim());
      continue;
    }
    const h = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (h) {
      flush();
      chunks.push({ kind: 'heading', lines: [h[2]], level: h[1].length });
      continue;
    }
    if (/^\s*(?:[-*_]\s*){3,}$/.test(line)) { flush(); continue; }
    const q = /^\s{0,3}>/.test(line);
    if (q) {
      const body = line.replace(/^\s{0,3}(?:>\s?)+/, '');
      // Consecutive `>` blocks with only blank lines between them are one quotation.
      if (!cur || (cur as Chunk).kind !== 'quote') {
        const prev = chunks[chunks.length - 1];
        if (!cur && prev?.kind === 'quote' && blankSinceQuote) {
          cur = prev;
          chunks.pop();
          cur.lines.push('');
        } else {
          flush();
          cur = { kind: 'quote', lines: [] };
        }
      }
      (cur as Chunk).lines.push(body);
      blankSinceQuote = false;
      continue;
    }
    if (!line.trim()) {
      if (cur && (cur as Chunk).kind === 'quote') blankSinceQuote = true;
      flush();
      continue;
    }
    if (cur && (cur as Chunk).kind === 'quote') flush();
    blankSinceQuote = false;
    cur ??= { kind: 'para', lines: [] };
    (cur as Chunk).lines.push(line);
  }
  flush();

  // Footnote references: ids in order of their definitions.
  const ids = new Map<string, number>();
  for (const label of defs.keys()) ids.set(label, ids.size + 1);
  const refs = (s: string) => s.replace(/\[\^([^\]]+)\]/g, (_m, label: string) => (ids.has(label) ? noteRef(ids.get(label)!) : ''));

  const blocks: Block[] = [];
  const minLevel = Math.min(...chunks.filter((c) => c.kind === 'heading').map((c) => c.level!), 7);
  for (const c of chunks) {
    if (c.kind === 'heading') {
      const text = plainInline(c.lines[0]);
      if (!text) continue;
      if (c.level === 1 && !found.title && !blocks.some((b) => b.type !== 'heading')) {
        found.title = text;
        continue;
      }
      blocks.push({ type: 'heading', text, level: c.level! - minLevel + 1 });
    } else if (c.kind === 'quote') {
      // Paragraphs of the quotation are separated by empty `>` lines.
      const paras = c.lines.join('\n').split(/\n\s*\n/).map((p) => plainInline(refs(p.replace(/\n/g, ' ')))).filter(Boolean);
      if (paras.length) blocks.push({ type: 'quote', text: paras.join('\n\n') });
    } else {
      const text = plainInline(refs(c.lines.map((l) => l.trim()).join(' ')));
      if (text && wordCount(text) > 0) blocks.push({ type: 'paragraph', text });
    }
  }
  for (const [label, text] of defs) blocks.push({ type: 'note', id: ids.get(label)!, label, text: plainInline(text) });
  return { layout: 'markdown', encoding, found, blocks, warnings: [] };
}
