/** From the same issue: the speaker named only in the note, and "Quoted by/in" (the note names where it was found). */
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../../../src/core/corpus/parse.js';
import type { DocumentMeta, ParsedDocument } from '../../../../src/core/types.js';

const art = (author: string | null = null): DocumentMeta => ({ id: 'nt', title: 'The Toll Road', author, kind: 'article', publication: null, date: null });
const parse = (text: string) => parseDocument(art(), text);
const q = (d: ParsedDocument, frag: string) => d.quotations.find((x) => x.text.includes(frag));

describe('speaker named only in the note; quoted by / quoted in', () => {
  it('an uncued quotation takes the author its note names, with the note as source', () => {
    const d = parse('The wardens were told that “the toll will ruin every carter in the valley before the winter.”[1]\n\n[1] Oda Venn, Letters from the Mill (Varn: Ford Press, 1890), 12.');
    const x = q(d, 'ruin every carter');
    expect(x?.speaker).toBe('Oda Venn');
    expect(x?.source).toContain('Letters from the Mill');
  });

  it('not: "Quoted by X" names where it was found (the only work cited, so also the source), not who spoke', () => {
    const d = parse('The wardens were told that “the toll will ruin every carter in the valley before the winter.”[1]\n\n[1] Quoted by Quill Aster, The Toll Book (Varn: Ford Press, 1891), 40.');
    const x = q(d, 'ruin every carter');
    expect(x?.speaker ?? null).toBeNull();
    expect(x?.foundIn).toContain('The Toll Book');
    expect(x?.source).toContain('The Toll Book');
  });

  it('"Quoted in X": the cue’s speaker stays, the note is where it was found', () => {
    const d = parse('Brannoc said that “the toll will ruin every carter in the valley before the winter.”[1]\n\n[1] Quoted in Quill Aster, The Toll Book (Varn: Ford Press, 1891), 40.');
    const x = q(d, 'ruin every carter');
    expect(x?.speaker).toBe('Brannoc');
    expect(x?.foundIn).toContain('The Toll Book');
  });

  it('not: a note that names only a book gives no speaker', () => {
    const d = parse('The wardens were told that “the toll will ruin every carter in the valley before the winter.”[1]\n\n[1] The Toll Book (Varn: Ford Press, 1891), 40.');
    const x = q(d, 'ruin every carter');
    expect(x?.speaker ?? null).toBeNull();
    expect(x?.source).toContain('The Toll Book');
  });
});
