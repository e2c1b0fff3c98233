/**
 * Notes: classifying each note (full citation, short form, "Quoted by", gloss) and resolving short forms
 * ("Trotsky, 110.", "Serge, 252, 253.", "Memoirs of a Revolutionary, 225.", "“Speech …,” Op. Cit., 153.")
 * to the last earlier full citation of that author's work / that title.
 */
import type { Note } from '../types.js';
import { looksLikePersonName, type PersonIndex } from './names.js';
import { looseNormalize } from './text.js';

export type NoteKind = 'full' | 'surname' | 'title' | 'opcit' | 'ibid' | 'quotedBy' | 'comment' | 'gloss';

export interface NoteInfo {
  number: number;
  text: string;
  kind: NoteKind;
  /** Author named by the note itself ("Errico Malatesta, …", "Trotsky, 110."). */
  explicitAuthor: string | null;
  /** Author inferred from the quotations the note closes (set by the caller before resolving). */
  inferredAuthor: string | null;
  /** Surname or title a short form points back with. */
  head: string | null;
  /** For "Quoted by X": the note text after "Quoted by". */
  quotedByText: string | null;
  citation: string;
  /** Resolved citation of the "Quoted by" work. */
  foundIn: string | null;
  /** Note number a short form resolved to. */
  resolvedTo: number | null;
}

