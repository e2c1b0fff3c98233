/** How the score reads: verdict labels, a person's score, the leaderboard, challenge notices. Nothing pings. */
import type { Embed, Reply } from '../command.js';
import type { Verdict } from '../core/check/checker.js';
import type { ScoredArgument, Standing } from '../db/scores-repo.js';
import { clip, noPings } from '../present/safe.js';
import { citationRate, citedTotal, percent, tallyLine, type Tally } from './tally.js';

export const VERDICT_LABEL: Record<Verdict, string> = {
  verified: '✅ verified',
  cited: '📎 cited',
  unsourced: '❔ unsourced',
  misquoted: '❌ misquoted',
  misattributed: '❌ misattributed',
};

/** "argument #12 (Ann: “The Left Opposition…”)" — safe to show anywhere. */
export function argumentName(a: Pick<ScoredArgument, 'id' | 'userName' | 'text'>): string {
  return `argument #${a.id} (${noPings(a.userName)}: “${noPings(clip(a.text.replace(/\s+/g, ' '), 80))}”)`;
}

/** A link to the post that made a thread argument. */
export function jumpLink(a: Pick<ScoredArgument, 'guildId' | 'channelId' | 'messageId'>): string | null {
  return a.guildId && a.channelId && a.messageId ? `https://discord.com/channels/${a.guildId}/${a.channelId}/${a.messageId}` : null;
}

function tallyFields(t: Tally): Embed['fields'] {
  return [
    { name: 'Arguments', value: String(t.arguments), inline: true },
    { name: 'Cited', value: `${citedTotal(t)} (${t.verified} verified, ${t.cited} cited elsewhere)`, inline: true },
    { name: 'Citation rate', value: percent(citationRate(t)), inline: true },
    { name: 'Unsourced', value: String(t.unsourced), inline: true },
    { name: 'Misquoted', value: String(t.misquoted), inline: true },
    { name: 'Misattributed', value: String(t.misattributed), inline: true },
  ];
}

/** /score: one person's tally in this server, all time and over the last 30 days. */
export function scoreReply(name: string, self: boolean, all: Tally, month: Tally): Reply {
  const who = self ? 'You have' : `${noPings(name)} has`;
  if (all.arguments === 0) {
    return { ephemeral: true, content: `${who} made no scored argument in a debate on this server yet. Arguments made with /argue, "Use as argument" or in a debate thread on your turn count.` };
  }
  return {
    ephemeral: true,
    embeds: [
      {
        title: `Score: ${noPings(name)}`.slice(0, 256),
        description: `All time: ${tallyLine(all)}.\nLast 30 days: ${tallyLine(month)}.`,
        fields: tallyFields(all),
        footer: 'Cited = verified against the corpus + cited elsewhere. Moderators may override a verdict.',
        color: 0x5865f2,
      },
    ],
  };
}

export type Period = 'week' | 'month' | 'all';
export const PERIOD_LABEL: Record<Period, string> = { week: 'the last 7 days', month: 'the last 30 days', all: 'all time' };

/** /leaderboard: the top debaters of this server by arguments cited. */
export function leaderboardReply(rows: readonly Standing[], period: Period, limit = 10): Reply {
  if (rows.length === 0) {
    return { ephemeral: true, content: `No scored arguments on this server over ${PERIOD_LABEL[period]} yet. Start a debate with /debate start.` };
  }
  const lines = rows.slice(0, limit).map((r, i) => {
    const t = r.tally;
    const wrong = t.misquoted + t.misattributed;
    return `**${i + 1}.** ${noPings(clip(r.name, 40))} — ${citedTotal(t)} cited of ${t.arguments} (${percent(citationRate(t))})` +
      `${t.unsourced ? `, ${t.unsourced} unsourced` : ''}${wrong ? `, ${wrong} mis${t.misattributed && !t.misquoted ? 'attributed' : t.misquoted && !t.misattributed ? 'quoted' : 'quoted or misattributed'}` : ''}`;
  });
  return {
    embeds: [
      {
        title: `Leaderboard: ${PERIOD_LABEL[period]}`,
        description: lines.join('\n'),
        footer: `${rows.length} debater${rows.length === 1 ? '' : 's'} · ranked by arguments cited, then citation rate`,
        color: 0xfee75c,
      },
    ],
  };
}

/** The line under an argument's announcement: its number and verdict. */
export function verdictLine(a: Pick<ScoredArgument, 'id' | 'verdict'>): string {
  return `-# Argument #${a.id} · ${a.verdict ? VERDICT_LABEL[a.verdict] : 'not yet checked'}`;
}

export function challengeNotice(a: ScoredArgument, challengerName: string, dueAt: number): Reply {
  const where = jumpLink(a);
  return {
    content:
      `📌 **Citation needed** — ${noPings(challengerName)} challenges ${argumentName(a)}${where ? ` ${where}` : ''}. ` +
      `<@${a.userId}>, add a source before <t:${Math.ceil(dueAt / 1000)}:T> (<t:${Math.ceil(dueAt / 1000)}:R>) with /argue source:<link, reference or quotation id>, ` +
      'or reply to your post with "Source: …"; otherwise it is scored unsourced.',
    allowedUserMentions: [a.userId],
  };
}

export function answeredNotice(a: ScoredArgument, verdict: Verdict): string {
  return `✅ ${noPings(a.userName)} added a source to ${argumentName(a)}: now ${VERDICT_LABEL[verdict]}.`;
}

export function expiredNotice(a: ScoredArgument, verdict: Verdict): string {
  return `⌛ No source came in time for ${argumentName(a)}: it is scored ${VERDICT_LABEL[verdict]}.`;
}
