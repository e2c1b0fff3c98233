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
