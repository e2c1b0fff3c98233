/** The score's repository, one body on SQLite and PostgreSQL: arguments as stored, checks, rulings, challenges and tallies. */
import { expect, it } from 'vitest';
import type { Sql } from '../../src/db/sql.js';
import { ScoreRepository } from '../../src/db/scores-repo.js';
import type { CheckRecord } from '../../src/core/score/argument.js';
import { eachEngine } from '../helpers/engines.js';

/** A debate with its two sides, one turn each, and its participants; returns its id. */
async function debate(sql: Sql, o: { guildId: string | null; channelId: string; parent?: string; status?: string; users?: string[] }): Promise<number> {
  const row = await sql.get<{ id: number }>(
    `INSERT INTO debates (guild_id, channel_id, parent_channel_id, host_id, host_name, motion, format_id, format_name, status, grace_ms, created_at)
     VALUES (?, ?, ?, 'host', 'Hosta', 'This house regrets', 'oxford', 'Oxford', ?, 10000, 1) RETURNING id`,
    [o.guildId, o.channelId, o.parent ?? null, o.status ?? 'running'],
  );
  const id = row!.id;
  for (const [side, position, name] of [['for', 0, 'For'], ['against', 1, 'Against']] as const) {
    await sql.run('INSERT INTO sides (debate_id, side_id, position, name, capacity) VALUES (?, ?, ?, ?, 4)', [id, side, position, name]);
    await sql.run(
      `INSERT INTO turns (debate_id, position, side_id, role, seconds, protected_start, protected_end, poi_allowed, slot)
       VALUES (?, ?, ?, ?, 60, 0, 0, 0, 0)`,
      [id, position, side, position === 0 ? 'Opening' : 'Rebuttal'],
    );
  }
  for (const [i, user] of (o.users ?? ['ann', 'dan']).entries()) {
    await sql.run("INSERT INTO participants (debate_id, user_id, user_name, side_id, joined_at) VALUES (?, ?, ?, ?, 1)", [id, user, user.toUpperCase(), i === 0 ? 'for' : 'against']);
  }
  return id;
}

let made = 0;
/** An argument made in debate `debateId` (numbered after the others there); returns its id. */
async function argue(sql: Sql, debateId: number, a: { user: string; text: string; source?: string | null; at?: number; turn?: number; messageId?: string; channelId?: string }): Promise<number> {
  const row = await sql.get<{ id: number }>(
    `INSERT INTO arguments (debate_id, turn_index, user_id, user_name, side_id, text, source, channel_id, message_id, created_at, number)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(number), 0) + 1 FROM arguments WHERE debate_id = ?)) RETURNING id`,
    [debateId, a.turn ?? 0, a.user, a.user === 'ann' ? 'Ann' : 'Dan', a.user === 'ann' ? 'for' : 'against', a.text, a.source ?? null,
      a.messageId ? (a.channelId ?? 't1') : null, a.messageId ?? null, a.at ?? 100 + ++made, debateId],
  );
  return row!.id;
}

const check = (verdict: CheckRecord['verdict'], extra: Partial<CheckRecord> = {}): CheckRecord => ({
  verdict, quotationId: null, matches: [], links: [], references: [], at: 500, ...extra,
});

