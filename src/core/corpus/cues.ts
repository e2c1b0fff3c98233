/**
 * Speech cues: who a quotation's framing prose says is speaking.
 * Rules (see /work/shared/notes/search-and-attribution.md): cue before, cue after, colon lead-in,
 * "As X noted", passive "by X", pronoun carry-over. A subject that is clearly not one named person
 * ("those who argued", "the Platform asserts") blocks weaker rules rather than letting them guess.
 */
import { looksLikePersonName, type PersonIndex } from './names.js';

const CUE_WORDS = (
  'said say says saying wrote write writes writing written argued argue argues arguing stated state states stating ' +
  'noted note notes noting asserted assert asserts asserting proclaimed proclaim proclaims proclaiming recalled recall ' +
  'recalls recalling acknowledged acknowledge acknowledges acknowledging added add adds adding stressed stress stresses ' +
  'stressing declared declare declares declaring repeated repeats repeating suggested suggest suggests suggesting ' +
  'claimed claim claims claiming insisted insists insisting explained explains explaining remarked remarks observed ' +
  'observes commented comments commenting replied replies told tells telling admitted admits admitting conceded ' +
  'concedes concluded concludes expounded expounds warned warns announced announces called calls calling described ' +
  'describes describing summarised summarized summarises indicated indicates affirmed affirms asked asks answered ' +
  'answers recounts recounted reiterated reiterates re-iterated complained urged urges maintained maintains ' +
  'mentioned mentions exclaimed denounced denounces put puts putting asking recognised recognized recognising ' +
  'recognizing recognises recognizes'
).split(/\s+/);
const CUE_SET = new Set(CUE_WORDS);
/** Two-word cues (phrasal). */
const CUE_PHRASES = ['points out', 'pointed out', 'point out', 'put it', 'puts it', 'went on', 'goes on'];

const ADVERBS = new Set(
  'also later likewise himself herself once then had has have was is been again even still rightly correctly famously ' +
  'significantly explicitly clearly simply quite not never rightly elsewhere first-hand publicly privately further ' +
  'would could might may will shall did does do just'.split(/\s+/),
);
const BLOCKED = new Set('they those some others many critics people we you them one someone anyone who'.split(/\s+/));
const STOP_WALK = new Set('that which whom whose because since although though if when while where'.split(/\s+/));
const PRONOUN = new Set(['he', 'she']);
/** "I thanked him, and said": an object pronoun is walked past, not taken for the subject. */
const OBJECT_PRONOUN = new Set(['him', 'her', 'them', 'me', 'us']);
const IMPERSONAL = new Set(['it', 'this', 'that', 'there', 'which']);
const DETERMINERS = new Set('the a an this these those our their its every each'.split(' '));
const PREPOSITIONS = new Set('in of to from at on upon with by for against about over under into within between than like after before during since towards toward'.split(/\s+/));

export type SubjectResult =
  | { kind: 'name'; name: string }
  /** "I said", "We wrote": the narrator (the author of the text or the post). */
  | { kind: 'self' }
  | { kind: 'pronoun' }
  | { kind: 'blocked' }
  | { kind: 'nonperson' }
  | { kind: 'none' };

export interface CueResult {
  speaker: string | null;
  /** 'name' | 'pronoun' | 'self' (the narrator) | 'blocked' (unnamed subject: do not guess) | 'none' (no cue at all). */
  kind: 'name' | 'pronoun' | 'self' | 'blocked' | 'none';
  rule: string;
}

/** Verbs that are not the speaking itself ("Stalin was wrong …:"): a lead-in built on them names no speaker. */
const AUXILIARY = new Set('was were is are be been had has have did does do could would should might may must can will shall not'.split(' '));
/** Irregular past tenses of speaking and writing, for the open class of speech verbs next to a quotation. */
const IRREGULAR_SPEECH = new Set('said spoke wrote told cried sang swore began thought went put read bade bid hissed'.split(' '));
/** A lower-case word that can be a finite speech verb or participle: a past tense, a present in -s, an -ing form. */
export function isVerbLike(w: string): boolean {
  if (IRREGULAR_SPEECH.has(w) || CUE_SET.has(w)) return true;
  if (w.length < 4) return false;
  return /(?:[^e]ed|[aeiou][^aeiou]ed|ied|[^s]ing|[^su]s)$/.test(w) && !/(?:ness|less|ous|ss|ics|ings)$/.test(w);
}

