/** A Reply as terminal text: what a person would read of the message on Discord. */
import type { Attachment, Reply } from '../seam/reply.js';
import { readable, type MarkupOptions } from './markup.js';

export interface RenderOptions {
  markup: MarkupOptions;
  /** For an ephemeral message: the name of whoever alone sees it ("you" reads as you). */
  shownTo?: string;
  /** The message's number, shown beside its buttons for `/press <message> N`. */
  messageNo?: number;
  /** What to print for an attachment (the console writes it to a file and names the path). */
  attachment?: (a: Attachment) => string;
}

export function renderText(reply: Reply, opts: RenderOptions): string {
  const out: string[] = [];
  if (reply.ephemeral) out.push(`(only ${!opts.shownTo || opts.shownTo === 'you' ? 'you' : `@${opts.shownTo}`} can see this)`);
  if (reply.content) out.push(reply.content);
  for (const e of reply.embeds ?? []) {
    if (e.title) out.push(`== ${e.title} ==`);
    if (e.description) out.push(e.description);
    for (const f of e.fields ?? []) out.push(`${f.name}: ${f.value}`);
    if (e.footer) out.push(`-- ${e.footer}`);
  }
  const text = readable(out.join('\n'), opts.markup);
  const lines = text ? [text] : [];
  const buttons = (reply.buttons ?? []).flat();
  if (buttons.length) {
    const press = opts.messageNo === undefined ? '/press N' : `message ${opts.messageNo}: /press N, or /press ${opts.messageNo} N`;
    lines.push(`${buttons.map((b, i) => `[${i + 1}] ${b.label}${b.disabled ? ' (disabled)' : ''}`).join('   ')}   (${press})`);
  }
  for (const a of reply.attachments ?? []) lines.push(opts.attachment?.(a) ?? `(attachment ${a.name}, ${a.content.length} characters)`);
  return lines.join('\n');
}
