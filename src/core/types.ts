/** Shapes shared by the corpus parser, the attribution rules, search and argument checking. */

export type DocumentKind = 'article' | 'forum';

/** What is known of one text in corpus/. */
export interface DocumentMeta {
  /** Stable id: the file name without extension ("mckay-bureaucracy-in-exile"). */
  id: string;
  title: string;
  /** The article's author; null for a forum thread (each post has its own poster). */
  author: string | null;
  kind: DocumentKind;
  publication: string | null;
  date: string | null;
}

/** A numbered note of an article, with the full citation it resolves to. */
export interface Note {
  number: number;
  /** The note as printed ("Serge, 252, 253."). */
  text: string;
  /** The full citation a short form points back to; equals text when the note is already full. */
  citation: string;
}

/** A quotable unit of prose: an article paragraph or a forum post (without the words it repeats). */
export interface Passage {
  id: string;
  documentId: string;
  /** Human location: "§ The New Course, ¶ 3" or "post 4". */
  location: string;
  /** Article author or forum poster ("Wolfpaw", or "anonymous poster" where the page shows none). */
  speaker: string | null;
  text: string;
  /** Note numbers referenced in this passage. */
  notes: number[];
}

export type QuotationKind = 'inline' | 'block';

/** A quotation extracted from a text, attributed to the person quoted. */
export interface Quotation {
  id: string;
  documentId: string;
  passageId: string;
  location: string;
  kind: QuotationKind;
  /** The words as they stand in the corpus. */
  text: string;
  /** The person quoted; null when the rules are not sure. */
  speaker: string | null;
  /** The original-source citation (a note's resolved citation or a work the text names). */
  source: string | null;
  /** "Quoted by X": where the words were found, when not in the speaker's own work. */
  foundIn: string | null;
  /** 0..1, from the rule that attributed it. */
  confidence: number;
}

/** One parsed text. */
export interface ParsedDocument {
  meta: DocumentMeta;
  passages: Passage[];
  quotations: Quotation[];
  notes: Note[];
  /** Things a maintainer should know (a missing sidecar, an unparsable section). */
  warnings: string[];
}

/** A search hit, in the CLI's machine-readable shape. */
export interface QuoteResult {
  id: string;
  text: string;
  speaker: string | null;
  document: { id: string; title: string };
  location: string;
  source: string | null;
  /** 'server': from a text the server added to its own library; absent: the shared corpus. */
  library?: 'server';
}
