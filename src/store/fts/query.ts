/** The FTS5 query text for /quote's words and speaker: user text never reaches FTS5 syntax, each key is quoted. */

/**
 * Words and a speaker as an FTS5 query. `groups`: one per word, its key or the keys standing for a typo (any of
 * them matches), joined by `op`. `who`: the speaker ids to narrow to (the who column's s12 tokens), null for
 * everyone. Null when nothing can match: a speaker none of whose names the file holds, or neither words nor speaker.
 */
export function ftsMatch(groups: string[][], op: 'AND' | 'OR', who: number[] | null, runs: KeyRun[] = []): string | null {
  if (who && !who.length) return null;
  const words = groups.map((g) => `(${g.map((k) => `"${k}"`).join(' OR ')})`).join(` ${op} `);
  const also = [...(who ? [`who : (${who.map((n) => `s${n}`).join(' OR ')})`] : []), ...runs.map((r) => `${r.column} : "${r.keys.join(' ')}"`)];
  if (!words) return also.join(' AND ') || null;
  return [`{text context source speaker} : (${words})`, ...also].join(' AND ');
}

/**
 * Keys a column must hold side by side and in order: a quoted phrase in the text, a work's name in the source.
 * Keys are index keys (letters and digits only), so they cannot break out of the FTS5 phrase.
 */
export interface KeyRun {
  column: 'text' | 'source';
  keys: string[];
}
