/**
 * Person names: which capitalised words are people, and the fullest form a document gives them.
 * Built per document from the text itself (multi-word names, cue-adjacent surnames, note authors),
 * never from a fixed list of people.
 */
import { nameKey } from '../text.js';
import { nameEvidence, type NameEvidence } from './name-evidence.js';

const NAME_WORD = String.raw`[\p{Lu}](?:[\p{L}’'\-]+|\.)`;
const PARTICLE = String.raw`(?:de|del|della|da|di|van|von|der|den|la|le|du|bin|al)`;

/** Words that make a capitalised phrase an institution, place, work or group rather than a person. */
const NOT_PERSON_WORDS = new Set(
  (
    'The A An This That These Those It Its In On At As Of For From By With To And Or But If When While After Before ' +
    'Here There Thus Hence So Yet Such Some Many Most All Any Every No Not Only Also Even Indeed However Moreover Rather ' +
    'He She They We I You His Her Their Our My Your Who What Which Why How Where Comrades Note Notes Title Subtitle ' +
    'Author Date Source Party Parties Opposition Union Soviet Soviets Congress Committee Revolution Revolutions ' +
    'International Army Navy State States Council Councils Manifesto Review Course Europe Russia World War Civil Red ' +
    'White Left Right Communist Communists Socialist Socialism Workers Workers’ Worker New Marxism Marxist Press ' +
    'University Books Anarchist Anarchists Platform Resolution Central General Kronstadt Commune Bolshevik Bolsheviks ' +
    'Bolshevism Black Flag Great Purge Purges Terror Plan Plans Year Years Five Socialist Capital Capitalism Fascism ' +
    'German Germany Russian Spanish Spain French France Italian Italy Chinese China American America British Britain ' +
    'Hungarian Finnish European Japanese Mexico Eastern Western Southern Northern East West North South Soviet Stalinist ' +
    'Stalinism Trotskyist Trotskyism Leninist Leninism Thermidor Gulag Cheka GPU KGB NEP USSR CCCP OTL IOTL ITTL WW2 ' +
    'Street Square Road Bridge Hall Palace Bay River Lake Mount Island Avenue Lane Gate Prospect Station Church ' +
    'Cathedral Theatre Theater Hotel House Building Gardens Park Museum Harbour Harbor Port Valley Upper Lower ' +
    'Mountains Oblast Federal Magazine Voice Dossier Ideas Debates January February March April May June July August ' +
    'September October November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday Christmas God Lord ' +
    'Empire Republic Kingdom Department Service Secret Police Ministry Commissar Commissars People People’s Politburo ' +
    'Politbureau Central Governing Executive Plenum Conference Tenth Thirteenth Second Seventh Sixth Fifteenth First ' +
    'Third Fourth Reader Writings Works Papers Memoirs History Theses Thesis Speech Letter Letters Article Articles ' +
    'Trial Trials Fascists Nazis Nazi Whites Reds Mensheviks Menshevik Comintern Internationale Group Truth Chapter'
  ).split(/\s+/),
);

/** Group words (Bolsheviks, Trotskyists, Leninism) are not persons. */
function isGroupWord(w: string): boolean {
  return /(?:ism|ists?|ists’|iks|ites|ians|ians’|ese)$/.test(w);
}