eachEngine((store) => {
  it('GIVEN arguments in debates THEN they are found by id, number, post, debater, debate, channel and server, with side and role', async () => {
    const sql = await store();
    const repo = new ScoreRepository(sql);
    const d1 = await debate(sql, { guildId: 'g1', channelId: 't1' });
    const d2 = await debate(sql, { guildId: null, channelId: 'dm' });
    const a1 = await argue(sql, d1, { user: 'ann', text: 'Industry grew fast.', source: 'https://example.org/x', messageId: 'm1' });
    const a2 = await argue(sql, d1, { user: 'dan', text: 'It did not.', turn: 1 });
    const a3 = await argue(sql, d1, { user: 'ann', text: 'It did.' });
    const b1 = await argue(sql, d2, { user: 'ann', text: 'Elsewhere.', messageId: 'm1', channelId: 'dm' });

    expect(await repo.argument(a1)).toMatchObject({
      id: a1, number: 1, debateId: d1, debateStatus: 'running', guildId: 'g1', debateChannelId: 't1', channelId: 't1', messageId: 'm1',
      userId: 'ann', userName: 'Ann', sideId: 'for', sideName: 'For', role: 'Opening', text: 'Industry grew fast.', source: 'https://example.org/x',
      checkedVerdict: null, verdict: null, matches: [], override: null, removedAt: null, duplicateOf: null, challenge: null, notInCorpus: false,
    });
    expect(await repo.argument(9999)).toBeNull();
    expect((await repo.byNumber(d1, 2))?.id).toBe(a2);
    expect((await repo.byNumber(d1, 2))).toMatchObject({ sideName: 'Against', role: 'Rebuttal' });
    expect(await repo.byNumber(d1, 4)).toBeNull();
    expect((await repo.byMessage('t1', 'm1'))?.id).toBe(a1);
    expect(await repo.byMessage('t1', 'm2')).toBeNull();
    expect((await repo.byMessageInGuild('m1', 'g1')).map((a) => a.id)).toEqual([a1]);
    expect((await repo.byMessageInGuild('m1', null)).map((a) => a.id)).toEqual([b1]);
    expect((await repo.latestBy(d1, 'ann'))?.id).toBe(a3);
    expect(await repo.latestBy(d1, 'eve')).toBeNull();
    expect((await repo.inDebate(d1)).map((a) => a.number)).toEqual([1, 2, 3]);
    expect((await repo.heldIn('t1')).map((a) => a.id)).toEqual([a1, a2, a3]);
    expect((await repo.all('g1')).map((a) => a.id)).toEqual([a1, a2, a3]);
    expect((await repo.all(null)).map((a) => a.id)).toEqual([b1]);
    expect((await repo.all()).map((a) => a.id)).toEqual([a1, a2, a3, b1]);
    expect(await repo.countIn(d1)).toBe(3);
    expect(await repo.countIn(9999)).toBe(0);
    expect(await repo.isParticipant(d1, 'dan')).toBe(true);
    expect(await repo.isParticipant(d1, 'eve')).toBe(false);
  });

  it('GIVEN debates in and under a channel THEN an argument number means the one held there (live, else latest), else the only live one under it', async () => {
    const sql = await store();
    const repo = new ScoreRepository(sql);
    const old = await debate(sql, { guildId: 'g1', channelId: 't1', status: 'ended' });
    expect(await repo.liveDebateIn('t1')).toBeNull();
    expect(await repo.debateOfChannel('t1')).toBe(old);
    const live = await debate(sql, { guildId: 'g1', channelId: 't1' });
    expect(await repo.liveDebateIn('t1')).toBe(live);
    expect(await repo.debateOfChannel('t1')).toBe(live);

    const under = await debate(sql, { guildId: 'g1', channelId: 't2', parent: 'c1' });
    expect(await repo.debateOfChannel('c1')).toBe(under);
    await debate(sql, { guildId: 'g1', channelId: 't3', parent: 'c1' });
    expect(await repo.debateOfChannel('c1')).toBeNull();
    expect(await repo.debateOfChannel('nowhere')).toBeNull();
  });

  it('GIVEN a check saved, then saved again THEN it is read back whole, the verdict follows it, and a ruling and a removal stay', async () => {
    const sql = await store();
    const repo = new ScoreRepository(sql);
    const d = await debate(sql, { guildId: 'g1', channelId: 't1' });
    const d2 = await debate(sql, { guildId: 'g1', channelId: 't2' });
    const a = await argue(sql, d, { user: 'ann', text: 'Industry grew fast.' });
    const b = await argue(sql, d, { user: 'dan', text: 'It did not.' });
    const c = await argue(sql, d2, { user: 'ann', text: 'Elsewhere.' });
    expect(await repo.unscored()).toEqual([a, b, c]);
    expect(await repo.unscored(d)).toEqual([a, b]);

    await repo.saveCheck(a, check('misquoted', {
      quotationId: 'doc:q1', links: ['https://example.org/x'], references: ['Serge, p. 225'], notInCorpus: true,
      explanation: 'words changed', paraphraseOf: 'doc:q2', unsafeLinks: ['http://bad'], refused: null,
    }));
    expect(await repo.unscored(d)).toEqual([b]);
    expect(await repo.argument(a)).toMatchObject({
      checkedVerdict: 'misquoted', verdict: 'misquoted', quotationId: 'doc:q1', links: ['https://example.org/x'], references: ['Serge, p. 225'],
      notInCorpus: true, explanation: 'words changed', paraphraseOf: 'doc:q2', unsafeLinks: ['http://bad'], quotations: [], nearest: [], refused: null,
    });

    await repo.override(a, 'misquoted', { verdict: 'verified', byId: 'mod', byName: 'Modra', reason: 'it is in Serge', at: 600 });
    expect(await repo.remove(a, 700)).toBe(true);
    expect(await repo.remove(a, 800)).toBe(false);
    await repo.saveCheck(a, check('cited', { links: ['https://example.org/y'], at: 900 }));
    expect(await repo.argument(a)).toMatchObject({
      checkedVerdict: 'cited', verdict: 'verified', links: ['https://example.org/y'], notInCorpus: false, explanation: null, removedAt: 700,
      override: { verdict: 'verified', byId: 'mod', byName: 'Modra', reason: 'it is in Serge', at: 600 },
    });
  });

  it('GIVEN rulings THEN each is logged oldest first with what it replaced, and the newest stands', async () => {
    const sql = await store();
    const repo = new ScoreRepository(sql);
    const d = await debate(sql, { guildId: 'g1', channelId: 't1' });
    const a = await argue(sql, d, { user: 'ann', text: 'Industry grew fast.' });
    await repo.saveCheck(a, check('unsourced'));
    await repo.override(a, 'unsourced', { verdict: 'cited', byId: 'mod', byName: 'Modra', reason: 'named aloud', at: 600 });
    await repo.override(a, 'cited', { verdict: 'misquoted', byId: 'mod2', byName: 'Mo', reason: 'not quite', at: 700 });
    expect(await repo.overrides(a)).toEqual([
      { verdict: 'cited', previous: 'unsourced', byId: 'mod', byName: 'Modra', reason: 'named aloud', at: 600 },
      { verdict: 'misquoted', previous: 'cited', byId: 'mod2', byName: 'Mo', reason: 'not quite', at: 700 },
    ]);
    expect(await repo.argument(a)).toMatchObject({ checkedVerdict: 'unsourced', verdict: 'misquoted', override: { byName: 'Mo' } });
    expect(await repo.overrides(9999)).toEqual([]);
  });

  it('GIVEN challenges THEN one per argument, pending ones found by author and due time, each closed once', async () => {
    const sql = await store();
    const repo = new ScoreRepository(sql);
    const d = await debate(sql, { guildId: 'g1', channelId: 't1' });
    const dm = await debate(sql, { guildId: null, channelId: 'dm' });
    const a = await argue(sql, d, { user: 'ann', text: 'Industry grew fast.' });
    const b = await argue(sql, d, { user: 'ann', text: 'Collectivisation starved the countryside.' });
    const c = await argue(sql, dm, { user: 'ann', text: 'Elsewhere.' });
    for (const id of [a, b, c]) await repo.saveCheck(id, check('unsourced'));
    expect(await repo.nextChallengeDue()).toBeNull();

    const base = { guildId: 'g1', channelId: 't1', challengerId: 'dan', challengerName: 'Dan', challengedAt: 1000 };
    expect(await repo.challenge({ ...base, argumentId: b, dueAt: 3000 })).toBe(true);
    expect(await repo.challenge({ ...base, argumentId: a, dueAt: 2000 })).toBe(true);
    expect(await repo.challenge({ ...base, argumentId: a, dueAt: 9000, challengerId: 'eve' })).toBe(false);
    expect(await repo.challenge({ ...base, guildId: null, channelId: 'dm', argumentId: c, dueAt: 2500 })).toBe(true);
    expect((await repo.argument(a))!.challenge).toEqual({ ...base, argumentId: a, dueAt: 2000, status: 'pending', resolvedAt: null });

    expect((await repo.pendingAgainst('ann', 't1')).map((x) => x.id)).toEqual([a, b]);
    expect(await repo.pendingAgainst('dan', 't1')).toEqual([]);
    expect(await repo.nextChallengeDue()).toBe(2000);
    expect(await repo.dueChallenges(2999)).toEqual([{ id: a, guildId: 'g1' }, { id: c, guildId: null }]);

    expect(await repo.resolveChallenge(a, 'expired', 2000)).toBe(true);
    expect(await repo.resolveChallenge(a, 'answered', 2100)).toBe(false);
    // Expiring never changes a verdict.
    expect(await repo.argument(a)).toMatchObject({ verdict: 'unsourced', challenge: { status: 'expired', resolvedAt: 2000 } });
    expect(await repo.resolveChallenge(b, 'answered', 2100)).toBe(true);
    expect(await repo.pendingAgainst('ann', 't1')).toEqual([]);
    expect(await repo.dueChallenges(9999)).toEqual([{ id: c, guildId: null }]);
    expect(await repo.nextChallengeDue()).toBe(2500);
    expect(await repo.resolveChallenge(9999, 'expired', 1)).toBe(false);
  });

  it('GIVEN verdicts in servers THEN tallies and standings count the counted ones since a time, under each debater\'s latest name', async () => {
    const sql = await store();
    const repo = new ScoreRepository(sql);
    const d = await debate(sql, { guildId: 'g1', channelId: 't1' });
    const dm = await debate(sql, { guildId: null, channelId: 'dm' });
    const a1 = await argue(sql, d, { user: 'ann', text: 'One.', at: 10 });
    const a2 = await argue(sql, d, { user: 'ann', text: 'Two.', at: 20 });
    const a3 = await argue(sql, d, { user: 'ann', text: 'Three.', at: 30 });
    const a4 = await argue(sql, d, { user: 'ann', text: 'Four.', at: 40 });
    const d1 = await argue(sql, d, { user: 'dan', text: 'Five.', at: 50 });
    const n1 = await argue(sql, dm, { user: 'ann', text: 'Six.', at: 60 });
    await repo.saveCheck(a1, check('verified'));
    await repo.saveCheck(a2, check('unsourced'));
    await repo.saveCheck(a3, check('cited'));
    await repo.saveCheck(a4, check('cited'));
    await repo.saveCheck(d1, check('misattributed'));
    await repo.saveCheck(n1, check('misquoted'));
    await repo.remove(a3, 70);
    await repo.setDuplicate(a4, a1);
    await sql.run("UPDATE argument_verdicts SET user_name = 'Ann B' WHERE argument_id = ?", [a2]);

    expect(await repo.tallyOf('g1', 'ann')).toEqual({ tally: { arguments: 2, verified: 1, cited: 0, unsourced: 1, misquoted: 0, misattributed: 0 }, name: 'Ann' });
    expect((await repo.tallyOf('g1', 'ann', 15)).tally).toMatchObject({ arguments: 1, unsourced: 1, cited: 0 });
    expect(await repo.tallyOf(null, 'ann')).toMatchObject({ tally: { arguments: 1, misquoted: 1 }, name: 'Ann' });
    expect(await repo.tallyOf('g2', 'ann')).toMatchObject({ tally: { arguments: 0 }, name: null });

    const board = (await repo.standings('g1')).sort((x, y) => x.userId.localeCompare(y.userId));
    expect(board).toEqual([
      { userId: 'ann', name: 'Ann', tally: { arguments: 2, verified: 1, cited: 0, unsourced: 1, misquoted: 0, misattributed: 0 } },
      { userId: 'dan', name: 'Dan', tally: { arguments: 1, verified: 0, cited: 0, unsourced: 0, misquoted: 0, misattributed: 1 } },
    ]);
    expect((await repo.standings('g1', 45)).map((s) => s.userId)).toEqual(['dan']);
    expect((await repo.standings(null)).map((s) => [s.userId, s.name])).toEqual([['ann', 'Ann']]);
    // The name shown is the one of the latest argument: Ann B's (at 20) is older than Ann's at 40.
    await sql.run("UPDATE argument_verdicts SET user_name = 'Ann C' WHERE argument_id = ?", [a4]);
    expect((await repo.standings('g1')).find((s) => s.userId === 'ann')!.name).toBe('Ann C');
  });

  it('GIVEN the same claim made again THEN its twin is the earlier counted one, marks and the latest counted argument say so', async () => {
    const sql = await store();
    const repo = new ScoreRepository(sql);
    const d = await debate(sql, { guildId: 'g1', channelId: 't1' });
    const a1 = await argue(sql, d, { user: 'ann', text: 'Industry grew fast.' });
    const a2 = await argue(sql, d, { user: 'ann', text: '“Industry  grew fast”' });
    const other = await argue(sql, d, { user: 'dan', text: 'Industry grew fast.' });
    await repo.saveCheck(a1, check('cited'));
    const second = (await repo.argument(a2))!;
    expect(await repo.twinOf(second)).toBe(a1);
    expect(await repo.twinOf((await repo.argument(other))!)).toBeNull();
    expect(await repo.twinOf((await repo.argument(a1))!)).toBeNull();

    await repo.saveCheck(a2, check('unsourced'));
    await repo.setDuplicate(a2, a1);
    expect(await repo.argument(a2)).toMatchObject({ duplicateOf: a1, duplicateOfNumber: 1 });
    expect((await repo.latestCountedBy(d, 'ann'))?.id).toBe(a1);
    expect(await repo.latestCountedBy(d, 'dan')).toBeNull();
    const marks = await repo.marks(d);
    expect([...marks.keys()]).toEqual([a1, a2]);
    expect(marks.get(a2)).toEqual({
      number: 2, verdict: 'unsourced', removed: false, duplicate: true, duplicateOfNumber: 1, overridden: false, challenge: null,
      notInCorpus: false, explanation: null, paraphraseOf: null,
    });
    await repo.setDuplicate(a2, null);
    expect((await repo.latestCountedBy(d, 'ann'))?.id).toBe(a2);
  });

  it('GIVEN an argument edited and announced THEN its words, source and announcement are stored', async () => {
    const sql = await store();
    const repo = new ScoreRepository(sql);
    const d = await debate(sql, { guildId: 'g1', channelId: 't1' });
    const a = await argue(sql, d, { user: 'ann', text: 'Industry grew fast.' });
    await repo.updateArgument(a, 'Industry grew faster.', 'https://example.org/plan');
    await repo.setAnnouncement(a, 'ann-1');
    expect(await repo.argument(a)).toMatchObject({ text: 'Industry grew faster.', source: 'https://example.org/plan', announcementId: 'ann-1' });
    await repo.updateArgument(a, 'Industry grew.', null);
    expect(await repo.argument(a)).toMatchObject({ text: 'Industry grew.', source: null });
  });

  it('GIVEN work inside exclusive that throws THEN none of it is kept', async () => {
    const sql = await store();
    const repo = new ScoreRepository(sql);
    const d = await debate(sql, { guildId: 'g1', channelId: 't1' });
    const a = await argue(sql, d, { user: 'ann', text: 'Industry grew fast.' });
    await expect(repo.exclusive(async () => {
      await repo.saveCheck(a, check('cited'));
      await repo.setAnnouncement(a, 'ann-1');
      throw new Error('decided against it');
    })).rejects.toThrow('decided against it');
    expect(await repo.argument(a)).toMatchObject({ verdict: null, announcementId: null });
    expect(await repo.unscored(d)).toEqual([a]);
  });
});
