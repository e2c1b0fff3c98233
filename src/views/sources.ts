/**
 * How a review of sources looks — /sources over a thread, "Check sources" on one message — in Discord and the
 * console alike, and as a Markdown export. A message that is a recorded debate argument shows the verdict the
 * score stores for it (after any challenge or ruling) and counts in the tallies as the score counts it; any
 * other message is checked now, and the review says so; a verdict checked against a server's own text removed
 * since says so too. Nothing here can ping, a link with an unsafe scheme
 * (javascript:, data:, …) is never clickable, and long messages are clipped.
 */
import type { Button, Embed, Reply } from '../seam/reply.js';
import type { ArgumentCheck, Checker, CheckMatch, CheckedQuotation, Verdict } from '../core/check/checker.js';
import type { ScoredArgument } from '../core/score/argument.js';
import { accusationWhy } from './accusation.js';
import { count, emptyTally, tallyLine, type Tally } from '../core/score/tally.js';
import { diffText, statusNotes, verdictText, whyText, type ShownArgument } from './argument.js';
import { blockQuote, inertLink, LIMIT, safeLine, safeLink, safeText } from './safe.js';
import { placeLabel, speakerLabel } from './passage.js';
import { QUOTATION_LABEL, VERDICT_LABEL, verdictLabel } from './verdicts.js';

export { inertLink, safeLink };

/** A message to review, as the channel gateway or the debate store gives it. */
export interface SourceMessage {
  id: string;
  authorId: string;
  authorName: string;
  content: string;
  /** The recorded debate argument this message is (or was made by), with its stored verdict. */
  argument?: ShownArgument;
}

export interface ReviewedMessage extends SourceMessage {
  /** What the check found: as stored for a recorded argument, else checked now. */
  check: ArgumentCheck;
  /** The verdict shown and counted: the stored one for a recorded argument. */
  verdict: Verdict;
  /** Why the verdict, when it accuses (or when it is a paraphrase); safe. */
  why: string | null;
}

/** One person's tally in the review (the one tally, as /score counts). */
export interface PersonTally {
  authorId: string;
  authorName: string;
  tally: Tally;
}

export interface Review {
  /** Where the messages come from, shown as a channel mention. */
  channelId: string;
  guildId: string | null;
  /** Messages with text, oldest first, each with its verdict. */
  items: ReviewedMessage[];
  /** Per person: the recorded arguments counted (as the score counts them); with none recorded, every message. */
  tallies: PersonTally[];
  /** How many items are recorded debate arguments. */
  recorded: number;
  /** Messages looked at (with or without text). */
  scanned: number;
  /** Where they came from, when not the channel's history ("the arguments recorded for its debate"). */
  origin?: string;
}

/** What the check of a recorded argument found, from what is stored with it. */
export function storedCheck(a: ScoredArgument): ArgumentCheck {
  return {
    verdict: a.checkedVerdict ?? 'unsourced',
    quotations: a.quotations,
    matches: a.matches,
    nearest: a.nearest,
    links: a.links,
    unsafeLinks: a.unsafeLinks,
    references: a.references,
    ...(a.refused ? { refused: a.refused } : {}),
    notInCorpus: a.notInCorpus,
    explanation: a.explanation,
  };
}

/** Whether a recorded argument counts in the score (checked, its post not deleted, not a repeat). */
const counts = (a: ScoredArgument): boolean => a.verdict !== null && a.removedAt === null && a.duplicateOf === null;

/** Reviews every message with text: a recorded argument by its stored verdict, any other checked now; and tallies them. */
export function buildReview(messages: readonly SourceMessage[], checker: Checker, where: { channelId: string; guildId: string | null; origin?: string }): Review {
  const items: ReviewedMessage[] = [];
  for (const m of messages) {
    const a = m.argument;
    if (a?.verdict) {
      items.push({ ...m, check: storedCheck(a), verdict: a.verdict, why: whyText(a) });
      continue;
    }
    if (!m.content.trim()) continue;
    const check = checker.check(m.content);
    const why = accusationWhy(check);
    items.push({ ...m, argument: undefined, check, verdict: check.verdict, why: why ? safeText(why, LIMIT.explanation) : null });
  }
  const recorded = items.filter((i) => i.argument).length;
  const byPerson = new Map<string, PersonTally>();
  for (const item of items) {
    if (recorded > 0 && !(item.argument && counts(item.argument))) continue;
    let t = byPerson.get(item.authorId);
    if (!t) byPerson.set(item.authorId, (t = { authorId: item.authorId, authorName: item.authorName, tally: emptyTally() }));
    t.authorName = item.authorName;
    count(t.tally, item.verdict);
  }
  const tallies = [...byPerson.values()].sort((a, b) => b.tally.arguments - a.tally.arguments || a.authorName.localeCompare(b.authorName));
  return { ...where, items, tallies, recorded, scanned: messages.length };
}

