import { describe, expect, it } from 'vitest';
import { readMarkdown } from '../../../../src/core/corpus/layout/markdown.js';
import { parseDocument, parseLaidOut } from '../../../../src/core/corpus/parse.js';
import { withPages } from '../../../../src/core/corpus/notes.js';
import type { DocumentMeta, ParsedDocument } from '../../../../src/core/types.js';

const art = (id: string): DocumentMeta => ({ id, title: 'Salt and Tolls', author: 'Jane Writer', kind: 'article', publication: null, date: null });
const md = (id: string, text: string) => parseLaidOut(art(id), readMarkdown(text, 'utf-8'));
const q = (d: ParsedDocument, frag: string) => {
  const found = d.quotations.find((x) => x.text.includes(frag));
  if (!found) throw new Error(`no quotation holds "${frag}"`);
  return found;
};
const note = (d: ParsedDocument, text: string) => {
  const found = d.notes.find((n) => n.text.trim() === text);
  if (!found) throw new Error(`no note "${text}" (notes: ${d.notes.map((n) => n.text).join(' | ')})`);
  return found;
};

describe('bracketed citations in the prose: full citations without a publication parenthesis', () => {
  const d = parseDocument(
    art('n1'),
    'As Oda Venn put it, "the roads were older than the kingdoms that taxed them." [Oda Venn, The Salt Roads, p. 12]\n\n' +
      'Marek Hollis said that "a bridge is only a road that has learned to swim." [Oda Venn, The Salt Roads, p. 14]\n\n' +
      'The letter is dated [September, 1920] and its writer thought the tax "a burden on every mule and every man." \n\n' +
      'It was "older than any of the kings who claimed it" and nobody disputed it. [Tomas Reve, The Charter Rolls, vol. 2, p. 7]\n',
  );

  it('an author, a title and a page make a full citation: the source, and the author as speaker where the prose names none', () => {
    expect(note(d, 'Oda Venn, The Salt Roads, p. 12').citation).toBe('Oda Venn, The Salt Roads, p. 12');
    expect(q(d, 'older than the kingdoms').source).toBe('Oda Venn, The Salt Roads, p. 12');
    expect(q(d, 'older than any of the kings').source).toBe('Tomas Reve, The Charter Rolls, vol. 2, p. 7');
    expect(q(d, 'older than any of the kings').speaker).toBe('Tomas Reve');
  });

  it('the prose names a different speaker: the prose stays', () => {
    expect(q(d, 'learned to swim').speaker).toBe('Marek Hollis');
    expect(q(d, 'learned to swim').source).toContain('The Salt Roads');
  });

  it('a bracketed date is not a citation', () => {
    expect(d.notes.some((n) => /September/.test(n.text))).toBe(false);
    expect(q(d, 'every mule and every man').source).toBeNull();
  });
});

describe('surname + op. cit.', () => {
  const d = md(
    'n2',
    [
      '# Roads',
      '',
      'As Oda Venn put it, _"the roads were older than the kingdoms that taxed them."_ [Oda Venn, **The Salt Roads** , p. 12]',
      '',
      'Marek Hollis thought that _"no kingdom ever built a road it did not mean to tax."_ [Marek Hollis, **Tolls and Tyrants** , pp. 40-1]',
      '',
      'The caravans, in this account, were their own courts:',
      '',
      '> _"Every caravan carried its own law, and every law its own caravan."_ [Venn, **Op. Cit.** , pp. 88-9]',
      '',
      'The toll houses, by contrast, _"kept the only honest ledgers in the valley."_ [Hollis, **Op. Cit.** , p. 3]',
      '',
      'A guild pamphlet claimed _"the salt was never taxed twice on one road."_ [Pell, **Op. Cit.** , p. 5]',
    ].join('\n'),
  );

  it('resolves to the last earlier citation by that surname, with its own pages', () => {
    expect(note(d, 'Venn, Op. Cit., pp. 88-9').citation).toBe('Oda Venn, The Salt Roads, pp. 88-9');
    expect(q(d, 'Every caravan carried').source).toBe('Oda Venn, The Salt Roads, pp. 88-9');
  });

  it('the surname is the speaker of a block the prose introduces without naming anyone', () => {
    expect(q(d, 'Every caravan carried').speaker).toBe('Oda Venn');
  });

  it('after two different authors, each surname finds its own work, not the last one cited', () => {
    expect(note(d, 'Hollis, Op. Cit., p. 3').citation).toBe('Marek Hollis, Tolls and Tyrants, p. 3');
  });

  it('a title before op. cit. finds that title', () => {
    const e = md(
      'n2b',
      [
        'Ivo Stenn wrote that _"the guild was a court that sold its verdicts in advance."_ [Ivo Stenn, **The Guild Courts** , p. 7]',
        '',
        'Oda Venn thought that _"the roads were older than the kingdoms that taxed them."_ [Oda Venn, **The Salt Roads** , p. 12]',
        '',
        'Nobody denied that _"the courts sat only on market days."_ [ **The Guild Courts** , Op. Cit., p. 9]',
      ].join('\n'),
    );
    expect(q(e, 'sat only on market days').source).toBe('Ivo Stenn, The Guild Courts, p. 9');
  });

  it('a surname no earlier note cites stays as printed', () => {
    expect(note(d, 'Pell, Op. Cit., p. 5').citation).toBe('Pell, Op. Cit., p. 5');
  });

  it('lower-case "op. cit." in a footnote, after a full citation with initials', () => {
    const f = parseDocument(
      art('n3'),
      'The decree, he said, meant that "the land belongs to those who till it."[1] A year later the same author wrote that "the land must also feed the towns."[2]\n\n' +
        '[1] N. Lenine, The Soviets at Work, p. 3.\n\n[2] Lenine, op. cit., p. 4.\n',
    );
    expect(note(f, 'Lenine, op. cit., p. 4.').citation).toBe('N. Lenine, The Soviets at Work, p. 4.');
    expect(q(f, 'feed the towns').source).toContain('The Soviets at Work');
  });
});

