/** How a recorded argument is announced in the debate channel (by /argue and by "Use as argument"). */
import type { Reply } from '../command.js';
import { sideName, type Outcome } from '../core/debate/state.js';
import { safeText } from './safe.js';

export function argumentReply(out: Extract<Outcome, { ok: true }>): Reply {
  const e = out.events.find((ev) => ev.type === 'argument');
  if (!e || e.type !== 'argument') return { ephemeral: true, content: 'Recorded.' };
  const turn = out.state.turns[e.index];
  return {
    // The debater's words, shown back: never a ping, never a clickable unsafe link, within Discord's 2,000.
    content: `**${safeText(e.name, 80)}** (${sideName(out.state, e.sideId)}, ${turn.role}): ${safeText(e.text, 1500)}${e.source ? `\n— Source: ${safeText(e.source, 300)}` : ''}`,
  };
}
