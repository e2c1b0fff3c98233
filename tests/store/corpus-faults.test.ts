import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { ingestCorpusFiles, readCorpusFiles } from '../../src/store/corpus-files.js';
import { openCorpus } from '../../src/store/search-store.js';
import { MAX_FILE_BYTES } from '../../src/core/corpus/layout/index.js';
import type { TextReport } from '../../src/core/corpus/report.js';

const dirs: string[] = [];
const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
  for (const d of dirs.splice(0)) {
    chmodSync(d, 0o700);
    rmSync(d, { recursive: true, force: true });
  }
});

const ARTICLE = 'An Essay\n\nAs Victor Serge wrote, “the party was everything and the bureaucracy grew”.\n';
const SECRET = 'root:x:0:0:root daemon secret marker:/root:/bin/bash';

function capture() {
  const lines: { msg: string; file?: string; field?: string; level: number }[] = [];
  const log = pino({ level: 'debug' }, { write: (l: string) => void lines.push(JSON.parse(l)) });
  return { log, lines };
}

/** corpus/ with a good text, data/ beside it, and a directory outside both. */
function workspace(): { root: string; corpusDir: string; dataDir: string; outside: string } {
  const root = mkdtempSync(join(tmpdir(), 'rostrum-faults-'));
  dirs.push(root);
  const corpusDir = join(root, 'corpus');
  const outside = join(root, 'outside');
  mkdirSync(corpusDir);
  mkdirSync(outside);
  writeFileSync(join(corpusDir, 'essay.txt'), ARTICLE);
  return { root, corpusDir, dataDir: join(root, 'data'), outside };
}

const skipped = (reports: TextReport[], file: string) => reports.find((r) => r.file === file && r.status === 'skipped') as { reason: string } | undefined;

/** Ingests the corpus and opens it as start-up does; the good text must still index and be quotable. */
function startUp(corpusDir: string, dataDir: string) {
  const ingest = capture();
  const { reports } = ingestCorpusFiles(readCorpusFiles(corpusDir), ingest.log);
  const start = capture();
  const opened = openCorpus(corpusDir, dataDir, start.log);
  const found = opened.search.search({ query: 'bureaucracy', limit: 3 });
  expect(found.ok && found.results[0]?.text).toMatch(/bureaucracy grew/);
  return { reports, lines: start.lines, opened };
}

/** Logged once by name at start-up, with the reason the report gives. */
function reportedOnce(r: ReturnType<typeof startUp>, file: string, reason: RegExp): void {
  expect(skipped(r.reports, file)?.reason).toMatch(reason);
  const logged = r.lines.filter((l) => l.file === file);
  expect(logged).toHaveLength(1);
  expect(logged[0].msg).toContain(file);
  expect(logged[0].msg).toMatch(reason);
}

