/**
 * /help, built from the commands' own definitions (what Discord is sent) and the table of who may do what, so it
 * is the same on Discord and in the console and cannot fall out of date: each command's subcommands, options
 * (type, required, limits, choices), who may use it, and an example made from its required options.
 */
import type { Embed, Reply } from '../seam/reply.js';
import { WHO_MAY, type Rule } from '../seam/permissions.js';
import { OPTION, type CommandDefinition, type OptionDefinition } from '../seam/definition.js';
import { LIMIT } from './safe.js';
import { clip } from '../core/text.js';

const TYPE_NAMES: Record<number, string> = { 3: 'text', 4: 'whole number', 5: 'true/false', 6: 'user', 7: 'channel', 8: 'role', 9: 'user or role', 10: 'number', 11: 'file' };
/** What an example shows for an option of each type. */
const SAMPLE: Record<number, string> = { 3: '…', 4: '60', 5: 'true', 6: '@name', 7: '#channel', 10: '1.5' };

const isSlash = (c: CommandDefinition) => (c.type ?? 1) === 1;
const subcommandsOf = (c: CommandDefinition) => (c.options ?? []).filter((o) => o.type === OPTION.subcommand);

/**
 * Who may use `/command [sub]`, from the table's rows ("/debate start, join, leave": /debate's start, join and
 * leave; "/score, /leaderboard, Check sources": two commands and a button). Null when no row names it.
 */
export function ruleFor(command: string, sub: string | null): Rule | null {
  for (const [row, rule] of Object.entries(WHO_MAY) as [string, Rule][]) {
    let current: string | null = null;
    for (const part of row.split(',').map((p) => p.trim())) {
      const [head, ...rest] = part.split(/\s+/);
      if (head.startsWith('/')) {
        current = head.slice(1);
        if (current === command && (rest.length === 0 ? true : rest.join(' ') === sub)) return rule;
      } else if (current === command && part === sub) return rule;
    }
  }
  return null;
}

function optionLine(o: OptionDefinition): string {
  const limits: string[] = [];
  if (o.min_value !== undefined || o.max_value !== undefined) limits.push(o.min_value !== undefined && o.max_value !== undefined ? `${o.min_value}–${o.max_value}` : o.min_value !== undefined ? `at least ${o.min_value}` : `at most ${o.max_value}`);
  if (o.max_length !== undefined) limits.push(`up to ${o.max_length} characters`);
  if (o.choices?.length) limits.push(`one of ${o.choices.map((c) => c.value).join(', ')}`);
  if (o.autocomplete) limits.push('suggestions as you type');
  const kind = [TYPE_NAMES[o.type] ?? 'value', o.required ? 'required' : 'optional', ...limits].join(', ');
  return `\`${o.name}:\` (${kind}) — ${o.description ?? ''}`;
}

function example(command: string, sub: OptionDefinition | null, options: readonly OptionDefinition[]): string {
  const shown = options.filter((o) => o.required);
  const parts = shown.map((o) => `${o.name}:${o.choices?.[0]?.value ?? SAMPLE[o.type] ?? '…'}`);
  return ['/' + command, sub?.name, ...parts].filter(Boolean).join(' ');
}

function whoLine(command: string, sub: string | null): string {
  const rule = ruleFor(command, sub);
  return rule ? `Who: ${rule.who}${rule.needs.length ? ` (${rule.needs.join(' and ')} in ${rule.where})` : ''}.` : '';
}

/** One part of a command (a subcommand, or the command itself): its options, an example, who may use it. */
function partText(command: string, sub: OptionDefinition | null, options: readonly OptionDefinition[]): string {
  const who = whoLine(command, sub?.name ?? null);
  return [...options.map((o) => `• ${optionLine(o)}`), `Example: \`${example(command, sub, options)}\``, who].filter(Boolean).join('\n');
}

/** A command in full: an embed, a field per subcommand (Discord allows 25 fields of 1,024 characters). */
function commandEmbed(c: CommandDefinition): Embed {
  const subs = subcommandsOf(c);
  if (!subs.length) return { title: `/${c.name}`, description: clip(`${c.description ?? ''}\n\n${partText(c.name, null, c.options ?? [])}`, 4000) };
  return {
    title: `/${c.name}`,
    description: c.description ?? '',
    fields: subs.slice(0, 25).map((s) => ({ name: clip(`/${c.name} ${s.name} — ${s.description ?? ''}`, 256), value: clip(partText(c.name, s, s.options ?? []), 1024) })),
  };
}

/** /help: every command in one line each, or one command in full. Unknown names are told apart from typos. */
export function helpReply(definitions: readonly CommandDefinition[], asked: string | null): Reply {
  const slash = definitions.filter(isSlash);
  const want = asked?.trim().replace(/^\//, '').toLowerCase() ?? '';
  if (!want) {
    const lines = slash.map((c) => {
      const subs = subcommandsOf(c).map((s) => s.name);
      return `**/${c.name}** — ${c.description ?? ''}${subs.length ? ` (${subs.join(', ')})` : ''}`;
    });
    const menus = definitions.filter((c) => !isSlash(c)).map((c) => `“${c.name}”`);
    if (menus.length) lines.push(`On a message's Apps menu: ${menus.join(', ')}.`);
    lines.push('`/help command:<name>` shows a command\'s options, who may use it, and an example.');
    return { ephemeral: true, content: clip(lines.join('\n'), LIMIT.message) };
  }
  const c = slash.find((x) => x.name === want);
  if (!c) return { ephemeral: true, content: `There is no /${clip(want, LIMIT.echo)} command. Commands: ${slash.map((x) => `/${x.name}`).join(', ')}.` };
  return { ephemeral: true, embeds: [commandEmbed(c)] };
}

/** Autocomplete for /help's command option: the slash commands whose name starts with what is typed. */
export function helpChoices(definitions: readonly CommandDefinition[], typed: string): { name: string; value: string }[] {
  const t = typed.trim().replace(/^\//, '').toLowerCase();
  return definitions.filter(isSlash).filter((c) => c.name.startsWith(t)).slice(0, 25).map((c) => ({ name: `/${c.name}`, value: c.name }));
}
