import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import pino from 'pino';
import { ftsPath, indexPath, openCorpus, servedFrom } from '../../src/store/search-store.js';
import { checkerOver, type CheckSource } from '../../src/core/check/checker.js';
import { guardedCheckSource, isDamage } from '../../src/store/fts-damage.js';
import { runCheck } from '../../src/cli/check.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const ESSAY = 'An Essay\n\nAs Victor Serge wrote, “the party was everything and the bureaucracy grew”.\n';
const OTHER = 'Another Essay\n\nAs Leon Trotsky wrote, “the bureaucracy devoured the party and the revolution”.\n\nThe Kronstadt years are another story.\n';
const FAITHFUL = 'Victor Serge wrote that “the party was everything and the bureaucracy grew”.';
const FTS = { ftsThreshold: 2 };

function capture() {
  const lines: { msg: string; level: number }[] = [];
  const log = pino({ level: 'debug' }, { write: (l: string) => void lines.push(JSON.parse(l)) });
  return { log, lines };
}

function workspace(): { corpusDir: string; dataDir: string } {
  const root = mkdtempSync(join(tmpdir(), 'rostrum-damage-'));
  dirs.push(root);
  const corpusDir = join(root, 'corpus');
  mkdirSync(corpusDir);
  writeFileSync(join(corpusDir, 'essay.txt'), ESSAY);
  writeFileSync(join(corpusDir, 'other.txt'), OTHER);
  // Sidecars, so that the only warnings are the damage's.
  writeFileSync(join(corpusDir, 'essay.meta.json'), JSON.stringify({ title: 'An Essay', author: 'Ann Author' }));
  writeFileSync(join(corpusDir, 'other.meta.json'), JSON.stringify({ title: 'Another Essay', author: 'Bo Writer' }));
  return { corpusDir, dataDir: join(root, 'data') };
}

/** Writes zeros over `pages` pages of an SQLite file from page `from` (1-based; page 1 holds the header). */
function zeroPages(path: string, from: number, pages: number): void {
  const size = 4096;
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.alloc(size * pages), 0, size * pages, (from - 1) * size);
  closeSync(fd);
}

const warnings = <T extends { level: number }>(lines: T[]) => lines.filter((l) => l.level >= 40);

async function checkLines(checker: ReturnType<typeof checkerOver>, input: string): Promise<Array<Record<string, unknown>>> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (d) => (out += d));
  const done = runCheck(checker, stdin, stdout);
  stdin.end(input);
  await done;
  return out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('GIVEN data/search-index.json edited or cut short', () => {
  it('THEN a payload edited into other valid JSON is rebuilt with one warning line, never served', () => {
    const { corpusDir, dataDir } = workspace();
    openCorpus(corpusDir, dataDir, capture().log);
    const path = indexPath(dataDir);
    const raw = readFileSync(path, 'utf8');
    const edited = raw.replaceAll('bureaucracy grew', 'bureaucracy shrank');
    expect(edited).not.toBe(raw);
    JSON.parse(edited.slice(edited.indexOf('\n') + 1)); // still valid JSON, header intact
    writeFileSync(path, edited);

    const { log, lines } = capture();
    const { search } = openCorpus(corpusDir, dataDir, log);
    expect(warnings(lines).map((l) => l.msg)).toEqual(['persisted search index unreadable; rebuilding it']);
    expect(lines.some((l) => l.msg === 'search index built')).toBe(true);
    const r = search.search({ query: 'bureaucracy party', limit: 5 });
    expect(r.ok && r.results.map((x) => x.text).join(' ')).toMatch(/bureaucracy grew/);
    expect(JSON.stringify(r)).not.toMatch(/shrank/);
    expect(readFileSync(path, 'utf8')).not.toMatch(/shrank/);
  });

  it('THEN a truncated file is rebuilt too', () => {
    const { corpusDir, dataDir } = workspace();
    openCorpus(corpusDir, dataDir, capture().log);
    const path = indexPath(dataDir);
    const raw = readFileSync(path, 'utf8');
    writeFileSync(path, raw.slice(0, Math.floor(raw.length * 0.7)));
    const { log, lines } = capture();
    openCorpus(corpusDir, dataDir, log);
    expect(warnings(lines)).toHaveLength(1);
    expect(lines.some((l) => l.msg === 'search index built')).toBe(true);
    // …and the rebuilt one loads quietly.
    const again = capture();
    openCorpus(corpusDir, dataDir, again.log);
    expect(again.lines.some((l) => l.msg === 'search index loaded')).toBe(true);
  });
});

