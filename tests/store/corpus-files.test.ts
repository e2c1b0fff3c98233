import { mkdtempSync, writeFileSync, readFileSync, rmSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { loadCorpus } from '../../src/store/corpus-files.js';
import { createQuoteSearch } from '../../src/core/search/search.js';
import { createChecker } from '../../src/core/check/checker.js';
import { libraryOf } from '../../src/app/bootstrap.js';
import { ftsPath, indexPath, openCorpus } from '../../src/store/search-store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function capture() {
  const lines: { msg: string; file?: string; level: number }[] = [];
  const log = pino({ level: 'debug' }, { write: (l: string) => void lines.push(JSON.parse(l)) });
  return { log, lines };
}

function tempCorpus(files: Record<string, string | Buffer>): { corpusDir: string; dataDir: string } {
  const root = mkdtempSync(join(tmpdir(), 'rostrum-corpus-'));
  dirs.push(root);
  const corpusDir = join(root, 'corpus');
  mkdirSync(corpusDir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(corpusDir, name), content);
  return { corpusDir, dataDir: join(root, 'data') };
}

const ARTICLE = 'An Essay\n\nAs Victor Serge wrote, “the party was everything and the bureaucracy grew”.[1]\n\nNotes\n\n[1] Victor Serge, Memoirs of a Revolutionary (Oxford, 1967), 225.\n';

describe('GIVEN texts dropped into corpus/', () => {
  it('THEN sidecar and front-matter metadata are read, and a text without metadata indexes with a warning naming it', () => {
    const { corpusDir } = tempCorpus({
      'essay.txt': ARTICLE,
      'essay.meta.json': JSON.stringify({ title: 'An Essay', author: 'Ann Author', kind: 'article' }),
      'front.md': `---\ntitle: Front Matter Essay\nauthor: Bo Writer\nkind: article\n---\n${ARTICLE}`,
      'bare.txt': 'A bare text\n\nWith a paragraph about the bureaucracy.\n',
    });
    const { log, lines } = capture();
    const corpus = loadCorpus(corpusDir, log);
    expect(corpus.documents.map((d) => [d.meta.id, d.meta.title, d.meta.author])).toEqual([
      ['bare', 'A bare text', null],
      ['essay', 'An Essay', 'Ann Author'],
      ['front', 'Front Matter Essay', 'Bo Writer'],
    ]);
    expect(lines.some((l) => l.level === 40 && l.file === 'bare.txt' && /bare\.txt has no metadata/.test(l.msg))).toBe(true);
    expect(corpus.passages.some((p) => p.documentId === 'bare' && /bureaucracy/.test(p.text))).toBe(true);
  });

  it('THEN a file that cannot be parsed is reported by name and skipped, the rest still index', () => {
    const { corpusDir } = tempCorpus({
      'essay.txt': ARTICLE,
      'broken.txt': Buffer.from([0x00, 0xff, 0xfe, 0x00, 0x01]),
    });
    const { log, lines } = capture();
    const corpus = loadCorpus(corpusDir, log);
    expect(corpus.documents.map((d) => d.meta.id)).toEqual(['essay']);
    expect(lines.some((l) => l.level === 50 && l.file === 'broken.txt')).toBe(true);
  });
});

describe('GIVEN a persisted search index', () => {
  it('THEN an unchanged corpus loads it, a changed corpus updates it, a corrupt one is rebuilt', () => {
    const { corpusDir, dataDir } = tempCorpus({ 'essay.txt': ARTICLE });
    const first = capture();
    openCorpus(corpusDir, dataDir, first.log).search;
    expect(first.lines.some((l) => l.msg === 'search index built')).toBe(true);

    const second = capture();
    const loaded = openCorpus(corpusDir, dataDir, second.log).search;
    expect(second.lines.some((l) => l.msg === 'search index loaded')).toBe(true);
    expect(loaded.search({ query: 'bureaucracy', limit: 3 }).ok).toBe(true);

    writeFileSync(join(corpusDir, 'more.txt'), 'More\n\nThe Kronstadt sailors rose in 1921.\n');
    const third = capture();
    const rebuilt = openCorpus(corpusDir, dataDir, third.log).search;
    expect(third.lines.find((l) => l.msg === 'search index updated')).toMatchObject({ read: ['more.txt'], gone: [] });
    const r = rebuilt.search({ query: 'kronstadt', limit: 3 });
    expect(r.ok && r.results[0]?.text).toMatch(/Kronstadt sailors/);

    const path = indexPath(dataDir);
    const raw = readFileSync(path, 'utf8');
    writeFileSync(path, `${raw.slice(0, raw.indexOf('\n'))}\n{"not": "an index"`);
    const fourth = capture();
    const repaired = openCorpus(corpusDir, dataDir, fourth.log).search;
    expect(fourth.lines.some((l) => /unreadable; rebuilding/.test(l.msg))).toBe(true);
    expect(repaired.search({ query: 'kronstadt', limit: 1 }).ok).toBe(true);
  });
});

