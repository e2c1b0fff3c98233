/**
 * The one safe-text path: text from the corpus or from users, made safe to show — no pings, no markdown
 * breakage, no disguised or unsafe links — and clipped to a length counted in graphemes (what a reader sees as
 * one character), never cutting an emoji or an accented letter in half. Every length a view clips to is in
 * LIMIT, defined once.
 */

/** How long each kind of text may be where it is shown, in graphemes. */
export const LIMIT = {
  /** A person's display name. */
  name: 60,
  /** An argument's words in its announcement. */
  argument: 1500,
  /** An argument's words when it is named in a line: argument #3 (Ann: “…”). */
  argumentExcerpt: 80,
  /** A source or a reference as given. */
  source: 300,
  /** A moderator's reason, as stored and as shown. */
  reason: 500,
  /** Why an accusation was made. */
  explanation: 400,
  /** A text's title. */
  title: 120,
  /** A location in a text (§ 2, ¶ 3). */
  location: 40,
  /** A speaker's name from the corpus. */
  speaker: 80,
  /** A link shown as inert text. */
  inertLink: 100,
  /** What someone typed, echoed in a refusal. */
  echo: 60,
} as const;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The number of graphemes in `s`. */
export function graphemeLength(s: string): number {
  let n = 0;
  for (const _ of graphemes.segment(s)) n++;
  return n;
}

/** Shortens to `max` graphemes on a word boundary where one is near, with an ellipsis. */
export function clip(s: string, max: number): string {
  // A string no longer than max UTF-16 units has no more than max graphemes.
  if (s.length <= max) return s;
  const parts: string[] = [];
  for (const { segment } of graphemes.segment(s)) {
    parts.push(segment);
    if (parts.length > max) break;
  }
  if (parts.length <= max) return s;
  const cut = parts.slice(0, Math.max(0, max - 1)).join('');
  const space = cut.lastIndexOf(' ');
  return `${space > cut.length * 0.6 ? cut.slice(0, space) : cut}…`;
}

/** Neutralises @everyone, @here and <@…>/<@&…>/<#…> mentions with a zero-width space. */
export function noPings(s: string): string {
  return s.replace(/@(everyone|here)/gi, '@\u200b$1').replace(/<(@[!&]?|#)(\d+)>/g, '<\u200b$1$2>');
}

/** Markdown block quote of possibly multi-line text. */
export function blockQuote(s: string): string {
  return s
    .split(/\n+/)
    .map((l) => `> ${l}`)
    .join('\n');
}

export const UNSAFE_SCHEME = /\b(javascript|data|vbscript|file|blob)(\s*):/gi;

/**
 * User or corpus text made safe to show inside Markdown: no pings, no clickable unsafe scheme (a zero-width
 * space breaks "javascript:"), no masked links, no code fences breaking out; clipped to `max` graphemes.
 */
export function safeText(s: string, max: number): string {
  return noPings(clip(s.trim(), max))
    .replace(UNSAFE_SCHEME, '$1$2\u200b:')
    .replace(/\]\s*\(/g, ']\u200b(')
    .replace(/```/g, '`\u200b`\u200b`');
}

/** Text safe on one line: as safeText, with line breaks and runs of spaces folded to one space. */
export function safeLine(s: string, max: number): string {
  return safeText(s.replace(/\s+/g, ' '), max);
}

/** A safe (http/https) link, shown without a preview; anything else is shown as inert code. */
export function safeLink(url: string): string {
  const u = url.trim();
  if (/^https?:\/\/[^\s<>]+$/i.test(u) && u.length <= LIMIT.source) return `<${noPings(u)}>`;
  return inertLink(u);
}

/** An unsafe link, shown as code and defanged so that it cannot be clicked or copied as a working link. */
export function inertLink(url: string): string {
  const shown = clip(url, LIMIT.inertLink).replace(/`/g, 'ˋ').replace(/\n/g, ' ').replace(UNSAFE_SCHEME, '$1$2\u200b:');
  return `\`${noPings(shown)}\``;
}
