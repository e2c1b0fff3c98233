/**
 * The best words of a long passage: the stretch of at most `max` characters holding the most of the query's
 * words (the most different words, then the most of them), widened to the room there is and cut at sentence or
 * word boundaries. What /quote shows of a long result, and what "Use as argument" then quotes.
 */
import { keyedWords } from './positions.js';

/** Where the shown words stand in the text: [start, end) in UTF-16 units. */
export interface TextWindow {
  start: number;
  end: number;
}

/** The window of `text` to show for a query with these keys: the whole text when it fits in `max`. */
export function bestWindow(text: string, keys: readonly string[], max: number): TextWindow {
  if (text.length <= max) return { start: 0, end: text.length };
  const wanted = new Set(keys);
  const hits = keyedWords(text).filter((w) => wanted.has(w.key));
  // The stretch of matched words that fits and holds the most different words, then the most words.
  let from = 0;
  let to = 0;
  let best = -1;
  for (let i = 0; i < hits.length; i++) {
    const seen = new Set<string>();
    for (let j = i; j < hits.length && hits[j].end - hits[i].start <= max; j++) {
      seen.add(hits[j].key);
      const score = seen.size * 1000 + (j - i + 1);
      if (score > best) ((best = score), (from = hits[i].start), (to = hits[j].end));
    }
  }
  if (best < 0) return cutEnd(text, 0, max);
  // Widen to the room there is: from the start of the sentence the words stand in, when it fits.
  const sentence = sentenceStart(text, from);
  let start = to - sentence <= max * 0.8 ? sentence : wordStart(text, Math.max(0, from - Math.floor((max - (to - from)) / 3)));
  if (start > from) start = from;
  return cutEnd(text, start, max);
}

/** A window from `start`, as long as `max` allows, ending after a sentence or a word where it can. */
function cutEnd(text: string, start: number, max: number): TextWindow {
  let end = Math.min(text.length, start + max);
  if (end < text.length) {
    const part = text.slice(start, end);
    const stop = Math.max(part.lastIndexOf('. '), part.lastIndexOf('? '), part.lastIndexOf('! '));
    const space = part.lastIndexOf(' ');
    if (stop > part.length * 0.6) end = start + stop + 1;
    else if (space > 0) end = start + space;
  }
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}

/** Where the sentence holding `at` starts (after ". ", "? ", "! " or a line break), or the text's start. */
function sentenceStart(text: string, at: number): number {
  for (let i = at - 1; i > 0; i--) {
    if (text[i] === '\n' || (/\s/.test(text[i]) && /[.?!]["”’)]?$/.test(text.slice(Math.max(0, i - 2), i)))) return i + 1;
  }
  return 0;
}

/** The start of the word at or after `at`. */
function wordStart(text: string, at: number): number {
  if (at <= 0) return 0;
  if (/\s/.test(text[at - 1])) return at;
  const space = text.indexOf(' ', at);
  return space < 0 ? at : space + 1;
}

/** The words a window shows, with an ellipsis where the passage goes on. */
export function windowText(text: string, w: TextWindow): string {
  const words = text.slice(w.start, w.end).trim();
  return `${w.start > 0 ? '…' : ''}${words}${w.end < text.length ? '…' : ''}`;
}

/** Whether a window (from a button's custom id) fits the text and the room: what a press must check. */
export function isWindowOf(text: string, w: TextWindow, max: number): boolean {
  return Number.isInteger(w.start) && Number.isInteger(w.end) && w.start >= 0 && w.start < w.end && w.end <= text.length && w.end - w.start <= max;
}
