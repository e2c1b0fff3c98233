/**
 * Turns debate state and events into transport-neutral Replies: the motion card, turn announcements,
 * warnings, status and the record with its Markdown transcript.
 */
import type { Button, Embed, Reply } from '../seam/reply.js';
import { describeClock } from '../core/debate/debate.js';
import { currentTurn, formatDuration, sideMembers, sideName, type DebateEvent, type DebateState } from '../core/debate/state.js';
import type { StoredArgument } from '../core/debate/state.js';
import type { ArgumentMark } from '../core/score/argument.js';
import { count, emptyTally, tallyLine, type Tally } from '../core/score/tally.js';
import { LIMIT, plainLine, safeLine, safeText } from './safe.js';
import { clip } from '../core/text.js';
import { accuses, verdictLabel } from './verdicts.js';
import type { DecisionState } from '../core/debate/decision.js';
import { decisionFields, decisionSection, speakerAverages, voteButtons } from './decision.js';

export type { ArgumentMark };

const COLOR = { open: 0x5865f2, running: 0x57f287, paused: 0xfee75c, ended: 0x99aab5 } as const;

const CARD_HINT = {
  open: '/debate join, then the host runs /debate begin',
  running: 'under way: /debate status',
  paused: 'paused: /debate status',
  ended: 'ended: the record is below',
} as const;

const speakersOf = (state: DebateState, sideId: string): string =>
  sideMembers(state, sideId).map((p) => safeLine(p.name, LIMIT.name)).join(', ') || '—';

/** A side's name, safe to show. */
const side = (state: DebateState, sideId: string): string => safeLine(sideName(state, sideId), LIMIT.name);
/** A person's name, safe to show. */
const who = (name: string | null | undefined): string => safeLine(name ?? '', LIMIT.name);

/** The name of a debate's thread: the motion on one line, without control characters, cut by whole graphemes. */
export function threadName(motion: string): string {
  return plainLine(motion, LIMIT.threadName) || 'Debate';
}

/** A long list of lines cut to fit an embed field (1024 units), saying where the rest is. */
const fieldList = (text: string): string => (text.length > 1024 ? `${clip(text, 990, 'utf16')}\n… (see the transcript)` : text);

/** " or N minutes, whichever comes first" for a vote before with a set time (an embed's footer shows no timestamps). */
const voteLimit = (r: { opensAt: number; closesAt: number | null }): string =>
  r.closesAt === null ? '' : ` or ${Math.round((r.closesAt - r.opensAt) / 60_000)} minutes, whichever comes first`;

/**
 * The card posted when a debate opens (and edited as people join): motion, sides and a Join button each; while
 * the audience's vote before the debate is open, a vote button per side and one for undecided.
 */
export function motionCard(state: DebateState, decision: DecisionState | null = null): Reply {
  const joinable = state.status !== 'ended';
  const buttons: Button[][] = [];
  if (joinable) {
    for (let i = 0; i < state.sides.length; i += 5) {
      buttons.push(
        state.sides.slice(i, i + 5).map((s) => ({
          customId: `debate:join:${state.id}:${s.id}`,
          label: `Join ${plainLine(s.name, LIMIT.name)}`,
          style: 'primary' as const,
          disabled: sideMembers(state, s.id).length >= s.capacity,
        })),
      );
    }
  }
  // The card is redrawn when the vote before closes, so its buttons go with it.
  const voting = !!decision?.before && decision.before.closedAt === null;
  if (voting) buttons.push(...voteButtons(state, 'before'));
  return {
    embeds: [
      {
        title: 'Motion',
        description: safeText(state.motion, 400),
        color: COLOR[state.status],
        fields: state.sides.map((s) => ({
          name: `${side(state, s.id)} (${sideMembers(state, s.id).length}/${s.capacity})`,
          value: speakersOf(state, s.id),
          inline: true,
        })),
        footer: `${state.formatName} · ${state.turns.length} turns · host ${plainLine(state.hostName, LIMIT.name)} · ${CARD_HINT[state.status]}` +
          (voting ? ` · audience: vote now, until the first speech${voteLimit(decision!.before!)} (debaters do not vote)` : ''),
      },
    ],
    buttons,
  };
}

function poiNote(state: DebateState, index: number): string {
  const t = state.turns[index];
  if (!t.poiAllowed) return 'No points of information in this speech.';
  const parts = [];
  if (t.protectedStart > 0) parts.push(`after the first ${t.protectedStart} s`);
  if (t.protectedEnd > 0) parts.push(`not in the last ${t.protectedEnd} s`);
  return `Points of information welcome${parts.length ? ` ${parts.join(', ')}` : ''} (/debate poi).`;
}