function matchLine(m: CheckMatch, textMax: number): string {
  const who = `**${speakerLabel(m.speaker)}**`;
  const where = placeLabel(m);
  const source = m.source ? ` · Source: ${safeLine(m.source, LIMIT.source)}` : '';
  return `“${safeText(m.text, textMax)}” — ${who}, ${where}${source}`;
}

function quotationLine(q: CheckedQuotation, textMax: number): string {
  const to = q.attributedTo ? ` (credited to ${safeLine(q.attributedTo, LIMIT.speaker)})` : '';
  const why = q.verdict === 'verified' || q.reason === 'ok' ? '' : ` — ${safeLine(q.reason, 120)}`;
  const diff = q.diff?.length ? `\n  Against the corpus: ${diffText(q.diff, textMax + 100)}` : '';
  return `“${safeText(q.text, textMax)}”${to}: ${QUOTATION_LABEL[q.verdict]}${why}${diff}`;
}

interface Budget {
  excerpt: number;
  quote: number;
  match: number;
  max: number;
}

const PAGE_BUDGET: Budget = { excerpt: 220, quote: 160, match: 200, max: 3 };
const SINGLE_BUDGET: Budget = { excerpt: 600, quote: 400, match: 500, max: 6 };

/** The details of one check: why, quotations, matched passages, links, references. */
function checkLines(check: ArgumentCheck, why: string | null, b: Budget): string[] {
  const lines: string[] = [];
  if (check.refused === 'too-long') lines.push('Not checked: longer than 4,000 characters.');
  if (why) lines.push(`Why: ${why}`);
  for (const q of check.quotations.slice(0, b.max)) lines.push(`• ${quotationLine(q, b.quote)}`);
  if (check.quotations.length > b.max) lines.push(`• … and ${check.quotations.length - b.max} more quotation(s)`);
  for (const m of check.matches.slice(0, b.max)) lines.push(`↳ ${matchLine(m, b.match)}`);
  if (check.matches.length === 0) for (const m of check.nearest.slice(0, 1)) lines.push(`↳ Nearest in the corpus: ${matchLine(m, b.match)}`);
  if (check.links.length) lines.push(`🔗 ${check.links.slice(0, b.max).map(safeLink).join(' · ')}`);
  if (check.references.length) lines.push(`📖 ${check.references.slice(0, b.max).map((r) => safeLine(r, LIMIT.source)).join(' · ')}`);
  if (check.unsafeLinks.length) lines.push(`⛔ Unsafe link${check.unsafeLinks.length > 1 ? 's' : ''}, not a source: ${check.unsafeLinks.slice(0, b.max).map(inertLink).join(' ')}`);
  return lines;
}

function jumpUrl(review: Pick<Review, 'guildId' | 'channelId'>, messageId: string): string | null {
  return review.guildId && /^\d+$/.test(messageId) ? `https://discord.com/channels/${review.guildId}/${review.channelId}/${messageId}` : null;
}

/** The verdict of an item, labelled, with the notes that stand on a recorded argument. */
function itemLabel(item: ReviewedMessage): string {
  const a = item.argument;
  if (!a) return verdictLabel(item.verdict, { notInCorpus: item.check.notInCorpus });
  return [verdictText(a), ...statusNotes(a)].join(' · ');
}

const NOT_RECORDED = 'not a recorded argument: checked now, not scored';

/** "#3 · Ann" for a recorded argument; "Ann" for another message in a debate review; "3. Ann" where nothing is recorded. */
function itemHead(review: Review, item: ReviewedMessage, n: number): string {
  const name = safeLine(item.authorName, LIMIT.name);
  if (item.argument) return `**#${item.argument.number} · ${name}**`;
  return review.recorded > 0 ? `**${name}**` : `**${n}. ${name}**`;
}

function itemText(review: Review, item: ReviewedMessage, n: number): string {
  const jump = jumpUrl(review, item.id);
  const aside = !item.argument && review.recorded > 0 ? ` · ${NOT_RECORDED}` : '';
  const head = `${itemHead(review, item, n)} — ${itemLabel(item)}${aside}${jump ? ` · [message](${jump})` : ''}`;
  return [head, blockQuote(safeText(item.content, PAGE_BUDGET.excerpt)), ...checkLines(item.check, item.why, PAGE_BUDGET)].join('\n');
}

const PAGE_CHARS = 3400;
const PAGE_ITEMS = 5;
const TALLY_CHARS = 1500;

