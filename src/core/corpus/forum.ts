/**
 * Forum threads: posts (separated by lines holding only a space), poster names where the page shows
 * them (a short name line followed by a forum title line such as "Banned"), furniture dropped, and the
 * lines a reply repeats from earlier posts taken out of the reply (they belong to the earlier poster).
 */
import type { DocumentMeta, Passage } from '../types.js';
import type { Unit } from './quotations.js';
import type { LaidOutPost } from './layout/types.js';
import { isHeadingLike, isSeparatorLine, wordCount } from './text.js';
import { normaliseForMatch } from '../text.js';

export interface RepeatGroup {
  /** Index of the post the repeated words come from; -1 when the quoted post is not in the thread. */
  fromPost: number;
  /** Who the quote box names, for a quoted post that is not in the thread. */
  poster?: string | null;
  text: string;
  /** Index into units of the reply (its first own paragraph, or -1 when it has none). */
  unit: number;
  passageId: string;
  location: string;
}

export interface ForumPost {
  index: number;
  poster: string | null;
  passageId: string;
  location: string;
  /** Unit indexes of the post's own paragraphs. */
  units: number[];
}

export interface ForumStructure {
  posts: ForumPost[];
  units: Unit[];
  passages: Passage[];
  repeats: RepeatGroup[];
  posters: string[];
}

export const ANONYMOUS = 'anonymous poster';

const FURNITURE = /^(?:Last edited(?::.*|\s+by.*)?|Top|Bottom|Click to expand\.{0,3}|Click to shrink\.{0,3}|Reply|Quote|Report|Like|Likes|Share|Bookmark|Sort by date|Sort by votes|Show hidden.*|Spoiler|Reactions?:.*)$/i;

/** Does this line look like a poster's name (followed by a forum title line)? */
function isNameLine(line: string): boolean {
  const t = line.trim();
  if (!t || t.length > 40 || wordCount(t) > 3) return false;
  if (FURNITURE.test(t)) return false;
  return isHeadingLike(t, 3);
}

function isTitleLine(line: string): boolean {
  const t = line.trim();
  return !!t && t.length <= 40 && wordCount(t) <= 4 && isHeadingLike(t, 4) && !FURNITURE.test(t);
}

function shingles(words: string[], n = 3): string[] {
  const out: string[] = [];
  for (let i = 0; i + n <= words.length; i++) out.push(words.slice(i, i + n).join(' '));
  return out;
}

/**
 * What earlier posts showed, for finding the lines a reply repeats. Shingles are indexed by post, so a line is
 * compared with the posts that share a shingle with it rather than with every earlier post.
 */
class EarlierPosts {
  private readonly norms: string[] = [];
  /** Shingle → indexes of the posts that show it, ascending. */
  private readonly byShingle = new Map<string, number[]>();

  add(norm: string): void {
    const k = this.norms.length;
    this.norms.push(norm);
    for (const s of new Set(shingles(norm.split(' ')))) {
      const posts = this.byShingle.get(s);
      if (posts) posts.push(k);
      else this.byShingle.set(s, [k]);
    }
  }

  /** Which earlier post (index) a line repeats, exactly or near-exactly (60% of its shingles); -1 if none. */
  repeatOf(line: string): number {
    const norm = normaliseForMatch(line);
    const wc = wordCount(norm);
    if (wc < 3 || norm.length < 12) return -1;
    for (let k = 0; k < this.norms.length; k++) if (this.norms[k].includes(norm)) return k;
    if (wc < 8) return -1;
    const sh = shingles(norm.split(' '));
    const hits = new Map<number, number>();
    for (const s of sh) for (const k of this.byShingle.get(s) ?? []) hits.set(k, (hits.get(k) ?? 0) + 1);
    let first = -1; // the earliest post that shares enough
    for (const [k, hit] of hits) if (hit / sh.length >= 0.6 && (first < 0 || k < first)) first = k;
    return first;
  }
}

