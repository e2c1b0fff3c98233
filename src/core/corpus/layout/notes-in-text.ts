/**
 * Notes found in running text ("[3]", or digits glued to the words when the notes are a numbered list):
 * each note gets an id unique in the document, and each marker is rewritten as noteRef(id) pointing to
 * the note it means — the nearest following note with that label (notes after the paragraph, per chapter,
 * at the end), else the nearest before it.
 */
import { noteRef, type Block } from './types.js';

export interface NoteDraft {
  /** As printed: "3", "*". */
  label: string;
  text: string;
  /** Index of the block the note follows (notes listed at the end: MAX_SAFE_INTEGER). */
  at: number;
}

const SUPERSCRIPTS = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const GLUED_SMALL_MARKER = /(?<=[\p{L}.,;:!?”"’)])(?:\((\d{1,3})\)|([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}))/gu;

/** "³" → "3". */
export function superscriptDigits(s: string): string {
  return [...s].map((c) => String(SUPERSCRIPTS.indexOf(c))).join('');
}

export function assignNotes(blocks: Block[], notes: NoteDraft[], glued: boolean): { blocks: Block[]; warnings: string[] } {
  const warnings: string[] = [];
  if (!notes.length) return { blocks, warnings };
  const byLabel = new Map<string, { id: number; at: number }[]>();
  notes.forEach((n, i) => {
    const list = byLabel.get(n.label) ?? [];
    list.push({ id: i + 1, at: n.at });
    byLabel.set(n.label, list);
  });
  const resolve = (label: string, at: number): number | null => {
    const list = byLabel.get(label);
    if (!list) return null;
    const after = list.find((n) => n.at >= at);
    if (after) return after.id;
    return list[list.length - 1].id;
  };
  const used = new Set<number>();
  let unmatched = 0;
  const out: Block[] = blocks.map((b, at) => {
    if (b.type !== 'paragraph' && b.type !== 'quote') return b;
    let text = b.text.replace(/\[(\d{1,4}|[*†‡])\]/g, (m, label: string) => {
      const id = resolve(label, at);
      if (id === null) {
        if (/^\d+$/.test(label)) unmatched++;
        return m;
      }
      used.add(id);
      return noteRef(id);
    });
    // "revolution.(3)", "revolution.³": a parenthesised or superscript number glued to the words, when that note exists.
    text = text.replace(GLUED_SMALL_MARKER, (m, paren: string | undefined, sup: string | undefined) => {
      const id = resolve(paren ?? superscriptDigits(sup!), at);
      if (id === null) return m;
      used.add(id);
      return noteRef(id);
    });
    if (glued) text = gluedMarkers(text, notes, used);
    return { ...b, text };
  });
  for (const [i, n] of notes.entries()) out.push({ type: 'note', id: i + 1, label: n.label, text: n.text });
  if (unmatched) warnings.push(`${unmatched} note marker${unmatched === 1 ? ' has' : 's have'} no note`);
  const unused = notes.length - used.size;
  if (unused > 0) warnings.push(`${unused} note${unused === 1 ? ' is' : 's are'} never referenced in the text`);
  return { blocks: out, warnings };
}

/**
 * Digits glued to the words ("novel.1 The …", or "…death.12Trotsky, 110." with the note's own words printed
 * after the number, as some web pages do): a marker when a note with that number exists.
 */
function gluedMarkers(p: string, notes: NoteDraft[], used: Set<number>): string {
  const byNumber = new Map<number, { id: number; text: string }>();
  notes.forEach((n, i) => byNumber.set(Number(n.label), { id: i + 1, text: n.text }));
  let out = '';
  let i = 0;
  while (i < p.length) {
    if (/\d/.test(p[i]) && i > 0 && /[\p{L}.,;:!?”’)"\]]/u.test(p[i - 1])) {
      const num = /^\d{1,3}/.exec(p.slice(i))![0];
      const note = byNumber.get(Number(num));
      if (note) {
        const rest = p.slice(i + num.length);
        let skip = -1;
        if (rest.startsWith(note.text)) skip = num.length + note.text.length;
        else {
          const head = note.text.slice(0, Math.min(12, note.text.length));
          if (head.length >= 6 && rest.startsWith(head)) {
            // Differs later on: drop up to the end of the note's first sentence as printed here.
            const end = rest.indexOf('. ', head.length);
            skip = num.length + (end > 0 ? end + 1 : rest.length);
          } else if (/^(?:\s|$|[“"\p{Lu}])/u.test(rest) && /[.,;:!?”’)"]/.test(p[i - 1])) skip = num.length;
        }
        if (skip >= 0) {
          out += noteRef(note.id);
          used.add(note.id);
          i += skip;
          continue;
        }
      }
    }
    out += p[i];
    i++;
  }
  return out.replace(/[ \t]+$/g, '');
}