/** Splits the review into pages: at most 5 messages and about 3,400 characters each. Indexes into items. */
export function paginate(review: Review): number[][] {
  const pages: number[][] = [];
  let page: number[] = [];
  let size = 0;
  review.items.forEach((item, i) => {
    const len = itemText(review, item, i + 1).length + 2;
    if (page.length && (page.length >= PAGE_ITEMS || size + len > PAGE_CHARS)) {
      pages.push(page);
      page = [];
      size = 0;
    }
    page.push(i);
    size += len;
  });
  if (page.length) pages.push(page);
  return pages;
}

function talliesText(review: Review): string {
  const lines: string[] = [];
  let size = 0;
  for (const [i, t] of review.tallies.entries()) {
    const line = `**${safeLine(t.authorName, LIMIT.name)}** — ${tallyLine(t.tally)}`;
    if (size + line.length + 1 > TALLY_CHARS - 60) {
      lines.push(`… and ${review.tallies.length - i} more (see the export)`);
      break;
    }
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n');
}

/** What the review holds, in a sentence: recorded arguments (counted as the score counts) and other messages. */
function summary(review: Review, where: string): string {
  const origin = review.origin ? ` (${review.origin})` : '';
  const others = review.items.length - review.recorded;
  if (review.recorded === 0) {
    return `${review.items.length} message${review.items.length === 1 ? '' : 's'} in ${where}${origin}. None is a recorded debate argument: each is checked now, and none counts in a score.`;
  }
  return (
    `${review.recorded} recorded argument${review.recorded === 1 ? '' : 's'} in ${where}${origin}, with the verdicts the score holds` +
    `${others ? `; ${others} other message${others === 1 ? '' : 's'} checked now, not scored` : ''}.`
  );
}

export interface PageIds {
  prev: string | null;
  next: string | null;
  /** The "Export as Markdown" button; null to leave it out. */
  export: string | null;
}

/** One page of a review: its messages, everyone's tallies, paging and export buttons. */
export function reviewPageReply(review: Review, pageIndex: number, ids: PageIds): Reply {
  const where = `<#${review.channelId}>`;
  if (review.items.length === 0) {
    const why = review.scanned === 0 ? 'There are no messages to review' : `None of the ${review.scanned} message(s) has text I can read`;
    return { ephemeral: true, content: `${why} in ${where}${review.origin ? ` (${review.origin})` : ''}.` };
  }
  const pages = paginate(review);
  const index = Math.min(Math.max(0, pageIndex), pages.length - 1);
  const page = pages[index]!;
  const body = page.map((i) => itemText(review, review.items[i]!, i + 1)).join('\n\n');
  const embeds: Embed[] = [
    {
      title: 'Sources review',
      description: `${summary(review, where)}\n\n${talliesText(review)}`,
      color: 0x8b1e1e,
    },
    {
      description: body,
      footer: `Messages ${page[0]! + 1}–${page[page.length - 1]! + 1} of ${review.items.length} · page ${index + 1} of ${pages.length}`,
      color: 0x8b1e1e,
    },
  ];
  const buttons: Button[] = [];
  if (ids.prev && index > 0) buttons.push({ customId: ids.prev, label: '◀ Previous', style: 'secondary' });
  if (ids.next && index < pages.length - 1) buttons.push({ customId: ids.next, label: 'Next ▶', style: 'secondary' });
  if (ids.export) buttons.push({ customId: ids.export, label: 'Export as Markdown', style: 'primary' });
  return { embeds, buttons: buttons.length ? [buttons] : undefined };
}

// ---- Markdown export --------------------------------------------------------------------------------

const cell = (s: string) => safeLine(s, LIMIT.name).replace(/\|/g, '\\|');

function markdownMatch(m: CheckMatch): string {
  const who = speakerLabel(m.speaker);
  const where = placeLabel(m);
  return `“${safeText(m.text, 1000)}” — ${who}, ${where}${m.source ? `. Source: ${safeLine(m.source, LIMIT.source)}` : ''}`;
}

const pct = (t: Tally) => (t.arguments ? `${Math.round((100 * (t.verified + t.cited)) / t.arguments)}%` : '—');

/** The whole review as a Markdown document (every message, clipped at 2,000 characters), with the same verdicts and tallies. */
export function reviewMarkdown(review: Review, generatedAt: Date): string {
  const out = [
    '# Sources review',
    '',
    `${summary(review, `Channel ${review.channelId}`)} Generated ${generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
    '',
    '## Per person',
    '',
    '| Person | Arguments | Cited | Verified | Unsourced | Misquoted | Misattributed | Cited rate |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...review.tallies.map(({ authorName, tally: t }) => `| ${cell(authorName)} | ${t.arguments} | ${t.verified + t.cited} | ${t.verified} | ${t.unsourced} | ${t.misquoted} | ${t.misattributed} | ${pct(t)} |`),
    '',
    '## Messages',
  ];
  review.items.forEach((item, i) => {
    const c = item.check;
    const head = item.argument ? `#${item.argument.number} ${safeLine(item.authorName, LIMIT.name)}` : review.recorded > 0 ? safeLine(item.authorName, LIMIT.name) : `${i + 1}. ${safeLine(item.authorName, LIMIT.name)}`;
    out.push('', `### ${head} — ${itemLabel(item)}${!item.argument && review.recorded > 0 ? ` (${NOT_RECORDED})` : ''}`, '');
    const jump = jumpUrl(review, item.id);
    if (jump) out.push(`<${jump}>`, '');
    out.push(blockQuote(safeText(item.content, 2000)), '');
    if (c.refused === 'too-long') out.push('- Not checked: longer than 4,000 characters.');
    if (item.why) out.push(`- Why: ${item.why}`);
    for (const q of c.quotations) {
      out.push(`- Quotation: “${safeText(q.text, 1000)}”${q.attributedTo ? `, credited to ${safeLine(q.attributedTo, LIMIT.speaker)}` : ''} — ${QUOTATION_LABEL[q.verdict]}${q.reason && q.reason !== 'ok' ? ` (${safeLine(q.reason, 200)})` : ''}`);
      if (q.diff?.length) out.push(`  - Against the corpus: ${diffText(q.diff, 1500)}`);
    }
    for (const m of c.matches) out.push(`  - Matched: ${markdownMatch(m)}`);
    if (c.matches.length === 0) for (const m of c.nearest) out.push(`  - Nearest in the corpus: ${markdownMatch(m)}`);
    for (const l of c.links) out.push(`- Link: ${safeLink(l)}`);
    for (const r of c.references) out.push(`- Reference: ${safeLine(r, LIMIT.source)}`);
    for (const u of c.unsafeLinks) out.push(`- Unsafe link, not a source: ${inertLink(u)}`);
    if (!c.quotations.length && !c.links.length && !c.references.length) out.push('- No quotation, link or reference.');
  });
  return `${out.join('\n')}\n`;
}

