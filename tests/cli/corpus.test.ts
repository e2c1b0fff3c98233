import { afterEach, describe, expect, it } from 'vitest';
import { corpusReport } from '../../src/cli/corpus.js';
import { oddCorpus, removeOddCorpora, SKIPPED } from './odd-corpus.js';

afterEach(removeOddCorpora);

describe('cli corpus', () => {
  it('GIVEN odd entries THEN --json lists each as skipped with its reason, and the mistyped sidecar field by name', () => {
    const reports = JSON.parse(corpusReport(true, oddCorpus())) as Array<Record<string, unknown>>;
    expect(reports.filter((r) => r.status === 'skipped')).toEqual(SKIPPED);
    expect(reports.find((r) => r.file === 'essay.txt')).toMatchObject({ status: 'indexed', author: null, warnings: expect.arrayContaining(['essay.meta.json: "author" should be text, not a number; ignored']) });
  });

  it('GIVEN odd entries THEN the text report names each', () => {
    const text = corpusReport(false, oddCorpus());
    expect(text).toMatch(/✗ pipe\.txt: skipped — a named pipe, not a file/);
    expect(text).toMatch(/✗ folder\.txt: skipped — a directory, not a file/);
    expect(text).toMatch(/! essay\.meta\.json: "author" should be text/);
    expect(text).toMatch(/1 of 5 files indexed/);
  });
});
