/**
 * Articles: page furniture out, sections and paragraphs in, note markers ("[5]" or digits glued to the
 * text with the note's words) taken out of the prose and recorded per paragraph.
 */
import type { DocumentMeta, Passage } from '../types.js';
import type { Marker, Unit } from './quotations.js';
import { isHeadingLike, splitParagraphs } from './text.js';
import { normaliseForMatch } from '../text.js';

export interface RawNote {
  number: number;
  text: string;
}

export interface ArticleStructure {
  units: Unit[];
  passages: Passage[];
  rawNotes: RawNote[];
}

const HEADER_FIELD = /^(?:Title|Subtitle|Author|Authors|Date|Source|Notes|URL|Tags|Topics|Publisher):\s/;
const SOCIAL = /^(?:(?:Facebook|Twitter|Instagram|YouTube|LinkedIn|Reddit|Email|WhatsApp|Telegram|Share|Tweet|Print)\s*)+$/i;
const DATE_LINE = /^(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2},\s+\d{4}|\d{1,2}\s+\w+\s+\d{4}|\d{4}-\d{2}-\d{2})$/;

/** Notes listed as "[N] …" paragraphs (anywhere; body paragraphs never start so). */
function bracketNotes(paras: string[]): { body: string[]; notes: RawNote[] } {
  const body: string[] = [];
  const notes: RawNote[] = [];
  for (const p of paras) {
    const m = /^\[(\d{1,4})\]\s+([\s\S]+)$/.exec(p.trim());
    if (m) notes.push({ number: Number(m[1]), text: m[2].trim() });
    else body.push(p);
  }
  return { body, notes };
}

/**
 * Notes listed after a "Notes" heading as "1 …" lines, numbered 1, 2, 3 … Whatever follows the list is
 * site furniture (other articles), so it is dropped with it.
 */
function numberedNotes(lines: string[]): { bodyLines: string[]; notes: RawNote[]; dropped: number } | null {
  for (let i = 0; i < lines.length; i++) {
    if (!/^(?:Notes|Footnotes|Endnotes|References)\s*$/i.test(lines[i].trim())) continue;
    let j = i + 1;
    while (j < lines.length && (!lines[j].trim() || /^(?:Notes|Footnotes|Endnotes)\s*$/i.test(lines[j].trim()))) j++;
    if (!/^1\s+\S/.test(lines[j] ?? '')) continue;
    const notes: RawNote[] = [];
    let expect = 1;
    while (j < lines.length) {
      const m = /^(\d{1,3})\s+(\S.*)$/.exec(lines[j]);
      if (m && Number(m[1]) === expect) {
        notes.push({ number: expect, text: m[2].trim() });
        expect++;
        j++;
      } else if (!lines[j].trim()) j++;
      else break;
    }
    return { bodyLines: lines.slice(0, i), notes, dropped: lines.length - j };
  }
  return null;
}

