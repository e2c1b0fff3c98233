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
  /** Set by the forum parser: the words are a post's own text. */
  fixedSpeaker?: { speaker: string | null; confidence: number; rule: string };
}

const CUE_NEAR = /\b(?:said|says|wrote|writes|argued|argues|stated|states|noted|notes|asserted|asserts|proclaimed|proclaims|called|calls|described|describes|declared|declares|added|adds|stressed|stresses|termed|dubbed|recalled|acknowledged|suggested|suggests|claimed|claims|put)\b/;

export interface ExtractState {
  lastPerson: string | null;
}

function resolvePronoun(mentions: { pos: number; name: string }[], pos: number, state: ExtractState): string | null {
  let best: string | null = null;
  for (const m of mentions) if (m.pos < pos) best = m.name;
  return best ?? state.lastPerson;
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
    const marker = u.markers.find((m) => m.pos >= s.close - 1) ?? null;
    const immediate = marker !== null && marker.pos - s.close <= 3;
    if (wc <= 4) {
      const lastWords = pre.trim().split(/\s+/).slice(-4).join(' ');
      const cueNear = CUE_NEAR.test(lastWords) && (cue.kind === 'name' || cue.kind === 'pronoun');
      const cueAfterName = cue.kind === 'name' && (cue.rule === 'cue-after' || cue.rule === 'passive-by');
      if (!immediate && !cueNear && !cueAfterName) continue;
    }
    const carried = cue.kind === 'pronoun' ? resolvePronoun(mentions, s.open, state) : null;
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
    });
    if (!nested) prevCloseInSentence = s.close;
  }
  const last = mentions[mentions.length - 1];
  if (last) state.lastPerson = last.name;
  return out;
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
