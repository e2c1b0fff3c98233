/**
 * A form in the console. Discord shows a form's fields together in a modal; here they are asked one at a time,
 * under the rules Discord's modal enforces before it lets a member send it (a required field filled, lengths
 * kept), so that the command gets the same submission either way: every field, "" for one left blank.
 */
import type { Form, FormField } from '../seam/reply.js';
import { FORM_LIMIT, safeForm } from '../views/safe.js';

/** Abandons the form, as closing Discord's modal does: nothing is sent. */
export const CANCEL = '/cancel';
/** Empties a pre-filled optional field (an empty line keeps what is there). */
export const CLEAR = '/clear';
/** Typed in a paragraph, a line break: each answer is one line of input. */
export const NEW_LINE = '\\n';

export type FormStep =
  /** The answer was taken or refused: show this (the next question, or why and the same question again). */
  | { say: string }
  /** Every field is answered: the submission. */
  | { submit: Record<string, string> }
  | { cancelled: string };

const quoted = (s: string) => `“${s}”`;

export class FormPrompt {
  private readonly form: Form;
  private readonly values: Record<string, string> = {};
  private at = 0;

  /** Throws, as the Discord renderer does, on a form with no field: a bug in whatever built it. */
  constructor(form: Form) {
    this.form = safeForm(form);
  }

  /** Where the submission goes: "<command>:<action>:<args…>". */
  get customId(): string {
    return this.form.customId;
  }

  /** The form's heading and its first question; `owner` fills it in (as on Discord, only they can). */
  start(owner: string): string {
    const n = this.form.fields.length;
    return `[form for @${owner}] ${this.form.title} — ${n} field${n === 1 ? '' : 's'}, one answer a line; ${CANCEL} abandons it\n${this.question()}`;
  }

  /** One line typed (already trimmed) as the answer to the current field. */
  answer(line: string): FormStep {
    if (line.toLowerCase() === CANCEL) return { cancelled: '(form abandoned: nothing was sent)' };
    const field = this.form.fields[this.at]!;
    const typed = field.style === 'paragraph' ? line.replace(/\\n/g, '\n') : line;
    const value = line.toLowerCase() === CLEAR && field.required === false ? '' : typed || (field.value ?? '');
    const problem = this.problem(field, value);
    if (problem) return { say: `${problem}\n${this.question()}` };
    this.values[field.id] = value;
    this.at++;
    return this.at < this.form.fields.length ? { say: this.question() } : { submit: { ...this.values } };
  }

  /** What Discord's modal would say is wrong with `value`, or null. */
  private problem(field: FormField, value: string): string | null {
    if (!value) return field.required === false ? null : `${field.label} is required: type an answer, or ${CANCEL} to abandon the form.`;
    if (field.minLength !== undefined && value.length < field.minLength) return `${field.label} needs at least ${field.minLength} characters (${value.length} given); type it again.`;
    const max = field.maxLength ?? FORM_LIMIT.value;
    if (value.length > max) return `${field.label} takes at most ${max} characters (${value.length} given); type it again.`;
    return null;
  }

  /** "Label (field 2 of 3, optional, at most 7 characters, e.g. …) — now “for”: an empty line keeps it:". */
  private question(): string {
    const field = this.form.fields[this.at]!;
    const notes = [`field ${this.at + 1} of ${this.form.fields.length}`];
    if (field.required === false) notes.push('optional');
    const { minLength: min, maxLength: max } = field;
    if (min && max) notes.push(`${min} to ${max} characters`);
    else if (min) notes.push(`at least ${min} characters`);
    else if (max) notes.push(`at most ${max} characters`);
    if (field.style === 'paragraph') notes.push(`${NEW_LINE} for a new line`);
    if (field.placeholder) notes.push(`e.g. ${quoted(field.placeholder)}`);
    const now = field.style === 'paragraph' ? field.value?.replace(/\n/g, NEW_LINE) : field.value;
    const kept = now ? ` — now ${quoted(now)}: an empty line keeps it${field.required === false ? `, ${CLEAR} empties it` : ''}` : '';
    return `${field.label} (${notes.join(', ')})${kept}:`;
  }
}
