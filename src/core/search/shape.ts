/**
 * What a query asks, beyond its words: the phrases it quotes (required as phrases), whether it is a question or
 * a motion (whose helper words are not what it is about), and its words in order (for phrase and proximity).
 */
import { keyedWords } from './positions.js';

export interface QueryShape {
  /** The words the engines rank by: a question's helper words left out. */
  words: string;
  /** Its keys in order, each once. */
  keys: string[];
  /** Its words as typed (normalised), each once: a unit holding the very word beats one holding a cousin. */
  exact: string[];
  /** Quoted phrases of two words or more, as keys: a unit must hold each, side by side and in order. */
  phrases: string[][];
  /** A question or motion in plain words ("would a trotskyist ussr have been better"). */
  question: boolean;
}

const QUOTED = /["“”„«»]([^"“”„«»]+)["“”„«»]/g;

/** How a question or a motion opens. */
const OPENERS = /^(?:would|should|could|was|were|did|is|are|does|do|can|will|why|how|what|who|which|whether|had|has|have|if|this house)\b/i;

/**
 * Words that frame a question or a motion rather than say what it is about: left out of one (when two words or
 * more remain), so that passages are not ranked for sharing them.
 */
const FRAMING = new Set(
  ('been being would could should might must can may shall will have has had do does did is are was were house ' +
    'believes believe regrets think really actually ever whether rather instead')
    .split(' '),
);

/** Fewest words a question keeps after its framing words go: fewer, and it is read as typed. */
const QUESTION_MIN_WORDS = 2;

/** The shape of the words of a query (after any speaker's name). */
export function shapeOf(words: string): QueryShape {
  const phrases: string[][] = [];
  for (const m of words.matchAll(QUOTED)) {
    const keys = keyedWords(m[1]).map((w) => w.key);
    if (keys.length >= 2) phrases.push(keys);
  }
  let kept = keyedWords(words);
  const question = /\?\s*$/.test(words) || OPENERS.test(words.trim());
  let ranked = words;
  if (question) {
    const content = kept.filter((w) => !FRAMING.has(w.word));
    if (content.length >= QUESTION_MIN_WORDS && content.length < kept.length) {
      kept = content;
      ranked = content.map((w) => words.slice(w.start, w.end)).join(' ');
    }
  }
  return {
    words: ranked,
    keys: [...new Set(kept.map((w) => w.key))],
    exact: [...new Set(kept.map((w) => w.word))],
    phrases,
    question,
  };
}
