/**
 * `cli arguments [--json] [--guild ID] [--debate N]`: the recorded debate arguments in the database, each with
 * the one verdict the score stores (after challenges and rulings), and each person's tally counted as /score
 * counts it. JSON: {"arguments": [...], "tallies": [...]} on one line.
 */
import type { ScoreRepository } from '../db/scores-repo.js';
import type { ScoredArgument } from '../core/score/argument.js';
import { statusNotes, verdictText } from '../views/argument.js';
import { verdictWords } from '../views/verdicts.js';
import { LIMIT, plainLine } from '../views/safe.js';
import { count, emptyTally, tallyLine, type Tally } from '../core/score/tally.js';

export interface ArgumentsQuery {
  guildId?: string;
  debateId?: number;
}

const counted = (a: ScoredArgument) => a.verdict !== null && a.removedAt === null && a.duplicateOf === null;

/** One argument as the CLI gives it. */
export function argumentRow(a: ScoredArgument) {
  return {
    guild: a.guildId,
    debate: a.debateId,
    number: a.number,
    user: a.userId,
    name: a.userName,
    verdict: a.verdict,
    label: a.verdict ? verdictWords(a.verdict, a) : null,
    checkedVerdict: a.checkedVerdict,
    counted: counted(a),
    notInCorpus: a.notInCorpus,
    explanation: a.explanation,
    paraphraseOf: a.paraphraseOf,
    ruling: a.override ? { verdict: a.override.verdict, by: a.override.byName, reason: a.override.reason, at: a.override.at } : null,
    challenge: a.challenge?.status ?? null,
    repeats: a.duplicateOfNumber,
    removed: a.removedAt !== null,
    text: a.text,
    source: a.source,
  };
}

/** The report: every argument asked for, and per server and person the tally of those counted. */
export async function argumentsReport(repo: ScoreRepository, q: ArgumentsQuery, json: boolean): Promise<string> {
  const args = (q.debateId !== undefined ? await repo.inDebate(q.debateId) : await repo.all(q.guildId)).filter((a) => q.guildId === undefined || a.guildId === q.guildId);
  const tallies = new Map<string, { guild: string | null; user: string; name: string; tally: Tally }>();
  for (const a of args) {
    if (!counted(a)) continue;
    const key = `${a.guildId}\u0000${a.userId}`;
    const t = tallies.get(key) ?? { guild: a.guildId, user: a.userId, name: a.userName, tally: emptyTally() };
    t.name = a.userName;
    count(t.tally, a.verdict!);
    tallies.set(key, t);
  }
  if (json) {
    return `${JSON.stringify({ arguments: args.map(argumentRow), tallies: [...tallies.values()].map((t) => ({ guild: t.guild, user: t.user, name: t.name, ...t.tally })) })}\n`;
  }
  const lines = args.map((a) => {
    const notes = statusNotes(a);
    return `debate ${a.debateId} #${a.number} ${plainLine(a.userName, LIMIT.name)} — ${a.duplicateOf !== null ? 'not counted' : verdictText(a)}${notes.length ? ` · ${notes.join(' · ')}` : ''}\n  ${plainLine(a.text, 200)}`;
  });
  lines.push('', ...[...tallies.values()].map((t) => `${t.name}${t.guild ? ` (server ${t.guild})` : ''}: ${tallyLine(t.tally)}`));
  return `${lines.join('\n')}\n`;
}
