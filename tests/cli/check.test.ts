import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/cli/check.js';
import { createChecker } from '../../src/core/check/checker.js';
import { fixtureCorpus } from '../core/check/fixture.js';

async function run(input: string | Buffer[]): Promise<Array<Record<string, unknown>>> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (d) => (out += d));
  const done = runCheck(createChecker(fixtureCorpus()), stdin, stdout);
  if (typeof input === 'string') stdin.end(input);
  else {
    for (const chunk of input) stdin.write(chunk);
    stdin.end();
  }
  await done;
  return out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('cli check: one verdict per input line', () => {
  it('GIVEN a "\\r" inside a line THEN it is one argument, one verdict line', async () => {
    const rows = await run('Trotsky wrote\r "We have suppressed the Mensheviks and the SRs"\nCollectivisation would have happened anyway.\n');
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r.verdict)).toEqual(['verified', 'unsourced']);
  });

  it('GIVEN CRLF endings, a last line without one, and a character split across chunks THEN lines are as written', async () => {
    const text = Buffer.from('Trotsky wrote "We have suppressed the Mensheviks and the SRs"\r\nCollectivisation — would have happened anyway.');
    const at = text.indexOf(Buffer.from('—')) + 1; // inside the dash's three bytes
    const rows = await run([text.subarray(0, at), text.subarray(at)]);
    expect(rows.map((r) => r.verdict)).toEqual(['verified', 'unsourced']);
  });
});
