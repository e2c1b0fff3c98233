/// <reference lib="es2024.string" />
/**
 * The one safe-text path: text from the corpus or from users, made safe to show — no pings, no markdown
 * breakage, no disguised or unsafe links — and clipped to a length counted in graphemes (what a reader sees as
 * one character), never cutting an emoji or an accented letter in half. Every length a view clips to is in
 * LIMIT, defined once. Clipping and the mention rule are core's (src/core/text.ts), shared with the checker.
 */
import { clip, noPings } from '../core/text.js';
import type { Form, FormField } from '../seam/reply.js';

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
  /** A search as typed, shown above its results. */
  query: 100,
  /** A line shown as an embed's title: a motion (Discord allows 256 characters). */
  heading: 250,
  /** A debate thread's name (Discord allows 100 characters; the motion card gives the whole motion). */
  threadName: 90,
  /** A refusal or confirmation composed elsewhere (a core refusal echoing what someone typed). */
  message: 1500,
} as const;

/**
 * Characters that only hide or disguise text: C0 and C1 controls (a tab and a line break stay) and the bidi
 * embeddings, overrides and isolates (U+202E shows "exe.txt" as "txt.exe").
 */
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Well-formed, one kind of line break, and no control or bidi override characters. */
export function withoutControls(s: string): string {
  return s.toWellFormed().replace(/\r\n?|[\u2028\u2029]/g, '\n').replace(CONTROLS, '');
}

/** Markdown block quote of possibly multi-line text. */
export function blockQuote(s: string): string {
  return s
    .split(/\n+/)
    .map((l) => `> ${l}`)
    .join('\n');
}

export const UNSAFE_SCHEME = /\b(javascript|data|vbscript|file|blob)(\s*):/gi;

/** "](" with anything invisible between: where Markdown makes "[text](url)" a link named text. */
const MASKED_LINK = /\]([\s\u200b-\u200d\u2060\ufeff]*)\(/g;
/** The same, except before a link to a Discord message (the bot's own "[message](…)" jump links). */
const MASKED_LINK_NOT_TO_A_MESSAGE = /\]([\s\u200b-\u200d\u2060\ufeff]*)\((?!https:\/\/discord\.com\/channels\/[\w-]+\/[\w-]+\/[\w-]+\))/g;

/**
 * Breaks masked links: "[text](url)" shows as typed, its bare url visible, instead of a link disguised as
 * `text`. An escaped bracket ("\(") reads the same and no Markdown parser takes it for a link. With
 * `keepMessageLinks`, links to a Discord message are left (the render's last net keeps the bot's jump links).
 */
export function noMaskedLinks(s: string, opts: { keepMessageLinks?: boolean } = {}): string {
  return s.replace(opts.keepMessageLinks ? MASKED_LINK_NOT_TO_A_MESSAGE : MASKED_LINK, ']$1\\(');
}

/**
 * Markup that would take over the message around the text, escaped so that it reads as typed: masked links, code
 * fences (which swallow everything after them), and at a line's start headings, subtext ("-# ", which could pass
 * for the bot's own verdict line) and ">>> " (which quotes the rest of the message). Emphasis and inline code
 * stay: they cannot reach past the text's own lines in a way that hides the bot's.
 */
