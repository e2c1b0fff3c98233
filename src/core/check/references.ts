/**
 * Bibliographic references as people write them, one reference each and shown whole: "Carr, The Bolshevik
 * Revolution, vol. 2, p. 45", "Memoirs of a Revolutionary (Oxford University Press, 1963), 225", "Memoirs of a
 * Revolutionary, 225", "(Trotsky, What Next?, 1932)", "Avrich (1970: 211)", DOIs, ISBNs, "ibid.", "according to a
 * recent history of the KGB", a "Source: …" line. Links are found apart (sources.ts).
 *
 * An argument is read clause by clause (a clause ends at a line break, a semicolon or a sentence's end, never at
 * an abbreviation's full stop); in each, the cues that make a reference are found, and the reference is the run of
 * bibliographic parts around them (author, title, volume, page, year, publisher), not the prose beside it.
 */

import { clip } from '../text.js';

/** The longest reference kept, in UTF-16 units: a longer "reference" is an essay. */
const MAX_REFERENCE = 300;

const YEAR = '(?:1[5-9]\\d\\d|20\\d\\d)';
const NAME_WORD = "\\p{Lu}[\\p{L}'’-]+";
/** Words a title may have in lower case. */
const SMALL = '(?:of|the|and|in|a|an|on|to|for|de|la|le|du|von|at|by|from|with|is|be|its|or|under|after|against|as)';
/** A title: capitalised words with the small words between them, possibly ending in "?" or "!". */
const TITLE = `(?:\\*|_)?\\p{Lu}[\\p{L}\\d'’-]*(?:[^\\S\\n]+(?:${SMALL}|\\p{Lu}[\\p{L}\\d'’-]*|\\d+)){1,14}[?!]?(?:\\*|_)?`;

const SMALL_WORD = new RegExp(`^${SMALL}$`, 'i');
const YEAR_ONLY = new RegExp(`^(?:c\\.\\s?)?${YEAR}[a-z]?$`);
const TITLE_AT_END = new RegExp(`${TITLE}[,\\s]*$`, 'u');

const WORK_NOUN =
  '(?:history|histories|study|studies|book|books|biography|memoirs?|autobiography|article|paper|report|essay|monograph|pamphlet|survey|archives?|census|diary|diaries|account|analysis|edition|volume|journal|review|textbook|encyclopa?edia|dissertation|thesis|documentary|lecture)';

const WORK_NOUN_RE = new RegExp(`\\b${WORK_NOUN}\\b`, 'i');

/** A locator: volume, chapter, page, part, section, note. */
const LOCATOR = /^(?:preface|introduction|foreword|afterword|appendix|conclusion|epilogue|postscript)\b|^(?:vols?\.|volume|ch\.|chap\.|chapter|pp?\.|pages?|part|pt\.|book|bk\.|sec\.|section|§|no\.|nos\.|nn?\.|note|fol\.|art\.|col\.|tome|t\.)\s*(?:\d+|[ivxlcdm]+\b)/i;