export function parseForumStructure(meta: DocumentMeta, text: string, warn: (m: string) => void): ForumStructure {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const rawPosts: string[][] = [[]];
  for (const l of lines) {
    if (isSeparatorLine(l)) rawPosts.push([]);
    else rawPosts[rawPosts.length - 1].push(l);
  }
  const titleKey = normaliseForMatch(meta.title);
  const units: Unit[] = [];
  const passages: Passage[] = [];
  const posts: ForumPost[] = [];
  const repeats: RepeatGroup[] = [];
  const posters = new Set<string>();
  const earlier = new EarlierPosts();
  const earlierPoster: (string | null)[] = [];

  for (const raw of rawPosts) {
    // Furniture and the thread title.
    let ls = raw.filter((l) => {
      const t = l.trim();
      if (FURNITURE.test(t)) return false;
      const k = normaliseForMatch(t);
      if (k === titleKey) return false;
      // "TopUSSR under Trotsky.": a furniture word glued to the title.
      if (k.endsWith(titleKey) && /^(?:top|bottom|reply|quote)$/.test(k.slice(0, k.length - titleKey.length).trim())) return false;
      return true;
    });
    // Poster name + forum title at the start.
    let poster: string | null = null;
    const nonEmpty = ls.map((l, i) => [l, i] as const).filter(([l]) => l.trim());
    if (nonEmpty.length >= 3 && isNameLine(nonEmpty[0][0]) && isTitleLine(nonEmpty[1][0])) {
      poster = nonEmpty[0][0].trim();
      ls = ls.slice(nonEmpty[1][1] + 1);
    }
    if (!ls.some((l) => l.trim())) continue;
    const index = posts.length;
    const location = `post ${index + 1}`;
    const passageId = `${meta.id}#post${index + 1}`;
    const firstRepeat = repeats.length; // this post's repeats are the ones pushed from here on
    // Paragraphs of own lines; repeated lines grouped by the post they come from.
    const ownParas: string[] = [];
    let cur: string[] = [];
    let rep: { from: number; lines: string[] } | null = null;
    const flushRep = () => {
      if (rep) repeats.push({ fromPost: rep.from, text: rep.lines.join('\n'), unit: -1, passageId, location });
      rep = null;
    };
    const flushPara = () => {
      if (cur.length) ownParas.push(cur.join('\n'));
      cur = [];
    };
    for (const l of ls) {
      if (!l.trim()) { flushPara(); continue; }
      const from = earlier.repeatOf(l);
      if (from >= 0) {
        flushPara();
        if (rep && rep.from !== from) flushRep();
        rep ??= { from, lines: [] };
        rep.lines.push(l.trim());
      } else {
        flushRep();
        cur.push(l);
      }
    }
    flushPara();
    flushRep();
    const own = ownParas.map((p) => p.replace(/^\n+|\n+$/g, '')).filter((p) => p.trim());
    const speaker = poster ?? ANONYMOUS;
    if (poster) posters.add(poster);
    const post: ForumPost = { index, poster, passageId, location, units: [] };
    for (const p of own) {
      post.units.push(units.length);
      units.push({ passageId, location, text: p, markers: [] });
    }
    for (let r = firstRepeat; r < repeats.length; r++) repeats[r].unit = post.units[0] ?? -1;
    if (own.length) passages.push({ id: passageId, documentId: meta.id, location, speaker, text: own.join('\n\n'), notes: [] });
    else warn(`${location}: only repeats earlier posts`);
    posts.push(post);
    // Later replies are compared with everything this post showed (own and repeated text).
    const all = normaliseForMatch(ls.join('\n'));
    earlier.add(all);
    earlierPoster.push(poster);
  }
  // A repeat belongs to the post that first showed the words: map post index to that post.
  return { posts, units, passages, repeats, posters: [...posters] };
}

/**
 * A thread read from a saved page, whose posts and quote boxes the page marks up: a quote box is the quoted
 * poster's words (located at their post when the thread holds it), never the replying poster's.
 */
export function forumFromPosts(meta: DocumentMeta, laidPosts: LaidOutPost[], warn: (m: string) => void): ForumStructure {
  const units: Unit[] = [];
  const passages: Passage[] = [];
  const posts: ForumPost[] = [];
  const repeats: RepeatGroup[] = [];
  const posters = new Set<string>();
  const shown: string[] = [];
  for (const lp of laidPosts) {
    const own = lp.paragraphs.map((p) => p.trim()).filter(Boolean);
    if (!own.length && !lp.quoted.length) continue;
    const index = posts.length;
    const location = `post ${index + 1}`;
    const passageId = `${meta.id}#post${index + 1}`;
    const post: ForumPost = { index, poster: lp.poster, passageId, location, units: [] };
    if (lp.poster) posters.add(lp.poster);
    for (const p of own) {
      post.units.push(units.length);
      units.push({ passageId, location, text: p, markers: [] });
    }
    for (const q of lp.quoted) {
      const key = normaliseForMatch(q.text).slice(0, 200);
      // The earliest earlier post that shows these words (by the quoted poster, when the box names one).
      let from = -1;
      for (let k = 0; k < posts.length && from < 0; k++) {
        if ((!q.poster || posts[k].poster === q.poster) && shown[k].includes(key)) from = k;
      }
      // Words the thread already holds are that post's, indexed there once; a box from elsewhere is its poster's.
      if (from < 0) repeats.push({ fromPost: -1, poster: q.poster, text: q.text, unit: -1, passageId, location });
    }
    if (own.length) passages.push({ id: passageId, documentId: meta.id, location, speaker: lp.poster ?? ANONYMOUS, text: own.join('\n\n'), notes: [] });
    else warn(`${location}: only quotes earlier posts`);
    posts.push(post);
    shown.push(normaliseForMatch(own.join('\n')));
  }
  return { posts, units, passages, repeats, posters: [...posters] };
}