function noTakeover(s: string): string {
  return noMaskedLinks(s)
    .replace(UNSAFE_SCHEME, '$1$2\u200b:')
    .replace(/`{3,}/g, (m) => m.replace(/`/g, '\\`'))
    .replace(/^([ \t]*)(#{1,3}[ \t]|-#[ \t]|>>>(?:[ \t]|$))/gm, '$1\\$2');
}

/**
 * User or corpus text made safe to show inside Markdown: well-formed, no control or bidi override characters,
 * no pings, no clickable unsafe scheme (a zero-width space breaks "javascript:"), no masked links, no markup
 * taking over the message; clipped to `max` graphemes (last, so that the escapes count too).
 */
export function safeText(s: string, max: number): string {
  return clip(noTakeover(noPings(withoutControls(s).trim())), max);
}

/** Text safe on one line: as safeText, with line breaks and runs of spaces folded to one space. */
export function safeLine(s: string, max: number): string {
  return clip(noTakeover(noPings(withoutControls(s).replace(/\s+/g, ' ').trim())), max);
}

/**
 * A whole message composed elsewhere around what people typed — a core refusal naming a side or a speaker, a
 * confirmation — made safe as safeText is, keeping the channel links it gives; clipped to LIMIT.message.
 */
export function safeMessage(s: string): string {
  return clip(noTakeover(noPings(withoutControls(s).trim(), { keepChannelLinks: true })), LIMIT.message);
}

/**
 * A name where Discord shows text as it is, without Markdown or mentions — a thread's name, a button's label:
 * one line, no control or bidi override characters, clipped to `max` graphemes.
 */
export function plainLine(s: string, max: number): string {
  return clip(withoutControls(s).replace(/\s+/g, ' ').trim(), max);
}

/** A safe (http/https) link, shown without a preview; anything else is shown as inert code. */
export function safeLink(url: string): string {
  const u = withoutControls(url).trim();
  if (/^https?:\/\/[^\s<>]+$/i.test(u) && u.length <= LIMIT.source && !/\][\u200b-\u200d\u2060\ufeff]*\(/.test(u)) return `<${noPings(u)}>`;
  return inertLink(u);
}

/** An unsafe link, shown as code and defanged so that it cannot be clicked or copied as a working link. */
export function inertLink(url: string): string {
  const shown = noMaskedLinks(clip(withoutControls(url), LIMIT.inertLink).replace(/`/g, 'ˋ').replace(/\s+/g, ' ')).replace(UNSAFE_SCHEME, '$1$2\u200b:');
  return `\`${noPings(shown)}\``;
}

/** Discord's limits for a form (a modal), in UTF-16 units as Discord counts them. */
export const FORM_LIMIT = {
  title: 45,
  customId: 100,
  fields: 5,
  label: 45,
  placeholder: 100,
  /** The most a field may hold, and so its largest maxLength and pre-filled value. */
  value: 4000,
} as const;

/** A form's title, label or placeholder: Discord shows it as typed, so one line, no controls, no pings; never blank. */
function formLine(s: string, max: number): string {
  return clip(noPings(withoutControls(s).replace(/\s+/g, ' ').trim()), max, 'utf16') || '…';
}

/** A length Discord accepts: a whole number from `min` to FORM_LIMIT.value, or none. */
function formLength(n: number | undefined, min: number): number | undefined {
  return n === undefined || !Number.isFinite(n) ? undefined : Math.min(FORM_LIMIT.value, Math.max(min, Math.floor(n)));
}

/**
 * A form as both front ends show it, within Discord's limits: title, labels and placeholders one clipped line
 * without pings; at most five fields with distinct, non-empty ids; lengths whole numbers with min ≤ max; a
 * line's pre-filled value on one line; every value cut to its field's maximum. A field's value is the member's
 * own text to edit, so it is kept as written otherwise (a text box cannot ping). Throws on a form with no field:
 * Discord cannot show one, and that is a bug in whatever built it.
 */
export function safeForm(form: Form): Form {
  const ids = new Set<string>();
  const fields: FormField[] = [];
  for (const f of form.fields) {
    const id = clip(withoutControls(f.id), FORM_LIMIT.customId, 'utf16');
    if (!id || ids.has(id)) continue;
    ids.add(id);
    const style = f.style === 'paragraph' ? 'paragraph' : 'line';
    const maxLength = formLength(f.maxLength, 1);
    const minLength = formLength(f.minLength, 0);
    const field: FormField = { id, label: formLine(f.label, FORM_LIMIT.label), style, required: f.required !== false };
    if (minLength !== undefined) field.minLength = Math.min(minLength, maxLength ?? FORM_LIMIT.value);
    if (maxLength !== undefined) field.maxLength = maxLength;
    if (f.placeholder?.trim()) field.placeholder = formLine(f.placeholder, FORM_LIMIT.placeholder);
    if (f.value) {
      const value = style === 'line' ? withoutControls(f.value).replace(/\n+/g, ' ') : withoutControls(f.value);
      field.value = clip(value, maxLength ?? FORM_LIMIT.value, 'utf16');
    }
    fields.push(field);
    if (fields.length === FORM_LIMIT.fields) break;
  }
  if (fields.length === 0) throw new Error(`form ${JSON.stringify(form.customId.slice(0, 100))} has no field to show: a form needs one to five`);
  return { customId: clip(form.customId.toWellFormed(), FORM_LIMIT.customId, 'utf16') || '…', title: formLine(form.title, FORM_LIMIT.title), fields };
}