describe('bare op. cit.', () => {
  const d = md(
    'n4',
    [
      '# Roads',
      '',
      'As Oda Venn put it, _"the roads were older than the kingdoms that taxed them."_ [Oda Venn, **The Salt Roads** , p. 12]',
      '',
      'Marek Hollis thought that _"no kingdom ever built a road it did not mean to tax."_ [Marek Hollis, **Tolls and Tyrants** , pp. 40-1]',
      '',
      'In the words of Oda Venn:',
      '',
      '> _"A toll is a promise that the road will still be there tomorrow, and a',
      '> threat that it will not be free."_ [ **Op. Cit.** , p. 52]',
      '',
      'The guild answered that _"every seal was paid for twice over."_ [ **Op. Cit.** , p. 53]',
    ].join('\n'),
  );

  it('resolves to the work of the author the sentence names, not merely the last one cited', () => {
    expect(q(d, 'A toll is a promise').source).toBe('Oda Venn, The Salt Roads, p. 52');
    expect(q(d, 'A toll is a promise').speaker).toBe('Oda Venn');
  });

  it('without a name to go by, it is the last work cited', () => {
    expect(q(d, 'every seal was paid').source).toBe('Oda Venn, The Salt Roads, p. 53');
    const e = md(
      'n5',
      [
        'As Oda Venn put it, _"the roads were older than the kingdoms that taxed them."_ [Oda Venn, **The Salt Roads** , p. 12]',
        '',
        'Marek Hollis thought that _"no kingdom ever built a road it did not mean to tax."_ [Marek Hollis, **Tolls and Tyrants** , pp. 40-1]',
        '',
        'The guild answered that _"every seal was paid for twice over."_ [ **Op. Cit.** , p. 53]',
      ].join('\n'),
    );
    expect(q(e, 'every seal was paid').source).toBe('Marek Hollis, Tolls and Tyrants, p. 53');
  });

  it('a title short form with its own pages is the first citation of that work, which op. cit. can point back to', () => {
    const e = md(
      'n6',
      [
        'Their charter said _"the road belongs to whoever keeps it in repair."_ [ **The Charter of the Salt Guild** , p. 161 and p. 173]',
        '',
        'Ivo Stenn was right that the guild _"could alone keep the passes open"_ in winter. [ **Op. Cit.** , p. 176, p. 174 and p. 199]',
      ].join('\n'),
    );
    expect(q(e, 'could alone keep the passes').source).toBe('The Charter of the Salt Guild, p. 176, p. 174 and p. 199');
    expect(q(e, 'could alone keep the passes').speaker).toBe('Ivo Stenn');
  });
});

