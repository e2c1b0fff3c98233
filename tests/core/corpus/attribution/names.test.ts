/**
 * Rules 9 and 10: names never carry a glued neighbouring word (Under Brannoc, Then Brannoc, Little Brannoc,
 * Brannoc Square), a bare surname never becomes "Madame Brannoc", and a surname goes to the right one of several.
 */
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../../../src/core/corpus/parse.js';
import type { DocumentMeta, ParsedDocument } from '../../../../src/core/types.js';

const art = (author: string | null = null): DocumentMeta => ({ id: 'nm', title: 'The Toll Road', author, kind: 'article', publication: null, date: null });
const parse = (text: string) => parseDocument(art(), text);
const q = (d: ParsedDocument, frag: string) => d.quotations.find((x) => x.text.includes(frag));
const speakers = (d: ParsedDocument) => d.quotations.map((x) => x.speaker);

describe('rule 9: glued words', () => {
  it('Then Brannoc wrote: “…” → Brannoc (the text uses "then" in lower case)', () => {
    const d = parse('Brannoc was mayor; then the wardens came under his rule.\n\nThen Brannoc wrote: “The toll will be doubled before the winter.”');
    expect(q(d, 'toll will be doubled')?.speaker).toBe('Brannoc');
  });

  it('“…,” Then Brannoc said. → Brannoc, never "Then Brannoc"', () => {
    const d = parse('Brannoc was mayor; then the wardens came under his rule.\n\n“The toll will be doubled before the winter,” Then Brannoc said.');
    expect(q(d, 'toll will be doubled')?.speaker).toBe('Brannoc');
  });

  it('Little Brannoc wrote / said → Brannoc, never "Little Brannoc" (the text uses "little")', () => {
    const a = parse('Brannoc was mayor and little changed.\n\nLittle Brannoc wrote: “The toll will be doubled before the winter.”');
    expect(q(a, 'toll will be doubled')?.speaker).toBe('Brannoc');
    const b = parse('Brannoc ruled the valley for ten years and little changed.\n\n“The toll will be doubled before the winter,” Little Brannoc said to the crowd.');
    expect(q(b, 'toll will be doubled')?.speaker).toBe('Brannoc');
  });

  it('no speaker ever comes out as "Under Brannoc", "Then Brannoc" or "Little Brannoc"', () => {
    const d = parse(
      'Brannoc ruled the valley for ten years. Life under him was hard, then worse, and little changed.\n\n' +
        'Under Brannoc the wardens grew rich. Then Brannoc said: “The toll will be doubled before the winter.”\n\n' +
        '“The roads will be closed to every cart,” Little Brannoc added.',
    );
    expect(speakers(d).length).toBeGreaterThan(0);
    for (const s of speakers(d)) expect(s ?? '').not.toMatch(/^(?:Under|Then|Little) /);
    expect(q(d, 'toll will be doubled')?.speaker).toBe('Brannoc');
    expect(q(d, 'roads will be closed')?.speaker).toBe('Brannoc');
  });

  // BUG: in "Under Brannoc, the council said “…”" the subject of "said" is "the council" (an unnamed body), but the
  // walk back from the verb passes over "the council" and the comma and stops on Brannoc.
  it('not: Under Brannoc, the council said “…” (the council speaks, not Brannoc)', () => {
    const d = parse('Brannoc was mayor; under his rule the wardens grew rich.\n\nUnder Brannoc, the council said “the toll will be doubled before the winter.”');
    expect(q(d, 'toll will be doubled')?.speaker ?? null).toBeNull();
  });

  // BUG: same walk without the comma: "Under Brannoc the wardens said “…”" gives Brannoc.
  it('not: Under Brannoc the wardens said “…” (the wardens speak, not Brannoc)', () => {
    const d = parse('Brannoc was mayor; under his rule the wardens grew rich.\n\nUnder Brannoc the wardens said “the toll will be doubled before the winter.”');
    expect(q(d, 'toll will be doubled')?.speaker ?? null).toBeNull();
  });

  it('not: “…,” Brannoc Square said (the text uses "square" in lower case)', () => {
    const d = parse('The square was empty and the wardens were gone.\n\n“The toll will be doubled before the winter,” Brannoc Square said in its notice.');
    expect(q(d, 'toll will be doubled')?.speaker ?? null).toBeNull();
  });

  // BUG: "Brannoc Street" (a place) is a person when the text never writes "street" in lower case.
  it('not: “…,” Brannoc Street echoed (no lower-case "street" in the text)', () => {
    const d = parse('“The bridge has fallen into the river,” Brannoc Street echoed.');
    expect(q(d, 'bridge has fallen')?.speaker ?? null).toBeNull();
  });
});

describe('rule 10: honorifics and shared surnames', () => {
  it('“…,” Brannoc said. → Brannoc, not Madame Brannoc named earlier', () => {
    const d = parse('Madame Brannoc kept the inn by the bridge. Her husband kept the gate.\n\n“The toll will be doubled before the winter,” Brannoc said.');
    expect(q(d, 'toll will be doubled')?.speaker).toBe('Brannoc');
  });

  it('Madame Brannoc said: “…” and Brannoc said: “…” in one paragraph: each their own', () => {
    const d = parse('Madame Brannoc kept the inn. Brannoc kept the gate.\n\nMadame Brannoc said: “The inn is full every night.” Brannoc said: “The toll will be doubled before the winter.”');
    expect(q(d, 'inn is full')?.speaker).toBe('Madame Brannoc');
    expect(q(d, 'toll will be doubled')?.speaker).toBe('Brannoc');
  });

  it('“…,” said Madame Brannoc. → Madame Brannoc (the title kept)', () => {
    const d = parse('Madame Brannoc kept the inn by the bridge.\n\n“The toll will be doubled before the winter,” said Madame Brannoc.');
    expect(q(d, 'toll will be doubled')?.speaker).toBe('Madame Brannoc');
  });

  it('not: Brannoc said → never Madame Brannoc, even when Madame Brannoc spoke before', () => {
    const d = parse('Madame Brannoc said the inn was full. Brannoc kept the gate.\n\nBrannoc said: “The toll will be doubled before the winter.”');
    expect(q(d, 'toll will be doubled')?.speaker).not.toBe('Madame Brannoc');
  });

  it('Brannoc said → Oda Brannoc, the one Brannoc without a title', () => {
    const d = parse('Madame Brannoc kept the inn by the bridge, and Oda Brannoc kept the gate.\n\n“The toll will be doubled before the winter,” Brannoc said.');
    expect(q(d, 'toll will be doubled')?.speaker).toBe('Oda Brannoc');
  });

  // BUG: a surname shared by two people resolves to the first full name the text gives (Oda Venn), not to the Venn
  // named in this very paragraph (Tam Venn).
  it('“…,” Venn said. → Tam Venn, the Venn of this paragraph, not Oda Venn', () => {
    const d = parse('Oda Venn ran the mill. Quill Aster kept the gate.\n\nAt the mill, Tam Venn met the carters. “The toll will be doubled before the winter,” Venn said.');
    expect(q(d, 'toll will be doubled')?.speaker).toBe('Tam Venn');
  });
});
