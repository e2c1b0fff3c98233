/**
 * The real-text development figures (../shared/eval/real-dev, or REAL_DEV): exactly what its score.py
 * computes, in-process. The scoring functions are pure (quotations and a search function in, figures out);
 * runRealDev builds the corpus from the set's texts/ in a temporary data directory, the way
 * `cli quotes --json` and `cli quote --json --limit 10` do with corpus/ replaced by those texts.
 *
 * Text matching follows the Python: whitespace collapsed (str.split's whitespace), case-folded
 * (str.casefold), names as whole words (`(?<!\w)name(?!\w)` with Unicode \w), sources as substrings.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// ---------------------------------------------------------------------------------------------------------
// Text matching, as score.py does it

/** Python's str.isspace() characters: what str.split() with no argument splits on (not the BOM, unlike \s). */
const PY_SPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u;
/** Python's Unicode \w: letters, numbers and the underscore. */
const PY_WORD = '[\\p{L}\\p{N}_]';

const foldCache = new Map<string, string>();
/** One character's full case folding (Python's casefold), without JavaScript's context rules for Σ. */
function foldChar(c: string): string {
  let f = foldCache.get(c);
  if (f === undefined) {
    if (c === 'ı') f = c; // casefold leaves the dotless i alone; toUpperCase would make it I
    else if (/[\u13a0-\u13ff\uab70-\uabbf]/u.test(c)) f = c.toUpperCase(); // Cherokee folds to capitals
    else f = c.toLowerCase().toUpperCase().toLowerCase().replace(/ς/g, 'σ'); // ẞ → ss, ﬁ → fi, ς → σ
    foldCache.set(c, f);
  }
  return f;
}

/** Python's str.casefold(). */
export function casefold(s: string): string {
  return s.replace(/[A-Z]|[^\x00-\x7f]/gu, foldChar);
}

/** score.py's norm: `' '.join((s or '').split()).casefold()`. */
export function norm(s: string | null | undefined): string {
  return casefold(
    (s || '')
      .split(PY_SPACE)
      .filter((w) => w !== '')
      .join(' '),
  );
}

const escapeRegExp = (s: string) => s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');

/** Whether the value contains one of the names as whole words ("Karl Marx" holds "Marx"; "Marxism" does not). */
export function namesMatch(value: string | null | undefined, names: readonly string[]): boolean {
  const v = norm(value);
  return names.some((n) => new RegExp(`(?<!${PY_WORD})${escapeRegExp(norm(n))}(?!${PY_WORD})`, 'u').test(v));
}

/** Whether the value contains one of the substrings. */
export function subMatch(value: string | null | undefined, subs: readonly string[]): boolean {
  const v = norm(value);
  return subs.some((s) => v.includes(norm(s)));
}

