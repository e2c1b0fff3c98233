/**
 * Notes: classifying each note (full citation, short form, "Quoted by", gloss) and resolving short forms
 * ("Trotsky, 110.", "Serge, 252, 253.", "Memoirs of a Revolutionary, 225.", "“Speech …,” Op. Cit., 153.")
 * to the last earlier full citation of that author's work / that title.
 */
import type { Note } from '../types.js';
import { looksLikePersonName, type PersonIndex } from './names.js';
import { normaliseForMatch } from '../text.js';

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

// Resolving short forms compares each title with every earlier note's text, again for every "Quoted by" note and
// every citation inside a note, so the same few hundred note texts are keyed many thousands of times per document.
// Keys are pure functions of the text: cache them (bounded, so a long-running bot's memory stays flat).
const titleKeys = new Map<string, string>();
const paddedKeys = new Map<string, string>();
const squashed = new Map<string, string>();
const MAX_CACHED_KEYS = 20_000;

function remember(cache: Map<string, string>, s: string, key: string): void {
  if (cache.size >= MAX_CACHED_KEYS) cache.clear();
  cache.set(s, key);
}

/** Key for matching titles: case, quotes, dashes, hyphens and punctuation do not matter ("Blood-Stained" = "Bloodstained"). */
export function titleKey(s: string): string {
  let key = titleKeys.get(s);
  if (key === undefined) {
    key = normaliseForMatch(s)
      .replace(/[-‐‑]/g, '')
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
    remember(titleKeys, s, key);
  }
  return key;
}

/** ' ' + titleKey(s) + ' ', for whole-word containment tests. */
function paddedTitleKey(s: string): string {
  let padded = paddedKeys.get(s);
  if (padded === undefined) {
    padded = ' ' + titleKey(s) + ' ';
    remember(paddedKeys, s, padded);
  }
  return padded;
}

/** A title with spaces and hyphens gone too ("Red-Letter Days" = "Red Letter Days"). */
function squash(s: string): string {
  let sq = squashed.get(s);
  if (sq === undefined) {
    sq = titleKey(s).replace(/\s+/g, '');
    remember(squashed, s, sq);
  }
  return sq;
}

/** The part of a note that cites a title: a parenthetical "(Title: … [Place: Publisher, 1937], 251)" when the note is a comment. */
export function citationFor(n: NoteInfo, title: string): string {
  const key = titleKey(title);
  const paren = /\(([^()]*)\)/g;
  let m: RegExpExecArray | null;
  if (titleKey(n.text).startsWith(key)) return n.citation;
  while ((m = paren.exec(n.text))) if (titleKey(m[1]).includes(key) && /\d{4}/.test(m[1])) return m[1];
  return n.citation;
}

function findTitle(title: string, before: NoteInfo[]): NoteInfo | null {
  const key = titleKey(title);
  if (key.length < 4) return null;
  // Whole words of the title, or (long multi-word titles only) the title with spaces and hyphens gone.
  const words = ' ' + key + ' ';
  const squashedTitle = key.length >= 8 && /\s/.test(key) ? squash(title) : null;
  let anyHit: NoteInfo | null = null;
  for (let k = before.length - 1; k >= 0; k--) {
    const n = before[k];
    if (n.kind === 'gloss') continue;
    if (!paddedTitleKey(n.text).includes(words) && !(squashedTitle !== null && squash(n.text).includes(squashedTitle))) continue;
    if (n.kind === 'full') return n;
    anyHit ??= n;
  }
  return anyHit;
}

/** The full form of a container title inside a note: from the title (hyphens and case aside) to its publication parenthesis. */
export function containerCitation(noteText: string, container: string): string | null {
  const letters = container.replace(/[-‐‑\s]+/g, '').split('').map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (letters.length < 4) return null;
  const re = new RegExp(letters.join('[-‐‑\\s]?'), 'iu');
  const m = re.exec(noteText);
  if (!m) return null;
  const rest = noteText.slice(m.index);
  const pub = /^[^()\[\]]{0,200}?[(\[][^()\[\]]*\d{4}[^()\[\]]*[)\]]/.exec(rest);
  return pub ? pub[0] : null;
}

const PAGE_TAIL = /((?:\d+\s*:\s*)?\d[\d–\-, :]*?)\.?\s*$/;

/**
 * A resolved citation with the short form's own pages: "Memoirs of a Revolutionary, 1901–1941 (…, 1963), 256." cited
 * again as "Memoirs of a Revolutionary, 225." reads "… (…, 1963), 225."
 */
export function withPages(full: string, shortText: string): string {
  const first = shortText.trim().split(/\.\s+(?=\p{Lu}|\()/u)[0];
  const sp = PAGE_TAIL.exec(first);
  if (!sp || !/\d/.test(sp[1])) return full;
  const pages = sp[1].replace(/[,\s]+$/, '');
  const tail = /([)\]],?\s*)((?:\d+\s*:\s*)?\d[\d–\-, :]*?)\.?\s*$/.exec(full);
  if (tail) return full.slice(0, tail.index) + tail[1] + pages + '.';
  if (/[)\]]\s*$/.test(full)) return `${full.trimEnd()}, ${pages}.`;
  return full;
}

