/**
 * Property-based fuzzing of the console's command-line parser (issue 17, item 8): whatever an operator types at
 * the console — stray quotes, backslashes, half characters, options of the wrong type — gets a parsed command
 * or a one-line explanation, never a crash. Its behaviour is otherwise left as it is. Fixed seed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CommandModule } from '../../src/seam/command.js';
import { parseLine, splitOptions } from '../../src/console/parse.js';
import * as argue from '../../commands/argue.js';
import * as checkSources from '../../commands/check-sources.js';
import * as debate from '../../commands/debate.js';
import * as leaderboard from '../../commands/leaderboard.js';
import * as quote from '../../commands/quote.js';
import * as score from '../../commands/score.js';
import * as sources from '../../commands/sources.js';
import * as verdict from '../../commands/verdict.js';
import { hostileText } from '../helpers/hostile.js';

const modules = [argue, checkSources, debate, leaderboard, quote, score, sources, verdict] as unknown as CommandModule[];
const commands = new Map(modules.map((m) => [m.data.name.toLowerCase(), m]));

const piece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...[...commands.keys()].map((c) => `/${c}`), '/', '/nope', '@ann', '@', '#c1', '#', 'start', 'join', 'override', 'show', 'extend') },
  { weight: 3, arbitrary: fc.constantFrom('motion:', 'query:', 'limit:', 'limit:1e999', 'limit:-1', 'seconds:NaN', 'seconds:0x10', 'side:"', 'text:"a \\" b"', '"', '\\', '\\"', ':', 'name:value', 'verdict:cited', 'message_id:#1', 'turn_seconds:1.5') },
  { weight: 2, arbitrary: hostileText },
  { weight: 2, arbitrary: fc.constantFrom(' ', '  ', '\t', '\n', '\r') },
);
const line = fc.array(piece, { maxLength: 14 }).map((xs) => xs.join(' '));

describe('fuzz: the console parses any line or explains what is wrong', () => {
  it('GIVEN any line THEN parseLine answers a known command with its options, or an error to show, never throws', () => {
    fc.assert(
      fc.property(line, (typed) => {
        const out = parseLine(typed, commands);
        if ('error' in out) {
          expect(typeof out.error).toBe('string');
          expect(out.error.length).toBeGreaterThan(0);
        } else {
          expect(commands.has(out.command)).toBe(true);
          for (const v of Object.values(out.options)) expect(['string', 'number', 'boolean']).toContain(typeof v);
        }
      }),
      { seed: 17, numRuns: 2000 },
    );
  });

  it('GIVEN any line without quotes THEN splitOptions loses no word: each is in the free text or a value', () => {
    const names = ['text', 'source', 'query', 'limit', 'motion'];
    fc.assert(
      fc.property(line, (typed) => {
        const out = splitOptions(typed, names);
        if ('error' in out || /["\\]/.test(typed)) return;
        const kept = [out.free, ...out.given.map(([n, v]) => `${n}: ${v}`)].join(' ').split(/\s+/).filter(Boolean);
        const words = typed.split(/\s+/).filter(Boolean).flatMap((w) => (/^[a-z]+:./.test(w) && names.includes(w.split(':')[0]) ? [`${w.split(':')[0]}:`, w.slice(w.indexOf(':') + 1)] : [w]));
        expect(kept.sort()).toEqual(words.sort());
      }),
      { seed: 17, numRuns: 2000 },
    );
  });
});
