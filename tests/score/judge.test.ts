import { describe, expect, it } from 'vitest';
import { createChecker } from '../../src/core/check/checker.js';
import { createQuoteSearch } from '../../src/core/search/search.js';
import { judgeArgument, quotationIdOf } from '../../src/score/judge.js';
import { citationOf } from '../../src/views/citation.js';
import { corpus, SERGE } from './world.js';

const search = createQuoteSearch(corpus);
const deps = { checker: createChecker(corpus), quotation: (id: string) => search.get(id) };
const judge = (text: string, source: string | null = null) => judgeArgument(deps, text, source);

describe('judging a debate argument with its source', () => {
  it('GIVEN a source as a quotation id or a citation ending in [id] THEN the id is read; links and references are not ids', () => {
    expect(quotationIdOf('doc:q1')).toEqual({ id: 'doc:q1', rest: '' });
    expect(quotationIdOf('Victor Serge, quoted in X, ¶ q1 [doc:q1]')).toEqual({ id: 'doc:q1', rest: 'Victor Serge, quoted in X, ¶ q1' });
    expect(quotationIdOf('https://example.org/a:b')).toBeNull();
    expect(quotationIdOf('Deutscher, The Prophet Armed, p. 12')).toBeNull();
    expect(quotationIdOf(null)).toBeNull();
  });

  it('GIVEN "Use as argument" text and citation THEN verified by construction, matching that quotation', () => {
    const q = search.get('doc:q1')!;
    const j = judge(`“${SERGE}” — Victor Serge`, citationOf(q));
    expect(j.verdict).toBe('verified');
    expect(j.quotationId).toBe('doc:q1');
    expect(j.matches[0]).toMatchObject({ id: 'doc:q1', speaker: 'Victor Serge', source: 'Memoirs of a Revolutionary, 225' });
  });

  it('GIVEN a cut quotation with an elision and the id THEN still verified', () => {
    expect(judge('“the greatest reach … of the Left Opposition”', 'doc:q1').verdict).toBe('verified');
  });

  it('GIVEN the id but another speaker named THEN misattributed, never verified', () => {
    expect(judge(`“${SERGE}” — Stalin`, '[doc:q1]').verdict).toBe('misattributed');
  });

  it('GIVEN the id but words changed THEN not verified by construction', () => {
    expect(judge('Serge wrote “the smallest reach of boldness of the Left Opposition”.', 'doc:q1').verdict).not.toBe('verified');
  });

  it('GIVEN own words pointing to a passage id THEN cited, with the passage as reference', () => {
    const j = judge('Planning mattered more than anything.', 'doc:q2');
    expect(j.verdict).toBe('cited');
    expect(j.references.join(' ')).toContain('The Bureaucracy in Exile');
  });

  it('GIVEN a link or a bibliographic reference as source THEN cited; nothing THEN unsourced; an unknown id is just text', () => {
    expect(judge('Industry grew fast.', 'https://example.org/five-year-plan').verdict).toBe('cited');
    expect(judge('Industry grew fast.', 'Deutscher, The Prophet Armed, p. 12').verdict).toBe('cited');
    expect(judge('Industry grew fast.').verdict).toBe('unsourced');
    expect(judge('Industry grew fast.', 'nope:q9').quotationId).toBeNull();
  });
});
