/**
 * How a debate's decision reads: the audience's vote buttons and their results, the judges' call to send
 * ballots, the reminder, the ballot form, and the decision as the record and transcript give it. Votes are
 * anonymous here: only totals are shown. Judges are named by mention, which shows their name and never pings
 * unless the post says so (the call and the reminder notify the judges they are for).
 */
import type { Button, Form, Reply } from '../seam/reply.js';
import type { DebateState } from '../core/debate/state.js';
import { sideName } from '../core/debate/state.js';
import type { DecisionResult, DecisionState, Judge, Undecided } from '../core/debate/decision.js';
import { UNDECIDED, type AudienceResult, type VoteRoundName } from '../core/debate/vote.js';
import { ballotTemplate, MAX_REASON_LENGTH, rankLine, SCORE_MAX, SCORE_MIN, SCORE_TYPICAL, speakerLine } from '../core/debate/ballot.js';
import { SCORES_FIELD_LENGTH, SPEAKER_LABEL_LENGTH } from '../core/debate/formats.js';
import { LIMIT, plainLine, safeLine } from './safe.js';
import { clip } from '../core/text.js';

const side = (state: DebateState, sideId: string): string => safeLine(sideName(state, sideId), LIMIT.name);
const when = (at: number): string => `<t:${Math.ceil(at / 1000)}:T> (<t:${Math.ceil(at / 1000)}:R>)`;
const mention = (j: Pick<Judge, 'userId'>): string => `<@${j.userId}>`;

export const ROUND_NAME: Record<VoteRoundName, string> = { before: 'before the debate', after: 'after the debate' };

/** One button per side and one for undecided: debate:vote:<debateId>:<round>:<choice>. */
export function voteButtons(state: DebateState, round: VoteRoundName): Button[][] {
  const buttons: Button[] = [
    ...state.sides.map((s) => ({ customId: `debate:vote:${state.id}:${round}:${s.id}`, label: `Vote ${plainLine(s.name, LIMIT.name)}`, style: 'success' as const })),
    { customId: `debate:vote:${state.id}:${round}:${UNDECIDED}`, label: 'Undecided', style: 'secondary' },
  ];
  const rows: Button[][] = [];
  for (let i = 0; i < buttons.length; i += 5) rows.push(buttons.slice(i, i + 5));
  return rows;
}

/** The vote after the debate, posted when it ends. */
export function voteOpenedPost(state: DebateState, closesAt: number): Reply {
  return {
    content:
      `🗳️ **The audience votes again.** Having heard the debate, where do you stand on “${safeLine(state.motion, 200)}”? ` +
      `Vote by ${when(closesAt)}; you can change your vote until then, and the totals are shown when it closes. Debaters and judges do not vote.`,
    buttons: voteButtons(state, 'after'),
  };
}

/** What a voter is told (only them): their choice, never the totals. */
export function voteConfirmation(state: DebateState, round: VoteRoundName, choice: string, was: string | null): string {
  const named = choice === UNDECIDED ? 'undecided' : side(state, choice);
  const closes = round === 'before' ? 'until the first speech starts' : 'until the vote closes';
  const head = was === null ? `Your vote ${ROUND_NAME[round]}: **${named}**.` : was === choice ? `Your vote ${ROUND_NAME[round]} stays **${named}**.` : `Your vote ${ROUND_NAME[round]} is now **${named}**.`;
  return `${head} You can change it ${closes}; the totals are shown when it closes.`;
}

function sharesLine(state: DebateState, r: NonNullable<AudienceResult['before']>): string {
  const parts = r.shares.map((s) => `${side(state, s.sideId)} ${s.percent}% (${s.votes})`);
  const und = r.total === 0 ? 0 : Math.round((1000 * r.undecided) / r.total) / 10;
  parts.push(`undecided ${und}% (${r.undecided})`);
  return `${parts.join(' · ')} — ${r.total} vote${r.total === 1 ? '' : 's'}`;
}