/** True when a capitalised phrase can be a person's name. */
export function looksLikePersonName(phrase: string): boolean {
  const words = phrase
    .replace(/[’']s$/, '')
    .split(/\s+/)
    .filter((w) => /^\p{Lu}/u.test(w));
  if (!words.length) return false;
  for (const w of words) {
    const bare = w.replace(/[’'.]+$/, '');
    if (NOT_PERSON_WORDS.has(bare) || NOT_PERSON_WORDS.has(w)) return false;
    if (isGroupWord(bare)) return false;
    if (/\d/.test(w)) return false;
  }
  // All-capitals words are acronyms (POUM, CNT), not names.
  if (words.every((w) => w.length > 1 && w === w.toUpperCase())) return false;
  return true;
}

/** Titles before a name. "Mr." is dropped from a speaker's name; the others stay (Madame Trotsky is not Trotsky). */
const HONORIFIC = /^(?:Mr|Mrs|Ms|Miss|Mme|Mlle|Madame|Mademoiselle|Monsieur|M|Dr|Herr|Frau|Comrade|Citizen|Professor|Prof|General|Gen|Colonel|Col|Captain|Capt|Lieutenant|Lt|Major|Admiral|Prince|Princess|Count|Countess|Baron|Baroness|Lord|Lady|Sir|Dame|Tsar|Czar|Tsarina|King|Queen|Father|Saint|St)\.?$/;

const SENTENCE_ADVERB = /^(?:[A-Z][a-z]+(?:ally|ently|antly|ously|ately|edly|ingly)|Finally|Suddenly|Presently|Likewise|Only|Really|There(?:upon|fore|after)|Where(?:upon|as)|Meanwhile|Afterwards?|Nevertheless|Nonetheless|Besides|Moreover|Perhaps|Still|Now|Here|Thus|Hence|Once|Again|Yet)$/;

/** "Madame Trotsky", "General Kornilov": a name led by a title, not the same person as the bare surname. */
export function isTitled(name: string): boolean {
  return HONORIFIC.test(name.trim().split(/\s+/)[0] ?? '');
}

/** The persons one document names, with their fullest forms. */
export class PersonIndex {
  /** What the text says about its capitalised words (common words, surnames alone, speakers, places). */
  readonly evidence: NameEvidence;
  /** Words the text uses in lower case ("under", "little", "square", "speaks"). */
  private readonly common: Set<string>;
  /** Capitalised words the text puts after "in", "at", "near" …: places, as far as the text says. */
  private readonly placeWords: Set<string>;

  constructor(text = '') {
    this.evidence = nameEvidence(text);
    this.common = this.evidence.common;
    // Twice after a word of place ("in Moscow", "at Smolny"): a place, not someone who speaks ("Moscow Pravda") —
    // unless the text has the word speak ("said Dick": "broke in Dick" and "stared at Dick" are no place).
    const { placeCounts, speakers } = this.evidence;
    this.placeWords = new Set([...placeCounts].filter(([w, n]) => n >= 2 && !speakers.has(w)).map(([w]) => w));
  }

  /**
   * The name a capitalised phrase gives: leading common words and "Mr." taken off ("Under Lenin", "Then Lenin",
   * "Little Bucharin", "Mr. Struve"); null when a common word ends it, which makes it a place, a title or a
   * thing ("Znamensky Square", "Trotsky Speaks", "Lenin's Government").
   */
  nameIn(phrase: string): string | null {
    const words = cleanName(phrase).split(' ').filter(Boolean);
    const common = (w: string) => this.common.has(w.toLowerCase().replace(/[’']s$/, '')) && !HONORIFIC.test(w);
    // Sentence adverbs open no name either ("Thereupon Kaplun", "Meanwhile Radek").
    while (words.length > 1 && (common(words[0]) || /^Mr\.?$/.test(words[0]) || SENTENCE_ADVERB.test(words[0]))) words.shift();
    if (!words.length || this.placeWords.has(words[0]) || this.placeWords.has(words[words.length - 1])) return null;
    if (words.length > 1 && (common(words[words.length - 1]) || /[’']s$/.test(words[words.length - 2]))) return null;
    if (words.length === 1 && common(words[0])) return null;
    return words.join(' ');
  }

  /** Full names (multi-word), e.g. "Victor Serge". */
  private readonly full = new Set<string>();
  /** Single-word names known to be persons (surnames, Lenin). */
  private readonly single = new Set<string>();
  /** resolve() scans every full name and attribution calls it thousands of times: memo, emptied on every addFull. */
  private readonly resolved = new Map<string, string>();

  addFull(name: string): void {
    this.resolved.clear();
    const n = this.nameIn(name) ?? '';
    if (!n) return;
    if (/\s+and\s+/.test(n)) {
      for (const part of n.split(/\s+and\s+/)) this.addFull(part);
      return;
    }
    if (/\s/.test(n)) {
      this.full.add(n);
      this.single.add(lastName(n));
    } else this.single.add(n);
  }

  /** Is this phrase (a surname or full name) a known person? */
  isKnown(phrase: string): boolean {
    const n = cleanName(phrase);
    if (!n) return false;
    if (this.full.has(n) || this.single.has(n)) return true;
    // "Marx and Engels": every part known.
    if (/\s+and\s+/.test(n)) return n.split(/\s+and\s+/).every((p) => this.isKnown(p));
    return false;
  }

  /** The fullest form the document uses: "Serge" → "Victor Serge"; unknown names are returned cleaned. */
  resolve(phrase: string): string {
    let r = this.resolved.get(phrase);
    if (r === undefined) this.resolved.set(phrase, (r = this.resolveUncached(phrase)));
    return r;
  }

  private resolveUncached(phrase: string): string {
    const cleaned = cleanName(phrase);
    if (/\s+and\s+/.test(cleaned)) return cleaned.split(/\s+and\s+/).map((p) => this.resolve(p)).join(' and ');
    const n = this.nameIn(cleaned) ?? cleaned;
    if (this.full.has(n)) return n;
    let best: string | null = null;
    const people = new Set<string>();
    for (const f of this.full) {
      // A bare surname is not the same person as "Madame Trotsky" or "General Kornilov's wife".
      if (isTitled(f)) continue;
      if (!(f.endsWith(' ' + n) || nameKey(lastName(f)) === nameKey(n))) continue;
      if (!best || f.length > best.length) best = f;
      people.add(f.split(' ').filter((w) => !/^[\p{Lu}]\.?$/u.test(w)).map(nameKey).join(' ')); // Josef = Joseph
    }
    // Oda Venn and Tam Venn: "Venn" alone is either, so it stays "Venn" unless the context says which.
    if (/\s/.test(n) === false && [...people].filter((p) => ![...people].some((q) => q !== p && q.endsWith(' ' + p))).length > 1) return n;
    return best ?? n;
  }

  /** Surname match: does the full name `a` refer to the same person as `b`? */
  same(a: string | null, b: string | null): boolean {
    if (!a || !b) return false;
    return nameKey(lastName(this.resolve(a))) === nameKey(lastName(this.resolve(b)));
  }

  all(): string[] {
    return [...this.full, ...this.single];
  }
}

export function cleanName(s: string): string {
  return s
    .replace(/[’']s$/, '')
    .replace(/[’']$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function lastName(full: string): string {
  const parts = cleanName(full).split(' ');
  return parts[parts.length - 1] ?? full;
}

const MULTI_NAME_RE = new RegExp(
  // A middle initial may lack its full stop ("William Z Foster").
  String.raw`(?<![\p{L}’'-])(${NAME_WORD}(?:[ \t]+(?:${PARTICLE}[ \t]+|[\p{Lu}][ \t]+(?=[\p{Lu}][\p{L}]))?${NAME_WORD}){1,3})(?![\p{L}])`,
  'gu',
);

/** Multi-word person names in a text ("Victor Serge", "Paul Le Blanc", "Rudolf L. Tokes"). */
export function findMultiWordNames(text: string): string[] {
  const out: string[] = [];
  let m: RegExpExecArray | null;
  MULTI_NAME_RE.lastIndex = 0;
  while ((m = MULTI_NAME_RE.exec(text))) {
    let phrase = m[1];
    // Trim leading non-name words ("In Victor Serge" → "Victor Serge").
    const words = phrase.split(/\s+/);
    while (words.length > 1 && NOT_PERSON_WORDS.has(words[0])) words.shift();
    phrase = words.join(' ');
    if (words.length < 2) continue;
    // A name is not preceded by an article ("the Platform", "a Bolshevik").
    const before = text.slice(Math.max(0, m.index - 5), m.index);
    if (/\b(?:the|a|an|its|their|our)\s+$/i.test(before)) continue;
    // "Generalising Lenin’s …": a sentence-initial gerund or adverb is not a first name.
    if (/(?:ing|ed|ly)$/.test(words[0])) continue;
    if (looksLikePersonName(phrase) && words.every((w, i) => w.length > 1 || /\.$/.test(w) || (i > 0 && i < words.length - 1))) out.push(cleanName(phrase));
  }
  return out;
}
