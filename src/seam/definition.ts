/**
 * A command's definition as Discord receives it (the builder's toJSON()): what the console parses options by,
 * the router checks lengths by, and /help is written from. Discord's own numbers for option types.
 */
export interface CommandDefinition {
  name: string;
  description?: string;
  /** 1 slash command, 2 user menu, 3 message menu. */
  type?: number;
  dm_permission?: boolean;
  contexts?: number[] | null;
  options?: OptionDefinition[];
}

export interface OptionDefinition {
  name: string;
  description?: string;
  type: number;
  required?: boolean;
  /** A subcommand's own options. */
  options?: OptionDefinition[];
  choices?: { name: string; value: string | number }[];
  min_value?: number;
  max_value?: number;
  min_length?: number;
  max_length?: number;
  autocomplete?: boolean;
}

/** ApplicationCommandOptionType, the values this project reads. */
export const OPTION = { subcommand: 1, string: 3, integer: 4, boolean: 5, user: 6, channel: 7, number: 10, attachment: 11 } as const;

/** The definition of a command module's data. */
export const definitionOf = (data: { toJSON(): unknown }): CommandDefinition => data.toJSON() as CommandDefinition;