describe('GIVEN data/search-fts.sqlite with zeroed pages', () => {
  it('THEN it is found damaged when opened, deleted and rebuilt, never served', () => {
    const { corpusDir, dataDir } = workspace();
    openCorpus(corpusDir, dataDir, capture().log, FTS);
    const path = ftsPath(dataDir);
    const pages = statSync(path).size / 4096;
    expect(pages).toBeGreaterThan(8);
    zeroPages(path, Math.floor(pages / 2), 2);

    const { log, lines } = capture();
    const { search, checkSource } = openCorpus(corpusDir, dataDir, log, FTS);
    expect(warnings(lines).map((l) => l.msg)).toEqual(['search index file damaged; deleting and rebuilding it']);
    expect(lines.some((l) => l.msg === 'search index built')).toBe(true);
    const r = search.search({ query: 'kronstadt', limit: 3 });
    expect(r.ok && r.results[0]?.text).toMatch(/Kronstadt years/);
    expect(checkerOver(checkSource!()).check(FAITHFUL).verdict).toBe('verified');
    const db = new Database(path, { readonly: true });
    expect(db.pragma('quick_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('THEN damage met while checking is an error, not a verdict, and the file is rebuilt at the next start', async () => {
    const { corpusDir, dataDir } = workspace();
    const built = openCorpus(corpusDir, dataDir, capture().log, FTS);
    const path = ftsPath(dataDir);
    zeroPages(path, 2, statSync(path).size / 4096 - 1); // everything but the header page
    const { log, lines } = capture();
    // Served from the damaged file as a process that opened it before the damage would be.
    const served = servedFrom(path, new Database(path, { readonly: true }), built.corpus, built.search, log);
    const [row] = await checkLines(checkerOver(served.checkSource!()), `${FAITHFUL}\n`);
    expect(row.verdict).toBeNull();
    expect(row.error).toMatch(/malformed/);
    expect(existsSync(path)).toBe(false);
    expect(lines.filter((l) => l.level === 50).map((l) => l.msg)).toEqual([
      'search index file damaged while in use; it is deleted and will be rebuilt at the next start',
    ]);

    const next = capture();
    const reopened = openCorpus(corpusDir, dataDir, next.log, FTS);
    expect(next.lines.some((l) => l.msg === 'search index built')).toBe(true);
    expect(checkerOver(reopened.checkSource!()).check(FAITHFUL).verdict).toBe('verified');
  });
});

describe('GIVEN a check source that fails', () => {
  it('THEN `cli check --json` reports the error as an error: a faithful quotation is never "unsourced"', async () => {
    const failing: CheckSource = {
      names: { known: new Set(['victor serge']), common: new Set() },
      document: () => undefined,
      indexFor: () => {
        throw Object.assign(new Error('database disk image is malformed'), { code: 'SQLITE_CORRUPT' });
      },
    };
    const damaged: Error[] = [];
    const checker = checkerOver(guardedCheckSource(() => failing, (err) => damaged.push(err)));
    const rows = await checkLines(checker, `${FAITHFUL}\n`);
    expect(rows).toEqual([{ verdict: null, error: 'not checked: database disk image is malformed' }]);
    expect(damaged).toHaveLength(1);
  });

  it('THEN only damage marks the file: other errors pass through untouched', () => {
    expect(isDamage(Object.assign(new Error('x'), { code: 'SQLITE_CORRUPT_VTAB' }))).toBe(true);
    expect(isDamage(Object.assign(new Error('file is not a database'), { code: 'SQLITE_NOTADB' }))).toBe(true);
    expect(isDamage(new Error('fts5: syntax error near "'))).toBe(false);
    const damaged: Error[] = [];
    const source = guardedCheckSource(() => {
      throw new Error('no such table: qs_check_names');
    }, (err) => damaged.push(err));
    expect(() => source.names).toThrow(/no such table/);
    expect(damaged).toEqual([]);
  });
});
