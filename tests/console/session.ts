/**
 * A console run in-process, as `npm start` runs it without a token: the real build() wiring and commands over
 * the project's corpus, a database file, and a fake clock whose timers fire as a test advances it. `type`
 * writes a line and waits for the output it should bring (never a fixed time).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import pino from 'pino';
import { vi } from 'vitest';
import { build } from '../../src/app/build.js';
import { openLibrary } from '../../src/app/bootstrap.js';
import { loadCommands } from '../../src/app/command-loader.js';
import type { Library } from '../../src/app/services.js';
import type { CommandModule } from '../../src/seam/command.js';
import { runConsole } from '../../src/console/run.js';
import { FakeClock } from '../debate/fakes.js';
import { parseHere, testConfig } from '../helpers/services.js';

const log = pino({ level: 'silent' });
let library: Library | null = null;

/** The project's corpus, opened once per test file (its index kept in a temporary data directory). */
function sharedLibrary(): Library {
  library ??= openLibrary({ corpusDir: resolve('corpus'), dataDir: mkdtempSync(join(tmpdir(), 'rostrum-console-index-')), log });
  return library;
}

export interface Session {
  /** Types a line; resolves with the output it brought once `expected` appears in it. */
  type(line: string, expected: RegExp): Promise<string>;
  /** Ends the input; resolves with the whole output once the console has closed. */
  end(): Promise<string>;
}

export interface Place {
  dir: string;
  dataDir: string;
  clock: FakeClock;
}

/** A fresh place to run consoles in: a data directory (and database file in it) and a clock. */
export function place(): Place {
  const dir = mkdtempSync(join(tmpdir(), 'rostrum-console-'));
  return { dir, dataDir: join(dir, 'data'), clock: new FakeClock(Date.UTC(2026, 0, 15, 9, 0, 0)) };
}

/** `extra`: commands defined by a test, beside the project's (a test's own command module). */
export async function startConsole(at: Place, extra: Map<string, CommandModule> = new Map()): Promise<Session> {
  const config = testConfig({ DATA_DIR: at.dataDir, DATABASE_PATH: join(at.dataDir, 'rostrum.sqlite') });
  const services = build({ config, log, clock: at.clock.read, timers: at.clock, library: sharedLibrary(), formatsDir: '/nonexistent', parseAddedText: parseHere });
  const commands = new Map([...(await loadCommands()), ...extra]);
  const input = new PassThrough();
  const output = new PassThrough();
  let out = '';
  output.on('data', (d: Buffer) => (out += d.toString('utf8')));
  const done = runConsole({ services, commands, input, output, dataDir: at.dataDir, timeZone: 'UTC', locale: 'en-GB' });
  return {
    async type(line, expected) {
      const from = out.length;
      input.write(`${line}\n`);
      await vi.waitFor(() => {
        if (!expected.test(out.slice(from))) throw new Error(`after ${JSON.stringify(line)}, waiting for ${expected} in:\n${out.slice(from)}`);
      }, { timeout: 15_000, interval: 5 });
      return out.slice(from);
    },
    async end() {
      input.end();
      await done;
      return out;
    },
  };
}
