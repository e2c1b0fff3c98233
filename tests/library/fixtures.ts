/** What the library tests share: a small shared corpus, texts to add, and server libraries over a real SQLite file. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createQuoteSearch } from '../../src/core/search/search.js';
import { libraryOf } from '../../src/app/bootstrap.js';
import type { Library } from '../../src/app/services.js';
import { openDatabase, type Database } from '../../src/db/open.js';
import { sqliteSql } from '../../src/db/sql-sqlite.js';
import type { ChangeFeed } from '../../src/db/change-feed.js';
import { ServerLibraries } from '../../src/library/service.js';
import { parseHere } from '../helpers/services.js';
import type { LibraryLimits } from '../../src/app/config.js';
import { makeCorpus } from '../helpers/corpus.js';

export const GUILD = '100000000000000001';
export const OTHER_GUILD = '100000000000000002';
export const ADA = { id: '200000000000000001', name: 'ada' };

/** A Markdown article quoting Luxemburg and Kautsky: words the shared corpus lacks. */
export const LETTERS = `---
title: Letters on Freedom
author: Jane Doe
---

# On freedom

Rosa Luxemburg put it plainly in 1918: “Freedom only for the supporters of the government, only for the members of one party – however numerous they may be – is no freedom at all.” The phrase became famous.

Later, Karl Kautsky answered that “the dictatorship of the proletariat was a mere phrase” and nothing more.

Doe adds her own view: the soviets withered because the party replaced them, not because of the civil war alone.
`;

/** An argument quoting the added text faithfully. */
export const LUXEMBURG_ARGUMENT = 'As Rosa Luxemburg wrote, “Freedom only for the supporters of the government, only for the members of one party – however numerous they may be – is no freedom at all.”';

export const DEFAULT_LIMITS: LibraryLimits = { maxTextBytes: 1048576, maxTexts: 10, maxBytes: 4 * 1048576, downloadTimeoutMs: 5000 };

export function sharedLibrary(): Library {
  const corpus = makeCorpus({
    id: 'serge',
    title: 'Memoirs',
    author: 'Victor Serge',
    prose: ['The bureaucracy grew in the shadow of the party.'],
    quotes: [{ text: 'The bureaucracy was strangling the revolution', speaker: 'Victor Serge' }],
  });
  return libraryOf({ corpus, search: createQuoteSearch(corpus) }, { log: pino({ level: 'silent' }) });
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'rostrum-library-'));
}

/** Writes a file in `dir` and returns its path. */
export function fileIn(dir: string, name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

export interface Setup {
  dir: string;
  dbPath: string;
  /** The libraries' SQLite connection, for what a test does to the file behind their back. */
  db: Database;
  shared: Library;
  libraries: ServerLibraries;
  /** Another process's view of the same database file (a shard, the CLI). */
  reopen(): ServerLibraries;
  now: { t: number };
}

/**
 * `worker`: parse added texts in a worker thread, as the bot does (each worker loads the sources: ~0.6 s).
 * `stepMs`: how long a step of indexing runs before the bot answers (0: a step per unit, however fast the machine).
 */
export function setup(limits: Partial<LibraryLimits> = {}, fetchImpl?: typeof fetch, { worker = false, stepMs, feed }: { worker?: boolean; stepMs?: number; feed?: ChangeFeed } = {}): Setup {
  const dir = tempDir();
  const dbPath = join(dir, 'rostrum.sqlite');
  const shared = sharedLibrary();
  const now = { t: 1_700_000_000_000 };
  const make = (db: Database) =>
    new ServerLibraries({
      sql: sqliteSql(db),
      shared,
      limits: { ...DEFAULT_LIMITS, ...limits },
      download: { hosts: ['cdn.discordapp.com', 'media.discordapp.net'], fetch: fetchImpl },
      now: () => now.t,
      log: pino({ level: 'silent' }),
      parse: worker ? undefined : parseHere,
      indexStepMs: stepMs,
      feed,
    }).withLocalFiles();
  const db = openDatabase(dbPath);
  return { dir, dbPath, db, shared, libraries: make(db), reopen: () => make(openDatabase(dbPath)), now };
}
