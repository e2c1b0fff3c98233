/** What an argument's words must be before a debate records them. Pure. */

/**
 * Why `text` cannot be an argument, or null. Empty words are the debate core's to refuse; words made only of
 * quotation marks, dashes or punctuation say nothing and are refused here, saying what to do.
 */
export function argumentTextProblem(text: string): string | null {
  const t = text.trim();
  if (!t) return null;
  if (!/[\p{L}\p{N}]/u.test(t)) {
    return 'The argument has no words, only quotation marks or punctuation; nothing was recorded. Write what you put to the house, quoting inside it if you like: Serge wrote “…”.';
  }
  return null;
}
