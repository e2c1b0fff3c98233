/**
 * Scores the dev set's "attribution" entries (/work/shared/eval/README.md) against parseDocument,
 * prints quotations per document and, with --sample N, a random sample of attributed quotations.
 * Usage: npx tsx tools/scripts/attribution-dev.ts [--dev path/to/dev-set.json] [--sample 40] [--misses]
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from '../../src/core/corpus/parse.js';
import type { DocumentMeta, ParsedDocument, Quotation } from '../../src/core/types.js';

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const devPath = opt('--dev') ?? '/work/shared/eval/dev-set.json';
const corpusDir = opt('--corpus') ?? 'corpus';

/** The README's normalisation. */
export function norm(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[’‘]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/…/g, '...')
    .replace(/[–—]/g, '-')
    .replace(/[[\]]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ');
}

const docs: ParsedDocument[] = [];
for (const f of readdirSync(corpusDir).filter((f) => f.endsWith('.txt')).sort()) {
  const id = f.replace(/\.txt$/, '');
  const metaPath = join(corpusDir, `${id}.meta.json`);
  const side = existsSync(metaPath) ? JSON.parse(readFileSync(metaPath, 'utf8')) : {};
  const meta: DocumentMeta = {
    id,
    title: side.title ?? id,
    author: side.author ?? null,
    kind: side.kind === 'forum' ? 'forum' : 'article',
    publication: side.publication ?? null,
    date: side.date ?? null,
  };
  const t0 = performance.now();
  docs.push(parseDocument(meta, readFileSync(join(corpusDir, f), 'utf8')));
  const ms = performance.now() - t0;
  const d = docs[docs.length - 1];
  const named = d.quotations.filter((q) => q.speaker).length;
  const sourced = d.quotations.filter((q) => q.source).length;
  console.log(
    `${id.padEnd(46)} passages ${String(d.passages.length).padStart(3)}  quotations ${String(d.quotations.length).padStart(3)} (with speaker ${named}, with source ${sourced})  notes ${d.notes.length}  warnings ${d.warnings.length}  ${ms.toFixed(0)} ms`,
  );
}
const all: Quotation[] = docs.flatMap((d) => d.quotations);
console.log(`total: quotations ${all.length}, with speaker ${all.filter((q) => q.speaker).length}, with source ${all.filter((q) => q.source).length}`);

interface Entry { speaker: string[]; frag: string; source: string[] | null; hard?: boolean }
const dev = JSON.parse(readFileSync(devPath, 'utf8')) as { attribution: Entry[] };
let found = 0, rightSpeaker = 0, withSource = 0, rightSource = 0;
const misses: string[] = [];
for (const e of dev.attribution) {
  const f = norm(e.frag);
  const hits = all.filter((q) => norm(q.text).includes(f));
  const sp = hits.some((q) => q.speaker && e.speaker.some((n) => q.speaker!.toLowerCase().includes(n.toLowerCase())));
  const src = e.source ? hits.some((q) => q.source && e.source!.some((t) => q.source!.toLowerCase().includes(t.toLowerCase()))) : false;
  if (hits.length) found++;
  if (sp) rightSpeaker++;
  if (e.source) { withSource++; if (src) rightSource++; }
  if (!sp || (e.source && !src))
    misses.push(`${e.hard ? '[hard] ' : ''}"${e.frag}" found=${hits.length} speakers=${JSON.stringify(hits.map((h) => h.speaker))} sources=${JSON.stringify(hits.map((h) => h.source?.slice(0, 60)))}`);
}
const n = dev.attribution.length;
console.log(`\nattribution: ${n} entries; found ${found}/${n} (${(found / n).toFixed(2)})`);
console.log(`right speaker ${rightSpeaker}/${n} = ${(rightSpeaker / n).toFixed(2)} (goal >= 0.90)`);
console.log(`right source  ${rightSource}/${withSource} = ${(rightSource / Math.max(1, withSource)).toFixed(2)} (goal >= 0.85)`);
if (misses.length) console.log('\nmisses:\n' + misses.join('\n'));

const sample = Number(opt('--sample') ?? 0);
if (sample > 0) {
  // Deterministic spread: every k-th quotation with a speaker, across all documents.
  const named = all.filter((q) => q.speaker);
  const step = Math.max(1, Math.floor(named.length / sample));
  console.log(`\nsample of ${Math.min(sample, named.length)} attributed quotations:`);
  for (let i = 0; i < named.length && i / step < sample; i += step) {
    const q = named[i];
    console.log(`- [${q.documentId.slice(0, 12)} ${q.location}] ${q.speaker} (${q.confidence}) ${q.kind}: "${q.text.replace(/\s+/g, ' ').slice(0, 90)}" | src: ${q.source?.slice(0, 50) ?? '-'}${q.foundIn ? ' | found in: ' + q.foundIn.slice(0, 40) : ''}`);
  }
}
if (args.includes('--all')) {
  const w = Number(opt('--width') ?? 80);
  for (const q of all) console.log(`${q.documentId.slice(0, 8)} ${q.location} | ${q.speaker} (${q.confidence}) ${q.kind} | "${q.text.replace(/\s+/g, ' ').slice(0, w)}" | ${q.source?.slice(0, w / 2) ?? '-'}${q.foundIn ? ' | found in: ' + q.foundIn.slice(0, 40) : ''}`);
}
if (args.includes('--warnings')) for (const d of docs) for (const w of d.warnings) console.log(`${d.meta.id}: ${w}`);
