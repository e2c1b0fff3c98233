/**
 * What a text itself says about its capitalised words, read in one pass over its words: which it also uses in
 * lower case (common words), which stand alone (surnames used on their own), which speak ("said Dick"), which
 * follow a word of place ("in Moscow"), and which runs of capitalised words act or speak as a person would.
 */

interface Word {
  w: string;
  start: number;
  end: number;
}

const SPEECH = new Set('said says asked asks replied replies answered cried wrote writes declared exclaimed added continued quoth shouted'.split(' '));
/** Verbs only a person does ("Moscow declared" is a government's voice, "said Dick" a man's): they make a word no place. */
const PERSONAL_SPEECH = new Set('said says asked replied answered cried quoth shouted'.split(' '));
const DEEDS = new Set('took came went told thought saw made gave kept spoke sat stood ran rose left met knew found felt began'.split(' '));
/** Words before a place: "in Moscow", "at Smolny"; "town of Varn" is read through its "of". */
const PLACE_BEFORE = new Set('in at near around outside'.split(' '));
/** Words before a name that make it a place or a thing's name rather than a person speaking. */
const PLACE_OR_OBJECT_BEFORE = new Set('in at near of to from toward towards up around'.split(' '));

export interface NameEvidence {
  /** Words the text uses in lower case. */
  common: Set<string>;
  /** Capitalised words standing alone, not beside another capitalised word ("Serge"), 's removed. */
  standalone: Set<string>;
  /** Single capitalised words right beside a verb only people use ("said Dick", "Dick replied"). */
  speakers: Set<string>;
  /** How often each capitalised word follows in/at/near/around/outside or "town of". */
  placeCounts: Map<string, number>;
  /** Runs of capitalised words (and their parts) beside a speech verb or opening a sentence with a deed. */
  actors: Set<string>;
  /** Runs of capitalised words (and their parts) after a word of place or of ("of Colney Hatch"). */
  afterPlace: Set<string>;
}

const isCap = (w: string) => /^\p{Lu}/u.test(w);
const bare = (w: string) => w.replace(/[’']s$/, '').replace(/\.$/, '');

/** Every contiguous part of two words or more of a run of words. */
function parts(run: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < run.length; i++) for (let j = i + 2; j <= run.length; j++) out.push(run.slice(i, j).join(' '));
  return out;
}

export function nameEvidence(text: string): NameEvidence {
  const words: Word[] = [];
  for (const m of text.matchAll(/\p{L}[\p{L}’'-]*\.?/gu)) words.push({ w: m[0], start: m.index!, end: m.index! + m[0].length });
  const ev: NameEvidence = { common: new Set(), standalone: new Set(), speakers: new Set(), placeCounts: new Map(), actors: new Set(), afterPlace: new Set() };
  // Two words are neighbours when only white space stands between them (no comma, no blank line), and a full stop
  // after the first is an initial's or a title's ("G. T. Miasnikov", "Mr. Struve"), not a sentence's end.
  const joined = (a: Word, b: Word) => {
    let newlines = 0;
    for (let i = a.end; i < b.start; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) newlines++;
      else if (c !== 32 && c !== 9 && c !== 13) return false;
    }
    return newlines <= 1 && (!a.w.endsWith('.') || /^(?:\p{Lu}|Mr|Mrs|Mme|Dr|St|Prof|Gen|Col|Capt)\.$/u.test(a.w));
  };
  const lower = (k: number) => (k >= 0 && k < words.length ? words[k].w.toLowerCase().replace(/\.$/, '') : '');
  for (let k = 0; k < words.length; k++) {
    const { w } = words[k];
    if (!isCap(w)) {
      if (/^[a-z]/.test(w) && w.length > 1) ev.common.add(w.replace(/\.$/, ''));
      continue;
    }
    // A run of capitalised neighbours starting here.
    if (k > 0 && isCap(words[k - 1].w) && joined(words[k - 1], words[k])) continue;
    let e = k;
    while (e + 1 < words.length && isCap(words[e + 1].w) && joined(words[e], words[e + 1])) e++;
    const run = words.slice(k, e + 1).map((x) => bare(x.w));
    const before = k > 0 && joined(words[k - 1], words[k]) ? lower(k - 1) : '';
    const after = e + 1 < words.length && joined(words[e], words[e + 1]) ? lower(e + 1) : '';
    if (run.length === 1) {
      ev.standalone.add(run[0]);
      if (PERSONAL_SPEECH.has(before) || PERSONAL_SPEECH.has(after)) ev.speakers.add(run[0]);
      const townOf = before === 'of' && k > 1 && /^(?:town|city|village)$/.test(lower(k - 2));
      // "in Lenin's view" puts no one in a place.
      if ((PLACE_BEFORE.has(before) || townOf) && !/[’']s$/.test(words[k].w)) ev.placeCounts.set(run[0], (ev.placeCounts.get(run[0]) ?? 0) + 1);
      continue;
    }
    const opensSentence = k === 0 || /(?:^|[.!?]["”’]?)\s*$/.test(text.slice(Math.max(0, words[k].start - 4), words[k].start)) || /\n\s*$/.test(text.slice(Math.max(0, words[k].start - 3), words[k].start));
    if (SPEECH.has(before) || SPEECH.has(after) || (opensSentence && (DEEDS.has(after) || /^[a-z]{2,}ed$/.test(after)))) for (const p of parts(run)) ev.actors.add(p);
    if (PLACE_OR_OBJECT_BEFORE.has(before)) for (const p of parts(run)) ev.afterPlace.add(p);
  }
  return ev;
}
