/** The development-set scoring, exactly as shared/eval/README.md defines it. */
import { normaliseForMatch } from '../../src/core/text.js';

export interface RankedResult {
  text: string;
  speaker: string | null;
  source?: string | null;
}

export interface QueryCase {
  q: string;
  speaker: string | null;
  rel: Record<string, number>;
}

export interface QueryScore {
  ndcg5: number;
  success1: number;
  /** null for queries without a speaker */
  speakerPrecision5: number | null;
}

const has = (haystack: string | null | undefined, name: string) =>
  !!haystack && haystack.toLowerCase().includes(name.toLowerCase());

/** nDCG@5, success@1 and speaker precision@5 for one query's ranked results. */
export function scoreQuery(c: QueryCase, results: RankedResult[]): QueryScore {
  const top = results.slice(0, 5);
  const frags = Object.entries(c.rel).map(([f, g]) => ({ norm: normaliseForMatch(f), grade: g }));
  const credited = new Set<string>();
  let dcg = 0;
  let first = 0;
  top.forEach((r, i) => {
    let gain = 0;
    let best: string | null = null;
    if (!c.speaker || has(r.speaker, c.speaker)) {
      const text = normaliseForMatch(r.text);
      for (const f of frags) {
        if (!credited.has(f.norm) && text.includes(f.norm) && f.grade > gain) {
          gain = f.grade;
          best = f.norm;
        }
      }
    }
    if (best) credited.add(best);
    if (i === 0) first = gain > 0 ? 1 : 0;
    dcg += (2 ** gain - 1) / Math.log2(i + 2);
  });
  const ideal = frags
    .map((f) => f.grade)
    .sort((a, b) => b - a)
    .slice(0, 5)
    .reduce((s, g, i) => s + (2 ** g - 1) / Math.log2(i + 2), 0);
  const speakerPrecision5 = c.speaker
    ? top.length === 0
      ? 0
      : top.filter((r) => has(r.speaker, c.speaker!)).length / top.length
    : null;
  return { ndcg5: ideal > 0 ? dcg / ideal : 0, success1: first, speakerPrecision5 };
}

export interface AttributionCase {
  speaker: string[];
  frag: string;
  source: string[] | null;
  hard?: boolean;
}

export interface AttributionScore {
  found: boolean;
  rightSpeaker: boolean;
  /** null when the entry has no source */
  rightSource: boolean | null;
}

/** Whether the extracted quotations hold the entry, with its speaker and its source. */
export function scoreAttribution(c: AttributionCase, quotations: RankedResult[]): AttributionScore {
  const frag = normaliseForMatch(c.frag);
  const found = quotations.filter((q) => normaliseForMatch(q.text).includes(frag));
  return {
    found: found.length > 0,
    rightSpeaker: found.some((q) => c.speaker.some((n) => has(q.speaker, n))),
    rightSource: c.source ? found.some((q) => c.source!.some((t) => has(q.source, t))) : null,
  };
}

export const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
