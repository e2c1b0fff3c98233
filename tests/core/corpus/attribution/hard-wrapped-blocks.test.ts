/** Rule 14: an indented block quotation in a hard-wrapped text is one quotation, whole, attributed from its lead-in. */
import { describe, expect, it } from 'vitest';
import { parseDocument, parseLaidOut } from '../../../../src/core/corpus/parse.js';
import { readPlainText } from '../../../../src/core/corpus/layout/plain.js';
import type { DocumentMeta } from '../../../../src/core/types.js';

const art = (author: string | null = null): DocumentMeta => ({ id: 'hw', title: 'The Bridge Toll', author, kind: 'article', publication: null, date: null });

/** Hard-wraps a paragraph at about 64 characters, each line indented by `indent`. */
function wrap(s: string, indent = ''): string {
  const out: string[] = [];
  let line = '';
  for (const w of s.split(' ')) {
    if ((line + ' ' + w).trim().length > 64) {
      out.push(indent + line.trim());
      line = w;
    } else line += ' ' + w;
  }
  if (line.trim()) out.push(indent + line.trim());
  return out.join('\n');
}

const P1 = 'The valley of Brannoc had one road and one bridge, and for most of the year the carters who used them paid nothing at all to anyone who stood by the gate or the river.';
const P2 = 'That changed in the dry year, when the wardens met in the long hall by the mill and laid a toll on every cart that crossed the bridge, loaded or empty, by day or by night.';
const B1 = 'You have laid a toll on the bridge that our fathers built with their own hands, and you give nothing back for it, not a stone nor a plank.';
const B2 = 'The carters will not pay it, and neither will I, until the wardens show the valley where the money goes and what it buys.';
const A1 = 'The wardens did not answer the letter, and the toll stayed on the bridge for another six years, until the great flood carried the bridge away.';
const A2 = 'Nobody in the valley rebuilt it for a long time, and the carters took the ford below the mill when the water was low enough to cross.';
const A3 = 'In the end the wardens themselves forgot the toll, and the only record of it is the letter the carters kept in the inns along the valley road.';
const BLOCK_TEXT = `${B1}\n\n${B2}`;

const book = (lead: string) => [wrap(P1), wrap(P2), wrap(lead), wrap(B1, '    '), wrap(B2, '    '), wrap(A1), wrap(A2), wrap(A3)].join('\n\n');

describe('rule 14: indented block quotations in a hard-wrapped text', () => {
  it('the text is long enough to be read as hard-wrapped, with the block indented', () => {
    const t = book('Oda Venn wrote to the wardens in the spring, and the carters copied her letter and read it aloud in every inn:');
    expect(t.split('\n').filter((l) => l.trim()).length).toBeGreaterThanOrEqual(20);
    const laid = readPlainText(t, 'utf-8');
    expect(laid.blocks.filter((b) => b.type === 'quote')).toHaveLength(1);
  });

  it('one block quotation, whole (both its paragraphs), attributed from the lead-in (parseLaidOut)', () => {
    const t = book('Oda Venn wrote to the wardens in the spring, and the carters copied her letter and read it aloud in every inn:');
    const d = parseLaidOut(art(), readPlainText(t, 'utf-8'));
    const blocks = d.quotations.filter((x) => x.kind === 'block');
    expect(blocks).toHaveLength(1);
    expect(blocks[0].text).toBe(BLOCK_TEXT);
    expect(blocks[0].speaker).toBe('Oda Venn');
    // No paragraph of the block is extracted a second time as a quotation of its own.
    expect(d.quotations.filter((x) => x.text.includes('laid a toll on the bridge that our fathers'))).toHaveLength(1);
  });

  it('the same through parseDocument; a pronoun lead-in goes to the person last named, not the addressee', () => {
    const t = book('Quill Aster kept the gate for the wardens. In the dry year he sent a letter to Oda Venn at the mill, and in it he wrote:');
    const d = parseDocument(art(), t);
    const blocks = d.quotations.filter((x) => x.kind === 'block');
    expect(blocks).toHaveLength(1);
    expect(blocks[0].text).toBe(BLOCK_TEXT);
    expect(blocks[0].speaker).toBe('Quill Aster');
  });

  it('not: a lead-in naming only the addressee and an unnamed group gives no speaker', () => {
    const t = book('In a letter to Quill Aster, which the carters copied and read aloud in every inn along the road, the wardens wrote:');
    const d = parseDocument(art(), t);
    const blocks = d.quotations.filter((x) => x.kind === 'block');
    expect(blocks).toHaveLength(1);
    expect(blocks[0].text).toBe(BLOCK_TEXT);
    expect(blocks[0].speaker).toBeNull();
  });

  it('not: a lead-in that names nobody gives no speaker', () => {
    const t = book('The carters copied a letter and read it aloud in every inn along the road, and nobody could say who had first set it down:');
    const d = parseDocument(art(), t);
    const blocks = d.quotations.filter((x) => x.kind === 'block');
    expect(blocks).toHaveLength(1);
    expect(blocks[0].speaker).toBeNull();
  });
});
