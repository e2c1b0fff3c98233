import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../../src/core/corpus/parse.js';
import type { DocumentMeta, ParsedDocument } from '../../../src/core/types.js';

function load(id: string): ParsedDocument {
  const side = JSON.parse(readFileSync(`corpus/${id}.meta.json`, 'utf8'));
  const meta: DocumentMeta = { id, title: side.title, author: side.author, kind: side.kind, publication: side.publication, date: side.date };
  return parseDocument(meta, readFileSync(`corpus/${id}.txt`, 'utf8'));
}

describe('seed texts', () => {
  const mckay = load('mckay-bureaucracy-in-exile');
  const itur = load('iturbide-trotskyists-in-the-soviet-union');
  const asc = load('ah-trotsky-ascendent');
  const regime = load('ah-trotskyist-regime');

  it('McKay: 95 notes; note 87 "Serge, 252, 253." resolves to Memoirs of a Revolutionary; "Trotsky, 110." to Terrorism and Communism', () => {
    expect(mckay.notes).toHaveLength(95);
    const n87 = mckay.notes.find((n) => n.number === 87)!;
    expect(n87.text).toBe('Serge, 252, 253.');
    expect(n87.citation).toMatch(/^Memoirs of a Revolutionary, 1901–1941 \(Oxford/);
    expect(mckay.notes.find((n) => n.number === 17)!.citation).toMatch(/^Terrorism and Communism/);
    expect(mckay.notes.find((n) => n.number === 39)!.citation).toContain('Speech at the Thirteenth Party Congress');
    expect(mckay.notes.find((n) => n.number === 39)!.citation).toContain('The Challenge of the “Left Opposition” (1923–25)');
  });

  it('McKay: sections from the table of contents; no header or TOC passage', () => {
    expect(mckay.passages.some((p) => p.location.startsWith('§ The New Course, ¶ '))).toBe(true);
    expect(mckay.passages.some((p) => /^(?:Title|Author):/.test(p.text))).toBe(false);
    expect(mckay.passages.some((p) => p.text.startsWith('[1]'))).toBe(false);
    expect(mckay.passages.every((p) => p.speaker === 'Iain McKay')).toBe(true);
  });

  it('McKay: block quotations attributed by lead-in or closing note', () => {
    expect(mckay.quotations.find((q) => q.kind === 'block' && q.text.startsWith('Up to now'))?.speaker).toBe('Errico Malatesta');
    expect(mckay.quotations.find((q) => q.kind === 'block' && q.text.startsWith('Some claim'))?.speaker).toBe('Ida Mett');
    expect(mckay.quotations.find((q) => q.kind === 'block' && q.text.startsWith('Stalin’s way of putting'))?.speaker).toBe('Leon Trotsky');
    // The McNally block is McNally's, not Serge's (the sentence before it names Serge).
    expect(mckay.quotations.find((q) => q.kind === 'block' && q.text.startsWith('Grouped around'))?.speaker).toBe('David McNally');
    const k = mckay.quotations.find((q) => q.text.startsWith('We have always pointed out'));
    expect(k?.speaker).toContain('Kropotkin');
    expect(k?.foundIn).toContain('My Disillusionment in Russia');
  });

  it('Iturbide: furniture after the notes is not a passage; glued note text is removed', () => {
    expect(itur.notes).toHaveLength(6);
    expect(itur.passages.some((p) => /Left Voice Magazine|Palestine|Facebook/.test(p.text))).toBe(false);
    expect(itur.passages.some((p) => p.text.includes('NYRB Classics'))).toBe(false);
    const m = itur.quotations.find((q) => q.text === 'midnight in the century');
    expect(m?.speaker).toBe('Victor Serge');
    expect(m?.source).toContain('Midnight in the Century');
    expect(itur.passages[0].location).toMatch(/^¶ \d+$/);
  });

  it('forums: a known Wolfpaw post is attributed to Wolfpaw; TinyTartar found; repeats not credited to repliers', () => {
    const w = asc.passages.find((p) => p.text.includes('Trotsky will also do his best to check the growth'));
    expect(w?.speaker).toBe('Wolfpaw');
    expect(asc.quotations.find((q) => q.text.includes('Trotsky will also do his best'))?.speaker).toBe('Wolfpaw');
    expect(asc.passages.some((p) => /^Banned$/m.test(p.text))).toBe(false);
    // The reply after Wolfpaw's second post repeats it; only "That's it precisely." is the replier's.
    const last = asc.passages[asc.passages.length - 1];
    expect(last.text.trim()).toBe('That’s it precisely.'.replace('’', "'"));
    expect(regime.passages.find((p) => p.text.startsWith('The Red Army will be as crucial'))?.speaker).toBe('TinyTartar');
    expect(regime.passages.some((p) => /^Last edited:|^Top$/m.test(p.text))).toBe(false);
  });
});
