/**
 * A seeded random source for the fault suite (mulberry32): every random choice comes from here, so a run is
 * reproducible from its seed. FAULT_SEED overrides the fixed default (print it when a run fails).
 */
export const FAULT_SEED = Number(process.env.FAULT_SEED ?? 17_017);

export interface Rng {
  /** In [0, 1). */
  next(): number;
  int(min: number, max: number): number;
  pick<T>(list: readonly T[]): T;
  chance(p: number): boolean;
}

export function rng(seed: number = FAULT_SEED): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (list) => list[Math.floor(next() * list.length)]!,
    chance: (p) => next() < p,
  };
}

/** Ids that only users ever type: a raw <@id> of one of these in a payload came from user text. */
export const HOSTILE_IDS = ['123', '777000000000000777', '456'];

/** Pieces of hostile text: astral and joined emoji, lone surrogates, disguised links, pings, markup, controls. */
export const HOSTILE_PIECES: readonly string[] = [
  'Trotsky',
  'the motion',
  '👨‍👩‍👧‍👦',
  '🏳️‍🌈',
  '👍🏽',
  '🇫🇷🇩🇪',
  'é', // e + combining acute
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  '\uD83D', // a lone high surrogate
  '\uDE00', // a lone low surrogate
  '[the official Discord notice](https://evil.example/login)',
  '[x](https://evil.example)',
  '[click](<https://evil.example/a>)',
  '[](javascript:alert(1))',
  'https://evil.example/path?q=1',
  'javascript:alert(1)',
  '@everyone',
  '@here',
  '<@123>',
  '<@!777000000000000777>',
  '<@&456>',
  '<#900000000000000011>',
  '```',
  '```js\nprocess.exit(1)\n```',
  '`code`',
  '**bold** __u__ ~~s~~ ||spoiler||',
  '> quoted',
  '# Heading',
  '-# small',
  '\n',
  '\r\n',
  '\t',
  '\u0000',
  '\u0007',
  '\u001b[31m',
  '\u200b',
  '\u202e', // right-to-left override
  '\uFEFF',
  'Source: Terrorism and Communism, 1920',
  '"We have suppressed the Mensheviks"',
  '#1',
  '-5',
  '|',
  ':',
  'ก้้้้้้้้้้้้้้้้้้้้',
];

/** A hostile string: a few pieces, sometimes repeated far past every Discord limit. */
export function hostileText(r: Rng): string {
  const parts: string[] = [];
  const n = r.int(1, 6);
  for (let i = 0; i < n; i++) parts.push(r.pick(HOSTILE_PIECES));
  let s = parts.join(r.pick(['', ' ', ' ', '\n']));
  const long = r.next();
  if (long < 0.06) s = s.repeat(Math.ceil(2100 / Math.max(1, s.length)));
  else if (long < 0.09) s = s.repeat(Math.ceil(6100 / Math.max(1, s.length)));
  else if (long < 0.12) s = s.repeat(Math.ceil(310 / Math.max(1, s.length)));
  return s;
}