/** Python's os.path.splitext(os.path.basename(p))[0]: the file name without its extension. */
export function fileStem(p: string): string {
  const base = p.slice(p.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  const firstNonDot = base.search(/[^.]/);
  return dot > 0 && firstNonDot >= 0 && dot > firstNonDot ? base.slice(0, dot) : base;
}

// ---------------------------------------------------------------------------------------------------------
// The figures

export interface GoldAttribution {
  doc: string;
  frag: string;
  speaker: string[];
  source: string[] | null;
  hard: boolean;
  /** Names that contain an acceptable name but belong to someone else ("Madame Trotsky"). */
  not?: string[];
}

export interface GoldQuery {
  q: string;
  relevant: string[];
  speaker: string[] | string | null;
}

export interface RealDevGold {
  attribution: GoldAttribution[];
  queries: GoldQuery[];
}

/** A quotation as `cli quotes --json` gives it. */
export interface RealDevQuotation {
  text: string | null;
  speaker: string | null;
  source: string | null;
  documentId: string;
}

/** A search result as `cli quote --json` gives it. */
export interface RealDevResult {
  text: string | null;
  speaker: string | null;
}

export interface AttributionMiss {
  entry: GoldAttribution;
  /** The quotations of the document that contain the fragment. */
  candidates: RealDevQuotation[];
  speakerRight: boolean;
  /** null when the entry has no source. */
  sourceRight: boolean | null;
}

export interface RealDevFigures {
  entries: number;
  speakerRight: number;
  speakerWrong: number;
  hardRight: number;
  hard: number;
  sourceRight: number;
  withSource: number;
  fragmentFound: number;
  /** Right by the rule, but only through a speaker naming someone else (gold `not`). */
  viaOther: Array<{ entry: GoldAttribution; speakers: Array<string | null> }>;
  misses: AttributionMiss[];
  queries: number;
  querySuccess: number;
  queryMisses: Array<{ query: GoldQuery; top: RealDevResult[] }>;
  quotations: number;
  /** Each text of the set (file name) with its quotations and speaker right of its gold entries. */
  perText: Array<{ file: string; stem: string; quotations: number; speakerRight: number; entries: number }>;
  /** Quotations of documents that are not texts of the set. */
  otherQuotations: number;
}

/**
 * score.py's figures. `files` are the set's text files (README excepted); `search` returns a query's
 * results (score.py asks for 10 and looks at the first 5).
 */
export function scoreRealDev(
  gold: RealDevGold,
  quotations: readonly RealDevQuotation[],
  search: (query: string) => readonly RealDevResult[],
  files: readonly string[],
): RealDevFigures {
  const quotes = quotations.map((q) => ({ q, n: norm(q.text), doc: fileStem(String(q.documentId ?? '')) }));
  let speakerRight = 0;
  let speakerWrong = 0;
  let hardRight = 0;
  let hard = 0;
  let sourceRight = 0;
  let withSource = 0;
  let fragmentFound = 0;
  const misses: AttributionMiss[] = [];
  const viaOther: RealDevFigures['viaOther'] = [];
  const speakerMissed = new Set<GoldAttribution>();
  for (const a of gold.attribution) {
    const fr = norm(a.frag);
    const stem = fileStem(a.doc);
    const cands = quotes.filter((x) => x.doc === stem && x.n.includes(fr)).map((x) => x.q);
    if (cands.length) fragmentFound++;
    const sOk = cands.some((q) => namesMatch(q.speaker, a.speaker));
    if (sOk) speakerRight++;
    else speakerMissed.add(a);
    if (cands.length && !sOk && cands.some((q) => q.speaker)) speakerWrong++;
    if (sOk && a.not?.length && !cands.some((q) => namesMatch(q.speaker, a.speaker) && !namesMatch(q.speaker, a.not!))) {
      viaOther.push({ entry: a, speakers: cands.map((q) => q.speaker) });
    }
    if (a.hard) {
      hard++;
      if (sOk) hardRight++;
    }
    let oOk: boolean | null = null;
    if (a.source?.length) {
      withSource++;
      oOk = cands.some((q) => subMatch(q.source, a.source!));
      if (oOk) sourceRight++;
    }
    if (!sOk || oOk === false) misses.push({ entry: a, candidates: cands, speakerRight: sOk, sourceRight: oOk });
  }

  const perDoc = new Map<string, number>();
  for (const x of quotes) perDoc.set(x.doc, (perDoc.get(x.doc) ?? 0) + 1);
  const stems = new Set(files.map(fileStem));
  const perText = files.map((file) => {
    const stem = fileStem(file);
    const own = gold.attribution.filter((a) => a.doc === file);
    return {
      file,
      stem,
      quotations: perDoc.get(stem) ?? 0,
      speakerRight: own.filter((a) => !speakerMissed.has(a)).length,
      entries: own.length,
    };
  });
  let otherQuotations = 0;
  for (const [doc, n] of perDoc) if (!stems.has(doc)) otherQuotations += n;

  let querySuccess = 0;
  const queryMisses: RealDevFigures['queryMisses'] = [];
  for (const q of gold.queries) {
    const top = search(q.q).slice(0, 5);
    const rel = q.relevant.map(norm);
    const names = q.speaker ? (Array.isArray(q.speaker) ? q.speaker : [q.speaker]) : null;
    const hit = top.some((r) => rel.some((f) => norm(r.text).includes(f)) && (names === null || namesMatch(r.speaker, names)));
    if (hit) querySuccess++;
    else queryMisses.push({ query: q, top });
  }

  return {
    entries: gold.attribution.length,
    speakerRight,
    speakerWrong,
    hardRight,
    hard,
    sourceRight,
    withSource,
    fragmentFound,
    viaOther,
    misses,
    queries: gold.queries.length,
    querySuccess,
    queryMisses,
    quotations: quotations.length,
    perText,
    otherQuotations,
  };
}

const ratio = (x: number, n: number) => `${x}/${n}`;
const share = (x: number, n: number) => `${x}/${n} (${n ? (x / n).toFixed(3) : '0.000'})`;
const oneLine = (s: string | null | undefined) => (s || '').split(PY_SPACE).filter(Boolean).join(' ');
/** The first n characters (code points, as Python slices). */
const cut = (s: string, n: number) => Array.from(s).slice(0, n).join('');

/** Python's repr() of a string, None or a list of them, so that -v reads as score.py -v does. */
export function pyRepr(v: string | null | undefined | ReadonlyArray<string | null>): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v !== 'string') return `[${v.map(pyRepr).join(', ')}]`;
  const quote = v.includes("'") && !v.includes('"') ? '"' : "'";
  const body = v.replace(/[\\\p{C}\p{Zl}\p{Zp}\p{Zs}]/gu, (c) => {
    if (c === ' ') return c;
    if (c === '\\') return '\\\\';
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    const cp = c.codePointAt(0)!;
    const hex = cp.toString(16);
    return cp < 0x100 ? `\\x${hex.padStart(2, '0')}` : cp < 0x10000 ? `\\u${hex.padStart(4, '0')}` : `\\U${hex.padStart(8, '0')}`;
  });
  return quote + (quote === "'" ? body.replace(/'/g, "\\'") : body) + quote;
}

/** The summary lines `npm run eval` prints. */
export function formatRealDev(f: RealDevFigures, where: string): string[] {
  const lines = [
    `real texts (${where}, ${f.perText.length} texts, ${f.quotations} quotations): speaker right ${share(f.speakerRight, f.entries)}  hard right ${ratio(f.hardRight, f.hard)}  speaker wrong ${share(f.speakerWrong, f.entries)}  source right ${ratio(f.sourceRight, f.withSource)}  fragment found ${ratio(f.fragmentFound, f.entries)}`,
    `  query success@5 ${ratio(f.querySuccess, f.queries)}   quotations per text: ${f.perText.map((t) => `${t.stem} ${t.quotations}`).join(', ')}${f.otherQuotations ? `; other documents ${f.otherQuotations}` : ''}`,
  ];
  if (f.viaOther.length) {
    const first = f.viaOther[0];
    lines.push(
      `  ${f.viaOther.length} of the speaker right only through a speaker that names someone else, e.g. "${first.speakers[0]}" for ${first.entry.speaker[0]} (see --verbose)`,
    );
  }
  return lines;
}

/** The misses, as score.py -v lists them. */
export function formatRealDevMisses(f: RealDevFigures): string[] {
  const out = ['', 'real texts, speaker right per text:'];
  for (const t of f.perText) out.push(`  ${t.file.padEnd(45)} ${String(t.quotations).padStart(5)} quotations   speaker right ${t.speakerRight}/${t.entries}`);
  out.push('', 'real texts, attribution misses:');
  for (const m of f.misses) {
    const a = m.entry;
    const what: string[] = [];
    if (!m.speakerRight) what.push(`speaker want ${pyRepr(a.speaker)}`);
    if (m.sourceRight === false) what.push(`source want ${pyRepr(a.source)}`);
    out.push(`- [${a.doc}]${a.hard ? ' (hard)' : ''} "${a.frag}" : ${what.join('; ')}`);
    if (!m.candidates.length) out.push('    not inside any extracted quotation');
    for (const c of m.candidates.slice(0, 3)) {
      out.push(`    got speaker=${pyRepr(c.speaker)} source=${pyRepr(cut(c.source || '', 90))} text="${cut(oneLine(c.text), 80)}…"`);
    }
  }
  if (f.viaOther.length) {
    out.push('', 'real texts, right only through a speaker that names someone else (gold "not"):');
    for (const v of f.viaOther) {
      const got = [...new Set(v.speakers.map((x) => (x === null ? 'None' : String(x))))].sort();
      out.push(`- [${v.entry.doc}] "${v.entry.frag}" want ${pyRepr(v.entry.speaker)} got ${pyRepr(got)}`);
    }
  }
  out.push('', 'real texts, query misses:');
  for (const { query: q, top } of f.queryMisses) {
    const speaker = Array.isArray(q.speaker) ? pyRepr(q.speaker) : q.speaker === null ? 'None' : q.speaker;
    out.push(`- "${q.q}" want ${pyRepr(cut(q.relevant[0], 60))}… speaker=${speaker}`);
    for (const r of top) out.push(`    ${cut(r.speaker || '-', 24).padEnd(24)} ${cut(oneLine(r.text), 90)}`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// The runner

/** The set's folder: REAL_DEV, else ../shared/eval/real-dev from the current directory. */
export function realDevDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.REAL_DEV || '../shared/eval/real-dev';
}

/** The set's text files as score.py lists them: everything in texts/ but README*, sorted. */
export function realDevTexts(textsDir: string): string[] {
  return readdirSync(textsDir)
    .filter((n) => !n.toLowerCase().startsWith('readme'))
    .sort();
}

/**
 * Builds the corpus from `<dir>/texts` (read there, never written: the index goes to a temporary data
 * directory, removed afterwards) and scores it. Quotations come from a first opening, which builds and saves
 * the index, and queries from a second, which loads it: as score.py's two CLI runs do.
 */
export async function runRealDev(dir: string): Promise<RealDevFigures> {
  const root = resolve(dir);
  const textsDir = join(root, 'texts');
  const gold = JSON.parse(readFileSync(join(root, 'gold.json'), 'utf8')) as RealDevGold;
  const files = realDevTexts(textsDir);
  const { default: pino } = await import('pino');
  const { openLibrary } = await import('../../src/app/bootstrap.js');
  const log = pino({ level: process.env.LOG_LEVEL ?? 'error' }, pino.destination(2));
  const dataDir = mkdtempSync(join(tmpdir(), 'rostrum-real-dev-'));
  try {
    const built = openLibrary({ corpusDir: textsDir, dataDir, log });
    // As `cli quotes --json` lists them.
    const quotations: RealDevQuotation[] = built.corpus.quotations.map((q) => {
      const r = built.search.get(q.id);
      return r
        ? { text: r.text, speaker: r.speaker, source: r.source, documentId: r.document.id }
        : { text: q.text, speaker: q.speaker, source: q.source, documentId: q.documentId };
    });
    const { search } = openLibrary({ corpusDir: textsDir, dataDir, log });
    const query = (q: string) => {
      const r = search.search({ query: q, limit: 10 });
      return r.ok ? r.results : [];
    };
    return scoreRealDev(gold, quotations, query, files);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Whether the set is there to score. */
export function realDevPresent(dir: string): boolean {
  const root = resolve(dir);
  return existsSync(join(root, 'gold.json')) && existsSync(join(root, 'texts')) && statSync(join(root, 'texts')).isDirectory();
}
