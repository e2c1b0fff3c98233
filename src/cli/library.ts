/**
 * `cli corpus add FILE | list | remove ID`, for operators: a server's library from the shell, in the
 * bot's database. --guild names the server (default: the console's own, "console"). A running bot picks adds
 * up once a search on that server has looked at the database. In --json mode only JSON reaches standard output.
 */
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../app/config.js';
import { openDatabase } from '../db/open.js';
import { sqliteSql } from '../db/sql-sqlite.js';
import { ServerLibraries, type SharedCorpus } from '../library/service.js';
import { formatReport } from '../core/corpus/report.js';
import type { LibraryText } from '../db/library-repo.js';
import type { DocumentKind } from '../core/types.js';

/** The console's server: what the console adds to, and the CLI's default. */
export const CONSOLE_GUILD = 'console';

export interface LibraryCommand {
  verb: 'add' | 'list' | 'remove';
  /** The file to add, or the text to remove (its number in the list). */
  target?: string;
  guildId: string;
  json: boolean;
  title?: string;
  author?: string;
  kind?: DocumentKind;
}

/** What the command printed and its exit code (0 done, 1 refused). */
export interface LibraryRun {
  out: string;
  err: string;
  code: number;
}

const line = (t: LibraryText) => `#${t.id}  ${t.title}${t.author ? ` — ${t.author}` : ''}  (${t.kind}, ${t.quotations} quotations, ${t.fileName}; added by ${t.addedBy.name} ${new Date(t.addedAt).toISOString()})`;

/** Runs one library command against the database; `shared` is opened only if a search needs it (never here). */
export async function runLibraryCommand(cmd: LibraryCommand, config: Config, log: Logger, shared: () => SharedCorpus): Promise<LibraryRun> {
  // The bot's store: PostgreSQL when DATABASE_URL names one, else the SQLite file (as npm start chooses).
  const store = config.databaseUrl
    ? await (await import('../app/postgres-store.js')).openPostgresStore(config.databaseUrl, log)
    : { sql: sqliteSql(openDatabase(resolve(config.databasePath), { backupDir: resolve(config.backupDir), log })), feed: null };
  const { sql } = store;
  const lazy: SharedCorpus = {
    get search() {
      return shared().search;
    },
    checkSource: () => shared().checkSource(),
  };
  try {
    // With PostgreSQL, running bots hear of an add or a removal made here (the change feed) as of another host's.
    const feed = store.feed ?? undefined;
    return await runOn(new ServerLibraries({ sql, feed, shared: lazy, limits: config.library, download: { hosts: [] }, now: Date.now, log, eager: false }).withLocalFiles(), cmd);
  } finally {
    await store.feed?.close();
    await sql.close();
  }
}

async function runOn(libraries: ServerLibraries, cmd: LibraryCommand): Promise<LibraryRun> {
  const print = (value: unknown, text: string) => (cmd.json ? `${JSON.stringify(value)}\n` : `${text}\n`);
  switch (cmd.verb) {
    case 'add': {
      if (!cmd.target) return { out: '', err: 'usage: cli corpus add FILE [--guild ID] [--title T] [--author A] [--kind article|forum]', code: 2 };
      const out = await libraries.add({ guildId: cmd.guildId, actor: { id: 'cli', name: 'the operator (CLI)' }, source: { path: resolve(cmd.target) }, given: { title: cmd.title, author: cmd.author, kind: cmd.kind } });
      if (!out.ok) return { out: cmd.json ? `${JSON.stringify(out)}\n` : '', err: out.error, code: 1 };
      return { out: print(out, `${formatReport(out.report)}\nadded as #${out.text.id} to the library of server ${cmd.guildId}`), err: '', code: 0 };
    }
    case 'list': {
      const texts = await libraries.repo.list(cmd.guildId, -1);
      return { out: print(texts, texts.length ? texts.map(line).join('\n') : `server ${cmd.guildId} has added no texts`), err: '', code: 0 };
    }
    case 'remove': {
      const id = Number(cmd.target);
      if (!/^\d{1,12}$/.test(cmd.target ?? '')) return { out: '', err: 'usage: cli corpus remove ID [--guild ID] (ID: the number cli corpus list shows)', code: 2 };
      const out = await libraries.remove(cmd.guildId, id, { id: 'cli' });
      if (!out.ok) return { out: cmd.json ? `${JSON.stringify(out)}\n` : '', err: out.error, code: 1 };
      return { out: print(out, `removed #${out.text.id} ${out.text.title} from the library of server ${cmd.guildId}`), err: '', code: 0 };
    }
  }
}
