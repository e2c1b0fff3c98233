/** Rule 3: script and dialogue turns, `Brannoc. “…”` and `BRANNOC: “…”`. */
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../../../src/core/corpus/parse.js';
import type { DocumentMeta, ParsedDocument } from '../../../../src/core/types.js';

const art = (author: string | null = null): DocumentMeta => ({ id: 'st', title: 'The Toll Hearing', author, kind: 'article', publication: null, date: null });
const parse = (text: string) => parseDocument(art(), text);
const q = (d: ParsedDocument, frag: string) => d.quotations.find((x) => x.text.includes(frag));

describe('rule 3: script and dialogue turns', () => {
  it('Brannoc. “…” and Oda Venn. “…” at the start of paragraphs', () => {
    const d = parse(
      'Brannoc said the toll was too high, and Oda Venn said it was fair.\n\n' +
        'Brannoc. “The toll will ruin every carter in the valley.”\n\n' +
        'Oda Venn. “Then the carters should take the long road.”',
    );
    const a = q(d, 'ruin every carter');
    expect(a?.text).toBe('The toll will ruin every carter in the valley.');
    expect(a?.kind).toBe('inline');
    expect(a?.speaker).toBe('Brannoc');
    expect(q(d, 'long road')?.speaker).toBe('Oda Venn');
  });

  it('BRANNOC: “…” (capitals, colon) at the start of a paragraph', () => {
    const d = parse('Brannoc said the toll was too high. The hearing opened in Varn.\n\nBRANNOC: “The toll will ruin every carter in the valley.”');
    expect(q(d, 'ruin every carter')?.speaker).toBe('Brannoc');
  });

  it('Brannoc. “…” as a sentence of its own inside a paragraph', () => {
    const d = parse('Brannoc said the toll was too high.\n\nThe hearing opened at noon. Brannoc. “The toll will ruin every carter in the valley.”');
    expect(q(d, 'ruin every carter')?.speaker).toBe('Brannoc');
  });

  // BUG: in a script whose speakers are named only by their turn labels, no turn gets a speaker.
  it('a script whose speakers appear only as recurring turn labels', () => {
    const d = parse(
      'The hearing opened at noon.\n\n' +
        'BRANNOC: “The toll will ruin every carter in the valley.”\n\n' +
        'ODA: “Then the carters should take the long road round.”\n\n' +
        'BRANNOC: “The long road is closed in winter, as you know.”',
    );
    expect(q(d, 'ruin every carter')?.speaker).toBe('Brannoc');
    expect(q(d, 'long road round')?.speaker).toBe('Oda');
    expect(q(d, 'closed in winter')?.speaker).toBe('Brannoc');
  });

  it('not: Varn. “…” when the text names Varn as a place ("in Varn", "the town of Varn")', () => {
    const d = parse('The carters lived in Varn, and the town of Varn had one road.\n\nVarn. “The toll will ruin every carter in the valley.”');
    expect(q(d, 'ruin every carter')?.speaker ?? null).toBeNull();
  });

  it('not: VARN: “…” before the text names Varn as a place', () => {
    const d = parse('VARN: “The toll will ruin every carter in the valley.”\n\nThe carters lived in Varn, and the town of Varn had one road.');
    expect(q(d, 'ruin every carter')?.speaker ?? null).toBeNull();
  });

  it('not: Varn. “…” with a person (Oda Venn) named in the paragraph before', () => {
    const d = parse('Oda Venn lived in Varn, the town of Varn on the river, and she said so often.\n\nVarn. “The toll will ruin every carter in the valley.”');
    const x = q(d, 'ruin every carter');
    expect(x?.speaker ?? null).not.toBe('Varn');
    expect(x?.speaker ?? null).toBeNull();
  });

  // BUG: "Upper Varn" (a place) is registered as a person's full name, so the label "Varn." resolves to "Upper Varn".
  it('not: Varn. “…” when the text also names the place "Upper Varn"', () => {
    const d = parse('The carters of Upper Varn sold their carts. Everyone in the town of Varn was poor.\n\nVarn. “The toll will ruin every carter in the valley.”');
    expect(q(d, 'ruin every carter')?.speaker ?? null).toBeNull();
  });

  it('not: a common word as a label (Morning. “…”)', () => {
    const d = parse('We reached the hill at dusk.\n\nMorning. “The toll will ruin every carter in the valley.”');
    expect(q(d, 'ruin every carter')?.speaker ?? null).toBeNull();
  });
});
