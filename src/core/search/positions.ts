/**
 * A text's words as search reads them, in order and where they stand: what phrase, proximity and window rules
 * look at (the indexes keep no positions; a unit's reading, below, keeps them for the rerank).
 */
import { processTerm, termOf, tokenize, type Term } from './terms.js';

/** A word that counts for search: its key (its family), the word itself (normalised), and its characters. */
export interface KeyedWord {
  key: string;
  word: string;
  start: number;
  end: number;
}

/** The words of a text that search counts (stop words and noise left out), with their character offsets. */
export function keyedWords(text: string): KeyedWord[] {
  const out: KeyedWord[] = [];
  let at = 0;
  for (const raw of tokenize(text)) {
    const start = text.indexOf(raw, at);
    at = start + raw.length;
    const t = termOf(raw);
    if (t) out.push({ key: t.key, word: t.word, start, end: at });
  }
  return out;
}

/** The keys of a text, in order. */
export function keysOf(text: string): string[] {
  const out: string[] = [];
  for (const raw of tokenize(text)) {
    const key = processTerm(raw);
    if (key) out.push(key);
  }
  return out;
}

/** Whether `run` stands in `keys` whole, its keys side by side and in order. */
export function holdsRun(keys: readonly string[], run: readonly string[]): boolean {
  if (!run.length) return true;
  outer: for (let i = 0; i + run.length <= keys.length; i++) {
    for (let j = 0; j < run.length; j++) if (keys[i + j] !== run[j]) continue outer;
    return true;
  }
  return false;
}

/** A whole sentence, capital to full stop ("In the bureaucracy he sees the manager…"), not a piece cut from one. */
export function isWholeSentence(text: string): boolean {
  const t = text.trim();
  return /^["“‘'(]?\p{Lu}/u.test(t) && /[.!?…]["”’')]*$/u.test(t);
}

/**
 * What the rerank reads of a unit's words, written once per unit (FTS5: at build time, into the file; MiniSearch:
 * when the unit is first reranked), so that a search never splits a long passage into words again: how many
 * keyed words it has (keyedWords'), whether it is a whole sentence, and where each key stands, per word as
 * written. One line: "42." (42 keyed words, a whole sentence; without the dot, not), then " key=3,17" (the word
 * is its key) or " key:word=5" for each. Keys and words are letters and digits only (terms.ts), so the
 * separators never stand in them.
 */
export class ReadingWriter {
  private groups = new Map<string, number[]>();
  private count = 0;

  /** The text's next keyed word. */
  add(t: Term): void {
    const g = t.word === t.key ? t.key : `${t.key}:${t.word}`;
    const at = this.groups.get(g);
    if (at) at.push(this.count);
    else this.groups.set(g, [this.count]);
    this.count++;
  }

  /** The reading, once every keyed word of `text` has been added. */
  done(text: string): string {
    let out = `${this.count}${isWholeSentence(text) ? '.' : ''}`;
    for (const [g, at] of this.groups) out += ` ${g}=${at.join(',')}`;
    return out;
  }
}

/** A text's reading (ReadingWriter). */
export function readingOf(text: string): string {
  const w = new ReadingWriter();
  for (const raw of tokenize(text)) {
    const t = termOf(raw);
    if (t) w.add(t);
  }
  return w.done(text);
}

/** What a reading says of a unit for a query's keys. */
export interface KeyHits {
  /** Its keyed words. */
  count: number;
  whole: boolean;
  /** Per query key (same index), where it stands (ascending), or null when the unit lacks it. */
  at: (number[] | null)[];
  /** The query's words as written that the unit holds (normalised): for the very word over its cousins. */
  words: string[];
}

/** Where a reading (readingOf) holds each of `keys`. */
export function keyHits(reading: string, keys: readonly string[]): KeyHits {
  let i = 0;
  let count = 0;
  for (let c = reading.charCodeAt(0); c >= 48 && c <= 57; c = reading.charCodeAt(++i)) count = count * 10 + c - 48;
  const whole = reading.charCodeAt(i) === 46;
  const at: (number[] | null)[] = [];
  const words: string[] = [];
  for (const k of keys) {
    let list: number[] | null = null;
    let groups = 0;
    for (let from = i; ; ) {
      const j = reading.indexOf(k, from);
      if (j < 0) break;
      from = j + k.length;
      // Only a whole key: a space before, "=" or ":" after.
      if (reading.charCodeAt(j - 1) !== 32) continue;
      let eq = from;
      const after = reading.charCodeAt(from);
      if (after === 58) {
        eq = reading.indexOf('=', from);
        words.push(reading.slice(from + 1, eq));
      } else if (after === 61) words.push(k);
      else continue;
      list ??= [];
      groups++;
      let n = 0;
      for (let x = eq + 1; x <= reading.length; x++) {
        const c = reading.charCodeAt(x);
        if (c >= 48 && c <= 57) n = n * 10 + c - 48;
        else {
          list.push(n);
          n = 0;
          if (c !== 44) {
            from = x;
            break;
          }
        }
      }
    }
    if (list && groups > 1) list.sort((a, b) => a - b);
    at.push(list);
  }
  return { count, whole, at, words };
}
