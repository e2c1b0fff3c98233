/**
 * How a review of sources looks — /sources over a thread, "Check sources" on one message — in Discord and the
 * console alike, and as a Markdown export. Nothing here can ping (mentions are neutralised and replies go out
 * with no allowed mentions), a link with an unsafe scheme (javascript:, data:, …) is never clickable, and
 * long messages are clipped.
 */
import type { Button, Embed, Reply } from '../command.js';
import type { ArgumentCheck, Checker, CheckMatch, CheckedQuotation, Verdict } from '../core/check/checker.js';
import { blockQuote, clip, noPings, safeText, UNSAFE_SCHEME } from './safe.js';

/** A message to review, as the channel gateway or the debate store gives it. */
export interface SourceMessage {
  id: string;
  authorId: string;
  authorName: string;
  content: string;
}

export interface ReviewedMessage extends SourceMessage {
  check: ArgumentCheck;
}

/** One person's arguments in the review. cited = verified + cited. */
export interface PersonTally {
  authorId: string;
  authorName: string;
  arguments: number;
  cited: number;
  verified: number;
  unsourced: number;
  misquoted: number;
  misattributed: number;
}

export interface Review {
  /** Where the messages come from, shown as a channel mention. */
  channelId: string;
  guildId: string | null;
  /** Messages with text, oldest first, each with its check. */
  items: ReviewedMessage[];
  tallies: PersonTally[];
  /** Messages looked at (with or without text). */
  scanned: number;
  /** Where they came from, when not the channel's history ("the arguments stored for this debate"). */
  origin?: string;
}

export const VERDICT_LABEL: Record<Verdict, string> = {
  verified: '✅ verified',
  cited: '📚 cited',
  misquoted: '⚠️ misquoted',
  misattributed: '❌ misattributed',
  unsourced: '❔ unsourced',
};

const QUOTE_LABEL: Record<CheckedQuotation['verdict'], string> = {
  verified: '✅ verified',
  misquoted: '⚠️ misquoted',
  misattributed: '❌ misattributed',
  unchecked: '· not checked',
};

/** Checks every message with text and counts each person's verdicts. */
export function buildReview(messages: readonly SourceMessage[], checker: Checker, where: { channelId: string; guildId: string | null; origin?: string }): Review {
  const items: ReviewedMessage[] = [];
  const byPerson = new Map<string, PersonTally>();
  for (const m of messages) {
    if (!m.content.trim()) continue;
    const check = checker.check(m.content);
    items.push({ ...m, check });
    let t = byPerson.get(m.authorId);
    if (!t) {
      t = { authorId: m.authorId, authorName: m.authorName, arguments: 0, cited: 0, verified: 0, unsourced: 0, misquoted: 0, misattributed: 0 };
      byPerson.set(m.authorId, t);
    }
    t.authorName = m.authorName;
    t.arguments++;
    if (check.verdict === 'verified') t.verified++;
    if (check.verdict === 'verified' || check.verdict === 'cited') t.cited++;
    else t[check.verdict]++;
  }
  const tallies = [...byPerson.values()].sort((a, b) => b.arguments - a.arguments || a.authorName.localeCompare(b.authorName));
  return { ...where, items, tallies, scanned: messages.length };
}

// ---- safe text --------------------------------------------------------------------------------------

/** A safe (http/https) link, shown without a preview; anything else is shown as inert code. */
export function safeLink(url: string): string {
  const u = url.trim();
  if (/^https?:\/\/[^\s<>]+$/i.test(u) && u.length <= 300) return `<${noPings(u)}>`;
  return inertLink(u);
}

