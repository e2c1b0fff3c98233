import { describe, expect, it } from 'vitest';
import { findReferences, findSources, readsAsReference } from '../../../src/core/check/sources.js';

describe('GIVEN references as people write them', () => {
  it.each([
    ['Carr, The Bolshevik Revolution, vol. 2, p. 45.', 'Carr, The Bolshevik Revolution, vol. 2, p. 45'],
    ['See Carr, The Bolshevik Revolution, vol. 2, p. 45, on the NEP.', 'Carr, The Bolshevik Revolution, vol. 2, p. 45'],
    ['Memoirs of a Revolutionary (Oxford University Press, 1963), 225', 'Memoirs of a Revolutionary (Oxford University Press, 1963), 225'],
    ['Serge, Memoirs of a Revolutionary (Oxford University Press, 1963), 225.', 'Serge, Memoirs of a Revolutionary (Oxford University Press, 1963), 225'],
    ['Memoirs of a Revolutionary, 225', 'Memoirs of a Revolutionary, 225'],
    ['Trotsky wrote: "Not believing in force is the same thing as not believing in gravitation." (Trotsky, What Next?, 1932)', 'Trotsky, What Next?, 1932'],
    ['Trotsky, What Next? (1932), ch. 3', 'Trotsky, What Next? (1932), ch. 3'],
    ['E. H. Carr, The Bolshevik Revolution 1917-1923, vol. 2 (London: Macmillan, 1952), p. 45.', 'Carr, The Bolshevik Revolution 1917-1923, vol. 2 (London: Macmillan, 1952), p. 45'],
    ['See Avrich, Kronstadt 1921 (1970), pp. 211-2, on the use of chemical weapons.', 'Avrich, Kronstadt 1921 (1970), pp. 211-2'],
    ['As argued in 10.2307/2497301.', '10.2307/2497301'],
    ['doi:10.1017/S0037677900012345', 'doi:10.1017/S0037677900012345'],
    ['ISBN 978-0-19-285206-1', 'ISBN 978-0-19-285206-1'],
    ['Ibid., p. 12.', 'Ibid., p. 12'],
    ['ibid.', 'ibid.'],
    ['Conquest wrote "the terror devoured the party itself" (The Great Terror, p. 486).', 'The Great Terror, p. 486'],
    ['The famine was man-made (Conquest 1986: 303).', 'Conquest 1986: 303'],
    ['What Is To Be Done?, ch. 1', 'What Is To Be Done?, ch. 1'],
    ['Source: Memoirs of a Revolutionary, 225', 'Memoirs of a Revolutionary, 225'],
  ])('THEN %s is one reference, shown whole', (text, ref) => {
    expect(findReferences(text)).toEqual([ref]);
  });
  it('THEN references apart are apart: semicolons, two identifiers, a link and a reference', () => {
    expect(findReferences('Lenin, Collected Works, vol. 33, p. 65; Trotsky, My Life, ch. 39.')).toEqual(['Lenin, Collected Works, vol. 33, p. 65', 'Trotsky, My Life, ch. 39']);
    expect(findReferences('See doi:10.1017/S0037677900012345 and 10.2307/2497301.')).toEqual(['doi:10.1017/S0037677900012345', '10.2307/2497301']);
    expect(findSources('See https://example.org/kronstadt and Avrich, Kronstadt 1921 (1970), p. 211.')).toMatchObject({ links: ['https://example.org/kronstadt'], references: ['Avrich, Kronstadt 1921 (1970), p. 211'] });
  });
});

describe('GIVEN prose, punctuation or noise', () => {
  it.each([
    'Trotsky was exiled in 1929 and murdered in 1940.',
    'The sailors rose against the Bolsheviks (Kronstadt 1921).',
    'Stalin, Zinoviev and Kamenev, 1923 was the year of the troika.',
    'The Red Army, 5 million strong, won the civil war.',
    'The Left Opposition, 1923-27, failed.',
    'Source: ...',
    'Source: !!! ??? ---',
    `Source: ${'qwzx '.repeat(100)}`,
    '“ ” " \' ‘ ’ « »',
  ])('THEN %s gives no reference', (text) => {
    expect(findReferences(text)).toEqual([]);
  });
  it('THEN a source given on its own reads as a reference only when it is words, not punctuation or noise', () => {
    expect(readsAsReference('Memoirs of a Revolutionary, 225')).toBe(true);
    expect(readsAsReference('Deutscher')).toBe(true);
    expect(readsAsReference('...')).toBe(false);
    expect(readsAsReference('!?')).toBe(false);
    expect(readsAsReference('x'.repeat(500))).toBe(false);
    expect(readsAsReference('asdf '.repeat(100))).toBe(false);
    expect(readsAsReference('qwrt zxcv plkj mnbv')).toBe(false);
  });
});
