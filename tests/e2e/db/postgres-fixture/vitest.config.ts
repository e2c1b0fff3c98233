// A tiny project for tests/e2e/db/postgres-exit-code.test.ts: the real PostgreSQL global setup, and one test
// file that passes or fails (named on the command line).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../../../..', import.meta.url)),
  test: {
    include: ['tests/e2e/db/postgres-fixture/*.fixture.ts'],
    globalSetup: ['tests/setup/postgres.ts'],
    pool: 'forks',
    testTimeout: 20_000,
  },
});
