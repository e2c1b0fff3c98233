/**
 * How a recorded argument reads, from what is stored with it: its name in a line ("argument #3 (Ann: “…”)"),
 * its verdict with what qualifies it, why an accusation was made, and the announcement the bot posts for it —
 * the argument itself for /argue and "Use as argument", a short reply under a thread post — edited in place
 * whenever its verdict changes.
 */
import type { Button, Reply } from '../seam/reply.js';
import { sideName, type Outcome } from '../core/debate/state.js';
import type { DiffEntry } from '../core/check/checker.js';
import type { ScoredArgument } from '../core/score/argument.js';
import { LIMIT, safeLine, safeText } from './safe.js';
import { clip } from '../core/text.js';
import { accuses, verdictLabel } from './verdicts.js';

type Named = Pick<ScoredArgument, 'number' | 'userName' | 'text'>;

/** What a view is told beside what is stored: the server's own text the verdict was checked against, removed since. */
export interface TextRemoved {
  /** That text's title; absent (or null) while it is in the library, and for the shared corpus. */
  textRemoved?: string | null;
}

/** A stored argument as the score service hands it to views. */
export type ShownArgument = ScoredArgument & TextRemoved;

/** "argument #3 (Ann: “The Left Opposition…”)" — safe to show anywhere. */
export function argumentName(a: Named): string {
  return `argument #${a.number} (${safeLine(a.userName, LIMIT.name)}: “${safeLine(a.text, LIMIT.argumentExcerpt)}”)`;
}

/** A link to the post that made a thread argument. */
export function jumpLink(a: Pick<ScoredArgument, 'guildId' | 'channelId' | 'messageId'>): string | null {
  return a.guildId && a.channelId && a.messageId && /^\d+$/.test(a.messageId) ? `https://discord.com/channels/${a.guildId}/${a.channelId}/${a.messageId}` : null;
}

type Judged = Pick<ScoredArgument, 'verdict' | 'notInCorpus' | 'paraphraseOf'>;

/** The verdict that counts, labelled: "📎 cited — quotation not in the corpus"; "not yet checked" before the check. */
export function verdictText(a: Judged): string {
  return a.verdict ? verdictLabel(a.verdict, a) : 'not yet checked';
}

/** Why the verdict is what it is, when it must say: an accusation's evidence, a paraphrase's original. Null otherwise. */
export function whyText(a: Pick<ScoredArgument, 'verdict' | 'explanation' | 'paraphraseOf'>, max: number = LIMIT.explanation): string | null {
  if (!a.verdict) return null;
  if (accuses(a.verdict)) return safeText(a.explanation ?? 'the check found the corpus words differ; /verdict show gives what it matched.', max);
  if (a.paraphraseOf && a.explanation) return safeText(a.explanation, max);
  return null;
}

const CHALLENGE_TEXT = {
  pending: '📌 citation needed — awaiting an answer',
  answered: 'citation needed — answered',
  expired: 'citation needed — no answer in time',
} as const;

/** "checked against “Title”, since removed from this server's library — the verdict stands"; null when no text was removed. */
export function textRemovedNote(a: TextRemoved): string | null {
  return a.textRemoved ? `checked against “${safeLine(a.textRemoved, LIMIT.title)}”, since removed from this server's library — the verdict stands` : null;
}

/** What else stands on an argument: a ruling, a challenge, a repeat, a deleted post, a text removed. Safe. */
export function statusNotes(a: Pick<ScoredArgument, 'override' | 'challenge' | 'duplicateOfNumber' | 'duplicateOf' | 'removedAt'> & TextRemoved): string[] {
  const notes: string[] = [];
  if (a.removedAt !== null) notes.push('post deleted — no longer counted');
  const removed = textRemovedNote(a);
  if (removed) notes.push(removed);
  if (a.duplicateOf !== null) notes.push(`repeats argument #${a.duplicateOfNumber ?? '?'} — counted once, there`);
  if (a.override) notes.push(`ruled by ${safeLine(a.override.byName, LIMIT.name)}: “${safeLine(a.override.reason, 200)}”`);
  if (a.challenge) notes.push(CHALLENGE_TEXT[a.challenge.status]);
  return notes;
}

