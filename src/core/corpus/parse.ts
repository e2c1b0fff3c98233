/**
 * parseDocument: one corpus text → passages, notes and attributed quotations. Pure: no I/O.
 * Never throws; whatever looks odd goes into warnings.
 */
import type { DocumentMeta, ParsedDocument } from '../types.js';
import { articleFromBlocks } from './article.js';
import { readPlainText } from './layout/plain.js';
import type { LaidOutText } from './layout/types.js';
import { attribute } from './attribution.js';
import { forumFromPosts, parseForumStructure, ANONYMOUS, type ForumStructure } from './forum.js';
import { findMultiWordNames, isTitled, PersonIndex } from './names.js';
import { classifyNote, type NoteInfo } from './notes.js';
import { citationAfter, endsWithColon, inlineCandidates, leadIn, type Candidate, type ExtractState, type Unit } from './quotations.js';
import { wordCount } from './text.js';

const CUE_ADJ =
  /(?<![\p{L}])([\p{Lu}][\p{L}’'\-]+)\s+(?:(?:had|has|have|was|also|later|once|then|himself|herself|\w+ly)\s+){0,2}(?:said|says|wrote|writes|argued|argues|stated|states|noted|notes|asserted|asserts|proclaimed|proclaims|recalled|acknowledged|added|adds|stressed|declared|repeated|suggested|claimed|insisted|explained|told|admitted|concluded|warned|described|replied|commented|been arguing|gives|believed)\b/gu;

const HONORIFIC_NAME = /\b(?:Mr|Mrs|Mme|Madame|Mlle|Monsieur|Dr|Comrade|Citizen|Professor|General|Colonel|Captain|Admiral|Prince|Princess|Count|Countess|Baron|Lord|Lady|Sir)\.?\s+([\p{Lu}][\p{Ll}’'\-]+)(?![\p{L}])/gu;

/** How often a word stands in a text as a whole word, counting no further than `upTo`. */
function wholeWordCount(text: string, word: string, upTo: number): number {
  let n = 0;
  for (let i = text.indexOf(word); i >= 0 && n < upTo; i = text.indexOf(word, i + 1)) {
    if (!/\p{L}/u.test(text[i - 1] ?? '') && !/\p{L}/u.test(text[i + word.length] ?? '')) n++;
  }
  return n;
}

/** People the document names: multi-word names, cue subjects, note authors, posters. */
function buildPersons(text: string, noteTexts: string[], extra: (string | null)[]): PersonIndex {
  const persons = new PersonIndex(text);
  // Two capitalised words are a person's name only with evidence: the surname standing alone elsewhere ("Victor
  // Serge" … "Serge"), an initial or a title ("G. T. Miasnikov", "Madame Kollontai"), a speech verb beside it, or
  // a sentence opened with a deed, or the full name used twice and never after a word of place or of
  // ("Angelica Balabonova"; not "Colney Hatch",
  // "Seven Dials", "Old Lamps for New Ones").
  const { standalone, actors, afterPlace } = persons.evidence;
  const uses = new Map<string, number>();
  const found = findMultiWordNames(text);
  for (const n of found) uses.set(n, (uses.get(n) ?? 0) + 1);
  for (const n of new Set(found)) {
    const words = n.split(/\s+/);
    const evidence =
      standalone.has(words[words.length - 1]) || words.some((w) => /^[\p{Lu}]\.?$/u.test(w)) || isTitled(n) || actors.has(n) ||
      (uses.get(n)! >= 2 && !afterPlace.has(n));
    if (evidence) persons.addFull(n);
  }
  for (const e of extra) if (e) persons.addFull(e);
  let m: RegExpExecArray | null;
  CUE_ADJ.lastIndex = 0;
  while ((m = CUE_ADJ.exec(text))) {
    const before = text.slice(Math.max(0, m.index - 5), m.index);
    if (/\b(?:the|a|an)\s+$/i.test(before)) continue;
    const w = m[1];
    if (/^(?:He|She|It|They|We|I|You|This|That|There|Here|Who|Which|What|One|Everyone|Nobody)$/.test(w)) continue;
    persons.addFull(w);
  }
  // "Mr. Vanderlip", "Comrade Zorin": a title makes the next word a surname.
  for (const m of text.matchAll(HONORIFIC_NAME)) persons.addFull(m[1]);
  // "Trotsky, 110." / "Errico Malatesta, “…”": note authors.
  for (const t of noteTexts) {
    const s = /^(?:Quoted by\s+)?([\p{Lu}][\p{L}’'\-]+)[.,]+\s*\d/u.exec(t);
    if (s) persons.addFull(s[1]);
    const a = /^(?:Quoted by\s+)?((?:[\p{Lu}][\p{L}’'\-]*\.?\s+){1,3}[\p{Lu}][\p{L}’'\-]+),\s+[“"\p{Lu}]/u.exec(t);
    if (a) for (const n of findMultiWordNames(a[1])) persons.addFull(n);
    // A person a note discusses: a full name whose surname the note repeats on its own ("William Z Foster … Foster said").
    for (const n of findMultiWordNames(t)) {
      if (wholeWordCount(t, n.split(/\s+/).pop()!, 2) >= 2) persons.addFull(n);
    }
  }
  // Only keep single words that look like names (the cue regex also meets "Moreover", "Stalinists").
  return persons;
}

function emptyDoc(meta: DocumentMeta, warnings: string[]): ParsedDocument {
  return { meta, passages: [], quotations: [], notes: [], warnings };
}

/** Parses a plain text (a forum thread when meta.kind says so). */
export function parseDocument(meta: DocumentMeta, text: string): ParsedDocument {
  if (meta.kind === 'forum' || typeof text !== 'string') return parseLaidOut(meta, { layout: 'forum-text', encoding: 'utf-8', found: {}, blocks: [], warnings: [], rawText: text });
  return parseLaidOut(meta, readPlainText(text, 'utf-8'));
}

/** Parses a text as its layout reader laid it out. */
export function parseLaidOut(meta: DocumentMeta, laid: LaidOutText): ParsedDocument {
  const warnings: string[] = [...laid.warnings];
  const warn = (m: string) => {
    if (warnings.length < 200) warnings.push(m);
  };
  try {
    if (laid.posts) return parseForum(meta, forumFromPosts(meta, laid.posts, warn), warn, warnings);
    if (meta.kind === 'forum' && laid.rawText !== undefined) {
      if (typeof laid.rawText !== 'string' || !laid.rawText.trim()) {
        warn('empty text');
        return emptyDoc(meta, warnings);
      }
      return parseForum(meta, parseForumStructure(meta, laid.rawText, warn), warn, warnings);
    }
    if (!laid.blocks.some((b) => b.type === 'paragraph' || b.type === 'quote')) {
      warn('empty text');
      return emptyDoc(meta, warnings);
    }
    return parseArticle(meta, laid, warn, warnings);
  } catch (e) {
    warn(`parser error: ${e instanceof Error ? e.message : String(e)}`);
    return emptyDoc(meta, warnings);
  }
}

/** A block printed inside quotation marks ("“…” with each paragraph opening one) reads without them. */
function unquoteBlock(text: string): string {
  const t = text.trim();
  if (!/^["“]/.test(t)) return text;
  return t
    .split(/\n\s*\n/)
    .map((p) => p.replace(/^["“]/, '').replace(/([.!?…,;:-])["”]$/, '$1'))
    .join('\n\n')
    .replace(/["”]$/, '');
}

/** Colon lead-ins: the block runs over the following units until `isEnd` says it closed. */
function blockCandidates(
  units: Unit[],
  leadIdx: number,
  blockIdx: number[],
  persons: PersonIndex,
  state: ExtractState,
): Candidate {
  const lead = leadIdx >= 0 ? leadIn(units, leadIdx, persons, state) : { cue: { speaker: null, kind: 'none' as const, rule: 'none' }, carried: null, weak: null, strong: false };
  const last = units[blockIdx[blockIdx.length - 1]];
  const endMarker = last.markers.filter((m) => m.pos >= last.text.trimEnd().length - 2).pop() ?? last.markers[last.markers.length - 1];
  return {
    unit: blockIdx[0],
    kind: 'block',
    text: unquoteBlock(blockIdx.map((i) => units[i].text.trim()).join('\n\n')),
    cue: lead.cue,
    carried: lead.carried,
    weak: lead.weak,
    note: endMarker?.n ?? null,
    nested: false,
    strongLead: lead.strong,
    namedWork: null,
  };
}

function parseArticle(meta: DocumentMeta, laid: LaidOutText, warn: (m: string) => void, warnings: string[]): ParsedDocument {
  const s = articleFromBlocks(meta, laid.blocks, warn);
  const persons = buildPersons(s.units.map((u) => u.text).join('\n\n'), s.rawNotes.map((n) => n.text), [meta.author]);
  const infos: NoteInfo[] = s.rawNotes.map((n) => classifyNote(n.number, n.text, persons));
  for (const n of infos) if (n.explicitAuthor && /\s/.test(n.explicitAuthor)) persons.addFull(n.explicitAuthor);
  const state: ExtractState = { lastPerson: null, narrator: meta.author };
  const cands: Candidate[] = [];
  const units = s.units;
  let chapter = '';
  for (let i = 0; i < units.length; i++) {
    const u = units[i];
    // A new chapter: no pronoun reaches back into the one before (an essay's sections do go on about one person).
    const here = /^(?:ch|pt|bk)\. [^,]+/.exec(u.location)?.[0] ?? '';
    if (here !== chapter) {
      chapter = here;
      Object.assign(state, { lastPerson: null, lastSubject: null, runsOn: null, uncued: null });
    }
    const endsAtMarker = (k: number) => {
      const t = units[k].text.trimEnd();
      return units[k].markers.some((m) => m.pos >= t.length - 2);
    };
    if (u.quote) {
      // A block quotation, whole; the paragraph before it introduces it.
      const lead = i > 0 && !units[i - 1].quote ? i - 1 : -1;
      cands.push(blockCandidates(units, lead, [i], persons, lead >= 0 ? state : { lastPerson: state.lastPerson }));
      cands.push(...inlineCandidates(units, i, persons, { lastPerson: state.lastPerson }, true, warn));
      continue;
    }
    cands.push(...inlineCandidates(units, i, persons, state, false, warn));
    if (endsWithColon(u.text) && i + 1 < units.length && !units[i + 1].quote) {
      // The block runs to the paragraph that closes with a note marker (within a few), else one paragraph.
      let end = i + 1;
      for (let k = i + 1; k < Math.min(units.length, i + 7); k++) {
        if (units[k].quote) break;
        if (endsAtMarker(k)) { end = k; break; }
      }
      if (units[i + 1].location.split(',')[0] !== units[end].location.split(',')[0]) end = i + 1;
      const idx: number[] = [];
      for (let k = i + 1; k <= end; k++) idx.push(k);
      cands.push(blockCandidates(units, i, idx, persons, state));
      for (const k of idx) cands.push(...inlineCandidates(units, k, persons, { lastPerson: state.lastPerson }, true, warn));
      i = end;
    }
  }
  // Quotations inside notes: the note's own cue names the speaker, the citation it gives after them the source.
  for (const rn of s.rawNotes) {
    const ui = units.length;
    units.push({ passageId: `${meta.id}#note${rn.number}`, location: `note ${rn.number}`, text: rn.text, markers: [] });
    for (const c of inlineCandidates(units, ui, persons, { lastPerson: null }, false, warn, true)) {
      if (!c.nested) c.inlineCitation = c.close !== undefined ? citationAfter(rn.text, c.close) : null;
      cands.push(c);
    }
  }
  const { quotations, notes } = attribute(meta.id, units, cands, infos, persons, warn);
  return { meta, passages: s.passages, quotations, notes, warnings };
}

/** The closing of a letter or telegram: "Yours, Lenin.", "Regards, Anna Kowalski". */
const SIGNATURE = /^\s*(?:Yours|Yours truly|Yours sincerely|Regards|Signed|With greetings)[ \t]*,[ \t]*([\p{Lu}][\p{L}’'\-]+(?:[ \t]+[\p{Lu}][\p{L}’'\-]+){0,2})\.?\s*$/mu;

const FIRST_PERSON = /\b(?:I|I'm|I’m|I've|I’ve|I'd|I’d|my|My|me)\b/;

function parseForum(meta: DocumentMeta, s: ForumStructure, warn: (m: string) => void, warnings: string[]): ParsedDocument {
  const persons = buildPersons(s.units.map((u) => u.text).join('\n\n'), [], s.posters);
  const units = [...s.units];
  const cands: Candidate[] = [];
  for (const post of s.posts) {
    const state: ExtractState = { lastPerson: null, narrator: post.poster };
    const ids = post.units;
    // A quoted document over several paragraphs ("“Comrades! … Yours, Lenin. …”"): one block, said by its signer.
    const quotedRun = new Set<number>();
    for (let j = 0; j < ids.length; j++) {
      if (!/^\s*["“]/.test(units[ids[j]].text)) continue;
      for (let k = j + 1; k < Math.min(ids.length, j + 8); k++) {
        if (!/["”]\s*$/.test(units[ids[k]].text)) continue;
        const run = ids.slice(j, k + 1);
        const body = run.map((i) => units[i].text.trim()).join('\n\n');
        if ((body.match(/"/g) ?? []).length % 2 !== 0) break;
        const sig = SIGNATURE.exec(body);
        const signer = sig ? sig[1] : null;
        cands.push({
          unit: run[0], kind: 'block', text: body.replace(/^["“]|["”]$/g, ''), cue: { speaker: signer, kind: signer ? 'name' : 'none', rule: 'signature' },
          carried: null, weak: null, note: null, nested: false, strongLead: true, namedWork: null,
          fixedSpeaker: { speaker: signer, confidence: signer ? 0.85 : 0, rule: 'signature' },
        });
        for (const i of run) quotedRun.add(i);
        j = k;
        break;
      }
    }
    for (let j = 0; j < ids.length; j++) {
      const ui = ids[j];
      // The post's own words are its poster's.
      if (post.poster && wordCount(units[ui].text) >= 3 && !quotedRun.has(ui)) {
        cands.push({
          unit: ui, kind: 'block', text: units[ui].text.trim(), cue: { speaker: post.poster, kind: 'name', rule: 'forum-own' },
          carried: null, weak: null, note: null, nested: false, strongLead: true, namedWork: null,
          fixedSpeaker: { speaker: post.poster, confidence: 0.95, rule: 'forum-own' },
        });
      }
      cands.push(...inlineCandidates(units, ui, persons, state, false, warn));
      if (endsWithColon(units[ui].text) && j + 1 < ids.length) {
        // A quoted block runs until the poster speaks again (first person) or the post ends.
        const idx: number[] = [];
        for (let k = j + 1; k < ids.length && idx.length < 6; k++) {
          if (FIRST_PERSON.test(units[ids[k]].text)) break;
          idx.push(ids[k]);
        }
        if (idx.length) {
          cands.push(blockCandidates(units, ui, idx, persons, state));
          for (const k of idx) cands.push(...inlineCandidates(units, k, persons, { lastPerson: null }, true, warn));
          j += idx.length;
        }
      }
    }
  }
  // Repeated lines: the earlier poster's words, quoted in the reply.
  for (const r of s.repeats) {
    const from = r.fromPost >= 0 ? s.posts[r.fromPost] : null;
    const poster = from ? from.poster : r.poster ?? null;
    let ui = r.unit;
    if (ui < 0) {
      ui = units.length;
      const location = from ? `${from.location} (repeated in ${r.location})` : `${r.location} (quoting ${poster ?? 'an unnamed poster'})`;
      units.push({ passageId: from ? from.passageId : r.passageId, location, text: r.text, markers: [] });
    }
    cands.push({
      unit: ui, kind: 'block', text: r.text, cue: { speaker: poster, kind: poster ? 'name' : 'none', rule: 'forum-repeat' },
      carried: null, weak: null, note: null, nested: false, strongLead: true, namedWork: null,
      fixedSpeaker: { speaker: poster, confidence: poster ? 0.8 : 0, rule: 'forum-repeat' },
    });
  }
  const { quotations } = attribute(meta.id, units, cands, [], persons, warn);
  // A repeat sits in the reply's passage but is located at the post it comes from.
  for (const q of quotations) {
    if (q.speaker === ANONYMOUS) q.speaker = null;
  }
  return { meta, passages: s.passages, quotations, notes: [], warnings };
}