describe('GIVEN a corpus above the FTS5 threshold', () => {
  const TROTSKY =
    'Another Essay\n\nAs Leon Trotsky wrote, “the bureaucracy devoured the party and the revolution”.[1]\n\nThe bureaucracy of the Kronstadt years is another story.\n\nNotes\n\n[1] Leon Trotsky, The Revolution Betrayed (New York, 1937), 93.\n';

  it('THEN it is searched with FTS5 from data/search-fts.sqlite, no JSON is written, and a restart loads it without rebuilding', () => {
    const { corpusDir, dataDir } = tempCorpus({ 'essay.txt': ARTICLE, 'other.txt': TROTSKY });
    const first = capture();
    const built = openCorpus(corpusDir, dataDir, first.log, { ftsThreshold: 2 });
    expect(first.lines.some((l) => l.msg === 'search index built')).toBe(true);
    expect(built.search.toJSON()).toMatchObject({ engine: 'fts5' });
    expect(existsSync(indexPath(dataDir))).toBe(false);
    expect(existsSync(ftsPath(dataDir))).toBe(true);

    const second = capture();
    const { corpus, search, checkSource } = openCorpus(corpusDir, dataDir, second.log, { ftsThreshold: 2 });
    expect(second.lines.some((l) => l.msg === 'search index loaded')).toBe(true);
    // What the banner tells is known before the texts are read; the texts come from the file when needed.
    expect(corpus.size).toEqual({ documents: 2, quotations: built.corpus.quotations.length });
    // Arguments are checked from the file too, without reading the texts into memory.
    const read = (): never => {
      throw new Error('the texts were read into memory');
    };
    const unread = { hash: corpus.hash, size: corpus.size, get documents() { return read(); }, get quotations() { return read(); }, get passages() { return read(); }, document: read, speakers: read };
    const fromFile = libraryOf({ corpus: unread, search, checkSource }, { log: second.log }).checker();
    expect(fromFile.check('Serge wrote that “the bureaucracy devoured the party and the revolution”.').verdict).toBe('misattributed');
    expect(fromFile.check('Trotsky wrote that “the bureaucracy devoured the party and the revolution”.').verdict).toBe('verified');
    expect(createChecker(corpus).check('Serge wrote that “the bureaucracy devoured the party and the revolution”.').verdict).toBe('misattributed');
    expect(second.lines.some((l) => l.msg === 'search index built' || /rebuilding/.test(l.msg))).toBe(false);
    expect(corpus.documents.map((d) => d.meta.id)).toEqual(built.corpus.documents.map((d) => d.meta.id));
    expect(search.size).toBe(built.search.size);

    // A leading name narrows to that speaker; a speaker option too; a typo still finds the word.
    const led = search.search({ query: 'serge bureaucracy', limit: 5 });
    const mini = createQuoteSearch(corpus).search({ query: 'serge bureaucracy', limit: 5 });
    expect(led.ok && led.speaker).toBe(mini.ok && mini.speaker); // named as the MiniSearch search names them
    expect(led.ok && led.speaker).toBeTruthy();
    expect(led.ok && led.results.length > 0 && led.results.every((r) => r.speaker === 'Victor Serge')).toBe(true);
    const picked = search.search({ query: 'bureaucracy', speaker: 'Trotsky', limit: 5 });
    expect(picked.ok && picked.results.map((r) => r.speaker)).toEqual(['Leon Trotsky']);
    const typo = search.search({ query: 'bureaucrasy', limit: 5 });
    expect(typo.ok && typo.results.length).toBeGreaterThanOrEqual(3);
    expect(search.get(led.ok ? led.results[0].id : '')?.speaker).toBe('Victor Serge');

    // Below the threshold the same texts go back to MiniSearch and its JSON.
    writeFileSync(join(corpusDir, 'more.txt'), 'More\n\nThe Kronstadt sailors rose in 1921.\n');
    const third = capture();
    const small = openCorpus(corpusDir, dataDir, third.log);
    expect(small.search.toJSON()).not.toMatchObject({ engine: 'fts5' });
    expect(existsSync(indexPath(dataDir))).toBe(true);
    expect(existsSync(ftsPath(dataDir))).toBe(false);
  });
});
