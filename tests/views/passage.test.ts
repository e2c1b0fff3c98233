import { describe, expect, it } from 'vitest';
import { placeLabel, speakerLabel } from '../../src/views/passage.js';
import { ANONYMOUS } from '../../src/core/corpus/forum.js';
import { resultText } from '../../src/views/quote-results.js';

describe('who said a passage, and where', () => {
  it('GIVEN no speaker, or an anonymous forum poster THEN every view says "unattributed"', () => {
    expect(speakerLabel(null)).toBe('unattributed');
    expect(speakerLabel(ANONYMOUS)).toBe('unattributed');
    expect(speakerLabel('Victor Serge')).toBe('Victor Serge');
    const r = { id: 'p1', text: 'A post.', speaker: ANONYMOUS, document: { id: 'd', title: 'A thread' }, location: 'post 3', source: null };
    expect(resultText(r, 1, 500)).toContain('— **unattributed** · *A thread*, post 3');
  });

  it('GIVEN a result from a text the server added THEN it says it comes from the server\'s library; a shared one does not', () => {
    const shared = { id: 'p1', text: 'Words.', speaker: 'Victor Serge', document: { id: 'd', title: 'Memoirs' }, location: 'ch. 4', source: null };
    expect(resultText({ ...shared, library: 'server' }, 1, 500)).toContain("· *Memoirs*, ch. 4 · this server's library");
    expect(resultText(shared, 1, 500)).not.toContain('library');
  });

  it('GIVEN a passage without a location THEN only its title is shown', () => {
    expect(placeLabel({ document: { title: 'Memoirs' }, location: '' })).toBe('*Memoirs*');
    expect(placeLabel({ document: { title: 'Memoirs' }, location: 'ch. 4' })).toBe('*Memoirs*, ch. 4');
  });
});
