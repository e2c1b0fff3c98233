/** A wrong name is worse than none: places, unnamed speakers and sentence adverbs never become speakers. */
import { describe, expect, it } from 'vitest';
import { parseDocument, parseLaidOut } from '../../../../src/core/corpus/parse.js';
import { readPlainText } from '../../../../src/core/corpus/layout/plain.js';
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

describe('found by reading texts never seen', () => {
  it('a place named in two words is no person: a pronoun after it does not become "Colney Hatch"', () => {
    const d = parse('We rowed past the asylum of Colney Hatch and on towards the town.\n\n“All right,” he said, “we shall land at the next bridge and walk the rest of the way.”');
    expect(q(d, 'land at the next bridge')?.speaker ?? null).toBeNull();
  });

  it('but a full name used twice, never after "in" or "of", is a person ("Angelica Balabonova")', () => {
    const d = parse('Angelica Balabonova came to dinner. Angelica Balabonova was tired, and she said, reprovingly: “Revolutionaries have something else to do than sit for portraits.”');
    expect(q(d, 'something else to do')?.speaker).toBe('Angelica Balabonova');
  });

  it('British quotation marks: ‘…,’ he wrote, in a paragraph with no double marks', () => {
    const d = parse('Charles Dickens loved the old songs. ‘If you know anybody at the cathedral who can sing them,’ he wrote to a friend, ‘bring him along on Sunday.’');
    expect(q(d, 'know anybody at the cathedral')?.speaker).toBe('Charles Dickens');
    expect(d.quotations.some((x) => /friend’s|don’t/.test(x.text))).toBe(false);
  });

  it('“…,” said I: the narrator; “…,” said he: the person last named', () => {
    const d = parse('Dick Pole rowed on for a while in silence.\n\n“Well,” said I, “the river is cleaner than it was in my time.” “Yes, it is clean enough now,” said he.', 'Will Guest');
    expect(q(d, 'cleaner than it was')?.speaker).toBe('Will Guest');
    expect(q(d, 'clean enough now')?.speaker).toBe('Dick Pole');
  });

  it('"saw him arguing that": the one seen is who speaks; "I thanked him, and said:" the narrator', () => {
    const d = parse('Quill Aster took the chair.\n\nThe next month saw him arguing that “the wardens must be elected by the carters themselves”. I thanked him, and said: “The carters will be glad of that in the spring.”', 'Oda Venn');
    expect(q(d, 'wardens must be elected')?.speaker).toBe('Quill Aster');
    expect(q(d, 'carters will be glad')?.speaker).toBe('Oda Venn');
  });

  it('no pronoun reaches back into the chapter before', () => {
    const laid = readPlainText(['CHAPTER I', '', 'Boffin Hale kept the ferry across the river for many long years, and all the', 'carters of the valley knew him well and paid him in salt and in bread.', '', 'CHAPTER II', '', '"All right," he said, "we shall cross when the water is lower and the wind', 'has gone down a little, and not before then."', ...Array.from({ length: 20 }, () => 'The river ran on under the bridge as it always had, grey and slow and cold.')].join('\n'), 'utf-8');
    const doc = parseLaidOut({ id: 'ch', title: 'T', author: null, kind: 'article', publication: null, date: null }, laid);
    expect(doc.quotations.find((x) => x.text.includes('water is lower'))?.speaker ?? null).toBeNull();
  });
});
