/**
 * Final attribution: cue speakers first, then the note that closes the quotation (explicit author,
 * short form, or the author inferred from the other quotations that note closes), then a weak
 * sentence-subject rule. Nested quotations and unnamed subjects get only what their own cue gives.
 */
import type { Quotation } from '../types.js';
import type { PersonIndex } from './names.js';
import { inferSeriesAuthors, isSourceNote, noteAuthor, resolveCitation, resolveNotes, type NoteInfo } from './notes.js';
import type { Candidate, Unit } from './quotations.js';
import { personMentions } from './cues.js';
import { findSpans, maskSpans } from './spans.js';
import { sentenceStartBefore } from './text.js';
import type { Note } from '../types.js';

interface Draft {
  c: Candidate;
  speaker: string | null;
  confidence: number;
  rule: string;
}

/** Confidence per rule. */
export const CONFIDENCE: Record<string, number> = {
  'forum-own': 0.95,
  'lead-in': 0.9,
  'lead-word': 0.9,
  'cue-before': 0.9,
  'cue-after': 0.9,
  'cue-inverted': 0.85,
  'passive-by': 0.8,
  pronoun: 0.75,
  'forum-repeat': 0.8,
  'note-author': 0.8,
  'note-inferred': 0.65,
  'weak-subject': 0.55,
};

function cueSpeaker(c: Candidate): { speaker: string | null; rule: string; blocked: boolean } {
  if (c.cue.kind === 'name') return { speaker: c.cue.speaker, rule: c.cue.rule.startsWith('lead') ? 'lead-in' : c.cue.rule, blocked: false };
  if (c.cue.kind === 'pronoun') return { speaker: c.carried, rule: 'pronoun', blocked: c.carried === null };
  return { speaker: null, rule: 'none', blocked: c.cue.kind === 'blocked' };
}

/**
 * The persons named outside quotation marks in the sentence each wanted note marker closes, in order (for a block
 * quotation, the sentence of the paragraph that introduces it).
 */
function namesAtMarkers(units: Unit[], wanted: Set<number>, persons: PersonIndex): Map<number, string[]> {
  const out = new Map<number, string[]>();
  units.forEach((u, i) => {
    for (const m of u.markers) {
      if (!wanted.has(m.n) || out.has(m.n)) continue;
      const lead = u.quote ? (i > 0 && !units[i - 1].quote ? units[i - 1] : null) : u;
      if (!lead) continue;
      const text = lead.text;
      const masked = maskSpans(text, findSpans(text, () => {}));
      let end = lead === u ? Math.min(m.pos, text.length) : text.length;
      while (end > 0 && /\s/.test(masked[end - 1])) end--;
      const start = sentenceStartBefore(masked, end);
      out.set(m.n, personMentions(masked.slice(start, end), persons).map((x) => x.name));
    }
  });
  return out;
}

