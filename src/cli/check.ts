/**
 * `cli check --json`: one argument per line on standard input, one JSON verdict per line on standard
 * output, in order: {"verdict", "matches": [{"text","speaker","document","source"}], "links", "references"}.
 */
import { createInterface } from 'node:readline';
import type { ArgumentCheck, Checker } from '../core/check/checker.js';

/** The machine-readable line for one checked argument. */
export function checkLine(r: ArgumentCheck): string {
  return JSON.stringify({
    verdict: r.verdict,
    matches: r.matches.map((m) => ({ text: m.text, speaker: m.speaker, document: m.document, source: m.source })),
    links: r.links,
    references: r.references,
  });
}

/** Checks each line of `input` against the corpus and writes one JSON object per line to `output`. */
export async function runCheck(checker: Checker, input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<void> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    const argument = line.replace(/\r$/, '');
    let out: string;
    try {
      out = checkLine(checker.check(argument));
    } catch (err) {
      // One bad line must not end the run or shift the lines after it.
      out = JSON.stringify({ verdict: 'unsourced', matches: [], links: [], references: [], error: (err as Error).message });
    }
    if (!output.write(`${out}\n`)) await new Promise<void>((resolve) => output.once('drain', () => resolve()));
  }
}
