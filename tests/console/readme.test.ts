import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { place, startConsole, type Place } from './session.js';

const README = readFileSync('README.md', 'utf8');

/** The lines of the first plain code block after `heading`, without their "(…)" comments. */
function example(heading: string): string[] {
  const blocks = /^```(\w*)\n([\s\S]*?)^```$/gm;
  blocks.lastIndex = README.indexOf(heading);
  for (let m; (m = blocks.exec(README)); ) if (m[1] === '') return m[2].trim().split('\n').map((l) => l.replace(/\s{2,}\(.*\)$/, ''));
  return [];
}

type Step = [line: string, answer: RegExp, before?: (at: Place) => void];

const TRY_IT: Step[] = [
  ['/quote serge bureaucracy', /== Quotes: serge bureaucracy — Serge ==[\s\S]*\[4\] Next ▶   \(message 1: \/press N, or \/press 1 N\)/],
  ['/press 4', /\[#console, edited\] == Quotes: serge bureaucracy — Serge ==[\s\S]*-- 4–\d+ of \d+/],
  ['/quote query:dictatorship speaker:Malatesta limit:2', /== Quotes: dictatorship — Malatesta ==[\s\S]*-- 1–2 of \d+/],
  ['@alice /quote kolakowsky', /== Quotes: kolakowsky — Kolakowski ==/],
  ['/help', /\*\*\/debate\*\* — [\s\S]*\*\*\/verdict\*\*/],
  ['/help debate', /== \/debate ==[\s\S]*\/debate poi/],
];

const DEBATE: Step[] = [
  ['/debate start motion:"This house believes the NEP should have continued" turn_seconds:120', /Debate opened in #thread-\w+/],
  ['@alice /press 1', /\(only @alice can see this\)\nYou joined For\./],
  ['@bob /press 2', /\(only @bob can see this\)\nYou joined Against\./],
  ['/debate begin', /Turn 1: Opening, alice speaking\./],
  ['@alice /argue text:The NEP fed the towns source:Carr, The Bolshevik Revolution', /Recorded as argument #1 · 📎 cited\./],
  ['@bob /debate poi', /Your point of information is offered/, (at) => at.clock.advance(31_000)],
  ['@alice /press 1', /You accepted bob's point of information\./],
  ['@bob /debate challenge argument:#1', /You questioned the source of argument #1/],
  ['@alice /argue source:Carr, The Bolshevik Revolution, vol. 2, p. 280 argument:#1', /Source added to argument #1 .*: now 📎 cited\./],
  ['/verdict override message_id:#1 verdict:verified reason:Carr gives the figures', /is now ✅ verified, was 📎 cited/],
  ['/sources', /== Sources review ==[\s\S]*\[1\] Export as Markdown/],
  ['/press 1', /\(attachment sources-thread-\w+\.md written to \S+\/exports\/sources-thread-\w+\.md, \d+ characters\)/],
  ['/debate end', /End the debate “This house believes the NEP should have continued” now\?[\s\S]*\[1\] End the debate/],
  ['/press 1', /\(attachment debate-1-transcript\.md written to \S+\/exports\/debate-1-transcript\.md[\s\S]*The debate has ended/],
];

describe("the README's console examples", () => {
  it.each([
    ['Try it', '## Try it', TRY_IT],
    ['a whole debate', 'In the console, several people can take part', DEBATE],
  ] as const)('GIVEN the lines of %s, typed as written THEN each answers as the README says', async (_name, heading, steps) => {
    expect(example(heading)).toEqual(steps.map(([line]) => line));
    const at = place();
    const c = await startConsole(at);
    for (const [line, answer, before] of steps) {
      before?.(at);
      const out = await c.type(line, answer);
      expect(out, line).not.toMatch(/Something went wrong|There is no \/|Unexpected words|Missing |not written|<t:\d/);
    }
    await c.end();
  });
});
