/**
 * A search index over texts that changes in place, a text at a time, its work done in slices (a server's own texts:
 * the bot answers between slices). Each text's units are kept, so that a text taken out leaves exactly as it was
 * put in (every posting goes); BM25's statistics (unit count, field lengths, each key's units) are the index's
 * own, kept by MiniSearch as units come and go, so its search ranks as createQuoteSearch's over the same texts
 * (only exact ties may come in another order).
 */
import MiniSearch from 'minisearch';
import type { Corpus } from '../corpus/corpus.js';
import type { ParsedDocument } from '../types.js';
import { INDEX_OPTIONS, indexedUnit, searchOverInSteps, unitsInSteps, type IndexedUnit, type QuoteSearch, type Unit } from './search.js';

/** Whether the step under way has run long enough: work done in steps yields when it says so. */
export type Due = () => boolean;

/** A text's units, in collectUnits's order: its quotations', then its passages'. */
export interface TextUnits {
  document: ParsedDocument;
  quotations: Array<[string, Unit]>;
  passages: Array<[string, Unit]>;
}

/** A text's units (what collectUnits finds in it), collected in steps. */
export function* textUnits(document: ParsedDocument, due: Due): Generator<void, TextUnits> {
  const units = new Map<string, Unit>();
  yield* unitsInSteps(document.quotations, document.passages, units, due);
  const all = [...units];
  return { document, quotations: all.filter(([, u]) => u.kind === 'quotation'), passages: all.filter(([, u]) => u.kind === 'passage') };
}

export class TextIndex {
  private readonly index = new MiniSearch<IndexedUnit>(INDEX_OPTIONS);
  private readonly texts = new Map<string, TextUnits>();

  /** Units held. */
  get size(): number {
    return this.index.documentCount;
  }

  /** The units of a text held, by its document id. */
  unitsOf(documentId: string): TextUnits | undefined {
    return this.texts.get(documentId);
  }

  /** Puts texts' units in. */
  *put(texts: TextUnits[], due: Due): Generator<void, void> {
    for (const t of texts) {
      const id = t.document.meta.id;
      if (this.texts.has(id)) throw new Error(`The text ${id} is in this search index already; take it out first.`);
      this.texts.set(id, t);
      const passageText = passageTexts(t.document);
      for (const [unitId, u] of [...t.quotations, ...t.passages]) {
        this.index.add(indexedUnit(unitId, u, passageText));
        if (due()) yield;
      }
    }
  }

  /** Takes texts out, by document id: each unit as it was put in (its speaker is read again: it must not have changed). */
  *takeOut(documentIds: Iterable<string>, due: Due): Generator<void, void> {
    for (const id of documentIds) {
      const t = this.texts.get(id);
      if (!t) continue;
      const passageText = passageTexts(t.document);
      for (const [unitId, u] of [...t.quotations, ...t.passages]) {
        this.index.remove(indexedUnit(unitId, u, passageText));
        if (due()) yield;
      }
      this.texts.delete(id);
    }
  }

  /**
   * The search over a corpus whose every text is held, and no other, made in steps. Searches made before hide what
   * the index holds beyond their own units (searchOver): while texts are put in, they still answer as before.
   */
  *searchOf(corpus: Corpus, due: Due): Generator<void, QuoteSearch> {
    const units = new Map<string, Unit>();
    const texts = corpus.documents.map((d) => {
      const t = this.texts.get(d.meta.id);
      if (!t) throw new Error(`The text ${d.meta.id} is not in this search index; put it in first.`);
      return t;
    });
    // collectUnits's order: every text's quotations, then every text's passages.
    for (const t of texts) for (const [id, u] of t.quotations) units.set(id, u);
    if (due()) yield;
    for (const t of texts) for (const [id, u] of t.passages) units.set(id, u);
    if (units.size !== this.index.documentCount || texts.length !== this.texts.size) {
      throw new Error('This search index holds texts the corpus does not: take them out first.');
    }
    return yield* searchOverInSteps(corpus, units, this.index, due);
  }
}

function passageTexts(document: ParsedDocument): Map<string, string> {
  return new Map(document.passages.map((p) => [p.id, p.text]));
}
