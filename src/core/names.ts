/** The words of a person's name, one rule for search (who can be asked for) and argument checks (who is named). */
import { foldDiacritics } from './text.js';
import { words } from './words.js';

/** Words that, capitalised, start a sentence, give a title or stand for nobody in particular: not a name's. */
export const NOT_NAME = new Set(
  (
    'as in the a an see but and yet so then when while even like according here there this that these those he she ' +
    'they it i we you his her their our my its comrade comrades mr mrs ms dr professor prof sir lord one some many ' +
    'most both only also later earlier once indeed however still thus hence just quote quoting remember recall note ' +
    'consider take read or if though although since because after before well yes no not never again where what ' +
    'who why how for from to of on at by with about per which whom whose all every each another other ' +
    'historian historians author writer scholar critic critics anyone someone everyone nobody somebody ' +
    'said wrote says writes put citing cite cited cf ibid op cit vol pp p ch chapter'
  ).split(' '),
);

/**
 * The folded, lower-case words of a name ("Tőkés's" → ["tokes"]), without initials, a possessive, titles or small
 * words ("Comrade Trotsky" → ["trotsky"]). `everyWord` keeps titles and small words: a query is read word by word,
 * and a speaker registered as "The Times" is found as typed.
 */
export function nameTokens(name: string, opts: { everyWord?: boolean } = {}): string[] {
  const tokens = words(foldDiacritics(name).toLowerCase()).filter((w) => w.length >= 2);
  return opts.everyWord ? tokens : tokens.filter((w) => !NOT_NAME.has(w));
}