export function attribute(
  docId: string,
  units: Unit[],
  cands: Candidate[],
  notes: NoteInfo[],
  persons: PersonIndex,
  warn: (m: string) => void,
): { quotations: Quotation[]; notes: Note[] } {
  const byNum = new Map(notes.map((n) => [n.number, n]));
  const drafts: Draft[] = cands.map((c) => {
    if (c.fixedSpeaker) return { c, speaker: c.fixedSpeaker.speaker, confidence: c.fixedSpeaker.confidence, rule: c.fixedSpeaker.rule };
    const cs = cueSpeaker(c);
    if (c.kind === 'block' && !c.strongLead) return { c, speaker: null, confidence: 0, rule: 'none' };
    return { c, speaker: cs.speaker, confidence: cs.speaker ? CONFIDENCE[cs.rule] ?? 0.7 : 0, rule: cs.speaker ? cs.rule : cs.blocked ? 'blocked' : 'none' };
  });

  // Infer the author of notes that name none from the quotations they close (cue speakers first, then weak subjects).
  for (const n of notes) {
    if (n.explicitAuthor || n.kind === 'quotedBy' || n.kind === 'gloss' || n.kind === 'surname') continue;
    const linked = drafts.filter((d) => d.c.note === n.number && !d.c.nested);
    const count = new Map<string, number>();
    for (const d of linked) if (d.speaker) count.set(persons.resolve(d.speaker), (count.get(persons.resolve(d.speaker)) ?? 0) + 1);
    if (!count.size) for (const d of linked) if (d.rule !== 'blocked' && d.c.weak) count.set(persons.resolve(d.c.weak), (count.get(persons.resolve(d.c.weak)) ?? 0) + 1);
    const best = [...count.entries()].sort((a, b) => b[1] - a[1])[0];
    if (best) n.inferredAuthor = best[0];
  }
  // A bare "Op. Cit." points back to the work of whoever its sentence names: "In the words of Robert V. Daniels: …".
  const bare = new Set(notes.filter((n) => n.kind === 'opcit' && !n.head).map((n) => n.number));
  if (bare.size) for (const [num, names] of namesAtMarkers(units, bare, persons)) byNum.get(num)!.named = names;
  inferSeriesAuthors(notes);
  const resolved = resolveNotes(notes, persons, warn);

  // A citation given in parentheses inside a note ("(Harman, 17)") resolves like a note of its own, after the others.
  // A note's quotations often share one citation: resolve each text once.
  const inlineCites = new Map<string, { citation: string; author: string | null }>();
  const inlineCite = (text: string): { citation: string; author: string | null } => {
    let cite = inlineCites.get(text);
    if (!cite) inlineCites.set(text, (cite = resolveCitation(text, notes, persons)));
    return cite;
  };

  const quotations: Quotation[] = [];
  drafts.forEach((d, i) => {
    const c = d.c;
    const info = c.note != null ? byNum.get(c.note) ?? null : null;
    const cite = c.inlineCitation ? inlineCite(c.inlineCitation) : null;
    if (cite && !d.speaker && !c.nested && (d.rule !== 'blocked' || c.cue.rule === 'cue-nonperson') && cite.author) {
      Object.assign(d, { speaker: cite.author, confidence: CONFIDENCE['note-author'], rule: 'note-author' });
    }
    // The person the note itself names: a citation's author, or the one "quoted by" someone else (never the quoter).
    const noteSpeaker = !info || info.kind === 'gloss' ? null : info.kind === 'quotedBy' ? info.quotedSpeaker : info.explicitAuthor;
    if (!d.speaker && d.rule === 'blocked' && c.cue.rule === 'cue-nonperson' && !c.nested && noteSpeaker) {
      Object.assign(d, { speaker: noteSpeaker, confidence: 0.7, rule: 'note-author' });
    }
    // A pronoun cue the prose does not resolve ("he wrote" with nobody named before): the note may name the person.
    const unresolvedPronoun = d.rule === 'blocked' && c.cue.kind === 'pronoun' && !c.carried;
    if (!d.speaker && unresolvedPronoun && !c.nested && !c.fixedSpeaker && noteSpeaker) {
      Object.assign(d, { speaker: noteSpeaker, confidence: CONFIDENCE['note-author'], rule: 'note-author' });
    }
    if (!d.speaker && d.rule !== 'blocked' && !c.nested && !c.fixedSpeaker) {
      const anyAuthor = info ? noteAuthor(info, notes) : null;
      if (noteSpeaker) Object.assign(d, { speaker: noteSpeaker, confidence: CONFIDENCE['note-author'], rule: 'note-author' });
      else if (c.kind === 'block' && c.weak) Object.assign(d, { speaker: c.weak, confidence: 0.7, rule: 'weak-lead-in' });
      else if (anyAuthor) Object.assign(d, { speaker: anyAuthor, confidence: CONFIDENCE['note-inferred'], rule: 'note-inferred' });
      else if (c.weak) Object.assign(d, { speaker: c.weak, confidence: CONFIDENCE['weak-subject'], rule: 'weak-subject' });
    }
    let source: string | null = null;
    let foundIn: string | null = null;
    if (info && !c.nested) {
      // "Quoted by X": the words were found in X's work, the only source the text gives for them.
      if (info.kind === 'quotedBy') source = foundIn = info.foundIn;
      else if (isSourceNote(info)) source = info.citation;
    }
    if (!source && cite) source = cite.citation;
    if (!source && c.namedWork) source = c.namedWork;
    const u = units[c.unit];
    quotations.push({
      id: `${docId}#q${i + 1}`,
      documentId: docId,
      passageId: u.passageId,
      location: u.location,
      kind: c.kind,
      text: c.text,
      speaker: d.speaker ? persons.resolve(d.speaker) : null,
      source,
      foundIn,
      confidence: d.speaker ? d.confidence : 0,
    });
  });
  return { quotations, notes: resolved };
}
