import { copyFileSync, mkdtempSync, mkdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { openCorpus, type OpenedCorpus } from '../../src/store/search-store.js';
import type { QuoteSearch } from '../../src/core/search/search.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function capture() {
  const lines: { msg: string; read?: string[]; gone?: string[]; unitsAdded?: number; unitsRemoved?: number }[] = [];
  const log = pino({ level: 'debug' }, { write: (l: string) => void lines.push(JSON.parse(l)) });
  return { log, lines };
}

const SEEDS = resolve('corpus');
const seed = (dir: string, name: string) => {
  copyFileSync(join(SEEDS, `${name}.txt`), join(dir, `${name}.txt`));
  copyFileSync(join(SEEDS, `${name}.meta.json`), join(dir, `${name}.meta.json`));
};
const SURNAME = 'Exile\n\nAs Zhelyabov wrote of those years, “the bureaucracy grew fat on the famine while the party fell silent”.\n';
const FULL_NAME = 'Memoir\n\nAndrei Zhelyabov said: “the revolution was betrayed by its own officials in the offices of Moscow”.\n';

const QUERIES: { query: string; speaker?: string; offset?: number }[] = [
  { query: 'bureaucracy' },
  { query: 'bureaucracy', offset: 5 },
  { query: 'trotsky opposition' },
  { query: 'stalin party democracy' },
  { query: 'revolution betrayed' },
  { query: 'soviet union workers' },
  { query: 'famine' },
  { query: 'zhelyabov bureaucracy' },
  { query: 'famine', speaker: 'Zhelyabov' },
  { query: 'andrei famine' },
  { query: 'famine andrei' },
  { query: 'officials moscow' },
  { query: 'bureaucrasy' },
  { query: 'party', speaker: 'Trotsky' },
  { query: '"permanent revolution"' },
];

/** What users see of a search: every answer to the queries, and the names offered. */
function seen(search: QuoteSearch) {
  return {
    size: search.size,
    answers: QUERIES.map((q) => search.search({ ...q, limit: 5 })),
    speakers: search.suggestSpeakers('', 25),
    named: search.suggestSpeakers('zhel', 10),
    sources: search.suggestSources('', 25),
  };
}

/** What argument checks read of the corpus. */
function checked(opened: OpenedCorpus) {
  if (!opened.checkSource) return null;
  const source = opened.checkSource();
  return {
    names: { known: [...source.names.known].sort(), common: [...source.names.common].sort() },
    documents: opened.corpus.documents.map((d) => source.document(d.meta.id)),
  };
}

describe.each([
  ['MiniSearch', {}],
  ['FTS5', { ftsThreshold: 1 }],
])('GIVEN a persisted %s index and a corpus/ where a text is added, one changed and one removed', (_engine, opts) => {
  it('THEN only those texts are parsed and the index is updated, searching as a full rebuild of the same files, and a restart loads it', () => {
    const root = mkdtempSync(join(tmpdir(), 'rostrum-incremental-'));
    dirs.push(root);
    const corpusDir = join(root, 'corpus');
    mkdirSync(corpusDir);
    seed(corpusDir, 'ah-trotsky-ascendent');
    seed(corpusDir, 'ah-trotskyist-regime');
    seed(corpusDir, 'ah-ussr-under-trotsky');
    writeFileSync(join(corpusDir, 'exile.txt'), SURNAME);
    openCorpus(corpusDir, join(root, 'data'), capture().log, opts).close?.();

    seed(corpusDir, 'iturbide-trotskyists-in-the-soviet-union');
    writeFileSync(join(corpusDir, 'memoir.txt'), FULL_NAME); // "Zhelyabov" in exile.txt now means Andrei Zhelyabov
    const regime = join(corpusDir, 'ah-trotskyist-regime.txt');
    writeFileSync(regime, readFileSync(regime, 'utf8').split('\n\n').slice(0, 12).join('\n\n'));
    rmSync(join(corpusDir, 'ah-ussr-under-trotsky.txt'));
    rmSync(join(corpusDir, 'ah-ussr-under-trotsky.meta.json'));

    const update = capture();
    const updated = openCorpus(corpusDir, join(root, 'data'), update.log, opts);
    const summary = update.lines.find((l) => l.msg === 'search index updated');
    expect(summary?.read?.sort()).toEqual(['ah-trotskyist-regime.txt', 'iturbide-trotskyists-in-the-soviet-union.txt', 'memoir.txt']);
    expect(summary?.gone).toEqual(['ah-ussr-under-trotsky.txt']);
    expect(update.lines.some((l) => l.msg === 'search index built')).toBe(false);

    const rebuilt = openCorpus(corpusDir, join(root, 'fresh'), capture().log, opts);
    expect(seen(updated.search)).toEqual(seen(rebuilt.search));
    expect(updated.search.suggestSpeakers('zhelyabov')).toEqual(['Andrei Zhelyabov']);
    expect(updated.corpus.hash).toBe(rebuilt.corpus.hash);
    expect(updated.corpus.documents).toEqual(rebuilt.corpus.documents);
    expect(checked(updated)).toEqual(checked(rebuilt));

    // At 100× the update is ranked by the full bm25 query until a restart ranks the champion lists again.
    updated.close?.(); // as a restart does: the file is written by the next process alone
    const restart = capture();
    const reopened = openCorpus(corpusDir, join(root, 'data'), restart.log, opts);
    expect(restart.lines.some((l) => l.msg === 'search index loaded')).toBe(true);
    expect(restart.lines.some((l) => /champion lists ranked again/.test(l.msg))).toBe('ftsThreshold' in opts);
    expect(seen(reopened.search)).toEqual(seen(rebuilt.search));
    expect(reopened.corpus.documents).toEqual(rebuilt.corpus.documents);
  });

  it('THEN a file touched but unchanged is read again and not parsed, and nothing is updated', () => {
    const root = mkdtempSync(join(tmpdir(), 'rostrum-incremental-'));
    dirs.push(root);
    const corpusDir = join(root, 'corpus');
    mkdirSync(corpusDir);
    seed(corpusDir, 'ah-trotsky-ascendent');
    writeFileSync(join(corpusDir, 'exile.txt'), SURNAME);
    openCorpus(corpusDir, join(root, 'data'), capture().log, opts);
    writeFileSync(join(corpusDir, 'exile.txt'), SURNAME);
    const again = capture();
    openCorpus(corpusDir, join(root, 'data'), again.log, opts);
    expect(again.lines.some((l) => l.msg === 'search index loaded')).toBe(true);
    expect(again.lines.some((l) => /updated|built/.test(l.msg))).toBe(false);
  });
});
