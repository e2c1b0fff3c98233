/**
 * The argument checker's view of the corpus, built once: every passage and quotation tokenised into word
 * ids (note markers dropped), each quotation placed in its passage, word-pair postings to find where a
 * quoted piece stands, and what the corpus tells about names (its speakers; words it writes in lower case).
 */
import type { Corpus } from '../corpus/corpus.js';
import type { ParsedDocument, Passage, Quotation } from '../types.js';
import type { NameContext } from './attribution.js';
import { nameTokens } from '../names.js';
import { foldDiacritics } from '../text.js';
import { tokenize } from './tokens.js';

/** A passage or a quotation, as word ids with their offsets in its text. */
export interface Unit {
  kind: 'quotation' | 'passage';
  quotation?: Quotation;
  passage?: Passage;
  documentId: string;
  text: string;
  ids: Int32Array;
  starts: Int32Array;
  ends: Int32Array;
  /** For a quotation found in its passage: the passage unit and token range there. */
  inPassage?: { unit: number; start: number; end: number };
  /** For a passage: the quotations standing in it, by token range. */
  quoted: Array<{ unit: number; start: number; end: number }>;
}

/** Everyday words that open sentences, whatever the corpus holds. */
const COMMON_WORDS = (
  'people everyone someone nobody anyone historians history communists socialists marxists most many some few ' +
  'critics scholars experts everybody somebody others which whoever sources source wikipedia google'
).split(' ');

export interface CheckIndex {
  units: Unit[];
  vocab: Map<string, number>;
  wordOf(id: number): string;
  /** Word pair key to a flat list of (unit, position) pairs, grouped by unit. */
  pairPostings: Map<number, number[]>;
  pairKey(a: number, b: number): number;
  totalPairs: number;
  names: NameContext;
}

/** Tokenises and indexes every passage and quotation of the corpus. */
export function buildCheckIndex(corpus: Corpus): CheckIndex {
  return indexPassages(corpus.passages, corpus.quotations, namesOf(corpus));
}

/**
 * What the corpus tells about names: the words of its speakers' and authors' names, and the words it writes
 * in lower case ("people", "party"), which are not names when a sentence starts with them.
 */
export function namesOf(corpus: Pick<Corpus, 'documents'>): NameContext {
  return namesFromCounts(nameCounts(corpus.documents));
}

/** Counts that add up over texts: each word of a name, in how many texts it names someone; each lower-case word, how often. */
export interface NameCounts {
  known: Map<string, number>;
  lower: Map<string, number>;
}

/**
 * What namesOf reads of some texts, as counts (so a corpus's can be updated text by text), their speakers as the
 * corpus names them (buildCorpus).
 */
export function nameCounts(documents: readonly ParsedDocument[]): NameCounts {
  const known = new Map<string, number>();
  const lower = new Map<string, number>();
  for (const d of documents) {
    const mine = new Set<string>();
    const addKnown = (name: string | null | undefined) => {
      if (name && !/^anonymous/i.test(name)) for (const t of nameTokens(name)) if (t.length >= 3) mine.add(t);
    };
    for (const q of d.quotations) addKnown(q.speaker);
    for (const p of d.passages) addKnown(p.speaker);
    addKnown(d.meta.author);
    for (const t of mine) known.set(t, (known.get(t) ?? 0) + 1);
    for (const p of d.passages) {
      for (const m of p.text.matchAll(/(?<![\p{L}'’])\p{Ll}[\p{Ll}]+/gu)) lower.set(m[0], (lower.get(m[0]) ?? 0) + 1);
    }
  }
  return { known, lower };
}

/** The names context of a corpus from its counts. */
export function namesFromCounts(counts: NameCounts): NameContext {
  const known = new Set(counts.known.keys());
  const common = new Set([...counts.lower].filter(([w, c]) => c >= 2 && !known.has(w)).map(([w]) => foldDiacritics(w)));
  for (const w of COMMON_WORDS) if (!known.has(w)) common.add(w);
  return { known, common };
}

/**
 * Tokenises and indexes passages and the quotations standing in them: the whole corpus, or (for a corpus
 * too large to hold) just the passages an argument's quotations may come from.
 */
export function indexPassages(passages: Passage[], quotations: Quotation[], names: NameContext): CheckIndex {
  const vocab = new Map<string, number>();
  const words: string[] = [];
  const idOf = (w: string): number => {
    let id = vocab.get(w);
    if (id === undefined) {
      id = words.length;
      vocab.set(w, id);
      words.push(w);
    }
    return id;
  };
  const wordOf = (id: number): string => words[id] ?? '';

  const units: Unit[] = [];
  const makeUnit = (kind: Unit['kind'], text: string, documentId: string): Unit => {
    // Note markers ("[24]", "disappeared.24") are not words of the text.
    const toks = tokenize(text).filter((t) => !(/^\d{1,3}$/.test(t.norm) && (t.bracketed || (/[.,;:!?"”’)]/.test(text[t.start - 1] ?? '') && !/\d/.test(text[t.end] ?? '')))));
    return {
      kind,
      documentId,
      text,
      ids: Int32Array.from(toks, (t) => idOf(t.norm)),
      starts: Int32Array.from(toks, (t) => t.start),
      ends: Int32Array.from(toks, (t) => t.end),
      quoted: [],
    };
  };
  const passageUnit = new Map<string, number>();
  for (const p of passages) {
    const u = makeUnit('passage', p.text, p.documentId);
    u.passage = p;
    passageUnit.set(p.id, units.length);
    units.push(u);
  }
  for (const q of quotations) {
    const u = makeUnit('quotation', q.text, q.documentId);
    u.quotation = q;
    const index = units.length;
    units.push(u);
    const pu = passageUnit.get(q.passageId);
    if (pu !== undefined && u.ids.length) {
      const at = indexOfSeq(units[pu].ids, u.ids);
      if (at >= 0) {
        u.inPassage = { unit: pu, start: at, end: at + u.ids.length };
        units[pu].quoted.push({ unit: index, start: at, end: at + u.ids.length });
      }
    }
  }

  // Postings: word pairs to (unit, position).
  const pairPostings = new Map<number, number[]>();
  const pairKey = (a: number, b: number) => a * 1_048_576 + b;
  units.forEach((u, ui) => {
    for (let k = 0; k < u.ids.length; k++) {
      if (k + 1 < u.ids.length) {
        const key = pairKey(u.ids[k], u.ids[k + 1]);
        let list = pairPostings.get(key);
        if (!list) pairPostings.set(key, (list = []));
        list.push(ui, k);
      }
    }
  });
  const totalPairs = [...pairPostings.values()].reduce((s, l) => s + l.length / 2, 0) || 1;

  return { units, vocab, wordOf, pairPostings, pairKey, totalPairs, names };
}

function indexOfSeq(hay: Int32Array, needle: Int32Array): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let k = 0; k < needle.length; k++) if (hay[i + k] !== needle[k]) continue outer;
    return i;
  }
  return -1;
}
