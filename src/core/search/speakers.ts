/**
 * Who can be asked for: every speaker in the corpus, by any of their names in any spelling (Trotzky, Trotsky:
 * nameKey), forgiving a typo.
 */
import { editDistance, foldDiacritics, nameKey } from '../text.js';
import { nameTokens } from '../names.js';
import { isStopWord, tokenize } from './terms.js';

const PARTICLES = new Set(['and', 'de', 'von', 'van', 'der', 'la', 'del', 'di', 'da', 'st', 'jr', 'sr']);

/** The endings that make a name a movement (as nameKey spells them). */
const MOVEMENT = /(?:ist|ists|ism|isms|ite|ites)$/;

/** A name's every word, titles and small words too: a query is read word for word ("victor serge on …"). */
const EVERY_WORD = { everyWord: true };

export interface SpeakerMatch {
  /** The name as the user wrote it, resolved ("Serge"). */
  name: string;
  /** Canonical speaker strings this name covers ("Victor Serge", "Serge"). */
  speakers: Set<string>;
  /** How many leading query tokens the name used. */
  tokensUsed: number;
  /** When the name may mean several people ("Smith"): each one's fullest name; empty when it means one. */
  others: string[];
}

export class SpeakerRegistry {
  /** name key of a token → speakers whose name holds it */
  private byToken = new Map<string, Set<string>>();
  private byFull = new Map<string, Set<string>>();
  /** byToken's tokens of five letters or more, in its order, for nearest(). */
  private fuzzy: { t: string; set: Set<string> }[] = [];

  constructor(speakers: Iterable<string>) {
    for (const s of speakers) this.note(s);
    this.seal();
  }

  /** The same registry built in steps (a server's own texts), yielding when `due()` says a step has run long enough. */
  static *inSteps(speakers: Iterable<string>, due: () => boolean): Generator<void, SpeakerRegistry> {
    const r = new SpeakerRegistry([]);
    for (const s of speakers) {
      r.note(s);
      if (due()) yield;
    }
    r.seal();
    return r;
  }

  private note(s: string): void {
    if (/^anonymous/i.test(s)) return;
    const tokens = nameTokens(s, EVERY_WORD);
    add(this.byFull, tokens.join(' '), s);
    for (const t of tokens) if (t.length >= 3 && !PARTICLES.has(t)) add(this.byToken, nameKey(t), s);
  }

  private seal(): void {
    this.fuzzy = [];
    for (const [t, set] of this.byToken) if (t.length >= 5) this.fuzzy.push({ t, set });
  }

  /** Resolves a name (the speaker option, or words of a query) to the speakers it means. */
  resolve(name: string): SpeakerMatch | null {
    const tokens = nameTokens(name, EVERY_WORD);
    if (tokens.length === 0) return null;
    // One word ("Trotsky") means everyone with that name in any spelling, not only a speaker called just that.
    const full = tokens.length > 1 ? this.byFull.get(tokens.join(' ')) : undefined;
    if (full) return matchOf([...full][0], full, tokens.length);
    const last = tokens[tokens.length - 1];
    const exact = this.byToken.get(nameKey(last));
    if (exact) return matchOf(displayName(exact, last), exact, tokens.length);
    const near = this.nearest(last);
    return near ? matchOf(displayName(near, [...near][0]), near, tokens.length) : null;
  }

  /**
   * A query that starts with a speaker's name ("serge bureaucracy", "victor serge on the party"):
   * the speaker and how many raw tokens the name took; null when it does not start with one.
   */
  leadingSpeaker(query: string): SpeakerMatch | null {
    const raw = tokenize(query);
    let skip = 0;
    while (skip < raw.length - 1 && isStopWord(raw[skip])) skip++;
    for (let n = Math.min(3, raw.length - skip); n >= 2; n--) {
      const words = raw.slice(skip, skip + n);
      const key = nameTokens(words.join(' '), EVERY_WORD).join(' ');
      const full = this.byFull.get(key);
      if (full) return matchOf([...full][0], full, skip + n);
    }
    const first = nameTokens(raw[skip] ?? '', EVERY_WORD)[0];
    if (!first || first.length < 3 || isStopWord(first)) return null;
    const found = this.byToken.get(nameKey(first)) ?? this.nearest(first);
    return found ? matchOf(displayName(found, first), found, skip + 1) : null;
  }

  /** Names for autocomplete, best first. */
  suggest(prefix: string, limit = 25): string[] {
    const p = foldDiacritics(prefix).toLowerCase().trim();
    const all = new Set<string>();
    for (const set of this.byFull.values()) for (const s of set) all.add(s);
    const scored = [...all]
      .map((s) => {
        const f = foldDiacritics(s).toLowerCase();
        // "trotsky" also offers "Leon Trotzky": a name word in any spelling (nameKey) starting as typed.
        const key = nameKey(p);
        const rank = !p ? 1 : f.startsWith(p) ? 0 : nameTokens(s, EVERY_WORD).some((t) => t.startsWith(p) || (key.length >= 3 && nameKey(t).startsWith(key))) ? 1 : f.includes(p) ? 2 : 9;
        return { s, rank };
      })
      .filter((x) => x.rank < 9)
      .sort((a, b) => a.rank - b.rank || a.s.localeCompare(b.s));
    return scored.slice(0, limit).map((x) => x.s);
  }

  private nearest(word: string): Set<string> | null {
    const token = nameKey(word);
    // "Trotskyist", "Leninism": a movement named after someone, not a misspelling of them.
    if (token.length < 5 || MOVEMENT.test(token)) return null;
    const max = token.length >= 8 ? 2 : 1;
    let best: { d: number; set: Set<string> } | null = null;
    for (const { t, set } of this.fuzzy) {
      if (Math.abs(t.length - token.length) > max) continue;
      const d = transposed(token, t) ? 1 : editDistance(token, t, max);
      if (d <= max && (!best || d < best.d)) best = { d, set };
    }
    return best?.set ?? null;
  }
}

/**
 * Whether two words differ by two neighbouring letters swapped ("trotksy"): one slip of the fingers, which
 * editDistance counts as two.
 */
function transposed(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

function matchOf(name: string, speakers: Set<string>, tokensUsed: number): SpeakerMatch {
  const people = peopleOf(speakers);
  return { name, speakers, tokensUsed, others: people.length > 1 ? people : [] };
}

/**
 * The people among speakers sharing a name, each by their fullest name: "Trotsky" and "Leon Trotsky" are one
 * (one's name words hold the other's), "Leon Trotsky" and "Natalia Sedova Trotsky" two.
 */
function peopleOf(speakers: Set<string>): string[] {
  const keyed = [...speakers]
    .map((s) => ({ s, keys: new Set(nameTokens(s, EVERY_WORD).map(nameKey)) }))
    .sort((a, b) => b.keys.size - a.keys.size || a.s.localeCompare(b.s));
  const people: { s: string; keys: Set<string> }[] = [];
  for (const x of keyed) if (!people.some((p) => [...x.keys].every((k) => p.keys.has(k)))) people.push(x);
  return people.map((p) => p.s);
}

function add(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key) ?? new Set<string>();
  set.add(value);
  map.set(key, set);
}

/** The shortest canonical name holding the token, capitalised as in the corpus ("Serge"). */
function displayName(speakers: Set<string>, token: string): string {
  for (const s of speakers) {
    const word = s.split(/\s+/).find((w) => nameKey(w) === nameKey(token));
    if (word) return word;
  }
  return [...speakers].sort((a, b) => a.length - b.length)[0];
}
