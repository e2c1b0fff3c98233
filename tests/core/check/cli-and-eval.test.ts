import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../../src/cli/check.js';
import { createChecker } from '../../../src/core/check/checker.js';
import { scoreChecks } from '../../../tools/eval/checks.js';
import { formatOutside, loadOutsideSet, scoreGenuine, scoreNearMisses } from '../../../tools/eval/outside.js';
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
    for (const r of rows) expect(Object.keys(r)).toEqual(['verdict', 'notInCorpus', 'explanation', 'matches', 'nearest', 'quotations', 'links', 'references']);
    expect(rows[0].matches).toEqual([
      expect.objectContaining({ speaker: 'Leon Trotsky', document: { id: 'essay', title: 'The Opposition in Exile' }, source: 'Trotsky, Terrorism and Communism, 1920' }),
    ]);
    expect(Object.keys((rows[0].matches as object[])[0])).toEqual(['text', 'speaker', 'document', 'source']);
    expect(rows[2].links).toEqual(['https://example.org/kronstadt']);
    expect(rows[2].references).toEqual(['Avrich, Kronstadt 1921 (1970), p. 211']);
    expect(JSON.stringify(rows[4])).not.toMatch(/javascript:|@everyone/);
  });
});

describe('GIVEN arguments that accuse, and a quotation from outside the corpus', () => {
  it('THEN each line carries notInCorpus, the explanation and the evidence (diff, saidBy)', async () => {
    const [misquoted, misattributed, outside] = await cli([
      'Trotsky wrote "We have tolerated the Mensheviks and the SRs"',
      'As Stalin put it, "We have suppressed the Mensheviks and the SRs"',
      'Trotsky wrote: "Not believing in force is the same thing as not believing in gravitation." (Trotsky, What Next?, 1932)',
    ]);
    expect(misquoted).toMatchObject({ verdict: 'misquoted', notInCorpus: false, explanation: expect.stringContaining('1 word changed ("suppressed" → "tolerated")') });
    expect(misquoted.nearest).toEqual([expect.objectContaining({ speaker: 'Leon Trotsky', source: 'Trotsky, Terrorism and Communism, 1920' })]);
    expect((misquoted.quotations as Array<Record<string, unknown>>)[0]).toMatchObject({
      verdict: 'misquoted',
      diff: [
        { op: 'same', argument: 'We have', corpus: 'We have' },
        { op: 'changed', argument: 'tolerated', corpus: 'suppressed' },
        { op: 'same', argument: 'the Mensheviks and the SRs', corpus: 'the Mensheviks and the SRs' },
      ],
    });
    expect(misattributed).toMatchObject({ verdict: 'misattributed', explanation: expect.stringMatching(/^These words are Leon Trotsky's .*, not Stalin's\.$/) });
    expect((misattributed.quotations as Array<Record<string, unknown>>)[0]).toMatchObject({ saidBy: ['Leon Trotsky'] });
    expect(outside).toMatchObject({ verdict: 'cited', notInCorpus: true, explanation: null, references: ['Trotsky, What Next?, 1932'] });
    expect((outside.quotations as Array<Record<string, unknown>>)[0]).toMatchObject({ verdict: 'unchecked', notInCorpus: true });
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

describe('GIVEN the outside-the-corpus development section', () => {
  const checker = createChecker(fixtureCorpus());
  it('THEN a genuine quotation is right only when not in the corpus with the verdict its sourcing gives, and accusations are counted', () => {
    const s = scoreGenuine(checker, [
      { a: 'Lenin wrote: "So long as the state exists there is no freedom." (Lenin, The State and Revolution, ch. 5)', v: 'cited' },
      { a: 'As Lenin said, "Communism is Soviet power plus the electrification of the whole country."', v: 'unsourced' },
      { a: 'Trotsky wrote "We have tolerated the Mensheviks and the SRs"', v: 'unsourced' },
    ]);
    expect(s.rows.map((r) => r.right)).toEqual([true, true, false]);
    expect(s.falseAccusations).toBe(1);
  });
  it('THEN near misses count as right when caught, and any called verified', () => {
    const s = scoreNearMisses(checker, [
      { a: 'Trotsky wrote "We have tolerated the Mensheviks and the SRs"', v: 'misquoted' },
      { a: 'As Stalin put it, "We have suppressed the Mensheviks and the SRs"', v: 'misattributed' },
    ]);
    expect(s).toMatchObject({ right: 1, calledVerified: 0 });
  });
  it('THEN the shipped set has 20 genuine quotations, 10 with a reference or link, and prints its lines', () => {
    const set = loadOutsideSet();
    expect(set.genuine).toHaveLength(20);
    expect(set.genuine.filter((c) => c.v === 'cited')).toHaveLength(10);
    const lines = formatOutside([{ label: 'in memory', checker }], set);
    expect(lines[0]).toMatch(/^genuine quotations outside the corpus \(20\): right \d\.\d{3}  false accusations \d+$/);
  });
});
