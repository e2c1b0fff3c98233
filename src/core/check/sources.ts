/**
 * Sources an argument points to outside the corpus: links (http and https only; other schemes are
 * reported as unsafe and never returned as links) and bibliographic references (author and title, a page,
 * an author-date citation, "according to a recent history of …").
 */

export interface Sources {
  links: string[];
  /** Links with a scheme that must not be rendered clickable (javascript:, data:, …), defanged. */
  unsafeLinks: string[];
  references: string[];
}

const UNSAFE_SCHEME = /\b(javascript|data|vbscript|file|blob|about|chrome|jar|livescript|mocha|ms-\w+)\s*:(?!\/\/\S*\.)\S*/gi;
const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>"'`]+/gi;

/** The links of an argument, safe ones as written (www. given https://), unsafe ones defanged. */
export function findLinks(text: string): { links: string[]; unsafe: string[] } {
  const links: string[] = [];
  const unsafe: string[] = [];
  for (const m of text.matchAll(URL_RE)) {
    let url = m[0].replace(/[.,;:!?)\]}>*_]+$/, '');
    // Keep a closing bracket that belongs to the address ("…/Kronstadt_(1921)").
    const opens = (url.match(/\(/g) ?? []).length;
    const closes = (url.match(/\)/g) ?? []).length;
    if (opens > closes && m[0].slice(url.length).startsWith(')')) url += ')';
    if (/^www\./i.test(url)) url = `https://${url}`;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      continue;
    }
    if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || !/\.[a-z]{2,}$/i.test(parsed.hostname) || parsed.username || parsed.password) {
      unsafe.push(defang(url));
      continue;
    }
    // "@everyone" in a path must not ping where the link is shown; %40 is the same address.
    const href = parsed.href.replace(/@/g, '%40');
    if (!links.includes(href)) links.push(href);
  }
  // A scheme inside an http(s) address ("https://x.org/javascript:…") is part of that address.
  for (const m of text.replace(URL_RE, (u) => ' '.repeat(u.length)).matchAll(UNSAFE_SCHEME)) {
    // "data: 1918" in prose is not a link; a scheme glued to its payload is.
    if (/^\w+\s*:\s/.test(m[0]) && !/^(javascript|vbscript)/i.test(m[0])) continue;
    if (/^(about|data)\s*:\s*$/i.test(m[0])) continue;
    unsafe.push(defang(m[0]));
  }
  return { links, unsafe };
}