/** Posted at the start of each turn; pings its speaker and nobody else. */
export function turnAnnouncement(state: DebateState, e: Extract<DebateEvent, { type: 'turn-started' }>): Reply {
  const t = state.turns[e.index];
  return {
    content:
      `**Turn ${e.index + 1} of ${state.turns.length}: ${t.role}** (${side(state, t.side)}) — <@${e.speakerId}>, you have the floor ` +
      `for ${formatDuration(t.allottedMs ?? t.seconds * 1000)}. ${poiNote(state, e.index)} ` +
      'Post your arguments in this thread or use /argue; end early with /debate next.',
    allowedUserMentions: [e.speakerId],
  };
}

/** A warning: a new message that notifies the speaker (an edit of an earlier one would notify nobody). */
export function warningPost(state: DebateState, e: Extract<DebateEvent, { type: 'warning' }>): Reply {
  const t = state.turns[e.index];
  return speakerPost(t.speakerId, `⏳ ${e.secondsLeft} s left for ${who(t.speakerName)} (${t.role}, ${side(state, t.side)}).`);
}

/** "Time": a new message that notifies the speaker, with what happens next. */
export function timePost(state: DebateState, e: Extract<DebateEvent, { type: 'time' }>): Reply {
  const t = state.turns[e.index];
  // After a restart the grace may be over already: then the next turn follows this message at once.
  const seconds = Math.round((e.graceLeftMs ?? state.graceMs) / 1000);
  const last = e.index + 1 >= state.turns.length;
  const more = seconds <= 0 ? (last ? 'The debate closes now.' : 'The next turn starts now.') : last ? `The debate closes in ${seconds} s.` : `The next turn starts in ${seconds} s, or now with /debate next.`;
  return speakerPost(e.speakerId, `⏰ Time, ${who(t.speakerName)}! ${more}`);
}

/** A post that pings the speaker alone (no one else, whatever the text holds). */
function speakerPost(speakerId: string | null, text: string): Reply {
  return speakerId ? { content: `<@${speakerId}> ${text}`, allowedUserMentions: [speakerId] } : { content: text };
}

/** A one-line public notice for events that are neither turns nor warnings; null when nothing is posted. */
export function noticeText(state: DebateState, e: DebateEvent): string | null {
  switch (e.type) {
    case 'paused':
      return `⏸ Paused with ${formatDuration(e.remainingMs)} left in the ${state.turns[e.index].role}.`;
    case 'resumed':
      return `▶ Resumed: ${who(state.turns[e.index].speakerName)} has the floor again.`;
    case 'extended':
      return `➕ ${e.seconds} s added to the ${state.turns[e.index].role}.`;
    case 'poi-answered':
      return `${who(state.turns[e.index].speakerName)} ${e.accepted ? 'accepts' : 'declines'} ${who(e.requesterName)}'s point of information.`;
    default:
      return null;
  }
}

/** The offer of a point of information, with the buttons only the speaker may use. */
export function poiOffer(state: DebateState, e: Extract<DebateEvent, { type: 'poi-requested' }>): Reply {
  return {
    content: `✋ ${who(e.requesterName)} offers a point of information — <@${e.speakerId}>, will you take it?`,
    buttons: [
      [
        { customId: `debate:poi:${state.id}:accept`, label: 'Accept', style: 'success' },
        { customId: `debate:poi:${state.id}:decline`, label: 'Decline', style: 'secondary' },
      ],
    ],
    allowedUserMentions: [e.speakerId],
  };
}

/** The offer once answered or lapsed: what became of it, and no buttons left to press. */
export function poiClosed(state: DebateState, e: Extract<DebateEvent, { type: 'poi-answered' | 'poi-lapsed' }>): Reply {
  const speaker = who(state.turns[e.index].speakerName);
  const outcome = e.type === 'poi-lapsed' ? 'the speech ended before it was answered' : `${e.accepted ? 'accepted' : 'declined'} by ${speaker}`;
  return { content: `✋ ${who(e.requesterName)}'s point of information: ${outcome}.`, buttons: [] };
}

