/**
 * Deterministic benchmark corpora: N copies of the seed texts in corpus/ (with their sidecars), written to
 * bench/.corpora/x{N}/. Copy 0 is the seed itself; every other copy varies, from a seeded PRNG (never
 * Math.random):
 *   - speakers: each name token of the people quoted, the authors and the posters maps to another plausible
 *     name, consistently within the copy (text, notes and sidecar alike), so attribution still has work to do;
 *   - words: about 15% of the content words (lower-case, 5+ letters, not words the parser itself looks for)
 *     map to other words of the corpus vocabulary;
 *   - notes: "[N]" notes renumbered (markers and list alike), page numbers in citations shifted, places of
 *     publication reworded.
 * The structure (sections, both note styles, forum posts and their furniture) is kept, so the real parser runs.
 *
 *   npx tsx bench/generate.ts [copies=100]
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import pino from 'pino';
import { buildCorpus } from '../../src/core/corpus/corpus.js';
import { parseCorpusFiles, readCorpusFiles, type CorpusFile } from '../../src/store/corpus-files.js';

/** Bumped when the generator's output changes, so cached corpora are rewritten. */
const GENERATOR_VERSION = 2;

/** xorshift32 on a seed: the only randomness here. */
export function rng(seed: number): () => number {
  let x = (seed >>> 0) || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}

const FIRST_NAMES = [
  'Anna', 'Boris', 'Clara', 'Dmitri', 'Elena', 'Felix', 'Georgi', 'Helga', 'Ivan', 'Jules', 'Karl', 'Lidia', 'Mikhail',
  'Nadia', 'Oskar', 'Pavel', 'Rosa', 'Sergei', 'Tamara', 'Umberto', 'Vera', 'Walter', 'Yuri', 'Zofia', 'Andres',
  'Bruno', 'Carlo', 'Daniel', 'Ernst', 'Fanny', 'Grigori', 'Hugo', 'Isaak', 'Jakob', 'Klara', 'Lev', 'Marta', 'Nikolai',
];
const SURNAME_HEAD = ['Bel', 'Kar', 'Vol', 'Dem', 'Tur', 'Mir', 'Zas', 'Pol', 'Gor', 'Len', 'Rad', 'Sok', 'Fed', 'Kal', 'Nes', 'Bor', 'Lev', 'Ost', 'Yak', 'Dur', 'Mal', 'Ser', 'Tom', 'Vin'];
const SURNAME_MID = ['a', 'o', 'e', 'i', 'u', ''];
const SURNAME_TAIL = ['kov', 'ski', 'vich', 'nin', 'rev', 'din', 'mov', 'ner', 'mann', 'berg', 'ard', 'ani', 'etti', 'lin', 'tsev'];
const HANDLE_HEAD = ['Red', 'Iron', 'Steel', 'Grey', 'Old', 'Blue', 'Wild', 'Tiny', 'Big', 'Lone', 'Dark', 'Swift'];
const HANDLE_TAIL = ['Fox', 'Wolf', 'Bear', 'Tartar', 'Hawk', 'Paw', 'Star', 'Raven', 'Cossack', 'Sailor', 'Comrade', 'Owl'];
const PLACES = ['London', 'New York', 'Chicago', 'Oxford', 'Paris', 'Moscow', 'Berlin', 'Boston', 'Edinburgh', 'Toronto'];

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

/** What a copy may vary, learnt once from the seed corpus. */
export interface SeedModel {
  files: CorpusFile[];
  /** Name tokens of people quoted and authors: first names apart from the rest. */
  firstTokens: string[];
  lastTokens: string[];
  /** Forum posters' handles (one-token names). */
  handles: string[];
  /** Content words that may be swapped for one another. */
  vocabulary: string[];
}

export function seedModel(corpusDir = resolve('corpus')): SeedModel {
  const files = readCorpusFiles(corpusDir);
  const corpus = buildCorpus(parseCorpusFiles(files, pino({ level: 'silent' })), 'seed');
  const first = new Set<string>();
  const last = new Set<string>();
  const handles = new Set<string>();
  const posters = new Set(corpus.passages.map((p) => p.speaker).filter((s): s is string => !!s && !/^anonymous/i.test(s)));
  const authors = new Set(corpus.documents.map((d) => d.meta.author).filter((a): a is string => !!a));
  for (const name of new Set([...corpus.speakers(), ...authors])) {
    const tokens = name.split(/\s+/).filter((t) => /^[A-Z][A-Za-z]{2,}$/.test(t) && t !== 'and');
    if (posters.has(name) && !authors.has(name) && tokens.length === 1) {
      handles.add(tokens[0]);
      continue;
    }
    tokens.forEach((t, i) => (i < tokens.length - 1 ? first : last).add(t));
  }
  for (const t of last) first.delete(t);
  // Words the parser looks for (cue verbs, furniture, note forms) are never swapped: they are its structure.
  const parserWords = new Set<string>();
  const codeDir = resolve('src/core/corpus');
  for (const n of readdirSync(codeDir, { recursive: true, withFileTypes: true })) {
    if (!n.isFile() || !n.name.endsWith('.ts')) continue; // layout/ and the other subdirectories too
    for (const w of readFileSync(join(n.parentPath ?? n.path, n.name), 'utf8').toLowerCase().match(/[a-z]+/g) ?? []) parserWords.add(w);
  }
  const lowerWords = new Set<string>();
  const capitalised = new Set<string>();
  for (const f of files) {
    for (const w of f.text.match(/[A-Za-z]+/g) ?? []) {
      if (/^[a-z]{5,}$/.test(w)) lowerWords.add(w);
      else capitalised.add(w.toLowerCase());
    }
  }
  const vocabulary = [...lowerWords].filter((w) => !parserWords.has(w) && !capitalised.has(w)).sort();
  return { files, firstTokens: [...first].sort(), lastTokens: [...last].sort(), handles: [...handles].sort(), vocabulary };
}