/** A round closed: its totals. */
export function voteClosedPost(state: DebateState, round: VoteRoundName, result: AudienceResult['before']): Reply {
  const totals = result && result.total > 0 ? sharesLine(state, result) : 'nobody voted';
  return { content: `🗳️ The vote ${ROUND_NAME[round]} is closed: ${totals}.` };
}

/** The judges are asked for their ballots when the debate ends (notifies them). */
export function ballotsCall(state: DebateState, judges: readonly Judge[], dueAt: number): Reply {
  const t = ballotTemplate(state);
  const what = t.pickWinner ? 'the winner' : `the rank of each team (1–${t.sides.length})`;
  return {
    content:
      `⚖️ ${judges.map(mention).join(', ')}: the debate is over. Send your ballot by ${when(dueAt)} with the button: ${what}, ` +
      `a speaker score for each speaker (${SCORE_MIN}–${SCORE_MAX}, most ${SCORE_TYPICAL}) and a short reason. A ballot cannot be changed once sent.`,
    buttons: [[{ customId: `debate:ballot:${state.id}`, label: 'Fill in your ballot', style: 'primary' }]],
    allowedUserMentions: judges.map((j) => j.userId),
  };
}

/** Halfway to the deadline, the judges whose ballot is not in (notifies them). */
export function ballotReminder(state: DebateState, missing: readonly Judge[], dueAt: number): Reply {
  return {
    content: `⏰ ${missing.map(mention).join(', ')}: your ballot is due by ${when(dueAt)}. Use **Fill in your ballot** above.`,
    buttons: [[{ customId: `debate:ballot:${state.id}`, label: 'Fill in your ballot', style: 'primary' }]],
    allowedUserMentions: missing.map((j) => j.userId),
  };
}

/** The ballots closed: every one in, or the deadline passed (who is overdue is noted). */
export function ballotsClosedPost(overdue: readonly Judge[]): Reply {
  return {
    content: overdue.length === 0
      ? '⚖️ Every ballot is in.'
      : `⚖️ The ballots are closed: ${overdue.map(mention).join(', ')} sent no ballot by the deadline (overdue); the decision is made from the ballots that came in.`,
  };
}

/** The ballot form: the winner (or the ranks), one line per speaker for their score, and a reason. */
export function ballotForm(state: DebateState): Form {
  const t = ballotTemplate(state);
  const fields: Form['fields'] = [];
  if (t.pickWinner) {
    fields.push({ id: 'winner', label: 'Winner', style: 'line', required: true, maxLength: 60, placeholder: t.sides.map((s) => plainLine(s.name, 25)).join(' or ') });
  } else {
    fields.push({ id: 'ranks', label: `Rank of each team, 1 (first) to ${t.sides.length}`, style: 'paragraph', required: true, maxLength: 1000, value: t.sides.map((s) => rankLine(plainLine(s.name, LIMIT.name))).join('\n') });
  }
  fields.push({
    id: 'scores',
    label: `Speaker scores, ${SCORE_MIN}–${SCORE_MAX} (most ${SCORE_TYPICAL})`,
    style: 'paragraph',
    required: true,
    maxLength: SCORES_FIELD_LENGTH,
    // One line a speaker, ending in ": " for the score (plainLine would trim the space away).
    value: t.speakers.map((p) => `${plainLine(speakerLine(state, p), SPEAKER_LABEL_LENGTH)} `).join('\n'),
  });
  fields.push({ id: 'reason', label: 'Reason for your decision', style: 'paragraph', required: true, maxLength: MAX_REASON_LENGTH });
  return { customId: `debate:ballot-form:${state.id}`, title: plainLine(`Ballot: ${state.motion}`, 45), fields };
}

const UNDECIDED_TEXT: Record<Undecided, string> = {
  'ended-early': 'no decision: the debate was ended before every turn was spoken.',
  'not-decided': 'this format is not decided.',
  'no-judges': 'no decision: no judge was named.',
  'no-ballots': 'no decision: no ballot came in by the deadline.',
  'no-majority': 'no decision: the judges split evenly.',
  'too-few-votes': 'no decision: too few votes (a vote before and after is needed).',
  tied: 'no decision: the sides are level.',
};

