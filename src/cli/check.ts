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
 * An argument that could not be checked (the search index failed, say) gets {"verdict": null, "error": "…"}:
 * no verdict, since none was reached.
 *
 * A line ends at "\n" only (a "\r\n" ending is one): a "\r" inside an argument is part of it, not a second line.
 */
import { StringDecoder } from 'node:string_decoder';
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

/** The lines of `input`, split at "\n" alone (readline also splits at a lone "\r"), without their "\r\n"/"\n". */
async function* linesOf(input: NodeJS.ReadableStream): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  for await (const chunk of input) {
    pending += typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer);
    let start = 0;
    for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n', start)) {
      yield pending.slice(start, nl).replace(/\r$/, '');
      start = nl + 1;
    }
    pending = pending.slice(start);
  }
  pending += decoder.end();
  if (pending) yield pending.replace(/\r$/, '');
}

/** Checks each line of `input` against the corpus and writes one JSON object per line to `output`. */
export async function runCheck(checker: Checker, input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<void> {
  for await (const argument of linesOf(input)) {
    let out: string;
    try {
      out = checkLine(checker.check(argument));
    } catch (err) {
      // One bad line must not end the run or shift the lines after it; and a failure is not a verdict.
      out = JSON.stringify({ verdict: null, error: `not checked: ${(err as Error).message}` });
    }
    if (!output.write(`${out}\n`)) await new Promise<void>((resolve) => output.once('drain', () => resolve()));
  }
}
