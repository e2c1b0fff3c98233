/**
 * Debate formats as data: who speaks in which order, for how long, with which protected time and whether
 * points of information (POIs) may be offered. Custom formats are JSON files of the same shape, checked by
 * validateFormat before use.
 */

export const MIN_TURN_SECONDS = 1;
export const MAX_TURN_SECONDS = 3600;

export interface FormatSide {
  /** Stable id used in commands and buttons ("for", "og"). */
  id: string;
  name: string;
  /** Most speakers this side takes. */
  capacity: number;
}

export interface FormatTurn {
  /** Id of the side that speaks. */
  side: string;
  /** What the speech is ("Opening", "Cross-examination by the Negative"). */
  role: string;
  seconds: number;
  /** Seconds at the start of the speech in which no POI may be offered. */
  protectedStart: number;
  /** Seconds at the end of the speech in which no POI may be offered. */
  protectedEnd: number;
  poiAllowed: boolean;
  /** Which member of the side speaks, by join order (wraps round when the side is smaller). */
  slot: number;
}

/** Discord's limit for a form's text field, which holds a judge's speaker scores, a line per speaker. */
export const SCORES_FIELD_LENGTH = 4000;
/** Longest speaker label a ballot line shows ("Ann (Opening Government): "); the score is typed after it. */
export const SPEAKER_LABEL_LENGTH = 120;
/**
 * Most speakers, all sides together, in a format judges decide: every line of the speaker scores (its label, a
 * space, a score such as 77.5 and the line break) must fit in the one field. Past this, the format is refused.
 */
export const MAX_JUDGED_SPEAKERS = Math.floor(SCORES_FIELD_LENGTH / (SPEAKER_LABEL_LENGTH + 8));

/** How a debate of the format is decided: the audience's vote before and after, judges' ballots, both, or not at all. */
export type DecidedBy = 'audience' | 'judges' | 'both' | 'none';

export const DECIDED_BY: readonly DecidedBy[] = ['audience', 'judges', 'both', 'none'];

export interface DebateFormat {
  id: string;
  name: string;
  description: string;
  sides: FormatSide[];
  turns: FormatTurn[];
  /** Oxford-style debates by the audience's swing, adjudicated formats by ballots (default for custom ones: none). */
  decidedBy: DecidedBy;
}

function turn(side: string, role: string, seconds: number, slot: number, poi?: { start: number; end: number }): FormatTurn {
  return {
    side,
    role,
    seconds,
    slot,
    poiAllowed: poi !== undefined,
    protectedStart: poi?.start ?? 0,
    protectedEnd: poi?.end ?? 0,
  };
}

const protectedMinute = { start: 60, end: 60 };

const OXFORD: DebateFormat = {
  id: 'oxford',
  name: 'Oxford',
  description: 'Two sides; opening, rebuttal and closing speeches for each; the proposition speaks last.',
  sides: [
    { id: 'for', name: 'For', capacity: 3 },
    { id: 'against', name: 'Against', capacity: 3 },
  ],
  turns: [
    turn('for', 'Opening', 420, 0, protectedMinute),
    turn('against', 'Opening', 420, 0, protectedMinute),
    turn('for', 'Rebuttal', 300, 1, protectedMinute),
    turn('against', 'Rebuttal', 300, 1, protectedMinute),
    turn('against', 'Closing', 180, 2),
    turn('for', 'Closing', 180, 2),
  ],
  decidedBy: 'audience',
};

const LINCOLN_DOUGLAS: DebateFormat = {
  id: 'lincoln-douglas',
  name: 'Lincoln–Douglas',
  description: 'One against one, with cross-examination periods; no points of information.',
  sides: [
    { id: 'aff', name: 'Affirmative', capacity: 1 },
    { id: 'neg', name: 'Negative', capacity: 1 },
  ],
  turns: [
    turn('aff', 'Affirmative constructive', 360, 0),
    turn('neg', 'Cross-examination by the Negative', 180, 0),
    turn('neg', 'Negative constructive', 420, 0),
    turn('aff', 'Cross-examination by the Affirmative', 180, 0),
    turn('aff', 'First affirmative rebuttal', 240, 0),
    turn('neg', 'Negative rebuttal', 360, 0),
    turn('aff', 'Second affirmative rebuttal', 180, 0),
  ],
  decidedBy: 'judges',
};