/** Motion, sides, speaker and time left: what /debate status shows anyone. */
export function statusEmbed(state: DebateState, now: number, halted: 'gone' | 'forbidden' | null = null): Embed {
  const t = currentTurn(state);
  const fields = state.sides.map((s) => ({ name: side(state, s.id), value: speakersOf(state, s.id), inline: true }));
  if (t && state.status !== 'ended') {
    const upcoming = state.turns[state.turnIndex + 1];
    fields.push({ name: 'Next', value: upcoming ? `${upcoming.role} (${side(state, upcoming.side)})` : 'the end of the debate', inline: false });
  }
  if (halted) fields.push({ name: 'Posting stopped', value: HALTED[halted], inline: false });
  if (state.poi) fields.push({ name: 'Point of information', value: `${who(state.poi.requesterName)} is waiting for an answer`, inline: false });
  // describeClock names the speaker and their side as typed.
  return { title: safeLine(state.motion, LIMIT.heading), description: safeText(describeClock(state, now), LIMIT.message), fields, footer: `${state.formatName} · host ${plainLine(state.hostName, LIMIT.name)}`, color: COLOR[state.status] };
}

/** Tallies of the checked arguments still counted, by `key`. */
function talliesBy(args: readonly StoredArgument[], marks: ReadonlyMap<number, ArgumentMark>, key: (a: StoredArgument) => string): Map<string, Tally> {
  const out = new Map<string, Tally>();
  for (const a of args) {
    const m = marks.get(a.id);
    if (!m || m.removed || m.duplicate) continue;
    const k = key(a);
    count(out.get(k) ?? out.set(k, emptyTally()).get(k)!, m.verdict);
  }
  return out;
}

/**
 * The summary posted when a debate ends, with the transcript as a Markdown attachment. With the score's
 * `marks` (each argument's stored verdict), each side's and each speaker's tally (arguments whose post was
 * deleted, and repeats, left out).
 */
export function record(
  state: DebateState,
  args: readonly StoredArgument[],
  marks: ReadonlyMap<number, ArgumentMark> = new Map(),
  decision: DecisionState | null = null,
): Reply {
  const spoken = state.turns.filter((t) => t.startedAt !== null);
  const overrunMs = spoken.reduce((n, t) => n + (t.overrunMs ?? 0), 0);
  const turnLines = spoken.map(
    (t, i) =>
      `${i + 1}. ${t.role} (${side(state, t.side)}) — ${who(t.speakerName)}: ${formatDuration(t.usedMs ?? 0)}` +
      ((t.overrunMs ?? 0) > 0 ? `, ${formatDuration(t.overrunMs ?? 0)} over` : ''),
  );
  const scored = marks.size > 0;
  const bySide = talliesBy(args, marks, (a) => a.sideId);
  const fields = state.sides.map((s) => {
    const mine = args.filter((a) => a.sideId === s.id);
    const counted = scored ? `${tallyLine(bySide.get(s.id) ?? emptyTally())}` : `Arguments: ${mine.length} (${mine.filter((a) => a.source).length} with a source)`;
    return { name: side(state, s.id), value: `Speakers: ${speakersOf(state, s.id)}\n${counted}`, inline: true };
  });
  if (scored) {
    const bySpeaker = talliesBy(args, marks, (a) => `${a.userId}\u0000${a.sideId}`);
    const averages = speakerAverages(decision);
    const lines = [...bySpeaker].map(([k, t]) => {
      const [userId, sideId] = k.split('\u0000');
      const name = args.find((a) => a.userId === userId)?.userName ?? userId;
      const score = averages.get(userId);
      return `${safeLine(name, LIMIT.name)} (${side(state, sideId)}): ${tallyLine(t)}${score !== undefined ? ` · speaker score ${score}` : ''}`;
    });
    const text = fieldList(lines.join('\n'));
    if (text) fields.push({ name: 'Speakers\' citations', value: text, inline: false });
  }
  if (decision) fields.push(...decisionFields(state, decision));
  const turnsText = fieldList(turnLines.join('\n') || 'No turn was spoken.');
  fields.push({ name: `Turns used: ${spoken.length} of ${state.turns.length}`, value: turnsText, inline: false });
  fields.push({ name: 'Overrun', value: overrunMs > 0 ? `${formatDuration(overrunMs)} in total` : 'none', inline: false });
  return {
    content: `The debate has ended${state.endReason === 'completed' ? ': every turn has been spoken' : ''}. Here is its record.`,
    embeds: [{ title: `Record: ${safeLine(state.motion, LIMIT.heading)}`, color: COLOR.ended, fields, footer: `${state.formatName} · host ${plainLine(state.hostName, LIMIT.name)}` }],
    attachments: [{ name: `debate-${state.id}-transcript.md`, content: transcript(state, args, marks, decision) }],
  };
}

