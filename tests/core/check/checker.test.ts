import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { checkerOver, createChecker, MAX_ARGUMENT_LENGTH } from '../../../src/core/check/checker.js';
import { ftsCheckSource, writeCheckTables } from '../../../src/store/fts/check-source.js';
import { buildFtsIndex } from '../../../src/store/fts/build.js';
import { fixtureCorpus } from './fixture.js';

const corpus = fixtureCorpus();
const file = new Database(':memory:');
writeCheckTables(corpus, file);
buildFtsIndex(corpus, file);

// The same expectations whichever way the checker reads the corpus: all of it in memory, or (a large corpus)
// only the passages each argument may quote, found through the FTS5 file.
describe.each([
  ['in memory', createChecker(corpus)],
  ['passage by passage from its FTS5 file', checkerOver(ftsCheckSource(file))],
] as const)('GIVEN the checker reading the corpus %s', (_, checker) => {
const verdict = (a: string) => checker.check(a).verdict;

describe('GIVEN a quotation the corpus holds', () => {
  it('THEN verbatim with the right speaker is verified, with the matched passage', () => {
    const r = checker.check('Trotsky wrote "We have suppressed the Mensheviks and the SRs – and they have disappeared"');
    expect(r.verdict).toBe('verified');
    expect(r.quotations).toEqual([expect.objectContaining({ attributedTo: 'Trotsky', verdict: 'verified' })]);
    expect(r.matches[0]).toMatchObject({ speaker: 'Leon Trotsky', document: { id: 'essay', title: 'The Opposition in Exile' }, source: 'Trotsky, Terrorism and Communism, 1920' });
    expect(r.matches[0].text).toContain('We have suppressed the Mensheviks');
  });
  it('THEN an unattributed quotation is verified', () => {
    expect(verdict('Remember: “We have suppressed the Mensheviks and the SRs”.')).toBe('verified');
  });
  it('THEN an elision (… or ...) is tolerated when the pieces stand in order in one passage', () => {
    expect(verdict('As Trotsky put it, "In a period in which ... the ruling party has sufficient material standard ... We have suppressed the Mensheviks"')).toBe('verified');
    expect(verdict('Trotsky: "We have suppressed the Mensheviks… This criterion is sufficient for us."')).toBe('verified');
    // pieces out of order are not the corpus's sentence
    expect(verdict('Trotsky: "This criterion is sufficient for us… We have suppressed the Mensheviks"')).not.toBe('verified');
  });
  it('THEN a bracketed editorial change is tolerated', () => {
    expect(verdict('Trotsky wrote that "[w]e have suppressed the Mensheviks and the SRs"')).toBe('verified');
    expect(verdict('Trotsky wrote that "[the Bolsheviks] have suppressed the Mensheviks and the SRs"')).toBe('verified');
  });
  it('THEN a dropped clause is tolerated', () => {
    expect(verdict('Malatesta wrote of "the dictatorship of a few men who place themselves above the proletariat"')).toBe('verified');
  });
  it('THEN typographic differences and British or American spelling do not matter', () => {
    expect(verdict("Goldman: 'Stalin did not come down as a gift from heaven to the hapless Russian people'")).toBe('verified');
    expect(verdict('Goldman: “STALIN did not come down as a gift from heaven — to the hapless Russian people”')).toBe('verified');
  });
  it('THEN a doubled or dropped small word is tolerated ("no no means")', () => {
    expect(verdict('Kolakowski: "Russia had no means of ensuring a German Communist victory in 1923"')).toBe('verified');
    expect(verdict('Kolakowski: "Russia had no no means of ensuring a German Communist victory in 1923"')).toBe('verified');
  });
});

describe('GIVEN the words are in the corpus but credited to the wrong person', () => {
  it('THEN it is misattributed, showing who said them', () => {
    const r = checker.check('As Stalin put it, "We have suppressed the Mensheviks and the SRs"');
    expect(r.verdict).toBe('misattributed');
    expect(r.matches[0].speaker).toBe('Leon Trotsky');
  });
  it('THEN a quotation inside a forum post belongs to the person quoted, not to someone else in the thread', () => {
    expect(verdict('Serge: "Russia had no means of ensuring a German Communist victory in 1923"')).toBe('misattributed');
  });
  it('THEN the author of the text is right for its own prose but wrong for the words it quotes', () => {
    expect(verdict('Jane Roe wrote "the opposition never questioned the monopoly of the party"')).toBe('verified');
    expect(verdict('Roe wrote "We have suppressed the Mensheviks and the SRs"')).toBe('misattributed');
    expect(verdict('Trotsky wrote "the opposition never questioned the monopoly of the party"')).toBe('misattributed');
  });
  it('THEN a forum post is said by its poster', () => {
    expect(verdict('Wolfpaw wrote "Trotsky was not an idiot, which is something I will stress"')).toBe('verified');
    expect(verdict('Kolakowski wrote "Trotsky was not an idiot, which is something I will stress"')).toBe('misattributed');
    // A handle with digits is one name, digits and all.
    expect(verdict('RedFox1917 wrote "The grain requisitions turned the villages against the cities"')).toBe('verified');
    expect(verdict('Wolfpaw wrote "The grain requisitions turned the villages against the cities"')).toBe('misattributed');
  });
  it('THEN names match loosely: surname, any name, diacritics folded, possessive', () => {
    expect(verdict('Leszek said "Russia had no no means of ensuring a German Communist victory"')).toBe('verified');
    expect(verdict('Kołakowski: "Russia had no no means of ensuring a German Communist victory"')).toBe('verified');
    expect(verdict('In Eastman’s words, workers’ democracy “was not something new or especially devised”')).toBe('verified');
  });
  it('THEN the name may follow the quotation', () => {
    expect(verdict('"We have suppressed the Mensheviks and the SRs" — Stalin')).toBe('misattributed');
    expect(verdict('"We have suppressed the Mensheviks and the SRs," said Trotsky.')).toBe('verified');
  });
});

describe('GIVEN words the corpus does not contain', () => {
  it('THEN a changed content word is a misquote', () => {
    expect(verdict('Trotsky wrote "We have tolerated the Mensheviks and the SRs"')).toBe('misquoted');
    expect(verdict('Jane Roe: "its leaders never defended the ban on factions of 1921"')).toBe('misquoted');
    expect(verdict('Trotsky wrote "We have suppressed the Mensheviks and the SRs in 1922"')).toBe('misquoted');
  });
  it('THEN a lost or added negation is a misquote', () => {
    expect(verdict('Goldman: "Stalin did come down as a gift from heaven to the hapless Russian people"')).toBe('misquoted');
    expect(verdict('Trotsky wrote "We have not suppressed the Mensheviks and the SRs"')).toBe('misquoted');
  });
  it('THEN a sentence the corpus holds nothing near, credited to someone, is not in the corpus: neither confirmed nor accused', () => {
    const r = checker.check('Trotsky said "the revolution must devour every last one of its children"');
    expect(r).toMatchObject({ verdict: 'unsourced', notInCorpus: true, explanation: null });
    expect(r.quotations[0]).toMatchObject({ verdict: 'unchecked', notInCorpus: true });
  });
  it('THEN the worst quotation decides', () => {
    expect(verdict('Trotsky wrote "We have suppressed the Mensheviks and the SRs" and Goldman wrote "Stalin came down as a gift from heaven to the Russian people"')).toBe('misquoted');
    expect(verdict('Trotsky wrote "We have suppressed the Mensheviks and the SRs" and Stalin wrote "Stalin did not come down as a gift from heaven"')).toBe('misattributed');
  });
});

describe('GIVEN no corpus quotation', () => {
  it('THEN a link cites', () => {
    const r = checker.check('The purges killed most of the 1917 Central Committee: https://en.wikipedia.org/wiki/Great_Purge.');
    expect(r.verdict).toBe('cited');
    expect(r.links).toEqual(['https://en.wikipedia.org/wiki/Great_Purge']);
  });
  it('THEN a bibliographic reference cites', () => {
    expect(checker.check('See Avrich, Kronstadt 1921 (1970), pp. 211-2, on the use of chemical weapons.').references).toEqual(['Avrich, Kronstadt 1921 (1970), pp. 211-2']);
    expect(verdict('The Cheka executed about 250,000 people, according to a recent history of the KGB.')).toBe('cited');
    expect(verdict('Deutscher covers this in The Prophet Unarmed, p. 140.')).toBe('cited');
    expect(verdict('The famine was man-made (Conquest 1986: 303).')).toBe('cited');
  });
  it('THEN an unquoted claim is unsourced', () => {
    expect(verdict('Trotsky was a better military leader than any of Stalin’s generals.')).toBe('unsourced');
    expect(verdict('Collectivisation would have happened anyway.')).toBe('unsourced');
    expect(verdict('Trotsky was exiled in 1929 and murdered in 1940.')).toBe('unsourced');
  });
  it('THEN a scare quote or short term is not a quotation', () => {
    expect(verdict('Trotsky\'s so-called "workers\' democracy" was a sham.')).toBe('unsourced');
  });
  it('THEN an unattributed quote of something the corpus lacks is not a misquote', () => {
    expect(verdict('People keep saying "history is written by the victors" but it is not true.')).toBe('unsourced');
  });
});

describe('GIVEN bad input', () => {
  it('THEN unsafe links are reported, never returned as links, and do not cite', () => {
    const r = checker.check('Proof: javascript:alert(document.cookie) and data:text/html;base64,PHNjcmlwdD4= and [x](javascript:void(0))');
    expect(r.verdict).toBe('unsourced');
    expect(r.links).toEqual([]);
    expect(r.unsafeLinks.length).toBeGreaterThanOrEqual(2);
    for (const u of r.unsafeLinks) expect(u).not.toMatch(/^(javascript|data):/i);
  });
  it('THEN quotation marks that do not pair are handled without throwing', () => {
    expect(verdict('Trotsky wrote "We have suppressed the Mensheviks and the SRs')).toBe('verified');
    expect(verdict('He said " and then nothing')).toBe('unsourced');
    expect(verdict('“ ” " \' ‘ ’ « »')).toBe('unsourced');
    expect(() => checker.check('"""""""""')).not.toThrow();
  });
  it('THEN empty and oversized arguments are refused as unsourced', () => {
    expect(checker.check('')).toMatchObject({ verdict: 'unsourced', refused: 'empty' });
    expect(checker.check('   \n ')).toMatchObject({ verdict: 'unsourced', refused: 'empty' });
    expect(checker.check('x'.repeat(MAX_ARGUMENT_LENGTH + 1))).toMatchObject({ verdict: 'unsourced', refused: 'too-long' });
    expect(checker.check(`Trotsky wrote "We have suppressed the Mensheviks and the SRs" ${'blah '.repeat(790)}`.slice(0, MAX_ARGUMENT_LENGTH)).verdict).toBe('verified');
  });
  it('THEN mentions in quoted text are never echoed raw', () => {
    const r = checker.check('@everyone Trotsky wrote "@everyone we have suppressed <@&123> the Mensheviks and the SRs @here"');
    const json = JSON.stringify(r);
    expect(json).not.toMatch(/@everyone|@here|<@&123>/);
  });
});

describe('GIVEN how debaters name the speaker', () => {
  it('THEN a work named between the speaker and the verb is not the speaker', () => {
    expect(verdict('Trotsky, in his Terrorism and Communism, says "We have suppressed the Mensheviks and the SRs"')).toBe('verified');
  });
  it('THEN a pronoun carries the person last named', () => {
    expect(verdict('Stalin was ruthless. He wrote "We have suppressed the Mensheviks and the SRs"')).toBe('misattributed');
    expect(verdict('Trotsky was candid. He wrote "We have suppressed the Mensheviks and the SRs"')).toBe('verified');
  });
  it('THEN a second quotation in the same breath keeps the speaker', () => {
    expect(verdict('Trotsky wrote "We have suppressed the Mensheviks and the SRs" and "Stalin did not come down as a gift from heaven"')).toBe('misattributed');
  });
  it('THEN a capitalised word opening the sentence is not a name', () => {
    expect(verdict('Historians agree: "We have suppressed the Mensheviks and the SRs"')).toBe('verified');
  });
});

describe('GIVEN a quotation from outside the corpus with its source', () => {
  it('THEN it is cited, not a misquote', () => {
    expect(verdict('Conquest wrote "the terror devoured the party itself" (The Great Terror, p. 486).')).toBe('cited');
    expect(verdict('Trotsky wrote "the revolution betrayed its children", see https://www.marxists.org/archive/trotsky/1936/revbet/')).toBe('cited');
  });
  it('THEN a changed corpus quotation is still a misquote, source or not', () => {
    expect(verdict('Trotsky wrote "We have tolerated the Mensheviks and the SRs" (Terrorism and Communism, p. 107)')).toBe('misquoted');
  });
  it('THEN a note marker in the corpus does not break a quotation', () => {
    expect(verdict('Roe: "The opposition never questioned the monopoly of the party, and its leaders always defended the ban"')).toBe('verified');
  });
});

describe('GIVEN editorial brackets', () => {
  it('THEN a bracket may replace words, but not add new content', () => {
    expect(verdict('Trotsky wrote "[the Bolsheviks] have suppressed the Mensheviks and the SRs"')).toBe('verified');
    expect(verdict('Trotsky wrote "We have suppressed the Mensheviks [sic] and the SRs"')).toBe('verified');
    expect(verdict('Trotsky wrote "We have suppressed the [peaceful] Mensheviks and the SRs"')).toBe('misquoted');
    expect(verdict('Trotsky wrote "We have [not] suppressed the Mensheviks and the SRs"')).toBe('misquoted');
  });
});

describe('GIVEN a bracket that swaps a content word', () => {
  it('THEN it is a misquote', () => {
    expect(verdict('Trotsky wrote "We have [tolerated] the Mensheviks and the SRs"')).toBe('misquoted');
    expect(verdict('Trotsky wrote "We have suppressed the [Kadets] and the SRs"')).toBe('misquoted');
  });
});

describe('GIVEN small slips and named works', () => {
  it('THEN a dropped auxiliary is near-verbatim', () => {
    expect(verdict('Trotsky wrote "We suppressed the Mensheviks and the SRs – and they have disappeared"')).toBe('verified');
  });
  it('THEN a work named by its title cites', () => {
    expect(verdict('Trotsky’s The Revolution Betrayed admits the bureaucracy became a caste.')).toBe('cited');
    expect(verdict('Serge describes the purges in "Memoirs of a Revolutionary".')).toBe('cited');
    expect(verdict('Stalin’s Great Terror killed hundreds of thousands.')).toBe('unsourced');
  });
});

describe('GIVEN a quotation that starts just after a negation', () => {
  it('THEN it strips the negation and is a misquote', () => {
    expect(verdict('Goldman: "come down as a gift from heaven to the hapless Russian people"')).toBe('misquoted');
    expect(verdict('Roe: "questioned the monopoly of the party"')).toBe('misquoted');
  });
  it('THEN moving a word is a misquote', () => {
    expect(verdict('Trotsky wrote "We have the suppressed Mensheviks and the SRs"')).toBe('misquoted');
  });
  it('THEN words picked out of a passage and stitched together are not a quotation of it', () => {
    expect(verdict('Roe wrote "The opposition never questioned the ban on factions"')).toBe('misquoted');
  });
});

describe('GIVEN a link carrying a mention', () => {
  it('THEN the link is kept but cannot ping', () => {
    const r = checker.check('Proof: https://example.org/@everyone/post');
    expect(r.verdict).toBe('cited');
    expect(r.links).toEqual(['https://example.org/%40everyone/post']);
  });
});

describe('GIVEN a speaker named with the work', () => {
  it('THEN the person, not the title, is the speaker', () => {
    expect(verdict('Leszek Kolakowski, *Main Currents of Marxism*, "Russia had no no means of ensuring a German Communist victory"')).toBe('verified');
    expect(verdict('Kolakowski, Main Currents of Marxism: "Russia had no no means of ensuring a German Communist victory"')).toBe('verified');
    expect(verdict('Serge, Memoirs of a Revolutionary: "Russia had no no means of ensuring a German Communist victory"')).toBe('misattributed');
  });
});

describe('GIVEN a quotation within a quotation', () => {
  it('THEN the inner words belong to the inner speaker, the rest to the outer one', () => {
    expect(verdict('Trotsky wrote "The historical absurdity of an autocratic bureaucracy cannot and will not endlessly endure"')).toBe('verified');
    expect(verdict('Berneri wrote "The historical absurdity of an autocratic bureaucracy cannot and will not endlessly endure"')).toBe('misattributed');
    expect(verdict('Berneri: "In history there is no absurdity at all"')).toBe('verified');
  });
});

describe('GIVEN several people named as saying it', () => {
  it('THEN any of them may be the speaker', () => {
    expect(verdict('Trotsky and Lenin wrote "We have suppressed the Mensheviks and the SRs"')).toBe('verified');
    expect(verdict('Stalin and Zinoviev wrote "We have suppressed the Mensheviks and the SRs"')).toBe('misattributed');
    // A full name must be the speaker's: sharing a first name is not enough.
    expect(verdict('Leon Blum wrote "We have suppressed the Mensheviks and the SRs"')).toBe('misattributed');
    expect(verdict('Lev Davidovich Trotsky wrote "We have suppressed the Mensheviks and the SRs"')).toBe('verified');
    // A name ends at the line: the line after it is not part of it.
    expect(verdict('"We have suppressed the Mensheviks and the SRs" — Leon Trotsky\nSource: Terrorism and Communism')).toBe('verified');
  });
});

describe('GIVEN the speaker named after the quotation or by a possessive', () => {
  it('THEN the name counts', () => {
    expect(verdict('"We have suppressed the Mensheviks and the SRs" is Stalin’s line.')).toBe('misattributed');
    expect(verdict('"We have suppressed the Mensheviks and the SRs" was written by Trotsky.')).toBe('verified');
    expect(verdict('"We have suppressed the Mensheviks and the SRs" shows what Goldman thought.')).toBe('misattributed');
    expect(verdict('Trotsky’s reply to Stalin: "We have suppressed the Mensheviks and the SRs"')).toBe('verified');
  });
});

describe('GIVEN emphasis rather than a title', () => {
  it('THEN it does not cite', () => {
    expect(verdict('This is *Really* important: the NEP was a retreat.')).toBe('unsourced');
    expect(verdict('Read *Main Currents of Marxism* on this.')).toBe('cited');
  });
});

describe('GIVEN an event and its year in brackets', () => {
  it('THEN it is not an author-date citation', () => {
    expect(verdict('The sailors rose against the Bolsheviks (Kronstadt 1921).')).toBe('unsourced');
    expect(verdict('The sailors rose against the Bolsheviks (Avrich, 1970).')).toBe('cited');
  });
});

describe('GIVEN a short quotation made of common words', () => {
  it('THEN it is still found', () => {
    expect(verdict('Malatesta wrote of "the dictatorship of the proletariat"')).toBe('verified');
    // One word changed in a stock phrase is no evidence of a misquote: "the dictatorship of the bourgeoisie" is a phrase too.
    expect(checker.check('Malatesta wrote of "the dictatorship of the squirrels"')).toMatchObject({ verdict: 'unsourced', notInCorpus: true });
  });
});
describe('GIVEN a genuine quotation the corpus does not contain', () => {
  const GRAVITATION = 'Trotsky wrote: "Not believing in force is the same thing as not believing in gravitation."';
  it('THEN with a reference it is cited, not in the corpus, and never accused', () => {
    const r = checker.check(`${GRAVITATION} (Trotsky, What Next?, 1932)`);
    expect(r).toMatchObject({ verdict: 'cited', notInCorpus: true, explanation: null, references: ['Trotsky, What Next?, 1932'] });
    expect(r.quotations[0]).toMatchObject({ attributedTo: 'Trotsky', verdict: 'unchecked', notInCorpus: true });
  });
  it('THEN without one it is unsourced, still not in the corpus', () => {
    expect(checker.check(GRAVITATION)).toMatchObject({ verdict: 'unsourced', notInCorpus: true, explanation: null });
  });
  it('THEN however it is attributed, it is never misquoted or misattributed', () => {
    for (const a of [
      'As Lenin said, "Communism is Soviet power plus the electrification of the whole country."',
      '"Freedom is always and exclusively freedom for the one who thinks differently." — Rosa Luxemburg',
      'Goldman: "I want freedom, the right to self-expression, everybody\'s right to beautiful, radiant things."',
      '"The basis of bureaucratic rule is the poverty of society in objects of consumption." https://www.marxists.org/archive/trotsky/1936/revbet/ch05.htm',
      'Stalin wrote of "the dictatorship of the bourgeoisie" and of "the dictatorship of the proletariat".',
      // A few words in common with a corpus passage are no evidence.
      'Lenin wrote "the dictatorship of a single class is necessary for every class society"',
    ]) {
      expect(['cited', 'unsourced'], a).toContain(verdict(a));
    }
  });
});

describe('GIVEN one word of a corpus quotation changed', () => {
  it('THEN it is misquoted, with the word-level difference, the corpus wording, its speaker and source', () => {
    const r = checker.check('Trotsky wrote "We have tolerated the Mensheviks and the SRs"');
    expect(r).toMatchObject({ verdict: 'misquoted', notInCorpus: false });
    expect(r.quotations[0].diff).toEqual([
      { op: 'same', argument: 'We have', corpus: 'We have' },
      { op: 'changed', argument: 'tolerated', corpus: 'suppressed' },
      { op: 'same', argument: 'the Mensheviks and the SRs', corpus: 'the Mensheviks and the SRs' },
    ]);
    expect(r.explanation).toBe(
      'The corpus has “…We have suppressed the Mensheviks and the…” (Leon Trotsky, Terrorism and Communism, 1920; in The Opposition in Exile, ¶ 1): 1 word changed ("suppressed" → "tolerated").',
    );
    expect(r.quotations[0].explanation).toBe(r.explanation);
    expect(r.nearest[0]).toMatchObject({ speaker: 'Leon Trotsky', source: 'Trotsky, Terrorism and Communism, 1920' });
  });
  it('THEN a "not" left out or words added show as such', () => {
    const dropped = checker.check('Goldman: "come down as a gift from heaven to the hapless Russian people"');
    expect(dropped.quotations[0].diff![0]).toEqual({ op: 'dropped', corpus: 'not' });
    expect(dropped.explanation).toMatch(/^The corpus has “Stalin did not come down as a…” \(Emma Goldman, .*\): "not" left out\.$/);
    const added = checker.check('Trotsky wrote "We have suppressed the peaceful Mensheviks and the SRs"');
    expect(added.quotations[0].diff).toContainEqual({ op: 'added', argument: 'peaceful' });
    expect(added.explanation).toContain('"peaceful" added');
    // Words added at the end, where the corpus's sentence goes on otherwise, are words changed.
    const ending = checker.check('Trotsky wrote "We have suppressed the Mensheviks and the SRs in 1922"');
    expect(ending.quotations[0].diff).toContainEqual({ op: 'changed', argument: 'in 1922', corpus: 'and they' });
  });
  it('THEN the same change credited to no one is still a misquote of the corpus words', () => {
    expect(verdict('Someone once said "We have tolerated the Mensheviks and the SRs – and they have disappeared"')).toBe('misquoted');
  });
});

describe('GIVEN the words of one person credited to another', () => {
  it('THEN it is misattributed, naming who said them', () => {
    const r = checker.check('As Stalin put it, "We have suppressed the Mensheviks and the SRs"');
    expect(r.verdict).toBe('misattributed');
    expect(r.quotations[0].saidBy).toEqual(['Leon Trotsky']);
    expect(r.explanation).toBe("These words are Leon Trotsky's (Terrorism and Communism, 1920; in The Opposition in Exile, ¶ 1), not Stalin's.");
  });
  it('THEN a stock phrase someone else also used is not misattributed', () => {
    expect(checker.check('Lenin wrote of "the dictatorship of the proletariat"')).toMatchObject({ verdict: 'unsourced', explanation: null });
  });
  it('THEN words the corpus gives to no named person accuse no one', () => {
    const r = checker.check('Stalin wrote "The kulaks were never a class but a label the party pinned on anyone who resisted"');
    expect(r.verdict).toBe('unsourced');
    expect(r.quotations[0]).toMatchObject({ verdict: 'unchecked', reason: expect.stringContaining('does not say who') });
  });
});

describe('GIVEN a quotation running on past the corpus excerpt', () => {
  it('THEN the words beyond where the excerpt stops are neither a misquote nor verified', () => {
    const r = checker.check('Trotsky wrote "We have suppressed the Mensheviks and the SRs – and they have disappeared. This criterion is sufficient for us. The revolution demands it."');
    expect(r.verdict).toBe('unsourced');
    expect(r.quotations[0]).toMatchObject({ verdict: 'unchecked', reason: expect.stringContaining('partly in the corpus') });
  });
  it('THEN words filling an elision of the corpus are not a misquote', () => {
    expect(verdict('Trotsky wrote "In a period in which, as we know, the political struggle swiftly passes into a civil war"')).toBe('unsourced');
  });
  it('THEN words changed within the excerpt still are', () => {
    expect(verdict('Trotsky wrote "We have tolerated the Mensheviks and the SRs – and they have disappeared. This criterion is sufficient for us. The revolution demands it."')).toBe('misquoted');
  });
});
});