/** One line: who won and how, or why nobody did. */
export function resultLine(state: DebateState, r: DecisionResult): string {
  if (!r.winner) return UNDECIDED_TEXT[r.undecided ?? 'tied'];
  if (r.by === 'judges' && r.judges) return `**${side(state, r.winner)}** wins on the judges' decision (${r.judges.split}).`;
  const swing = r.audience?.swing.find((s) => s.sideId === r.winner)?.points ?? 0;
  return `**${side(state, r.winner)}** wins the audience vote by swing (${swing >= 0 ? '+' : ''}${swing} points).`;
}

/** The decision's parts as lines: the judges' (split, placing, reasons, who is overdue) and the audience's vote. */
export function decisionLines(state: DebateState, d: DecisionState): { judges: string[]; audience: string[] } {
  const r = d.result;
  const judges: string[] = [];
  const audience: string[] = [];
  if (r?.judges) {
    const j = r.judges;
    judges.push(`${j.ballots} of ${j.judges} ballot${j.judges === 1 ? '' : 's'}${j.winner ? `: ${side(state, j.winner)} ${j.split}` : ''}.`);
    if (state.sides.length > 2 && j.placing.length) judges.push(`Placing: ${j.placing.map((g, i) => `${i + 1}. ${g.map((s) => side(state, s)).join(' = ')}`).join(', ')}.`);
    for (const x of j.reasons) judges.push(`${safeLine(x.judgeName, LIMIT.name)} (for ${side(state, x.first)}): “${safeLine(x.reason, LIMIT.reason)}”`);
    if (j.overdue.length) judges.push(`No ballot by the deadline: ${j.overdue.map(mention).join(', ')}.`);
  } else if (d.ballotsDueAt !== null && d.ballotsClosedAt === null) {
    judges.push(`Ballots due by ${when(d.ballotsDueAt)}.`);
  }
  if (r?.audience) {
    const a = r.audience;
    if (a.before) audience.push(`Before: ${a.before.total ? sharesLine(state, a.before) : 'no votes'}.`);
    if (a.after) audience.push(`After: ${a.after.total ? sharesLine(state, a.after) : 'no votes'}.`);
    if (a.swing.length) audience.push(`Swing: ${a.swing.map((s) => `${side(state, s.sideId)} ${s.points >= 0 ? '+' : ''}${s.points}`).join(', ')} points.`);
  } else if (d.after && d.after.closedAt === null && d.after.closesAt !== null) {
    audience.push(`The vote after the debate closes ${when(d.after.closesAt)}.`);
  }
  return { judges, audience };
}

/** Each speaker's average speaker score, by user id (empty without ballots). */
export function speakerAverages(d: DecisionState | null): ReadonlyMap<string, number> {
  return new Map((d?.result?.judges?.speakers ?? []).map((s) => [s.userId, s.average]));
}

/** The embed fields the record gains: the decision, the judges' ballots and the audience's vote. */
export function decisionFields(state: DebateState, d: DecisionState): { name: string; value: string; inline: boolean }[] {
  const fields = [{ name: 'Decision', value: d.result ? resultLine(state, d.result) : 'To follow: it is posted here once the vote and the ballots close.', inline: false }];
  const { judges, audience } = decisionLines(state, d);
  // Each line is made safe where it is drawn; only the length is cut here.
  const cut = (lines: string[]) => clip(lines.join('\n'), 1000, 'utf16');
  if (judges.length) fields.push({ name: 'Judges', value: cut(judges), inline: false });
  if (audience.length) fields.push({ name: 'Audience vote', value: cut(audience), inline: false });
  return fields;
}

/** The transcript's "Decision" section. */
export function decisionSection(state: DebateState, d: DecisionState): string[] {
  const out = ['', '## Decision', '', d.result ? resultLine(state, d.result) : 'To follow: the vote and the ballots were still open when this was written.'];
  const { judges, audience } = decisionLines(state, d);
  if (judges.length) out.push('', '### Judges', '', ...judges.map((l) => `- ${l}`));
  if (audience.length) out.push('', '### Audience vote', '', ...audience.map((l) => `- ${l}`));
  return out;
}
