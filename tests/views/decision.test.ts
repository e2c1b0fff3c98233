/** The ballot form at its limits: the most speakers a judged format may have, with the longest names, fit its scores field. */
import { describe, expect, it } from 'vitest';
import { MAX_JUDGED_SPEAKERS, SCORES_FIELD_LENGTH, validateFormat, type DebateFormat } from '../../src/core/debate/formats.js';
import { readBallot } from '../../src/core/debate/ballot.js';
import { ballotForm } from '../../src/views/decision.js';
import { Drive } from '../core/debate/helpers.js';

describe('the ballot form', () => {
  it('GIVEN a judged format at its most speakers, with the longest names THEN every score fits the field and the ballot reads back', () => {
    const side = (id: string, letter: string, capacity: number) => ({ id, name: letter.repeat(50), capacity });
    const checked = validateFormat({
      id: 'assembly', name: 'Assembly', decidedBy: 'judges',
      sides: [side('a', 'A', 16), side('b', 'B', MAX_JUDGED_SPEAKERS - 16)],
      turns: [{ side: 'a', role: 'Case', seconds: 30 }, { side: 'b', role: 'Reply', seconds: 30 }],
    }, 'formats/assembly.json');
    if (!checked.ok) throw new Error(checked.errors.join('\n'));
    const format: DebateFormat = checked.format;
    const drive = new Drive({ format, formatId: 'assembly', knownFormats: ['assembly'] });
    // Longer names than Discord's 32 characters: each line is cut to fit, and still read back.
    const id = (n: number) => `${String(n).padStart(2, '0')}${'x'.repeat(78)}`;
    drive.seat({ a: Array.from({ length: 16 }, (_, n) => id(n)), b: Array.from({ length: MAX_JUDGED_SPEAKERS - 16 }, (_, n) => id(16 + n)) });
    expect(drive.state.participants).toHaveLength(MAX_JUDGED_SPEAKERS);

    const field = ballotForm(drive.state).fields.find((f) => f.id === 'scores')!;
    expect(field.maxLength).toBe(SCORES_FIELD_LENGTH);
    // The judge types the longest score after every line.
    const typed = field.value!.split('\n').map((line) => `${line}99.5`).join('\n');
    expect(typed.length).toBeLessThanOrEqual(SCORES_FIELD_LENGTH);
    const ballot = readBallot(drive.state, { id: 'jo', name: 'Jo' }, { winner: 'A'.repeat(50), scores: typed, reason: 'Closer argued.' }, drive.now);
    expect('scores' in ballot && ballot.scores.map((s) => s.score)).toEqual(Array(MAX_JUDGED_SPEAKERS).fill(99.5));
  });
});