/** Cues that make a clause a reference; each match is part of the reference. */
/** Cues that need a digit in the clause (a page, a year), or a word for a work ("history", "memoirs"). */
const CUES: Array<{ re: RegExp; digits?: boolean; work?: boolean }> = [
  // locators: "vol. 2", "p. 45", "pp. 211-2", "chapter 3", "ch. IX"
  { re: /\b(?:vols?\.|volume|ch\.|chap\.|chapter|pp?\.|pages?|part|book)\s?(?:\d+(?:\s?[-–]\s?\d+)?|[ivxlcdm]+\b)/gi, digits: true },
  { re: /\b(?:ibid|ibidem|op\.\s?cit|loc\.\s?cit)\b\.?/gi },
  // DOIs and ISBNs
  { re: /\b(?:doi:\s?)?10\.\d{4,9}\/[^\s"<>]+/gi, digits: true },
  { re: /\bISBN(?:-1[03])?:?\s?(?:97[89][-\s]?)?(?:\d[-\s]?){9}[\dXx]\b/gi, digits: true },
  // "Name, Title (1970)" / "Name, Title (Publisher, 1970)"
  { re: new RegExp(`${NAME_WORD},\\s+(?:\\*|_)?\\p{Lu}[^()\\n]{2,80}?\\((?:[^()]{0,60}[,:]\\s*)?${YEAR}\\)`, 'gu'), digits: true },
  // "Title (Publisher, 1963)", "Title (London: Pluto, 1994)"
  { re: new RegExp(`${TITLE}\\s*\\([^()\\n]{2,60}[,:]\\s*${YEAR}\\)`, 'gu'), digits: true },
  // author-date: "Avrich (1970: 211)", "(Avrich 1970)", "(Avrich, 1970)"; not "(Kronstadt 1921)", an event and its year
  { re: new RegExp(`${NAME_WORD}\\s+\\(${YEAR}[a-z]?(?:[:,]\\s*(?:p\\.\\s*)?\\d+[^)]*)\\)`, 'gu'), digits: true },
  { re: new RegExp(`\\(${NAME_WORD}(?:\\s+(?:and|&)\\s+${NAME_WORD})?(?:,\\s+${YEAR}[a-z]?(?:[:,][^)]*)?|\\s+${YEAR}[a-z]?[:,][^)]*)\\)`, 'gu'), digits: true },
  { re: new RegExp(`${NAME_WORD}\\s+\\(${YEAR}\\)\\s+(?:shows|argues|writes|notes|finds|found|showed|argued|wrote|noted|estimates|estimated|documents|documented)\\b`, 'gu'), digits: true },
  // "(Trotsky, What Next?, 1932)", "Trotsky, What Next?, 1932"
  { re: new RegExp(`${NAME_WORD}(?:\\s+${NAME_WORD}){0,3},\\s+${TITLE},\\s+(?:c\\.\\s?)?${YEAR}(?=\\s*(?:[),;.:]|$))`, 'gu'), digits: true },
  // "according to a recent history of the KGB", "in his biography of Trotsky"
  { re: new RegExp(`\\baccording\\s+to\\s+(?:(?:a|an|the|his|her|their|its|one|some|several|recent|new|official|soviet|later|standard|\\w+['’]s)\\s+){1,4}(?:[\\w-]+\\s+){0,2}${WORK_NOUN}\\b[^.;!?\\n]*`, 'gi'), work: true },
  { re: new RegExp(`\\b(?:in|see|from|per)\\s+(?:his|her|their|the|a|an|\\p{Lu}[\\p{L}'’-]+['’]s)\\s+(?:(?:recent|new|famous|classic|official|standard|own|\\d{4})\\s+)?${WORK_NOUN}\\b(?:\\s+(?:of|on|about)\\s+[^.;!?\\n]{1,60}|\\s+\\*[^*]+\\*|\\s+\\p{Lu}[^.;!?\\n]{1,60})`, 'giu'), work: true },
  { re: new RegExp(`\\p{Lu}[\\p{L}-]+['’]s\\s+(?:\\*|_)?\\p{Lu}[\\p{L}-]+(?:\\s+(?:of|the|in|and|a|\\p{Lu}[\\p{L}-]+|\\d{4}))*\\s*(?:\\*|_)?\\s*\\((?:[^()]{0,40}[,:]\\s*)?${YEAR}\\)`, 'gu'), digits: true },
  // "See Avrich, Kronstadt 1921", "cf. Deutscher, The Prophet Armed"
  { re: /(?:^|[.;(]\s*|\s)(?:See|see also|See also|Cf\.|cf\.)\s+\p{Lu}[\p{L}'’-]+,\s+(?:\*|_)?\p{Lu}[^.;\n]{2,80}/gu },
  // a title named as one: "Trotsky's The Revolution Betrayed", "in The Prophet Armed", "Deutscher, The Prophet Armed"
  { re: /\p{Lu}[\p{L}-]+['’]s\s+The\s+\p{Lu}[\p{L}-]+(?:\s+(?:of|the|and|in|a|\p{Lu}[\p{L}-]+)(?![\p{L}-]))*/gu },
  { re: /\b(?:in|from|see|cf\.)\s+The\s+\p{Lu}[\p{L}-]+(?:\s+(?:of|the|and|in|a|\p{Lu}[\p{L}-]+)(?![\p{L}-]))*/gu },
  { re: /\p{Lu}[\p{L}-]+,\s+The\s+\p{Lu}[\p{L}-]+(?:\s+(?:of|the|and|in|a|\p{Lu}[\p{L}-]+)(?![\p{L}-]))*/gu },
  // a quoted title: in “The Revolution Betrayed”, Serge's "Memoirs of a Revolutionary"
  { re: /(?:\b(?:in|from|see)|\p{Lu}[\p{L}-]+['’]s)\s+["“]\p{Lu}[\p{L}'’-]*(?:\s+(?:of|the|and|in|a|an|on|to|for|\p{Lu}[\p{L}'’-]*|\d+)){0,10}[?!]?["”]/gu },
];

/** "Memoirs of a Revolutionary, 225": a title and a page, ending the clause. */
const TITLE_PAGE = new RegExp(`${TITLE},\\s+\\d{1,4}(?:\\s?[-–]\\s?\\d{1,4})?(?:,\\s*\\d{1,4})*\\s*$`, 'u');

const ENDS_IN_PAGE = /,\s+\d{1,4}(?:\s?[-–]\s?\d{1,4})?(?:,\s*\d{1,4})*\s*$/;

/** Italic or starred titles: "*Main Currents of Marxism*" (emphasis like "*Really*" is not one). */
const ITALIC_TITLE = /(?:\*|_)\p{Lu}[^*_\n]{3,80}(?:\*|_)/gu;

/** "Source: …", "References: …": the rest of the line is the reference (or references, split at semicolons). */
const LABEL = /^[^\S\n]*(?:sources?|refs?\.?|references?|citations?|cited\s+(?:in|from)|bibliography)[^\S\n]*:[^\S\n]*(.+)$/gim;

/** Full stops that end an abbreviation, not a sentence. */
const ABBREVIATION = /(?:^|[^\p{L}])(?:p|pp|vol|vols|ch|chap|no|nos|n|nn|ed|eds|trans|tr|cf|op|cit|loc|ibid|ff|fn|repr|rev|esp|comp|vs|ca|c|st|dr|mr|mrs|ms|prof|jr|sr|univ|pt|sec|bk|fol|art|col|al|etc|e\.g|i\.e|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|\p{Lu})$/iu;

/** Two or more words, most of them capitalised: a title rather than emphasis or prose. */
function looksLikeTitle(s: string): boolean {
  const words = s.split(/\s+/).filter((w) => w && !SMALL_WORD.test(w));
  return words.length >= 2 && words.filter((w) => /^[\p{Lu}\d]/u.test(w)).length >= words.length * 0.6;
}

interface Clause {
  start: number;
  text: string;
}

/** An argument's clauses, with their offsets: split at line breaks, semicolons and sentence ends. */
function clausesOf(text: string): Clause[] {
  const out: Clause[] = [];
  let start = 0;
  let depth = 0;
  const push = (end: number) => {
    if (end > start) out.push({ start, text: text.slice(start, end) });
    start = end + 1;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === '\n') (push(i), (depth = 0));
    else if (c === ';' && depth === 0) push(i);
    else if ((c === '.' || c === '!' || c === '?') && depth === 0) {
      // A sentence ends where the next starts: a space, then a capital, a quotation mark or a bracket.
      const next = text.slice(i + 1, i + 4);
      if (i + 1 < text.length && !(c === '.' ? /^\s+(?:["“‘'(\[]|\p{Lu}|$)/u : /^\s+(?:["“‘']|\p{Lu}|$)/u).test(next)) continue;
      if (c === '.' && ABBREVIATION.test(text.slice(Math.max(0, i - 6), i))) continue;
      push(i);
    }
  }
  push(text.length);
  return out;
}

/** Splits a stretch at commas outside brackets, with each part's offset. */
function commaParts(s: string, offset: number): Array<{ start: number; end: number; text: string }> {
  const out: Array<{ start: number; end: number; text: string }> = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = s[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth = Math.max(0, depth - 1);
    if (i === s.length || (c === ',' && depth === 0)) {
      out.push({ start: offset + from, end: offset + i, text: s.slice(from, i) });
      from = i + 1;
    }
  }
  return out;
}

/** A part that belongs to a reference: an author, a title, a locator, a year, a page, a publisher, an editor. */
function bibliographic(part: string): 'locator' | 'name' | false {
  const t = part.trim();
  if (!t) return false;
  if (LOCATOR.test(t) || /^\d{1,4}(?:\s?[-–]\s?\d{1,4})?$/.test(t) || YEAR_ONLY.test(t)) return 'locator';
  if (/^\([^()]*\)$/.test(t) || /^(?:ed|eds|trans|tr)\.\s/i.test(t) || /^\d+(?:st|nd|rd|th)\s+ed(?:ition|\.)?$/i.test(t)) return 'locator';
  // An author ("E. H. Carr", "Leszek Kolakowski") or a title: capitalised words with small ones between.
  const words = t.replace(/\([^()]*\)/g, ' ').split(/\s+/).filter(Boolean);
  if (!words.length || words.length > 16) return false;
  const significant = words.filter((w) => !SMALL_WORD.test(w));
  if (!significant.length || !/^[*_"“]?[\p{Lu}\d]/u.test(words[0])) return false;
  return significant.filter((w) => /^[*_"“(]?[\p{Lu}\d]/u.test(w)).length >= significant.length * 0.75 ? 'name' : false;
}

/** The reference around the cues of one clause: the bibliographic parts next to them, not the prose beside. */
function referenceIn(clause: Clause, cues: Array<{ start: number; end: number }>, text: string): string | null {
  let start = Math.min(...cues.map((c) => c.start));
  let end = Math.max(...cues.map((c) => c.end));
  const clauseEnd = clause.start + clause.text.length;
  // Leftwards: author and title parts before the first cue ("Carr, The Bolshevik Revolution, | vol. 2"), from
  // inside the bracket the cue stands in ("… (The Great Terror, p. 486").
  let from = clause.start;
  let depth = 0;
  for (let i = start - 1; i >= clause.start; i--) {
    if (text[i] === ')') depth++;
    else if (text[i] === '(' && depth-- === 0) {
      from = i + 1;
      break;
    }
  }
  const before = text.slice(from, start);
  if (/,\s*$/.test(before)) {
    const parts = commaParts(before.replace(/,\s*$/, ''), from);
    // At most an author, a title and an editor or translator.
    for (let k = parts.length - 1; k >= Math.max(0, parts.length - 3) && bibliographic(parts[k].text); k--) {
      start = parts[k].start + (parts[k].text.length - parts[k].text.trimStart().length);
    }
  }
  // Rightwards: locators after the last cue (", vol. 2, p. 45", ", 225", " (Oxford, 1963)").
  const after = text.slice(end, clauseEnd);
  if (/^\s*[,(]/.test(after)) {
    const parts = commaParts(after.replace(/^\s*,/, ''), end + (after.length - after.replace(/^\s*,/, '').length));
    for (const p of parts) {
      if (bibliographic(p.text) !== 'locator') break;
      end = p.start + p.text.trimEnd().length;
    }
  }
  let ref = text.slice(start, end);
  // Only a locator ("p. 5"): a title ending the words before it ("in the Great Soviet Encyclopedia, | vol. 5"), or
  // else the clause it stands in, says what it locates.
  if (!ref.trimStart().startsWith('(') && commaParts(ref, 0).every((p) => bibliographic(p.text) === 'locator')) {
    const lead = text.slice(Math.max(from, start - 80), start);
    const title = TITLE_AT_END.exec(lead);
    const capitals = title ? (title[0].match(/(?:^|\s)[*_"“]?\p{Lu}/gu) ?? []).length : 0;
    ref = text.slice(title && capitals >= 2 ? start - lead.length + title.index : Math.max(from, start - 80), end);
  }
  return tidy(ref);
}

/** A reference as shown: connectives, stray punctuation and enclosing brackets trimmed; at most 300 characters. */
function tidy(s: string): string | null {
  let t = s
    .replace(/\s+/g, ' ')
    .replace(/^[\s,.;:]+/, '')
    .replace(/^(?:(?:see also|see|cf\.|source:|sources:|and|or|also|but|plus|then|in|from|per)\s+)+/i, '')
    .replace(/[\s,;:]+$/, '')
    .trim();
  // A full stop ending the sentence is not part of the reference; one ending an abbreviation ("ibid.") is.
  if (/\.$/.test(t) && !ABBREVIATION.test(t.slice(Math.max(0, t.length - 7), -1))) t = t.slice(0, -1).trimEnd();
  if (/^\(.*\)$/.test(t) && !/\)\s*\(/.test(t)) t = t.slice(1, -1).trim();
  // Unbalanced brackets at the edges.
  const opens = (t.match(/\(/g) ?? []).length;
  const closes = (t.match(/\)/g) ?? []).length;
  if (opens > closes && t.startsWith('(')) t = t.slice(1).trim();
  if (closes > opens && t.endsWith(')')) t = t.slice(0, -1).trim();
  t = clip(t, MAX_REFERENCE, 'utf16');
  return readsAsReference(t) ? t : null;
}

/**
 * Whether a string given as a source reads as a reference: words (not only punctuation), not noise (a word
 * of 40 letters, a letter repeated six times, words without vowels), not an essay (over 300 characters).
 */
export function readsAsReference(s: string): boolean {
  const t = s.trim();
  if (t.length < 2 || t.length > MAX_REFERENCE) return false;
  const words = t.match(/[\p{L}\p{N}]+/gu) ?? [];
  if (!words.some((w) => /\p{L}{2,}|\d{2,}/u.test(w))) return false;
  if (/(\p{L})\1{5,}/iu.test(t) || words.some((w) => w.length > 40 && !/^\d+$/.test(w))) return false;
  const lettered = words.filter((w) => /^\p{L}{3,}$/u.test(w));
  const voweless = lettered.filter((w) => !/[aeiouyàáâäèéêëìíîïòóôöùúûüаеёиоуыэюя]/iu.test(w));
  return lettered.length === 0 || voweless.length <= lettered.length * 0.3;
}

/** Bibliographic references in an argument (links taken out), one per citation, as written. */
export function findReferences(text: string): string[] {
  const out: string[] = [];
  const add = (ref: string | null) => {
    if (!ref) return;
    const i = out.findIndex((r) => r.includes(ref) || ref.includes(r));
    if (i < 0) out.push(ref);
    else if (ref.length > out[i].length) out[i] = ref;
  };
  // "Source: …" lines: what follows the label is the reference, cue or no cue.
  const labelled = new Set<number>();
  for (const m of text.matchAll(LABEL)) {
    const at = (m.index ?? 0) + m[0].length - m[1].length;
    for (const part of m[1].split(';')) add(tidy(part));
    for (let i = at; i < at + m[1].length; i++) labelled.add(i);
  }
  const mentionsWork = WORK_NOUN_RE.test(text);
  for (const clause of clausesOf(text)) {
    if (labelled.has(clause.start + clause.text.search(/\S|$/))) continue;
    const cues: Array<{ start: number; end: number }> = [];
    const digits = /\d/.test(clause.text);
    for (const { re, digits: needsDigits, work } of CUES) {
      if ((work && !mentionsWork) || (needsDigits && !digits)) continue;
      re.lastIndex = 0;
      for (const m of clause.text.matchAll(re)) cues.push({ start: clause.start + (m.index ?? 0), end: clause.start + (m.index ?? 0) + m[0].length });
    }
    for (const m of clause.text.matchAll(ITALIC_TITLE)) {
      if (looksLikeTitle(m[0].slice(1, -1))) cues.push({ start: clause.start + (m.index ?? 0), end: clause.start + (m.index ?? 0) + m[0].length });
    }
    const titlePage = digits && ENDS_IN_PAGE.test(clause.text) ? TITLE_PAGE.exec(clause.text.trimEnd()) : null;
    if (titlePage && looksLikeTitle(titlePage[0].replace(/,[\s\d,–-]*$/, ''))) cues.push({ start: clause.start + titlePage.index, end: clause.start + titlePage.index + titlePage[0].length });
    // Cues next to each other (or with only bibliographic parts between) are one reference; cues with prose
    // between ("doi:10.1/x and 10.2/y") are two.
    cues.sort((a, b) => a.start - b.start || b.end - a.end);
    let cluster: Array<{ start: number; end: number }> = [];
    for (const cue of cues) {
      const last = cluster[cluster.length - 1];
      const between = last ? text.slice(last.end, cue.start) : '';
      const joins = !last || cue.start <= last.end || /^[\s,.:()]*$/.test(between) || commaParts(between, 0).every((p) => !p.text.trim() || bibliographic(p.text));
      if (!joins) (add(referenceIn(clause, cluster, text)), (cluster = []));
      cluster.push(cue);
    }
    if (cluster.length) add(referenceIn(clause, cluster, text));
  }
  return out;
}
