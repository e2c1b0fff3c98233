/** How the score reads: a person's score, the leaderboard, challenge and source notices. Nothing pings. */
import type { Reply } from '../seam/reply.js';
import type { ScoredArgument, Standing } from '../core/score/argument.js';
import type { Verdict } from '../core/check/checker.js';
import { argumentName, diffText, jumpLink, textRemovedNote, verdictText, whyText, type ShownArgument } from './argument.js';
import { LIMIT, safeLine, safeLink } from './safe.js';
import { clip } from '../core/text.js';
import { placeLabel, speakerLabel } from './passage.js';
import { VERDICT_LABEL } from './verdicts.js';
import type { RatingRecord } from '../core/rating/debate-ratings.js';
import { conservative } from '../core/rating/glicko2.js';
import { ratingText } from './rating.js';
import { citationRate, citedTotal, percent, sourcingScore, tallyLine, type Ranking, type Tally } from '../core/score/tally.js';

/** /score: one person's tally in this server, all time and over the last 30 days. */
export function scoreReply(name: string, self: boolean, all: Tally, month: Tally): Reply {
  const who = self ? 'You have' : `${safeLine(name, LIMIT.name)} has`;
  if (all.arguments === 0) {
    return { ephemeral: true, content: `${who} made no scored argument in a debate on this server yet. Arguments made with /argue, "Use as argument" or in a debate thread on your turn count.` };
  }
  return {
    ephemeral: true,
    embeds: [
      {
        title: `Score: ${safeLine(name, LIMIT.name)}`,
        description: `All time: ${tallyLine(all)}.\nLast 30 days: ${tallyLine(month)}.`,
        footer: 'Cited = verified against the corpus + cited elsewhere. Moderators may rule on a verdict.',
        color: 0x5865f2,
      },
    ],
  };
}

export type Period = 'week' | 'month' | 'all';
export const PERIOD_LABEL: Record<Period, string> = { week: 'the last 7 days', month: 'the last 30 days', all: 'all time' };

const RANKING_NOTE: Record<Ranking, string> = {
  share: 'ranked by the share of arguments cited, counting how many: “at least” is the lower bound of its 95% Wilson interval. order:count ranks by the number cited',
  count: 'ranked by the number of arguments cited, then the citation rate. order:share ranks by the share cited',
};

/** /leaderboard: this server's debaters, in `rows`' order, with each one's counts beside the figure ranked by. */
export function leaderboardReply(rows: readonly Standing[], period: Period, ranking: Ranking = 'share', limit = 10): Reply {
  if (rows.length === 0) {
    return { ephemeral: true, content: `No scored arguments on this server over ${PERIOD_LABEL[period]} yet. Start a debate with /debate start.` };
  }
  const lines = rows.slice(0, limit).map((r, i) => {
    const t = r.tally;
    const wrong = t.misquoted + t.misattributed;
    const counts =
      ranking === 'share'
        ? `at least ${percent(sourcingScore(t))} cited (${citedTotal(t)} of ${t.arguments}, ${percent(citationRate(t))})`
        : `${citedTotal(t)} cited of ${t.arguments} (${percent(citationRate(t))})`;
    const rest =
      `${t.unsourced ? `, ${t.unsourced} unsourced` : ''}` +
      `${wrong ? `, ${wrong} mis${t.misattributed && !t.misquoted ? 'attributed' : t.misquoted && !t.misattributed ? 'quoted' : 'quoted or misattributed'}` : ''}`;
    return `**${i + 1}.** ${safeLine(r.name, 40)} — ${counts}${rest}`;
  });
  return {
    embeds: [
      {
        title: `Leaderboard: ${PERIOD_LABEL[period]}`,
        description: lines.join('\n'),
        footer: `${rows.length} debater${rows.length === 1 ? '' : 's'} · ${RANKING_NOTE[ranking]}`,
        color: 0xfee75c,
      },
    ],
  };
}

/**
 * /leaderboard kind:rating: this server's debaters by their rating from decided debates, counting how sure it is
 * (two deviations below it, as the sourcing order counts how many arguments), the rating, wins and losses beside.
 */
export function ratingLeaderboardReply(rows: readonly RatingRecord[], limit = 10): Reply {
  if (rows.length === 0) return { ephemeral: true, content: 'Nobody has a rating on this server yet: ratings come from decided debates (an Oxford vote, judges\' ballots).' };
  const sorted = [...rows].sort((a, b) => conservative(b) - conservative(a) || b.wins - a.wins || a.name.localeCompare(b.name));
  const lines = sorted.slice(0, limit).map((r, i) => `**${i + 1}.** ${safeLine(r.name, 40)} — ${ratingText(r)} (${r.wins} won, ${r.losses} lost)`);
  return {
    embeds: [
      {
        title: 'Leaderboard: rating',
        description: lines.join('\n'),
        footer: `${rows.length} debater${rows.length === 1 ? '' : 's'} · Glicko-2 from decided debates, ranked by the rating less two deviations (a newcomer's is unsure, so ranks lower)`,
        color: 0xfee75c,
      },
    ],
  };
}

/** Whether an argument gives a source of its own: a `source:`, a link, a reference or a corpus quotation. */
export function hasSource(a: Pick<ScoredArgument, 'source' | 'links' | 'references' | 'quotationId'>): boolean {
  return !!a.source?.trim() || a.links.length > 0 || a.references.length > 0 || a.quotationId !== null;
}

