import { describe, expect, it } from 'vitest';
import { ftsMatch } from '../../../src/store/fts/query.js';

describe('GIVEN the words of a query as key groups', () => {
  it('THEN each key is quoted, a group matches any of its keys, and the groups are joined by AND or OR over the word columns', () => {
    expect(ftsMatch([['garden', 'harden'], ['war']], 'AND', null)).toBe('{text context source speaker} : (("garden" OR "harden") AND ("war"))');
    expect(ftsMatch([['garden'], ['war']], 'OR', null)).toBe('{text context source speaker} : (("garden") OR ("war"))');
  });

  it('THEN a speaker narrows by the who column, and a speaker the file does not hold matches nothing', () => {
    expect(ftsMatch([['war']], 'AND', [3, 12])).toBe('{text context source speaker} : (("war")) AND who : (s3 OR s12)');
    expect(ftsMatch([], 'AND', [3])).toBe('who : (s3)');
    expect(ftsMatch([['war']], 'AND', [])).toBeNull();
    expect(ftsMatch([], 'AND', null)).toBeNull();
  });
});
