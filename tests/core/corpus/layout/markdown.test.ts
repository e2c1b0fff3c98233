import { describe, expect, it } from 'vitest';
import { readMarkdown } from '../../../../src/core/corpus/layout/markdown.js';
import { parseLaidOut } from '../../../../src/core/corpus/parse.js';
import type { Block } from '../../../../src/core/corpus/layout/types.js';
import type { DocumentMeta } from '../../../../src/core/types.js';

const of = (bs: Block[], type: Block['type']) => bs.filter((b) => b.type === type).map((b) => b.text);
const meta = (id: string): DocumentMeta => ({ id, title: 'The Marsh Question', author: 'Oda Venn', kind: 'article', publication: null, date: null });

const MD = `# The Marsh Question

As the wardens' charter put it, the roads were
_"open to all who walk them"_ in every season.

## The Toll

Quill Aster argued against the toll as follows:

> _"The toll is a wall built of paper. It keeps out the poor
> and lets in the rich.
>
> > nested words of an older charter
>
> "A road that is closed is no road at all."_ [Aster, **Op. Cit.**, p. 12]

> A second block right after, which is the same quotation
> continued on the next page.

See [the charter](charter.md) and the note.[^1]

[^1]: Quill Aster, **The Toll Book** (Varn: Reed Press, 1901), 14.
`;

describe('GIVEN a Markdown text', () => {
  const laid = readMarkdown(MD, 'utf-8');

  it('THEN its H1 is the title, other headings are sections', () => {
    expect(laid.found.title).toBe('The Marsh Question');
    expect(of(laid.blocks, 'heading')).toEqual(['The Toll']);
  });

  it('THEN lines are joined, emphasis and links are reduced to their words, and an emphasised quotation has curly marks', () => {
    const ps = of(laid.blocks, 'paragraph');
    expect(ps[0]).toBe(`As the wardens' charter put it, the roads were “open to all who walk them” in every season.`);
    expect(ps[2]).toMatch(/^See the charter and the note\.\uE000\d+\uE001$/);
  });

  it('THEN consecutive > blocks are one quotation, without > markers, nested > included', () => {
    const qs = of(laid.blocks, 'quote');
    expect(qs).toHaveLength(1);
    expect(qs[0]).not.toMatch(/>/);
    expect(qs[0]).toContain('lets in the rich.\n\nnested words of an older charter\n\n"A road that is closed');
    expect(qs[0]).toContain('continued on the next page.');
  });

  it('THEN [^N] definitions are notes, not paragraphs', () => {
    expect(of(laid.blocks, 'note')).toEqual(['Quill Aster, The Toll Book (Varn: Reed Press, 1901), 14.']);
    expect(of(laid.blocks, 'paragraph').join(' ')).not.toContain('Reed Press');
  });

  it('THEN the block quotation is extracted once, whole, with its speaker and its bracketed citation as the source', () => {
    const doc = parseLaidOut(meta('marsh'), laid);
    const hits = doc.quotations.filter((q) => q.text.includes('wall built of paper'));
    expect(hits).toHaveLength(1);
    expect(hits[0].kind).toBe('block');
    expect(hits[0].text).toMatch(/^The toll is a wall/);
    expect(hits[0].text).not.toMatch(/Op\. Cit|\[Aster/);
    expect(hits[0].speaker).toBe('Quill Aster');
    expect(hits[0].source).toContain('Aster');
  });

  it('THEN a bracket that is an editor\'s insertion stays in the text', () => {
    const l = readMarkdown('He wrote that "the [local] wardens met on [May, 1920] the first day".\n', 'utf-8');
    expect(of(l.blocks, 'note')).toEqual([]);
    expect(of(parseLaidOut(meta('m2'), l).passages.map((p) => ({ type: 'paragraph', text: p.text }) as Block), 'paragraph')[0]).toContain('[May, 1920]');
  });
});
