/**
 * Parses a console line typed as in Discord: `[@user] [#channel] /command [subcommand] [name:value …] [free text]`.
 * The command's own definition says which option names exist and what type each takes, so a value runs to the
 * next of those names (`text:The NEP was the best policy source:Carr` is two options, no quotes needed); a
 * value in quotes ends at its closing quote, and \" is a quotation mark anywhere. Free text before the first
 * option fills the first string option not given by name, so `/quote serge bureaucracy` works.
 */
import type { CommandModule, OptionValue } from '../seam/command.js';
import { OPTION, definitionOf, type OptionDefinition } from '../seam/definition.js';

export interface ParsedLine {
  user: string | null;
  channel: string | null;
  command: string;
  subcommand: string | null;
  options: Record<string, OptionValue>;
}

export function parseLine(line: string, commands: Map<string, CommandModule>): ParsedLine | { error: string } {
  let rest = line.trim();
  let user: string | null = null;
  let channel: string | null = null;
  for (;;) {
    const u = /^@(\S+)\s*/.exec(rest);
    if (u) { user = u[1]; rest = rest.slice(u[0].length); continue; }
    const c = /^#(\S+)\s*/.exec(rest);
    if (c) { channel = c[1]; rest = rest.slice(c[0].length); continue; }
    break;
  }
  const cmd = /^\/(\S+)\s*/.exec(rest);
  if (!cmd) return { error: 'Type a command such as /quote serge bureaucracy (or /help).' };
  const name = cmd[1].toLowerCase();
  const module = commands.get(name);
  if (!module) return { error: `There is no /${name} command. Commands: ${[...commands.keys()].map((c) => `/${c}`).join(', ')}.` };
  rest = rest.slice(cmd[0].length);
  let specs = definitionOf(module.data).options ?? [];
  let subcommand: string | null = null;
  if (specs.some((o) => o.type === OPTION.subcommand)) {
    const word = /^(\S*)\s*/.exec(rest)!;
    const sub = specs.find((o) => o.type === OPTION.subcommand && o.name === word[1].toLowerCase());
    if (!sub) return { error: `/${name} needs one of: ${specs.map((o) => o.name).join(', ')}.` };
    subcommand = sub.name;
    specs = sub.options ?? [];
    rest = rest.slice(word[0].length);
  }
  const split = splitOptions(rest, specs.map((o) => o.name));
  if ('error' in split) return split;
  const options: Record<string, OptionValue> = {};
  for (const [option, raw] of split.given) {
    const spec = specs.find((o) => o.name === option)!;
    const value = convert(raw, spec);
    if (typeof value === 'object') return value;
    options[option] = value;
  }
  if (split.free) {
    const target = specs.find((o) => o.type === OPTION.string && options[o.name] === undefined);
    if (!target) return { error: `Unexpected words: ${split.free}. Give options as name:value (${specs.map((o) => `${o.name}:`).join(' ') || 'this command takes none'}).` };
    const value = convert(split.free, target);
    if (typeof value === 'object') return value;
    options[target.name] = value;
  }
  const missing = specs.filter((o) => o.required && options[o.name] === undefined).map((o) => o.name);
  if (missing.length) return { error: `Missing ${missing.map((n) => `${n}:…`).join(', ')} for /${name}${subcommand ? ` ${subcommand}` : ''}.` };
  return { user, channel, command: name, subcommand, options };
}

/** `\"` is a quotation mark and `\\` a backslash; any other backslash stays as typed. */
const unescape = (s: string) => s.replace(/\\(["\\])/g, '$1');

/** The index of the quotation mark closing a quoted value opened before `from`, or -1. */
function closingQuote(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

/**
 * Splits what follows the command into free text and (option, raw value) pairs. An option starts where one of
 * `names` followed by ":" starts a word; its value runs to the next such start, or, when it opens with a
 * quotation mark that is closed, to that closing mark (words after it are free text).
 */
export function splitOptions(text: string, names: readonly string[]): { free: string; given: [string, string][] } | { error: string } {
  const given: [string, string][] = [];
  const free: string[] = [];
  if (names.length === 0) return { free: unescape(text.trim()), given };
  const alternatives = [...names].sort((a, b) => b.length - a.length).map((n) => n.replace(/[^\w-]/g, '\\$&'));
  const marker = new RegExp(`(?<![^\\s])(${alternatives.join('|')}):`, 'g');
  const next = (from: number) => {
    marker.lastIndex = from;
    return marker.exec(text);
  };
  let m = next(0);
  free.push(text.slice(0, m?.index ?? text.length));
  while (m) {
    const option = m[1];
    if (given.some(([n]) => n === option)) return { error: `${option}: is given twice; give each option once.` };
    const start = m.index + m[0].length;
    const open = /^\s*"/.exec(text.slice(start));
    const close = open ? closingQuote(text, start + open[0].length) : -1;
    if (close >= 0) {
      given.push([option, unescape(text.slice(start + open![0].length, close))]);
      m = next(close + 1);
      free.push(text.slice(close + 1, m?.index ?? text.length));
    } else {
      m = next(start);
      given.push([option, unescape(text.slice(start, m?.index ?? text.length).trim())]);
    }
  }
  return { free: unescape(free.join(' ').replace(/\s+/g, ' ').trim()), given };
}

/** The value as Discord would send it for this option, or the error naming the option and what it takes. */
function convert(raw: string, spec: OptionDefinition): OptionValue | { error: string } {
  const bad = (what: string) => ({ error: `${spec.name}: takes ${what}${raw ? `, not "${raw.slice(0, 40)}"` : ''}.` });
  let value: OptionValue = raw;
  if (spec.type === OPTION.integer || spec.type === OPTION.number) {
    const n = raw.trim() === '' ? NaN : Number(raw);
    if (!Number.isFinite(n) || (spec.type === OPTION.integer && !Number.isInteger(n))) return bad(spec.type === OPTION.integer ? 'a whole number' : 'a number');
    if ((spec.min_value !== undefined && n < spec.min_value) || (spec.max_value !== undefined && n > spec.max_value)) {
      return bad(`a number ${range(spec.min_value, spec.max_value)}`);
    }
    value = n;
  } else if (spec.type === OPTION.boolean) {
    if (!/^(true|false)$/i.test(raw)) return bad('true or false');
    value = raw.toLowerCase() === 'true';
  } else if (spec.type === OPTION.string) {
    if (spec.min_length !== undefined && raw.length < spec.min_length) return bad(`at least ${spec.min_length} characters`);
    if (spec.max_length !== undefined && raw.length > spec.max_length) return { error: `${spec.name}: takes at most ${spec.max_length} characters (${raw.length} given).` };
  }
  if (spec.choices?.length) {
    // Discord offers the choices by name and sends the value; either may be typed here.
    const choice = spec.choices.find((c) => String(c.value).toLowerCase() === String(value).toLowerCase() || c.name.toLowerCase() === String(value).toLowerCase());
    if (!choice) return bad(`one of: ${spec.choices.map((c) => c.value).join(', ')}`);
    value = choice.value;
  }
  return value;
}

const range = (min?: number, max?: number) =>
  min !== undefined && max !== undefined ? `from ${min} to ${max}` : min !== undefined ? `of at least ${min}` : `of at most ${max}`;
