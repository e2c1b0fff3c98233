import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The contract scripts rely on: `npm run --silent cli -- …` prints JSON and nothing else on stdout.
const env = { ...process.env, DATA_DIR: mkdtempSync(join(tmpdir(), 'rostrum-cli-')), LOG_LEVEL: 'info' };
const cli = (args: string[], input?: string) =>
  execFileSync('npm', ['run', '--silent', 'cli', '--', ...args], { env, input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });

const SHAPE = {
  id: expect.any(String),
  text: expect.any(String),
  speaker: expect.toSatisfy((s: unknown) => s === null || typeof s === 'string'),
  document: { id: expect.any(String), title: expect.any(String) },
  location: expect.any(String),
  source: expect.toSatisfy((s: unknown) => s === null || typeof s === 'string'),
};

describe('cli quote --json', () => {
  it('GIVEN a query argument THEN prints one JSON array of results in the contract shape', () => {
    const out = cli(['quote', '--json', '--limit', '3', 'serge bureaucracy']);
    const results = JSON.parse(out) as Record<string, unknown>[];
    expect(out.trim().split('\n')).toHaveLength(1);
    expect(results.length).toBeGreaterThan(0);
    expect(results.length).toBeLessThanOrEqual(3);
    for (const r of results) {
      expect(r).toEqual(SHAPE);
      expect(r.speaker).toMatch(/Serge/);
    }
  });

  it('GIVEN queries on standard input THEN prints one array per line, in order, and [] for bad ones', () => {
    const out = cli(['quote', '--json'], 'malatesta dictatorship\n\nkolakowsky\n');
    const lines = out.trim().split('\n').map((l) => JSON.parse(l) as { speaker: string }[]);
    expect(lines).toHaveLength(3);
    expect(lines[0][0].speaker).toMatch(/Malatesta/);
    expect(lines[1]).toEqual([]);
    expect(lines[2][0].speaker).toMatch(/Kolakowski/);
  });
});

describe('cli quotes --json', () => {
  it('THEN prints every extracted quotation, attributed', () => {
    const all = JSON.parse(cli(['quotes', '--json'])) as { speaker: string | null; source: string | null }[];
    expect(all.length).toBeGreaterThan(100);
    for (const q of all.slice(0, 20)) expect(q).toEqual(SHAPE);
    expect(all.filter((q) => q.speaker).length / all.length).toBeGreaterThan(0.7);
    expect(all.some((q) => q.source?.includes('Memoirs of a Revolutionary'))).toBe(true);
  });
});

describe('cli check --json', () => {
  it('GIVEN arguments on standard input THEN one verdict per line with notInCorpus, explanation and the evidence', () => {
    const out = cli(
      ['check', '--json'],
      [
        'Trotsky wrote "We have tolerated the Mensheviks and the SRs – and they have disappeared."',
        'As Stalin put it, "We have suppressed the Mensheviks and the SRs – and they have disappeared."',
        'Trotsky wrote: "Not believing in force is the same thing as not believing in gravitation." (Trotsky, What Next?, 1932)',
        'Trotsky wrote: "Not believing in force is the same thing as not believing in gravitation."',
      ].join('\n') + '\n',
    );
    const lines = out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown> & { quotations: Array<Record<string, unknown>> });
    expect(lines.map((l) => l.verdict)).toEqual(['misquoted', 'misattributed', 'cited', 'unsourced']);
    expect(lines.map((l) => l.notInCorpus)).toEqual([false, false, true, true]);
    expect(lines[0].explanation).toMatch(/^The corpus has “.*suppressed.*” \(Leon Trotsky, .*\): 1 word changed \("suppressed" → "tolerated"\)\.$/);
    expect(lines[0].quotations[0].diff).toContainEqual({ op: 'changed', argument: 'tolerated', corpus: 'suppressed' });
    expect(lines[1].explanation).toMatch(/^These words are Leon Trotsky's \(.*\), not Stalin's\.$/);
    expect(lines[1].quotations[0].saidBy).toEqual(['Leon Trotsky']);
    expect(lines[2]).toMatchObject({ explanation: null, references: ['Trotsky, What Next?, 1932'] });
  });
});