function isCueAt(tokens: string[], i: number): boolean {
  const w = tokens[i].toLowerCase().replace(/[^a-z-]/g, '').replace(/^-+|-+$/g, '');
  if (CUE_SET.has(w)) return true;
  const two = (w + ' ' + (tokens[i + 1] ?? '').toLowerCase().replace(/[^a-z]/g, '')).trim();
  return CUE_PHRASES.includes(two);
}

/** Drops parentheticals and appositives (", a member of …,") so the subject sits next to its verb. */
function simplify(before: string): string {
  let s = before.replace(/\([^()]*\)/g, ' ').replace(/\[[^\]]*\]/g, ' ');
  for (let k = 0; k < 3; k++) {
    const t = s.replace(/,\s*(?:who|which|a|an|the|like|as|then|later|in|now|himself|herself|once)\b[^,]*,\s*$/u, ' ');
    if (t === s) break;
    s = t;
  }
  return s;
}

/**
 * Walks back from a cue verb to its subject: a person's name, a pronoun, or something that is not one person.
 * `before` is the text before the cue verb within the sentence.
 */
export function subjectBefore(before: string, persons: PersonIndex, verb = ''): SubjectResult {
  // Only a verb that cannot be a noun ("said", "warned"; not "state", "note") lets a noun phrase be its subject.
  const pastVerb = /^[a-z]+ed[,:;]?$|^(?:said|wrote|told|spoke|cried)[,:;]?$/.test(verb.toLowerCase());
  const s = simplify(before).replace(/\s+$/, '');
  const tokens = s.split(/\s+/).filter(Boolean);
  let skipped = 0;
  for (let i = tokens.length - 1; i >= 0 && skipped < 7; i--) {
    const raw = tokens[i];
    if (/[;:]$/.test(raw) && i < tokens.length - 1) break;
    const w = raw.replace(/^[“"‘(]+|[”"’),.]+$/g, '');
    const lw = w.toLowerCase();
    if (!w) continue;
    if (/^\p{Lu}/u.test(w)) {
      // Collect the capitalised phrase ending here.
      let j = i;
      while (j > 0 && /^[\p{Lu}]/u.test(tokens[j - 1].replace(/^[“"‘(]+/, '')) && !/[,.;:]$/.test(tokens[j - 1])) j--;
      // Allow lower-case particles inside names ("Paul le Blanc") only via the regex elsewhere.
      const phraseWords = tokens.slice(j, i + 1).map((t) => t.replace(/^[“"‘(]+|[”"’),.]+$/g, ''));
      // Sentence-initial connectives ("As Serge", "Hence Ida Mett") are not part of the name.
      while (phraseWords.length > 1 && !looksLikePersonName(phraseWords[0])) phraseWords.shift();
      const phrase = phraseWords.join(' ');
      const possessive = /[’']s$/.test(phrase);
      const prev = (tokens[j - 1] ?? '').toLowerCase();
      if (lw === 'i' || (lw === 'we' && i === tokens.length - 1)) return { kind: 'self' };
      if (BLOCKED.has(lw) || PRONOUN.has(lw)) return PRONOUN.has(lw) ? { kind: 'pronoun' } : { kind: 'blocked' };
      if (!possessive && !/^(?:the|a|an|its|his|her|their)$/.test(prev)) {
        if (phraseWords.length > 1 && looksLikePersonName(phrase) && persons.nameIn(phrase) !== null) return { kind: 'name', name: phrase };
        if (persons.isKnown(phrase) || (phraseWords.length > 1 && persons.isKnown(phraseWords[phraseWords.length - 1])))
          return { kind: 'name', name: phraseWords.length > 1 && looksLikePersonName(phrase) ? phrase : phraseWords[phraseWords.length - 1] };
      }
      if (possessive) { skipped++; i = j; continue; }
      // An object ("events in China", "the Kronstadt revolt") is not the subject: keep walking.
      if (PREPOSITIONS.has(prev) || (skipped > 0 && /^(?:the|a|an)$/.test(prev))) { skipped++; i = j; continue; }
      if (IMPERSONAL.has(lw)) return { kind: 'none' };
      return { kind: 'nonperson' };
    }
    if (PRONOUN.has(lw)) return { kind: 'pronoun' };
    // "saw him arguing that …": before a participle, him/her is who speaks; "I thanked him, and said" it is not.
    if (OBJECT_PRONOUN.has(lw)) {
      if ((lw === 'him' || lw === 'her') && /ing[,:;]?$/.test(verb) && !/,$/.test(raw)) return { kind: 'pronoun' };
      skipped++;
      continue;
    }
    if (lw === 'we' && i === tokens.length - 1) return { kind: 'self' }; // "In 1905 we wrote:"
    if (BLOCKED.has(lw)) return { kind: 'blocked' };
    // "the council said": a noun phrase is the subject, unless a preposition makes it an object ("in the end").
    if (pastVerb && DETERMINERS.has(lw) && skipped > 0 && skipped <= 3 && !PREPOSITIONS.has((tokens[i - 1] ?? '').toLowerCase())) {
      const phrase = tokens.slice(i + 1).map((t) => t.toLowerCase());
      if (!phrase.some((t) => /[,;:]$/.test(t) || /^(?:and|or|but|of|in|on|to|for|with|by|as|who|which|that)$/.test(t))) return { kind: 'nonperson' };
    }
    if (IMPERSONAL.has(lw) && i < tokens.length) return { kind: 'none' };
    if (STOP_WALK.has(lw) && i < tokens.length - 1) return { kind: 'none' };
    if (/[,]$/.test(raw) && i < tokens.length - 1 && !ADVERBS.has(lw)) {
      // a comma ends the clause unless it closes an adverbial ("This, Trotsky argued")
      return { kind: 'none' };
    }
    if (!ADVERBS.has(lw)) skipped++;
  }
  return { kind: 'none' };
}

const NAME_AFTER = String.raw`((?:[\p{Lu}][\p{L}’'\-]*\.?\s+){0,3}[\p{Lu}][\p{L}’'\-]+(?:\s+and\s+[\p{Lu}][\p{L}’'\-]+)?)`;

// The cue patterns below are built once, not per quotation (each joins ~200 cue words). None has the g flag, so
// sharing them keeps no lastIndex state between calls.
const LEAD_CUE = `(?:${CUE_WORDS.join('|')}|saw|sees|points|pointed)`;
/** [pattern, lenient, possessive]: after an explicit "quote"/"according to" any name-like word will do; "in Kamenev's words" names by a possessive. */
const LEAD_WORD_RES: [RegExp, boolean, boolean][] = [
  [new RegExp(String.raw`(?:^|[.;]\s+)As\s+${NAME_AFTER}\s+(?:[\p{Ll}’'-]+\s+){0,2}${LEAD_CUE}\b`, 'u'), false, false],
  [new RegExp(String.raw`(?:^|[.;]\s+)(?:Hence|Thus|So|Enter)\s+${NAME_AFTER}\s*:\s*$`, 'u'), false, false],
  [new RegExp(String.raw`\b(?:quote|quoting|cite|citing|in the words of|according to|agree with|agreed with)\s+${NAME_AFTER}`, 'u'), true, false],
  [new RegExp(String.raw`\bby\s+${NAME_AFTER}\s*:\s*$`, 'u'), false, false],
  [new RegExp(String.raw`\b(?:words|saying|phrase|remark|dictum|motto|slogan)s?\s+(?:attributed|ascribed)\s+to\s+${NAME_AFTER}`, 'u'), true, false],
  [new RegExp(String.raw`\b[Ii]n\s+${NAME_AFTER}\s+(?:own\s+)?words\b`, 'u'), true, true],
  [new RegExp(String.raw`(?:^|[.;,]\s+)${NAME_AFTER}\s+(?:reply|answer|words|retort|response|comment|remark|verdict|rejoinder)\s*(?:was|were|is|came)?\s*[:,]?\s*$`, 'u'), false, true],
];
const CUE = `(?:${CUE_WORDS.join('|')})`;
const AFTER_NAME_CUE = new RegExp(String.raw`^\s*[,.!?]?\s*${NAME_AFTER}\s+(?:\w+ly\s+)?${CUE}\b`, 'u');
const AFTER_PRONOUN_CUE = new RegExp(String.raw`^\s*[,.!?]?\s*(he|she)\s+(?:\w+ly\s+)?${CUE}\b`, 'u');
const AFTER_SELF_CUE = new RegExp(String.raw`^\s*[,.!?]?\s*I\s+(?:\w+ly\s+)?${CUE}\b`, 'u');
/** Straight after a closing mark ending in , ! ? or —: NAME verb | pronoun verb | verb NAME, the clause then ending. */
const AFTER_OPEN_VERB = new RegExp(
  String.raw`^\s*(?:[,—]\s*)?(?:${NAME_AFTER}\s+([a-z]+)|(he|she|I)\s+([a-z]+)|([a-z]+)\s+${NAME_AFTER})(?:\s+(?:[a-z]+ly|aloud))?(?=\s*(?:[.,;:!?—]|$|\s+(?:to|at|in|with|from|and|as|again|back|out|up)\b))`,
  'u',
);
const AFTER_CUE_PRONOUN = new RegExp(String.raw`^\s*[,.!?;]?\s*(?:${CUE}|quoth)\s+(I|he|she)\b(?![’'])`, 'u');
const AFTER_UNNAMED = new RegExp(String.raw`^\s*[,.!?;]?\s*(?:${CUE}\s+(?:the|a|an|one|another|his|her|their|my|our|some)\s|(?:the|a|an|one|another|his|her|their|my|our|some)\s+[\p{Ll}-]+(?:\s+[\p{Ll}-]+)?\s+${CUE}\b|(?:they|we|you|someone|somebody|everyone)\s+${CUE}\b)`, 'u');
const AFTER_CUE_NAME = new RegExp(String.raw`^\s*[,.!?]?\s*${CUE}\s+${NAME_AFTER}`, 'u');
const AFTER_PASSIVE_BY = new RegExp(String.raw`\b\w+ed\s+by\s+${NAME_AFTER}`, 'u');
const NAME_AT_START = new RegExp('^' + NAME_AFTER, 'u');
const SUBJECT_NAME_AT_START = new RegExp('^' + NAME_AFTER + String.raw`(?![’'])`, 'u');

/** Patterns that put the name after a lead word: "As Serge noted", "quote Serge", "Hence Ida Mett:". */
export function leadWordName(text: string, persons: PersonIndex): string | null {
  for (const [re, lenient, possessive] of LEAD_WORD_RES) {
    const m = re.exec(text);
    if (m) {
      const name = m[1].trim().replace(/[’']s$/, '');
      if (/[’']s$/.test(m[1].trim()) !== possessive) continue;
      if (isPerson(name, persons) || (lenient && looksLikePersonName(name))) return name;
    }
  }
  return null;
}

export function isPerson(phrase: string, persons: PersonIndex): boolean {
  if (!/\s+and\s+/.test(phrase) && persons.nameIn(phrase) === null) return false;
  const p = phrase.replace(/[’']s$/, '');
  if (/\s+and\s+/.test(p)) return p.split(/\s+and\s+/).every((x) => isPerson(x, persons));
  if (/\s/.test(p)) return looksLikePersonName(p);
  return persons.isKnown(p) && looksLikePersonName(p);
}

/**
 * Cue before a quotation: `pre` is the framing prose of the sentence before the opening mark.
 * With a colon lead-in the main clause's subject speaks (the first cue); otherwise the nearest cue.
 */
export function cueBefore(pre: string, persons: PersonIndex): CueResult {
  const lead = leadWordName(pre, persons);
  if (lead) return { speaker: lead, kind: 'name', rule: 'lead-word' };
  const tokens = pre.split(/\s+/).filter(Boolean);
  const cueIdx: number[] = [];
  for (let i = 0; i < tokens.length; i++) if (isCueAt(tokens, i)) cueIdx.push(i);
  // Any verb right before the opening mark, with a comma or colon, introduces speech ("Lenin croaked:", "crying, “…”").
  const last = tokens.length - 1;
  if (last >= 0 && !cueIdx.includes(last) && /^[a-z][a-z-]+(?:ed|ing|s)?[,:;]$/.test(tokens[last]) && isVerbLike(tokens[last].replace(/[,:;]$/, ''))) cueIdx.push(last);
  const colon = /:[-—]?\s*$/.test(pre);
  // "Last summer she admonished a women's congress in this manner:": in a colon lead-in, the main clause's verb,
  // whatever it is, when it follows its subject at the start of the sentence (not "… because he denied …:").
  if (!cueIdx.length && colon) {
    const sentence = pre.split(/(?<=[.!?])\s+(?=\p{Lu})/u).pop() ?? pre;
    const words = sentence.split(/\s+/).filter(Boolean);
    for (let i = 1; i < Math.min(words.length, 6); i++) {
      if (AUXILIARY.has(words[i]) || /[,;]$/.test(words[i - 1]) && i > 1) break;
      if (!/^[a-z][a-z-]+$/.test(words[i]) || !isVerbLike(words[i]) || /ing$/.test(words[i])) continue;
      const subj = subjectBefore(words.slice(0, i).join(' '), persons);
      if (subj.kind === 'name') return { speaker: subj.name, kind: 'name', rule: 'cue-before' };
      if (subj.kind === 'pronoun') return { speaker: null, kind: 'pronoun', rule: 'cue-before-pronoun' };
      if (subj.kind === 'self') return { speaker: null, kind: 'self', rule: 'cue-self' };
      break;
    }
  }
  if (!cueIdx.length) return { speaker: null, kind: 'none', rule: 'none' };
  const order = colon ? cueIdx : [...cueIdx].reverse();
  for (const i of order) {
    const before = tokens.slice(0, i).join(' ');
    const subj = subjectBefore(before, persons, tokens[i]);
    // "Brannoc, crying, “…”", "Brannoc wailed, “…”": a verb right before the marks, after one capitalised word
    // opening the sentence: that word is a name, known or not.
    if (i === last && subj.kind === 'nonperson') {
      const lone = /^([\p{Lu}][\p{L}’'\-]+),?$/u.exec(before.trim());
      if (lone && looksLikePersonName(lone[1]) && persons.nameIn(lone[1]) !== null) return { speaker: lone[1], kind: 'name', rule: 'cue-before' };
    }
    if (subj.kind === 'name') return { speaker: subj.name, kind: 'name', rule: 'cue-before' };
    if (subj.kind === 'pronoun') return { speaker: null, kind: 'pronoun', rule: 'cue-before-pronoun' };
    if (subj.kind === 'self') return { speaker: null, kind: 'self', rule: 'cue-self' };
    if (subj.kind === 'blocked') return { speaker: null, kind: 'blocked', rule: 'cue-unnamed' };
    // "An American Trotskyist suggests": an unnamed someone; only a note naming the author may name them.
    if (subj.kind === 'nonperson') return { speaker: null, kind: 'blocked', rule: 'cue-nonperson' };
    // "proclaimed Trotsky" style inversion right after the cue
    const after = tokens.slice(i + 1, i + 5).join(' ');
    const inv = NAME_AT_START.exec(after);
    if (inv && isPerson(inv[1], persons)) return { speaker: inv[1], kind: 'name', rule: 'cue-inverted' };
    if (/^I\b/.test(after)) return { speaker: null, kind: 'self', rule: 'cue-self' }; // "said I:"
    if (/^(?:he|she)\b/.test(after)) return { speaker: null, kind: 'pronoun', rule: 'cue-before-pronoun' }; // "said he:" 
  }
  return { speaker: null, kind: 'none', rule: 'none' };
}

/** Cue after a quotation: `“Q,” NAME CUE`, `“Q,” CUE NAME`, `“Q” … advocated by NAME`. */
export function cueAfter(post: string, persons: PersonIndex, contentEnd = ''): CueResult {
  const a = AFTER_NAME_CUE.exec(post);
  if (a && isPerson(a[1], persons)) return { speaker: a[1], kind: 'name', rule: 'cue-after' };
  const p = AFTER_PRONOUN_CUE.exec(post);
  if (p) return { speaker: null, kind: 'pronoun', rule: 'cue-after-pronoun' };
  if (AFTER_SELF_CUE.test(post)) return { speaker: null, kind: 'self', rule: 'cue-self' };
  // “…,” said I / “…,” said he: the pronoun after its verb.
  const inverted = AFTER_CUE_PRONOUN.exec(post);
  if (inverted) return inverted[1] === 'I' ? { speaker: null, kind: 'self', rule: 'cue-self' } : { speaker: null, kind: 'pronoun', rule: 'cue-after-pronoun' };
  const b = AFTER_CUE_NAME.exec(post);
  if (b && isPerson(b[1], persons)) return { speaker: b[1], kind: 'name', rule: 'cue-after' };
  // “…,” replied the boy / “…,” the boy replied: someone unnamed speaks, and no rule may guess who.
  if (AFTER_UNNAMED.test(post)) return { speaker: null, kind: 'blocked', rule: 'cue-unnamed' };
  // Right after the closing mark any verb will do: "“…,” Lenin croaked", "“…!” cried Lenin", "“…,” he retorted".
  const o = /[,!?—-]$/.test(contentEnd) || /^\s*[,—]/.test(post) ? AFTER_OPEN_VERB.exec(post) : null;
  if (o) {
    const [, name1, verb1, pron, verb2, verb3, name3] = o;
    // Right after the marks, a capitalised word and a verb are a name and its speech, known or not.
    const named = (n: string) => isPerson(n, persons) || (looksLikePersonName(n) && persons.nameIn(n) !== null);
    if (name1 && isVerbLike(verb1) && named(name1)) return { speaker: name1, kind: 'name', rule: 'cue-after' };
    if (pron && isVerbLike(verb2)) return /^i$/i.test(pron) ? { speaker: null, kind: 'self', rule: 'cue-self' } : { speaker: null, kind: 'pronoun', rule: 'cue-after-pronoun' };
    if (name3 && isVerbLike(verb3) && named(name3)) return { speaker: name3, kind: 'name', rule: 'cue-after' };
  }
  const c = AFTER_PASSIVE_BY.exec(post);
  // "advocated by Marx and Engels": a by-phrase after a past participle names the agent.
  if (c && !/[’']s?$/.test(c[1]) && !/^[’']/.test(post.slice(c.index + c[0].length)) && c[1].split(/\s+and\s+/).every((x) => looksLikePersonName(x) && (/\s/.test(x) || !persons.isKnown(x) ? looksLikePersonName(x) : true)))
    return { speaker: c[1], kind: 'name', rule: 'passive-by' };
  return { speaker: null, kind: 'none', rule: 'none' };
}

/** The grammatical subject of a sentence when it is a named person at its start ("Trotsky did not deny …"). */
export function sentenceSubject(sentence: string, persons: PersonIndex): SubjectResult {
  const s = sentence.replace(/^\s+/, '');
  // An introductory phrase up to the first comma may precede the subject.
  const candidates = [s];
  const comma = s.indexOf(', ');
  if (comma > 0 && comma < 140) candidates.push(s.slice(comma + 2));
  for (const c of candidates) {
    const lead = /^(?:In fact|Indeed|Yet|But|And|So|Thus|Hence|Then|Of course),?\s+/.exec(c);
    const t = lead ? c.slice(lead[0].length) : c;
    const pm = /^(he|she)\b/i.exec(t);
    if (pm) return { kind: 'pronoun' };
    const m = SUBJECT_NAME_AT_START.exec(t);
    if (m) {
      let name = m[1].trim();
      const words = name.split(/\s+/);
      while (words.length > 1 && !looksLikePersonName(words[0])) words.shift();
      name = words.join(' ');
      if (isPerson(name, persons)) return { kind: 'name', name };
    }
  }
  return { kind: 'none' };
}

/** Person mentions (outside quotations) in text order, for pronoun carry-over. */
export function personMentions(masked: string, persons: PersonIndex): { pos: number; name: string }[] {
  const out: { pos: number; name: string }[] = [];
  const re = /(?<![\p{L}’'-])([\p{Lu}][\p{L}’'\-]*(?:\s+(?:(?:de|van|von|le|la|du)\s+)?[\p{Lu}][\p{L}’'\-]*){0,3})/gu;
  let m: RegExpExecArray | null;
  while ((m = re.exec(masked))) {
    const phrase = m[1].replace(/[’']s$/, '').replace(/[’']$/, '');
    const words = phrase.split(/\s+/);
    // Try the longest person-like suffix ("In Victor Serge" → "Victor Serge").
    for (let k = 0; k < words.length; k++) {
      const sub = words.slice(k).join(' ');
      if ((words.length - k > 1 && looksLikePersonName(sub) && persons.isKnown(sub)) || (words.length - k === 1 && isPerson(sub, persons))) {
        out.push({ pos: m.index, name: sub });
        break;
      }
    }
  }
  return out;
}
