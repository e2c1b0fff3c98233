import { describe, expect, it } from 'vitest';
import { diversify, type Said } from '../../../src/core/search/diversify.js';

type Item = Said & { id: string };
const item = (id: string, passage: string, quotation: boolean, text: string): Item => ({ id, passage, quotation, text });
const ids = (items: Item[]) => items.map((i) => i.id);
const itself = (i: Item) => i;

describe('GIVEN ranked results where a paragraph and a quotation standing in it say the same words', () => {
  const paragraph = item('p1', 'p1', false, 'As he wrote, “the state must wither away”, and so on.');
  const quotation = item('q1', 'p1', true, 'the state must wither away');

  it('THEN whichever ranks first is shown, not both', () => {
    expect(ids(diversify([quotation, paragraph], itself))).toEqual(['q1']);
    expect(ids(diversify([paragraph, quotation], itself))).toEqual(['p1']);
  });

  it('THEN the same words in another passage, two quotations, or a quotation of other words are all shown', () => {
    const elsewhere = item('p2', 'p2', false, paragraph.text);
    const again = item('q2', 'p1', true, 'must wither');
    const other = item('q3', 'p1', true, 'the party decides');
    expect(ids(diversify([quotation, elsewhere, again, other], itself))).toEqual(['q1', 'p2', 'q2', 'q3']);
    // A paragraph that is all quotation is the same words too.
    expect(ids(diversify([item('p3', 'p3', false, 'wither'), item('q4', 'p3', true, 'wither away')], itself))).toEqual(['p3']);
  });

  it('THEN at most `max` are kept, and the ranking is read no further than it takes', () => {
    let read = 0;
    function* ranked() {
      for (const i of [quotation, paragraph, item('p2', 'p2', false, 'x'), item('p3', 'p3', false, 'y')]) {
        read++;
        yield i;
      }
    }
    expect(ids(diversify(ranked(), itself, 2))).toEqual(['q1', 'p2']);
    expect(read).toBe(3);
  });
});
