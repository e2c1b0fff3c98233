/** A Reply as terminal text. */
import type { Reply } from '../seam/reply.js';

export function renderText(reply: Reply): string {
  const out: string[] = [];
  if (reply.ephemeral) out.push('(only you can see this)');
  if (reply.content) out.push(reply.content);
  for (const e of reply.embeds ?? []) {
    if (e.title) out.push(`== ${e.title} ==`);
    if (e.description) out.push(e.description);
    for (const f of e.fields ?? []) out.push(`${f.name}: ${f.value}`);
    if (e.footer) out.push(`-- ${e.footer}`);
  }
  const buttons = (reply.buttons ?? []).flat();
  if (buttons.length) out.push(buttons.map((b, i) => `[${i + 1}] ${b.label}${b.disabled ? ' (disabled)' : ''}`).join('   ') + '   (type /press N)');
  for (const a of reply.attachments ?? []) out.push(`(attachment ${a.name}, ${a.content.length} characters)`);
  // Mentions as a terminal shows them: <@console:alice> → @alice, <#thread-1> → #thread-1.
  return out.join('\n').replace(/<@console:([^>]+)>/g, '@$1').replace(/<#([^>]+)>/g, '#$1');
}
