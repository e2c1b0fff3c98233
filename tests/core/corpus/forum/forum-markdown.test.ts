import { describe, expect, it } from 'vitest';
import { readMarkdown } from '../../../../src/core/corpus/layout/markdown.js';
import { parseLaidOut } from '../../../../src/core/corpus/parse.js';

const THREAD = `# Would a salt toll be fair?

---

**Quillfeather** wrote:

The salt wardens would have kept the roads open, I am sure of it.

---

**Brannoc** · 2 Jan 2020

Quillfeather wrote:
> The salt wardens would have kept the roads open, I am sure of it.

I doubt it very much, the wardens were never that generous to travellers.

---

**Oda** replied:

Every toll shall be written in the book of the wardens, as it always was.
`;

describe('GIVEN a forum thread exported as Markdown', () => {
  const laid = readMarkdown(THREAD, 'utf-8');
  const doc = parseLaidOut({ id: 't', title: laid.found.title!, author: null, kind: laid.found.kind ?? 'article', publication: null, date: null }, laid);

  it('THEN it is read as a thread: one passage per post under its poster, the quoted words not the replier\'s', () => {
    expect(laid.found).toMatchObject({ kind: 'forum', title: 'Would a salt toll be fair?' });
    expect(doc.passages.map((p) => [p.speaker, p.text])).toEqual([
      ['Quillfeather', 'The salt wardens would have kept the roads open, I am sure of it.'],
      ['Brannoc', 'I doubt it very much, the wardens were never that generous to travellers.'],
      ['Oda', 'Every toll shall be written in the book of the wardens, as it always was.'],
    ]);
    expect(doc.quotations.filter((q) => q.text.includes('kept the roads open')).map((q) => q.speaker)).toEqual(['Quillfeather']);
  });

  it('THEN an article with rules between its sections is not a thread', () => {
    const article = readMarkdown('# Essay\n\nFirst part of the essay, long enough.\n\n---\n\nSecond part of the essay.\n\n---\n\nThird part.\n\n---\n\nFourth.\n', 'utf-8');
    expect(article.posts).toBeUndefined();
    expect(article.layout).toBe('markdown');
  });
});
