/** How /quote results look, in Discord and in the console alike. */
import type { Button, Reply } from '../seam/reply.js';
import type { QuoteResult } from '../core/types.js';
import { blockQuote, LIMIT, plainLine, safeLine, safeText } from './safe.js';
import { clip } from '../core/text.js';
import { placeLabel, speakerLabel } from './passage.js';

export interface QuotePage {
  /** What was asked, shown back to the user. */
  asked: string;
  speaker: string | null;
  results: QuoteResult[];
  offset: number;
  total: number;
  note: string | null;
  /** customIds of the "Use as argument" buttons, one per result (omitted where ids do not fit). */
  useIds?: string[];
  /** The words shown of each result: its best window (…with ellipses…) for a long one, null for the whole text. */
  shown?: (string | null)[];
  /** customIds of the "Whole passage" buttons, one per result, null where the whole text is shown. */
  wholeIds?: (string | null)[];
  /** customIds for the paging buttons, null where there is no such page. */
  prevId: string | null;
  nextId: string | null;
}

const DESCRIPTION_BUDGET = 3800; // Discord allows 4096 characters in an embed description

/** One result: the words (`shown`, or the whole text), then who, where, and the original source. */
export function resultText(r: QuoteResult, n: number, budget: number, shown: string | null = null): string {
  const { head, tail } = frame(r, n);
  const words = blockQuote(safeText(shown ?? r.text, Math.max(120, budget - head.length - tail.length)));
  return `${head}${words}${tail}`;
}

function frame(r: QuoteResult, n: number): { head: string; tail: string } {
  const where = `${placeLabel(r)}${r.library === 'server' ? " · this server's library" : ''}`;
  const who = `**${speakerLabel(r.speaker)}**`;
  const source = r.source ? `\nSource: ${safeLine(r.source, LIMIT.source)}` : '';
  return { head: `**${n}.**\n`, tail: `\n— ${who} · ${where}${source}` };
}

/** The characters a page of `count` results has for the words of result number n (what resultText gives them). */
export function roomForWords(r: QuoteResult, n: number, count: number): number {
  const { head, tail } = frame(r, n);
  return Math.max(120, perResult(count) - head.length - tail.length);
}

const perResult = (count: number) => Math.floor(DESCRIPTION_BUDGET / count) - 4;

/** "Whole passage N": the result's whole text, to its reader only, within Discord's limits. */
export function wholePassageReply(r: QuoteResult, n: number): Reply {
  return {
    ephemeral: true,
    embeds: [{ title: clip(`Whole passage ${n}`, LIMIT.heading), description: resultText(r, n, DESCRIPTION_BUDGET), color: 0x8b1e1e }],
  };
}

export function quotePageReply(page: QuotePage): Reply {
  const { results, offset, total } = page;
  const asked = safeLine(page.asked, LIMIT.query);
  const speaker = page.speaker ? safeLine(page.speaker, LIMIT.speaker) : null;
  if (results.length === 0) {
    return {
      ephemeral: true,
      content: `Nothing found for “${asked}”${speaker ? ` by ${speaker}` : ''}. Try fewer or different words, or another spelling.`,
    };
  }
  const per = perResult(results.length);
  const body = results.map((r, i) => resultText(r, offset + i + 1, per, page.shown?.[i] ?? null)).join('\n\n');
  const buttons: Button[] = [];
  if (page.prevId) buttons.push({ customId: page.prevId, label: '◀ Previous', style: 'secondary' });
  if (page.nextId) buttons.push({ customId: page.nextId, label: 'Next ▶', style: 'secondary' });
  const rows: Button[][] = [];
  const use = (page.useIds ?? [])
    .map((customId, i) => ({ customId, label: `Use ${offset + i + 1} as argument`, style: 'primary' as const }))
    .filter((b) => b.customId.length <= 100);
  for (let i = 0; i < use.length; i += 5) rows.push(use.slice(i, i + 5));
  const whole = (page.wholeIds ?? [])
    .map((customId, i): Button | null => (customId ? { customId, label: `Whole passage ${offset + i + 1}`, style: 'secondary' } : null))
    .filter((b): b is Button => b !== null && b.customId.length <= 100);
  for (let i = 0; i < whole.length; i += 5) rows.push(whole.slice(i, i + 5));
  if (buttons.length) rows.push(buttons);
  return {
    embeds: [
      {
        title: clip(`Quotes: ${asked}${speaker ? ` — ${speaker}` : ''}`, LIMIT.heading),
        description: body,
        footer: `${offset + 1}–${offset + results.length} of ${total}${page.note ? ` · ${plainLine(page.note, LIMIT.explanation)}` : ''}`,
        color: 0x8b1e1e,
      },
    ],
    buttons: rows.length ? rows : undefined,
  };
}
