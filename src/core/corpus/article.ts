/**
 * Articles and books: laid-out blocks → located paragraphs (units and passages) with their note markers,
 * and the notes in reading order. Locations read "ch. IV, ¶ 12" or "§ The New Course, ¶ 3".
 */
import type { DocumentMeta, Passage } from '../types.js';
import { normaliseForMatch } from '../text.js';
import { inlineCitations } from './layout/citations.js';
import { CHAPTER_LABEL, DATE_LINE, SOCIAL } from './layout/plain.js';
import { NOTE_REF_RE, type Block } from './layout/types.js';
import type { Marker, Unit } from './quotations.js';

export interface RawNote {
  number: number;
  text: string;
}

export interface ArticleStructure {
  units: Unit[];
  passages: Passage[];
  rawNotes: RawNote[];
}


/** Takes the note markers out of a block's text, recording where each stood. */
function takeMarkers(text: string): { text: string; markers: Marker[] } {
  const markers: Marker[] = [];
  let out = '';
  let last = 0;
  for (const m of text.matchAll(NOTE_REF_RE)) {
    out += text.slice(last, m.index);
    markers.push({ pos: out.length, n: Number(m[1]) });
    last = m.index! + m[0].length;
  }
  out += text.slice(last);
  return { text: markers.length ? out.replace(/[ \t]+$/g, '') : out, markers };
}

/** "CHAPTER IV. THE FALL" → "ch. IV"; "PART II" → "pt. II"; other headings → "§ Heading". */
export function headingLabel(h: string): { chapter: string | null; section: string | null } {
  const m = /^(CHAPTER|Chapter|PART|Part|BOOK|Book|LETTER|Letter)\s+([IVXLC]+|\d+|[A-Z][A-Z-]+)\b/.exec(h) ?? (CHAPTER_LABEL.test(h) ? [h, 'CHAPTER', h.replace(/\.$/, '')] : null);
  if (m) {
    const kind = m[1].toLowerCase();
    const abbr = kind === 'part' ? 'pt.' : kind === 'book' ? 'bk.' : kind === 'letter' ? 'letter' : 'ch.';
    return { chapter: `${abbr} ${m[2]}`, section: null };
  }
  return { chapter: null, section: h };
}

/** Longest passage: a "paragraph" longer than this (a text without blank lines) is cut at sentence ends. */
export const MAX_PASSAGE_CHARS = 8_000;

/** Cuts an overlong paragraph at the last sentence end (else the last space) before each limit, so work per passage stays bounded. */
function splitLong(text: string): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > MAX_PASSAGE_CHARS) {
    const head = rest.slice(0, MAX_PASSAGE_CHARS);
    let cut = -1;
    for (const m of head.matchAll(/[.!?…]["”’)\]]*\s+/g)) if (m.index! > MAX_PASSAGE_CHARS / 2) cut = m.index! + m[0].length;
    if (cut < 0) cut = head.lastIndexOf(' ') > MAX_PASSAGE_CHARS / 2 ? head.lastIndexOf(' ') + 1 : MAX_PASSAGE_CHARS;
    out.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut);
  }
  if (rest.trim()) out.push(rest.trim());
  return out;
}

export function articleFromBlocks(meta: DocumentMeta, laid: Block[], warn: (m: string) => void): ArticleStructure {
  const blocks = inlineCitations(laid);
  const titleKey = normaliseForMatch(meta.title);
  const authorKey = meta.author ? normaliseForMatch(meta.author) : null;
  const units: Unit[] = [];
  const passages: Passage[] = [];
  const notes = new Map<number, string>();
  for (const b of blocks) if (b.type === 'note') notes.set(b.id, b.text);
  const noteOrder = new Set<number>();
  let chapter: string | null = null;
  let section: string | null = null;
  let para = 0;
  for (const b of blocks) {
    if (b.type === 'note') continue;
    if (b.type === 'heading') {
      const hk = normaliseForMatch(b.text);
      if (hk === titleKey || hk === authorKey) continue; // the page's own title and byline
      const l = headingLabel(b.text);
      if (l.chapter) {
        chapter = l.chapter;
        section = null;
      } else section = l.section;
      para = 0;
      continue;
    }
    const p = b.text.trim();
    // Page furniture a web page leaves in its text (only a short paragraph can be the title or the byline).
    if (b.type === 'paragraph') {
      const key = p.length <= Math.max(titleKey.length, authorKey?.length ?? 0) * 2 + 10 ? normaliseForMatch(p) : '';
      if (SOCIAL.test(p) || key === titleKey || (authorKey && key === authorKey) || DATE_LINE.test(p)) continue;
      if (/\[(?:…|\.\.\.)\]\s*$/.test(p)) continue; // teaser cut off by the site ("… This year is […]")
      if (/^[^\[]*\]\s*$/.test(p) && p.length < 200) continue; // image caption remnant ending with "]"
      if (/^(?:Translation|Translated by|Photo|Image|Credit)s?:/i.test(p) && p.length < 120) continue;
      if (/^(?:Notes|Footnotes|Endnotes)$/i.test(p)) continue;
    }
    para++;
    const where = [chapter, section ? `§ ${section}` : null, `¶ ${para}`].filter(Boolean).join(', ');
    for (const piece of splitLong(p)) {
      const { text: clean, markers } = takeMarkers(piece);
      for (const m of markers) if (notes.has(m.n)) noteOrder.add(m.n);
      const id = `${meta.id}#p${passages.length + 1}`;
      passages.push({ id, documentId: meta.id, location: where, speaker: meta.author, text: clean, notes: [...new Set(markers.map((m) => m.n))] });
      units.push({ passageId: id, location: where, text: clean, markers, quote: b.type === 'quote' });
    }
  }
  // Notes in the order the text first points to them: short forms point back to what came before.
  for (const id of notes.keys()) noteOrder.add(id);
  const rawNotes = [...noteOrder].map((n) => ({ number: n, text: notes.get(n)! }));
  if (!units.length) warn('no paragraphs found');
  return { units, passages, rawNotes };
}
