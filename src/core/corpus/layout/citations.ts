/**
 * Citations written in brackets inside the prose ("[Daniels, Op. Cit., p. 114]", "[quoted by Brinton, The
 * Bolsheviks and Workers' Control, p. 39]") are notes in all but layout: each becomes a note block, with a
 * marker where it stood, so short forms resolve and quotations take their source like any footnote.
 */
import { NOTE_REF_RE, noteRef, type Block } from './types.js';

const BRACKET = /\s?\[([^\[\]\uE000\uE001]{3,400})\]/g;

const MONTHS = /\b(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?\b/g;

/**
 * A reference, not an editor's insertion ("[local]", "[sic]", "[…]", "[September, 1920]"): a comma, a name or
 * title, and a page, volume, short form or "quoted by" — or a year beside at least two capitalised words.
 */
export function isBracketCitation(s: string): boolean {
  if (/^\s*(?:Ibid|Ibidem|Idem|Op\.?\s*Cit|Loc\.?\s*Cit)\.?\s*(?:,.*)?$/i.test(s)) return true; // "[Ibid.]", "[Op. Cit., p. 5]"
  if (!/,/.test(s)) return false;
  const words = s.replace(MONTHS, ' ').match(/\p{Lu}[\p{L}’'-]+/gu) ?? [];
  if (!words.length) return false;
  if (/\bpp?\.\s*[\dxivlc]|\b(?:Op\.?\s*Cit|Ibid|Idem|Loc\.?\s*Cit)\b|\bquoted (?:by|in)\b|\bvols?\.\s*\d/i.test(s)) return true;
  return /\b(?:1[5-9]|20)\d\d\b/.test(s) && words.length >= 2;
}

/** Rewrites bracketed citations in paragraphs and quotations as notes (ids after the highest already used). */
export function inlineCitations(blocks: Block[]): Block[] {
  let next = 1;
  for (const b of blocks) {
    if (b.type === 'note') next = Math.max(next, b.id + 1);
    else if (b.type === 'paragraph' || b.type === 'quote') for (const m of b.text.matchAll(NOTE_REF_RE)) next = Math.max(next, Number(m[1]) + 1);
  }
  const added: Block[] = [];
  const out = blocks.map((b) => {
    if (b.type !== 'paragraph' && b.type !== 'quote') return b;
    const text = b.text.replace(BRACKET, (m, inner: string) => {
      if (!isBracketCitation(inner)) return m;
      const id = next++;
      added.push({ type: 'note', id, label: '', text: inner.trim() });
      return noteRef(id);
    });
    return text === b.text ? b : { ...b, text };
  });
  return [...out, ...added];
}
