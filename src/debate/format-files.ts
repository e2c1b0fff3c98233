/**
 * Custom debate formats: JSON files in formats/ at the project root, each checked by the core's
 * validateFormat. A bad file is left out with errors naming the file and the field; the built-in formats
 * always stay available.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_FORMATS, validateFormat, type DebateFormat } from '../core/debate/formats.js';

export interface LoadedFormats {
  formats: DebateFormat[];
  errors: string[];
}

/** Built-in formats plus the valid custom ones found in `dir` (missing dir: built-ins only). */
export function loadFormats(dir: string | undefined): LoadedFormats {
  const formats = [...BUILTIN_FORMATS];
  const errors: string[] = [];
  if (!dir || !existsSync(dir)) return { formats, errors };
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const origin = `formats/${file}`;
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    } catch (err) {
      errors.push(`${origin}: not valid JSON (${(err as Error).message}). Fix the file or remove it.`);
      continue;
    }
    const check = validateFormat(parsed, origin);
    if (!check.ok) {
      errors.push(...check.errors);
      continue;
    }
    if (formats.some((f) => f.id === check.format.id)) {
      errors.push(`${origin}: id "${check.format.id}" is already taken by another format; choose another id.`);
      continue;
    }
    formats.push(check.format);
  }
  return { formats, errors };
}
