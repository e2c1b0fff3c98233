import { describe, expect, it } from 'vitest';
import { readPlainText } from '../../../../src/core/corpus/layout/plain.js';
import { NOTE_REF_RE, type Block } from '../../../../src/core/corpus/layout/types.js';

const paras = (bs: Block[]) => bs.filter((b) => b.type === 'paragraph').map((b) => (b as { text: string }).text);
const quotes = (bs: Block[]) => bs.filter((b) => b.type === 'quote').map((b) => (b as { text: string }).text);
const headings = (bs: Block[]) => bs.filter((b) => b.type === 'heading').map((b) => (b as { text: string }).text);
const notes = (bs: Block[]) => bs.filter((b) => b.type === 'note') as Extract<Block, { type: 'note' }>[];

/** A Gutenberg file in the current style, CRLF, with everything a real one carries round the book. */
const GUTENBERG = [
  'The Project Gutenberg eBook of The Salt Roads, by Oda Venn',
  '',
  'This eBook is for the use of anyone anywhere in the United States.',
  '',
  'Title: The Salt Roads',
  '       Letters from the Marsh Country',
  '',
  'Author: Oda Venn',
  '',
  'Translator: Pim Harl',
  '',
  'Release Date: May 3, 2011 [EBook #36303]',
  '',
  '*** START OF THIS PROJECT GUTENBERG EBOOK THE SALT ROADS ***',
  '',
  'Produced by Somebody and the Online Distributed Proofreading Team',
  '',
  '',
  '  THE SALT ROADS',
  '',
  '  BY',
  '  ODA VENN',
  '',
  'CONTENTS',
  '',
  'CHAPTER I. THE MARSH          1',
  'CHAPTER II. THE TOLL          9',
  '',
  'CHAPTER I',
  '',
  'THE MARSH',
  '',
  'The marsh wardens met at dawn, as they always did when the brine ran',
  'high, and Quill Aster spoke first about the tolls.[1] Nobody answered',
  '[Pg 12] him for a long while.',
  '',
  '     [1] Quill Aster, _The Toll Book_ (Varn: Reed Press, 1901), 14.',
  '',
  'He read them the old charter, which said:',
  '',
  '    "No warden shall take salt from a traveller who carries',
  '    less than he can lift, nor shall any road be closed',
  '    in the time of the thaw.',
  '',
  '    "Every toll shall be written in the book."',
  '',
  '[Illustration: THE WARDENS AT DAWN]',
  '',
  'The wardens laughed at this and went on arguing until the evening',
  'came, when the lamps were lit along the causeway.[1]',
  '',
  'FOOTNOTES:',
  '',
  '[1] A second note, numbered 1 again under this chapter.',
  '',
  'CHAPTER II',
  '',
  'THE TOLL',
  '',
  'In the second year the toll was doubled and the roads were quiet for a',
  'season, though the wardens kept their books as carefully as before.',
  '',
  'INDEX',
  '',
  'Aster, Quill, 12, 14',
  'Toll Book, 14',
  '',
  '*** END OF THIS PROJECT GUTENBERG EBOOK THE SALT ROADS ***',
  '',
  'Section 1. General Terms of Use and Redistributing Project Gutenberg-tm electronic works',
  '',
  'By reading or using any part of this Project Gutenberg-tm electronic work, you indicate that you agree.',
].join('\r\n');

