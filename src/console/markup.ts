/**
 * Discord markup as a person reads it in Discord: timestamps `<t:…:style>` as local time text (relative ones
 * against the injected clock), `<@id>` as @name, `<#id>` as #name, spoilers `||x||` as their text. Code spans
 * and blocks are left as typed, as Discord leaves them.
 */

export interface MarkupOptions {
  /** Milliseconds since the epoch, for relative timestamps ("in 2 minutes"). */
  now: () => number;
  /** The time zone times are shown in (the system's when absent). */
  timeZone?: string;
  /** The locale dates are written in (the system's when absent). */
  locale?: string;
  /** A user's name by id, when known. */
  nameOf?: (userId: string) => string | undefined;
}

const STYLES: Record<string, Intl.DateTimeFormatOptions> = {
  t: { timeStyle: 'short' },
  T: { timeStyle: 'medium' },
  d: { dateStyle: 'short' },
  D: { dateStyle: 'long' },
  f: { dateStyle: 'long', timeStyle: 'short' },
  F: { dateStyle: 'full', timeStyle: 'short' },
};

const UNITS: [Intl.RelativeTimeFormatUnit, number, number][] = [
  // unit, its length in seconds, up to (seconds) where the next unit takes over
  ['second', 1, 45],
  ['minute', 60, 45 * 60],
  ['hour', 3600, 22 * 3600],
  ['day', 86_400, 26 * 86_400],
  ['month', 30 * 86_400, 320 * 86_400],
  ['year', 365 * 86_400, Infinity],
];

/** "in 2 minutes", "5 seconds ago": Discord's `R` style. */
export function relativeTime(atMs: number, nowMs: number, locale?: string): string {
  const seconds = (atMs - nowMs) / 1000;
  const [unit, size] = UNITS.find(([, , upTo]) => Math.abs(seconds) < upTo)!;
  return new Intl.RelativeTimeFormat(locale, { numeric: 'always' }).format(Math.round(seconds / size), unit);
}

function timestamp(seconds: number, style: string | undefined, opts: MarkupOptions): string {
  const ms = seconds * 1000;
  if (style === 'R') return relativeTime(ms, opts.now(), opts.locale);
  const format = STYLES[style ?? 'f'] ?? STYLES.f;
  return new Intl.DateTimeFormat(opts.locale, { ...format, timeZone: opts.timeZone }).format(new Date(ms));
}

/** The user's name: a console id is `console:<name>`. */
const userName = (id: string, opts: MarkupOptions): string => opts.nameOf?.(id) ?? (id.startsWith('console:') ? id.slice(8) : id);

function readableProse(text: string, opts: MarkupOptions): string {
  return text
    .replace(/<t:(-?\d{1,13})(?::([tTdDfFR]))?>/g, (_m, s: string, style?: string) => timestamp(Number(s), style, opts))
    .replace(/<@!?([^\s<>&][^\s<>]*)>/g, (_m, id: string) => `@${userName(id, opts)}`)
    .replace(/<#([^\s<>]+)>/g, '#$1')
    .replace(/\|\|([\s\S]+?)\|\|/g, '$1');
}

/** Text with its markup as Discord shows it; code blocks and inline code stay as typed. */
export function readable(text: string, opts: MarkupOptions): string {
  // Odd pieces are code (``` blocks first, then `spans`): Discord renders nothing inside them.
  return text
    .split(/(```[\s\S]*?```|`[^`\n]+`)/)
    .map((piece, i) => (i % 2 === 1 ? piece : readableProse(piece, opts)))
    .join('');
}
