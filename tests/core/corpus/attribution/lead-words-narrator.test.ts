/** Rules 7 and 8: "in X's words", "the words attributed to X:-", and the first-person narrator as the author. */
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../../../src/core/corpus/parse.js';
import type { DocumentMeta, ParsedDocument } from '../../../../src/core/types.js';

const art = (author: string | null = null): DocumentMeta => ({ id: 'lw', title: 'The Toll Road', author, kind: 'article', publication: null, date: null });
const parse = (text: string, author: string | null = null) => parseDocument(art(author), text);
const q = (d: ParsedDocument, frag: string) => d.quotations.find((x) => x.text.includes(frag));

describe("rule 7: in X's words, the words attributed to X", () => {
  it('In Oda Venn’s words, “…”', () => {
    const d = parse('The carters were ruined. In Oda Venn’s words, “the toll took the bread from every table in the valley.”');
    const x = q(d, 'took the bread');
    expect(x?.text).toBe('the toll took the bread from every table in the valley.');
    expect(x?.speaker).toBe('Oda Venn');
  });

  it('In Brannoc’s own words, “…” and In Brannoc’s words: “…”', () => {
    expect(q(parse('The carters were ruined. In Brannoc’s own words, “the toll took the bread from every table in the valley.”'), 'took the bread')?.speaker).toBe('Brannoc');
    expect(q(parse('The carters were ruined. In Brannoc’s words: “the toll took the bread from every table in the valley.”'), 'took the bread')?.speaker).toBe('Brannoc');
  });

  it('the words attributed to Oda Venn:- then a block', () => {
    const d = parse('The carters remembered the words attributed to Oda Venn:-\n\nThe toll took the bread from every table in the valley and gave nothing back.');
    const b = q(d, 'took the bread');
    expect(b?.kind).toBe('block');
    expect(b?.text).toBe('The toll took the bread from every table in the valley and gave nothing back.');
    expect(b?.speaker).toBe('Oda Venn');
  });

  it('the words attributed to Brannoc:- (a single name met nowhere else) and inline with a colon', () => {
    expect(q(parse('The carters remembered the words attributed to Brannoc:-\n\nThe toll took the bread from every table in the valley and gave nothing back.'), 'took the bread')?.speaker).toBe('Brannoc');
    expect(q(parse('The carters remembered the words attributed to Brannoc: “the toll took the bread from every table in the valley.”'), 'took the bread')?.speaker).toBe('Brannoc');
  });

  it('not: In the words of the old song, “…”', () => {
    expect(q(parse('In the words of the old song, “the toll took the bread from every table in the valley.”'), 'took the bread')?.speaker ?? null).toBeNull();
  });

  it('not: In the wardens’ words, “…” (an unnamed group)', () => {
    expect(q(parse('In the wardens’ words, “the toll took the bread from every table in the valley.”'), 'took the bread')?.speaker ?? null).toBeNull();
  });

  it('not: the words carved on Brannoc Bridge:- (no attribution to a person)', () => {
    const d = parse('The carters remembered the words carved on Brannoc Bridge:-\n\nThe toll took the bread from every table in the valley and gave nothing back.');
    expect(q(d, 'took the bread')?.speaker ?? null).toBeNull();
  });

  it('not: the words attributed to the Toll Book:- (a book)', () => {
    const d = parse('The words attributed to the Toll Book:-\n\nThe toll took the bread from every table in the valley and gave nothing back.');
    expect(q(d, 'took the bread')?.speaker ?? null).toBeNull();
  });

  // BUG: the lenient lead-word patterns ("in X's words", "attributed to X", "quote X") accept any name-like phrase,
  // so a place ending in a word the text uses in lower case ("the bridge") becomes the speaker "Brannoc Bridge".
  it('not: In Brannoc Bridge’s words / the motto attributed to Brannoc Bridge:- when the text says "the bridge"', () => {
    const a = parse('The carters crossed the bridge every morning. In Brannoc Bridge’s words, “the toll took the bread from every table in the valley.”');
    expect(q(a, 'took the bread')?.speaker ?? null).toBeNull();
    const b = parse('The carters crossed the bridge every morning. They remembered the motto attributed to Brannoc Bridge:-\n\nThe toll took the bread from every table in the valley and gave nothing back.');
    expect(q(b, 'took the bread')?.speaker ?? null).toBeNull();
  });
});

describe('rule 8: the first-person narrator is the author', () => {
  it('I said: “…” → the author', () => {
    const d = parse('The wardens asked me to speak. I said: “The toll will ruin every carter in the valley.”', 'Oda Venn');
    expect(q(d, 'ruin every carter')?.speaker).toBe('Oda Venn');
  });

  it('“…,” I replied. → the author', () => {
    const d = parse('The wardens asked me to speak.\n\n“The toll will ruin every carter in the valley,” I replied.', 'Oda Venn');
    expect(q(d, 'ruin every carter')?.speaker).toBe('Oda Venn');
  });

  it('I wrote: then a block → the author', () => {
    const d = parse('The wardens asked me to speak. I wrote:\n\nThe toll will ruin every carter in the valley before the winter is out.', 'Oda Venn');
    const b = q(d, 'ruin every carter');
    expect(b?.kind).toBe('block');
    expect(b?.speaker).toBe('Oda Venn');
  });

  it('not: I said: “…” with no author → no speaker', () => {
    expect(q(parse('The wardens asked me to speak. I said: “The toll will ruin every carter in the valley.”'), 'ruin every carter')?.speaker ?? null).toBeNull();
    expect(q(parse('The wardens asked me to speak.\n\n“The toll will ruin every carter in the valley,” I replied.'), 'ruin every carter')?.speaker ?? null).toBeNull();
    expect(q(parse('The wardens asked me to speak. I wrote:\n\nThe toll will ruin every carter in the valley before the winter is out.'), 'ruin every carter')?.speaker ?? null).toBeNull();
  });

  it('not: I said: “…” with no author is not given to a person named just before', () => {
    expect(q(parse('Brannoc said the toll was fair. I said: “The toll will ruin every carter in the valley.”'), 'ruin every carter')?.speaker ?? null).toBeNull();
    expect(q(parse('Brannoc said the toll was fair.\n\n“The toll will ruin every carter in the valley,” I replied.'), 'ruin every carter')?.speaker ?? null).toBeNull();
  });

  it('not: an "I" inside someone else’s quotation is not the author', () => {
    const d = parse('Brannoc told me: “I said the toll will ruin every carter in the valley.”', 'Oda Venn');
    expect(q(d, 'ruin every carter')?.speaker).toBe('Brannoc');
  });
});
