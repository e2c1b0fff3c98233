/** How a recorded argument is announced in the debate channel (by /argue and by "Use as argument"). */
import type { Reply } from '../command.js';
import { sideName, type Outcome } from '../core/debate/state.js';

export function argumentReply(out: Extract<Outcome, { ok: true }>): Reply {
  const e = out.events.find((ev) => ev.type === 'argument');
  if (!e || e.type !== 'argument') return { ephemeral: true, content: 'Recorded.' };
  const turn = out.state.turns[e.index];
  return {
    content: `**${e.name}** (${sideName(out.state, e.sideId)}, ${turn.role}): ${e.text}${e.source ? `\n— Source: ${e.source}` : ''}`,
  };
}
