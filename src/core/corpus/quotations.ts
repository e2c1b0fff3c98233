/**
 * Quotation candidates from paragraphs: inline spans and colon-introduced blocks, with what their
 * framing prose says about the speaker. Notes are applied later (attribution.ts), once note authors are known.
 */
import { cueAfter, cueBefore, isPerson, leadWordName, personMentions, sentenceSubject, type CueResult, type SubjectResult } from './cues.js';
import { isTitled, looksLikePersonName, type PersonIndex } from './names.js';
import { findSpans, isNested, isTitleCase, maskSpans, nestedFlags, type Span } from './spans.js';
import { sentenceEndAfter, sentenceStartBefore, wordCount } from './text.js';

export interface Marker {
  /** Position in the cleaned paragraph text. */
  pos: number;
  n: number;
}

export interface Unit {
  passageId: string;
  location: string;
  /** Cleaned paragraph text (note markers removed). */
  text: string;
  markers: Marker[];
  /** A block quotation (indented, `>` or <blockquote>): quoted whole. */
  quote?: boolean;
}

export interface Candidate {
  unit: number;
  kind: 'inline' | 'block';
  text: string;
  cue: CueResult;
  /** Pronoun target when the cue is a pronoun. */
  carried: string | null;
  /** Lead-in sentence subject (weak rule). */
  weak: string | null;
  /** Linked note number. */
  note: number | null;
  nested: boolean;
  /** Strong block lead-in ("Hence Ida Mett:", "As X noted:", a cue verb). */
  strongLead: boolean;
  /** A work the text names right at the quotation (forum "*Title*"). */
  namedWork: string | null;
  /** A citation the text gives in parentheses right after the quotation ("(Harman, 17)"), inside a note. */
  inlineCitation?: string | null;
  /** Index of the opening mark and just after the closing mark (inline quotations). */
  open?: number;
  close?: number;
  /** Set by the forum parser: the words are a post's own text. */
  fixedSpeaker?: { speaker: string | null; confidence: number; rule: string };
}

/** "Thus Mr. Struve wrote", "So said Lenin", "These were the words of Zinoviev". */
const THUS_NAME = String.raw`((?:[\p{Lu}][\p{L}’'\-]*\.?\s+){0,2}[\p{Lu}][\p{L}’'\-]+)`;
const THUS_VERB = '(?:said|says|wrote|writes|spoke|speaks|declared|declares|argued|argues|answered|replied|put it)';
const THUS_CUE = new RegExp(
  String.raw`^\s*(?:(?:Thus|So)\s+${THUS_NAME}\s+(?:\w+ly\s+)?${THUS_VERB}|(?:Thus|So)\s+${THUS_VERB}\s+${THUS_NAME}|(?:These|Those|Such)\s+(?:are|were)\s+the\s+words\s+of\s+${THUS_NAME})`,
  'u',
);
const CUE_NEAR = /\b(?:said|says|wrote|writes|argued|argues|stated|states|noted|notes|asserted|asserts|proclaimed|proclaims|called|calls|described|describes|declared|declares|added|adds|stressed|stresses|termed|dubbed|recalled|acknowledged|suggested|suggests|claimed|claims|put)\b/;

/** Words before a name that make it an object, not a subject ("a letter to Marx", "with Lenin"). */
const OBJECT_BEFORE = /\b(?:to|with|from|for|about|against|of|on|at|toward|towards|upon|than|like|unlike|by|before|after|between|among|visit(?:ed)?|met|saw|asked|told)\s+(?:the\s+|comrade\s+)?$/i;

const ADDRESSEE_BEFORE = /\b(?:to|told|asked|answered|wrote to|letter to|telegram to)\s+(?:comrade\s+)?$/i;

