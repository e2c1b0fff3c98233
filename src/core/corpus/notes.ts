/**
 * Notes: classifying each note (full citation, short form, "Quoted by", gloss) and resolving short forms
 * ("Trotsky, 110.", "Serge, 252, 253.", "Memoirs of a Revolutionary, 225.", "“Speech …,” Op. Cit., 153.",
 * "Daniels, Op. Cit., p. 114", "Ibid., p. 5") to the last earlier citation of that author's work / that title /
 * the previous note, with the short form's own pages. Notes come from footnotes, endnotes and citations written
 * in brackets in the prose ("[Sakwa, Op. Cit., p. 182]"), so both "(Place: Publisher, 1990), 12." and
 * "Author, Title, vol. 2, p. 12" styles occur.
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
  /** For "Lenin, quoted by X": the person quoted, named only in the note (a speaker when the prose names none). */
  quotedSpeaker: string | null;
  /** For "Quoted by X": the author of the work the words were found in (never the speaker; for resolving "X, Op. Cit."). */
  foundInAuthor: string | null;
  citation: string;
  /** Resolved citation of the "Quoted by" work. */
  foundIn: string | null;
  /** Note number a short form resolved to. */
  resolvedTo: number | null;
  /**
   * For a bare "Op. Cit.": the persons the sentence that closes with it names, first named first (set by the caller
   * before resolving; "In the words of historian Robert V. Daniels: …[Op. Cit.]").
   */
  named?: string[];
}

