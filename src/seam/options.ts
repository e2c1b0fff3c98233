/**
 * A command's options, read by type and checked against its definition: `optionsOf(data, ctx).string('query')`.
 * A handler asking for an option its command (or subcommand) does not define, or as another type, is a bug in
 * the handler: it throws at once, naming the command, option and type, so the command's tests fail. A value of
 * the wrong type at run time (a crafted interaction) reads as absent. The builders keep no option names in their
 * types, so this check is made at run time; tests/seam/options.test.ts checks every handler's reads.
 */
import type { OptionValue } from './command.js';
import { OPTION, definitionOf, type CommandDefinition, type OptionDefinition } from './definition.js';

export type OptionKind = 'string' | 'integer' | 'number' | 'boolean' | 'user' | 'channel' | 'attachment';

/** A read its command's definition does not allow: the handler's mistake, not the user's. */
export class OptionMisuse extends Error {
  override name = 'OptionMisuse';
}

export interface CommandOptions {
  string(name: string): string | undefined;
  /** An option the definition requires; '' when a crafted interaction leaves it out. */
  requiredString(name: string): string;
  /** A whole number. */
  integer(name: string): number | undefined;
  number(name: string): number | undefined;
  boolean(name: string): boolean | undefined;
  /** The user's id (in the console, the name typed). */
  user(name: string): string | undefined;
  /** The channel's id. */
  channel(name: string): string | undefined;
  /** An attached file: its URL on Discord (as the router passes it), the path typed in the console. */
  attachment(name: string): string | undefined;
}

/** What the subcommand and raw values arrive in: a command's or an autocomplete's context. */
export interface RawOptions {
  subcommand: string | null;
  options: Readonly<Record<string, OptionValue | undefined>>;
}

const ACCEPTS: Record<OptionKind, (v: OptionValue) => boolean> = {
  string: (v) => typeof v === 'string',
  integer: (v) => Number.isInteger(v),
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  boolean: (v) => typeof v === 'boolean',
  // An id is never empty.
  user: (v) => typeof v === 'string' && v !== '',
  channel: (v) => typeof v === 'string' && v !== '',
  attachment: (v) => typeof v === 'string' && v !== '',
};

const kindOf = (type: number): string => Object.entries(OPTION).find(([, t]) => t === type)?.[0] ?? `type ${type}`;

// 1 a subcommand, 2 a group of them.
const isSubcommand = (o: OptionDefinition): boolean => o.type === OPTION.subcommand || o.type === 2;

const definitions = new WeakMap<object, CommandDefinition>();

function definitionFor(data: { toJSON(): unknown } | CommandDefinition): CommandDefinition {
  if (!('toJSON' in data)) return data;
  let def = definitions.get(data);
  if (!def) definitions.set(data, (def = definitionOf(data)));
  return def;
}

/** The options a read may name: the subcommand's own, or (subcommand unknown, as a crafted one is) every subcommand's. */
function declared(def: CommandDefinition, subcommand: string | null): { where: string; options: OptionDefinition[]; known: boolean } {
  // The router gives a user menu's target as the option `user`.
  if (def.type === 2) return { where: def.name, options: [{ name: 'user', type: OPTION.user, required: true }], known: true };
  const top = def.options ?? [];
  if (!top.some(isSubcommand)) return { where: `/${def.name}`, options: top, known: true };
  let list: OptionDefinition[] | null = subcommand ? top : null;
  for (const part of subcommand?.split(' ') ?? []) {
    const sub: OptionDefinition | undefined = list?.find((o) => o.name === part && isSubcommand(o));
    list = sub ? (sub.options ?? []) : null;
  }
  if (list) return { where: `/${def.name} ${subcommand}`, options: list, known: true };
  const leaves = (os: OptionDefinition[]): OptionDefinition[] => os.flatMap((o) => (isSubcommand(o) ? leaves(o.options ?? []) : [o]));
  return { where: `/${def.name}`, options: leaves(top), known: false };
}

/** Typed getters over `ctx`'s options, checked against `data` (a command module's builder, or its definition). */
export function optionsOf(data: { toJSON(): unknown } | CommandDefinition, ctx: RawOptions): CommandOptions {
  const def = definitionFor(data);
  const scope = declared(def, ctx.subcommand);
  const read = (kind: OptionKind, name: string, required = false): OptionValue | undefined => {
    const named = scope.options.filter((o) => o.name === name);
    if (named.length === 0) {
      const has = scope.options.map((o) => o.name).join(', ') || 'none';
      throw new OptionMisuse(`${scope.where} reads option "${name}", which its definition lacks (its options: ${has})`);
    }
    const spec = named.find((o) => o.type === OPTION[kind]);
    if (!spec) throw new OptionMisuse(`${scope.where} reads option "${name}" as ${kind}, but its definition gives ${kindOf(named[0].type)}`);
    if (required && !spec.required) throw new OptionMisuse(`${scope.where} reads option "${name}" as required, but its definition leaves it optional`);
    if (!scope.known || !Object.hasOwn(ctx.options, name)) return undefined;
    const value = ctx.options[name];
    return value !== undefined && ACCEPTS[kind](value) ? value : undefined;
  };
  return {
    string: (name) => read('string', name) as string | undefined,
    requiredString: (name) => (read('string', name, true) as string | undefined) ?? '',
    integer: (name) => read('integer', name) as number | undefined,
    number: (name) => read('number', name) as number | undefined,
    boolean: (name) => read('boolean', name) as boolean | undefined,
    user: (name) => read('user', name) as string | undefined,
    channel: (name) => read('channel', name) as string | undefined,
    attachment: (name) => read('attachment', name) as string | undefined,
  };
}