describe('quoted by / quoted in', () => {
  const d = md(
    'n7',
    [
      'Marek Hollis thought that _"no kingdom ever built a road it did not mean to tax."_ [Marek Hollis, **Tolls and Tyrants** , pp. 40-1]',
      '',
      'The guild charter said that _"no member shall carry salt without a seal."_ [quoted by Hollis, **Tolls and Tyrants** , p. 61]',
      '',
      'Ivo Stenn wrote that _"the guild was a court that sold its verdicts in advance."_ [Ivo Stenn, **The Guild Courts** , p. 7]',
      '',
      'The master of the guild replied: _"We sell nothing; we only remember who paid."_ [Arno Pell, quoted by Stenn, **Op. Cit.** , p. 9]',
      '',
      'The clerk Tomas Reve declared that _"every ledger in the valley is a lie."_ [Arno Pell, quoted by Stenn, **Op. Cit.** , p. 10]',
      '',
      'The first statute read _"salt shall pass free on feast days."_ [contained in Ada Roe (ed.), **Guild Papers** , p. 14]',
    ].join('\n'),
  );

  it('the work after "quoted by" is where the words were found, and the source the text gives', () => {
    const x = q(d, 'no member shall carry salt');
    expect(x.foundIn).toBe('Hollis, Tolls and Tyrants, p. 61');
    expect(x.source).toContain('Tolls and Tyrants');
  });

  it('never makes the quoting author the speaker', () => {
    expect(q(d, 'no member shall carry salt').speaker).toBeNull();
    expect(q(d, 'salt shall pass free').speaker).toBeNull();
    expect(q(d, 'salt shall pass free').source).toContain('Guild Papers');
  });

  it('"X, quoted by Y, Op. Cit.": X speaks where the prose names nobody, and Y\'s work resolves', () => {
    const x = q(d, 'We sell nothing');
    expect(x.speaker).toBe('Arno Pell');
    expect(x.foundIn).toBe('Ivo Stenn, The Guild Courts, p. 9');
    expect(note(d, 'Arno Pell, quoted by Stenn, Op. Cit., p. 9').citation).toBe('Arno Pell, quoted by Ivo Stenn, The Guild Courts, p. 9');
  });

  it('the prose names someone else: the prose stays', () => {
    expect(q(d, 'every ledger in the valley').speaker).toBe('Tomas Reve');
    expect(q(d, 'every ledger in the valley').foundIn).toContain('The Guild Courts');
  });

  it('a footnote "Quoted by" with a surname short form resolves to that author\'s full citation', () => {
    const f = parseDocument(
      art('n8'),
      'Ivo Stenn wrote that "the guild was a court that sold its verdicts in advance."[1] The clerk is said to have written "nobody reads the ledgers but the mice."[2]\n\n' +
        '[1] Ivo Stenn, The Guild Courts (Lund: Harbour Press, 1931), 7.\n\n[2] Quoted by Stenn, 44.\n',
    );
    expect(q(f, 'nobody reads the ledgers').foundIn).toBe('Ivo Stenn, The Guild Courts (Lund: Harbour Press, 1931), 44.');
    expect(q(f, 'nobody reads the ledgers').speaker).not.toBe('Ivo Stenn');
  });
});

describe('ibid., idem, loc. cit.', () => {
  const d = parseDocument(
    art('n9'),
    'Oda Venn wrote that "the roads were older than the kingdoms."[1] She added that "the kingdoms never forgave them."[2] ' +
      'Later "the roads outlived the kingdoms too."[3] The bridges were "mostly older still."[4] ' +
      'The guild said "the dates are uncertain."[5] Then "the bridges fell first."[6] Finally "salt is patient."[7] ' +
      'And "the river keeps no ledger."[8]\n\n' +
      '[1] Oda Venn, The Salt Roads (Lund: Harbour Press, 1930), 12.\n\n[2] Ibid., 14.\n\n[3] Ibid.\n\n[4] Idem\n\n' +
      '[5] The dates given here follow the later chronicle.\n\n[6] Loc. cit.\n\n[7] Ibid., p. 20.\n\n[8] Identical wording appears in the first edition.\n',
  );

  it('Ibid. with pages: the previous work with the new pages, in the style they are given', () => {
    expect(note(d, 'Ibid., 14.').citation).toBe('Oda Venn, The Salt Roads (Lund: Harbour Press, 1930), 14.');
    expect(q(d, 'never forgave').source).toContain('The Salt Roads');
    expect(note(d, 'Ibid., p. 20.').citation).toBe('Oda Venn, The Salt Roads (Lund: Harbour Press, 1930), p. 20');
  });

  it('Ibid. and Idem without pages: the previous note\'s citation as it stands', () => {
    expect(note(d, 'Ibid.').citation).toBe('Oda Venn, The Salt Roads (Lund: Harbour Press, 1930), 14.');
    expect(note(d, 'Idem').citation).toBe(note(d, 'Ibid.').citation);
    expect(q(d, 'mostly older still').speaker).toBe('Oda Venn');
  });

  it('skips a comment between', () => {
    expect(note(d, 'Loc. cit.').citation).toBe(note(d, 'Ibid.').citation);
    expect(q(d, 'the bridges fell first').source).toContain('The Salt Roads');
  });

  it('a note that reads as prose is no citation, even ending in a page or op. cit.', () => {
    const e = parseDocument(
      art('n9b'),
      'The tolls were "never collected in winter."[1] Nor were they "ever collected from pilgrims."[2] Still, "the gates stayed shut."[3]\n\n' +
        '[1] Oda Venn, The Salt Roads (Lund: Harbour Press, 1930), 12.\n\n[2] For a discussion, see p. 45.\n\n[3] See the discussion in Venn, op. cit.\n',
    );
    expect(q(e, 'ever collected from pilgrims').source).toBeNull();
    expect(q(e, 'the gates stayed shut').source).toBeNull();
  });

  it('a note that merely begins like one is not a short form', () => {
    expect(note(d, 'Identical wording appears in the first edition.').citation).toBe('Identical wording appears in the first edition.');
    expect(q(d, 'the river keeps no ledger').source).toBeNull();
  });
});

