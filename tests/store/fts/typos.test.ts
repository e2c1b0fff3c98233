import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { buildFtsIndex } from '../../../src/store/fts/build.js';
import { deletions, keyVariants } from '../../../src/store/fts/typos.js';
import { makeCorpus } from '../../helpers/corpus.js';

describe('GIVEN a key', () => {
  it('THEN its deletions are itself and each string one letter shorter', () => {
    expect(deletions('soviet')).toEqual(['soviet', 'oviet', 'sviet', 'soiet', 'sovet', 'sovit', 'sovie']);
  });
});

describe('GIVEN a file whose corpus holds garden, harden and war', () => {
  const db = new Database(':memory:');
  buildFtsIndex(makeCorpus({ prose: ['The garden grew.', 'Hearts harden in war.'] }), db);
  const variants = keyVariants(db);

  it('THEN a key the corpus holds stands for itself alone', () => {
    expect(variants('garden')).toEqual(['garden']);
    expect(variants('war')).toEqual(['war']);
  });

  it('THEN an unknown key becomes every key one edit from it: changed, missing or extra letter', () => {
    expect(variants('carden').sort()).toEqual(['garden', 'harden']);
    expect(variants('gardxn')).toEqual(['garden']);
    expect(variants('gardn')).toEqual(['garden']);
    expect(variants('gardena')).toEqual(['garden']);
  });

  it('THEN two edits, or an unknown key shorter than five letters, stand for nothing', () => {
    expect(variants('gaxdxn')).toEqual([]);
    expect(variants('gardne')).toEqual([]); // swapped letters: it shares a deletion with garden, but is two edits off
    expect(variants('wor')).toEqual([]);
    expect(variants('wark')).toEqual([]); // one edit from war, but short
  });
});