const BRITISH_PARLIAMENTARY: DebateFormat = {
  id: 'british-parliamentary',
  name: 'British Parliamentary',
  description: 'Four teams of two (OG, OO, CG, CO), eight seven-minute speeches; the first and last minute protected.',
  sides: [
    { id: 'og', name: 'Opening Government', capacity: 2 },
    { id: 'oo', name: 'Opening Opposition', capacity: 2 },
    { id: 'cg', name: 'Closing Government', capacity: 2 },
    { id: 'co', name: 'Closing Opposition', capacity: 2 },
  ],
  turns: [
    turn('og', 'Prime Minister', 420, 0, protectedMinute),
    turn('oo', 'Leader of the Opposition', 420, 0, protectedMinute),
    turn('og', 'Deputy Prime Minister', 420, 1, protectedMinute),
    turn('oo', 'Deputy Leader of the Opposition', 420, 1, protectedMinute),
    turn('cg', 'Member of the Government', 420, 0, protectedMinute),
    turn('co', 'Member of the Opposition', 420, 0, protectedMinute),
    turn('cg', 'Government Whip', 420, 1, protectedMinute),
    turn('co', 'Opposition Whip', 420, 1, protectedMinute),
  ],
  decidedBy: 'judges',
};

/** Alternating turns; `turn_seconds` sets their length when the debate starts. */
const OPEN_FLOOR: DebateFormat = {
  id: 'open-floor',
  name: 'Open floor',
  description: 'Alternating turns of a chosen length (two minutes unless set), speakers rotating within each side.',
  sides: [
    { id: 'for', name: 'For', capacity: 25 },
    { id: 'against', name: 'Against', capacity: 25 },
  ],
  turns: Array.from({ length: 10 }, (_, i) => turn(i % 2 === 0 ? 'for' : 'against', `Floor turn ${i + 1}`, 120, Math.floor(i / 2))),
  decidedBy: 'none',
};

/** The formats Rostrum ships with, in the order offered to users. */
export const BUILTIN_FORMATS: readonly DebateFormat[] = [OXFORD, LINCOLN_DOUGLAS, BRITISH_PARLIAMENTARY, OPEN_FLOOR];

export const DEFAULT_FORMAT_ID = 'oxford';

/**
 * The turns of a format as a debate will run them: with `turnSeconds` every speech lasts that long and
 * protected time shrinks to at most a quarter of the speech.
 */
export function planTurns(format: DebateFormat, turnSeconds?: number): FormatTurn[] {
  if (turnSeconds === undefined) return format.turns.map((t) => ({ ...t }));
  const cap = Math.floor(turnSeconds / 4);
  return format.turns.map((t) => ({
    ...t,
    seconds: turnSeconds,
    protectedStart: Math.min(t.protectedStart, cap),
    protectedEnd: Math.min(t.protectedEnd, cap),
  }));
}

export type FormatCheck = { ok: true; format: DebateFormat } | { ok: false; errors: string[] };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isWhole = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const show = (v: unknown): string => (v === undefined ? 'nothing' : JSON.stringify(v));

/**
 * Checks an untrusted format object (a parsed custom-format file). Every error names `origin` and the field,
 * and says what is expected, so that a moderator can fix the file.
 */
