import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/app/paths.js';
import { codeFingerprintOf, indexedModules } from '../../src/store/code-fingerprint.js';

// A copy of src/ to edit: the fingerprint follows the imports of the modules that write the indexes.
const root = mkdtempSync(join(tmpdir(), 'rostrum-fingerprint-'));
cpSync(join(projectRoot(), 'src'), join(root, 'src'), { recursive: true });
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('GIVEN the modules that write the persisted indexes', () => {
  it('THEN every module they import, transitively, is in the fingerprint: the store modules and src/core/check among them', () => {
    const { modules, packages } = indexedModules(projectRoot());
    expect(modules).toEqual(expect.arrayContaining([
      'src/store/search-store.ts',
      'src/store/fts/search.ts',
      'src/store/fts/build.ts',
      'src/store/fts/rank.ts',
      'src/store/fts/typos.ts',
      'src/store/fts/check-source.ts',
      'src/core/search/diversify.ts',
      'src/store/corpus-files.ts',
      'src/core/check/corpus-index.ts',
      'src/core/search/search.ts',
      'src/core/corpus/parse.ts',
      'src/core/corpus/layout/index.ts',
    ]));
    expect(modules.some((m) => m.startsWith('src/core/check/'))).toBe(true);
    // What does not shape an index stays out: a rebuild on every edit of a command would be a slow start for nothing.
    expect(modules.some((m) => m.startsWith('commands/') || m.startsWith('src/discord/') || m.startsWith('src/debate/'))).toBe(false);
    expect(packages).toEqual(expect.arrayContaining(['better-sqlite3', 'minisearch']));
  });

  it('THEN an edit to any of them changes the fingerprint, and an edit elsewhere does not', () => {
    const before = codeFingerprintOf(root);
    expect(codeFingerprintOf(root)).toBe(before);
    appendFileSync(join(root, 'src/core/check/tokens.ts'), '\n// edited\n');
    const afterCheck = codeFingerprintOf(root);
    expect(afterCheck).not.toBe(before);
    appendFileSync(join(root, 'src/store/fts/check-source.ts'), '\n// edited\n');
    const afterStore = codeFingerprintOf(root);
    expect(afterStore).not.toBe(afterCheck);
    appendFileSync(join(root, 'src/discord/router.ts'), '\n// edited\n');
    expect(codeFingerprintOf(root)).toBe(afterStore);
  });

  it('THEN a module reached only through a type-only import is left out, and one newly imported is taken in', () => {
    const entry = 'src/store/probe.ts';
    cpSync(join(root, 'src/store/fts/check-source.ts'), join(root, entry));
    appendFileSync(join(root, entry), "\nimport type { Reply } from '../seam/reply.js';\n");
    expect(indexedModules(root, [entry]).modules).not.toContain('src/seam/command.ts');
    appendFileSync(join(root, entry), "\nexport { LIMIT } from '../views/safe.js';\n");
    expect(indexedModules(root, [entry]).modules).toContain('src/views/safe.ts');
  });
});