describe('GIVEN an odd entry in corpus/ THEN start-up goes on, and the entry is skipped, logged once by name and reported', () => {
  it('a symbolic link that loops', () => {
    const w = workspace();
    symlinkSync('loop-b.txt', join(w.corpusDir, 'loop-a.txt'));
    symlinkSync('loop-a.txt', join(w.corpusDir, 'loop-b.txt'));
    const r = startUp(w.corpusDir, w.dataDir);
    reportedOnce(r, 'loop-a.txt', /loops/);
    reportedOnce(r, 'loop-b.txt', /loops/);
  });

  it('a dangling symbolic link', () => {
    const w = workspace();
    symlinkSync('gone.txt', join(w.corpusDir, 'dangling.txt'));
    reportedOnce(startUp(w.corpusDir, w.dataDir), 'dangling.txt', /link to nothing/);
  });

  it('a link to a file outside corpus/: its text is never quotable', () => {
    const w = workspace();
    const target = join(w.outside, 'passwd');
    writeFileSync(target, `${SECRET}\n`);
    symlinkSync(target, join(w.corpusDir, 'passwd.txt'));
    const r = startUp(w.corpusDir, w.dataDir);
    reportedOnce(r, 'passwd.txt', /outside corpus\//);
    const q = r.opened.search.search({ query: 'root daemon secret marker', limit: 5 });
    expect(q.ok && q.results).toEqual([]);
    expect(r.opened.corpus.passages.some((p) => p.text.includes('secret marker'))).toBe(false);
  });

  it('a link inside corpus/ is followed', () => {
    const w = workspace();
    symlinkSync('essay.txt', join(w.corpusDir, 'alias.txt'));
    const r = startUp(w.corpusDir, w.dataDir);
    expect(r.reports.find((x) => x.file === 'alias.txt')?.status).toBe('indexed');
  });

  it('directories named x.txt and x.meta.json (the text beside the latter still indexes)', () => {
    const w = workspace();
    mkdirSync(join(w.corpusDir, 'folder.txt'));
    mkdirSync(join(w.corpusDir, 'essay.meta.json'));
    const r = startUp(w.corpusDir, w.dataDir);
    reportedOnce(r, 'folder.txt', /a directory/);
    reportedOnce(r, 'essay.meta.json', /a directory/);
    expect(r.reports.find((x) => x.file === 'essay.txt')?.status).toBe('indexed');
  });

  it('a named pipe (FIFO): start-up does not wait for a writer', () => {
    const w = workspace();
    execFileSync('mkfifo', [join(w.corpusDir, 'pipe.txt')]);
    reportedOnce(startUp(w.corpusDir, w.dataDir), 'pipe.txt', /named pipe/);
  });

  it('a socket', async () => {
    const w = workspace();
    const server = createServer();
    servers.push(server);
    await new Promise<void>((done) => server.listen(join(w.corpusDir, 'socket.txt'), done));
    reportedOnce(startUp(w.corpusDir, w.dataDir), 'socket.txt', /socket/);
  });

  it('an unreadable file (EACCES)', () => {
    const w = workspace();
    const path = join(w.corpusDir, 'locked.txt');
    writeFileSync(path, 'Locked\n\nNothing to see.\n');
    chmodSync(path, 0o000);
    const r = startUp(w.corpusDir, w.dataDir);
    // root reads any file: only another user meets the permission error.
    if (process.getuid?.() === 0) expect(r.reports.find((x) => x.file === 'locked.txt')?.status).toBe('indexed');
    else reportedOnce(r, 'locked.txt', /permission denied/);
  });

  it('a file larger than its format allows (not read)', () => {
    const w = workspace();
    const path = join(w.corpusDir, 'huge.txt');
    writeFileSync(path, '');
    truncateSync(path, MAX_FILE_BYTES.text + 1); // sparse: no disk, and it must not be read
    reportedOnce(startUp(w.corpusDir, w.dataDir), 'huge.txt', /too large \(20\.0 MB; the limit is 20 MB\)/);
  });

  it('all of them at once', () => {
    const w = workspace();
    symlinkSync('loop.txt', join(w.corpusDir, 'loop.txt'));
    symlinkSync('/nonexistent/file', join(w.corpusDir, 'dangling.txt'));
    mkdirSync(join(w.corpusDir, 'folder.md'));
    execFileSync('mkfifo', [join(w.corpusDir, 'pipe.html')]);
    const r = startUp(w.corpusDir, w.dataDir);
    expect(r.reports.filter((x) => x.status === 'skipped').map((x) => x.file)).toEqual(['dangling.txt', 'folder.md', 'loop.txt', 'pipe.html']);
  });
});

describe('GIVEN a sidecar with mistyped fields or invalid JSON', () => {
  it('THEN each wrong field is reported by file and field name and ignored, and the rest of the sidecar applies', () => {
    const w = workspace();
    writeFileSync(join(w.corpusDir, 'essay.meta.json'), JSON.stringify({ title: 5, author: ['x'], kind: 'essay', date: '1921', publication: 'Marsh Review' }));
    const { log, lines } = capture();
    const { documents, reports } = ingestCorpusFiles(readCorpusFiles(w.corpusDir), log);
    expect(documents[0].meta).toMatchObject({ title: 'An Essay', author: null, kind: 'article', date: '1921', publication: 'Marsh Review' });
    const fields = lines.filter((l) => l.file === 'essay.txt' && l.field).map((l) => [l.field, l.msg]);
    expect(fields).toEqual([
      ['title', 'essay.meta.json: "title" should be text, not a number; ignored'],
      ['author', 'essay.meta.json: "author" should be text, not a list; ignored'],
      ['kind', 'essay.meta.json: "kind" should be "article" or "forum", not "essay"; ignored'],
    ]);
    const report = reports[0];
    expect(report.status === 'indexed' && report.warnings.slice(0, 3)).toEqual(fields.map(([, msg]) => msg));
  });

  it('THEN invalid JSON is reported by the sidecar name and the text indexes with what it says itself', () => {
    const w = workspace();
    writeFileSync(join(w.corpusDir, 'essay.meta.json'), '{"title": "An Essay",');
    const { log, lines } = capture();
    const { documents, reports } = ingestCorpusFiles(readCorpusFiles(w.corpusDir), log);
    expect(documents).toHaveLength(1);
    expect(lines.some((l) => l.level === 40 && /^essay\.meta\.json is not valid JSON/.test(l.msg))).toBe(true);
    expect(reports[0].status === 'indexed' && reports[0].warnings[0]).toMatch(/^essay\.meta\.json is not valid JSON/);
  });

  it('THEN a sidecar that is not an object, or null fields, are told apart: null means unknown, not wrong', () => {
    const w = workspace();
    writeFileSync(join(w.corpusDir, 'essay.meta.json'), '[1, 2]');
    writeFileSync(join(w.corpusDir, 'other.txt'), ARTICLE);
    writeFileSync(join(w.corpusDir, 'other.meta.json'), JSON.stringify({ title: 'Other', author: null, date: null }));
    const { log, lines } = capture();
    ingestCorpusFiles(readCorpusFiles(w.corpusDir), log);
    expect(lines.filter((l) => l.level === 40).map((l) => l.msg)).toEqual([
      'essay.meta.json should hold one JSON object ({"title": "…", "author": "…"}), not a list; ignored',
    ]);
  });
});
