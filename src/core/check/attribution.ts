/**
 * To whom an argument attributes a quotation: "Name: “…”", "As Name put it, “…”", "Name wrote (that) “…”",
 * "Name warned of “…”", "according to Name, “…”", "“…” — Name", "“…”, said Name". Only the sentence
 * around the quotation is read; a pronoun ("he wrote") names nobody.
 */
import { foldDiacritics, nameKey } from '../text.js';
import { NOT_NAME, nameTokens } from '../names.js';
import type { QuoteSpan } from './spans.js';

// Until src/store/fts/check-source.ts imports it from src/core/names.ts: then this line goes.

const VERBS = [
  'said', 'says', 'say', 'wrote', 'writes', 'write', 'put it', 'puts it', 'noted', 'notes', 'argued', 'argues',
  'claimed', 'claims', 'stated', 'states', 'warned', 'warns', 'declared', 'declares', 'insisted', 'insists',
  'observed', 'observes', 'remarked', 'remarks', 'replied', 'replies', 'told', 'tells', 'called', 'calls',
  'described', 'describes', 'admitted', 'admits', 'explained', 'explains', 'recalled', 'recalls', 'added', 'adds',
  'asserted', 'asserts', 'maintained', 'maintains', 'conceded', 'concedes', 'proclaimed', 'proclaims',
  'announced', 'announces', 'complained', 'complains', 'lamented', 'laments', 'concluded', 'concludes',
  'stressed', 'stresses', 'emphasised', 'emphasized', 'emphasises', 'emphasizes', 'pointed out', 'points out',
  'suggested', 'suggests', 'believed', 'believes', 'thought', 'thinks', 'felt', 'feels', 'acknowledged',
  'acknowledges', 'repeated', 'repeats', 'answered', 'answers', 'responded', 'responds', 'objected', 'objects',
  'spoke', 'speaks', 'mentioned', 'mentions', 'commented', 'comments', 'predicted', 'predicts', 'denounced',
  'denounces', 'condemned', 'condemns', 'proposed', 'proposes', 'urged', 'urges', 'demanded', 'demands',
  'asked', 'asks', 'cried', 'exclaimed', 'quipped', 'retorted', 'thundered', 'boasted', 'confessed', 'affirmed',
  'affirms', 'contended', 'contends', 'opined', 'reported', 'reports', 'recorded', 'records', 'summed up',
  'sums up', 'characterised', 'characterized', 'branded', 'dubbed', 'labelled', 'labeled', 'defined', 'defines',
  'judged', 'reasoned', 'wrote of', 'spoke of', 'explained that', 'held', 'holds', 'taught', 'teaches',
  'insisted that', 'recognised', 'recognized', 'recognises', 'recognizes', 'put', 'puts', 'writing', 'saying',
  'according',
];
const VERB_RE = new RegExp(`\\b(?:${VERBS.map((v) => v.replace(/ /g, '\\s+')).join('|')})\\b`, 'gi');

/** A plural of a group ("Bolsheviks", "Trotskyists", "Russians") is not a person. */
const GROUP = /(?:ists|ites|iks|viks|ians|ans|ese|ers)$/;

export interface NameHit {
  name: string;
  start: number;
  end: number;
}

// A name word may carry digits and underscores after its capital: forum handles ("RedFox1917"). A name
// does not run on over a line break ("— Victor Serge\nSource: …").
const NAME_SEQ = /(?:\p{Lu}[\p{L}\p{N}_'’-]*|\p{Lu}\.)(?:[^\S\n]+(?:(?:de|von|van|der|den|la|le|du|di|da|del|della|ibn|bin|al)[^\S\n]+)?(?:\p{Lu}[\p{L}\p{N}_'’-]*|\p{Lu}\.))*/gu;

/** What the corpus tells about names: the words of its speakers' names, and words it writes in lower case. */
export interface NameContext {
  known: Set<string>;
  /** Words the corpus writes in lower case: capitalised, they start a sentence rather than name someone. */
  common: Set<string>;
}

