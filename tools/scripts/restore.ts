/**
 * `npm run restore FILE`: replaces DATABASE_PATH with the backup FILE (stop the bot first). The backup is
 * checked before anything changes; the database it replaces is kept beside it as
 * <name>.before-restore-<UTC timestamp>.
 */
import { resolve } from 'node:path';
import { configFromProcess } from '../../src/app/env-file.js';
import { RestoreRefusedError, restoreDatabase } from '../../src/db/restore.js';

const arg = process.argv[2];
if (!arg || process.argv.length > 3) {
  process.stderr.write('usage: npm run restore FILE   (a backup, e.g. data/backups/rostrum-20250301T120000Z.sqlite; stop the bot first)\n');
  process.exit(1);
}
const config = configFromProcess();
const databasePath = resolve(config.databasePath);
// npm runs scripts from the project root; FILE is taken relative to where the operator typed it.
const file = resolve(process.env.INIT_CWD ?? process.cwd(), arg);
try {
  const { keptAside } = await restoreDatabase({ file, databasePath, now: Date.now });
  const aside = keptAside ? ` The database it replaced is kept at ${keptAside}.` : '';
  process.stdout.write(`Restored ${file} to ${databasePath}.${aside} Start the bot again with npm start.\n`);
} catch (err) {
  if (!(err instanceof RestoreRefusedError)) throw err;
  process.stderr.write(`rostrum restore: ${err.message}\n`);
  process.exit(1);
}
