/** Text from the corpus or from users, made safe to show: no pings, no markdown breakage, bounded length. */

/** Neutralises @everyone, @here and <@…>/<@&…>/<#…> mentions with a zero-width space. */
export function noPings(s: string): string {
  return s.replace(/@(everyone|here)/gi, '@\u200b$1').replace(/<(@[!&]?|#)(\d+)>/g, '<\u200b$1$2>');
}

/** Shortens to max characters on a word boundary, with an ellipsis. */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
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
 * space breaks "javascript:"), no masked links, no code fences breaking out; clipped to `max` characters.
 */
export function safeText(s: string, max: number): string {
  return noPings(clip(s.trim(), max))
    .replace(UNSAFE_SCHEME, '$1$2\u200b:')
    .replace(/\]\s*\(/g, ']\u200b(')
    .replace(/```/g, '`\u200b`\u200b`');
}
