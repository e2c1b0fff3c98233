import { describe, expect, it } from 'vitest';
import { problemMessage, quotationIdOf, readArgumentRef, readSource, sourceProblem } from '../../src/score/input.js';
import { argumentTextProblem } from '../../src/debate/input.js';
import { claimKey, sameClaim } from '../../src/core/score/claim.js';

describe('reading an argument reference', () => {
  it('GIVEN numbers, links and ids THEN each is read', () => {
    expect(readArgumentRef('#3')).toEqual({ ok: true, value: { number: 3 } });
    expect(readArgumentRef(' argument #12 ')).toEqual({ ok: true, value: { number: 12 } });
    expect(readArgumentRef('7')).toEqual({ ok: true, value: { number: 7 } });
    expect(readArgumentRef('#0007')).toEqual({ ok: true, value: { number: 7 } });
    expect(readArgumentRef('https://discord.com/channels/111/222/333')).toEqual({ ok: true, value: { messageId: '333', channelId: '222', guildId: '111' } });
    expect(readArgumentRef('123456789012345678')).toEqual({ ok: true, value: { messageId: '123456789012345678', channelId: null, guildId: null } });
  });

  it('GIVEN #0, #-1, #99999999999999999999, an impossible id, nothing or words THEN a problem that names it', () => {
    expect(readArgumentRef('#0')).toMatchObject({ ok: false, problem: 'ref-zero' });
    expect(readArgumentRef('#-1')).toMatchObject({ ok: false, problem: 'ref-negative' });
    expect(readArgumentRef('−4')).toMatchObject({ ok: false, problem: 'ref-negative' });
    expect(readArgumentRef('#99999999999999999999')).toMatchObject({ ok: false, problem: 'ref-too-large' });
    expect(readArgumentRef('#100000')).toMatchObject({ ok: false, problem: 'ref-too-large' });
    expect(readArgumentRef('99999999999999999999')).toMatchObject({ ok: false, problem: 'ref-bad-message-id' });
    expect(readArgumentRef('')).toMatchObject({ ok: false, problem: 'ref-empty' });
    expect(readArgumentRef('the one about Kronstadt')).toMatchObject({ ok: false, problem: 'ref-unreadable' });
    expect(readArgumentRef('javascript:alert(1)')).toMatchObject({ ok: false, problem: 'ref-unreadable' });
  });

  it('GIVEN a problem THEN its message says what was wrong and what to do, and echoes the input safely', () => {
    const m = problemMessage('ref-unreadable', '@everyone <@&1> [x](javascript:alert(1))');
    expect(m).toContain('I cannot read');
    expect(m).toContain('Give its number as shown under it (#3)');
    expect(m).not.toMatch(/@everyone|<@&1>|javascript:|\]\(/);
  });
});

describe('reading a source', () => {
  it('GIVEN references as people write them, links, DOIs, ISBNs and quotation ids THEN they count', () => {
    for (const s of [
      'Memoirs of a Revolutionary, 225',
      'Deutscher, The Prophet Armed, p. 12',
      'Carr, The Bolshevik Revolution, vol. 2, p. 45.',
      '(Trotsky, What Next?, 1932)',
      'Title (Publisher, 1963), 225',
      'Kotkin',
      'ibid.',
      'https://www.marxists.org/archive/serge/',
      'doi:10.1017/S0020859000000031',
      'ISBN 978-0-19-281018-8',
      'mckay-bureaucracy-in-exile#q153',
      'Троцкий, Преданная революция',
    ]) {
      expect([s, sourceProblem(s)]).toEqual([s, null]);
    }
  });

  it('GIVEN noise, punctuation, a non-source, too long a text or a short id THEN a problem', () => {
    expect(sourceProblem('x'.repeat(301))).toBe('source-too-long');
    expect(sourceProblem('!!! ... ;;;')).toBe('source-no-words');
    expect(sourceProblem('1932')).toBe('source-no-words');
    expect(sourceProblem('asdkjfh qwpeoiru zxmcnv')).toBe('source-noise');
    expect(sourceProblem('$%^&*( Serge')).toBe('source-noise');
    expect(sourceProblem('because I say so')).toBe('source-not-a-reference');
    expect(sourceProblem('Common knowledge.')).toBe('source-not-a-reference');
    expect(sourceProblem('javascript:alert(2)')).toBe('source-not-a-reference');
    expect(sourceProblem('#q9999')).toBe('source-short-quotation-id');
  });

  it('GIVEN a quotation id THEN it must exist', () => {
    const exists = (id: string) => id === 'doc#q1';
    expect(readSource('doc#q1', exists)).toEqual({ ok: true, value: 'doc#q1' });
    expect(readSource('Serge, quoted in X [doc#q1]', exists)).toEqual({ ok: true, value: 'Serge, quoted in X [doc#q1]' });
    expect(readSource('doc#q9999', exists)).toEqual({ ok: false, problem: 'source-unknown-quotation', input: 'doc#q9999' });
    expect(readSource('  ', exists)).toEqual({ ok: true, value: null });
    expect(quotationIdOf('Victor Serge, quoted in X, ¶ q1 [mckay-bureaucracy-in-exile#q153]')).toEqual({ id: 'mckay-bureaucracy-in-exile#q153', rest: 'Victor Serge, quoted in X, ¶ q1' });
    expect(quotationIdOf('Trotsky:1932')).toBeNull();
    expect(quotationIdOf('https://example.org/a#q1')).toBeNull();
  });
});

describe('an argument\'s words and claims', () => {
  it('GIVEN only quotation marks or punctuation THEN refused; words THEN fine', () => {
    expect(argumentTextProblem('""""')).toMatch(/no words/);
    expect(argumentTextProblem('“ ” — …')).toMatch(/no words/);
    expect(argumentTextProblem('“1917”')).toBeNull();
    expect(argumentTextProblem('')).toBeNull();
  });

  it('GIVEN the same words with other marks, case or spacing THEN the same claim', () => {
    expect(sameClaim('“The plan worked” — Victor Serge', '"the plan worked" - Victor Serge.')).toBe(true);
    expect(sameClaim('The plan worked.', 'The plan failed.')).toBe(false);
    expect(sameClaim('""', '“”')).toBe(false);
    expect(claimKey('  Industry  grew fast. ')).toBe('industry grew fast');
  });
});