const CHALLENGE_NOTE = { pending: 'citation needed, awaiting an answer', answered: 'citation needed, answered', expired: 'citation needed, no answer in time' } as const;

/** What the transcript says of an argument's stored verdict: "📎 cited — quotation not in the corpus; moderator's ruling", … */
function markText(m: ArgumentMark | undefined): string {
  if (!m) return 'not yet checked';
  if (m.removed) return 'post deleted; not scored';
  if (m.duplicate) return `made again (argument #${m.duplicateOfNumber ?? '?'}); counted once`;
  const notes = [verdictLabel(m.verdict, m)];
  if (m.challenge) notes.push(CHALLENGE_NOTE[m.challenge]);
  if (m.overridden) notes.push("moderator's ruling");
  return notes.join('; ');
}

/** Every turn and the arguments made in it (numbered as in the debate), with their sources and verdicts. */
export function transcript(
  state: DebateState,
  args: readonly StoredArgument[],
  marks: ReadonlyMap<number, ArgumentMark> = new Map(),
  decision: DecisionState | null = null,
): string {
  const out = [`# ${safeLine(state.motion, 400)}`, '', `Format: ${state.formatName}. Host: ${safeLine(state.hostName, LIMIT.name)}.`, ''];
  for (const s of state.sides) out.push(`- **${side(state, s.id)}**: ${speakersOf(state, s.id)}`);
  if (decision) out.push(...decisionSection(state, decision));
  const averages = speakerAverages(decision);
  if (averages.size) {
    const bySpeaker = talliesBy(args, marks, (a) => a.userId);
    out.push('', '### Speakers', '');
    for (const p of state.participants) {
      const t = bySpeaker.get(p.userId);
      const score = averages.get(p.userId);
      out.push(`- ${who(p.name)} (${side(state, p.sideId)}): ${score !== undefined ? `speaker score ${score}` : 'no speaker score'}${t ? `; ${tallyLine(t)}` : ''}`);
    }
  }
  state.turns.forEach((t, i) => {
    if (t.startedAt === null) return;
    out.push('', `## Turn ${i + 1}: ${t.role} (${side(state, t.side)}) — ${who(t.speakerName)}`);
    out.push('', `Time used ${formatDuration(t.usedMs ?? 0)} of ${formatDuration(t.allottedMs ?? 0)}${(t.overrunMs ?? 0) > 0 ? `, ${formatDuration(t.overrunMs ?? 0)} over` : ''}.`);
    const mine = args.filter((a) => a.turnIndex === i);
    if (mine.length === 0) out.push('', '_No argument recorded._');
    for (const a of mine) {
      const m = marks.get(a.id);
      out.push('', `- **#${a.number} ${safeLine(a.userName, LIMIT.name)}**: ${safeText(a.text, 4000).replace(/\n/g, '\n  ')}`);
      const mark = markText(m);
      out.push(a.source ? `  - Citation: ${safeLine(a.source, LIMIT.source)} (${mark})` : `  - Citation: none given${m ? ` (${mark})` : ''}`);
      if (m && !m.removed && !m.duplicate && (accuses(m.verdict) || m.paraphraseOf) && m.explanation) out.push(`  - Why: ${safeLine(m.explanation, LIMIT.explanation)}`);
    }
  });
  return `${out.join('\n')}\n`;
}

/** What /debate status says when the bot can no longer post in the debate's thread. */
const HALTED = {
  gone: 'The thread is gone, so the turns have stopped. End the debate with /debate end.',
  forbidden: 'I may not post in this thread, so the turns have stopped. Give me Send Messages in Threads here, then /debate resume: what it missed is posted then.',
} as const;

/**
 * Told to the host in the channel the debate was started from, when the bot can no longer post in the
 * debate's thread: why, that its turns have stopped, and what to do.
 */
export function haltedNotice(state: DebateState, halt: 'gone' | 'forbidden'): Reply {
  const motion = safeLine(state.motion, 100);
  const what = halt === 'gone'
    ? `the thread of the debate “${motion}” (<#${state.channelId}>) is gone, so its turns have stopped. End it with /debate end here.`
    : `I may no longer post in <#${state.channelId}>, so the debate “${motion}” has stopped its turns. Let me post there again (Send Messages in Threads), then resume it (/debate resume, or /debate begin if it had not begun): what it missed is posted then.`;
  return { content: `⚠️ <@${state.hostId}>, ${what}`, allowedUserMentions: [state.hostId] };
}
