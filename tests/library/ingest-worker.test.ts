import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { ingestText, keptParser, sha256, type IngestInput } from '../../src/library/ingest.js';
import { BACKGROUND_NICENESS } from '../../src/store/worker-thread.js';
import { LETTERS } from './fixtures.js';

const log = pino({ level: 'silent' });
const input = (fileName: string, text: string): IngestInput => {
  const bytes = new TextEncoder().encode(text);
  return { fileName, bytes, hash: sha256(bytes) };
};
const letters = input('letters.md', LETTERS);
const other = input('other.txt', 'Another Essay\n\nAs Leon Trotsky wrote, “the bureaucracy devoured the party and the revolution”.\n');

describe('GIVEN the parsing worker kept between adds (keptParser, started by warm())', () => {
  it('THEN texts one after another and two at once are parsed as ingestText parses them, and still once it is stopped', async () => {
    const parser = keptParser(log);
    try {
      // The same worker answers a second text (it would never answer, were it made for one).
      expect(await parser.parse(letters, log)).toEqual(ingestText(letters, log));
      expect(await parser.parse(other, log)).toEqual(ingestText(other, log));
      // Two at once: the second has a worker of its own.
      const [a, b] = await Promise.all([parser.parse(other, log), parser.parse(letters, log)]);
      expect(a).toEqual(ingestText(other, log));
      expect(b).toEqual(ingestText(letters, log));
    } finally {
      parser.stop();
    }
    // Stopped (the bot shutting down): a text still gets parsed, in a worker of its own.
    expect(await parser.parse(letters, log)).toEqual(ingestText(letters, log));
  }, 60_000);
});

/** Each thread of this process's nice value, by thread id (Linux: /proc/self/task/<tid>/stat, its 19th field). */
function niceByThread(): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      out.set(tid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
    } catch {
      // ended meanwhile
    }
  }
  return out;
}

describe.runIf(process.platform === 'linux')('GIVEN a text parsed in the worker while the bot answers', () => {
  it('THEN the worker runs at a background priority, and the thread that started it keeps its own', async () => {
    const own = () => Number(readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1].split(' ')[16]);
    const mine = own();
    const before = niceByThread();
    const parser = keptParser(log);
    try {
      expect((await parser.parse(letters, log)).ok).toBe(true);
      const started = [...niceByThread()].filter(([tid]) => !before.has(tid));
      expect(started.map(([, nice]) => nice)).toContain(Math.min(19, mine + BACKGROUND_NICENESS));
    } finally {
      parser.stop();
    }
    expect(own()).toBe(mine);
  }, 60_000);
});
