/** How /quote results look, in Discord and in the console alike. */
import type { Button, Reply } from '../seam/reply.js';
import type { QuoteResult } from '../core/types.js';
import { blockQuote, clip, LIMIT, plainLine, safeLine, safeText } from './safe.js';
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
  /** customIds for the paging buttons, null where there is no such page. */
  prevId: string | null;
  nextId: string | null;
}

const DESCRIPTION_BUDGET = 3800; // Discord allows 4096 characters in an embed description

/** One result: the words, then who, where, and the original source. */
export function resultText(r: QuoteResult, n: number, budget: number): string {
  const where = placeLabel(r);
  const who = `**${speakerLabel(r.speaker)}**`;
  const source = r.source ? `\nSource: ${safeLine(r.source, LIMIT.source)}` : '';
  const head = `**${n}.**\n`;
  const tail = `\n— ${who} · ${where}${source}`;
  const words = blockQuote(safeText(r.text, Math.max(120, budget - head.length - tail.length)));
  return `${head}${words}${tail}`;
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
  const per = Math.floor(DESCRIPTION_BUDGET / results.length) - 4;
  const body = results.map((r, i) => resultText(r, offset + i + 1, per)).join('\n\n');
  const buttons: Button[] = [];
  if (page.prevId) buttons.push({ customId: page.prevId, label: '◀ Previous', style: 'secondary' });
  if (page.nextId) buttons.push({ customId: page.nextId, label: 'Next ▶', style: 'secondary' });
  const rows: Button[][] = [];
  const use = (page.useIds ?? [])
    .map((customId, i) => ({ customId, label: `Use ${offset + i + 1} as argument`, style: 'primary' as const }))
    .filter((b) => b.customId.length <= 100);
  for (let i = 0; i < use.length; i += 5) rows.push(use.slice(i, i + 5));
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
