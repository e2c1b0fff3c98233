/** Rule 11: a pronoun cue goes to the person last named as a subject, skipping addressees and objects. */
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../../../src/core/corpus/parse.js';
import type { DocumentMeta, ParsedDocument } from '../../../../src/core/types.js';

const art = (author: string | null = null): DocumentMeta => ({ id: 'pr', title: 'The Mill Letters', author, kind: 'article', publication: null, date: null });
const parse = (text: string) => parseDocument(art(), text);
const q = (d: ParsedDocument, frag: string) => d.quotations.find((x) => x.text.includes(frag));

describe('rule 11: a pronoun skips addressees', () => {
  it('In a letter to Quill, dated May 3, she writes: “…” → Oda Venn (the subject before), not Quill', () => {
    const d = parse('Oda Venn ran the mill at the ford for thirty years. In a letter to Quill, dated May 3, she writes: “The toll will ruin every carter in the valley.”');
    const x = q(d, 'ruin every carter');
    expect(x?.text).toBe('The toll will ruin every carter in the valley.');
    expect(x?.speaker).toBe('Oda Venn');
  });

  it('In a letter to Quill Aster, dated May 3, he writes: “…” → Tam Venn, not Quill Aster', () => {
    const d = parse('Tam Venn kept the mill at the ford for thirty years. In a letter to Quill Aster, dated May 3, he writes: “The toll will ruin every carter in the valley.”');
    expect(q(d, 'ruin every carter')?.speaker).toBe('Tam Venn');
  });

  it('the subject in the paragraph before, the addressee in this one → the subject', () => {
    const d = parse('Brannoc said little about the mill.\n\nIn a letter to Quill, dated May 3, he writes: “The toll will ruin every carter in the valley.”');
    expect(q(d, 'ruin every carter')?.speaker).toBe('Brannoc');
  });

  it('He met Quill Aster at the gate, and he said: “…” → Tam Venn (Quill Aster is an object)', () => {
    const d = parse('Tam Venn kept the mill. He met Quill Aster at the gate, and he said: “The toll will ruin every carter in the valley.”');
    expect(q(d, 'ruin every carter')?.speaker).toBe('Tam Venn');
  });

  it('not: the addressee, when the subject before is not known as a person', () => {
    const d = parse('Brannoc kept the mill at the ford for thirty years. In a letter to Quill, dated May 3, he writes: “The toll will ruin every carter in the valley.”');
    expect(q(d, 'ruin every carter')?.speaker ?? null).not.toBe('Quill');
  });

  // BUG: when the only person named in the paragraph is the addressee, the pronoun falls back to that addressee
  // (resolvePronoun returns the last mention of any kind) instead of the last subject of the paragraphs before.
  it('not: In a letter to Tam Venn, … he writes: “…” after Quill Aster spoke → never Tam Venn', () => {
    const d = parse('Tam Venn kept the mill. Quill Aster said the toll was fair.\n\nIn a letter to Tam Venn, dated May 3, he writes: “The toll will ruin every carter in the valley.”');
    const x = q(d, 'ruin every carter');
    expect(x?.speaker ?? null).not.toBe('Tam Venn');
  });

  // BUG: same fallback with no one else named: the addressee Quill Aster is made the writer.
  it('not: The mill was old. In a letter to Quill Aster, … he writes: “…” → not Quill Aster (nobody else named)', () => {
    const d = parse('The mill was old. In a letter to Quill Aster, dated May 3, he writes: “The toll will ruin every carter in the valley.”');
    expect(q(d, 'ruin every carter')?.speaker ?? null).toBeNull();
  });
});
