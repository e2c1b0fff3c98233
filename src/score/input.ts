/**
 * Reading what debaters and moderators type about arguments and sources. Pure: each reader returns what it
 * read or a problem identifier, and `problemMessage` says in one place what was wrong and what to do.
 */
import { LIMIT, safeLine } from '../views/safe.js';

/** The largest argument number accepted: no debate has more arguments. */
export const MAX_ARGUMENT_NUMBER = 99_999;
/** The longest `source:` that can be one reference. */
export const MAX_SOURCE_LENGTH = LIMIT.source;

/** What names an argument: its number in a debate ("#3"), or the post that made it (a link or a message id). */
export type ArgumentRef = { number: number } | { messageId: string; channelId: string | null; guildId: string | null };

export type RefProblem = 'ref-empty' | 'ref-unreadable' | 'ref-zero' | 'ref-negative' | 'ref-too-large' | 'ref-bad-message-id';

export type Read<T, P extends string> = { ok: true; value: T } | { ok: false; problem: P; input: string };

const MAX_SNOWFLAKE = 18_446_744_073_709_551_615n;

/** Reads an argument reference: "#3", "3", "argument 3", a message link, or a message id. */
export function readArgumentRef(input: string): Read<ArgumentRef, RefProblem> {
  const s = input.trim();
  const bad = (problem: RefProblem): Read<ArgumentRef, RefProblem> => ({ ok: false, problem, input: s });
  if (!s) return bad('ref-empty');
  const link = /^<?https?:\/\/(?:(?:ptb|canary)\.)?discord(?:app)?\.com\/channels\/(\d+|@me)\/(\d+)\/(\d+)\/?>?$/i.exec(s);
  if (link) {
    if (BigInt(link[3]) > MAX_SNOWFLAKE) return bad('ref-bad-message-id');
    return { ok: true, value: { messageId: link[3], channelId: link[2], guildId: link[1] === '@me' ? null : link[1] } };
  }
  if (/^\d{15,}$/.test(s)) {
    if (s.length > 20 || BigInt(s) > MAX_SNOWFLAKE) return bad('ref-bad-message-id');
    return { ok: true, value: { messageId: s, channelId: null, guildId: null } };
  }
  const n = /^(?:argument\s*)?(#\s*)?([-+−]?)\s*(\d+)$/i.exec(s);
  if (!n) return bad('ref-unreadable');
  if (n[2] && n[2] !== '+') return bad('ref-negative');
  const digits = n[3].replace(/^0+(?=\d)/, '');
  if (digits.length > String(MAX_ARGUMENT_NUMBER).length || Number(digits) > MAX_ARGUMENT_NUMBER) return bad('ref-too-large');
  const number = Number(digits);
  if (number === 0) return bad('ref-zero');
  return { ok: true, value: { number } };
}

export type SourceProblem = 'source-too-long' | 'source-no-words' | 'source-noise' | 'source-not-a-reference' | 'source-unknown-quotation' | 'source-short-quotation-id';

/** A corpus quotation (or passage) id: "doc#q12", "doc#p3", "doc#post2", "doc#note4" (or "doc:q1", as test corpora write them). */
const QUOTATION_ID = /^[\p{L}\p{N}][\p{L}\p{N}._-]*(?:#|:)(?:q|p|qp|post|note)\d+$/u;
/** A quotation id without its text: "#q12", "q12". */
const SHORT_QUOTATION_ID = /^#?(?:q|p|post|note)\d+$/i;

/** The quotation id a source names: the whole source ("doc#q1") or a trailing "[doc#q1]" (as "Use as argument" writes it). */
export function quotationIdOf(source: string | null | undefined): { id: string; rest: string } | null {
  const s = (source ?? '').trim();
  if (!s) return null;
  const tail = /\[([^\s[\]]+)\]\s*$/.exec(s);
  if (tail && QUOTATION_ID.test(tail[1]) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(tail[1])) return { id: tail[1], rest: s.slice(0, tail.index).trim() };
  if (QUOTATION_ID.test(s) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) return { id: s, rest: '' };
  return null;
}

const LINK = /\bhttps?:\/\/[^\s<>]+/i;
const DOI = /\b10\.\d{4,9}\/\S+/;
const ISBN = /\bISBN(?:-1[03])?:?\s*[\d-]{10,17}[\dX]\b/i;
const SCHOLARLY = /\b(?:ibid|op\.?\s*cit|loc\.?\s*cit)\b/i;

/** Words that do not make a reference by being capitalised (a sentence's first word, "I"). */
const NOT_NAMES = new Set(
  ('i a an the it its this that these those my me mine our we us you your he she they them his her their because and or but so as ' +
    'in on of to for with by from at see also trust everyone everybody nobody anyone somebody someone just source sources ' +
    'look read google yes no not well obviously clearly common fact facts everything nothing history here there what why how')
    .split(' '),
);
/** Sources that name no work: "common knowledge", "trust me". */
const NON_SOURCES = /^(?:it'?s\s+)?(?:common\s+(?:knowledge|sense)|obvious(?:ly)?|everyone\s+knows|every\s*body\s+knows|trust\s+me(?:\s+bro)?|because\s+i\s+(?:say|said)\s+so|look\s+it\s+up|google\s+it|me|myself|i\s+did|my\s+(?:own\s+)?(?:research|opinion|memory|brain|head)|source\s*:?\s*me|history|facts?|the\s+facts?|the\s+internet|internet|reality)[.!]*$/i;

/** Whether a word looks like language rather than keyboard noise: a vowel, no long runs of one letter, not absurdly long. */
function wordlike(w: string): boolean {
  if (w.length > 30) return false;
  if (/(.)\1\1\1/iu.test(w)) return false;
  // Scripts without Latin vowels (Cyrillic, Greek, CJK…) count as words.
  if (!/[a-z]/i.test(w)) return true;
  return /[aeiouyàáâãäåæèéêëìíîïòóôõöøœùúûüýÿ]/i.test(w) && !/[bcdfghjklmnpqrstvwxz]{6,}/i.test(w);
}

/**
 * Why a `source:` cannot count as a source, or null when it reads as one: a link, a DOI or ISBN, a quotation
 * id, or a reference naming an author or a work ("Memoirs of a Revolutionary, 225", "Deutscher, The Prophet
 * Armed, p. 12", "ibid."). Refused: longer than one reference, no words (only punctuation or digits), keyboard
 * noise, and phrases that name no work ("common knowledge"). A quotation id is checked separately (it must exist).
 */
export function sourceProblem(raw: string): SourceProblem | null {
  const s = raw.trim();
  if (!s) return null;
  if (s.length > MAX_SOURCE_LENGTH) return 'source-too-long';
  if (LINK.test(s) || DOI.test(s) || ISBN.test(s) || quotationIdOf(s)) return null;
  if (SHORT_QUOTATION_ID.test(s)) return 'source-short-quotation-id';
  if (!/\p{L}/u.test(s)) return 'source-no-words';
  const words = s.split(/[^\p{L}\p{M}'’-]+/u).map((w) => w.replace(/^['’-]+|['’-]+$/g, '')).filter((w) => /\p{L}/u.test(w));
  const symbols = [...s].filter((c) => !/[\p{L}\p{M}\p{N}\s.,;:()[\]'"’‘“”«»\-–—/&?!#§¶]/u.test(c)).length;
  if (symbols > s.length * 0.2) return 'source-noise';
  const longWords = words.filter((w) => w.length >= 3);
  if (longWords.length > 0 && longWords.filter((w) => !wordlike(w)).length / longWords.length >= 0.4) return 'source-noise';
  if (NON_SOURCES.test(s)) return 'source-not-a-reference';
  if (SCHOLARLY.test(s)) return null;
  const named = words.some((w) => /^\p{Lu}/u.test(w) && w.length >= 2 && !NOT_NAMES.has(w.toLowerCase()));
  return named ? null : 'source-not-a-reference';
}

/** Whether a source counts: non-empty and reading as a reference or link. */
export const readsAsSource = (s: string | null | undefined): boolean => !!s?.trim() && sourceProblem(s) === null;

/** Reads a `source:` as typed: null for none; a problem when it cannot count, or names a quotation the corpus lacks. */
export function readSource(raw: string | null | undefined, quotationExists: (id: string) => boolean): Read<string | null, SourceProblem> {
  const s = (raw ?? '').trim();
  if (!s) return { ok: true, value: null };
  const problem = sourceProblem(s);
  if (problem) return { ok: false, problem, input: s };
  const id = quotationIdOf(s);
  if (id && !quotationExists(id.id)) return { ok: false, problem: 'source-unknown-quotation', input: id.id };
  return { ok: true, value: s };
}

const HOW_TO_NAME = 'Give its number as shown under it (#3) in the debate\'s thread, or its message link (Copy Message Link).';
const HOW_TO_SOURCE = 'Give a link (https://…), a reference (author, title, page: "Serge, Memoirs of a Revolutionary, 225"), or a quotation id from /quote\'s "Use as argument".';

/** What was wrong and what to do, for every problem a reader can report. `input` is shown safely. */
export function problemMessage(problem: RefProblem | SourceProblem, input: string): string {
  const shown = `“${safeLine(input, LIMIT.echo)}”`;
  switch (problem) {
    case 'ref-empty':
      return `Say which argument. ${HOW_TO_NAME}`;
    case 'ref-unreadable':
      return `I cannot read ${shown} as an argument. ${HOW_TO_NAME}`;
    case 'ref-zero':
      return `There is no argument #0: arguments are numbered from #1 in each debate. ${HOW_TO_NAME}`;
    case 'ref-negative':
      return `${shown} is not an argument number: numbers are whole numbers from #1. ${HOW_TO_NAME}`;
    case 'ref-too-large':
      return `${shown} is larger than any argument number (no debate has more than ${MAX_ARGUMENT_NUMBER.toLocaleString('en')} arguments). ${HOW_TO_NAME}`;
    case 'ref-bad-message-id':
      return `${shown} is not a Discord message id. ${HOW_TO_NAME}`;
    case 'source-too-long':
      return `That source is ${input.length.toLocaleString('en')} characters long: one reference is at most ${MAX_SOURCE_LENGTH}. ${HOW_TO_SOURCE} Nothing was recorded.`;
    case 'source-no-words':
      return `The source ${shown} has no words, only punctuation or numbers. ${HOW_TO_SOURCE} Nothing was recorded.`;
    case 'source-noise':
      return `The source ${shown} does not read as a reference. ${HOW_TO_SOURCE} Nothing was recorded.`;
    case 'source-not-a-reference':
      return `The source ${shown} names no author, work or link. ${HOW_TO_SOURCE} Nothing was recorded.`;
    case 'source-unknown-quotation':
      return `There is no quotation ${shown} in the corpus. Find one with /quote and press "Use as argument", or give a link or a reference (author, title, page). Nothing was recorded.`;
    case 'source-short-quotation-id':
      return `${shown} is not a whole quotation id: ids name their text too, like “mckay-bureaucracy-in-exile#q153”, as "Use as argument" writes them. Find the quotation with /quote, or give a link or a reference (author, title, page). Nothing was recorded.`;
  }
}