/** One varied copy of one seed file (copy 0 is the seed unchanged, under its new name). */
export function varyFile(model: SeedModel, file: CorpusFile, copy: number): CorpusFile {
  const id = basename(file.name, extname(file.name));
  const name = `${id}--${String(copy).padStart(4, '0')}${extname(file.name)}`;
  if (copy === 0) return { name, text: file.text, sidecar: file.sidecar };
  // The names map per copy (same in every file of the copy); words and notes per file and copy.
  const rn = rng(0x5eed0000 + copy * 7919);
  const names = new Map<string, string>();
  for (const t of model.firstTokens) names.set(t, pick(rn, FIRST_NAMES));
  for (const t of model.lastTokens) names.set(t, `${pick(rn, SURNAME_HEAD)}${pick(rn, SURNAME_MID)}${pick(rn, SURNAME_TAIL)}`);
  for (const t of model.handles) names.set(t, `${pick(rn, HANDLE_HEAD)}${pick(rn, HANDLE_TAIL)}${rn() < 0.5 ? Math.floor(rn() * 100) : ''}`);
  const rw = rng(hashSeed(`${name}`));
  const words = new Map<string, string>();
  for (const w of model.vocabulary) if (rw() < 0.15) words.set(w, pick(rw, model.vocabulary));
  const noteShift = 1 + Math.floor(rw() * 40);
  const pageShift = 1 + Math.floor(rw() * 30);
  const places = new Map(PLACES.map((p) => [p, pick(rw, PLACES)]));

  const swap = (s: string) =>
    s.replace(/[A-Za-z]+/g, (w) => names.get(w) ?? (w.length >= 5 && w === w.toLowerCase() ? words.get(w) ?? w : w));
  let text = swap(file.text);
  // Notes: "[N]" renumbered, consistently for markers and the list (the glued style must stay 1, 2, 3 …).
  text = text.replace(/\[(\d{1,3})\]/g, (_, n: string) => `[${Number(n) + noteShift}]`);
  // Citations: page numbers shifted ("p. 225", "pp. 3–22", "Serge, 252, 253.") and places reworded.
  text = text
    .replace(/\b(pp?\.\s?)(\d{1,4})(?:([–-])(\d{1,4}))?/g, (_, p: string, a: string, dash?: string, b?: string) =>
      `${p}${Number(a) + pageShift}${dash ? `${dash}${Number(b) + pageShift}` : ''}`,
    )
    .replace(/(, )(\d{1,3})(?=[,.](?:\s|$))/gm, (_, c: string, n: string) => `${c}${Number(n) + pageShift}`)
    .replace(new RegExp(`\\b(${PLACES.join('|')})(?=:)`, 'g'), (p: string) => places.get(p) ?? p);
  let sidecar = file.sidecar;
  if (sidecar !== null) {
    try {
      const meta = JSON.parse(sidecar) as Record<string, unknown>;
      if (typeof meta.title === 'string') meta.title = `${meta.title} (copy ${copy})`;
      if (typeof meta.author === 'string') meta.author = swap(meta.author);
      sidecar = JSON.stringify(meta, null, 2);
    } catch {
      /* an unreadable sidecar stays as it is, as the parser would meet it */
    }
  }
  return { name, text, sidecar };
}

function hashSeed(s: string): number {
  return createHash('sha256').update(s).digest().readUInt32LE(0);
}

export interface GeneratedCorpus {
  dir: string;
  copies: number;
  files: number;
  bytes: number;
}

/** bench/.corpora/x{copies}: written once, reused while the seeds and the generator are unchanged. */
export function generateCorpus(copies: number, root = resolve('tools/bench/.corpora'), model?: SeedModel): GeneratedCorpus {
  const dir = join(root, `x${copies}`);
  const seeds = readCorpusFiles(resolve('corpus'));
  const stamp = `${GENERATOR_VERSION}:${copies}:${hashSeed(seeds.map((f) => `${f.name}\0${f.text}\0${f.sidecar}`).join('\0'))}`;
  const stampPath = join(dir, '.stamp');
  if (existsSync(stampPath) && readFileSync(stampPath, 'utf8') === stamp) return describe(dir, copies);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const m = model ?? seedModel();
  for (let c = 0; c < copies; c++) {
    for (const f of m.files) {
      const v = varyFile(m, f, c);
      writeFileSync(join(dir, v.name), v.text);
      if (v.sidecar !== null) writeFileSync(join(dir, `${basename(v.name, extname(v.name))}.meta.json`), v.sidecar);
    }
  }
  writeFileSync(stampPath, stamp);
  return describe(dir, copies);
}

function describe(dir: string, copies: number): GeneratedCorpus {
  const files = readCorpusFiles(dir);
  return { dir, copies, files: files.length, bytes: files.reduce((s, f) => s + Buffer.byteLength(f.text), 0) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const copies = Number(process.argv[2] ?? 100);
  const t = performance.now();
  const g = generateCorpus(copies);
  console.log(`${g.dir}: ${g.files} texts, ${(g.bytes / 1e6).toFixed(1)} MB, in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}