export function validateFormat(input: unknown, origin: string): FormatCheck {
  const errors: string[] = [];
  const fail = (field: string, expected: string, got: unknown) =>
    errors.push(`${origin}: ${field} must be ${expected} (got ${show(got)}).`);
  if (!isRecord(input)) {
    return { ok: false, errors: [`${origin}: a format must be a JSON object with id, name, sides and turns.`] };
  }
  const { id, name, description, sides, turns, decidedBy } = input;
  if (typeof id !== 'string' || !/^[a-z0-9][a-z0-9-]{0,31}$/.test(id)) {
    fail('id', 'lower-case letters, digits and dashes, at most 32 characters', id);
  }
  if (typeof name !== 'string' || name.trim() === '' || name.length > 80) fail('name', 'a non-empty string of at most 80 characters', name);
  if (description !== undefined && typeof description !== 'string') fail('description', 'a string when present', description);
  if (decidedBy !== undefined && !(DECIDED_BY as readonly unknown[]).includes(decidedBy)) fail('decidedBy', `one of ${DECIDED_BY.join(', ')}`, decidedBy);

  const sideIds = new Set<string>();
  const goodSides: FormatSide[] = [];
  if (!Array.isArray(sides) || sides.length < 2 || sides.length > 6) {
    fail('sides', 'a list of 2 to 6 sides', Array.isArray(sides) ? `${sides.length} sides` : sides);
  } else {
    sides.forEach((s, i) => {
      const at = `sides[${i}]`;
      if (!isRecord(s)) return fail(at, 'an object with id, name and capacity', s);
      if (typeof s.id !== 'string' || !/^[a-z0-9][a-z0-9-]{0,31}$/.test(s.id)) fail(`${at}.id`, 'lower-case letters, digits and dashes', s.id);
      else if (sideIds.has(s.id)) fail(`${at}.id`, 'unique among the sides', s.id);
      else sideIds.add(s.id);
      if (typeof s.name !== 'string' || s.name.trim() === '' || s.name.length > 50) fail(`${at}.name`, 'a non-empty string of at most 50 characters', s.name);
      if (!isWhole(s.capacity) || s.capacity < 1 || s.capacity > 25) fail(`${at}.capacity`, 'a whole number from 1 to 25', s.capacity);
      goodSides.push({ id: String(s.id), name: String(s.name), capacity: Number(s.capacity) });
    });
  }

  const judged = decidedBy === 'judges' || decidedBy === 'both';
  const speakers = goodSides.reduce((n, s) => n + s.capacity, 0);
  if (judged && speakers > MAX_JUDGED_SPEAKERS) {
    fail('sides[].capacity, all sides together', `at most ${MAX_JUDGED_SPEAKERS} when judges decide (decidedBy "${decidedBy}"), as a ballot has room for ${MAX_JUDGED_SPEAKERS} speaker scores; lower the capacities, or let the audience decide`, speakers);
  }

  const goodTurns: FormatTurn[] = [];
  const spokenBySide = new Map<string, number>();
  if (!Array.isArray(turns) || turns.length < 1 || turns.length > 50) {
    fail('turns', 'a list of 1 to 50 turns', Array.isArray(turns) ? `${turns.length} turns` : turns);
  } else {
    turns.forEach((t, i) => {
      const at = `turns[${i}]`;
      if (!isRecord(t)) return fail(at, 'an object with side, role and seconds', t);
      if (typeof t.side !== 'string' || !sideIds.has(t.side)) fail(`${at}.side`, `one of the side ids (${[...sideIds].join(', ') || 'none valid'})`, t.side);
      if (typeof t.role !== 'string' || t.role.trim() === '' || t.role.length > 60) fail(`${at}.role`, 'a non-empty string of at most 60 characters', t.role);
      const seconds = t.seconds;
      const secondsOk = isWhole(seconds) && seconds >= MIN_TURN_SECONDS && seconds <= MAX_TURN_SECONDS;
      if (!secondsOk) fail(`${at}.seconds`, `a whole number of seconds from ${MIN_TURN_SECONDS} to ${MAX_TURN_SECONDS}`, seconds);
      const ps = t.protectedStart ?? 0;
      const pe = t.protectedEnd ?? 0;
      if (!isWhole(ps) || ps < 0) fail(`${at}.protectedStart`, 'a whole number of seconds, 0 or more', ps);
      if (!isWhole(pe) || pe < 0) fail(`${at}.protectedEnd`, 'a whole number of seconds, 0 or more', pe);
      if (secondsOk && isWhole(ps) && isWhole(pe) && ps + pe >= seconds) {
        fail(`${at}.protectedStart + protectedEnd`, `less than the turn's ${seconds} seconds`, ps + pe);
      }
      const poi = t.poiAllowed ?? false;
      if (typeof poi !== 'boolean') fail(`${at}.poiAllowed`, 'true or false', poi);
      const side = String(t.side);
      const defaultSlot = spokenBySide.get(side) ?? 0;
      spokenBySide.set(side, defaultSlot + 1);
      const slot = t.slot ?? defaultSlot;
      if (!isWhole(slot) || slot < 0) fail(`${at}.slot`, 'a whole number, 0 or more', slot);
      goodTurns.push({ side, role: String(t.role), seconds: Number(seconds), protectedStart: Number(ps), protectedEnd: Number(pe), poiAllowed: poi === true, slot: Number(slot) });
    });
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    format: {
      id: id as string,
      name: name as string,
      description: typeof description === 'string' ? description : '',
      sides: goodSides,
      turns: goodTurns,
      decidedBy: (decidedBy as DecidedBy | undefined) ?? 'none',
    },
  };
}