export interface ExtractState {
  lastPerson: string | null;
  /** Who "I" is in the framing prose: the article's author or the post's poster; null when unknown. */
  narrator?: string | null;
  /** The last person named as a subject (not an addressee or an object) in earlier paragraphs. */
  lastSubject?: string | null;
  /** Quotations of a paragraph made only of quotations, none of them cued: a "Thus X wrote" opening the next names them. */
  uncued?: Candidate[] | null;
  /** The voice of a quotation that runs on into the next paragraph (its paragraphs each open with a mark). */
  runsOn?: { cue: CueResult; carried: string | null } | null;
}

/**
 * The person a pronoun cue before `pos` refers to: the last person named before the pronoun, except one the pronoun's
 * relative clause is about ("Foster compared him to Goldman, who he said was “…”" → Foster).
 */
function resolvePronoun(mentions: { pos: number; name: string }[], pos: number, state: ExtractState, masked?: string): string | null {
  let at = pos;
  if (masked) {
    const re = /\b(?:he|she|He|She)\b/g;
    let m: RegExpExecArray | null;
    let last = -1;
    while ((m = re.exec(masked)) && m.index < pos) last = m.index;
    if (last >= 0) at = last;
  }
  let pool = mentions.filter((m) => m.pos < at);
  // "Mendes, who she said was …": the relative clause's antecedent is not the pronoun's.
  const nearest = pool[pool.length - 1];
  if (nearest && masked && /^[^.;:!?]{0,60}?,?\s+(?:who|whom)\s+$/.test(masked.slice(nearest.pos + nearest.name.length, at))) {
    pool = pool.filter((m) => m.name !== nearest.name && !nearest.name.endsWith(m.name) && !m.name.endsWith(nearest.name));
    if (!pool.length) return null;
  }
  // "a letter to Marx, … he writes": an addressee or the object of a preposition is not who speaks.
  const subjects = masked ? pool.filter((m) => !OBJECT_BEFORE.test(masked.slice(Math.max(0, m.pos - 30), m.pos))) : pool;
  // Only objects in this paragraph ("I put to Bucharin … he said"): the person last named as a subject before it.
  const best = subjects[subjects.length - 1] ?? null;
  if (best) return best.name;
  // The addressee of the pronoun's own sentence ("In a letter to Marx … he writes") is never the one who speaks;
  // one spoken to before may answer ("I spoke to Zorin. He laughed. “…,” he said").
  const addressees = masked ? pool.filter((m) => ADDRESSEE_BEFORE.test(masked.slice(Math.max(0, m.pos - 30), m.pos)) && !/[.!?]\s/.test(masked.slice(m.pos, at))) : [];
  const others = pool.filter((m) => !addressees.includes(m));
  if (others.length) return others[others.length - 1].name;
  return addressees.length ? null : state.lastPerson;
}

function subjectName(s: SubjectResult, mentions: { pos: number; name: string }[], pos: number, state: ExtractState): string | null {
  if (s.kind === 'name') return s.name;
  if (s.kind === 'pronoun') return resolvePronoun(mentions, pos, state);
  return null;
}

/**
 * Inline quotations of one paragraph. `inBlock`: the paragraph is itself quoted (quotations inside keep
 * only a speaker their own cue gives).
 */
