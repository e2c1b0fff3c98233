/**
 * Works as well as people: the original sources quotations cite ("Memoirs of a Revolutionary, 1901–1941 (Oxford:
 * …), 252"), read as the works they name ("Memoirs of a Revolutionary"), so that a query naming a work finds
 * what was quoted from it and the `source:` option narrows to it as `speaker:` narrows to a person.
 */
import { foldDiacritics } from '../text.js';
import { holdsRun, keysOf } from './positions.js';

/** A work the search narrows to: its name as cited, and the keys a unit's source must hold side by side. */
export interface WorkMatch {
  name: string;
  keys: string[];
}

/** Fewest keys a work's name needs to be recognised in a query: one word ("Kronstadt") is a subject, not a title. */
const NAMED_MIN_KEYS = 2;

/**
 * The work a citation names: publication details, links, pages, a leading author and a subtitle left out.
 * Null when nothing is left.
 */
export function workOf(citation: string): string | null {
  let s = citation.replace(/\s+/g, ' ').trim();
  s = s.split(/\s(?:\(|\[)|\shttps?:\/\//)[0];
  // Pages and years after a comma: ", 252, 253", ", pp. 12–14", ", 1901–1941".
  s = s.replace(/(?:,\s*(?:pp?\.\s*)?\d+(?:\s*[–-]\s*\d+)?)+\.?\s*$/i, '');
  // A leading author ("Ante Ciliga, The Russian Enigma"): one to four capitalised words, then the title.
  const comma = s.indexOf(', ');
  if (comma > 0 && /^(?:\p{Lu}[\p{L}.'’-]*\s?){1,4}$/u.test(s.slice(0, comma)) && /\p{L}/u.test(s.slice(comma + 2))) s = s.slice(comma + 2);
  // A subtitle after a colon, unless the colon stands in a quoted title.
  const colon = s.search(/:\s/);
  if (colon > 0 && !/[“"]/.test(s.slice(0, colon))) s = s.slice(0, colon);
  s = s.replace(/[\s.,;:]+$/, '').trim();
  return /\p{L}/u.test(s) ? s : null;
}

/** The works cited in a corpus, for narrowing, naming in a query and autocomplete. */
export class WorkRegistry {
  /** Each work's keys (joined by spaces) → its name as most often cited. */
  private byKeys = new Map<string, { name: string; keys: string[]; n: number }>();

  /** `sources`: each cited source, with how many units cite it. */
  constructor(sources: Iterable<[source: string, count: number]>) {
    for (const [source, count] of sources) this.note(source, count);
  }

  /** The same registry built in steps (a server's own texts), yielding when `due()` says a step has run long enough. */
  static *inSteps(sources: Iterable<[source: string, count: number]>, due: () => boolean): Generator<void, WorkRegistry> {
    const r = new WorkRegistry([]);
    for (const [source, count] of sources) {
      r.note(source, count);
      if (due()) yield;
    }
    return r;
  }

  private note(source: string, count: number): void {
    const work = workOf(source);
    if (!work) return;
    // A piece in a collection ("“The New Course”, The Challenge of the “Left Opposition”") is a work, and so is each.
    const parts = work.split(/(?<=”),\s*/).map((p) => p.replace(/^“([^“”]*)”$/, '$1').trim());
    for (const name of parts.length > 1 ? [work, ...parts] : [work]) {
      const keys = keysOf(name);
      if (!keys.length) continue;
      const k = keys.join(' ');
      const e = this.byKeys.get(k);
      if (e) e.n += count;
      else this.byKeys.set(k, { name, keys, n: count });
    }
  }

  /** The work a `source:` option names: its words side by side in a cited work's name, or null. */
  resolve(name: string): WorkMatch | null {
    const keys = keysOf(name);
    if (!keys.length) return null;
    const exact = this.byKeys.get(keys.join(' '));
    if (exact) return { name: exact.name, keys };
    let best: { name: string; n: number } | null = null;
    for (const e of this.byKeys.values()) if (holdsRun(e.keys, keys) && (!best || e.n > best.n)) best = e;
    return best ? { name: best.name, keys } : null;
  }

  /**
   * A work named in a query: the longest run of its words (two or more) that is a cited work's whole name
   * ("revolution betrayed", "memoirs of a revolutionary"); null when the query names none.
   */
  named(queryKeys: readonly string[]): WorkMatch | null {
    for (let len = queryKeys.length; len >= NAMED_MIN_KEYS; len--) {
      for (let i = 0; i + len <= queryKeys.length; i++) {
        const e = this.byKeys.get(queryKeys.slice(i, i + len).join(' '));
        if (e) return { name: e.name, keys: e.keys };
      }
    }
    return null;
  }

  /** Work names for autocomplete, best first: names starting as typed, then holding a word starting so, then the rest holding it. */
  suggest(prefix: string, limit = 25): string[] {
    const p = foldDiacritics(prefix).toLowerCase().trim();
    const scored: { name: string; rank: number; n: number }[] = [];
    for (const { name, n } of this.byKeys.values()) {
      const f = foldDiacritics(name).toLowerCase().replace(/^[“"‘']|^(?:the|a|an) /g, '');
      const rank = !p ? 1 : f.startsWith(p) ? 0 : f.split(/[\s“”"‘’']+/).some((w) => w.startsWith(p)) ? 1 : f.includes(p) ? 2 : 9;
      if (rank < 9) scored.push({ name, rank, n });
    }
    scored.sort((a, b) => a.rank - b.rank || b.n - a.n || a.name.localeCompare(b.name));
    return scored.slice(0, limit).map((x) => x.name);
  }
}

/** Each source and how many of `sources` cite it. */
export function countSources(sources: Iterable<string | null>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of sources) if (s) counts.set(s, (counts.get(s) ?? 0) + 1);
  return counts;
}

/** Whether a unit's source (its keys) cites the work. */
export function citesWork(sourceKeys: readonly string[], work: WorkMatch): boolean {
  return holdsRun(sourceKeys, work.keys);
}