/** The button that challenges argument `id`. */
export const challengeButtonId = (id: number): string => `verdict:challenge:${id}`;

/** Whether an argument can still be challenged (and so shows the Citation needed button). */
export function challengeable(a: Pick<ScoredArgument, 'verdict' | 'challenge' | 'override' | 'duplicateOf' | 'removedAt' | 'debateStatus'>): boolean {
  return !!a.verdict && a.verdict !== 'verified' && !a.challenge && !a.override && a.duplicateOf === null && a.removedAt === null && a.debateStatus !== 'ended';
}

/** The line giving an argument's number and verdict, with its notes: "-# Argument #3 · 📎 cited · ruled by …". */
export function verdictLine(a: ScoredArgument): string {
  const head = a.duplicateOf !== null ? `-# Argument #${a.number}` : `-# Argument #${a.number} · ${verdictText(a)}`;
  return [head, ...statusNotes(a)].join(' · ');
}

/**
 * The bot's announcement of a recorded argument. Made by a command (/argue, "Use as argument"): the debater's
 * words under their name, side and turn, with the source. Made by a thread post: a short reply under it. Both
 * give its number, its verdict and, when it accuses, why — and the Citation needed button while it can be
 * challenged.
 */
export function announcementReply(a: ScoredArgument): Reply {
  const lines: string[] = [];
  if (a.messageId === null) {
    const where = [a.sideName, a.role].filter(Boolean).map((s) => safeLine(s!, LIMIT.name)).join(', ');
    lines.push(`**${safeLine(a.userName, LIMIT.name)}**${where ? ` (${where})` : ''}: ${safeText(a.text, LIMIT.argument)}`);
    if (a.source) lines.push(`— Source: ${safeLine(a.source, LIMIT.source)}`);
  }
  lines.push(verdictLine(a));
  const why = whyText(a);
  if (why) lines.push(`-# Why: ${why.replace(/\n+/g, ' ')}`);
  const buttons: Button[][] | undefined = challengeable(a) ? [[{ customId: challengeButtonId(a.id), label: 'Citation needed', style: 'secondary' }]] : undefined;
  return { content: lines.join('\n'), ...(buttons ? { buttons } : {}), ...(a.messageId ? { replyTo: a.messageId } : {}) };
}

/** What the debater is told privately once their argument is recorded and announced. */
export function recordedConfirmation(a: ScoredArgument, announcedIn: string | null): string {
  const where = announcedIn ? ` (announced in <#${announcedIn}>)` : '';
  if (a.duplicateOf !== null) return `Recorded as argument #${a.number}${where}: it repeats argument #${a.duplicateOfNumber ?? '?'}, so it counts once, there.`;
  const why = whyText(a);
  return `Recorded as argument #${a.number}${where} · ${verdictText(a)}.${why ? ` Why: ${why}` : ''}`;
}

/** Without a score (no database for verdicts): the argument as recorded, announced by the reply itself. */
export function argumentReply(out: Extract<Outcome, { ok: true }>): Reply {
  const e = out.events.find((ev) => ev.type === 'argument');
  if (!e || e.type !== 'argument') return { ephemeral: true, content: 'Recorded.' };
  const turn = out.state.turns[e.index];
  return {
    content: `**${safeLine(e.name, LIMIT.name)}** (${safeLine(sideName(out.state, e.sideId), LIMIT.name)}, ${turn.role}): ${safeText(e.text, LIMIT.argument)}${e.source ? `\n— Source: ${safeLine(e.source, LIMIT.source)}` : ''}`,
  };
}

/**
 * A misquotation against the corpus, word by word: the argument's words struck where the corpus has others
 * ("the ~~smallest~~ → greatest reach"), words it adds marked +, words it drops marked −. Safe; clipped to `max`.
 */
export function diffText(diff: readonly DiffEntry[], max = 300): string {
  const parts = diff.map((d) => {
    const a = d.argument ? safeLine(d.argument, 120) : '';
    const c = d.corpus ? safeLine(d.corpus, 120) : '';
    if (d.op === 'same') return a || c;
    if (d.op === 'changed') return `~~${a}~~ → **${c}**`;
    if (d.op === 'added') return `~~+${a}~~`;
    return `**−${c}**`;
  });
  const out = parts.join(' ');
  return clip(out, max);
}
