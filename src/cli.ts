/**
 * Machine-readable CLI, for scripts and the evaluation:
 *   cli quote --json [--limit N] ["<query>"]   one JSON array (or one per stdin line)
 *   cli quotes --json                          every extracted quotation
 *   cli check --json                           one verdict object per stdin line
 *   cli corpus [--json]                        what became of each file in corpus/: indexed (layout, title,
 *                                              quotations, notes, warnings) or skipped (and why)
 *   cli corpus add FILE [--guild ID] [--title T] [--author A] [--kind article|forum] [--json]
 *   cli corpus list [--guild ID] [--json]      a server's own library (default: the console's server)
 *   cli corpus remove ID [--guild ID] [--json]
 *   cli arguments [--json] [--guild ID] [--debate N]
 *                                              the recorded debate arguments with the verdict the score stores,
 *                                              and each person's tally
 * In --json mode nothing but JSON reaches standard output; logs go to standard error.
 */
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { cliConfig, cliServices } from './cli/services.js';
import { setupErrorLine } from './app/setup-errors.js';
import type { QuoteResult } from './core/types.js';

const [verb, ...rest] = process.argv.slice(2);
const json = rest.includes('--json');
const args = rest.filter((a) => a !== '--json');

function takeFlag(name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
}

async function* lines(): AsyncGenerator<string> {
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) yield line;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function printResults(results: QuoteResult[]): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(results)}\n`);
    return;
  }
  for (const r of results) {
    process.stdout.write(`“${r.text}”\n  — ${r.speaker ?? 'unattributed'}; ${r.document.title}, ${r.location}${r.source ? `; source: ${r.source}` : ''}\n\n`);
  }
}

async function main(): Promise<void> {
  switch (verb) {
    case 'quote': {
      const limitArg = takeFlag('--limit');
      const limit = limitArg === undefined ? 5 : Number(limitArg);
      if (!Number.isInteger(limit) || limit < 1 || limit > 10) fail('--limit takes a whole number from 1 to 10');
      const { search } = cliServices();
      const run = (query: string) => {
        const r = search.search({ query, limit });
        if (!r.ok && !json) process.stderr.write(`${r.error}\n`);
        return r.ok ? r.results : [];
      };
      if (args.length > 0) printResults(run(args.join(' ')));
      else for await (const line of lines()) printResults(run(line));
      return;
    }
    case 'quotes': {
      const { corpus, search } = cliServices();
      const all = corpus.quotations.map((q) => search.get(q.id) ?? {
        id: q.id, text: q.text, speaker: q.speaker, document: { id: q.documentId, title: corpus.document(q.documentId)?.meta.title ?? q.documentId }, location: q.location, source: q.source,
      });
      if (json) process.stdout.write(`${JSON.stringify(all)}\n`);
      else printResults(all);
      return;
    }
    case 'check': {
      const { runCheck } = await import('./cli/check.js');
      await runCheck(cliServices().checker(), process.stdin, process.stdout);
      return;
    }
    case 'corpus': {
      if (args[0] === 'add' || args[0] === 'list' || args[0] === 'remove') {
        const { runLibraryCommand, CONSOLE_GUILD } = await import('./cli/library.js');
        const { createLogger } = await import('./app/logger.js');
        const guildId = takeFlag('--guild') ?? CONSOLE_GUILD;
        const title = takeFlag('--title');
        const author = takeFlag('--author');
        const kind = takeFlag('--kind');
        if (kind !== undefined && kind !== 'article' && kind !== 'forum') fail('--kind takes article or forum');
        const config = cliConfig();
        const log = createLogger(config);
        const run = await runLibraryCommand({ verb: args[0], target: args[1], guildId, json, title, author, kind }, config, log, () => cliServices(config));
        process.stdout.write(run.out);
        if (run.err) process.stderr.write(`${run.err}\n`);
        process.exitCode = run.code;
        return;
      }
      const { corpusReport } = await import('./cli/corpus.js');
      const { createLogger } = await import('./app/logger.js');
      const config = cliConfig('silent');
      process.stdout.write(corpusReport(json, resolve(config.corpusDir), createLogger(config)));
      return;
    }
    case 'arguments': {
      const guildId = takeFlag('--guild');
      const debateArg = takeFlag('--debate');
      const debateId = debateArg === undefined ? undefined : Number(debateArg);
      if (debateId !== undefined && !(Number.isInteger(debateId) && debateId > 0)) fail('--debate takes a debate id, a whole number from 1');
      const config = cliConfig();
      const { ScoreRepository } = await import('./db/scores-repo.js');
      const { argumentsReport } = await import('./cli/arguments.js');
      let sql: import('./db/sql.js').Sql;
      if (config.databaseUrl) {
        const { openPostgresSql } = await import('./app/postgres-store.js');
        const { createLogger } = await import('./app/logger.js');
        sql = await openPostgresSql(config.databaseUrl, createLogger(config));
      } else {
        const { existsSync } = await import('node:fs');
        if (!existsSync(config.databasePath)) fail(`There is no database at ${config.databasePath}: no debate has been held yet (set DATABASE_PATH to read another).`);
        const { openDatabase } = await import('./db/open.js');
        const { sqliteSql } = await import('./db/sql-sqlite.js');
        sql = sqliteSql(openDatabase(config.databasePath));
      }
      try {
        process.stdout.write(await argumentsReport(new ScoreRepository(sql), { guildId, debateId }, json));
      } finally {
        await sql.close();
      }
      return;
    }
    default:
      fail('usage: cli quote --json [--limit N] ["<query>"] | cli quotes --json | cli check --json | cli corpus [--json] | cli corpus add FILE|list|remove ID [--guild ID] [--json] | cli arguments [--json] [--guild ID] [--debate N]');
  }
}

try {
  await main();
} catch (err) {
  const line = setupErrorLine(err);
  if (line === null) throw err;
  fail(line);
}
