/**
 * Quotation candidates from paragraphs: inline spans and colon-introduced blocks, with what their
 * framing prose says about the speaker. Notes are applied later (attribution.ts), once note authors are known.
 */
import { cueAfter, cueBefore, leadWordName, personMentions, sentenceSubject, type CueResult, type SubjectResult } from './cues.js';
import type { PersonIndex } from './names.js';
import { findSpans, isNested, isTitleCase, maskSpans } from './spans.js';
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
  /** Index just after the closing mark (inline quotations). */
  close?: number;
  /** Set by the forum parser: the words are a post's own text. */
  fixedSpeaker?: { speaker: string | null; confidence: number; rule: string };
}

const CUE_NEAR = /\b(?:said|says|wrote|writes|argued|argues|stated|states|noted|notes|asserted|asserts|proclaimed|proclaims|called|calls|described|describes|declared|declares|added|adds|stressed|stresses|termed|dubbed|recalled|acknowledged|suggested|suggests|claimed|claims|put)\b/;

export interface ExtractState {
  lastPerson: string | null;
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
  const before = mentions.filter((m) => m.pos < at);
  let best: { pos: number; name: string } | null = before[before.length - 1] ?? null;
  if (best && masked && /^[^.;:!?]{0,60}?,?\s+(?:who|whom)\s+$/.test(masked.slice(best.pos + best.name.length, at))) {
    const other = [...before].reverse().find((m) => m.name !== best!.name && !best!.name.endsWith(m.name) && !m.name.endsWith(best!.name));
    best = other ?? null;
    if (!best) return null;
  }
  return best?.name ?? state.lastPerson;
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
  const spans = findSpans(text, (m) => warn(`${u.location}: ${m}`));
  const masked = maskSpans(text, spans);
  const mentions = personMentions(masked, persons);
  const out: Candidate[] = [];
  let prevCloseInSentence = -1;
  for (const s of spans) {
    const content = s.content.trim();
    const wc = wordCount(content);
    const nested = isNested(s, spans);
    if (wc <= 1) continue;
    // Trotsky’s “New Course”: a possessive before the mark makes it a title.
    if (/(?:[’']s|s’)\s*$/.test(text.slice(Math.max(0, s.open - 4), s.open))) continue;
    if (isTitleCase(content) && wc <= 14) continue;
    const sentStart = sentenceStartBefore(masked, s.open);
    const sentEnd = sentenceEndAfter(masked, s.close);
    const localStart = prevCloseInSentence >= sentStart ? prevCloseInSentence : sentStart;
    const pre = masked.slice(localStart, s.open);
    const fullPre = masked.slice(sentStart, s.open);
    const post = masked.slice(s.close, Math.max(s.close, sentEnd));
    let cue = cueBefore(pre, persons);
    if (cue.kind === 'none') cue = cueAfter(post, persons);
    if (cue.kind === 'none' && fullPre !== pre) cue = cueBefore(fullPre, persons);
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
      const cueAfterName = cue.kind === 'name' && (cue.rule === 'cue-after' || cue.rule === 'passive-by');
      if (!immediate && !cueNear && !cueAfterName && !adapted) continue;
    }
    const carried = cue.kind === 'pronoun' ? resolvePronoun(mentions, s.open, state, masked) : null;
    const weakSubj = sentenceSubject(masked.slice(sentStart, s.open), persons);
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
      close: s.close,
    });
    if (!nested) prevCloseInSentence = s.close;
  }
  const last = mentions[mentions.length - 1];
  if (last) state.lastPerson = last.name;
  return out;
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
  const cue = cueBefore(sentence, persons);
  const carried = cue.kind === 'pronoun' ? resolvePronoun(mentions, end, state) : null;
  const ws = sentenceSubject(sentence, persons);
  const weak = subjectName(ws, mentions, start, state);
  return { cue, carried, weak, strong: cue.kind === 'name' || cue.kind === 'pronoun' };
}

/** Does a paragraph end by introducing a block ("…:")? */
export function endsWithColon(text: string): boolean {
  return /:\s*$/.test(text);
}