const PUB_RE = /[(\[][^()\[\]]*(?:\d{4}|n\.d\.)[^()\[\]]*[)\]]/;
const PAGES = String.raw`(?:\d+\s*:\s*)?\d[\d–\-, :]*\.?`;
const SURNAME_RE = new RegExp(String.raw`^([\p{Lu}][\p{L}’'\-]+(?:\s+[\p{Lu}][\p{L}’'\-]+)?)[.,]+\s*${PAGES}\s*$`, 'u');
/** A person's name as citations print it: "Trotsky", "Richard Sakwa", "Robert V. Daniels", "E.H. Carr", "G. P. Maximoff". */
const NAME_HEAD = String.raw`(?:[\p{Lu}]\.(?:\s?[\p{Lu}]\.)*\s*|[\p{Lu}][\p{L}’'\-]*\.?\s+){0,3}[\p{Lu}][\p{L}’'\-]+`;
const AUTHOR_HEAD_RE = new RegExp(String.raw`^(${NAME_HEAD}(?:\s+and\s+${NAME_HEAD})?),\s+(?=[“"‘\p{Lu}])`, 'u');
const OPCIT_TITLE_RE = /^([“"][^”"]+[”"]),?\s*Op\.?\s*Cit\.?,?\s*(.*)$/i;

/** "op. cit." / "loc. cit." ("the work cited" / "the place cited"). */
const OPCIT = String.raw`(?:[Oo]p|[Ll]oc)\.?\s*[Cc]it\.?`;
/** One page number: "12", "136-7", "182f", "22–23". */
const PNUM = String.raw`\d[\d–\-]*(?:ff?\b)?`;
/** Pages in the p./pp. style: "p. 12", "pp. 136-7", "p.161", "p. 182 and p. 182-3", "p. 176, p. 174 and p. 199", "p. xiv". */
const PAGE_REF = String.raw`(?<![\p{L}])pp?\.\s*(?:${PNUM}|[ivxlc]+\b)(?:\s*(?:,|and|&)\s*(?:pp?\.\s*)?${PNUM})*`;
/** Volume, number, part: "vol. 2", "Vol. 43", "No. 1", "vols. 1". */
const VOL_REF = String.raw`(?<![\p{L}])(?:[Vv]ols?|[Nn]os?|[Pp]t|[Bb]k|[Cc]h|[Cc]hap|[Ss]ec)\.\s*(?:\d+|[IVXLCivxlc]+\b)`;
/** A locator: volumes then pages, or volumes alone. */
const LOCATOR = String.raw`(?:${VOL_REF}\s*,?\s*)*${PAGE_REF}|${VOL_REF}(?:\s*,?\s*${VOL_REF})*`;
/** A note that ends with a locator: what precedes it, and the locator. */
const LOCATOR_TAIL_RE = new RegExp(String.raw`^(.*?)[,;:]?\s*(${LOCATOR})[\s.]*$`, 'su');
/** Every p./pp.-style locator inside a citation (the last one is the one a short form's pages replace). */
const LOCATOR_ANY_RE = new RegExp(String.raw`(${LOCATOR})`, 'gu');
const VOL_ONLY_RE = new RegExp(String.raw`^(?:${VOL_REF}\s*,?\s*)+`, 'u');

/** "Sapronov, quoted by X", "quoted by X", "Quoted in X", "Lenin, as cited in X", "“Letter”, quoted in X". */
const QUOTED_RE = new RegExp(
  String.raw`^(?:(${NAME_HEAD}(?:\s+and\s+${NAME_HEAD})?)?\s*,?\s*([“"][^”"]{1,200}[”"])?\s*,?\s+(?:as\s+)?)?(?:[Qq]uoted|[Cc]ited)\s+(?:by|in)\s+(.+)$`,
  'su',
);
/** "contained in X", "included in X", "reprinted in X": a document found in a collection (no speaker, the collection is where). */
const CONTAINED_RE = /^(?:[Cc]ontained|[Ii]ncluded|[Rr]eprinted|[Rr]eproduced)\s+in\s+(.+)$/su;
/** "Ibid.", "Ibid., p. 5", "Ibidem", "Idem", "Loc. cit." on their own: the previous note's work. */
const IBID_RE = /^(?:Ibid(?:em)?|Idem|Loc\.?\s*Cit)(?![a-z])/i;
/** "Daniels, Op. Cit., p. 114", "Lenine, op. cit., p. 4", "Robert V. Daniels, Loc. Cit.": an author and op. cit. */
const NAME_OPCIT_RE = new RegExp(String.raw`^(${NAME_HEAD}(?:\s+and\s+${NAME_HEAD})?)\s*,?\s*${OPCIT}`, 'u');
/** "The Guild Courts, Op. Cit., p. 9": a title and op. cit. */
const TITLE_OPCIT_RE = new RegExp(String.raw`^(.{4,160}?)\s*,?\s*${OPCIT},?\s*(?:${LOCATOR})?[\s.]*$`, 'u');
/** A note that opens as prose ("See the discussion in …", "for details, see p. 45") cites no title of its own. */
const PROSE_START_RE = /^(?:\p{Ll}|(?:See|Cf|Compare|Note)\b|For (?:a|an|the|more|further|details)\b|(?:This|These|That|The author) \p{Ll})/u;
/** The name a citation opens with ("Brinton, 451", "Ronald I. Kowalski, The Bolshevik Party …", "Brinton"). */
const LEADING_NAME_RE = new RegExp(String.raw`^(${NAME_HEAD})(?=,|\s*$)`, 'u');

function stripQuotes(s: string): string {
  return s.replace(/^[“"‘]+|[”"’,.]+$/g, '').replace(/[,”"]+$/, '').trim();
}

/** The locator a note ends with ("Sakwa, Op. Cit., p. 182" → "p. 182"), or null. */
export function locatorOf(text: string): { before: string; locator: string } | null {
  const m = LOCATOR_TAIL_RE.exec(text.trim());
  if (!m) return null;
  return { before: m[1].replace(/[\s,;:]+$/, ''), locator: m[2].trim() };
}

/** looksLikePersonName, reading initials ("I. Deutscher", "E.H. Carr") as initials, not as the pronoun "I" or a word. */
function personLike(name: string): boolean {
  if (/^(?:The|A|An)\s/.test(name)) return false;
  const rest = name.replace(/(?<![\p{L}])[\p{Lu}]\.\s*/gu, '').trim();
  return rest.length > 0 && looksLikePersonName(rest);
}

function emptyInfo(number: number, text: string): NoteInfo {
  return {
    number,
    text,
    kind: 'comment',
    explicitAuthor: null,
    inferredAuthor: null,
    head: null,
    quotedByText: null,
    quotedSpeaker: null,
    foundInAuthor: null,
    citation: text,
    foundIn: null,
    resolvedTo: null,
  };
}

/** A person's name that can head a short form ("Trotsky", or a name the document knows, "Richard Sakwa", "E.H. Carr"). */
const NAME_ONLY_RE = new RegExp(String.raw`^${NAME_HEAD}$`, 'u');
function isAuthorHead(head: string, persons: PersonIndex): boolean {
  if (!NAME_ONLY_RE.test(head) || !personLike(head)) return false;
  return !/\s/.test(head) || persons.isKnown(head) || /^[\p{Lu}]\./u.test(head) || /\s[\p{Lu}]\.\s/u.test(head);
}

/**
 * The persons a "quoted by" note names are persons of the document, as the authors of full citations are: the one
 * quoted ("Lomov, quoted by …") and the full name of the one quoting ("quoted by Ronald I. Kowalski, …"), so that the
 * prose's "Kowalski summarises" reads as a cue.
 */
function knowAuthors(persons: PersonIndex, speaker: string | null, foundIn: string): void {
  if (speaker && /\s/.test(speaker)) persons.addFull(speaker);
  const m = LEADING_NAME_RE.exec(foundIn.trim());
  if (m && /\s/.test(m[1]) && personLike(m[1])) persons.addFull(m[1]);
}

/**
 * What a note is. A "quoted by" note also makes the persons it names known to `persons` (see knowAuthors).
 */
export function classifyNote(number: number, text: string, persons: PersonIndex): NoteInfo {
  const info = emptyInfo(number, text);
  const t = text.trim();
  if (/^(?:[\p{L}.]+\s+){0,3}(?:translator|editor|author)[’']?s?\s+note\b/iu.test(t)) return { ...info, kind: 'gloss' };
  const qb = QUOTED_RE.exec(t);
  // The work after "quoted by" must be a citation ("quoted by Brinton, …"), not prose ("quoted in a letter").
  if (qb && /^[\p{Lu}“"‘]/u.test(qb[3])) {
    // The words of the person named before "quoted by" (never of the author who quotes them).
    const speaker = qb[1] && personLike(qb[1]) ? qb[1] : null;
    if (qb[1] && !speaker && !qb[2]) return info; // "Some Phrase, quoted by …": not a citation this reads
    knowAuthors(persons, speaker, qb[3]);
    return { ...info, kind: 'quotedBy', quotedByText: qb[3].trim(), quotedSpeaker: speaker };
  }
  const ct = CONTAINED_RE.exec(t);
  if (ct) {
    knowAuthors(persons, null, ct[1]);
    return { ...info, kind: 'quotedBy', quotedByText: ct[1].trim() };
  }
  if (IBID_RE.test(t)) return { ...info, kind: 'ibid' };
  if (/^Op\.?\s*Cit\.?/i.test(t)) return { ...info, kind: 'opcit' };
  const oc = OPCIT_TITLE_RE.exec(t);
  if (oc) return { ...info, kind: 'opcit', head: stripQuotes(oc[1]) };
  const no = NAME_OPCIT_RE.exec(t);
  if (no && personLike(no[1])) {
    // "Kowalski, Op. Cit., pp. 136-7": that author's last cited work.
    return { ...info, kind: 'surname', head: no[1], explicitAuthor: no[1] };
  }
  // "The Guild Courts, Op. Cit., p. 9": a title cited before.
  const to = TITLE_OPCIT_RE.exec(t);
  if (to && !/[.!?]\s+\p{Lu}/u.test(to[1]) && !PROSE_START_RE.test(to[1])) return { ...info, kind: 'title', head: stripQuotes(to[1]) };
  const sm = SURNAME_RE.exec(t);
  if (sm) {
    const head = sm[1].replace(/\.$/, '');
    const single = !/\s/.test(head);
    if (single || persons.isKnown(head)) return { ...info, kind: 'surname', head, explicitAuthor: head };
    return { ...info, kind: 'title', head };
  }
  const am = AUTHOR_HEAD_RE.exec(t);
  if (am && personLike(am[1])) {
    // "Errico Malatesta, “At Last!…”", "Stalin, “The Results …”", "Lenin and Trotsky, Kronstadt (…)"
    const single = !/\s/.test(am[1]);
    if (!single || persons.isKnown(am[1]) || /^[“"]/.test(t.slice(am[0].length))) info.explicitAuthor = am[1];
  }
  if (PUB_RE.test(t)) return { ...info, kind: 'full' };
  // The p./pp. style without a publication parenthesis: "Richard Sakwa, Soviet Communists in Power, p. 96" (full),
  // "Trotsky, vol. 3, p. 25" (an author's short form), "Memoirs of a Revolutionary, p. 256" (a title).
  const loc = locatorOf(t);
  if (loc && loc.before && PROSE_START_RE.test(loc.before)) return info;
  if (loc && loc.before) {
    const before = loc.before;
    if (isAuthorHead(before, persons)) return { ...info, kind: 'surname', head: before, explicitAuthor: before };
    // "Lenin, Collected Works, vol. 32, p. 178": a one-word author the prose need not have named as a speaker.
    if (!info.explicitAuthor && am && !/\s/.test(am[1]) && personLike(am[1]) && persons.nameIn(am[1]) === am[1]) info.explicitAuthor = am[1];
    if (info.explicitAuthor && before.length > info.explicitAuthor.length + 2) return { ...info, kind: 'full' };
    if (before.length < 160 && !/(?:[\p{Ll}\d]{2}|[)”"])[.!?]\s+\p{Lu}/u.test(before)) return { ...info, kind: 'title', head: stripQuotes(before) };
  }
  // Title short form: "Memoirs of a Revolutionary, 225.", "The Serge-Trotsky Papers, 188. In his memoirs …"
  const tm = /^(.+?)[,.]?\s+(?:Op\.?\s*Cit\.?,?\s*)?((?:\d+\s*:\s*)?\d[\d–\-, ]*?)(?:\.?\s*$|\.\s+\p{Lu}.*$)/u.exec(t);
  // "… for the three valleys, in 1895, 1900 and 1905.": years end a sentence, not a title's pages.
  if (tm && !/[(]/.test(tm[1]) && tm[1].length < 120 && !/^(?:1[5-9]|20)\d\d$/.test(tm[2].replace(/[,\s]+$/, ''))) {
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
    // A short form of the work a "Quoted by" note cites is that work's author's.
    if (r) return r.kind === 'quotedBy' ? r.foundInAuthor : authorOf(r, all, depth + 1);
  }
  return null;
}

/**
 * The work a note cites and its author: a "Quoted by" note cites the work the words were found in. A short form's
 * work is the one it resolved to, whose author is that citation's (not whoever the short form's quotations were put to).
 */
function citedWork(d: NoteInfo, all: Map<number, NoteInfo>): { citation: string; author: string | null } | null {
  if (d.kind === 'gloss' || d.kind === 'comment') return null;
  if (d.kind === 'quotedBy') return d.foundIn ? { citation: d.foundIn, author: d.foundInAuthor } : null;
  let root = d;
  for (let k = 0; k < 5 && root.resolvedTo != null; k++) {
    const r = all.get(root.resolvedTo);
    if (!r || r === root) break;
    root = r;
  }
  const rootAuthor = root === d ? null : root.kind === 'quotedBy' ? root.foundInAuthor : authorOf(root, all);
  return { citation: d.citation, author: d.explicitAuthor ?? rootAuthor ?? authorOf(d, all) };
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
 * again as "Memoirs of a Revolutionary, 225." reads "… (…, 1963), 225."; "Collected Works, Vol. 32, p. 53" cited
 * again as "Lenin, Op. Cit., pp. 245-6" reads "Collected Works, Vol. 32, pp. 245-6" (a volume the short form names
 * replaces the full citation's). A short form without pages keeps the full citation's.
 */
export function withPages(full: string, shortText: string): string {
  const styled = locatorOf(shortText);
  if (styled) return withLocator(full, styled.locator);
  const first = shortText.trim().split(/\.\s+(?=\p{Lu}|\()/u)[0];
  const sp = PAGE_TAIL.exec(first);
  if (!sp || !/\d/.test(sp[1])) return full;
  const pages = sp[1].replace(/[,\s]+$/, '');
  const tail = /([)\]],?\s*)((?:\d+\s*:\s*)?\d[\d–\-, :]*?)\.?\s*$/.exec(full);
  if (tail) return full.slice(0, tail.index) + tail[1] + pages + '.';
  // "(Chico: AK Press, 2020)." cited again as "Brinton, 451.": "(Chico: AK Press, 2020), 451."
  if (/[)\]]\.?\s*$/.test(full)) return `${full.trimEnd().replace(/\.$/, '')}, ${pages}.`;
  return full;
}

/** Puts a p./pp.-style locator in place of the full citation's own (its last one), else after it. */
function withLocator(full: string, locator: string): string {
  const f = full.trim();
  let last: RegExpExecArray | null = null;
  LOCATOR_ANY_RE.lastIndex = 0;
  for (let m = LOCATOR_ANY_RE.exec(f); m; m = LOCATOR_ANY_RE.exec(f)) last = m;
  if (last) {
    let keep = '';
    // "vol. 32, p. 53" cited again as "p. 21": the volume stays.
    const vol = VOL_ONLY_RE.exec(last[1]);
    if (vol && !VOL_ONLY_RE.test(locator)) keep = vol[0];
    return f.slice(0, last.index) + keep + locator + f.slice(last.index + last[1].length);
  }
  // Bare page numbers after the publication parenthesis: "(…, 1963), 256." → "(…, 1963), p. 225."
  const tail = /([)\]],?\s*)((?:\d+\s*:\s*)?\d[\d–\-, :]*?)\.?\s*$/.exec(f);
  if (tail) return f.slice(0, tail.index) + tail[1] + locator;
  return `${f.replace(/[.,;:\s]+$/, '')}, ${locator}`;
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
export function resolveNotes(infos: NoteInfo[], persons: PersonIndex, warn: (m: string) => void): Note[] {
  const byNum = new Map(infos.map((n) => [n.number, n]));
  const done: NoteInfo[] = [];
  infos.forEach((n, i) => {
    resolveOne(n, done, () => infos.slice(i + 1), byNum, persons, warn);
    done.push(n);
  });
  return infos.map((n) => ({ number: n.number, text: n.text, citation: n.citation }));
}

/**
 * A citation given somewhere else than a note of its own (in parentheses inside a note: "(Harman, 17)"), resolved
 * against the document's resolved notes like one more note after them.
 */
export function resolveCitation(text: string, infos: NoteInfo[], persons: PersonIndex): { citation: string; author: string | null } {
  const own = classifyNote(-1, text, persons);
  const byNum = new Map(infos.map((n) => [n.number, n]));
  resolveOne(own, infos, () => [], byNum, persons, () => {});
  return { citation: own.citation, author: own.kind === 'quotedBy' || own.kind === 'comment' ? null : authorOf(own, byNum) };
}

/** Resolves one note against the notes before it (`done`, already resolved) and, for titles, the full ones after. */
function resolveOne(
  n: NoteInfo,
  done: NoteInfo[],
  later: () => NoteInfo[],
  byNum: Map<number, NoteInfo>,
  persons: PersonIndex,
  warn: (m: string) => void,
): void {
  switch (n.kind) {
    case 'surname': {
      const head = n.head!;
      let hit: NoteInfo | null = null;
      for (let k = done.length - 1; k >= 0; k--) {
        const d = done[k];
        if (d.kind === 'gloss' || d.kind === 'comment') continue;
        // "Kowalski, Op. Cit." after "quoted by Ronald I. Kowalski, The Bolshevik Party …": the work he was quoted in.
        if (persons.same(citedWork(d, byNum)?.author ?? null, head)) { hit = d; break; }
      }
      if (hit) {
        n.citation = withPages(hit.kind === 'quotedBy' ? hit.foundIn! : hit.citation, n.text);
        n.resolvedTo = hit.kind === 'quotedBy' ? hit.number : hit.resolvedTo ?? hit.number;
      } else {
        // The surname may name the work's author in a full citation ("Victor Serge, Midnight …").
        const t = findTitle(head, done);
        if (t) { n.citation = withPages(t.kind === 'quotedBy' && t.foundIn ? t.foundIn : t.citation, n.text); n.resolvedTo = t.resolvedTo ?? t.number; }
        else warn(`note ${n.number} "${n.text}": no earlier citation of ${head}`);
      }
      n.explicitAuthor = persons.resolve(head);
      break;
    }
    case 'title': {
      const after = later().filter((x) => x.kind === 'full').reverse();
      // The full citation is normally earlier; some texts give it only later.
      const t = findTitle(n.head!, done) ?? findTitle(n.head!, after);
      if (t) {
        n.citation = withPages(t.kind === 'quotedBy' && t.foundIn ? t.foundIn : citationFor(t, n.head!), n.text);
        n.resolvedTo = t.resolvedTo ?? t.number;
        break;
      }
      // "“Article”, Container, 203.": the container's full citation elsewhere ("Bloodstained: One Hundred … (…, 2017)").
      const ac = /^(.+?)[”"],?\s+(.+)$/.exec(n.head!);
      if (ac) {
        const hit = findTitle(ac[2], done) ?? findTitle(ac[2], after);
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
        // A bare "Op. Cit.": the last work of the author the quotations it closes are attributed to, or of a person
        // its sentence names (first named first), else the last work cited.
        const works = done.map((d) => ({ d, w: citedWork(d, byNum) })).filter((x) => x.w !== null).reverse();
        let hit: NoteInfo | null = null;
        for (const who of [n.inferredAuthor, ...(n.named ?? [])]) {
          if (!who) continue;
          hit = works.find((x) => persons.same(x.w!.author, who))?.d ?? null;
          if (hit) break;
        }
        hit ??= works[0]?.d ?? null;
        const w = hit ? citedWork(hit, byNum) : null;
        if (hit && w) {
          n.citation = withPages(w.citation, n.text);
          n.resolvedTo = hit.kind === 'quotedBy' ? hit.number : hit.resolvedTo ?? hit.number;
        }
      }
      break;
    }
    case 'ibid': {
      // "Ibid.", "Idem", "Loc. cit.": the previous note's work, with the new pages when given.
      const prev = [...done].reverse().find((d) => citedWork(d, byNum) !== null);
      const w = prev ? citedWork(prev, byNum) : null;
      if (prev && w) {
        n.citation = withPages(w.citation, n.text);
        n.resolvedTo = prev.kind === 'quotedBy' ? prev.number : prev.resolvedTo ?? prev.number;
        n.explicitAuthor = prev.kind === 'quotedBy' ? null : authorOf(prev, byNum);
      }
      break;
    }
    case 'quotedBy': {
      // The work it was quoted in resolves like a note of its own ("quoted by Daniels, Op. Cit., p. 114").
      const inner = classifyNote(n.number, n.quotedByText ?? '', persons);
      resolveOne(inner, done, later, byNum, persons, () => {});
      n.foundIn = inner.kind === 'quotedBy' ? inner.foundIn : inner.citation;
      n.foundInAuthor = inner.kind === 'quotedBy' || inner.kind === 'comment' ? leadingAuthor(inner.text, persons) : authorOf(inner, byNum);
      const t = n.text.trim();
      const prefix = n.quotedByText && t.endsWith(n.quotedByText) ? t.slice(0, t.length - n.quotedByText.length) : null;
      n.citation = prefix !== null && n.foundIn && n.foundIn !== n.quotedByText ? prefix + n.foundIn : n.text;
      break;
    }
    default:
      break;
  }
}

/** "Brinton" in "Brinton, 451" or "Brinton" alone: a name a note opens with. */
function leadingAuthor(text: string, persons: PersonIndex): string | null {
  const m = LEADING_NAME_RE.exec(text.trim());
  return m && isAuthorHead(m[1], persons) ? m[1] : null;
}

/** Author a resolved note points to (for attribution by note). */
export function noteAuthor(n: NoteInfo, infos: NoteInfo[]): string | null {
  // Indexed once per list, not per quotation: per call it made a long text's parse quadratic (143 s for 20 MB).
  let byNumber = notesByNumber.get(infos);
  if (!byNumber) notesByNumber.set(infos, (byNumber = new Map(infos.map((x) => [x.number, x]))));
  return authorOf(n, byNumber);
}
const notesByNumber = new WeakMap<NoteInfo[], Map<number, NoteInfo>>();

/** A note that can serve as a quotation's source (not a gloss or a loose comment). */
export function isSourceNote(n: NoteInfo): boolean {
  return n.kind !== 'gloss' && n.kind !== 'comment' && n.kind !== 'quotedBy';
}
