import type { ParsedDocument, Passage, Quotation } from '../types.js';
import { nameKey } from '../text.js';

/** The parsed corpus, as search, the commands and argument checking see it. */
export interface Corpus {
  /** Hash of corpus/ content: the persisted index is keyed by it. */
  hash: string;
  documents: ParsedDocument[];
  quotations: Quotation[];
  passages: Passage[];
  /** How many texts and quotations, known without loading them (for banners and logs). */
  size: CorpusSize;
  document(id: string): ParsedDocument | undefined;
  /** Every speaker named in the corpus (quoted people, authors, named posters), sorted. */
  speakers(): string[];
}

export interface CorpusSize {
  documents: number;
  quotations: number;
}

/**
 * Gathers parsed documents into one corpus. `names`: how the corpus names each speaker (speakerNames), when the
 * documents are some texts of a larger corpus; by default, theirs.
 */
export function buildCorpus(documents: ParsedDocument[], hash: string, names?: Map<string, string>): Corpus {
  canonicaliseSpeakers(documents, names);
  const byId = new Map(documents.map((d) => [d.meta.id, d]));
  const quotations = documents.flatMap((d) => d.quotations);
  const passages = documents.flatMap((d) => d.passages);
  let speakers: string[] | null = null;
  return {
    hash,
    documents,
    quotations,
    passages,
    size: { documents: documents.length, quotations: quotations.length },
    document: (id) => byId.get(id),
    speakers() {
      if (!speakers) {
        const names = new Set<string>();
        for (const q of quotations) if (q.speaker) names.add(q.speaker);
        for (const p of passages) if (p.speaker && !/^anonymous/i.test(p.speaker)) names.add(p.speaker);
        speakers = [...names].sort((a, b) => a.localeCompare(b));
      }
      return speakers;
    },
  };
}

/**
 * A corpus whose texts are read only when first asked for: a large corpus's search needs none of them in
 * memory (its index holds what results show), so start-up need not wait for them.
 */
export function deferredCorpus(hash: string, size: CorpusSize, load: () => ParsedDocument[]): Corpus {
  let built: Corpus | null = null;
  const corpus = (): Corpus => (built ??= buildCorpus(load(), hash));
  return {
    hash,
    size,
    get documents() {
      return corpus().documents;
    },
    get quotations() {
      return corpus().quotations;
    },
    get passages() {
      return corpus().passages;
    },
    document: (id) => corpus().document(id),
    speakers: () => corpus().speakers(),
  };
}

/**
 * A text that names someone by surname alone ("Just to quote Serge") means the person another text names in
 * full ("Victor Serge"), when exactly one full name in the corpus ends with that surname in any spelling
 * ("Trotzky" and "Leon Trotsky"), shown as the full name is spelt.
 */
function canonicaliseSpeakers(documents: ParsedDocument[], given?: Map<string, string>): void {
  const all = documents.flatMap((d) => [...d.quotations, ...d.passages]);
  const names = given ?? speakerNames(all.flatMap((u) => (u.speaker ? [u.speaker] : [])));
  for (const u of all) if (u.speaker) u.speaker = names.get(u.speaker) ?? u.speaker;
}

/**
 * How a corpus whose texts name these speakers names each of them: a surname alone becomes the one full name
 * ending with it (in any spelling, nameKey), when there is exactly one; every other name stays.
 */
export function speakerNames(speakers: Iterable<string>): Map<string, string> {
  const unique = [...new Set(speakers)];
  const fullBySurname = new Map<string, Set<string>>();
  for (const name of unique) {
    const parts = name.trim().split(/\s+/);
    if (parts.length < 2 || /^anonymous/i.test(name)) continue;
    const surname = nameKey(parts[parts.length - 1]);
    const set = fullBySurname.get(surname) ?? new Set<string>();
    set.add(name);
    fullBySurname.set(surname, set);
  }
  return new Map(
    unique.map((name) => {
      if (/\s/.test(name.trim())) return [name, name];
      const full = fullBySurname.get(nameKey(name.trim()));
      return [name, full?.size === 1 ? [...full][0] : name];
    }),
  );
}

/** Who texts quote and who speaks in them, as the texts name them. */
export function speakersOf(documents: readonly ParsedDocument[]): string[] {
  const names = new Set<string>();
  for (const d of documents) {
    for (const q of d.quotations) if (q.speaker) names.add(q.speaker);
    for (const p of d.passages) if (p.speaker) names.add(p.speaker);
  }
  return [...names];
}