/** Title part of a full citation without its numbering ("Writings 1930–31 (New York: Pathfinder, 2002)" → "writings"). */
function seriesStem(text: string): { stem: string; publisher: string | null } | null {
  if (/^[“"‘]/.test(text.trim())) return null; // an article in a collection: its author may differ from the collection's
  const m = /^([^()\[\]]+?)\s*[(\[]([^()\[\]]*\d{4}[^()\[\]]*)[)\]]/.exec(text.trim());
  if (!m) return null;
  const stem = titleKey(m[1].replace(/[\s\d–\-,:]+$/, ''));
  if (stem.length < 5) return null;
  const pub = /:\s*([\p{L}]+)/u.exec(m[2]);
  return { stem, publisher: pub ? pub[1].toLowerCase() : null };
}

/**
 * Full citations that name no author ("Writings 1930 (New York: Pathfinder Press, 2003) 148.") take the author of
 * the other volumes of the same series in the notes ("Writings 1930–31 (New York: Pathfinder, 2002)"), when every
 * volume whose author is known has the same one. Call after explicit and inferred authors are set.
 */
export function inferSeriesAuthors(infos: NoteInfo[]): void {
  const stems = new Map(infos.map((n) => [n, n.kind === 'full' ? seriesStem(n.text) : null]));
  for (const n of infos) {
    const s = stems.get(n);
    if (!s || n.explicitAuthor || n.inferredAuthor) continue;
    const authors = new Set<string>();
    for (const o of infos) {
      const t = stems.get(o);
      if (o === n || !t || t.stem !== s.stem) continue;
      if (s.publisher && t.publisher && s.publisher !== t.publisher) continue;
      const a = o.explicitAuthor ?? o.inferredAuthor;
      if (a) authors.add(lastNameOf(a));
    }
    if (authors.size === 1) {
      const a = infos.map((o) => (stems.get(o)?.stem === s.stem ? o.explicitAuthor ?? o.inferredAuthor : null)).find((x) => x);
      if (a) n.inferredAuthor = a;
    }
  }
}

function lastNameOf(a: string): string {
  const p = a.trim().split(/\s+/);
  return p[p.length - 1];
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
export function resolveNotes(
  infos: NoteInfo[],
  persons: PersonIndex,
  warn: (m: string) => void,
  memo: QuotedByMemo = new Map(),
): Note[] {
  const byNum = new Map(infos.map((n) => [n.number, n]));
  const done: NoteInfo[] = [];
  // noteState of done[0 .. stated), extended only when a "Quoted by" note needs it (done notes do not change).
  let doneState = '';
  let stated = 0;
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
          n.citation = withPages(hit.citation, n.text);
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
        const later = infos.slice(infos.indexOf(n) + 1).filter((x) => x.kind === 'full').reverse();
        // The full citation is normally earlier; some texts give it only later.
        const t = findTitle(n.head!, done) ?? findTitle(n.head!, later);
        if (t) {
          n.citation = withPages(citationFor(t, n.head!), n.text);
          n.resolvedTo = t.resolvedTo ?? t.number;
          break;
        }
        // "“Article”, Container, 203.": the container's full citation elsewhere ("Bloodstained: One Hundred … (…, 2017)").
        const ac = /^(.+?)[”"],?\s+(.+)$/.exec(n.head!);
        if (ac) {
          const hit = findTitle(ac[2], done) ?? findTitle(ac[2], later);
          const full = hit ? containerCitation(hit.text, ac[2]) : null;
          if (hit && full) {
            const at = n.text.indexOf(ac[2]);
            n.citation = at >= 0 ? `${n.text.slice(0, at + ac[2].length)} [${full}]${n.text.slice(at + ac[2].length)}` : `${n.text} [${full}]`;
            n.resolvedTo = hit.number;
          }
        }
        break;
      }
      case 'opcit': {
        // "“Title”, Op. Cit., pages" → the same title earlier, or the last article-in-collection's container.
        if (n.head) {
          const t = findTitle(n.head, done);
          if (t && t.kind === 'full') {
            n.citation = withPages(t.citation, n.text.replace(/^[\s\S]*?Op\.?\s*Cit\.?,?\s*/i, ''));
            n.resolvedTo = t.number;
            break;
          }
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
        // Resolving the work it was quoted in re-resolves every earlier note, where each earlier "Quoted by" note
        // does the same again: without the memo the work doubles with every "Quoted by" note in the document.
        while (stated < done.length) doneState += noteState(done[stated++]);
        const key = `${n.number}\u0000${n.quotedByText}\u0000${doneState}`;
        let foundIn = memo.get(key);
        if (foundIn === undefined) {
          const inner = classifyNote(n.number, n.quotedByText ?? '', persons);
          const sub = resolveNotes([...done.map((d) => ({ ...d })), inner], persons, () => {}, memo).pop();
          foundIn = sub ? sub.citation : n.quotedByText;
          memo.set(key, foundIn);
        }
        n.foundIn = foundIn;
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

/**
 * Memo for resolveNotes' "Quoted by" sub-resolutions: the found-in citation by the quoted-by text and the state of every
 * earlier note. Only valid while the PersonIndex stays the same (classifying and matching names depend on it).
 */
export type QuotedByMemo = Map<string, string | null>;

/** Every field resolveNotes reads (foundIn is only written), so equal states resolve alike. Self-delimiting (JSON). */
function noteState(d: NoteInfo): string {
  return JSON.stringify([d.number, d.text, d.kind, d.explicitAuthor, d.inferredAuthor, d.head, d.quotedByText, d.citation, d.resolvedTo]);
}

/** Author a resolved note points to (for attribution by note). */
export function noteAuthor(n: NoteInfo, infos: NoteInfo[]): string | null {
  return authorOf(n, new Map(infos.map((x) => [x.number, x])));
}

/** A note that can serve as a quotation's source (not a gloss or a loose comment). */
export function isSourceNote(n: NoteInfo): boolean {
  return n.kind !== 'gloss' && n.kind !== 'comment' && n.kind !== 'quotedBy';
}
