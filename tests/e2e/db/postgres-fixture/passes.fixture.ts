import pg from 'pg';
import { expect, inject, it } from 'vitest';

it('GIVEN the run\'s PostgreSQL THEN it answers', async () => {
  const client = new pg.Client({ connectionString: inject('postgresUrl') });
  await client.connect();
  const { rows } = await client.query('SELECT 1 + 1 AS two');
  await client.end();
  expect(rows[0].two).toBe(2);
});
