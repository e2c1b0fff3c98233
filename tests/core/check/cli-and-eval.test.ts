import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../../src/cli/check.js';
import { createChecker } from '../../../src/core/check/checker.js';
import { scoreChecks } from '../../../src/eval/checks.js';
import { fixtureCorpus } from './fixture.js';

async function cli(lines: string[]): Promise<Array<Record<string, unknown>>> {
  const input = new PassThrough();
  const output = new PassThrough();
  let out = '';
  output.on('data', (d) => (out += d));
  const done = runCheck(createChecker(fixtureCorpus()), input, output);
  input.end(lines.join('\n') + '\n');
  await done;
  return out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('GIVEN arguments on standard input, one per line', () => {
  it('THEN one JSON object per line comes out, in order, with exactly the documented keys', async () => {
    const rows = await cli([
      'Trotsky wrote "We have suppressed the Mensheviks and the SRs"',
      '',
      'See https://example.org/kronstadt and Avrich, Kronstadt 1921 (1970), p. 211.',
      'Collectivisation would have happened anyway.',
      'javascript:alert(1) "@everyone we have suppressed',
    ]);
    expect(rows.map((r) => r.verdict)).toEqual(['verified', 'unsourced', 'cited', 'unsourced', 'unsourced']);
    for (const r of rows) expect(Object.keys(r)).toEqual(['verdict', 'matches', 'links', 'references']);
    expect(rows[0].matches).toEqual([
      expect.objectContaining({ speaker: 'Leon Trotsky', document: { id: 'essay', title: 'The Opposition in Exile' }, source: 'Trotsky, Terrorism and Communism, 1920' }),
    ]);
    expect(Object.keys((rows[0].matches as object[])[0])).toEqual(['text', 'speaker', 'document', 'source']);
    expect(rows[2].links).toEqual(['https://example.org/kronstadt']);
    expect(rows[2].references).toEqual(['Avrich, Kronstadt 1921 (1970), p. 211']);
    expect(JSON.stringify(rows[4])).not.toMatch(/javascript:|@everyone/);
  });
});

describe('GIVEN development checks', () => {
  it('THEN accuracy and misquotes called verified are counted', () => {
    const s = scoreChecks(createChecker(fixtureCorpus()), [
      { a: 'Trotsky wrote "We have suppressed the Mensheviks and the SRs"', v: 'verified' },
      { a: 'Trotsky wrote "We have suppressed the Mensheviks and the SRs"', v: 'misattributed' },
      { a: 'Collectivisation would have happened anyway.', v: 'cited' },
      { a: 'Collectivisation would have happened anyway.', v: 'unsourced' },
    ]);
    expect(s.accuracy).toBe(0.5);
    expect(s.falseVerified).toBe(1);
    expect(s.rows.map((r) => r.right)).toEqual([true, false, false, true]);
  });
});
