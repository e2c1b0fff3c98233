/**
 * Posts in a debate thread, as the score and the debate see them: a post adding a source ("Source: …", or a
 * reply to one's challenged post) goes to the score; the speaker's post on their turn is recorded as an argument
 * and answered in the thread with its number, verdict and — when it accuses — why, with the Citation needed
 * button; a debater posting out of turn is told privately why it was not recorded. Other posts get no answer.
 */
import type { Reply } from '../seam/reply.js';
import type { DebateService } from '../debate/service.js';
import type { PostedMessage } from '../seam/reply.js';
import type { ScoreService } from './service.js';

/** The Services.onMessage of a bot with debates and a score. */
export function threadMessageHandler(debates: DebateService, scores: ScoreService): (m: PostedMessage) => Promise<Reply | null> {
  return async (m) => {
    const answer = await scores.answerFromPost(m);
    if (answer !== undefined) return answer;
    const r = await debates.recordMessage(m.channelId, m.messageId, m.actor, m.content);
    if (r.kind === 'recorded') {
      const a = await scores.repo.byMessage(m.channelId, m.messageId);
      if (a) await scores.announce(a.id, m.channels);
      return null;
    }
    return r.kind === 'out-of-turn' ? { ephemeral: true, content: r.note } : null;
  };
}