/** An unsafe link, shown as code and defanged so that it cannot be clicked or copied as a working link. */
export function inertLink(url: string): string {
  const shown = clip(url, 100).replace(/`/g, 'ˋ').replace(/\n/g, ' ').replace(UNSAFE_SCHEME, '$1$2\u200b:');
  return `\`${noPings(shown)}\``;
}

function matchLine(m: CheckMatch, textMax: number): string {
  const who = m.speaker ? `**${safeText(m.speaker, 80)}**` : '**unattributed**';
  const where = `*${safeText(m.document.title, 120)}*${m.location ? `, ${safeText(m.location, 40)}` : ''}`;
  const source = m.source ? ` · Source: ${safeText(m.source, 200)}` : '';
  return `“${safeText(m.text, textMax)}” — ${who}, ${where}${source}`;
}

function quotationLine(q: CheckedQuotation, textMax: number): string {
  const to = q.attributedTo ? ` (credited to ${safeText(q.attributedTo, 60)})` : '';
  const why = q.verdict === 'verified' || q.reason === 'ok' ? '' : ` — ${safeText(q.reason, 120)}`;
  return `“${safeText(q.text, textMax)}”${to}: ${QUOTE_LABEL[q.verdict]}${why}`;
}

interface Budget {
  excerpt: number;
  quote: number;
  match: number;
  max: number;
}

const PAGE_BUDGET: Budget = { excerpt: 220, quote: 160, match: 200, max: 3 };
const SINGLE_BUDGET: Budget = { excerpt: 600, quote: 400, match: 500, max: 6 };

/** The details of one check: quotations, matched passages, links, references. */
function checkLines(check: ArgumentCheck, b: Budget): string[] {
  const lines: string[] = [];
  if (check.refused === 'too-long') lines.push('Not checked: longer than 4,000 characters.');
  for (const q of check.quotations.slice(0, b.max)) lines.push(`• ${quotationLine(q, b.quote)}`);
  if (check.quotations.length > b.max) lines.push(`• … and ${check.quotations.length - b.max} more quotation(s)`);
  for (const m of check.matches.slice(0, b.max)) lines.push(`↳ ${matchLine(m, b.match)}`);
  if (check.matches.length === 0) for (const m of check.nearest.slice(0, 1)) lines.push(`↳ Nearest in the corpus: ${matchLine(m, b.match)}`);
  if (check.links.length) lines.push(`🔗 ${check.links.slice(0, b.max).map(safeLink).join(' · ')}`);
  if (check.references.length) lines.push(`📖 ${check.references.slice(0, b.max).map((r) => safeText(r, 150)).join(' · ')}`);
  if (check.unsafeLinks.length) lines.push(`⛔ Unsafe link${check.unsafeLinks.length > 1 ? 's' : ''}, not a source: ${check.unsafeLinks.slice(0, b.max).map(inertLink).join(' ')}`);
  return lines;
}

function jumpUrl(review: Pick<Review, 'guildId' | 'channelId'>, messageId: string): string | null {
  return review.guildId && /^\d+$/.test(messageId) ? `https://discord.com/channels/${review.guildId}/${review.channelId}/${messageId}` : null;
}

function renderItem(review: Review, item: ReviewedMessage, n: number): string {
  const jump = jumpUrl(review, item.id);
  const head = `**${n}. ${safeText(item.authorName, 60)}** — ${VERDICT_LABEL[item.check.verdict]}${jump ? ` · [message](${jump})` : ''}`;
  return [head, blockQuote(safeText(item.content, PAGE_BUDGET.excerpt)), ...checkLines(item.check, PAGE_BUDGET)].join('\n');
}

function rate(t: PersonTally): string {
  return t.arguments ? `${Math.round((100 * t.cited) / t.arguments)}%` : '—';
}

function tallyLine(t: PersonTally): string {
  const parts = [`${t.cited} cited${t.verified ? ` (${t.verified} verified)` : ''}`, `${t.unsourced} unsourced`];
  if (t.misquoted) parts.push(`${t.misquoted} misquoted`);
  if (t.misattributed) parts.push(`${t.misattributed} misattributed`);
  return `**${safeText(t.authorName, 60)}** — ${t.arguments} argument${t.arguments === 1 ? '' : 's'}: ${parts.join(', ')} · ${rate(t)} cited`;
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
    const len = renderItem(review, item, i + 1).length + 2;
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
    const line = tallyLine(t);
    if (size + line.length + 1 > TALLY_CHARS - 60) {
      lines.push(`… and ${review.tallies.length - i} more (see the export)`);
      break;
    }
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n');
}

export interface PageIds {
  prev: string | null;
  next: string | null;
  /** The "Export as Markdown" button; null to leave it out. */
  export: string | null;
}

/** One page of a review: its messages, everyone's tallies, paging and export buttons. */
export function renderReviewPage(review: Review, pageIndex: number, ids: PageIds): Reply {
  const where = `<#${review.channelId}>`;
  if (review.items.length === 0) {
    const why = review.scanned === 0 ? 'There are no messages to review' : `None of the ${review.scanned} message(s) has text I can read`;
    return { ephemeral: true, content: `${why} in ${where}${review.origin ? ` (${review.origin})` : ''}.` };
  }
  const pages = paginate(review);
  const index = Math.min(Math.max(0, pageIndex), pages.length - 1);
  const page = pages[index]!;
  const body = page.map((i) => renderItem(review, review.items[i]!, i + 1)).join('\n\n');
  const embeds: Embed[] = [
    {
      title: 'Sources review',
      description: `${review.items.length} argument${review.items.length === 1 ? '' : 's'} in ${where}${review.origin ? ` (${review.origin})` : ''}.\n\n${talliesText(review)}`,
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

const cell = (s: string) => safeText(s, 80).replace(/\|/g, '\\|').replace(/\n/g, ' ');

function markdownMatch(m: CheckMatch): string {
  const who = m.speaker ? safeText(m.speaker, 120) : 'unattributed';
  const where = `*${safeText(m.document.title, 200)}*${m.location ? `, ${safeText(m.location, 60)}` : ''}`;
  return `“${safeText(m.text, 1000)}” — ${who}, ${where}${m.source ? `. Source: ${safeText(m.source, 400)}` : ''}`;
}

/** The whole review as a Markdown document (every message, clipped at 2,000 characters). */
export function reviewMarkdown(review: Review, generatedAt: Date): string {
  const out = [
    '# Sources review',
    '',
    `Channel ${review.channelId}${review.origin ? ` (${review.origin})` : ''}: ${review.items.length} argument(s) checked against the corpus, ${generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
    '',
    '## Per person',
    '',
    '| Person | Arguments | Cited | Verified | Unsourced | Misquoted | Misattributed | Cited rate |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...review.tallies.map((t) => `| ${cell(t.authorName)} | ${t.arguments} | ${t.cited} | ${t.verified} | ${t.unsourced} | ${t.misquoted} | ${t.misattributed} | ${rate(t)} |`),
    '',
    '## Messages',
  ];
  review.items.forEach((item, i) => {
    const c = item.check;
    out.push('', `### ${i + 1}. ${safeText(item.authorName, 100)} — ${c.verdict}`, '');
    const jump = jumpUrl(review, item.id);
    if (jump) out.push(`<${jump}>`, '');
    out.push(blockQuote(safeText(item.content, 2000)), '');
    if (c.refused === 'too-long') out.push('- Not checked: longer than 4,000 characters.');
    for (const q of c.quotations) {
      out.push(`- Quotation: “${safeText(q.text, 1000)}”${q.attributedTo ? `, credited to ${safeText(q.attributedTo, 120)}` : ''} — ${q.verdict}${q.reason && q.reason !== 'ok' ? ` (${safeText(q.reason, 200)})` : ''}`);
    }
    for (const m of c.matches) out.push(`  - Matched: ${markdownMatch(m)}`);
    if (c.matches.length === 0) for (const m of c.nearest) out.push(`  - Nearest in the corpus: ${markdownMatch(m)}`);
    for (const l of c.links) out.push(`- Link: ${safeLink(l)}`);
    for (const r of c.references) out.push(`- Reference: ${safeText(r, 400)}`);
    for (const u of c.unsafeLinks) out.push(`- Unsafe link, not a source: ${inertLink(u)}`);
    if (!c.quotations.length && !c.links.length && !c.references.length) out.push('- No quotation, link or reference.');
  });
  return `${out.join('\n')}\n`;
}

// ---- one message ------------------------------------------------------------------------------------

/** "Check sources" on one message: its verdict, the quotations found and the passages they match. */
export function renderMessageCheck(message: Pick<SourceMessage, 'authorName' | 'content'>, check: ArgumentCheck): Reply {
  if (check.refused === 'empty') {
    return { ephemeral: true, content: 'This message has no text to check (only an image, embed or attachment?).' };
  }
  const lines = checkLines(check, SINGLE_BUDGET);
  if (check.refused !== 'too-long' && !check.quotations.length && !check.links.length && !check.references.length) {
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
  const details = kept.join('\n');
  return {
    ephemeral: true,
    embeds: [
      {
        title: `Sources: ${VERDICT_LABEL[check.verdict]}`,
        description: `**${safeText(message.authorName, 60)}** wrote:\n${blockQuote(safeText(message.content, SINGLE_BUDGET.excerpt))}\n\n${details}`,
        footer: 'Checked against the corpus. verified: the words and the speaker match · cited: a link or reference is given · misquoted / misattributed: words or speaker differ from the corpus',
        color: check.verdict === 'verified' || check.verdict === 'cited' ? 0x57f287 : check.verdict === 'unsourced' ? 0x99aab5 : 0xed4245,
      },
    ],
  };
}
