/** A wrong name is worse than none: places, unnamed speakers and sentence adverbs never become speakers. */
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../../../src/core/corpus/parse.js';
import type { ParsedDocument } from '../../../../src/core/types.js';

const parse = (text: string, author: string | null = null) => parseDocument({ id: 'pr', title: 'The Marsh', author, kind: 'article', publication: null, date: null }, text);
const q = (d: ParsedDocument, frag: string) => d.quotations.find((x) => x.text.includes(frag));

describe('precision of speakers', () => {
  it('a word the text twice puts after "in" or "at" is a place: "Varnholm declared" names no one', () => {
    const d = parse('We lived in Varnholm that year, and the winter in Varnholm was hard.\n\nVarnholm declared: “The roads will stay closed until the thaw comes.”');
    expect(q(d, 'roads will stay closed')?.speaker ?? null).toBeNull();
  });

  it('but a person named once after "in" still speaks ("faith in Brannoc")', () => {
    const d = parse('The carters had faith in Brannoc.\n\nBrannoc declared: “The roads will stay closed until the thaw comes.”');
    expect(q(d, 'roads will stay closed')?.speaker).toBe('Brannoc');
  });

  it('“…,” replied the boy: the boy is nobody named, and the narrator\'s question before does not lend its voice', () => {
    const d = parse('“Is the mill closed for the winter?” I asked. “Not at all,” replied the boy; “the wardens keep it open until the snow falls.”', 'Oda Venn');
    expect(q(d, 'mill closed')?.speaker).toBe('Oda Venn');
    expect(q(d, 'keep it open')?.speaker ?? null).toBeNull();
  });

  it('a sentence adverb is not a first name: "Thereupon Kaplun said"', () => {
    const d = parse('Kaplun kept the records.\n\nThereupon Kaplun said: “Call on me at any time for anything you may need.”');
    expect(q(d, 'Call on me')?.speaker).toBe('Kaplun');
  });
});

describe('across paragraphs', () => {
  it('“…” “…” ¶ Thus Mr. Aster wrote …: the paragraph after a paragraph of bare quotations names their author', () => {
    const d = parse('The ledger survives.\n\n“The toll is a tax on every honest carter.” “The wardens take it and give nothing back.”\n\nThus Mr. Aster wrote in his Toll Book. He wrote it in the spring.');
    expect(q(d, 'honest carter')?.speaker).toBe('Aster');
    expect(q(d, 'give nothing back')?.speaker).toBe('Aster');
  });

  it('not: a paragraph with prose of its own round its quotations is not named by the next one', () => {
    const d = parse('The carters argued all night about “a tax on every honest carter” and went home.\n\nThus Mr. Aster wrote in his Toll Book.');
    expect(q(d, 'honest carter')?.speaker ?? null).toBeNull();
  });

  it('We wrote: ¶ “…”: the author, for an editorial we', () => {
    const d = parse('A year ago we answered this question in an article. We wrote:\n\n“The carters of the marsh had not expected miracles from the wardens, and they got none.”', 'Oda Venn');
    expect(q(d, 'expected miracles')?.speaker).toBe('Oda Venn');
  });
});