describe('volumes and pages', () => {
  const d = md(
    'n10',
    [
      'Lenin insisted that _"the toll gates must be opened to the carts of the poor."_ [Lenin, **Collected Works** , vol. 32, p. 178]',
      '',
      'Then the demand became _"the toll gates must be torn down altogether."_ [Lenin, **Op. Cit.** , p. 21]',
      '',
      'And the next year _"the roads must be mended by those who use them."_ [Lenin, **Op. Cit.** , vol. 33, p. 9]',
    ].join('\n'),
  );

  it('a full citation with vol. and p.; the note author speaks where the prose names nobody', () => {
    expect(q(d, 'opened to the carts').source).toBe('Lenin, Collected Works, vol. 32, p. 178');
    expect(q(d, 'torn down altogether').speaker).toBe('Lenin');
  });

  it('a short form with pages only keeps the volume; one that names a volume replaces it', () => {
    expect(q(d, 'torn down altogether').source).toBe('Lenin, Collected Works, vol. 32, p. 21');
    expect(q(d, 'mended by those who use them').source).toBe('Lenin, Collected Works, vol. 33, p. 9');
  });

  it('withPages puts the short form\'s locator in place of the full citation\'s', () => {
    expect(withPages('Ronald Kemp, The Mill Wars, pp. 135-6', 'Kemp, Op. Cit., p. 111')).toBe('Ronald Kemp, The Mill Wars, p. 111');
    expect(withPages('Karl Brand, Millers in 1848. (English edition, pp. 22-23.)', 'Ibid., p. 5')).toBe('Karl Brand, Millers in 1848. (English edition, p. 5.)');
    expect(withPages('B. Harrow, The Miller and the Mill.', 'Harrow, op. cit., p. 4')).toBe('B. Harrow, The Miller and the Mill, p. 4');
    expect(withPages('Memoirs (Oxford: Press, 1963).', 'Petrov, 12–13.')).toBe('Memoirs (Oxford: Press, 1963), 12–13.');
    expect(withPages('Memoirs (Oxford: Press, 1963), 256.', 'Ibid.')).toBe('Memoirs (Oxford: Press, 1963), 256.');
  });
});

describe('Gutenberg footnotes', () => {
  const d = parseDocument(
    art('n11'),
    'The miller\'s view was plain: "It is strange that the poorest mill grinds the finest flour."[1]\n\n' +
      'The figures were "far beyond those of any other valley in the kingdom."[2]\n\n' +
      '[1] B. Harrow, The Miller and the Mill.\n\n' +
      '[2] The author then quotes figures for the three valleys, in 1895, 1900 and 1905.\n',
  );

  it('an initial before the surname: a full citation whose author speaks where the prose names nobody', () => {
    expect(q(d, 'poorest mill grinds').source).toBe('B. Harrow, The Miller and the Mill.');
    expect(q(d, 'poorest mill grinds').speaker).toBe('B. Harrow');
  });

  it('a note that only comments is no source and names no speaker', () => {
    expect(q(d, 'far beyond those').source).toBeNull();
    expect(q(d, 'far beyond those').speaker).toBeNull();
  });
});

describe('a pronoun the prose cannot resolve', () => {
  it('takes the person the note names', () => {
    const d = parseDocument(art('n12'), 'He wrote that "the salt roads were older than any kingdom on them." [Oda Venn, The Salt Roads, p. 20]\n');
    expect(q(d, 'older than any kingdom').speaker).toBe('Oda Venn');
  });

  it('but a pronoun the prose resolves keeps its person', () => {
    const d = parseDocument(
      art('n13'),
      'Marek Hollis disagreed. He wrote that "the salt roads were younger than every kingdom on them." [Oda Venn, The Salt Roads, p. 20]\n',
    );
    expect(q(d, 'younger than every kingdom').speaker).toBe('Marek Hollis');
  });
});