export function inlineCandidates(
  units: Unit[],
  ui: number,
  persons: PersonIndex,
  state: ExtractState,
  inBlock: boolean,
  warn: (m: string) => void,
  inNote = false,
): Candidate[] {
  const u = units[ui];
  const text = u.text;
  let spans = findSpans(text, (m) => warn(`${u.location}: ${m}`), inBlock || !!u.quote);
  // In a block quotation the marks round the whole block are the block's; the words inside frame its inner quotations.
  if (inBlock || u.quote) {
    const lead = /^\s*/.exec(text)![0].length;
    spans = spans.filter((x) => !(x.open === lead && (x.runsOn || /\n\s*\n/.test(x.content) || x.content.length >= text.trimEnd().length * 0.8)));
  }
  const masked = maskSpans(text, spans);
  const mentions = personMentions(masked, persons);
  const out: Candidate[] = [];
  let prevCloseInSentence = -1;
  // “…” “…” ¶ Thus Mr. Struve wrote in his Osvoboshdenie.
  const thusAfter = state.uncued?.length ? THUS_CUE.exec(masked.slice(0, sentenceEndAfter(masked, 0))) : null;
  const thusName = thusAfter ? thusAfter[1] ?? thusAfter[2] ?? thusAfter[3] : null;
  if (thusName && isPerson(thusName, persons)) for (const c of state.uncued!) c.cue = { speaker: thusName, kind: 'name', rule: 'thus' };
  state.uncued = null;
  const nestedAt = nestedFlags(spans);
  for (const [k, s] of spans.entries()) {
    const content = s.content.trim();
    const wc = wordCount(content);
    if (wc <= 1) continue;
    const nested = nestedAt[k];
    // A block quotation that is one quoted span is the block itself, not a second quotation inside it.
    // Marks opening the block or its paragraphs are the block's own ("“… ¶ “… ”"), not a quotation inside it.
    if (inBlock && (s.open <= 1 || /\n\s*\n/.test(s.content) || s.content.length >= text.replace(/\s+$/, '').length * 0.8)) continue;
    // Trotsky’s “New Course”: a possessive before the mark makes it a title.
    if (/(?:[’']s|s’)\s*$/.test(text.slice(Math.max(0, s.open - 4), s.open))) continue;
    if (isTitleCase(content) && wc <= 14) continue;
    const sentStart = sentenceStartBefore(masked, s.open);
    const sentEnd = sentenceEndAfter(masked, s.close);
    const localStart = prevCloseInSentence >= sentStart ? prevCloseInSentence : sentStart;
    const pre = masked.slice(localStart, s.open);
    const fullPre = masked.slice(sentStart, s.open);
    const post = masked.slice(s.close, Math.max(s.close, sentEnd));
    let cue = nested ? nestedCue(text, s, spans, persons) : cueBefore(pre, persons);
    if (!nested && cue.kind === 'none') cue = cueAfter(post, persons, content.replace(/["”’']+$/, '').slice(-1));
    if (!nested && cue.kind === 'none' && fullPre !== pre) cue = cueBefore(fullPre, persons);
    // A paragraph of a quotation that began in the paragraph before: the same voice.
    let carriedOn: string | null = null;
    if (!nested && cue.kind === 'none' && s === spans[0] && !text.slice(0, s.open).trim() && state.runsOn) {
      cue = { ...state.runsOn.cue, rule: 'continued' };
      carriedOn = state.runsOn.carried;
    }
    // Script and dialogue turns: `Lenin. “…”`, `LENIN: “…”` (the label may stand as a sentence of its own).
    if (!nested && cue.kind === 'none') {
      const labelText = fullPre.trim() ? fullPre : masked.slice(sentenceStartBefore(masked, Math.max(0, sentStart - 2)), sentStart);
      const label = /^\s*([\p{Lu}][\p{L}’'\-]+(?:\s+[\p{Lu}][\p{L}’'\-]+){0,2})\s*[.:]-?\s*$/u.exec(labelText);
      const name = label ? label[1].replace(/^([\p{Lu}])([\p{Lu}’'\-]+)$/u, (_m, a: string, b: string) => a + b.toLowerCase()) : null;
      // A label in capitals with a colon ("BRANNOC:") is a script's turn even for a name the prose never uses.
      const scriptLabel = !!label && label[1] === label[1].toUpperCase() && /:/.test(labelText) && looksLikePersonName(name!) && persons.nameIn(name!) !== null;
      if (name && (isPerson(name, persons) || scriptLabel)) cue = { speaker: name, kind: 'name', rule: 'script' };
    }
    // “…,” he said. “…”: a quotation whose framing since the last one is a few words goes on in the same voice.
    const prev = out[out.length - 1];
    const spanBetween = prev?.close !== undefined && spans.some((x) => x !== s && x.open >= prev.close! && x.close <= s.open);
    if (!nested && cue.kind === 'none' && prev && !prev.nested && prev.close !== undefined && prev.close <= s.open && !spanBetween && (prev.cue.kind === 'name' || (prev.cue.kind === 'pronoun' && prev.carried)) && prev.close !== undefined) {
      const between = masked.slice(prev.close, s.open);
      // Only a cue clause between ("he said.", "Then,"): no second sentence, no one else named.
      const speakerWords = new Set((prev.cue.speaker ?? prev.carried ?? '').split(/\s+/));
      const others = (between.match(/[\p{Lu}][\p{L}’'\-]*/gu) ?? []).filter((w) => !speakerWords.has(w) && !/^(?:Then|And|But|So|Yes|No|He|She|I)$/.test(w));
      const sentences = (between.match(/[.!?](?=\s+\S)/g) ?? []).length;
      if (wordCount(between) <= 6 && !others.length && sentences <= 1 && personMentions(between, persons).every((m) => persons.same(m.name, prev.cue.speaker ?? prev.carried))) {
        cue = { ...prev.cue, rule: 'continued' };
      }
    }
    // “Lenin said that … . “The only opposition …”: a quotation opening a sentence after one that reports someone's words.
    if (!nested && cue.kind === 'none' && !fullPre.trim() && sentStart > 0) {
      const prevStart = sentenceStartBefore(masked, sentStart - 2);
      const prevMasked = masked.slice(prevStart, sentStart);
      // A sentence that is a quotation and its cue (“Yes,” he said.) may name no one else.
      const quoted = /["“”]/.test(text.slice(prevStart, sentStart));
      const found = cueBefore(prevMasked.replace(/[.!?]\s*$/, ''), persons);
      const names = new Set((found.speaker ?? '').split(/\s+/));
      const others = (prevMasked.replace(/x{2,}/g, ' ').match(/[\p{Lu}][\p{L}’'\-]*/gu) ?? []).filter((w) => !names.has(w) && !/^(?:He|She|I|Then|And|But)$/.test(w));
      const reported = quoted && (others.length || wordCount(prevMasked.replace(/x{2,}/g, ' ')) > 8) ? { kind: 'none' as const } : found;
      if (reported.kind === 'name' || reported.kind === 'pronoun' || reported.kind === 'self') cue = { ...(reported as CueResult), rule: 'reported' };
    }
    // “…” Thus Mr. Struve wrote in his Osvoboshdenie: the next sentence names who wrote it.
    const closesSentence = /[.!?…]["”’']*$/.test(content);
    if (!nested && cue.kind === 'none' && (closesSentence || !post.trim())) {
      const next = closesSentence ? post : masked.slice(sentEnd, sentenceEndAfter(masked, sentEnd + 1));
      const thus = THUS_CUE.exec(next);
      const name = thus ? thus[1] ?? thus[2] ?? thus[3] : null;
      if (name && isPerson(name, persons)) {
        cue = { speaker: name, kind: 'name', rule: 'thus' };
        // The quotations just before it, with nothing but space between, are the same words.
        let open = s.open;
        for (let k = out.length - 1; k >= 0; k--) {
          const q = out[k];
          if (q.cue.kind !== 'none' || q.close === undefined || q.open === undefined || masked.slice(q.close, open).trim()) break;
          q.cue = cue;
          open = q.open;
        }
      }
    }
    // "Tam Venn met the carters. “…,” Venn said.": a surname means the person of that name last named here.
    if (cue.kind === 'name' && cue.speaker && !/\s/.test(cue.speaker.trim())) {
      const named = mentions.filter((m) => m.pos < s.open && /\s/.test(m.name) && !isTitled(m.name) && persons.same(m.name, cue.speaker)).pop();
      if (named) cue = { ...cue, speaker: named.name };
    }
    if (cue.kind === 'self') cue = state.narrator && !inBlock ? { speaker: state.narrator, kind: 'name', rule: 'narrator' } : { speaker: null, kind: 'blocked', rule: 'cue-unnamed' };
    // In a note, “Title”, Container (…): a quoted title followed by a comma, unless a cue after names a speaker.
    if (inNote && !/[.!?…]$/.test(content.replace(/,$/, '')) && (/^,\s*(?:[\p{Lu}“"\d]|Op\b)/u.test(text.slice(s.close)) || (/,$/.test(content) && /^\s*(?:[\p{Lu}“"\d]|Op\b)/u.test(text.slice(s.close)))) && !(cue.kind === 'name' && cue.rule === 'cue-after')) continue;
    const marker = u.markers.find((m) => m.pos >= s.close - 1) ?? null;
    // A note marker or a parenthetical citation ("(Harman, 17)") right after the marks: a real quotation.
    const immediate = (marker !== null && marker.pos - s.close <= 3) || citationRightAfter(text, s.close) !== null;
    // "[a]fter Lenin’s death": an editor's bracket adapting the first letter marks a quotation, however short.
    const adapted = /^\[\p{L}\]/u.test(content);
    if (wc <= 4) {
      const lastWords = pre.trim().split(/\s+/).slice(-4).join(' ');
      const cueNear = CUE_NEAR.test(lastWords) && (cue.kind === 'name' || cue.kind === 'pronoun');
      // “Yes, of course,” he said: a cue after the marks makes even a few words a quotation.
      const cueAfterName = (cue.kind === 'name' || cue.kind === 'pronoun' || cue.kind === 'self') && (cue.rule === 'cue-after' || cue.rule === 'cue-after-pronoun' || cue.rule === 'cue-self' || cue.rule === 'passive-by' || cue.rule === 'script');
      if (!immediate && !cueNear && !cueAfterName && !adapted) continue;
    }
    const carried = carriedOn ?? (cue.kind === 'pronoun' ? resolvePronoun(mentions, s.open, state, masked) : null);
    // A quotation opening its sentence: the subject of the sentence before it ("Lenin appeared enthusiastic. “…”").
    const weakFrom = masked.slice(sentStart, s.open).trim() || sentStart === 0 ? sentStart : sentenceStartBefore(masked, sentStart - 2);
    const weakSubj = sentenceSubject(masked.slice(weakFrom, s.open), persons);
    const weak = subjectName(weakSubj, mentions, s.open, state);
    const work = /\*([^*]{3,120})\*[,\s]*$/.exec(text.slice(Math.max(0, s.open - 140), s.open));
    const link = /^\s*(https?:\/\/\S+)/.exec(text.slice(s.close));
    out.push({
      unit: ui,
      kind: 'inline',
      text: s.content,
      cue,
      carried,
      weak,
      note: inBlock ? null : marker?.n ?? null,
      nested: nested || inBlock,
      strongLead: false,
      namedWork: work ? work[1] + (link ? ` ${link[1]}` : '') : link ? link[1] : null,
      open: s.open,
      close: s.close,
    });
    if (!nested) prevCloseInSentence = s.close;
  }
  const last = mentions[mentions.length - 1];
  if (last) state.lastPerson = last.name;
  const lastSubject = mentions.filter((m) => !OBJECT_BEFORE.test(masked.slice(Math.max(0, m.pos - 30), m.pos))).pop();
  if (lastSubject) state.lastSubject = lastSubject.name;
  const own = out.filter((c) => !c.nested);
  const framing = wordCount(masked.replace(/x{2,}/g, ' ').replace(/["“”]/g, ' '));
  state.uncued = own.length && own.every((c) => c.cue.kind === 'none') && framing <= own.length * 2 ? own : null;
  const final = own[own.length - 1];
  const runsOn = spans.find((x) => x.runsOn && !isNested(x, spans));
  state.runsOn = runsOn && final && final.open === runsOn.open ? { cue: final.cue, carried: final.carried } : null;
  return out;
}

/**
 * The cue of a quotation inside another: read in the words of the outer quotation round it ("“The council voted,
 * and ‘We will not pay,’ Brannoc shouted.”" → Brannoc), never in the prose that frames the outer one.
 */
function nestedCue(text: string, s: Span, spans: Span[], persons: PersonIndex): CueResult {
  const outer = spans.filter((o) => o !== s && o.open < s.open && o.close >= s.close).sort((a, b) => b.open - a.open)[0];
  if (!outer) return { speaker: null, kind: 'none', rule: 'none' };
  const from = outer.open + 1;
  const inner = text.slice(from, outer.runsOn ? outer.close : outer.close - 1);
  const local = spans.filter((o) => o.open > outer.open && o.close <= outer.close && (o === s || !isNested(o, spans.filter((x) => x !== outer))));
  const masked = maskSpans(inner, local.map((o) => ({ ...o, open: o.open - from, close: o.close - from })));
  const open = s.open - from;
  const close = s.close - from;
  const pre = masked.slice(sentenceStartBefore(masked, open), open);
  const post = masked.slice(close, Math.max(close, sentenceEndAfter(masked, close)));
  const before = cueBefore(pre, persons);
  return before.kind !== 'none' ? before : cueAfter(post, persons, s.content.trim().replace(/["”’']+$/, '').slice(-1));
}

/** "(Harman, 17)", "(The Marx-Engels Reader [London: …, 1978], 544)" right after a closing mark. */
export function citationRightAfter(text: string, close: number): string | null {
  const m = /^[.,;]?\s*\(((?:[^()\[\]]|\[[^\]]*\])*)\)/.exec(text.slice(close));
  return m && isCitationLike(m[1]) ? m[1] : null;
}

/** The first parenthetical citation after a position (within a note: the source of the quotations before it). */
export function citationAfter(text: string, from: number): string | null {
  const re = /\(((?:[^()\[\]]|\[[^\]]*\])*)\)/g;
  re.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) if (isCitationLike(m[1])) return m[1];
  return null;
}

/** "Harman, 17", "Living My Life [New York: Dover Books, 1970] 2: 938": a name or title with pages; not "(6 September 1935)". */
function isCitationLike(s: string): boolean {
  return /^[“"‘\p{Lu}]/u.test(s.trim()) && /\d/.test(s) && /[,:]/.test(s) && s.length < 300;
}

/** The lead-in of a colon-introduced block: who its last sentence says speaks. */
export function leadIn(
  units: Unit[],
  ui: number,
  persons: PersonIndex,
  state: ExtractState,
): { cue: CueResult; carried: string | null; weak: string | null; strong: boolean } {
  const u = units[ui];
  const spans = findSpans(u.text, () => {});
  const masked = maskSpans(u.text, spans);
  const mentions = personMentions(masked, persons);
  const end = masked.replace(/\s+$/, '').length;
  const start = sentenceStartBefore(masked, end - 1);
  const sentence = masked.slice(start, end);
  const lw = leadWordName(sentence, persons);
  if (lw) return { cue: { speaker: lw, kind: 'name', rule: 'lead-in' }, carried: null, weak: null, strong: true };
  let cue = cueBefore(sentence, persons);
  if (cue.kind === 'self') cue = state.narrator ? { speaker: state.narrator, kind: 'name', rule: 'narrator' } : { speaker: null, kind: 'blocked', rule: 'cue-unnamed' };
  const carried = cue.kind === 'pronoun' ? resolvePronoun(mentions, end, state, masked) : null;
  const ws = sentenceSubject(sentence, persons);
  const weak = subjectName(ws, mentions, start, state);
  return { cue, carried, weak, strong: cue.kind === 'name' || cue.kind === 'pronoun' };
}

/** Does a paragraph end by introducing a block ("…:")? */
export function endsWithColon(text: string): boolean {
  return /:[-—–]?\s*$/.test(text);
}
