/**
 * `npm run backup`: SQLite's online backup of DATABASE_PATH (safe while the bot runs) into BACKUP_DIR as
 * rostrum-<UTC timestamp>.sqlite, checked, then all but the BACKUP_KEEP newest deleted. Prints where it wrote.
 */
import { resolve } from 'node:path';
import { configFromProcess } from '../../src/app/env-file.js';
import { BackupError, backupFile } from '../../src/db/backup.js';

const config = configFromProcess();
const databasePath = resolve(config.databasePath);
try {
  const { file, pruned } = await backupFile(databasePath, { dir: resolve(config.backupDir), keep: config.backupKeep, now: Date.now });
  const deleted = pruned.length ? ` Deleted ${pruned.length} older backup${pruned.length === 1 ? '' : 's'} (BACKUP_KEEP=${config.backupKeep}).` : '';
  process.stdout.write(`Backed up ${databasePath} to ${file}.${deleted}\n`);
} catch (err) {
  if (!(err instanceof BackupError)) throw err;
  process.stderr.write(`rostrum backup: ${err.message}\n`);
  process.exit(1);
}
