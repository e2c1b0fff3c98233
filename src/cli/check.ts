/**
 * `cli check --json`: one argument per line on standard input, one JSON verdict per line on standard
 * output, in order:
 *   {"verdict", "notInCorpus", "explanation",
 *    "matches": [{"text","speaker","document","source"}],   corpus words the quotations are (verified, misattributed)
 *    "nearest": [{"text","speaker","document","source"}],   corpus words a misquotation departs from
 *    "quotations": [{"text","attributedTo","verdict","reason", "notInCorpus"?, "diff"?, "saidBy"?}],
 *    "links", "references"}
 * notInCorpus: a quotation the corpus holds nothing near (neither confirmed nor accused); explanation: for a
 * misquoted or misattributed verdict, the sentence a debater can check, else null; diff (a misquotation's):
 * [{"op": "same"|"changed"|"added"|"dropped", "argument"?, "corpus"?}]; saidBy (a misattribution's): who said them.
 */
import { createInterface } from 'node:readline';
import type { ArgumentCheck, Checker, CheckMatch } from '../core/check/checker.js';

const matchLine = (m: CheckMatch) => ({ text: m.text, speaker: m.speaker, document: m.document, source: m.source });

/** The machine-readable line for one checked argument. */
export function checkLine(r: ArgumentCheck): string {
  return JSON.stringify({
    verdict: r.verdict,
    notInCorpus: r.notInCorpus === true,
    explanation: r.explanation ?? null,
    matches: r.matches.map(matchLine),
    nearest: r.nearest.map(matchLine),
    quotations: r.quotations.map((q) => ({
      text: q.text,
      attributedTo: q.attributedTo,
      verdict: q.verdict,
      reason: q.reason,
      ...(q.notInCorpus && { notInCorpus: true }),
      ...(q.diff && { diff: q.diff }),
      ...(q.saidBy && { saidBy: q.saidBy }),
    })),
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
      out = JSON.stringify({
        verdict: 'unsourced',
        notInCorpus: false,
        explanation: null,
        matches: [],
        nearest: [],
        quotations: [],
        links: [],
        references: [],
        error: (err as Error).message,
      });
    }
    if (!output.write(`${out}\n`)) await new Promise<void>((resolve) => output.once('drain', () => resolve()));
  }
}
