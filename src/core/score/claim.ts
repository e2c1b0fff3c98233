/**
 * When two arguments make the same claim: the same words, whatever the quotation marks, dashes, spacing,
 * case or punctuation — however it was made (a thread post, /argue, "Use as argument"), and with or without
 * a source. Pure.
 */

/** The words of a claim, folded so that the same claim made twice gives the same key. */
export function claimKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether two arguments' words make the same claim. Empty claims are never the same. */
export function sameClaim(a: string, b: string): boolean {
  const ka = claimKey(a);
  return ka !== '' && ka === claimKey(b);
}
