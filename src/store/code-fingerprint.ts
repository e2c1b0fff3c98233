/**
 * Which code made a persisted index: the store modules that write the indexes and every module of src/ they
 * import, followed import by import (so no list kept by hand can miss one), plus the versions of the packages
 * they import. An edit to any of them changes the fingerprint, and the index is rebuilt.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** The modules that write data/search-index.json and data/search-fts.sqlite. */
export const INDEX_WRITERS = ['src/store/search-store.ts', 'src/store/fts/search.ts', 'src/store/fts/check-source.ts'];

// Static imports and re-exports, value or mixed; `import type` and `export type` emit nothing, and import() is not static.
const FROM = /\b(?:import|export)\s+(type\s+)?[^;'"`]*?\bfrom\s*['"]([^'"]+)['"]/g;
const BARE = /\bimport\s*['"]([^'"]+)['"]/g;

function specifiers(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(FROM)) if (!m[1]) out.push(m[2]);
  for (const m of source.matchAll(BARE)) out.push(m[1]);
  return out;
}

/** The TypeScript file a relative specifier names ('./x.js' is x.ts beside it), or null. */
function resolveModule(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec);
  const stem = base.replace(/\.(?:js|mjs|cjs)$/, '');
  for (const candidate of [`${stem}.ts`, `${stem}.tsx`, base, join(base, 'index.ts')]) {
    if (/\.tsx?$/.test(candidate) && existsSync(candidate)) return candidate;
  }
  return null;
}

/** A package's name from a bare specifier ('@scope/name/sub' → '@scope/name'). */
function packageOf(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Every src/ module reachable from `entries` by static value imports (paths from `root`, sorted), and the packages imported. */
export function indexedModules(root: string, entries: string[] = INDEX_WRITERS): { modules: string[]; packages: string[] } {
  const src = join(root, 'src') + sep;
  const seen = new Set<string>();
  const packages = new Set<string>();
  const queue = entries.map((e) => join(root, e)).filter((p) => existsSync(p));
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of specifiers(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.')) {
        const target = resolveModule(file, spec);
        if (target?.startsWith(src) && !seen.has(target)) queue.push(target);
      } else if (!spec.startsWith('node:')) packages.add(packageOf(spec));
    }
  }
  const modules = [...seen].map((p) => relative(root, p).split(sep).join('/')).sort();
  return { modules, packages: [...packages].sort() };
}

/** The fingerprint of the modules and package versions indexedModules finds. */
export function codeFingerprintOf(root: string, entries: string[] = INDEX_WRITERS): string {
  const { modules, packages } = indexedModules(root, entries);
  const h = createHash('sha256');
  // The TypeScript sources, so that running compiled or through tsx gives the same key.
  for (const m of modules) {
    h.update(`${m}\0`);
    h.update(readFileSync(join(root, m)));
    h.update('\0');
  }
  for (const name of packages) {
    const manifest = join(root, 'node_modules', name, 'package.json');
    const version = existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version : undefined;
    h.update(`${name}@${version ?? '?'}\0`);
  }
  return h.digest('hex');
}
