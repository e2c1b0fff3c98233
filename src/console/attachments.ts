/**
 * Attachments (a debate's transcript, a review's Markdown export) written as files under the data directory's
 * exports/ folder, as Discord would hand them over for download. A name is made safe for any file system and
 * can never reach outside that folder; an existing file is never overwritten (a number is added instead).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep, isAbsolute } from 'node:path';
import type { Attachment } from '../seam/reply.js';

/** A file name of letters, digits, ".", "-" and "_" only, not hidden, not empty, at most 100 characters. */
export function safeFileName(name: string): string {
  const cleaned = name
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^[.-]+/, '')
    .replace(/\.{2,}/g, '.')
    .slice(0, 100);
  return cleaned || 'attachment';
}

/** Writes the attachment under `<dataDir>/exports/`; returns the path written, as the user can open it. */
export function saveAttachment(dataDir: string, attachment: Attachment, cwd = process.cwd()): string {
  const folder = resolve(dataDir, 'exports');
  mkdirSync(folder, { recursive: true });
  const name = safeFileName(attachment.name);
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let n = 1; ; n++) {
    const path = join(folder, n === 1 ? name : `${stem}-${n}${ext}`);
    if (!path.startsWith(folder + sep)) throw new Error(`attachment name ${JSON.stringify(attachment.name)} leaves the exports folder`);
    try {
      writeFileSync(path, attachment.content, { encoding: 'utf8', flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw err;
    }
    const shown = relative(cwd, path);
    return shown.startsWith('..') || isAbsolute(shown) ? path : shown;
  }
}
