/** Migration 7 on a SQLite file, and the library's repository on both engines. */
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/db/migrations.js';
import { openDatabase } from '../../src/db/open.js';
import { LibraryRepository, type NewLibraryText } from '../../src/db/library-repo.js';
import { isUniqueViolation } from '../../src/db/sql.js';
import type { TextReport } from '../../src/core/corpus/report.js';
import { ingestText, sha256 } from '../../src/library/ingest.js';
import { eachEngine } from '../helpers/engines.js';
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
  eachEngine((store) => {
    const repository = async () => new LibraryRepository(await store());

    it('GIVEN a text stored THEN its row, file and parsed document read back as stored', async () => {
      const repo = await repository();
      const t = newText('g1');
      const stored = await repo.insert(t);
      expect(stored).toMatchObject({ guildId: 'g1', title: 'Letters on Freedom', author: 'Jane Doe', kind: 'article', bytes: t.original.length, quotations: 2, passages: 3, removedAt: null });
      expect(await repo.documents('g1')).toEqual([{ id: stored.id, document: t.document, parser: 'p1' }]);
      expect(await repo.document(stored.id)).toEqual({ id: stored.id, document: t.document, parser: 'p1' });
      const file = (await repo.file(stored.id))!;
      // The original bytes, whole and unchanged (a BLOB, or a BYTEA).
      expect(Buffer.isBuffer(file.original) && file.original.equals(Buffer.from(t.original))).toBe(true);
      expect(file.report).toEqual(t.report);
      expect(await repo.usage('g1')).toEqual({ texts: 1, bytes: t.original.length });
      expect(await repo.usage('g2')).toEqual({ texts: 0, bytes: 0 });
      expect(await repo.guilds()).toEqual(['g1']);
    });

    it('GIVEN the same bytes twice on a server THEN the database refuses the second as a unique violation; on another server it is stored', async () => {
      const repo = await repository();
      await repo.insert(newText('g1'));
      const refused = await repo.insert(newText('g1')).catch((err: unknown) => err);
      expect(isUniqueViolation(refused)).toBe(true);
      expect((await repo.usage('g1')).texts).toBe(1);
      // Nothing of the refused text stayed behind: its file neither.
      expect((await repo.documents('g1')).length).toBe(1);
      expect((await repo.insert(newText('g2'))).guildId).toBe('g2');
    });

    it('GIVEN adds and a removal THEN the generation changes with each, and only for that server', async () => {
      const repo = await repository();
      const g0 = await repo.generation('g1');
      expect(g0).toBe('0:0');
      const a = await repo.insert(newText('g1'));
      const g1 = await repo.generation('g1');
      const other = await repo.generation('g2');
      await repo.insert(newText('g2'));
      expect(await repo.generation('g1')).toBe(g1);
      expect(await repo.generation('g2')).not.toBe(other);
      expect(await repo.remove(a.id, 'u1', 2000)).toBe(true);
      expect(new Set([g0, g1, await repo.generation('g1')]).size).toBe(3);
      expect(await repo.remove(a.id, 'u1', 3000)).toBe(false);
    });

    it('GIVEN a text removed THEN its file is gone, its row stays (found by its document id, its title given as removed), and the same bytes may come back', async () => {
      const repo = await repository();
      const a = await repo.insert(newText('g1'));
      expect(await repo.removedTitle('g1', a.documentId)).toBeNull();
      await repo.remove(a.id, 'u1', 2000);
      expect(await repo.file(a.id)).toBeNull();
      expect(await repo.document(a.id)).toBeNull();
      expect(await repo.documents('g1')).toEqual([]);
      expect(await repo.list('g1')).toEqual([]);
      expect(await repo.guilds()).toEqual([]);
      expect(await repo.byDocument(a.documentId)).toMatchObject({ id: a.id, removedAt: 2000 });
      expect(await repo.removedTitle('g1', a.documentId)).toBe('Letters on Freedom');
      expect(await repo.removedTitle('g2', a.documentId)).toBeNull();
      expect(await repo.removedTitles('g1')).toEqual(new Map([[a.documentId, 'Letters on Freedom']]));
      const again = await repo.insert(newText('g1', LETTERS, 3000));
      expect((await repo.byDocument(a.documentId))?.id).toBe(again.id);
      expect((await repo.liveBySha('g1', a.sha256))?.id).toBe(again.id);
      expect(await repo.removedTitle('g1', a.documentId)).toBeNull();
      expect(await repo.removedTitles('g1')).toEqual(new Map());
    });

    it('GIVEN several texts THEN listed newest first, paged; their documents read oldest first, a page after a text', async () => {
      const repo = await repository();
      const first = await repo.insert(newText('g1', LETTERS, 1000));
      const second = await repo.insert(newText('g1', `${LETTERS}\nTwo.`, 2000));
      const third = await repo.insert(newText('g1', `${LETTERS}\nThree.`, 3000));
      expect((await repo.list('g1')).map((t) => t.addedAt)).toEqual([3000, 2000, 1000]);
      expect((await repo.list('g1', -1)).map((t) => t.addedAt)).toEqual([3000, 2000, 1000]);
      expect((await repo.list('g1', 1, 1)).map((t) => t.addedAt)).toEqual([2000]);
      expect((await repo.documents('g1', first.id, 1)).map((d) => d.id)).toEqual([second.id]);
      expect((await repo.documents('g1', first.id)).map((d) => d.id)).toEqual([second.id, third.id]);
    });

    it('GIVEN a text parsed again THEN its new document, report and parser are stored', async () => {
      const repo = await repository();
      const t = newText('g1');
      const stored = await repo.insert(t);
      const document = { ...t.document, quotations: [] };
      await repo.reparsed(stored.id, document, { ...t.report, title: 'Again' } as TextReport, 'p2');
      expect(await repo.document(stored.id)).toEqual({ id: stored.id, document, parser: 'p2' });
      expect((await repo.file(stored.id))?.report).toMatchObject({ title: 'Again' });
    });
  });
});
