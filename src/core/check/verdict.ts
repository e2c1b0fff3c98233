/**
 * What an argument check says (shared/eval/README.md): the verdict, each quotation with its own finding, the
 * corpus words behind it, the sources the argument gives, and, when it accuses, the evidence.
 */
import type { DocumentMeta } from '../types.js';
import type { CheckIndex } from './corpus-index.js';
import type { NameContext } from './attribution.js';

export type Verdict = 'verified' | 'misattributed' | 'misquoted' | 'cited' | 'unsourced';

/** One word-level difference between a quotation and the corpus words it misquotes, in reading order. */
export interface DiffEntry {
  /** same: words as the corpus has them; changed: the corpus's words given otherwise; added: words the corpus lacks there; dropped: corpus words left out. */
  op: 'same' | 'changed' | 'added' | 'dropped';
  /** The argument's words (absent for dropped). */
  argument?: string;
  /** The corpus's words (absent for added). */
  corpus?: string;
}

export interface CheckedQuotation {
  /** The quoted words as the argument gives them (mentions neutralised). */
  text: string;
  /** The name the argument gives for them, or null. */
  attributedTo: string | null;
  /**
   * This quotation's own verdict; 'unchecked' for a term too short to check, a quotation the corpus holds nothing
   * near (notInCorpus), one only partly in it, or words the corpus has without saying who said them.
   */
  verdict: 'verified' | 'misattributed' | 'misquoted' | 'unchecked';
  /** Why, in a few words ("1 word changed", "not in the corpus"). */
  reason: string;
  /** The corpus holds nothing near these words: neither confirmed nor accused. */
  notInCorpus?: boolean;
  /** For a misquotation: the quotation against the corpus words it departs from, word by word. */
  diff?: DiffEntry[];
  /** For a misattribution: who the corpus says said these words. */
  saidBy?: string[];
  /** For a misquotation or misattribution: the sentence a debater can check. */
  explanation?: string;
}

export interface CheckMatch {
  /** The corpus words matched. */
  text: string;
  /** Who said them: the quoted person, or the author or poster for a text's own words. */
  speaker: string | null;
  document: { id: string; title: string };
  /** The original source (a note's citation), or the text and location where the words stand. */
  source: string | null;
  location: string;
  /** The quotation's id, or the passage's for a text's own words. */
  id: string;
}

export interface ArgumentCheck {
  verdict: Verdict;
  quotations: CheckedQuotation[];
  /** Corpus passages the argument's quotations match (for a misquote, none). */
  matches: CheckMatch[];
  /** The nearest corpus words to a misquotation, for the moderator to compare. */
  nearest: CheckMatch[];
  /** Safe http(s) links. */
  links: string[];
  /** Links with unsafe schemes, defanged; never counted as sources. */
  unsafeLinks: string[];
  /** Bibliographic references (author, title, page, year; DOI, ISBN, ibid.), one each, as written. */
  references: string[];
  /** Set when the argument was not checked: empty, or longer than MAX_ARGUMENT_LENGTH. */
  refused?: 'empty' | 'too-long';
  /**
   * The argument quotes words the corpus holds nothing near: neither confirmed nor accused, so its verdict comes
   * from its sourcing alone (cited with a reference, link or source; unsourced without).
   */
  notInCorpus?: boolean;
  /** Why an accusation (misquoted, misattributed) was made, in a sentence a debater can check; null otherwise. */
  explanation?: string | null;
}

export interface Checker {
  check(argument: string): ArgumentCheck;
}

/** Where a checker finds the corpus's words. */
export interface CheckSource {
  /**
   * The index to check an argument's quotations against, given each with the name it is credited to: only
   * where the named speakers' words may be ('named': enough to verify them), or wherever they may be ('all').
   * A source holding the whole corpus gives the same index for both.
   */
  indexFor(quotes: Array<{ text: string; name: string | null }>, scope: 'named' | 'all'): CheckIndex;
  /** A text's title, kind and author. */
  document(id: string): Pick<DocumentMeta, 'title' | 'kind' | 'author'> | undefined;
  /** What the whole corpus tells about names (to read who an argument credits). */
  names: NameContext;
}