/** Renders a link unclickable and inert: "javascript[:]alert(1)". */
export function defang(s: string): string {
  return s.replace(/:/, '[:]').replace(/[<>`]/g, '').slice(0, 200);
}

const WORK_NOUN =
  '(?:history|histories|study|studies|book|books|biography|memoirs?|autobiography|article|paper|report|essay|monograph|pamphlet|survey|archives?|census|diary|diaries|account|analysis|edition|volume|journal|review|textbook|encyclopa?edia|dissertation|thesis|documentary|lecture)';

const WORK_NOUN_RE = new RegExp(`\\b${WORK_NOUN}\\b`, 'i');

/** Cues that stand inside a citation, so the reference is the clause around them. */
const WIDEN: RegExp[] = [
  // pages: "p. 211", "pp. 211-2", "page 12"
  /\b(?:pp?\.\s?\d+(?:\s?[-–]\s?\d+)?|pages?\s+\d+(?:\s?[-–]\s?\d+)?)/i,
  /\b(?:ibid|op\.\s?cit|loc\.\s?cit)\b/i,
  /\b(?:vol\.|volume|ch\.|chapter)\s+(?:\d+|[ivxlc]+)\b[^.;\n]{0,40}/i,
];

/** Italic or starred titles: "*Main Currents of Marxism*" (emphasis like "*Really*" is not one). */
const ITALIC_TITLE = /(?:\*|_)\p{Lu}[^*_\n]{3,80}(?:\*|_)/u;

/** Two or more words, most of them capitalised: a title rather than emphasis. */
function looksLikeTitle(s: string): boolean {
  const words = s.split(/\s+/).filter((w) => w && !/^(?:of|the|and|in|a|an|on|to|for|de|la|le)$/i.test(w));
  return words.length >= 2 && words.filter((w) => /^[\p{Lu}\d]/u.test(w)).length >= words.length * 0.6;
}

/** Cues that are the reference themselves. */
const REFERENCE_PATTERNS: RegExp[] = [
  // "Name, Title (1970)" / "Title (Publisher, 1970)"
  /\p{Lu}[\p{L}'’-]+,\s+(?:\*|_)?\p{Lu}[^()\n]{2,80}?\((?:[^()]{0,40}[,:]\s*)?(?:1[5-9]\d\d|20\d\d)\)/u,
  // author-date: "Avrich (1970: 211)", "(Avrich 1970)", "Avrich (1970) shows"
  /\p{Lu}[\p{L}'’-]+\s+\((?:1[5-9]\d\d|20\d\d)[a-z]?(?:[:,]\s*(?:p\.\s*)?\d+[^)]*)\)/u,
  // "(Avrich, 1970)", "(Avrich 1970: 211)"; not "(Kronstadt 1921)", an event and its year
  /\(\p{Lu}[\p{L}'’-]+(?:\s+(?:and|&)\s+\p{Lu}[\p{L}'’-]+)?(?:,\s+(?:1[5-9]\d\d|20\d\d)[a-z]?(?:[:,][^)]*)?|\s+(?:1[5-9]\d\d|20\d\d)[a-z]?[:,][^)]*)\)/u,
  /\p{Lu}[\p{L}'’-]+\s+\((?:1[5-9]\d\d|20\d\d)\)\s+(?:shows|argues|writes|notes|finds|found|showed|argued|wrote|noted|estimates|estimated|documents|documented)\b/u,
  // "according to a recent history of the KGB", "in his biography of Trotsky", "Conquest's book"
  new RegExp(`\\baccording\\s+to\\s+(?:(?:a|an|the|his|her|their|its|one|some|several|recent|new|official|soviet|later|standard|\\w+['’]s)\\s+){1,4}(?:[\\w-]+\\s+){0,2}${WORK_NOUN}\\b[^.;!?\\n]*`, 'i'),
  new RegExp(`\\b(?:in|see|from|per)\\s+(?:his|her|their|the|a|an|\\p{Lu}[\\p{L}'’-]+['’]s)\\s+(?:(?:recent|new|famous|classic|official|standard|own|\\d{4})\\s+)?${WORK_NOUN}\\b(?:\\s+(?:of|on|about)\\s+[^.;!?\\n]{1,60}|\\s+\\*[^*]+\\*|\\s+\\p{Lu}[^.;!?\\n]{1,60})`, 'iu'),
  new RegExp(`\\p{Lu}[\\p{L}-]+['’]s\\s+(?:\\*|_)?\\p{Lu}[\\p{L}-]+(?:\\s+(?:of|the|in|and|a|\\p{Lu}[\\p{L}-]+|\\d{4}))*\\s*(?:\\*|_)?\\s*\\((?:[^()]{0,40}[,:]\\s*)?(?:1[5-9]\\d\\d|20\\d\\d)\\)`, 'u'),
  // "See Avrich, Kronstadt 1921", "cf. Deutscher, The Prophet Armed"
  /(?:^|[.;(]\s*|\s)(?:See|see also|See also|Cf\.|cf\.|Source:|source:|Sources:|sources:)\s+\p{Lu}[\p{L}'’-]+,\s+(?:\*|_)?\p{Lu}[^.;\n]{2,80}/u,
  // a title named as one: "Trotsky's The Revolution Betrayed", "in The Prophet Armed", "Deutscher, The Prophet Armed"
  /\p{Lu}[\p{L}-]+['’]s\s+The\s+\p{Lu}[\p{L}-]+(?:\s+(?:of|the|and|in|a|\p{Lu}[\p{L}-]+))*/u,
  /\b(?:in|from|see|cf\.)\s+The\s+\p{Lu}[\p{L}-]+(?:\s+(?:of|the|and|in|a|\p{Lu}[\p{L}-]+))*/u,
  /\p{Lu}[\p{L}-]+,\s+The\s+\p{Lu}[\p{L}-]+(?:\s+(?:of|the|and|in|a|\p{Lu}[\p{L}-]+))*/u,
  // a quoted title: in “The Revolution Betrayed”, Serge's "Memoirs of a Revolutionary"
  /(?:\b(?:in|from|see)|\p{Lu}[\p{L}-]+['’]s)\s+["“]\p{Lu}[\p{L}'’-]*(?:\s+(?:of|the|and|in|a|an|on|to|for|\p{Lu}[\p{L}'’-]*|\d+)){0,10}[?!]?["”]/u,
  ITALIC_TITLE,
  /\b(?:ISBN(?:-1[03])?:?\s?[\d-]{10,17}|doi:\s?10\.\d{4,}\/\S+)/i,
];

/** Bibliographic references in an argument, as the phrases that give them. */
export function findReferences(text: string): string[] {
  const out: string[] = [];
  const cues = [...WIDEN.map((re) => ({ re, widen: true })), ...REFERENCE_PATTERNS.map((re) => ({ re, widen: false }))];
  const mentionsWork = WORK_NOUN_RE.test(text);
  for (const { re, widen } of cues) {
    if (!mentionsWork && re.source.includes('history|histories')) continue;
    const m = re.exec(text);
    if (!m) continue;
    if (re === ITALIC_TITLE && !looksLikeTitle(m[0].slice(1, -1))) continue;
    const phrase = widen ? referencePhrase(text, m.index, m.index + m[0].length) : trimPhrase(m[0]);
    if (!out.some((r) => r.includes(phrase) || phrase.includes(r))) out.push(phrase);
    else {
      const i = out.findIndex((r) => phrase.includes(r));
      if (i >= 0) out[i] = phrase;
    }
  }
  return out;
}

/** Widens a cue to its clause: from the clause start (after "See", a full stop or a semicolon) to the cue's end. */
function referencePhrase(text: string, start: number, end: number): string {
  let s = start;
  // Back to the clause start: a full stop, a semicolon, a quotation mark, or the bracket the cue stands in.
  let depth = 0;
  while (s > 0 && !/[.;!?\n"“”]/.test(text[s - 1]) && start - s < 80) {
    const c = text[s - 1];
    if (c === ')') depth++;
    else if (c === '(' && depth-- === 0) break;
    s--;
  }
  // Don't swallow an abbreviation's full stop ("pp.") as a clause end.
  return trimPhrase(text.slice(s, end));
}

function trimPhrase(s: string): string {
  return s
    .replace(/^[\s,(.;]+/, '')
    .replace(/^(?:(?:see also|see|cf\.|source:|sources:|and|or|also|but|plus|then)\s+)+/i, '')
    .replace(/[\s,;(]+$/, '')
    .trim()
    .slice(0, 200);
}

/** Links, unsafe links and references of an argument. */
export function findSources(text: string): Sources {
  const { links, unsafe } = findLinks(text);
  // Addresses are not references (a page number inside a URL, an italic path).
  const bare = text.replace(URL_RE, ' ').replace(UNSAFE_SCHEME, ' ');
  return { links, unsafeLinks: unsafe, references: findReferences(bare) };
}