/** Removes "[N]" markers and glued "N<note text>" notes, recording where each stood. */
function stripMarkers(p: string, notes: Map<number, string>, glued: boolean): { text: string; markers: Marker[] } {
  let out = '';
  const markers: Marker[] = [];
  let i = 0;
  while (i < p.length) {
    const br = p[i] === '[' ? /^\[(\d{1,4})\]/.exec(p.slice(i, i + 7)) : null; // only slice where a marker can start
    if (br && notes.has(Number(br[1]))) {
      markers.push({ pos: out.length, n: Number(br[1]) });
      i += br[0].length;
      continue;
    }
    if (glued && /\d/.test(p[i]) && i > 0 && /[\p{L}.,;:!?”’)"\]]/u.test(p[i - 1])) {
      const num = /^\d{1,3}/.exec(p.slice(i))![0];
      const n = Number(num);
      const nt = notes.get(n);
      if (nt) {
        const rest = p.slice(i + num.length);
        // The note's own words follow glued to the number: drop them with it.
        if (rest.startsWith(nt)) {
          markers.push({ pos: out.length, n });
          i += num.length + nt.length;
          continue;
        }
        const head = nt.slice(0, Math.min(12, nt.length));
        if (head.length >= 6 && rest.startsWith(head)) {
          // Differs later on: drop up to the end of the note's first sentence as printed here.
          const end = rest.indexOf('. ', head.length);
          markers.push({ pos: out.length, n });
          i += num.length + (end > 0 ? end + 1 : rest.length);
          continue;
        }
        if (/^(?:\s|$|[“"\p{Lu}])/u.test(rest) && /[.,;:!?”’)"]/.test(p[i - 1])) {
          // A bare marker ("novel.1 The …").
          markers.push({ pos: out.length, n });
          i += num.length;
          continue;
        }
      }
    }
    out += p[i];
    i++;
  }
  // Drop the space a removed note leaves before punctuation or at the end.
  return { text: out.replace(/[ \t]+$/g, ''), markers };
}

export function parseArticleStructure(meta: DocumentMeta, text: string, warn: (m: string) => void): ArticleStructure {
  let lines = text.replace(/\r\n?/g, '\n').split('\n');
  // Header block "Title: …", "Author: …" at the top.
  let h = 0;
  while (h < lines.length && (HEADER_FIELD.test(lines[h]) || (h > 0 && !lines[h].trim() && HEADER_FIELD.test(lines[h + 1] ?? '')))) h++;
  lines = lines.slice(h);
  // Table of contents: a run of indented short lines.
  const toc: string[] = [];
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (/^\s{2,}\S/.test(l) && isHeadingLike(l) && toc.length < 60) {
      // Part of a run of at least two indented headings?
      const near = lines.slice(Math.max(0, i - 3), i + 4).filter((x) => /^\s{2,}\S/.test(x) && isHeadingLike(x)).length;
      if (near >= 2) { toc.push(l.trim()); continue; }
    }
    kept.push(l);
  }
  lines = kept;

  let rawNotes: RawNote[] = [];
  let glued = false;
  const nn = numberedNotes(lines);
  if (nn) {
    lines = nn.bodyLines;
    rawNotes = nn.notes;
    glued = true;
    if (nn.dropped > 0) warn(`dropped ${nn.dropped} lines of page furniture after the notes`);
  }
  // Furniture lines (social buttons, the title, the byline, a bare date) go before paragraphs are formed.
  const tKey = normaliseForMatch(meta.title);
  const aKey = meta.author ? normaliseForMatch(meta.author) : null;
  lines = lines.filter((l) => {
    const t = l.trim();
    if (!t) return true;
    const k = normaliseForMatch(t);
    return !(SOCIAL.test(t) || DATE_LINE.test(t) || k === tKey || (aKey !== null && k === aKey));
  });
  let paras = splitParagraphs(lines.join('\n'));
  const bn = bracketNotes(paras);
  if (bn.notes.length) {
    paras = bn.body;
    rawNotes = [...rawNotes, ...bn.notes];
  }
  const noteMap = new Map(rawNotes.map((n) => [n.number, n.text]));

  const tocKeys = new Set(toc.map((t) => normaliseForMatch(t)));
  const titleKey = normaliseForMatch(meta.title);
  const authorKey = meta.author ? normaliseForMatch(meta.author) : null;
  const units: Unit[] = [];
  const passages: Passage[] = [];
  let section: string | null = null;
  let para = 0;
  let started = false;
  for (const raw of paras) {
    const p = raw.trim();
    const key = normaliseForMatch(p);
    // Page furniture.
    if (SOCIAL.test(p) || key === titleKey || (authorKey && key === authorKey) || DATE_LINE.test(p)) continue;
    if (/\[(?:…|\.\.\.)\]\s*$/.test(p)) continue; // teaser cut off by the site ("… This year is […]")
    if (/^[^\[]*\]\s*$/.test(p) && p.length < 200) continue; // image caption remnant ending with "]"
    if (/^(?:Translation|Translated by|Photo|Image|Credit)s?:/i.test(p) && p.length < 120) continue;
    if (/^(?:Notes|Footnotes|Endnotes)$/i.test(p)) continue;
    const isHeading = tocKeys.size
      ? tocKeys.has(key)
      : started && isHeadingLike(p, 8) && !/\n/.test(p) && /^\p{Lu}/u.test(p) && p.split(/\s+/).length >= 1;
    if (isHeading) {
      section = p;
      para = 0;
      continue;
    }
    started = true;
    const { text: clean, markers } = stripMarkers(p, noteMap, glued);
    para++;
    const location = section ? `§ ${section}, ¶ ${para}` : `¶ ${para}`;
    const id = `${meta.id}#p${passages.length + 1}`;
    passages.push({
      id,
      documentId: meta.id,
      location,
      speaker: meta.author,
      text: clean,
      notes: [...new Set(markers.map((m) => m.n))],
    });
    units.push({ passageId: id, location, text: clean, markers });
  }
  return { units, passages, rawNotes };
}