// ---- one message ------------------------------------------------------------------------------------

/**
 * "Check sources" on one message: its verdict, the quotations found and the passages they match. A recorded
 * debate argument shows the verdict the score holds; any other message is checked now, and it says so.
 */
export function messageCheckReply(message: Pick<SourceMessage, 'authorName' | 'content'>, check: ArgumentCheck, recorded?: ShownArgument | null): Reply {
  const a = recorded?.verdict ? recorded : null;
  if (!a && check.refused === 'empty') {
    return { ephemeral: true, content: 'This message has no text to check (only an image, embed or attachment?).' };
  }
  const shown = a ? storedCheck(a) : check;
  const verdict = a ? a.verdict! : check.verdict;
  const whyLive = a ? null : accusationWhy(check);
  const lines = checkLines(shown, a ? whyText(a) : whyLive ? safeText(whyLive, LIMIT.explanation) : null, SINGLE_BUDGET);
  if (shown.refused !== 'too-long' && !shown.quotations.length && !shown.links.length && !shown.references.length && verdict === 'unsourced') {
    lines.push('No quotation, link or reference found: this argument is unsourced. Find a sourced quotation with /quote.');
  }
  // Whole lines only, so that no Markdown is cut in half.
  const kept: string[] = [];
  let size = 0;
  for (const line of lines) {
    if (size + line.length + 1 > 3000) {
      kept.push('… (more than fits here)');
      break;
    }
    kept.push(line);
    size += line.length + 1;
  }
  const status = a
    ? `Recorded as argument #${a.number} of its debate: the verdict the score holds${statusNotes(a).length ? ` (${statusNotes(a).join('; ')})` : ''}.`
    : 'Not a recorded debate argument: checked now, not scored.';
  const label = a ? verdictText(a) : verdictLabel(check.verdict, { notInCorpus: check.notInCorpus });
  return {
    ephemeral: true,
    embeds: [
      {
        title: `Sources: ${label}`,
        description: `**${safeLine(message.authorName, LIMIT.name)}** wrote:\n${blockQuote(safeText(message.content, SINGLE_BUDGET.excerpt))}\n\n${status}\n${kept.join('\n')}`,
        footer:
          `${VERDICT_LABEL.verified}: the corpus confirms the words and the speaker · ${VERDICT_LABEL.cited}: a link or reference is given · ` +
          `${VERDICT_LABEL.misquoted} / ${VERDICT_LABEL.misattributed}: the corpus has the words otherwise, or from someone else`,
        color: verdict === 'verified' || verdict === 'cited' ? 0x57f287 : verdict === 'unsourced' ? 0x99aab5 : 0xed4245,
      },
    ],
  };
}