const PUB_RE = /[(\[][^()\[\]]*(?:\d{4}|n\.d\.)[^()\[\]]*[)\]]/;
const PAGES = String.raw`(?:\d+\s*:\s*)?\d[\d–\-, :]*\.?`;
const SURNAME_RE = new RegExp(String.raw`^([\p{Lu}][\p{L}’'\-]+(?:\s+[\p{Lu}][\p{L}’'\-]+)?)[.,]+\s*${PAGES}\s*$`, 'u');
const AUTHOR_HEAD_RE = /^((?:[\p{Lu}][\p{L}’'\-]*\.?\s+){0,3}[\p{Lu}][\p{L}’'\-]+(?:\s+and\s+(?:[\p{Lu}][\p{L}’'\-]*\.?\s+){0,3}[\p{Lu}][\p{L}’'\-]+)?),\s+(?=[“"‘\p{Lu}])/u;
const OPCIT_TITLE_RE = /^([“"][^”"]+[”"]),?\s*Op\.?\s*Cit\.?,?\s*(.*)$/i;

function stripQuotes(s: string): string {
  return s.replace(/^[“"‘]+|[”"’,.]+$/g, '').replace(/[,”"]+$/, '').trim();
}

export function classifyNote(number: number, text: string, persons: PersonIndex): NoteInfo {
  const info: NoteInfo = {
    number,
    text,
    kind: 'comment',
    explicitAuthor: null,
    inferredAuthor: null,
    head: null,
    quotedByText: null,
    citation: text,
    foundIn: null,
    resolvedTo: null,
  };
  const t = text.trim();
  if (/^(?:[\p{L}.]+\s+){0,3}(?:translator|editor|author)[’']?s?\s+note\b/iu.test(t)) return { ...info, kind: 'gloss' };
  const qb = /^Quoted (?:by|in)\s+(.+)$/i.exec(t);
  if (qb) return { ...info, kind: 'quotedBy', quotedByText: qb[1] };
  if (/^Ibid\.?/i.test(t)) return { ...info, kind: 'ibid' };
  if (/^Op\.?\s*Cit\.?/i.test(t)) return { ...info, kind: 'opcit' };
  const oc = OPCIT_TITLE_RE.exec(t);
  if (oc) return { ...info, kind: 'opcit', head: stripQuotes(oc[1]) };
  const sm = SURNAME_RE.exec(t);
  if (sm) {
    const head = sm[1].replace(/\.$/, '');
    const single = !/\s/.test(head);
    if (single || persons.isKnown(head)) return { ...info, kind: 'surname', head, explicitAuthor: head };
    return { ...info, kind: 'title', head };
  }
  const am = AUTHOR_HEAD_RE.exec(t);
  if (am && looksLikePersonName(am[1]) && !/^(?:The|A|An)\s/.test(am[1])) {
    // "Errico Malatesta, “At Last!…”", "Stalin, “The Results …”", "Lenin and Trotsky, Kronstadt (…)"
    const single = !/\s/.test(am[1]);
    if (!single || persons.isKnown(am[1]) || /^[“"]/.test(t.slice(am[0].length))) info.explicitAuthor = am[1];
  }
  if (PUB_RE.test(t)) return { ...info, kind: 'full' };
  // Title short form: "Memoirs of a Revolutionary, 225.", "The Serge-Trotsky Papers, 188. In his memoirs …"
  const tm = /^(.+?)[,.]?\s+(?:Op\.?\s*Cit\.?,?\s*)?(?:\d+\s*:\s*)?\d[\d–\-, ]*?(?:\.?\s*$|\.\s+\p{Lu}.*$)/u.exec(t);
  if (tm && !/[(]/.test(tm[1]) && tm[1].length < 120) {
    // "Sidorov, Memories of the Plan, 80.": an author's surname before the title.
    const withAuthor = /^([\p{Lu}][\p{L}’'\-]+),\s+(.+)$/u.exec(tm[1]);
    if (withAuthor && persons.isKnown(withAuthor[1]))
      return { ...info, kind: 'title', head: stripQuotes(withAuthor[2]), explicitAuthor: withAuthor[1] };
    return { ...info, kind: 'title', head: stripQuotes(tm[1]) };
  }
  if (info.explicitAuthor) return { ...info, kind: 'full' };
  if (/^[“"][^”"]+[”"],/.test(t)) return { ...info, kind: 'full' };
  return info;
}

function authorOf(n: NoteInfo, all: Map<number, NoteInfo>, depth = 0): string | null {
  if (n.kind === 'quotedBy' || n.kind === 'gloss') return null;
  if (n.explicitAuthor) return n.explicitAuthor;
  if (n.inferredAuthor) return n.inferredAuthor;
  if (n.resolvedTo != null && depth < 5) {
    const r = all.get(n.resolvedTo);
    if (r) return authorOf(r, all, depth + 1);
  }
  return null;
}

/** Full notes (with a publication) that contain a title, nearest first. */
/** The part of a note that cites a title: a parenthetical "(Title: … [Place: Publisher, 1937], 251)" when the note is a comment. */
export function citationFor(n: NoteInfo, title: string): string {
  const key = looseNormalize(title);
  const paren = /\(([^()]*)\)/g;
  let m: RegExpExecArray | null;
  if (looseNormalize(n.text).startsWith(key)) return n.citation;
  while ((m = paren.exec(n.text))) if (looseNormalize(m[1]).includes(key) && /\d{4}/.test(m[1])) return m[1];
  return n.citation;
}

function findTitle(title: string, before: NoteInfo[]): NoteInfo | null {
  const key = looseNormalize(title);
  if (key.length < 4) return null;
  let anyHit: NoteInfo | null = null;
  for (let k = before.length - 1; k >= 0; k--) {
    const n = before[k];
    if (n.kind === 'gloss') continue;
    if (!looseNormalize(n.text).includes(key)) continue;
    if (n.kind === 'full') return n;
    anyHit ??= n;
  }
  return anyHit;
}

/** The container part of an article-in-collection citation: "“T”, Container (…), pages" → "Container (…)". */
function containerOf(citation: string): string | null {
  const m = /^[“"][^”"]+[”"],?\s*(.+?)(?:,\s*[\d–\-, ]+\.?)?$/.exec(citation.trim());
  return m ? m[1] : null;
}

/**
 * Resolves every note in order. Call after inferredAuthor is set for notes that name no author.
 * Returns Note[] for ParsedDocument and updates infos in place.
 */
export function resolveNotes(infos: NoteInfo[], persons: PersonIndex, warn: (m: string) => void): Note[] {
  const byNum = new Map(infos.map((n) => [n.number, n]));
  const done: NoteInfo[] = [];
  for (const n of infos) {
    switch (n.kind) {
      case 'surname': {
        const head = n.head!;
        let hit: NoteInfo | null = null;
        for (let k = done.length - 1; k >= 0; k--) {
          const d = done[k];
          if (d.kind === 'quotedBy' || d.kind === 'gloss' || d.kind === 'comment') continue;
          if (persons.same(authorOf(d, byNum), head)) { hit = d; break; }
        }
        if (hit) {
          n.citation = hit.citation;
          n.resolvedTo = hit.resolvedTo ?? hit.number;
        } else {
          // The surname may name the work's author in a full citation ("Victor Serge, Midnight …").
          const t = findTitle(head, done);
          if (t) { n.citation = t.citation; n.resolvedTo = t.resolvedTo ?? t.number; }
          else warn(`note ${n.number} "${n.text}": no earlier citation of ${head}`);
        }
        n.explicitAuthor = persons.resolve(head);
        break;
      }
      case 'title': {
        const t = findTitle(n.head!, done);
        if (t) {
          n.citation = citationFor(t, n.head!);
          n.resolvedTo = t.resolvedTo ?? t.number;
          // Keep the note's own detail when the short form names a part ("“Speech …”").
        }
        break;
      }
      case 'opcit': {
        // "“Title”, Op. Cit., pages" → the same title earlier, or the last article-in-collection's container.
        if (n.head) {
          const t = findTitle(n.head, done);
          if (t && t.kind === 'full') { n.citation = t.citation; n.resolvedTo = t.number; break; }
          for (let k = done.length - 1; k >= 0; k--) {
            if (done[k].kind !== 'full') continue;
            const c = containerOf(done[k].citation);
            if (c && /^[“"]/.test(done[k].citation) && PUB_RE.test(c)) {
              n.citation = n.text.replace(/Op\.?\s*Cit\.?/i, c);
              n.resolvedTo = done[k].number;
              break;
            }
          }
        } else {
          const last = [...done].reverse().find((d) => d.kind === 'full');
          if (last) { n.citation = last.citation; n.resolvedTo = last.number; }
        }
        break;
      }
      case 'ibid': {
        const prev = [...done].reverse().find((d) => d.kind !== 'gloss' && d.kind !== 'comment');
        if (prev) { n.citation = prev.citation; n.resolvedTo = prev.resolvedTo ?? prev.number; n.explicitAuthor = authorOf(prev, byNum); }
        break;
      }
      case 'quotedBy': {
        const inner = classifyNote(n.number, n.quotedByText ?? '', persons);
        const sub = resolveNotes([...done.map((d) => ({ ...d })), inner], persons, () => {}).pop();
        n.foundIn = sub ? sub.citation : n.quotedByText;
        n.citation = n.text;
        break;
      }
      default:
        break;
    }
    done.push(n);
  }
  return infos.map((n) => ({ number: n.number, text: n.text, citation: n.citation }));
}

/** Author a resolved note points to (for attribution by note). */
export function noteAuthor(n: NoteInfo, infos: NoteInfo[]): string | null {
  return authorOf(n, new Map(infos.map((x) => [x.number, x])));
}

/** A note that can serve as a quotation's source (not a gloss or a loose comment). */
export function isSourceNote(n: NoteInfo): boolean {
  return n.kind !== 'gloss' && n.kind !== 'comment' && n.kind !== 'quotedBy';
}
