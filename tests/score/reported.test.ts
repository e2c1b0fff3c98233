/**
 * New arguments reported to the score from inside the transaction that stores them (the debate service may
 * leave the check running): the check waits for that transaction and never joins it, committed or rolled back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.js';
import { sqliteSql, type SqliteSql } from '../../src/db/sql-sqlite.js';
import { createScoreService, type ScoreService } from '../../src/score/service.js';
import { createQuoteSearch } from '../../src/core/search/search.js';
import { silent } from '../debate/fakes.js';
import { checker, corpus } from './world.js';

const open: { sql: SqliteSql; scores: ScoreService }[] = [];
afterEach(async () => {
  for (const { sql, scores } of open.splice(0)) {
    scores.stop();
    await sql.close();
  }
});

const search = createQuoteSearch(corpus);

/** A score over a store holding one running debate (id 1) in thread t1. */
async function store() {
  const sql = sqliteSql(openDatabase(':memory:'));
  const scores = createScoreService({ sql, now: () => 1_000, log: silent, checker: () => checker, quotation: (id) => search.get(id) });
  open.push({ sql, scores });
  await sql.run(`INSERT INTO debates (guild_id, channel_id, host_id, host_name, motion, format_id, format_name, status, grace_ms, created_at)
    VALUES ('g1', 't1', 'host', 'Hosta', 'This house regrets', 'open-floor', 'Open floor', 'running', 10000, 1)`);
  await sql.run("INSERT INTO sides (debate_id, side_id, position, name, capacity) VALUES (1, 'for', 0, 'For', 4)");
  return { sql, scores };
}

const argue = (sql: SqliteSql, number: number, text: string, source: string | null) =>
  sql.run(`INSERT INTO arguments (debate_id, turn_index, user_id, user_name, side_id, text, source, created_at, number)
    VALUES (1, 0, 'ann', 'Ann', 'for', ?, ?, 5, ?)`, [text, source, number]);

describe('arguments reported from inside the transaction storing them', () => {
  it('GIVEN the report made mid-transaction and more written after it THEN the check runs once that transaction commits, in its own', async () => {
    const { sql, scores } = await store();
    let checking!: Promise<number>;
    await sql.exclusive(async () => {
      await argue(sql, 1, 'Industry grew fast.', 'Deutscher, The Prophet Armed, p. 12');
      checking = scores.scoreDebate(1);
      // The storing transaction goes on; the check must neither see this half-done state nor interleave with it.
      await argue(sql, 2, 'Collectivisation starved the countryside.', null);
    });
    expect(await checking).toBe(2);
    expect((await scores.inDebate(1)).map((a) => [a.number, a.verdict])).toEqual([[1, 'cited'], [2, 'unsourced']]);
    // Each argument's announcement was queued once, with the check.
    expect(await sql.all("SELECT argument_id FROM outbox WHERE kind = 'argument' ORDER BY argument_id")).toEqual([{ argument_id: 1 }, { argument_id: 2 }]);
  });

  it('GIVEN the storing transaction rolled back after the report THEN the check finds nothing to check and nothing is left half-written', async () => {
    const { sql, scores } = await store();
    let checking!: Promise<number>;
    await expect(
      sql.exclusive(async () => {
        await argue(sql, 1, 'Industry grew fast.', null);
        checking = scores.scoreDebate(1);
        throw new Error('the action was refused after all');
      }),
    ).rejects.toThrow('refused after all');
    expect(await checking).toBe(0);
    expect(await sql.all('SELECT id FROM arguments')).toEqual([]);
    expect(await sql.all('SELECT argument_id FROM argument_verdicts')).toEqual([]);
    expect(await sql.all('SELECT id FROM outbox')).toEqual([]);
  });
});