const when = (dueAt: number) => `<t:${Math.ceil(dueAt / 1000)}:T> (<t:${Math.ceil(dueAt / 1000)}:R>)`;

/**
 * "Citation needed" posted in the thread. An argument without a source: its author is asked for one before the
 * deadline. One with a source: its author or a moderator is asked to look at that source; it keeps its verdict
 * whatever happens unless a moderator rules.
 */
export function challengeNotice(a: ScoredArgument, challengerName: string, dueAt: number): Reply {
  const link = jumpLink(a);
  const head = `📌 **Citation needed** — ${safeLine(challengerName, LIMIT.name)}`;
  const what = `${argumentName(a)}${link ? ` ${link}` : ''}`;
  if (hasSource(a)) {
    const given = a.source ? `“${safeLine(a.source, LIMIT.source)}”` : [...a.links.map((l) => `<${safeLine(l, LIMIT.source)}>`), ...a.references.map((r) => `“${safeLine(r, LIMIT.source)}”`)].slice(0, 2).join(', ') || 'its corpus quotation';
    return {
      content:
        `${head} questions the source of ${what}: ${given}. <@${a.userId}>, look at it and, if it does not bear the argument out, ` +
        `give a better one before ${when(dueAt)} with /argue source:… argument:#${a.number}, or reply "Source: …" to your post. ` +
        `A moderator can rule with /verdict override. It stays ${verdictText(a)} unless a moderator rules otherwise.`,
      allowedUserMentions: [a.userId],
    };
  }
  return {
    content:
      `${head} challenges ${what}. <@${a.userId}>, add a source before ${when(dueAt)} with /argue source:<link, reference or quotation id> argument:#${a.number}, ` +
      `or reply to your post with "Source: …"; until then it stays ${verdictText(a)}.`,
    allowedUserMentions: [a.userId],
  };
}

/** A source added to an argument (answering a challenge or not). */
export function sourceAddedNotice(a: ScoredArgument): string {
  return `✅ ${safeLine(a.userName, LIMIT.name)} added a source to ${argumentName(a)}: now ${verdictText(a)}.`;
}

/** A challenge closed unanswered: the argument keeps its verdict. */
export function expiredNotice(a: ScoredArgument): string {
  if (hasSource(a)) {
    return `⌛ No answer came in time on the source of ${argumentName(a)}: it stays ${verdictText(a)}; a moderator can rule on it with /verdict override.`;
  }
  return `⌛ No source came in time for ${argumentName(a)}: it stays ${verdictText(a)}.`;
}

/** A corpus passage in one line: “words” — speaker, Title, location · Source: … */
export function matchLine(m: { text: string; speaker: string | null; document: { title: string }; location: string; source: string | null }, max: number): string {
  const who = speakerLabel(m.speaker);
  const where = placeLabel(m);
  return `“${safeLine(m.text, max)}” — ${who}, ${where}${m.source ? ` · Source: ${safeLine(m.source, LIMIT.source)}` : ''}`;
}

type Ruling = { verdict: Verdict; previous: Verdict; byName: string; reason: string; at: number };

/** /verdict show: the verdict that counts and why, what the check found, the challenge, and every ruling. */
export function verdictShowReply(a: ShownArgument, rulings: readonly Ruling[]): Reply {
  const link = jumpLink(a);
  const counted =
    a.removedAt !== null ? 'nothing (its post was deleted)' : a.duplicateOf !== null ? `nothing (it repeats argument #${a.duplicateOfNumber})` : verdictText(a);
  const lines = [
    `**${argumentName(a)}**${link ? ` — ${link}` : ''}`,
    `Counted as: ${counted}${a.checkedVerdict && a.verdict && a.checkedVerdict !== a.verdict ? ` (the check said ${VERDICT_LABEL[a.checkedVerdict]})` : ''}`,
  ];
  const why = whyText(a);
  if (why) lines.push(`Why: ${why}`);
  const removed = textRemovedNote(a);
  if (removed) lines.push(`${removed[0]!.toUpperCase()}${removed.slice(1)}.`);
  if (a.source) lines.push(`Source given: ${safeLine(a.source, LIMIT.source)}`);
  for (const m of a.matches.slice(0, 3)) lines.push(`Matches: ${matchLine(m, 200)}`);
  if (a.matches.length === 0) for (const m of a.nearest.slice(0, 1)) lines.push(`Nearest in the corpus: ${matchLine(m, 200)}`);
  for (const q of a.quotations.filter((x) => x.diff?.length).slice(0, 2)) lines.push(`Against the corpus: ${diffText(q.diff!, 300)}`);
  if (a.links.length) lines.push(`Links: ${a.links.slice(0, 3).map(safeLink).join(' ')}`);
  if (a.references.length) lines.push(`References: ${a.references.slice(0, 3).map((r) => safeLine(r, LIMIT.source)).join('; ')}`);
  if (a.challenge) lines.push(`Citation needed: challenged by ${safeLine(a.challenge.challengerName, LIMIT.name)}, ${a.challenge.status}.`);
  for (const o of rulings) {
    lines.push(`Ruling by ${safeLine(o.byName, LIMIT.name)} <t:${Math.floor(o.at / 1000)}:f>: ${o.previous} → ${o.verdict} — “${safeLine(o.reason, 200)}”`);
  }
  return { ephemeral: true, content: clip(lines.join('\n'), 1900) };
}