describe('GIVEN a Project Gutenberg plain-text book', () => {
  const laid = readPlainText(GUTENBERG, 'utf-8');

  it('THEN it is recognised, and the header gives title, author and translator', () => {
    expect(laid.layout).toBe('gutenberg-text');
    expect(laid.found.title).toBe('The Salt Roads Letters from the Marsh Country');
    expect(laid.found.author).toBe('Oda Venn');
    expect(laid.found.translator).toBe('Pim Harl');
  });

  it('THEN the licence, credits, title page, contents, illustrations and index are not text', () => {
    const all = laid.blocks.map((b) => b.text).join('\n');
    expect(all).not.toMatch(/Project Gutenberg|General Terms|Produced by|ODA VENN|Illustration|Toll Book, 14|CHAPTER I\. THE MARSH +1/);
  });

  it('THEN chapter labels and titles make one heading each', () => {
    expect(headings(laid.blocks)).toEqual(['CHAPTER I. THE MARSH', 'CHAPTER II. THE TOLL']);
  });

  it('THEN wrapped lines are joined and a page number inside a sentence leaves it whole', () => {
    expect(paras(laid.blocks)[0]).toMatch(/^The marsh wardens met at dawn, as they always did when the brine ran high, and Quill Aster spoke first about the tolls\.\uE000\d+\uE001 Nobody answered him for a long while\.$/);
  });

  it('THEN an indented block of two paragraphs is one quotation, whole', () => {
    expect(quotes(laid.blocks)).toEqual([
      '"No warden shall take salt from a traveller who carries less than he can lift, nor shall any road be closed in the time of the thaw.\n\n"Every toll shall be written in the book."',
    ]);
  });

  it('THEN notes after the paragraph and under FOOTNOTES: keep their own text though both are numbered 1', () => {
    const ns = notes(laid.blocks);
    expect(ns.map((n) => n.text)).toEqual(['Quill Aster, The Toll Book (Varn: Reed Press, 1901), 14.', 'A second note, numbered 1 again under this chapter.']);
    const refs = paras(laid.blocks).flatMap((t) => [...t.matchAll(NOTE_REF_RE)].map((m) => Number(m[1])));
    expect(refs).toEqual([ns[0].id, ns[1].id]);
    expect(laid.warnings).toEqual([]);
  });
});

describe('GIVEN plain text that is not from Gutenberg', () => {
  it('THEN a Title:/Author: header gives the metadata and is not text', () => {
    const laid = readPlainText('Title: A Field Guide\nAuthor: Bo Reed\n\nThe first paragraph of the guide says little.\n', 'utf-8');
    expect(laid.layout).toBe('plain-text');
    expect(laid.found).toMatchObject({ title: 'A Field Guide', author: 'Bo Reed' });
    expect(paras(laid.blocks)).toEqual(['The first paragraph of the guide says little.']);
  });

  it('THEN a paragraph per line is not joined and nothing is a block quotation', () => {
    const laid = readPlainText('First thought, long enough to be a real paragraph of prose here.\n\n  Second thought, indented by its writer.\n', 'utf-8');
    expect(quotes(laid.blocks)).toEqual([]);
  });

  it('THEN "[3]" is a note marker only when note 3 exists, and a marker without a note is reported', () => {
    const laid = readPlainText('A claim.[1] A list item [3] stays.[2]\n\n[1] Bo Reed, Marsh Notes (Varn, 1990), 3.\n', 'utf-8');
    expect(paras(laid.blocks)[0]).toMatch(/^A claim\.\uE000\d+\uE001 A list item \[3\] stays\.\[2\]$/);
    expect(laid.warnings.join(' ')).toMatch(/2 note markers have no note/);
  });

  it('THEN an all-capitals line is not a heading in an unwrapped text before prose starts', () => {
    const laid = readPlainText('NOTICE TO READERS\n\nThe text starts here with a sentence.\n', 'utf-8');
    expect(headings(laid.blocks)).toEqual([]);
  });
});

describe('GIVEN notes marked by superscripts or parenthesised numbers', () => {
  it('THEN "word.³" and "word.(4)" link to the notes "³ …" and "(4) …"', () => {
    const laid = readPlainText('The toll was doubled.³ The wardens laughed.(4)\n\n³ Oda Venn, Marsh Notes (Varn, 1990), 3.\n\n(4) Quill Aster, The Toll Book (Varn, 1901), 9.\n', 'utf-8');
    expect(notes(laid.blocks).map((n) => n.text)).toEqual(['Oda Venn, Marsh Notes (Varn, 1990), 3.', 'Quill Aster, The Toll Book (Varn, 1901), 9.']);
    expect(paras(laid.blocks)[0]).toMatch(/^The toll was doubled\.\uE000\d+\uE001 The wardens laughed\.\uE000\d+\uE001$/);
  });

  it('THEN a list numbered "(1) …" with no marker in the text stays prose, and x² stays x²', () => {
    const laid = readPlainText('The rules were these, and x² was the toll.\n\n(1) Every carter pays once a year.\n', 'utf-8');
    expect(notes(laid.blocks)).toEqual([]);
    expect(paras(laid.blocks)).toEqual(['The rules were these, and x² was the toll.', '(1) Every carter pays once a year.']);
  });
});
