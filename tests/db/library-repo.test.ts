import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/db/migrations.js';
import { openDatabase } from '../../src/db/open.js';
import { LibraryRepository, type NewLibraryText } from '../../src/db/library-repo.js';
import { ingestText, sha256 } from '../../src/library/ingest.js';
import { LETTERS, tempDir } from '../library/fixtures.js';

function newText(guildId: string, content = LETTERS, addedAt = 1000): NewLibraryText {
  const bytes = Buffer.from(content);
  const hash = sha256(bytes);
  const out = ingestText({ fileName: 'letters.md', bytes, hash }, pino({ level: 'silent' }));
  if (!out.ok) throw new Error(out.error);
  return { guildId, sha256: hash, fileName: 'letters.md', original: bytes, document: out.document, report: out.report, parser: 'p1', addedBy: { id: 'u1', name: 'ada' }, addedAt };
}

describe('migration 7: server libraries', () => {
  it('GIVEN a database at version 6 with a debate THEN migration 7 adds the library tables, empty, and keeps the debate', () => {
    const path = join(tempDir(), 'rostrum.sqlite');
    const before = MIGRATIONS.filter((m) => m.version < 7);
    const db = openDatabase(path, { migrations: before });
    db.prepare(`INSERT INTO debates (channel_id, host_id, host_name, motion, format_id, format_name, status, grace_ms, created_at)
      VALUES ('t1', 'h', 'Host', 'Motion', 'oxford', 'Oxford', 'open', 10000, 1)`).run();
    db.close();
    const after = openDatabase(path, { migrations: MIGRATIONS.filter((m) => m.version <= 7) });
    expect(after.pragma('user_version', { simple: true })).toBe(7);
    expect(after.prepare('SELECT motion FROM debates').pluck().get()).toBe('Motion');
    expect(after.prepare('SELECT count(*) FROM library_texts').pluck().get()).toBe(0);
    expect(after.prepare('SELECT count(*) FROM library_files').pluck().get()).toBe(0);
    after.close();
  });
});

describe('LibraryRepository', () => {
  it('GIVEN a text stored THEN its row, file and parsed document read back as stored', () => {
    const repo = new LibraryRepository(openDatabase(':memory:'));
    const t = newText('g1');
    const stored = repo.insert(t);
    expect(stored).toMatchObject({ guildId: 'g1', title: 'Letters on Freedom', author: 'Jane Doe', kind: 'article', bytes: t.original.length, quotations: 2, passages: 3, removedAt: null });
    expect(repo.documents('g1')).toEqual([{ id: stored.id, document: t.document, parser: 'p1' }]);
    expect(Buffer.from(repo.file(stored.id)!.original).equals(Buffer.from(t.original))).toBe(true);
    expect(repo.file(stored.id)!.report).toEqual(t.report);
    expect(repo.usage('g1')).toEqual({ texts: 1, bytes: t.original.length });
    expect(repo.usage('g2')).toEqual({ texts: 0, bytes: 0 });
    expect(repo.guilds()).toEqual(['g1']);
  });

  it('GIVEN the same bytes twice on a server THEN the database refuses the second; on another server it is stored', () => {
    const repo = new LibraryRepository(openDatabase(':memory:'));
    repo.insert(newText('g1'));
    expect(() => repo.insert(newText('g1'))).toThrow(/UNIQUE/);
    expect(repo.usage('g1').texts).toBe(1);
    expect(repo.insert(newText('g2')).guildId).toBe('g2');
  });

  it('GIVEN adds and a removal THEN the generation changes with each, and only for that server', () => {
    const repo = new LibraryRepository(openDatabase(':memory:'));
    const g0 = repo.generation('g1');
    const a = repo.insert(newText('g1'));
    const g1 = repo.generation('g1');
    const other = repo.generation('g2');
    repo.insert(newText('g2'));
    expect(repo.generation('g1')).toBe(g1);
    expect(repo.generation('g2')).not.toBe(other);
    expect(repo.remove(a.id, 'u1', 2000)).toBe(true);
    expect(new Set([g0, g1, repo.generation('g1')]).size).toBe(3);
    expect(repo.remove(a.id, 'u1', 3000)).toBe(false);
  });

  it('GIVEN a text removed THEN its file is gone, its row stays (found by its document id), and the same bytes may come back', () => {
    const repo = new LibraryRepository(openDatabase(':memory:'));
    const a = repo.insert(newText('g1'));
    repo.remove(a.id, 'u1', 2000);
    expect(repo.file(a.id)).toBeNull();
    expect(repo.documents('g1')).toEqual([]);
    expect(repo.list('g1')).toEqual([]);
    expect(repo.byDocument(a.documentId)).toMatchObject({ id: a.id, removedAt: 2000 });
    const again = repo.insert(newText('g1', LETTERS, 3000));
    expect(repo.byDocument(a.documentId)?.id).toBe(again.id);
    expect(repo.liveBySha('g1', a.sha256)?.id).toBe(again.id);
  });

  it('GIVEN several texts THEN listed newest first, paged', () => {
    const repo = new LibraryRepository(openDatabase(':memory:'));
    repo.insert(newText('g1', LETTERS, 1000));
    repo.insert(newText('g1', `${LETTERS}\nTwo.`, 2000));
    repo.insert(newText('g1', `${LETTERS}\nThree.`, 3000));
    expect(repo.list('g1').map((t) => t.addedAt)).toEqual([3000, 2000, 1000]);
    expect(repo.list('g1', 1, 1).map((t) => t.addedAt)).toEqual([2000]);
  });
});
