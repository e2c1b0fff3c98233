/**
 * Parses a console line typed as in Discord: `[@user] [#channel] /command [subcommand] [name:value …] [free text]`.
 * Free text fills the first string option not given by name, so `/quote serge bureaucracy` works.
 */
import type { CommandModule, OptionValue } from '../seam/command.js';

export interface ParsedLine {
  user: string | null;
  channel: string | null;
  command: string;
  subcommand: string | null;
  options: Record<string, OptionValue>;
}

interface OptionSpec {
  name: string;
  type: number;
  required?: boolean;
  options?: OptionSpec[];
}

const SUBCOMMAND = 1;
const STRING = 3;
const INTEGER = 4;
const BOOLEAN = 5;
const NUMBER = 10;

/** Splits on spaces, keeping "quoted text" and name:"quoted text" together; \" inside quotes is a quotation mark. */
export function splitWords(s: string): string[] {
  const out: string[] = [];
  const re = /(\S+?:)?"((?:[^"\\]|\\.)*)"|\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) out.push(m[2] !== undefined ? `${m[1] ?? ''}${m[2].replace(/\\(["\\])/g, '$1')}` : m[0]);
  return out;
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
  const json = module.data.toJSON() as { options?: OptionSpec[] };
  let specs = json.options ?? [];
  let subcommand: string | null = null;
  const words = splitWords(rest);
  if (specs.some((o) => o.type === SUBCOMMAND)) {
    const sub = specs.find((o) => o.type === SUBCOMMAND && o.name === words[0]?.toLowerCase());
    if (!sub) return { error: `/${name} needs one of: ${specs.map((o) => o.name).join(', ')}.` };
    subcommand = sub.name;
    specs = sub.options ?? [];
    words.shift();
  }
  const options: Record<string, OptionValue> = {};
  const free: string[] = [];
  for (const w of words) {
    const m = /^([a-z_]+):(.*)$/s.exec(w);
    const spec = m && specs.find((o) => o.name === m[1]);
    if (m && spec) {
      const value = convert(m[2], spec.type);
      if (value === null) return { error: `${spec.name} must be ${spec.type === BOOLEAN ? 'true or false' : 'a number'}.` };
      options[spec.name] = value;
    } else free.push(w);
  }
  if (free.length) {
    const target = specs.find((o) => o.type === STRING && options[o.name] === undefined);
    if (!target) return { error: `Unexpected words: ${free.join(' ')}. Give options as name:value.` };
    options[target.name] = free.join(' ');
  }
  const missing = specs.filter((o) => o.required && options[o.name] === undefined).map((o) => o.name);
  if (missing.length) return { error: `Missing ${missing.map((n) => `${n}:…`).join(', ')} for /${name}${subcommand ? ` ${subcommand}` : ''}.` };
  return { user, channel, command: name, subcommand, options };
}

function convert(raw: string, type: number): OptionValue | null {
  if (type === INTEGER || type === NUMBER) {
    const n = Number(raw);
    return Number.isFinite(n) && (type === NUMBER || Number.isInteger(n)) ? n : null;
  }
  if (type === BOOLEAN) return raw === 'true' ? true : raw === 'false' ? false : null;
  return raw;
}