/** Name-like word sequences in a stretch of text, with leading function words and possessives stripped. */
export function findNames(text: string, offset: number, ctx: NameContext): NameHit[] {
  const { known, common } = ctx;
  const out: NameHit[] = [];
  for (const m of text.matchAll(NAME_SEQ)) {
    let start = m.index ?? 0;
    const words = m[0].split(/\s+/);
    let lead = 0;
    const plain = (w: string) => foldDiacritics(w).toLowerCase().replace(/['’]s$|[^a-z]/g, '');
    while (lead < words.length && (NOT_NAME.has(plain(words[lead])) || (common.has(plain(words[lead])) && !known.has(plain(words[lead]))))) {
      start += words[lead].length;
      const rest = text.slice(start);
      start += rest.length - rest.replace(/^\s+/, '').length;
      lead++;
    }
    const kept = words.slice(lead);
    if (!kept.length) continue;
    const name = kept.join(' ').replace(/['’]s?$/, '');
    const tokens = nameTokens(name);
    if (!tokens.length) continue;
    const isKnown = tokens.some((t) => known.has(t));
    if (!isKnown && tokens.every((t) => GROUP.test(t) || t.length < 2)) continue;
    // After a determiner or possessive a capitalised phrase is a work or a group ("his Memoirs", "the Cheka").
    if (!isKnown && /\b(?:the|a|an|his|her|their|its|my|our|your|this|that|these|those)\s+$/i.test(text.slice(Math.max(0, start - 8), start))) continue;
    out.push({ name, start: offset + start, end: offset + start + name.length });
  }
  return out;
}

function sentenceStart(text: string, before: number, floor: number): number {
  let start = floor;
  const re = /[.!?]["'”’)\]]*\s+(?=["“‘'(\[]?\p{Lu})|\n/gu;
  re.lastIndex = floor;
  for (let m = re.exec(text); m && m.index < before; m = re.exec(text)) {
    const candidate = m.index + m[0].length;
    if (candidate <= before) start = candidate;
  }
  return start;
}

/** The name an argument gives for the quotation at `span`, or null when it names nobody. */
export function attributionOf(text: string, span: QuoteSpan, spans: QuoteSpan[], ctx: NameContext): string | null {
  const { known } = ctx;
  const idx = spans.indexOf(span);
  const prevEnd = idx > 0 ? spans[idx - 1].end + 1 : 0;
  const openAt = Math.max(prevEnd, span.start - 1);
  const leadStart = sentenceStart(text, openAt, prevEnd);
  // Asides (", in his Terrorism and Communism,", "(1920)") are blanked, keeping offsets, so they name nobody.
  const lead = text
    .slice(leadStart, openAt)
    .replace(/\([^()]{0,80}\)|\*[^*\n]{1,80}\*|\b_[^_\n]{1,80}_\b|,\s*(?:in|writing in|speaking|speaking at|at|from|as early as|back in|during|after|before|as)\s[^,]{0,80},/gi, (m) => ' '.repeat(m.length));
  const names = findNames(lead, leadStart, ctx);

  // "Name … verb …": the subject of the speech verb nearest the quotation.
  const verbs = [...lead.matchAll(VERB_RE)].map((m) => ({ start: leadStart + (m.index ?? 0), end: leadStart + (m.index ?? 0) + m[0].length, word: m[0].toLowerCase() }));
  for (let v = verbs.length - 1; v >= 0; v--) {
    const verb = verbs[v];
    if (verb.word === 'according') {
      // "according to Name"
      const after = names.find((n) => n.start >= verb.end && n.start - verb.end <= 5);
      if (after) return after.name;
      continue;
    }
    const before = names.filter((n) => n.end <= verb.start);
    const subject = before[before.length - 1];
    if (subject) {
      const gap = lead.slice(subject.end - leadStart, verb.start - leadStart);
      if (gap.split(/\s+/).filter(Boolean).length <= 4 && !/[;:]/.test(gap)) {
        // "Trotsky and Lenin wrote", "Marx, Engels and Lenin argued": any of them may be meant.
        const joint = [subject];
        for (let k = before.length - 2; k >= 0; k--) {
          const between = lead.slice(before[k].end - leadStart, joint[0].start - leadStart);
          if (!/^\s*(?:,|&|and|,\s*and)\s*$/i.test(between)) break;
          joint.unshift(before[k]);
        }
        return joint.map((n) => n.name).join(' and ');
      }
    }
    // "He wrote": the person the argument last named.
    if (/\b(?:he|she|they)\s+(?:\w+\s+){0,2}$/i.test(text.slice(Math.max(leadStart, verb.start - 30), verb.start))) {
      const earlier = findNames(text.slice(0, leadStart), 0, ctx);
      const knownEarlier = earlier.filter((n) => nameTokens(n.name).some((t) => known.has(t)));
      const pick = knownEarlier.pop() ?? earlier.pop();
      if (pick) return pick.name;
    }
  }

  // "Name: “…”" and "Name's words: “…”".
  const trimmed = lead.replace(/\s+$/, '');
  if (/[:\-–—]$/.test(trimmed)) {
    // "Kolakowski, Main Currents of Marxism:": a person the corpus knows beats a title's capitals.
    const near = names.filter((n) => n.end >= leadStart + trimmed.length - 60);
    const knownNear = near.filter((n) => nameTokens(n.name).some((t) => known.has(t)));
    // "Trotsky's reply to Stalin:": the possessive names whose words follow.
    const possessive = near.find((n) => /^['’]s\b/.test(text.slice(n.end, n.end + 3)));
    const hit = possessive ?? knownNear.pop() ?? near[0];
    if (hit) return hit.name;
  }
  // "in the words of Name", "to quote Name", "Name's claim that".
  const phrase = /(?:words of|to quote|quoting|per|from)\s+$/i;
  for (const n of names) {
    if (phrase.test(text.slice(Math.max(leadStart, n.start - 20), n.start))) return n.name;
    if (/^['’]s\s+(?:\w+\s+){0,2}(?:words|claim|statement|remark|line|phrase|dictum|verdict|argument|view|assertion|comment|observation|quip|letter|speech|warning|judgement|judgment|description|characteri[sz]ation|famous|own)/i.test(text.slice(n.end, n.end + 60)))
      return n.name;
  }

  // After the quotation: "“…” — Name", "“…” (Name)", "“…”, said Name", "“…”, Name wrote".
  const close = span.end + (span.unpaired ? 0 : 1);
  const tail = text.slice(close, Math.min(text.length, close + 80));
  const tailNames = findNames(tail, close, ctx);
  if (tailNames.length) {
    const first = tailNames[0];
    const between = text.slice(close, first.start);
    if (/^\s*[,.;]?\s*(?:[-–—~]+|\(|\[)?\s*$/.test(between)) return first.name;
    if (new RegExp(`^\\s*[,.]?\\s*(?:${VERBS.slice(0, 60).map((v) => v.replace(/ /g, '\\s+')).join('|')})\\s+$`, 'i').test(between)) return first.name;
    const afterName = text.slice(first.end, first.end + 30);
    if (/^\s*(?:once\s+|famously\s+|later\s+)?(?:said|wrote|says|writes|argued|noted|claimed|remarked|observed|declared|put it)\b/i.test(afterName) && /^\s*,?\s*$/.test(between)) return first.name;
    // "“…” is Stalin's", "“…” was written by Stalin", "“…” comes from Stalin".
    if (/^\s*[,.]?\s*(?:(?:is|was|are|were)\s+)?(?:(?:written|said|uttered|penned|spoken|coined|stated|quoted|comes|came|taken|from|by|according|to|in|the|words|of)\s+){0,4}$/i.test(between)) return first.name;
  }

  // No pattern: a person the corpus knows, named in the same sentence, is the one meant.
  if (!verbs.length) {
    const knownNames = names.filter((n) => nameTokens(n.name).some((t) => known.has(t)));
    if (knownNames.length) return knownNames[knownNames.length - 1].name;
  }
  const sentenceTail = tail.split(/[.!?\n]\s/)[0];
  const knownTail = tailNames.filter((n) => n.end <= close + sentenceTail.length && nameTokens(n.name).some((t) => known.has(t)));
  if (knownTail.length) return knownTail[0].name;
  return null;
}

/**
 * Whether a name given in an argument names the speaker, diacritics folded: one word ("Serge", "Leszek") is
 * any of their name words; a full name must end in one of them, so that "Leon Blum" is not Leon Trotsky.
 */
export function sameName(given: string, speaker: string): boolean {
  // Compared by spelling key: "Trotzky wrote" names Leon Trotsky, "Lenine" Lenin.
  // A word with no Latin letters has an empty key, which would match any other such word.
  const b = new Set(nameTokens(speaker).map(nameKey).filter(Boolean));
  // "Trotsky and Lenin wrote": each person named may be the speaker.
  return given.split(/\s+(?:and|&)\s+|\s*[,;]\s*/i).some((person) => {
    const a = nameTokens(person).filter((t) => t.length >= 3).map(nameKey).filter(Boolean);
    return a.length >= 2 ? b.has(a[a.length - 1]) : a.some((t) => b.has(t));
  });
}

/** A speaker the corpus does not name ("anonymous poster"): no one can be said to be wrong about them. */
export function unnamed(speaker: string | null | undefined): boolean {
  return !speaker || /^anonymous\b/i.test(speaker.trim());
}
